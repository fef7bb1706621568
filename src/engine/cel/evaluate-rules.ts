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
import {walkWithSchema} from '../schema/walk';
import {CelValueCache, toCelValue} from './cel-value';
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
  walkWithSchema(root, resource, '', hasRules, (node, value, pointer) => {
    if (value === null && node.nullable !== true) return; // pruned before CEL runs
    let self: unknown;
    try {
      self = toCelValue(value, node, memo);
    } catch (error) {
      issues.push(celIssue(root, pointer, SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `could not prepare value for CEL: ${errorSummary(error)}`));
      return;
    }
    for (const rule of node['x-kubernetes-validations']!) {
      const issue = evaluateOne(root, rule, self, pointer);
      if (issue) issues.push(issue);
    }
  });
  return issues;
}

function evaluateOne(root: SchemaNode, rule: ValidationRule, self: unknown, pointer: string): SchemaIssue | undefined {
  if (isTransitionRule(rule.rule)) return undefined; // only checked on update
  const compiled = compileRule(rule.rule);
  if (!compiled.ok) {
    return celIssue(root, pointer, SCHEMA_ISSUE_CODES.celUnsupported, 'warning', `rule could not be checked here (${compiled.error}): ${rule.rule.trim()}`);
  }
  const outcome = run(compiled.program, self);
  if ('error' in outcome) {
    // e.g. "no such key", an unparsable duration or URL: the API server rejects the object too.
    return celIssue(root, pointer, SCHEMA_ISSUE_CODES.cel, 'error', `${outcome.error} evaluating rule: ${ruleLabel(rule, false)}`);
  }
  const result = outcome.result;
  if (result === true) return undefined;
  const target = rule.fieldPath ? fieldPathSegments(rule.fieldPath).reduce(joinPointer, pointer) : pointer;
  return celIssue(root, target, SCHEMA_ISSUE_CODES.cel, 'error', failureMessage(rule, self));
}

type Outcome = {result: unknown} | {error: string};

/**
 * Outcomes of rules on scalar values (`duration(self) >= duration('1ms')`, `self != "*"`),
 * which repeat across a manifest: a rule's result depends on `self` alone.
 */
const scalarOutcomes = new WeakMap<CelProgram, Map<unknown, Outcome>>();
const MAX_SCALAR_OUTCOMES = 10_000;

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
    outcome = {error: errorSummary(error)};
  }
  if (outcomes && outcomes.size < MAX_SCALAR_OUTCOMES) outcomes.set(self, outcome);
  return outcome;
}

function celIssue(root: SchemaNode, pointer: string, code: string, severity: SchemaIssue['severity'], text: string): SchemaIssue {
  const where = fieldPath(root, pointer) || parsePointer(pointer).join('.') || '<root>';
  return {path: pointer, at: 'value', severity, code, message: `${where}: ${text}`};
}
