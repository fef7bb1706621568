/**
 * One SchemaIssue per API server field error, its message the field error's text
 * (api-server-errors.ts). Where the project can say more (a near enum value, YAML's reading of
 * an unquoted scalar), the hint follows the API server's text in parentheses.
 */
import type {SchemaIssue} from '../types';
import {fieldErrors, openApiErrors, openApiName, openApiTypeOf} from './api-server-errors';
import {SCHEMA_ISSUE_CODES as CODES, isApiServerFormat} from './issue-codes';
import {joinPointer, parsePointer} from './pointer';
import {closestMatch} from './suggest';

function issue(path: string, code: string, message: string, at: SchemaIssue['at'] = 'value'): SchemaIssue {
  return {path, at, severity: 'error', code, message};
}

/** A required field missing from the object at `pointer`: objectValidator's `errors.Required(o.Path+"."+k)`, at the object's key. */
export function requiredIssue(resource: unknown, pointer: string, missing: string, note = ''): SchemaIssue {
  const parent = openApiName(resource, pointer);
  const last = parsePointer(pointer).at(-1);
  // Highlight the key that owns the incomplete object; list items and the root have none.
  const at = last === undefined || /^\d+$/.test(last) ? 'value' : 'key';
  return issue(pointer, CODES.required, `${fieldErrors.required(parent === '' ? missing : `${parent}.${missing}`)}${note}`, at);
}

/** A value outside the enum: basicCommonValidator's EnumFail, a field.NotSupported. */
export function enumIssue(resource: unknown, pointer: string, value: unknown, allowed: readonly unknown[]): SchemaIssue {
  const suggestion = typeof value === 'string' ? closestMatch(value, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
  const hint = suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : '';
  return issue(pointer, CODES.enum, `${fieldErrors.notSupported(openApiName(resource, pointer), value, allowed)}${hint}`);
}

/** The format issues that are field.TypeInvalid errors, which keep the API server from running CEL rules. */
const typeInvalidFormats = new WeakSet<SchemaIssue>();

/** A string failing a format the API server checks: FormatOf's InvalidType, a field.TypeInvalid. */
export function formatIssue(resource: unknown, pointer: string, format: string, value: string): SchemaIssue {
  const name = openApiName(resource, pointer);
  const made = issue(pointer, CODES.format, fieldErrors.invalid(name, value, openApiErrors.invalidType(name, format, value)));
  typeInvalidFormats.add(made);
  return made;
}

/**
 * Whether an issue is a failed string format the API server checks: a TypeInvalid error there, at
 * which hasBlockingErr (pkg/registry/customresource/strategy.go) stops CEL. Only the errors the API
 * server reports count: a failed anyOf's or oneOf's best branch, not every branch Ajv tried.
 */
export function isTypeInvalidFormat(issue: SchemaIssue): boolean {
  return typeInvalidFormats.has(issue);
}

/** The format kube-openapi infers for a non-string value (schemaInfoForType): int64, float64, or none. */
function inferredFormat(value: unknown): string {
  if (typeof value !== 'number') return '';
  return Number.isInteger(value) ? 'int64' : 'float64';
}

/**
 * Whether kube-openapi's typeValidator (validate/type.go, Validate) lets a value of another type
 * through: under a format the API server keeps, a schema whose type is neither number nor integer
 * does not type-check a string or a list at all (`!(Type.Contains(number) || Type.Contains(integer))
 * && Format != "" && (kind == String || kind == Slice)`: return). So a list in a `type: string,
 * format: date-time` field has no type error, and formatValidator.Applies only to strings.
 */
export function typeCheckSkipped(expected: readonly string[], format: string | undefined, value: unknown): boolean {
  if (!format || !isApiServerFormat(format) || expected.includes('number') || expected.includes('integer')) return false;
  return typeof value === 'string' || Array.isArray(value);
}

/**
 * A value of the wrong JSON type: typeValidator's InvalidType, a field.TypeInvalid whose value is
 * the type found. Where the schema keeps a string format, a scalar of another type fails the
 * format instead, named by the format its Go type implies (type.go's first check).
 */
export function typeIssue(resource: unknown, pointer: string, expected: readonly string[], format: string | undefined, value: unknown, note = ''): SchemaIssue {
  const name = openApiName(resource, pointer);
  const found = openApiTypeOf(value);
  const [type, shown] = format && isApiServerFormat(format) && value !== null ? [format, inferredFormat(value)] : [expected.filter((t) => t !== 'null').join(','), found];
  return issue(pointer, CODES.type, `${fieldErrors.invalid(name, shown, openApiErrors.invalidType(name, type, shown))}${note || typeHint(expected, value)}`);
}

/** Why YAML gave a value of another type than the one the author meant. */
function typeHint(expected: readonly string[], actual: unknown): string {
  if (!expected.includes('string')) return '';
  if (typeof actual === 'boolean') return ' (YAML reads unquoted yes/no/on/off/true/false as booleans; quote the value to keep it a string)';
  if (typeof actual === 'number') return ` (quote it to make it a string: "${String(actual)}")`;
  if (actual instanceof Date) return ' (YAML 1.1 reads unquoted dates as timestamps; quote the value)';
  return '';
}

/** The field a pointer names inside its parent, and the parent's pointer. */
export function splitLast(pointer: string): {parent: string; key: string | undefined} {
  const segments = parsePointer(pointer);
  const key = segments.pop();
  return {parent: segments.reduce<string>((acc, segment) => joinPointer(acc, segment), ''), key};
}
