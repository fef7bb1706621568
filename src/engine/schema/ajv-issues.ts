/**
 * Turns Ajv's raw errors into SchemaIssues worded like the API server: one issue per
 * problem, with the field path, what was found and what is expected. Combinator noise
 * (the branch errors behind a failed oneOf) is collapsed into a single message.
 */
import type {SchemaIssue} from '../types';
import type {AjvError} from './ajv-error';
import {SCHEMA_ISSUE_CODES as CODES} from './issue-codes';
import {fieldPath, joinPointer, parsePointer, schemaAt, valueAt} from './pointer';
import {exclusiveGroups, type SchemaNode} from './schema-node';
import {closestMatch} from './suggest';

type Limit = 'minimum' | 'maximum' | 'minLength' | 'maxLength' | 'minItems' | 'maxItems' | 'minProperties' | 'maxProperties';

const LIMIT_CODES: Record<Limit, string> = {
  minimum: CODES.minimum,
  maximum: CODES.maximum,
  minLength: CODES.minLength,
  maxLength: CODES.maxLength,
  minItems: CODES.minItems,
  maxItems: CODES.maxItems,
  minProperties: CODES.minProperties,
  maxProperties: CODES.maxProperties,
};

const LIMIT_WORDING: Record<Limit, (limit: number) => string> = {
  minimum: (n) => `must be greater than or equal to ${n}`,
  maximum: (n) => `must be less than or equal to ${n}`,
  minLength: (n) => `must be at least ${n} ${n === 1 ? 'character' : 'characters'} long`,
  maxLength: (n) => `may not be longer than ${n} characters`,
  minItems: (n) => `must have at least ${n} ${n === 1 ? 'item' : 'items'}`,
  maxItems: (n) => `must have at most ${n} items`,
  minProperties: (n) => `must have at least ${n} ${n === 1 ? 'entry' : 'entries'}`,
  maxProperties: (n) => `must have at most ${n} entries`,
};

const FORMAT_WORDING: Record<string, string> = {
  int32: 'must be a 32-bit integer (from -2147483648 to 2147483647)',
  int64: 'must be an integer',
  uint32: 'must be an unsigned 32-bit integer (from 0 to 4294967295)',
  // The API server's own strfmt wording (kube-openapi errors.InvalidType: "must be of type date-time").
  'date-time': 'must be of type date-time',
  byte: 'must be of type byte',
  ipv4: 'must be of type ipv4',
  ipv6: 'must be of type ipv6',
  duration: 'must be of type duration',
};

/** JSON type names as the API server spells them in type errors. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'timestamp';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function describeValue(value: unknown): string {
  const text = typeof value === 'object' && value !== null ? jsonTypeOf(value) : quote(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const COMBINATOR_BRANCH = /\/(?:oneOf|anyOf|not)(?:\/|$)/;

interface Context {
  schema: SchemaNode;
  resource: unknown;
  errors: readonly AjvError[];
}

/** Whether a branch error lies below a failed oneOf/anyOf on an enclosing object. */
function insideCombinator(error: AjvError, combinatorPaths: ReadonlySet<string>): boolean {
  for (const path of combinatorPaths) if (error.instancePath.startsWith(`${path}/`)) return true;
  return false;
}

/** The formats the branches of a failed oneOf required of a field below it: `value must be of type ipv4 or ipv6`. */
function branchFormats(error: AjvError, context: Context): string | undefined {
  const below = context.errors.filter((e) => e.keyword === 'format' && e.instancePath.startsWith(`${error.instancePath}/`));
  if (below.length === 0) return undefined;
  const field = parsePointer(below[0]!.instancePath).at(-1);
  const formats = [...new Set(below.map((e) => String(e.params.format)))];
  return `Invalid value: ${describeValue(valueAt(context.resource, below[0]!.instancePath))}: ${field} must be of type ${formats.join(' or ')}`;
}

export function translateAjvErrors(errors: readonly AjvError[], schema: SchemaNode, resource: unknown): SchemaIssue[] {
  const context: Context = {schema, resource, errors};
  const combinatorPaths = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const nullPaths = new Set(errors.filter((e) => e.keyword === 'type' && valueAt(resource, e.instancePath) === null).map((e) => e.instancePath));
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // Branch errors of a failed oneOf/anyOf are reported once, by the combinator itself.
    if (combinatorPaths.has(error.instancePath) && COMBINATOR_BRANCH.test(error.schemaPath) && !/\/(?:oneOf|anyOf)$/.test(error.schemaPath)) continue;
    // So are the errors a branch finds in the combinator's fields (the Gateway API's address value formats).
    if (COMBINATOR_BRANCH.test(error.schemaPath) && insideCombinator(error, combinatorPaths)) continue;
    // A dropped null is one warning, not also an enum or format complaint.
    if (nullPaths.has(error.instancePath) && error.keyword !== 'type') continue;
    // A dropped null that the schema requires is reported as the missing field, at its key.
    const requiredNull = nullPaths.has(error.instancePath) ? requiredAfterNullDrop(error.instancePath, context) : undefined;
    const translated = requiredNull ?? (error.keyword === 'oneOf' ? oneOfIssues(error, context) : [translate(error, context)]);
    for (const issue of translated) {
      const key = `${issue.path}\u0000${issue.code}\u0000${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** A dropped null leaves its key missing: if the parent requires it, the API server says so. */
function requiredAfterNullDrop(pointer: string, context: Context): SchemaIssue[] | undefined {
  const segments = parsePointer(pointer);
  const key = segments.pop();
  if (key === undefined) return undefined;
  const parentPointer = segments.reduce<string>((acc, segment) => joinPointer(acc, segment), '');
  if (!schemaAt(context.schema, parentPointer)?.required?.includes(key)) return undefined;
  const where = fieldPath(context.schema, pointer) || key;
  return [{
    path: pointer,
    at: 'key',
    severity: 'error',
    code: CODES.required,
    message: `${where}: Required value (the API server drops a null here, which leaves the field "${key}" unset; give it a value)`,
  }];
}

/** Is the value at `pointer` an item of a list? The API server drops null fields, never null list items. */
function isListItem(resource: unknown, pointer: string): boolean {
  const segments = parsePointer(pointer);
  if (segments.pop() === undefined) return false;
  return Array.isArray(valueAt(resource, segments.reduce<string>((acc, segment) => joinPointer(acc, segment), '')));
}

/** One issue per violated exclusive group at the path; repeated oneOf errors there dedupe away. */
function oneOfIssues(error: AjvError, context: Context): SchemaIssue[] {
  const where = fieldPath(context.schema, error.instancePath) || '<root>';
  return oneOfMessages(error, context).map((message) => ({
    path: error.instancePath,
    at: 'value',
    severity: 'error',
    code: CODES.oneOf,
    message: `${where}: ${message}`,
  }));
}

function translate(error: AjvError, context: Context): SchemaIssue {
  const path = error.instancePath;
  const at = (problem: string): string => `${fieldPath(context.schema, path) || '<root>'}: ${problem}`;
  const value = (): unknown => valueAt(context.resource, path);
  const issue = (code: string, message: string, extra: Partial<SchemaIssue> = {}): SchemaIssue => ({
    path,
    at: 'value',
    severity: 'error',
    code,
    message,
    ...extra,
  });
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownField(error, context);
    case 'required':
      return required(error, context);
    case 'type': {
      const actual = value();
      if (actual === null && isListItem(context.resource, path)) {
        return issue(CODES.type, at(`${typeMessage(expectedTypes(error), actual)} (a null list item is kept, unlike a null field, and fails the item's type)`));
      }
      if (actual === null) {
        return issue(CODES.nullDropped, at('null is not allowed here; the API server drops the field because it is not nullable'), {severity: 'warning'});
      }
      return issue(CODES.type, at(typeMessage(expectedTypes(error), actual)));
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]) ?? [];
      const actual = value();
      const suggestion = typeof actual === 'string' ? closestMatch(actual, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
      const hint = suggestion ? ` (did you mean ${quote(suggestion)}?)` : '';
      return issue(CODES.enum, at(`Unsupported value: ${describeValue(actual)}: supported values: ${allowed.map(quote).join(', ')}${hint}`));
    }
    case 'format': {
      const format = String(error.params.format);
      const wording = FORMAT_WORDING[format] ?? `must match format "${format}"`;
      return issue(CODES.format, at(`${wording}, got ${describeValue(value())}`));
    }
    case 'pattern':
      return issue(CODES.pattern, at(`${describeValue(value())} must match the regular expression ${quote(error.params.pattern)}`));
    default: {
      if (error.keyword in LIMIT_CODES) {
        const limit = error.keyword as Limit;
        return issue(LIMIT_CODES[limit], at(`${LIMIT_WORDING[limit](Number(error.params.limit))}, got ${describeSize(limit, value())}`));
      }
      return issue(CODES.schemaShape, at(`does not match the allowed shape (${error.keyword} at ${error.schemaPath})`));
    }
  }
}

function describeSize(limit: Limit, value: unknown): string {
  if (limit === 'minLength' || limit === 'maxLength') return `${[...String(value)].length}`;
  if (limit === 'minItems' || limit === 'maxItems') return `${Array.isArray(value) ? value.length : 0}`;
  if (limit === 'minProperties' || limit === 'maxProperties') return `${value && typeof value === 'object' ? Object.keys(value).length : 0}`;
  return describeValue(value);
}

function expectedTypes(error: AjvError): string[] {
  const type = error.params.type;
  return (Array.isArray(type) ? type : String(type).split(',')).map(String);
}

export function typeMessage(expected: string[], actual: unknown): string {
  const got = jsonTypeOf(actual);
  let hint = '';
  if (expected.includes('string') && typeof actual === 'boolean') {
    hint = ' (YAML reads unquoted yes/no/on/off/true/false as booleans; quote the value to keep it a string)';
  } else if (expected.includes('string') && actual instanceof Date) {
    hint = ' (YAML 1.1 reads unquoted dates as timestamps; quote the value)';
  } else if (expected.includes('string') && typeof actual === 'number') {
    hint = ` (quote it to make it a string: "${String(actual)}")`;
  }
  return `expected ${expected.join(' or ')}, got ${got}${hint}`;
}

function unknownField(error: AjvError, context: Context): SchemaIssue {
  const name = String(error.params.additionalProperty);
  const path = joinPointer(error.instancePath, name);
  const parent = schemaAt(context.schema, error.instancePath);
  const siblings = Object.keys(parent?.properties ?? {});
  const suggestion = closestMatch(name, siblings);
  const known = siblings.length > 0 ? `; known fields: ${siblings.join(', ')}` : '; this object takes no fields';
  const hint = suggestion ? `, did you mean "${suggestion}"?` : known;
  return {
    path,
    at: 'key',
    severity: 'error',
    code: CODES.unknownField,
    message: `unknown field "${fieldPath(context.schema, path)}"${hint}`,
  };
}

function required(error: AjvError, context: Context): SchemaIssue {
  const missing = String(error.params.missingProperty);
  const path = error.instancePath;
  const last = parsePointer(path).at(-1);
  const where = fieldPath(context.schema, path);
  return {
    path,
    // Highlight the key that owns the incomplete object; list items and the root have none.
    at: last === undefined || /^\d+$/.test(last) ? 'value' : 'key',
    severity: 'error',
    code: CODES.required,
    message: `${where ? `${where}.${missing}` : missing}: Required value (the field "${missing}" must be set)`,
  };
}

/** Which exclusive groups the data violates; Ajv's schemaPath cannot tell them apart once subschemas are shared. */
function oneOfMessages(error: AjvError, context: Context): string[] {
  const data = valueAt(context.resource, error.instancePath);
  const messages: string[] = [];
  for (const {fields, allowsNone} of exclusiveGroups(schemaAt(context.schema, error.instancePath))) {
    const present = fields.filter((field) => typeof data === 'object' && data !== null && Object.prototype.hasOwnProperty.call(data, field));
    const found = `found ${present.join(' and ')}`;
    if (present.length === 0 && !allowsNone) messages.push(`exactly one of ${fields.join(', ')} must be set`);
    else if (present.length > 1) {
      messages.push(allowsNone ? `only one of ${fields.join(', ')} may be set, ${found}` : `exactly one of ${fields.join(', ')} must be set, ${found}`);
    }
  }
  if (messages.length > 0) return messages;
  const formats = branchFormats(error, context);
  return [formats ?? 'must match exactly one of the allowed alternatives (oneOf)'];
}
