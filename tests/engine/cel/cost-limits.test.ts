/**
 * The API server's CEL cost limits (k8s.io/apiserver pkg/apis/cel config.go PerCallLimit and
 * RuntimeCELCostBudget; apiextensions-apiserver pkg/apiserver/schema/cel/validation.go
 * Validator.validate), against manifests built to spend them: one rule whose evaluation runs
 * past the per-call limit, and lists so long that their items' rules together exhaust the
 * object's budget. Each is refused with the API server's words, in bounded time.
 */
import {describe, expect, it} from 'vitest';
import {OUT_OF_BUDGET, PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET, metered} from '../../../src/engine/cel/cost';
import {evaluateRules} from '../../../src/engine/cel/evaluate-rules';
import {compileRule} from '../../../src/engine/cel/rule-cache';
import type {SchemaNode, ValidationRule} from '../../../src/engine/schema/schema-node';

/** A CRD schema with an unbounded list of strings under spec.items (no maxItems: the API server bounds it by the request size). */
function listSchema(itemRules: ValidationRule[], listRules: ValidationRule[] = []): SchemaNode {
  return {
    type: 'object',
    properties: {spec: {type: 'object', properties: {items: {
      type: 'array', items: {type: 'string', maxLength: 16, 'x-kubernetes-validations': itemRules}, 'x-kubernetes-validations': listRules,
    }}}},
  };
}

const costOf = (source: string, self: unknown) => {
  const compiled = compileRule(source);
  if (!compiled.ok) throw new Error(compiled.error);
  return metered(() => compiled.program({self})).cost;
};

describe('the cost of one evaluation (cel-go runtimecost.go: evaluated expressions, constants free)', () => {
  it('grows with the list a comprehension walks', () => {
    const small = costOf('self.all(x, x.size() < 5)', ['a', 'b']);
    const large = costOf('self.all(x, x.size() < 5)', Array.from({length: 200}, () => 'a'));
    expect(small).toBeGreaterThan(2);
    expect(large).toBeGreaterThan(small * 50);
  });

  it('is the same on every evaluation of the same rule and value', () => {
    expect(costOf('self.startsWith("a") && self.size() > 1', 'abc')).toBe(costOf('self.startsWith("a") && self.size() > 1', 'abc'));
  });
});

describe('PerCallLimit: one rule that costs too much', () => {
  it('is cancelled with validation.go\'s message, and no further rule runs', () => {
    // Three nested walks of a 150-item list: 3.4 million element visits, far past 1,000,000.
    const schema = listSchema([], [
      {rule: 'self.all(a, self.all(b, self.all(c, a.size() + b.size() + c.size() > 0)))', message: 'cubic'},
      {rule: 'self.size() < 2', message: 'a later rule'},
    ]);
    const items = Array.from({length: 150}, (_, i) => `v${i}`);
    const started = Date.now();
    expect(evaluateRules(schema, {spec: {items}})).toEqual([{
      path: '/spec/items', at: 'value', severity: 'error', code: 'cel',
      message: `spec.items: Invalid value: "array": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: cubic`,
    }]);
    // Bounded: stopped after about PER_CALL_LIMIT steps, not the 3.4 million the rule would take (loose: shared machines).
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('lets a rule under the limit run to its verdict', () => {
    const schema = listSchema([], [{rule: 'self.all(a, self.all(b, a == b))', message: 'all equal'}]);
    expect(evaluateRules(schema, {spec: {items: Array.from({length: 100}, (_, i) => `v${i}`)}})).toEqual([
      expect.objectContaining({message: 'spec.items: Invalid value: "array": all equal'}),
    ]);
    expect(PER_CALL_LIMIT).toBe(1_000_000);
  });
});

describe('RuntimeCELCostBudget: the rules of one object together', () => {
  // Each item's rule costs a few dozen; the API server pays for every item, as the engine must,
  // though it remembers the verdict on a repeated value.
  const rule: ValidationRule = {rule: 'self.size() > 0 && !self.startsWith("-") && !self.endsWith("-") && self.lowerAscii() == self && self != "default"', message: 'a plain name'};
  const perItem = costOf(rule.rule, 'web');

  it('refuses a list so long that its items\' rules exhaust the budget, at the item where it ran out', () => {
    const count = Math.ceil(RUNTIME_CEL_COST_BUDGET / perItem) + 10;
    const started = Date.now();
    const issues = evaluateRules(listSchema([rule]), {spec: {items: Array.from({length: count}, () => 'web')}});
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({code: 'cel', severity: 'error', message: `spec.items[${Math.floor(RUNTIME_CEL_COST_BUDGET / perItem)}]: Invalid value: "string": ${OUT_OF_BUDGET}`});
    expect(OUT_OF_BUDGET).toBe('validation failed due to running out of cost budget, no further validation rules will be run');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('stops evaluating distinct items once the budget is spent, and reports no rule after', () => {
    const count = Math.ceil(RUNTIME_CEL_COST_BUDGET / perItem) + 1000;
    const items = Array.from({length: count}, (_, i) => (i === count - 1 ? 'Default' : `w${i}`));
    const issues = evaluateRules(listSchema([rule]), {spec: {items}});
    // The last item breaks the rule, but the budget ran out before it: one refusal, the budget's.
    expect(issues.map((i) => i.message.replace(/^spec\.items\[\d+\]: /, ''))).toEqual([`Invalid value: "string": ${OUT_OF_BUDGET}`]);
  });

  it('accepts a list whose rules fit the budget', () => {
    expect(evaluateRules(listSchema([rule]), {spec: {items: Array.from({length: 1000}, (_, i) => `w${i}`)}})).toEqual([]);
  });
});
