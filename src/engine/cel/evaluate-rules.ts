/**
 * Runs every x-kubernetes-validations rule at its schema location, once per value found
 * there, with `self` bound to that value, and reports failures the way the API server does:
 * the rule's message, else its messageExpression's result, else "failed rule: <rule>".
 * Nothing in here may throw: a broken value or rule becomes an issue, never an exception.
 */
import type {SchemaIssue} from '../types';
import {SCHEMA_ISSUE_CODES} from '../schema/issue-codes';
import {fieldPath, joinPointer, parsePointer} from '../schema/pointer';
import type {SchemaNode, ValidationRule} from '../schema/schema-node';
import {pointerOf, walkWithSchema, type Location} from '../schema/walk';
import {childSchema} from '../schema/schema-node';
import {CelValueCache, toCelValue} from './cel-value';
import {passedBefore, rememberPassed, structuralKey} from './passed-values';
import {compileRule, errorSummary, isTransitionRule, type CelProgram} from './rule-cache';

const hasRules = (node: SchemaNode): boolean => (node['x-kubernetes-validations']?.length ?? 0) > 0;

/** The message the API server reports when `rule` evaluates to false. */
function failureMessage(rule: ValidationRule, self: unknown): string {
  if (rule.messageExpression) {
    const compiled = compileRule(rule.messageExpression);
    if (compiled.ok) {
      try {
        const result = compiled.program({self});
        if (typeof result === 'string' && result.trim() !== '') return result;
      } catch {
        // The API server falls back to the static message when messageExpression fails.
      }
    }
  }
  return ruleLabel(rule, true);
}

/** `message` if set, else the rule source ("failed rule: ..." when it stands alone). */
function ruleLabel(rule: ValidationRule, standalone: boolean): string {
  if (rule.message?.trim()) return rule.message.trim();
  return standalone ? `failed rule: ${rule.rule.trim()}` : rule.rule.trim();
}

/** `.spec.ports` or `['a.b']` (relative to self) as JSON pointer segments. */
function fieldPathSegments(path: string): string[] {
  const segments: string[] = [];
  const pattern = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]/g;
  for (const match of path.matchAll(pattern)) segments.push(match[1] ?? match[2]!.replace(/\\(.)/g, '$1'));
  return segments;
}

export function evaluateRules(root: SchemaNode, resource: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const memo = new CelValueCache();
  walkWithSchema(root, resource, '', hasRules, (node, value, at) => {
    if (value === null && node.nullable !== true) return; // pruned before CEL runs
    // Scalars have their own cache per rule (see run), presence-only rules one by the fields
    // they test; other objects are remembered whole.
    const key = typeof value === 'object' && value !== null && !presenceOnly(node) ? structuralKey(value) : undefined;
    if (key !== undefined && passedBefore(node, key)) return;
    const before = issues.length;
    evaluateNode(root, node, value, at, memo, issues);
    if (key !== undefined && issues.length === before) rememberPassed(node, key);
  });
  return issues;
}

/** Whether every rule of a node reads `self` only through `has(self.field)` (or only applies to updates). */
const presenceOnlyNodes = new WeakMap<SchemaNode, boolean>();

function presenceOnly(node: SchemaNode): boolean {
  let only = presenceOnlyNodes.get(node);
  if (only === undefined) {
    only = node['x-kubernetes-validations']!.every((rule) => isTransitionRule(rule.rule) || fieldsTestedByPresenceOnly(rule.rule) !== undefined);
    presenceOnlyNodes.set(node, only);
  }
  return only;
}

/**
 * Whether every rule of a presence-only node is known to pass on a value with the fields
 * this one has: then nothing needs converting or evaluating.
 */
function knownToPass(node: SchemaNode, value: unknown): boolean {
  if (!presenceOnly(node)) return false;
  for (const rule of node['x-kubernetes-validations']!) {
    if (isTransitionRule(rule.rule)) continue;
    const compiled = compileRule(rule.rule);
    const key = presenceKey(rule.rule, node, value);
    if (!compiled.ok || key === undefined) return false;
    const known = presenceOutcomes.get(compiled.program)?.get(key);
    if (!known || !('result' in known) || known.result !== true) return false;
  }
  return true;
}

/** Every rule of `node` on `value`, with its issues appended to `issues`. */
function evaluateNode(root: SchemaNode, node: SchemaNode, value: unknown, at: Location, memo: CelValueCache, issues: SchemaIssue[]): void {
  if (knownToPass(node, value)) return;
  let self: unknown;
  try {
    self = toCelValue(value, node, memo);
  } catch (error) {
    issues.push(celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `could not prepare value for CEL: ${errorSummary(error)}`));
    return;
  }
  for (const rule of node['x-kubernetes-validations']!) {
    const issue = evaluateOne(root, node, rule, value, self, at);
    if (issue) issues.push(issue);
  }
}

function evaluateOne(root: SchemaNode, node: SchemaNode, rule: ValidationRule, value: unknown, self: unknown, at: Location): SchemaIssue | undefined {
  if (isTransitionRule(rule.rule)) return undefined; // only checked on update
  const compiled = compileRule(rule.rule);
  if (!compiled.ok) {
    return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `rule could not be checked here (${compiled.error}): ${rule.rule.trim()}`);
  }
  const outcome = run(compiled.program, self, presenceKey(rule.rule, node, value));
  if ('error' in outcome) {
    // e.g. "no such key", an unparsable duration or URL: the API server rejects the object too.
    return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', `${outcome.error} evaluating rule: ${ruleLabel(rule, false)}`);
  }
  const result = outcome.result;
  if (result === true) return undefined;
  const pointer = pointerOf(at);
  const target = rule.fieldPath ? joinPointer(pointer, ...fieldPathSegments(rule.fieldPath)) : pointer;
  return celIssue(root, target, SCHEMA_ISSUE_CODES.cel, 'error', failureMessage(rule, self));
}

type Outcome = {result: unknown} | {error: string};

/**
 * Outcomes of rules on scalar values (`duration(self) >= duration('1ms')`, `self != "*"`),
 * which repeat across a manifest: a rule's result depends on `self` alone.
 */
const scalarOutcomes = new WeakMap<CelProgram, Map<unknown, Outcome>>();
const presenceOutcomes = new WeakMap<CelProgram, Map<unknown, Outcome>>();
const MAX_SCALAR_OUTCOMES = 10_000;

/**
 * Fields tested by a rule that reads `self` only through `has(self.field)`, as in
 * `(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1`;
 * undefined for any other rule. Such a rule's result on an object depends only on which
 * of those fields are present. A `has(` preceded by `.` is a method call reading the value.
 */
const presenceFields = new Map<string, string[] | undefined>();
const HAS_SELF_FIELD = /(?<![\w.]\s*)\bhas\(self\.([A-Za-z_][A-Za-z0-9_]*)\)/g;

function fieldsTestedByPresenceOnly(source: string): string[] | undefined {
  if (presenceFields.has(source)) return presenceFields.get(source);
  const fields = [...source.matchAll(HAS_SELF_FIELD)].map((match) => match[1]!);
  const onlyPresence = fields.length > 0 && !/\bself\b/.test(source.replace(HAS_SELF_FIELD, ''));
  presenceFields.set(source, onlyPresence ? fields : undefined);
  return onlyPresence ? fields : undefined;
}

/**
 * A field as `self` shows it to has(): absent, or present as undefined, null or a value.
 * Read from the value as written, pruned as toCelValue prunes it (unknown fields, and nulls
 * where the schema does not allow them, are gone before CEL runs).
 */
function presence(node: SchemaNode, record: Record<string, unknown>, field: string): string {
  if (!Object.hasOwn(record, field)) return '0';
  const value = record[field];
  const child = childSchema(node, field);
  if (!child && node['x-kubernetes-preserve-unknown-fields'] !== true) return '0';
  if (value === null && child && child.nullable !== true) return '0';
  return value === undefined ? 'u' : value === null ? 'n' : '1';
}

/** For a presence-only rule on an object, which tested fields `self` has (the rule's whole input); else undefined. */
function presenceKey(source: string, node: SchemaNode, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields = fieldsTestedByPresenceOnly(source);
  if (!fields) return undefined;
  const record = value as Record<string, unknown>;
  let key = '';
  for (const field of fields) key += presence(node, record, field);
  return key;
}

/** `cacheKey`: for a scalar `self`, omitted (self is the key); for an object, its presenceKey if any. */
function run(program: CelProgram, self: unknown, cacheKey?: string): Outcome {
  const scalar = self === null || (typeof self !== 'object' && typeof self !== 'function');
  let outcomes: Map<unknown, Outcome> | undefined;
  const key = scalar ? self : cacheKey;
  if (scalar || cacheKey !== undefined) {
    // Object keys live in a map of their own: '01' the presence key must not meet '01' the string.
    const byKind = scalar ? scalarOutcomes : presenceOutcomes;
    outcomes = byKind.get(program);
    if (!outcomes) byKind.set(program, (outcomes = new Map()));
    const known = outcomes.get(key);
    if (known) return known;
  }
  let outcome: Outcome;
  try {
    outcome = {result: program({self})};
  } catch (error) {
    outcome = {error: goErrorText(errorSummary(error))};
  }
  if (outcomes && outcomes.size < MAX_SCALAR_OUTCOMES) outcomes.set(key, outcome);
  return outcome;
}

/**
 * cel-go (and so the API server) words evaluation errors in Go style, starting lower case
 * (`no such key: value`), where cel-js capitalises them (`No such key: value`). A leading
 * capitalised word is lowered; an acronym (`URL`) is kept.
 */
export function goErrorText(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function celIssue(root: SchemaNode, pointer: string, code: string, severity: SchemaIssue['severity'], text: string): SchemaIssue {
  const where = fieldPath(root, pointer) || parsePointer(pointer).join('.') || '<root>';
  return {path: pointer, at: 'value', severity, code, message: `${where}: ${text}`};
}
