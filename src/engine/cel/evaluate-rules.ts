/**
 * Runs every x-kubernetes-validations rule at its schema location, once per value found
 * there, with `self` bound to that value, and reports failures the way the 1.33 API server does
 * (rule-errors.ts): `<field>: Invalid value: "<node type>": <detail>` (or the rule's reason's form),
 * the detail being its messageExpression's result, else its message, else "failed rule: <rule>".
 * Nothing in here may throw: a broken value or rule becomes an issue, never an exception.
 */
import type {SchemaIssue} from '../types';
import {SCHEMA_ISSUE_CODES} from '../schema/issue-codes';
import {fieldPath, joinPointer, parsePointer} from '../schema/pointer';
import type {SchemaNode, ValidationRule} from '../schema/schema-node';
import {pointerOf, walkWithSchema, type Location} from '../schema/walk';
import {CelValueCache, SchemaValueError, toCelValue} from './cel-value';
import {callCostExceeded, MESSAGE_OUT_OF_BUDGET, messageCallCostExceeded, metered, OUT_OF_BUDGET, PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET} from './cost';
import {utf8Length} from './call-cost';
import {goQuote} from '../analysis/messages';
import {evaluationErrorDetail, invalidBody, reasonBody, ruleErrorString, ruleMessageOrDefault, schemaType} from './rule-errors';
import {PassedValues, readKey} from './passed-values';
import {compileRule, errorSummary, isTransitionRule, parsedTree, type CelProgram, type CompiledRule} from './rule-cache';
import {evaluateProgram} from './closures';
import {readShape, type ReadShape} from './rule-reads';

const hasRules = (node: SchemaNode): boolean => (node['x-kubernetes-validations']?.length ?? 0) > 0;

/** apiserver pkg/apis/cel/config.go MaxEvaluatedMessageExpressionSizeBytes. */
const MAX_MESSAGE_EXPRESSION_BYTES = 5 * 1024;

/**
 * The detail the API server reports when `rule` evaluates to false (validation.go evalMessageExpression):
 * its messageExpression's string, trimmed, else (an error, no string, too long, a line break, empty)
 * ruleMessageOrDefault. Its cost is charged to `budget`; one it cannot pay for, or past PerCallLimit,
 * refuses the object instead (`refusal`).
 */
function failureDetail(rule: ValidationRule, self: unknown, budget: Budget): {detail: string} | {refusal: string} {
  const compiled = rule.messageExpression ? compileRule(rule.messageExpression) : undefined;
  if (compiled?.ok) {
    const outcome = metered(() => compiled.program({self}));
    if (outcome.cost > budget.remaining) return {refusal: MESSAGE_OUT_OF_BUDGET};
    if ('exceeded' in outcome) return {refusal: messageCallCostExceeded(goQuote(rule.messageExpression!))};
    budget.remaining -= outcome.cost;
    const message = 'result' in outcome && typeof outcome.result === 'string' ? outcome.result.trim() : '';
    if (message !== '' && !message.includes('\n') && utf8Length(message) <= MAX_MESSAGE_EXPRESSION_BYTES) return {detail: message};
  }
  return {detail: ruleMessageOrDefault(rule)};
}

/** What is left of the object's RuntimeCELCostBudget; below zero, no further rule runs (cost.ts). */
interface Budget {
  remaining: number;
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
  // Made on the first value evaluated: on a manifest whose values repeat, most resources find
  // every verdict cached and convert nothing (one Map fewer per resource).
  let memo: CelValueCache | undefined;
  const budget: Budget = {remaining: costBudget};
  walkWithSchema(root, resource, '', hasRules, (node, value, at) => {
    if (budget.remaining < 0) return; // the budget ran out: no further rule runs
    if (value === null && node.nullable !== true) return; // pruned before CEL runs
    if (budget.remaining === 0) return outOfBudget(root, node, at, budget, issues);
    const prepared = prepare(node);
    // Scalars have their own cache per rule (see run); an object that passed is remembered
    // by what the node's rules read of it (rule-reads.ts), with what its rules cost.
    const key = typeof value === 'object' && value !== null && prepared.passed.worthKeying() ? readKey(prepared.reads, value) : undefined;
    const cost = key === undefined ? undefined : prepared.passed.passedBefore(key);
    if (cost !== undefined) {
      // The API server evaluates the rules again and pays for them.
      if (cost > budget.remaining) return outOfBudget(root, node, at, budget, issues);
      budget.remaining -= cost;
      return;
    }
    const before = issues.length;
    const spentBefore = budget.remaining;
    evaluateNode(root, node, prepared.rules, value, at, (memo ??= new CelValueCache()), issues, budget);
    if (key !== undefined && issues.length === before) prepared.passed.remember(key, spentBefore - budget.remaining);
  });
  return issues;
}

/** A node's rules as its values need them, worked out on its first value. */
interface PreparedNode {
  /** The rules checked on create (a transition rule, with `oldSelf`, only on update), compiled. */
  rules: {rule: ValidationRule; compiled: CompiledRule}[];
  /** What the rules read of a value here: its verdict's key (passed-values.ts readKey). */
  reads: ReadShape;
  passed: PassedValues;
}

const preparedNodes = new WeakMap<SchemaNode, PreparedNode>();

function prepare(node: SchemaNode): PreparedNode {
  let prepared = preparedNodes.get(node);
  if (!prepared) {
    const rules = node['x-kubernetes-validations']!.filter((rule) => !isTransitionRule(rule.rule)).map((rule) => ({rule, compiled: compileRule(rule.rule)}));
    const reads = readShape(node, rules.map(({compiled}) => (compiled.ok ? parsedTree(compiled.program) : undefined)));
    preparedNodes.set(node, (prepared = {rules, reads, passed: new PassedValues()}));
  }
  return prepared;
}

/** validation.go: the object's budget cannot pay for the rules at this node. */
function outOfBudget(root: SchemaNode, node: SchemaNode, at: Location, budget: Budget, issues: SchemaIssue[]): void {
  budget.remaining = -1;
  issues.push(celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', invalidBody(schemaType(node), OUT_OF_BUDGET)));
}

/** Every rule of `node` on `value`, with its issues appended to `issues` and its cost taken from `budget`. */
function evaluateNode(root: SchemaNode, node: SchemaNode, rules: PreparedNode['rules'], value: unknown, at: Location, memo: CelValueCache, issues: SchemaIssue[], budget: Budget): void {
  let self: unknown;
  try {
    self = toCelValue(value, node, memo);
  } catch (error) {
    // values.go: `self` is an error value, which every rule reading it fails with
    if (error instanceof SchemaValueError) {
      for (const {rule} of rules) issues.push(celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.cel, 'error', invalidBody(schemaType(node), evaluationErrorDetail(error.message, rule))));
    } else issues.push(celIssue(root, pointerOf(at), SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `could not prepare value for CEL: ${errorSummary(error)}`));
    return;
  }
  for (const {rule, compiled} of rules) {
    const issue = evaluateOne(root, node, rule, compiled, self, at, budget);
    if (issue) issues.push(issue);
    if (budget.remaining < 0) return;
  }
}

/**
 * One rule on `self` (validation.go validateExpressions): every error is a field error at the rule's
 * node with the node's type as its value; a failure moves to the rule's fieldPath and takes its reason's form.
 */
function evaluateOne(root: SchemaNode, node: SchemaNode, rule: ValidationRule, compiled: CompiledRule, self: unknown, at: Location, budget: Budget): SchemaIssue | undefined {
  const pointer = pointerOf(at);
  if (!compiled.ok) {
    return celIssue(root, pointer, SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `rule could not be checked here (${compiled.error}): ${rule.rule.trim()}`);
  }
  const type = schemaType(node);
  const refuse = (detail: string) => celIssue(root, pointer, SCHEMA_ISSUE_CODES.cel, 'error', invalidBody(type, detail));
  const outcome = run(compiled.program, self);
  // The budget is checked before the error: a cancelled rule the budget cannot pay for is out of budget.
  if (outcome.cost > budget.remaining) {
    budget.remaining = -1;
    return refuse(OUT_OF_BUDGET);
  }
  if (outcome.cost > PER_CALL_LIMIT) {
    budget.remaining = -1;
    return refuse(callCostExceeded(ruleErrorString(rule)));
  }
  budget.remaining -= outcome.cost;
  // e.g. "no such key", an unparsable duration or URL: the API server rejects the object too.
  if ('error' in outcome) return refuse(evaluationErrorDetail(outcome.error, rule));
  if (outcome.result === true) return undefined;
  const target = rule.fieldPath ? joinPointer(pointer, ...fieldPathSegments(rule.fieldPath)) : pointer;
  const failure = failureDetail(rule, self, budget);
  if ('refusal' in failure) {
    // validation.go: field.Invalid(currentFldPath, sts.Type, ...), at the fieldPath too
    budget.remaining = -1;
    return celIssue(root, target, SCHEMA_ISSUE_CODES.cel, 'error', invalidBody(type, failure.refusal));
  }
  return celIssue(root, target, SCHEMA_ISSUE_CODES.cel, 'error', reasonBody(rule.reason, type, failure.detail));
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
    // values.go's own wording starts in capitals ("Invalid duration ...")
    : 'error' in evaluated ? {error: evaluated.error instanceof SchemaValueError ? evaluated.error.message : goErrorText(errorSummary(evaluated.error)), cost: evaluated.cost}
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
  // cel-go's list Get (common/types/list.go): `index '2' out of range in list size '1'`; cel-js prints
  // the size of an empty list as "undefined". A negative index keeps cel-js's text: its size is not in it.
  const outOfRange = /^No such key: index out of bounds, index (\d+) >= size (\d+|undefined)$/.exec(text);
  if (outOfRange) return `index '${outOfRange[1]}' out of range in list size '${outOfRange[2] === 'undefined' ? 0 : outOfRange[2]}'`;
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** `<field>: <body>`; the root's field is "<nil>", field.Path's String() of the nil path the CR's validation starts from. */
function celIssue(root: SchemaNode, pointer: string, code: string, severity: SchemaIssue['severity'], text: string): SchemaIssue {
  const where = fieldPath(root, pointer) || parsePointer(pointer).join('.') || '<nil>';
  return {path: pointer, at: 'value', severity, code, message: `${where}: ${text}`};
}
