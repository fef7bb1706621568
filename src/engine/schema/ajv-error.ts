/** The parts of Ajv's error objects the engine reads (Ajv runs with `messages: false`). */
export interface AjvError {
  keyword: string;
  /** JSON pointer to the failing value. */
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

/** A precompiled standalone validator from src/engine/generated/validators.mjs. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
