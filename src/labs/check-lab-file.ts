/**
 * Build-time checking of lab data files (YAML in labs/): parse with positions, validate
 * against the project's JSON Schema, and fail with `file:line:column: field: problem`
 * so an author finds the mistake at once. Node-side only (docusaurus plugins, tests).
 */
import Ajv, {type ErrorObject, type ValidateFunction} from 'ajv';
import {rangeOf} from '../engine/locate';
import {parseYaml} from '../engine/yaml/index';

export class LabDataError extends Error {
  override name = 'LabDataError';
}

// verbose: an error carries the value it refused, which the message names.
const ajv = new Ajv({allErrors: true, strict: false, verbose: true});

/** Compiles each schema once: a schema's $id may be registered only once per Ajv instance. */
function validatorFor(schema: object): ValidateFunction {
  const id = (schema as {$id?: unknown}).$id;
  const known = typeof id === 'string' ? ajv.getSchema(id) : undefined;
  return known ?? ajv.compile(schema);
}
const LAB_FILE_MAX_BYTES = 4 * 1024 * 1024;

function describe(error: ErrorObject): string {
  const field = error.instancePath || '(top level)';
  if (error.keyword === 'additionalProperties') {
    return `${field}: unknown field "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === 'required') return `${field}: missing required field "${String(error.params.missingProperty)}"`;
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ');
    const given = JSON.stringify(error.data) ?? String(error.data);
    return `${field}: ${given.length > 60 ? `${given.slice(0, 57)}...` : given} is not one of ${allowed}`;
  }
  return `${field}: ${error.message ?? 'is invalid'}`;
}

/** Returns the file's value when it matches `schema`; throws LabDataError listing every problem otherwise. */
export function checkYamlLabFile(file: string, text: string, schema: object): unknown {
  const parsed = parseYaml(text, {maxBytes: LAB_FILE_MAX_BYTES});
  const problems: string[] = [];
  for (const document of parsed.documents) {
    for (const problem of document.problems) {
      const {start} = parsed.lines.range(problem.start, problem.end);
      problems.push(`${file}:${start.line}:${start.column}: ${problem.message}`);
    }
  }
  if (problems.length === 0 && parsed.documents.length !== 1) {
    problems.push(`${file}:1:1: expected exactly one YAML document, found ${parsed.documents.length}`);
  }
  if (problems.length > 0) throw new LabDataError(problems.join('\n'));

  const document = parsed.documents[0]!;
  const validate = validatorFor(schema);
  if (!validate(document.value)) {
    for (const error of validate.errors ?? []) {
      const at = error.keyword === 'additionalProperties' ? `${error.instancePath}/${String(error.params.additionalProperty)}` : error.instancePath;
      const {start} = rangeOf(document, parsed.lines, at, error.keyword === 'additionalProperties' ? 'key' : 'value');
      problems.push(`${file}:${start.line}:${start.column}: ${describe(error)}`);
    }
    throw new LabDataError(problems.join('\n'));
  }
  return document.value;
}
