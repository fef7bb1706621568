/**
 * oneOf, anyOf, allOf and not as kube-openapi judges them (validate/schema_props.go
 * schemaPropsValidator.Validate), which Ajv's errors cannot tell: how many oneOf branches
 * passed ("Found 2 valid alternatives"), and which failing branch's errors the API server
 * shows (the one with the most checks that ran, MatchCount; the first on a tie).
 *
 * The branches are evaluated here, over the keywords the CRDs' branches use (required,
 * properties, enum, type, string formats and the combinators themselves; a guard test holds
 * the catalog to them). A branch's MatchCount is approximated by the schema nodes it visits.
 */
import {formats} from '../generated/validators.mjs';
import type {SchemaIssue} from '../types';
import {fieldErrors, openApiErrors, openApiName, openApiTypeOf} from './api-server-errors';
import {enumIssue, formatIssue, requiredIssue, typeCheckSkipped, typeIssue} from './field-issues';
import {SCHEMA_ISSUE_CODES as CODES, isApiServerFormat} from './issue-codes';
import {joinPointer} from './pointer';
import type {SchemaNode} from './schema-node';

/** The keywords a combinator branch may use for this evaluation to be the API server's. */
export const BRANCH_KEYWORDS: ReadonlySet<string> = new Set([
  'required', 'properties', 'enum', 'type', 'format', 'nullable', 'oneOf', 'anyOf', 'allOf', 'not', 'description', 'additionalProperties',
]);

interface Outcome {
  issues: SchemaIssue[];
  /** kube-openapi's MatchCount, approximated by the nodes visited. */
  matches: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function composite(pointer: string, code: string, detail: string): SchemaIssue {
  return {path: pointer, at: 'value', severity: 'error', code, message: fieldErrors.composite(detail)};
}

/** Whether a JSON value has one of the schema's types (kube-openapi accepts a whole float as an integer). */
function hasType(types: readonly string[], value: unknown): boolean {
  const found = openApiTypeOf(value);
  return types.includes(found) || (found === 'integer' && types.includes('number'));
}

/**
 * typeValidator.Validate (validate/type.go), which applies where a node has a type or a format: a
 * null fails a type that is not nullable; under a kept string format, a scalar or object of another
 * type fails as that format even with no type (the Gateway API's `anyOf: [{format: ipv4}, {format:
 * ipv6}]` refuses a number), while a string or list is not type-checked.
 */
function typeFailure(node: SchemaNode, types: readonly string[], value: unknown, pointer: string, resource: unknown): SchemaIssue | undefined {
  if (value === null) return types.length > 0 && !node.nullable ? typeIssue(resource, pointer, types, node.format, value) : undefined;
  if (typeCheckSkipped(types, node.format, value) || hasType(types, value)) return undefined;
  if (types.length > 0 || (node.format && isApiServerFormat(node.format))) return typeIssue(resource, pointer, types, node.format, value);
  return undefined;
}

/**
 * A schema node against a value, as SchemaValidator.Validate runs its validators: type, combinators,
 * format, enum, object; for a null value (data == nil) only type and enum.
 */
function validateNode(node: SchemaNode, value: unknown, pointer: string, resource: unknown): Outcome {
  const out: Outcome = {issues: [], matches: 1};
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  const typeIssueFound = typeFailure(node, types, value, pointer, resource);
  if (typeIssueFound) out.issues.push(typeIssueFound);
  if (value !== null) merge(out, validateCombinators(node, value, pointer, resource));
  if (typeof value === 'string' && node.format && isApiServerFormat(node.format)) {
    out.matches++;
    const check = formats[node.format];
    if (check && !(check.validate as (s: string) => boolean)(value)) out.issues.push(formatIssue(resource, pointer, node.format, value));
  }
  if (node.enum) {
    out.matches++;
    if (!node.enum.some((allowed) => allowed === value)) out.issues.push(enumIssue(resource, pointer, value, node.enum));
  }
  if (isObject(value)) {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (Object.prototype.hasOwnProperty.call(value, key)) merge(out, validateNode(child, value[key], joinPointer(pointer, key), resource));
    }
    for (const key of node.required ?? []) {
      out.matches++;
      if (!Object.prototype.hasOwnProperty.call(value, key)) out.issues.push(requiredIssue(resource, pointer, key));
    }
  }
  return out;
}

function merge(into: Outcome, from: Outcome): void {
  into.issues.push(...from.issues);
  into.matches += from.matches;
}

/** The best failure of failed branches: the most matches, the first on a tie. */
function best(outcomes: readonly Outcome[]): Outcome | undefined {
  let chosen: Outcome | undefined;
  for (const outcome of outcomes) if (outcome.issues.length > 0 && (!chosen || outcome.matches > chosen.matches)) chosen = outcome;
  return chosen;
}

/**
 * The errors of a node's own combinators at `pointer`, in the order schemaPropsValidator adds
 * them: anyOf, oneOf, allOf (its branches' errors, then its own), not.
 */
export function validateCombinators(node: SchemaNode, value: unknown, pointer: string, resource: unknown): Outcome {
  const out: Outcome = {issues: [], matches: 1};
  const name = openApiName(resource, pointer);
  if (node.anyOf?.length) {
    const outcomes = node.anyOf.map((branch) => validateNode(branch, value, pointer, resource));
    const success = outcomes.find((outcome) => outcome.issues.length === 0);
    if (!success) out.issues.push(composite(pointer, CODES.schemaShape, openApiErrors.anyOf(name)));
    merge(out, success ?? best(outcomes)!);
  }
  if (node.oneOf?.length) {
    const outcomes = node.oneOf.map((branch) => validateNode(branch, value, pointer, resource));
    const valid = outcomes.filter((outcome) => outcome.issues.length === 0);
    if (valid.length !== 1) {
      out.issues.push(composite(pointer, CODES.oneOf, openApiErrors.oneOf(name, valid.length)));
      if (valid.length === 0) merge(out, best(outcomes)!);
    } else {
      merge(out, valid[0]!);
    }
  }
  if (node.allOf?.length) {
    const outcomes = node.allOf.map((branch) => validateNode(branch, value, pointer, resource));
    for (const outcome of outcomes) merge(out, outcome);
    const validated = outcomes.filter((outcome) => outcome.issues.length === 0).length;
    if (validated !== outcomes.length) out.issues.push(composite(pointer, CODES.schemaShape, openApiErrors.allOf(name, validated === 0)));
  }
  if (node.not && validateNode(node.not, value, pointer, resource).issues.length === 0) {
    out.issues.push(composite(pointer, CODES.schemaShape, openApiErrors.not(name)));
  }
  return out;
}

/** Whether a node carries combinators of its own (not only inside its properties). */
export function hasCombinators(node: SchemaNode | undefined): boolean {
  return Boolean(node && (node.oneOf?.length || node.anyOf?.length || node.allOf?.length || node.not));
}
