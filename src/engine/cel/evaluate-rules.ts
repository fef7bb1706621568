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
import {passedBefore, rememberPassed, structuralKey, worthKeying} from './passed-values';
import {compileRule, errorSummary, isTransitionRule, type CelProgram} from './rule-cache';
import {itemReads} from './item-reads';
import {selfReads, type FieldUse, type SelfReads} from './self-reads';

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
    // Scalars have their own cache per rule (see run); an object that passed is remembered
    // by what the node's rules read of it (see verdictKey).
    const key = typeof value === 'object' && value !== null && worthKeying(node) ? verdictKey(node, value) : undefined;
    if (key !== undefined && passedBefore(node, key)) return;
    const before = issues.length;
    evaluateNode(root, node, value, at, memo, issues);
    if (key !== undefined && issues.length === before) rememberPassed(node, key);
  });
  return issues;
}

/**
 * The fields of `self` a node's rules read (the union over its rules, each by presence or by
 * value), when every rule reads `self` through named properties of the node only; undefined
 * when some rule reads more (`self.all(...)`, `self.size()`, a map's keys).
 */
const readFields = new WeakMap<SchemaNode, Exclude<SelfReads, 'whole'> | null>();

function fieldsRead(node: SchemaNode): Exclude<SelfReads, 'whole'> | undefined {
  let fields = readFields.get(node);
  if (fields === undefined) {
    const uses = new Map<string, FieldUse>();
    let named = node['x-kubernetes-preserve-unknown-fields'] !== true;
    for (const rule of node['x-kubernetes-validations']!) {
      if (!named) break;
      if (isTransitionRule(rule.rule)) continue; // only checked on update
      const reads = selfReads(rule.rule);
      if (reads === 'whole') named = false;
      else {
        for (const [field, use] of reads) {
          if (!Object.hasOwn(node.properties ?? {}, field)) named = false;
          if (use === 'value' || !uses.has(field)) uses.set(field, use);
        }
      }
    }
    fields = named ? [...uses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null;
    readFields.set(node, fields);
  }
  return fields ?? undefined;
}

/**
 * A string equal for two objects exactly when the node's rules see the same in both: what
 * they read of it (see inputKey), or the whole object's structural key when they read more.
 * Undefined when a value is too large to key.
 */
function verdictKey(node: SchemaNode, value: object): string | undefined {
  if (Array.isArray(value)) {
    const fields = itemFieldsRead(node);
    return (fields && itemsKey(node.items!, value, fields)) ?? structuralKey(value);
  }
  const fields = fieldsRead(node);
  return fields ? inputKey(node, value as Record<string, unknown>, fields) : structuralKey(value);
}

/**
 * The fields of a list's items its rules read (see item-reads.ts), when every rule reads the
 * items through named fields of the items' schema only; undefined when some rule reads more.
 * A field the schema lacks is pruned before CEL runs (CEL reads it as absent in every item:
 * the Gateway API's `p1.__namespace__`, which the engine does not unescape), so it is left out.
 */
const readItemFields = new WeakMap<SchemaNode, Exclude<SelfReads, 'whole'> | null>();

function itemFieldsRead(node: SchemaNode): Exclude<SelfReads, 'whole'> | undefined {
  let fields = readItemFields.get(node);
  if (fields === undefined) {
    const items = node.items;
    const named = new Set<string>();
    let keyable = items !== undefined && items.type === 'object' && items['x-kubernetes-preserve-unknown-fields'] !== true;
    for (const rule of node['x-kubernetes-validations']!) {
      if (!keyable) break;
      if (isTransitionRule(rule.rule)) continue;
      const reads = itemReads(rule.rule);
      if (reads === 'whole') keyable = false;
      else for (const field of reads) if (childSchema(items!, field) !== undefined) named.add(field);
    }
    fields = keyable ? [...named].sort().map((field) => [field, 'value'] as const) : null;
    readItemFields.set(node, fields);
  }
  return fields ?? undefined;
}

/** Past this, a list is not worth a key (see passed-values.ts). */
const MAX_ITEMS_KEY_LENGTH = 2048;
/** Never in a structural key: starts a key of items' fields, and ends each item's part. */
const ITEMS_START = '\u0002';
const ITEM_END = '\u0003';

/**
 * The number of items and, for each, what the rules read of it (see inputKey); undefined when
 * an item is not a plain object (then the list is keyed whole) or the key grows too long.
 */
function itemsKey(items: SchemaNode, list: readonly unknown[], fields: Exclude<SelfReads, 'whole'>): string | undefined {
  let key = ITEMS_START;
  for (const item of list) {
    if (typeof item !== 'object' || item === null || Object.getPrototypeOf(item) !== Object.prototype) return undefined;
    const part = inputKey(items, item as Record<string, unknown>, fields);
    if (part === undefined) return undefined;
    key += part + ITEM_END;
    if (key.length > MAX_ITEMS_KEY_LENGTH) return undefined;
  }
  return key;
}

/**
 * Per field read: whether `self` has it (absent, or present as undefined, null or a value)
 * and, for a field read by value, the value's structural key.
 */
function inputKey(node: SchemaNode, record: Record<string, unknown>, fields: Exclude<SelfReads, 'whole'>): string | undefined {
  let key = '';
  for (const [field, use] of fields) {
    const present = presence(node, record, field);
    key += present;
    if (present !== '1' || use === 'presence') continue;
    const value = structuralKey(record[field]);
    if (value === undefined) return undefined;
    key += value + FIELD_END;
  }
  return key;
}

/** Never in a structural key (JSON escapes control characters): ends a field's value. */
const FIELD_END = '\u0001';

/**
 * A field as `self` shows it to has(): absent, or present as undefined, null or a value.
 * Read from the value as written, pruned as toCelValue prunes it (nulls where the schema
 * does not allow them are gone before CEL runs).
 */
function presence(node: SchemaNode, record: Record<string, unknown>, field: string): string {
  if (!Object.hasOwn(record, field)) return '0';
  const value = record[field];
  if (value === null && childSchema(node, field)?.nullable !== true) return '0';
  return value === undefined ? 'u' : value === null ? 'n' : '1';
}

/** Every rule of `node` on `value`, with its issues appended to `issues`. */
function evaluateNode(root: SchemaNode, node: SchemaNode, value: unknown, at: Location, memo: CelValueCache, issues: SchemaIssue[]): void {
  let self: unknown;
  try {
    self = toCelValue(value, node, memo);
  } catch (error) {
    issues.push(celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `could not prepare value for CEL: ${errorSummary(error)}`));
    return;
  }
  for (const rule of node['x-kubernetes-validations']!) {
    const issue = evaluateOne(root, rule, self, at);
    if (issue) issues.push(issue);
  }
}

function evaluateOne(root: SchemaNode, rule: ValidationRule, self: unknown, at: Location): SchemaIssue | undefined {
  if (isTransitionRule(rule.rule)) return undefined; // only checked on update
  const compiled = compileRule(rule.rule);
  if (!compiled.ok) {
    return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `rule could not be checked here (${compiled.error}): ${rule.rule.trim()}`);
  }
  const outcome = run(compiled.program, self);
  if ('error' in outcome) {
    // e.g. "no such key", an unparsable duration or URL: the API server rejects the object too.
    return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', `${outcome.error} evaluating rule: ${ruleLabel(rule, false)}`);
  }
  if (outcome.result === true) return undefined;
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
const MAX_SCALAR_OUTCOMES = 10_000;

/** A rule on `self`; on a scalar, through the rule's cache of outcomes by value. */
function run(program: CelProgram, self: unknown): Outcome {
  const scalar = self === null || (typeof self !== 'object' && typeof self !== 'function');
  let outcomes: Map<unknown, Outcome> | undefined;
  if (scalar) {
    outcomes = scalarOutcomes.get(program);
    if (!outcomes) scalarOutcomes.set(program, (outcomes = new Map()));
    const known = outcomes.get(self);
    if (known) return known;
  }
  let outcome: Outcome;
  try {
    outcome = {result: program({self})};
  } catch (error) {
    outcome = {error: goErrorText(errorSummary(error))};
  }
  if (outcomes && outcomes.size < MAX_SCALAR_OUTCOMES) outcomes.set(self, outcome);
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
