/**
 * The stable `code` values of schema issues. Tools and tests may match on them; the
 * messages may be reworded, the codes may not.
 */
export const SCHEMA_ISSUE_CODES = {
  /** A field the schema does not define (kubectl's strict field validation rejects it). At the key. */
  unknownField: 'unknown-field',
  /** Wrong JSON type, e.g. a boolean where a string is expected (YAML `yes`). */
  type: 'type',
  /** A required field is missing; the path is the object that lacks it. */
  required: 'required',
  /** A value outside the allowed enum values. */
  enum: 'enum',
  /**
   * A string or number that does not match its format (int32, date-time, byte). The string formats
   * are the API server's checks; int32 and the other number formats are the project's (see CEL_BLOCKING_FORMATS).
   */
  format: 'format',
  minimum: 'minimum',
  maximum: 'maximum',
  minLength: 'min-length',
  maxLength: 'max-length',
  pattern: 'pattern',
  minItems: 'min-items',
  maxItems: 'max-items',
  minProperties: 'min-properties',
  maxProperties: 'max-properties',
  /** Mutually exclusive fields set together (e.g. StringMatch exact and prefix). */
  oneOf: 'one-of',
  /** Any other combinator (anyOf / not) failure. */
  schemaShape: 'schema-shape',
  /** Warning: null on a non-nullable field; the API server silently drops it. */
  nullDropped: 'null-dropped',
  /** Two list entries with the same key in an x-kubernetes-list-type map or set. */
  duplicate: 'duplicate',
  /** An x-kubernetes-validations CEL rule failed (or could not be evaluated on this value). */
  cel: 'cel',
  /** Info: the manifest sets `status`, which the API server ignores; it is not validated. */
  statusIgnored: 'status-ignored',
  /** Warning: validation hit an unexpected internal error (a bug); the result is incomplete. */
  internal: 'internal',
  /** Info: CEL rules were not run because of type/required/enum/size errors, as the API server does. */
  celSkipped: 'cel-skipped',
  /** Warning: the apiVersion is a deprecated version of its CRD; the API server's deprecation warning. */
  deprecatedVersion: 'deprecated-version',
  /** Warning: the engine could not compile a CEL rule; the resource may still be rejected by a cluster. */
  celUnsupported: 'cel-unsupported',
} as const;

export type SchemaIssueCode = (typeof SCHEMA_ISSUE_CODES)[keyof typeof SCHEMA_ISSUE_CODES];

/**
 * Codes after which the API server does not evaluate CEL rules ("some validation rules were
 * not checked because the object was invalid"): wrong type, missing, unsupported value, too long, too many.
 */
export const CEL_BLOCKING_CODES: ReadonlySet<string> = new Set([
  SCHEMA_ISSUE_CODES.type,
  SCHEMA_ISSUE_CODES.required,
  SCHEMA_ISSUE_CODES.enum,
  SCHEMA_ISSUE_CODES.maxLength,
  SCHEMA_ISSUE_CODES.maxItems,
  SCHEMA_ISSUE_CODES.maxProperties,
]);

/**
 * String formats whose failure also keeps the API server from evaluating CEL rules: the formats
 * apiextensions-apiserver keeps (pkg/apiserver/validation/formats.go; strfmt names, "-" removed).
 * A failed check is kube-openapi's InvalidTypeCode, which kubeOpenAPIResultToFieldErrors turns
 * into field.TypeInvalid, and hasBlockingErr (pkg/registry/customresource/strategy.go) stops at
 * TypeInvalid. The number formats (int32, int64, double, float) are not here: the API server
 * strips them and never checks them, so the project's int32 range check does not block.
 */
export const CEL_BLOCKING_FORMATS: ReadonlySet<string> = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5',
  'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration', 'datetime',
]);

/** Whether the API server keeps and checks a schema's `format` (formats.go normalizes names by dropping "-"). */
export function isApiServerFormat(format: string): boolean {
  return CEL_BLOCKING_FORMATS.has(format.replaceAll('-', ''));
}
