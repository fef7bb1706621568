/**
 * What one CEL evaluation costs, step by step, as the API server's cel-go counts it
 * (interpreter/runtimecost.go CostTracker with k8s.io/apiserver pkg/cel/library/cost.go
 * CostEstimator, configured by pkg/cel/environment base.go). Expected costs are cel-go's own
 * test cases (interpreter/runtimecost_test.go TestRuntimeCost) and Kubernetes'
 * (pkg/cel/library/cost_test.go), and where the API server's OptOptimize folds constants
 * (interpreter/decorators.go decOptimize), costs worked out from those sources.
 */
import {describe, expect, it} from 'vitest';
import {metered} from '../../../src/engine/cel/cost';
import {evaluateRules} from '../../../src/engine/cel/evaluate-rules';
import {compileRule} from '../../../src/engine/cel/rule-cache';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

/** One metered evaluation of `source` with the given variables (cel-js reads unlisted variables as dyn, as the Go tests declare theirs). */
function outcomeOf(source: string, variables: Record<string, unknown> = {}) {
  const compiled = compileRule(source);
  if (!compiled.ok) throw new Error(compiled.error);
  return metered(() => (compiled.program as (context: Record<string, unknown>) => unknown)(variables));
}

/** The cost of an evaluation that succeeds. */
function costOf(source: string, variables: Record<string, unknown> = {}): number {
  const outcome = outcomeOf(source, variables);
  if ('error' in outcome) throw outcome.error;
  return outcome.cost;
}

const random500 = 'x7Qa9'.repeat(100);

describe('runtimecost_test.go TestRuntimeCost cases', () => {
  it.each([
    ['identity', 'input', 1, {input: [1n, 2n]}],
    ['select: map', "input['key']", 2, {input: {key: 'v'}}],
    ['select: array index', 'input[0]', 2, {input: ['v']}],
    ['expr select: map', "input['ke' + 'y']", 3, {input: {key: 'v'}}],
    ['expr select: array index', 'input[3-3]', 3, {input: ['v']}],
    ['select: field test only no has() cost', 'has(input.single_int32)', 1, {input: {single_int32: 1n}}],
    ['select: non-proto field test no has() cost', 'has(input.testAttr.nestedAttr)', 2, {input: {testAttr: {nestedAttr: '0'}}}],
    ['variable cost function', "input.matches('[0-9]')", 103, {input: random500}],
    ['variable cost function with constant', "'123'.matches('[0-9]')", 2, {}],
    ['or', 'false || false', 0, {}],
    ['or accumulated branch cost', 'a || b || c || d', 4, {a: false, b: false, c: false, d: false}],
    ['and accumulated branch cost', 'a && b && c && d', 4, {a: true, b: true, c: true, d: true}],
    ['lt', '1 < 2', 1, {}],
    ['eq', '1 == 2', 1, {}],
    ['plus', '1 + 1', 1, {}],
    ['ternary', 'true ? 1 : 2', 0, {}],
    ['string size', 'size("123")', 1, {}],
    ['str eq str', "'12345678901234567890' == '123456789012345678901234567890'", 2, {}],
    ['contains', 'input.contains(arg1)', 2502, {input: random500, arg1: random500}],
    ['matches', String.raw`input.matches('\\d+a\\d+b')`, 103, {input: random500}],
    ['startsWith', 'input.startsWith(arg1)', 3, {input: 'idc', arg1: random500}],
    ['endsWith', 'input.endsWith(arg1)', 3, {input: 'idc', arg1: random500}],
    ['size receiver', 'input.size()', 2, {input: '500'}],
    ['ternary eval', '(x > 2 ? input1 : input2).all(y, true)', 6, {x: 1n, input1: [{}], input2: [{}]}],
    ['ternary eval trivial, true', 'true ? false : 1 > 3', 0, {}],
    ['ternary eval trivial, false', 'false ? false : 1 > 3', 1, {}],
    ['comprehension over map', 'input.all(k, input[k].single_int32 > 3)', 9, {input: {val: {single_int32: 0n}}}],
    ['comprehension over nested map of maps', 'input.all(k, input[k].all(x, true))', 2, {input: {}}],
    ['list concat', '(list1 + list2).all(x, true)', 4, {list1: [], list2: []}],
    ['str concat', '"abcdefg".contains(str1 + str2)', 6, {str1: 'val1', str2: 'val2222222'}],
    ['ternary as operand', '(1 > 2 ? 5 : 3) > 1', 2, {}],
    ['ternary as operand', '(1 > 2 || 2 > 1) == true', 3, {}],
  ] as const)('%s: %s costs %i', (_name, source, expected, variables) => {
    expect(costOf(source, variables)).toBe(expected);
  });
});

describe('Kubernetes library functions (library/cost.go CallCost; cost_test.go TestStringLibrary, less the constant receiver)', () => {
  // The Go cases call these on string literals; here the receiver is an identifier, which costs 1 more.
  it.each([
    ["input.split(' ')", 3],
    ["input.substring(5)", 2],
    ["input.substring(5, 8)", 2],
  ])('%s costs what the literal form costs, plus the identifier', (source, literalCost) => {
    expect(costOf(source, {input: 'abc 123 def 123'})).toBe(literalCost + 1);
  });

  it('charges isIP and url by the length of the string they parse', () => {
    // ceil(size * StringTraversalCostFactor) for the call, 1 for the identifier
    expect(costOf('isIP(input)', {input: '2001:db8::68'})).toBe(2 + 1);
    expect(costOf('url(input).getScheme()', {input: 'https://' + 'a'.repeat(92)})).toBe(10 + 1 + 1);
  });
});

describe('comprehensions, as the expansions of parser/macro.go are folded (interpreter.go foldIterable)', () => {
  const five = {input: [1n, 2n, 3n, 4n, 5n]};
  // runtimecost_test.go ".map list literal" costs 86 on [1,2,3,4,5]: a list of 10 and an empty
  // accumulator of 10 that OptOptimize folds, the range read here as an identifier (1): 86 - 20 + 1.
  it('map: each item appends a one-item list to the accumulator (13)', () => {
    expect(costOf('input.map(x, x)', five)).toBe(67);
  });

  // ".filter list literal" (62) less its literal list and its empty accumulator (10 each), plus the
  // identifier: the two kept items cost 13 more each, the three others nothing (the accumulator as
  // the `?:` branch is free).
  it('filter: the predicate on every item, the append on those kept', () => {
    expect(costOf('input.filter(x, x % 2 == 0)', five)).toBe(43);
  });

  it('all: stops after the first false item, testing the condition once more', () => {
    // range 1; two items each condition 2, accumulator 1, predicate 2; the third item's condition 2; result 1
    expect(costOf('input.all(x, x == 1)', five)).toBe(1 + 2 * 5 + 2 + 1);
  });

  it('exists: the condition reads the negated accumulator (3) on every item', () => {
    // ".map.exists list literal" 118 = map 86 + exists 31 + `== true` 1
    expect(costOf('input.exists(x, x == 5)', five)).toBe(1 + 31);
  });

  it('exists_one: the count is kept with `+` when the predicate holds, and compared with 1 at the end', () => {
    expect(costOf('input.exists_one(x, x == 1)', {input: [1n, 2n, 3n]})).toBe(1 + 3 * 2 + 2 + 2);
  });
});

describe('constants the API server folds (base.go OptOptimize; decorators.go decOptimize)', () => {
  it('a conversion of a constant costs nothing', () => {
    expect(costOf("duration('1ms') > duration('0s')")).toBe(1);
  });

  it('membership in a list of constants is a set lookup: only the operand costs', () => {
    expect(costOf("input in ['a', 'b']", {input: 'a'})).toBe(1);
    // a list read from the object is walked: its size
    expect(costOf('input in names', {input: 'a', names: ['a', 'b', 'c', 'd']})).toBe(1 + 1 + 4);
  });

  it('a list literal with a non-constant item is built (10)', () => {
    expect(costOf('[input].size()', {input: 'a'})).toBe(1 + 10 + 1);
  });
});

describe('the three places where cel-js evaluates differently from cel-go, charged as cel-go charges them', () => {
  // runtimecost_test.go "select: non-proto field test no has() cost" (2) with the nested map
  // behind a list index: the index is one more qualifier (1); the presence test stays free
  // (runtimecost.go Observe: evalTestOnly less SelectAndIdentCost under PresenceTestHasCost(false)).
  it('a has() whose operand is not a chain of selections (rewritten for cel-js) costs its operand only', () => {
    expect(costOf('has(input.testAttr[0].nestedAttr)', {input: {testAttr: [{nestedAttr: '0'}]}})).toBe(3);
    // "select: field test only no has() cost" (1): an escaped name is one selection
    expect(costOf('has(input.__namespace__)', {input: {namespace: 'a'}})).toBe(1);
    // written as membership, the same test is a call of @in (1, runtimecost.go costCall: InMap is not sized)
    expect(costOf("'nestedAttr' in input.testAttr[0]", {input: {testAttr: [{nestedAttr: '0'}]}})).toBe(4);
  });

  it('a rewritten has() answers as cel-go\'s refQualify: a key, a list\'s string index refused, no field on a scalar', () => {
    const evaluate = outcomeOf;
    expect(evaluate('has(input[0].path)', {input: [{path: '/'}]})).toMatchObject({result: true});
    expect(evaluate('has(input[0].path)', {input: [{}]})).toMatchObject({result: false});
    // interpreter_test.go invalid_presence_test_on_list_literal
    const onList = evaluate('has(input[0].path)', {input: [['/']]});
    expect('error' in onList && String(onList.error)).toContain("unsupported index type 'string' in list");
    expect(evaluate('has(input[0].path)', {input: ['/']})).toMatchObject({result: false});
  });

  it('membership in an empty list literal is the constant false: its operand is never evaluated (maybeOptimizeSetMembership)', () => {
    expect(costOf('input in []', {input: 'a'})).toBe(0);
    expect(outcomeOf('input.missing in []', {input: {}})).toEqual({result: false, cost: 0});
  });

  // cel-go's fold (interpreter.go foldIterable) tests the condition before each item only; an
  // erroring predicate makes the accumulator an error (macro.go: `__result__ && pred`), and the
  // result reads it. cel-js tests the condition once more after the last item to rethrow: free here.
  it('all whose predicate fails: per item condition 2, accumulator 1, predicate 3; range and result 1 each', () => {
    const outcome = outcomeOf('input.all(x, x.a == 1)', {input: [{}, {a: 1n}]});
    expect(String('error' in outcome && outcome.error)).toContain('No such key: a');
    expect(outcome.cost).toBe(1 + 2 * (2 + 1 + 3) + 1);
    // a later false item still decides, as `err && false` does
    expect(outcomeOf('input.all(x, x.a == 1)', {input: [{}, {a: 2n}]})).toEqual({result: false, cost: 1 + 2 * (2 + 1 + 3) + 1});
  });

  it('exists whose predicate fails: per item condition 3, accumulator 1, predicate 3; range and result 1 each', () => {
    const outcome = outcomeOf('input.exists(x, x.a == 1)', {input: [{}, {a: 2n}]});
    expect('error' in outcome).toBe(true);
    expect(outcome.cost).toBe(1 + 2 * (3 + 1 + 3) + 1);
  });
});

describe('the size-based charges decide the API server\'s limits on real-sized values', () => {
  /** A list of unbounded strings under spec.names, with one list rule. */
  const schema = (rule: string): SchemaNode => ({
    type: 'object',
    properties: {spec: {type: 'object', properties: {names: {type: 'array', items: {type: 'string'}, 'x-kubernetes-validations': [{rule, message: 'no name contains another'}]}}}},
  });

  it('cancels a rule whose string searches pass PerCallLimit, though it evaluates few steps', () => {
    // 60 x 60 pairs, each contains() costing ceil(1000 * 0.1) * ceil(1000 * 0.1) = 10,000: 36 million.
    const names = Array.from({length: 60}, (_, i) => `${i}-`.padEnd(1000, 'n'));
    const issues = evaluateRules(schema('self.all(a, self.all(b, a == b || !a.contains(b)))'), {spec: {names}});
    expect(issues.map((issue) => issue.message)).toEqual([
      "spec.names: Invalid value: \"array\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: no name contains another",
    ]);
  });

  it('lets the same rule run to its verdict on short names', () => {
    const names = Array.from({length: 60}, (_, i) => `name-${i}-x`);
    expect(evaluateRules(schema('self.all(a, self.all(b, a == b || !a.contains(b)))'), {spec: {names}})).toEqual([]);
  });
});

// cel-go v0.23.2 interpreter/runtimecost.go Observe: an InterpretableConstructor costs
// ListCreateBaseCost (10) or MapCreateBaseCost (30) whatever its optional indices (evalList and
// evalMap skip an absent optional item; no other step); decorators.go maybeBuildListLiteral folds
// only all-constant items, which an optional item never is. The rewrite go-syntax.ts makes for
// cel-js (`__optional_list__(...)`) is no step of cel-go's and costs nothing.
describe('optional list elements and map entries cost as the literal cel-go builds', () => {
  it('`[?a]` costs what `[a]` costs, `{?k: v}` what `{k: v}` costs', () => {
    const self = {a: 1n};
    // size 1, list 10, `self.?a` 2 (identifier and qualifier)
    expect(costOf('[?self.?a].size()', {self})).toBe(1 + 10 + 2);
    expect(costOf('[?self.?a].size()', {self})).toBe(costOf('[self.a].size()', {self}));
    expect(costOf("{?'k': self.?a}.size()", {self})).toBe(1 + 30 + 2);
    expect(costOf("{?'k': self.?b}.size()", {self})).toBe(costOf("{'k': self.a}.size()", {self}));
  });

  it('`optional.of(x)` is one call of a qualified function (checker.go resolves `optional.of` whole), not a selection from `optional`', () => {
    expect(costOf('optional.of(x)', {x: 1n})).toBe(1 + 1);
    expect(costOf('optional.none()')).toBe(1);
  });

  it('decides PerCallLimit as cel-go does for a rule near the limit', () => {
    // per item: all's condition 2 and accumulator 1 (macro.go), `==` 1, size() 1, the list 10,
    // optional.of 1, x 1: 17; the range and the result 1 each. 58,823 items cost 999,993 (under
    // PerCallLimit 1,000,000); a charge of 1 more per item would pass it by 58,816.
    const items = 58_823;
    const outcome = outcomeOf('self.all(x, [?optional.of(x)].size() == 1)', {self: Array.from({length: items}, () => 1n)});
    expect(outcome).toEqual({result: true, cost: 2 + 17 * items});
    expect(outcomeOf('self.all(x, [?optional.of(x)].size() == 1)', {self: Array.from({length: items + 1}, () => 1n)})).toEqual({exceeded: true, cost: expect.any(Number)});
  });
});
