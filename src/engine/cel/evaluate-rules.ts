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
import {callCostExceeded, metered, OUT_OF_BUDGET, PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET} from './cost';
import {PassedValues, structuralKey} from './passed-values';
import {compileRule, errorSummary, isTransitionRule, type CelProgram, type CompiledRule} from './rule-cache';
import {itemReads} from './item-reads';
import {evaluateProgram} from './closures';
import {selfReads, type FieldUse, type SelfReads} from './self-reads';

const hasRules = (node: SchemaNode): boolean => (node['x-kubernetes-validations']?.length ?? 0) > 0;

/** The message the API server reports when `rule` evaluates to false; its messageExpression's cost is charged to `budget`. */
function failureMessage(rule: ValidationRule, self: unknown, budget: Budget): string {
  if (rule.messageExpression) {
    const compiled = compileRule(rule.messageExpression);
    if (compiled.ok) {
      const outcome = metered(() => compiled.program({self}));
      budget.remaining -= outcome.cost;
      // The API server falls back to the static message when messageExpression fails.
      if ('result' in outcome && typeof outcome.result === 'string' && outcome.result.trim() !== '') return outcome.result;
    }
  }
  return ruleLabel(rule, true);
}

/** What is left of the object's RuntimeCELCostBudget; below zero, no further rule runs (cost.ts). */
interface Budget {
  remaining: number;
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

export function evaluateRules(root: SchemaNode, resource: unknown, costBudget = RUNTIME_CEL_COST_BUDGET): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const memo = new CelValueCache();
  const budget: Budget = {remaining: costBudget};
  walkWithSchema(root, resource, '', hasRules, (node, value, at) => {
    if (budget.remaining < 0) return; // the budget ran out: no further rule runs
    if (value === null && node.nullable !== true) return; // pruned before CEL runs
    if (budget.remaining === 0) return outOfBudget(root, at, budget, issues);
    const prepared = prepare(node);
    // Scalars have their own cache per rule (see run); an object that passed is remembered
    // by what the node's rules read of it (see verdictKey), with what its rules cost.
    const key = typeof value === 'object' && value !== null && prepared.passed.worthKeying() ? verdictKey(node, value) : undefined;
    const cost = key === undefined ? undefined : prepared.passed.passedBefore(key);
    if (cost !== undefined) {
      // The API server evaluates the rules again and pays for them.
      if (cost > budget.remaining) return outOfBudget(root, at, budget, issues);
      budget.remaining -= cost;
      return;
    }
    const before = issues.length;
    const spentBefore = budget.remaining;
    evaluateNode(root, node, prepared.rules, value, at, memo, issues, budget);
    if (key !== undefined && issues.length === before) prepared.passed.remember(key, spentBefore - budget.remaining);
  });
  return issues;
}

/** A node's rules as its values need them, worked out on its first value. */
interface PreparedNode {
  /** The rules checked on create (a transition rule, with `oldSelf`, only on update), compiled. */
  rules: {rule: ValidationRule; compiled: CompiledRule}[];
  passed: PassedValues;
}

const preparedNodes = new WeakMap<SchemaNode, PreparedNode>();

function prepare(node: SchemaNode): PreparedNode {
  let prepared = preparedNodes.get(node);
  if (!prepared) {
    const rules = node['x-kubernetes-validations']!.filter((rule) => !isTransitionRule(rule.rule)).map((rule) => ({rule, compiled: compileRule(rule.rule)}));
    preparedNodes.set(node, (prepared = {rules, passed: new PassedValues()}));
  }
  return prepared;
}

/** validation.go: the object's budget cannot pay for the rules at this node. */
function outOfBudget(root: SchemaNode, at: Location, budget: Budget, issues: SchemaIssue[]): void {
  budget.remaining = -1;
  issues.push(celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', OUT_OF_BUDGET));
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
 * Fields are named as the schema names them (`p1.__namespace__` reads `namespace`: escaping.ts);
 * a field the schema lacks is pruned before CEL runs (absent in every item), so it is left out.
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

/** Every rule of `node` on `value`, with its issues appended to `issues` and its cost taken from `budget`. */
function evaluateNode(root: SchemaNode, node: SchemaNode, rules: PreparedNode['rules'], value: unknown, at: Location, memo: CelValueCache, issues: SchemaIssue[], budget: Budget): void {
  let self: unknown;
  try {
    self = toCelValue(value, node, memo);
  } catch (error) {
    issues.push(celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `could not prepare value for CEL: ${errorSummary(error)}`));
    return;
  }
  for (const {rule, compiled} of rules) {
    const issue = evaluateOne(root, rule, compiled, self, at, budget);
    if (issue) issues.push(issue);
    if (budget.remaining < 0) return;
  }
}

function evaluateOne(root: SchemaNode, rule: ValidationRule, compiled: CompiledRule, self: unknown, at: Location, budget: Budget): SchemaIssue | undefined {
  if (!compiled.ok) {
    return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `rule could not be checked here (${compiled.error}): ${rule.rule.trim()}`);
  }
  const outcome = run(compiled.program, self);
  if (outcome.cost > PER_CALL_LIMIT) {
    budget.remaining = -1;
    return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', callCostExceeded(ruleLabel(rule, false)));
  }
  if (outcome.cost > budget.remaining) {
    budget.remaining = -1;
    return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', OUT_OF_BUDGET);
  }
  budget.remaining -= outcome.cost;
  if ('error' in outcome) {
    // e.g. "no such key", an unparsable duration or URL: the API server rejects the object too.
    return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', `${outcome.error} evaluating rule: ${ruleLabel(rule, false)}`);
  }
  if (outcome.result === true) return undefined;
  const pointer = pointerOf(at);
  const target = rule.fieldPath ? joinPointer(pointer, ...fieldPathSegments(rule.fieldPath)) : pointer;
  const message = failureMessage(rule, self, budget);
  // validation.go evalMessageExpression: a messageExpression the budget cannot pay for refuses the object.
  if (budget.remaining < 0) return celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', `messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run`);
  return celIssue(root, target, SCHEMA_ISSUE_CODES.cel, 'error', message);
}

/** A rule's result or error, and what evaluating it cost (past PER_CALL_LIMIT: cancelled). */
type Outcome = ({result: unknown} | {error: string}) & {cost: number};

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
  const evaluated = evaluateProgram(program, self);
  const outcome: Outcome = 'result' in evaluated ? {result: evaluated.result, cost: evaluated.cost}
    : 'error' in evaluated ? {error: goErrorText(errorSummary(evaluated.error)), cost: evaluated.cost}
    : {error: 'operation cancelled: actual cost limit exceeded', cost: PER_CALL_LIMIT + 1};
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
