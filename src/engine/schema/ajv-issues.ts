/**
 * Turns Ajv's raw errors into SchemaIssues worded as the API server words them (field-issues.ts,
 * api-server-errors.ts): one issue per field error the 1.33 API server returns. Where Ajv and
 * kube-openapi report differently, kube-openapi's way is followed: a string reports only its
 * first failure of maxLength, minLength and pattern (stringValidator returns early), and
 * combinators are judged again as kube-openapi judges them (combinators.ts).
 */
import type {SchemaIssue} from '../types';
import type {AjvError} from './ajv-error';
import {fieldErrors, openApiErrors, openApiName} from './api-server-errors';
import {hasCombinators, validateCombinators} from './combinators';
import {enumIssue, formatIssue, requiredIssue, splitLast, typeCheckSkipped, typeIssue} from './field-issues';
import {SCHEMA_ISSUE_CODES as CODES, isApiServerFormat} from './issue-codes';
import {fieldPath, joinPointer, schemaAt, valueAt} from './pointer';
import type {SchemaNode} from './schema-node';
import {closestMatch} from './suggest';

/** The project's own number-format checks: the API server strips these formats (formats.go), Istio's protobuf decoding refuses the values. */
const NUMBER_FORMAT_WORDING: Record<string, string> = {
  int32: 'must be a 32-bit integer (from -2147483648 to 2147483647)',
  int64: 'must be an integer',
  uint32: 'must be an unsigned 32-bit integer (from 0 to 4294967295)',
};

const COMBINATORS: ReadonlySet<string> = new Set(['oneOf', 'anyOf', 'allOf', 'not']);

/** A schemaPath inside a combinator's branch (not a property named "not"): its errors are judged again by combinators.ts. */
function inCombinatorBranch(schemaPath: string): boolean {
  const segments = schemaPath.split('/');
  return segments.some((segment, i) => COMBINATORS.has(segment) && segments[i - 1] !== 'properties');
}

interface Context {
  schema: SchemaNode;
  resource: unknown;
}

/** The keywords kube-openapi's stringValidator would not reach after an earlier failure on the same string. */
function shadowedStringErrors(errors: readonly AjvError[]): Set<AjvError> {
  const byPath = new Map<string, Set<string>>();
  for (const error of errors) {
    if (error.keyword === 'maxLength' || error.keyword === 'minLength') {
      let keywords = byPath.get(error.instancePath);
      if (!keywords) byPath.set(error.instancePath, (keywords = new Set()));
      keywords.add(error.keyword);
    }
  }
  const shadowed = new Set<AjvError>();
  for (const error of errors) {
    const earlier = byPath.get(error.instancePath);
    if (!earlier) continue;
    if ((error.keyword === 'minLength' && earlier.has('maxLength')) || (error.keyword === 'pattern' && earlier.size > 0)) shadowed.add(error);
  }
  return shadowed;
}

/** The nearest pointer at or above `pointer` whose schema node has combinators of its own. */
function combinatorOwner(pointer: string, context: Context): string | undefined {
  let at: string | undefined = pointer;
  while (at !== undefined) {
    if (hasCombinators(schemaAt(context.schema, at))) return at;
    at = at === '' ? undefined : splitLast(at).parent;
  }
  return undefined;
}

export function translateAjvErrors(errors: readonly AjvError[], schema: SchemaNode, resource: unknown): SchemaIssue[] {
  const context: Context = {schema, resource};
  const nullPaths = new Set(errors.filter((e) => e.keyword === 'type' && valueAt(resource, e.instancePath) === null).map((e) => e.instancePath));
  const shadowed = shadowedStringErrors(errors);
  const typePaths = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const judged = new Set<string>();
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  const add = (translated: readonly SchemaIssue[]): void => {
    for (const issue of translated) {
      const key = `${issue.path}\u0000${issue.code}\u0000${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  };
  /** The combinators at `owner`, judged once; none for a null (SchemaValidator.Validate runs only type and enum on nil data). */
  const judgeOnce = (owner: string, error: AjvError, fallback: boolean): void => {
    if (judged.has(owner)) return;
    judged.add(owner);
    if (valueAt(resource, owner) !== null) add(judgeCombinators(owner, error, context, fallback));
  };
  for (const error of errors) {
    if (shadowed.has(error)) continue;
    // The project's number-format check says nothing more where the type is already wrong.
    if (error.keyword === 'format' && typePaths.has(error.instancePath) && !isApiServerFormat(String(error.params.format))) continue;
    const owner = combinatorOwner(error.instancePath, context);
    // A combinator's errors, and its branches', are judged once at the node that owns it.
    if (owner !== undefined && (inCombinatorBranch(error.schemaPath) || COMBINATORS.has(error.keyword))) {
      judgeOnce(owner, error, true);
      continue;
    }
    // A string or list under a kept string format is not type-checked by kube-openapi.
    if (error.keyword === 'type' && typeCheckSkipped(expectedTypes(error), schemaAt(schema, error.instancePath)?.format, valueAt(resource, error.instancePath))) continue;
    // kube-openapi runs a node's combinators whatever else fails there (schemaPropsValidator, right
    // after typeValidator: schema.go's validator order), and may fail them where Ajv does not (a
    // format-only branch refuses a number). So a failure under a node with combinators judges them
    // too: before the failure, unless it is that node's own type error.
    // (Not for a null field: the API server drops it before validating.)
    const ownType = error.keyword === 'type' && owner === error.instancePath;
    const droppedNull = nullPaths.has(error.instancePath) && !isListItem(resource, error.instancePath);
    if (owner !== undefined && !ownType && !droppedNull) judgeOnce(owner, error, false);
    // A dropped null is one warning, not also an enum or format complaint. A null list item is kept
    // and meets the type and enum validators, as every null value does (schema.go, data == nil).
    if (droppedNull && error.keyword !== 'type') continue;
    // A dropped null that the schema requires is reported as the missing field, at its key.
    const requiredNull = droppedNull ? requiredAfterNullDrop(error.instancePath, context) : undefined;
    add(requiredNull ?? [translate(error, context)]);
    if (owner !== undefined && ownType) judgeOnce(owner, error, false);
  }
  return issues;
}

/**
 * The combinators at `pointer` as kube-openapi reports them. When a combinator's own error brought
 * them here (`fallback`) and the evaluation finds nothing to say, Ajv's verdict.
 */
function judgeCombinators(pointer: string, error: AjvError, context: Context, fallback: boolean): SchemaIssue[] {
  const node = schemaAt(context.schema, pointer)!;
  const {issues} = validateCombinators(node, valueAt(context.resource, pointer), pointer, context.resource);
  if (issues.length > 0 || !fallback) return issues;
  // The evaluation and Ajv disagree (a keyword outside combinators.ts's BRANCH_KEYWORDS): say what Ajv found.
  const name = openApiName(context.resource, error.instancePath);
  const passing = error.params.passingSchemas;
  const detail = error.keyword === 'oneOf' ? openApiErrors.oneOf(name, Array.isArray(passing) ? passing.length : 0)
    : error.keyword === 'not' ? openApiErrors.not(name) : openApiErrors.anyOf(name);
  return [{path: error.instancePath, at: 'value', severity: 'error', code: error.keyword === 'oneOf' ? CODES.oneOf : CODES.schemaShape, message: fieldErrors.composite(detail)}];
}

/** A dropped null leaves its key missing: if the parent requires it, the API server says so. */
function requiredAfterNullDrop(pointer: string, context: Context): SchemaIssue[] | undefined {
  const {parent, key} = splitLast(pointer);
  if (key === undefined || !schemaAt(context.schema, parent)?.required?.includes(key)) return undefined;
  const missing = requiredIssue(context.resource, parent, key, ` (the API server drops a null here, which leaves the field "${key}" unset; give it a value)`);
  return [{...missing, path: pointer, at: 'key'}];
}

/** Is the value at `pointer` an item of a list? The API server drops null fields, never null list items. */
function isListItem(resource: unknown, pointer: string): boolean {
  const {parent, key} = splitLast(pointer);
  return key !== undefined && Array.isArray(valueAt(resource, parent));
}

function translate(error: AjvError, context: Context): SchemaIssue {
  const {resource} = context;
  const path = error.instancePath;
  const name = openApiName(resource, path);
  const value = valueAt(resource, path);
  const limit = Number(error.params.limit);
  const issue = (code: string, message: string, extra: Partial<SchemaIssue> = {}): SchemaIssue => ({path, at: 'value', severity: 'error', code, message, ...extra});
  const invalid = (code: string, badValue: unknown, detail: string): SchemaIssue => issue(code, fieldErrors.invalid(name, badValue, detail));
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownField(error, context);
    case 'required':
      return requiredIssue(resource, path, String(error.params.missingProperty));
    case 'type': {
      const expected = expectedTypes(error);
      const format = schemaAt(context.schema, path)?.format;
      if (value === null && isListItem(resource, path)) {
        return typeIssue(resource, path, expected, format, value, ' (a null list item is kept, unlike a null field, and fails the item\'s type)');
      }
      if (value === null) {
        return issue(CODES.nullDropped, `${fieldPath(context.schema, path) || '<root>'}: null is not allowed here; the API server drops the field because it is not nullable`, {severity: 'warning'});
      }
      return typeIssue(resource, path, expected, format, value);
    }
    case 'enum':
      return enumIssue(resource, path, value, (error.params.allowedValues as unknown[]) ?? []);
    case 'format': {
      const format = String(error.params.format);
      if (isApiServerFormat(format) && typeof value === 'string') return formatIssue(resource, path, format, value);
      return invalid(CODES.format, value, NUMBER_FORMAT_WORDING[format] ?? `must match format "${format}"`);
    }
    case 'pattern':
      return invalid(CODES.pattern, value, openApiErrors.pattern(name, String(error.params.pattern)));
    case 'minLength':
      return invalid(CODES.minLength, value, openApiErrors.tooShort(name, limit));
    case 'maxLength':
      return issue(CODES.maxLength, fieldErrors.tooLong(name, limit));
    case 'minimum':
    case 'exclusiveMinimum':
      return invalid(CODES.minimum, value, openApiErrors.minimum(name, limit, error.keyword === 'exclusiveMinimum', value));
    case 'maximum':
    case 'exclusiveMaximum':
      return invalid(CODES.maximum, value, openApiErrors.maximum(name, limit, error.keyword === 'exclusiveMaximum', value));
    case 'multipleOf':
      return invalid(CODES.schemaShape, value, openApiErrors.multipleOf(name, Number(error.params.multipleOf)));
    case 'minItems':
      return invalid(CODES.minItems, sizeOf(value), openApiErrors.minItems(name, limit));
    case 'maxItems':
      return issue(CODES.maxItems, fieldErrors.tooMany(name, sizeOf(value), limit));
    case 'uniqueItems':
      // DuplicateItems carries no value: kubeOpenAPIResultToFieldErrors prints "".
      return invalid(CODES.schemaShape, '', openApiErrors.uniqueItems(name));
    case 'minProperties':
      return invalid(CODES.minProperties, sizeOf(value), openApiErrors.minProperties(name, limit));
    case 'maxProperties':
      return issue(CODES.maxProperties, fieldErrors.tooMany(name, sizeOf(value), limit));
    default:
      return issue(CODES.schemaShape, `${name || '<root>'}: does not match the allowed shape (${error.keyword} at ${error.schemaPath})`);
  }
}

/** The count kube-openapi reports with a size failure: items of a list, keys of an object. */
function sizeOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

function expectedTypes(error: AjvError): string[] {
  const type = error.params.type;
  return (Array.isArray(type) ? type : String(type).split(',')).map(String);
}

/** Strict field validation's error (apiextensions-apiserver pruning with unknown-field paths), with the project's suggestion. */
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
