/**
 * The estimator against cel-go's own cost cases (checker/cost_test.go TestCost, v0.23.2, the
 * version Kubernetes 1.33 vendors): each case's declarations, its size hints by path, and the
 * [min, max] range cel-go estimates. cel-go's test estimator sizes a node by its path's hint,
 * else a bytes value as 12, and costs `getFullYear` on a timestamp 7; a presence test costs 1
 * unless the case says otherwise.
 */
import {describe, expect, it} from 'vitest';
import {estimateCost, type CallEstimate, type CostEnvironment, type Estimate} from '../../../src/engine/cel/estimate-cost';
import type {CheckType} from '../../../src/engine/cel/type-check';
import {parseRule} from '../../../src/engine/cel/estimate-expr';

const simple = (kind: CheckType['kind']): CheckType => ({kind, params: []});
const INT = simple('int');
const STRING = simple('string');
const BOOL = simple('bool');
const DOUBLE = simple('double');
const TIMESTAMP = simple('timestamp');
const DURATION = simple('duration');
const BYTES = simple('bytes');
const list = (elem: CheckType): CheckType => ({kind: 'list', params: [elem]});
const map = (value: CheckType): CheckType => ({kind: 'map', params: [STRING, value]});
/** The one field of cel-go's test proto the cases select. */
const ALL_TYPES: CheckType = {
  kind: 'struct', name: 'google.expr.proto3.test.TestAllTypes', params: [],
  decl: {kind: 'object', maxElements: 0, minSerializedSize: 0, fields: new Map([['single_int32', {kind: 'int', maxElements: 0, minSerializedSize: 0}]])},
};
const ALL_LIST = list(ALL_TYPES);
const ALL_MAP = map(ALL_TYPES);
const NESTED_MAP = map(ALL_MAP);
const MAX = 2n ** 64n - 1n;

interface Case {
  vars?: Record<string, CheckType>;
  hints?: Record<string, number>;
  presenceTestCost?: bigint;
  overloadEstimators?: CostEnvironment['overloadEstimators'];
}

function testEnvironment({vars = {}, hints = {}, presenceTestCost = 1n, overloadEstimators}: Case): CostEnvironment {
  return {
    variables: new Map(Object.entries(vars)),
    estimateSize: ({path, type}) => {
      const hint = hints[(path ?? []).join('.')];
      if (hint !== undefined) return {min: 0n, max: BigInt(hint)};
      return type.kind === 'bytes' ? {min: 0n, max: 12n} : undefined;
    },
    estimateCallCost: (fn, _overload, target): CallEstimate | undefined =>
      fn === 'getFullYear' && target?.type.kind === 'timestamp' ? {cost: {min: 7n, max: 7n}} : undefined,
    ...(overloadEstimators && {overloadEstimators}),
    presenceTestCost,
  };
}

const range = (min: number | bigint, max: number | bigint): Estimate => ({min: BigInt(min), max: BigInt(max)});

const CASES: Array<[string, string, Case, Estimate]> = [
  ['const', '"Hello World!"', {}, range(0, 0)],
  ['identity', 'input', {vars: {input: list(INT)}}, range(1, 1)],
  ['select: map', "input['key']", {vars: {input: map(STRING)}}, range(2, 2)],
  ['select: field', 'input.single_int32', {vars: {input: ALL_TYPES}}, range(2, 2)],
  ['select: field test only no has() cost', 'has(input.single_int32)', {vars: {input: ALL_TYPES}, presenceTestCost: 0n}, range(1, 1)],
  ['select: field test only', 'has(input.single_int32)', {vars: {input: ALL_TYPES}}, range(2, 2)],
  ['select: non-proto field test has() cost', 'has(input.testAttr.nestedAttr)', {vars: {input: NESTED_MAP}}, range(3, 3)],
  ['select: non-proto field test no has() cost', 'has(input.testAttr.nestedAttr)', {vars: {input: NESTED_MAP}, presenceTestCost: 0n}, range(2, 2)],
  ['estimated function call', 'input.getFullYear()', {vars: {input: TIMESTAMP}}, range(8, 8)],
  ['create list', '[1, 2, 3]', {}, range(10, 10)],
  ['create map', '{"a": 1, "b": 2, "c": 3}', {}, range(30, 30)],
  ['all comprehension', 'input.all(x, true)', {vars: {input: ALL_LIST}, hints: {input: 100}}, range(2, 302)],
  ['nested all comprehension', 'input.all(x, x.all(y, true))', {vars: {input: list(ALL_LIST)}, hints: {input: 50, 'input.@items': 10}}, range(2, 1752)],
  ['all comprehension on literal', '[1, 2, 3].all(x, true)', {}, range(20, 20)],
  ['variable cost function', "input.matches('[0-9]')", {vars: {input: STRING}, hints: {input: 500}}, range(3, 103)],
  ['variable cost function with constant', "'123'.matches('[0-9]')", {}, range(2, 2)],
  ['or', 'true || false', {}, range(0, 0)],
  ['or accumulated branch cost', 'a || b || c || d', {vars: {a: BOOL, b: BOOL, c: BOOL, d: BOOL}}, range(1, 4)],
  ['and', 'true && false', {}, range(0, 0)],
  ['and accumulated branch cost', 'a && b && c && d', {vars: {a: BOOL, b: BOOL, c: BOOL, d: BOOL}}, range(1, 4)],
  ['lt', '1 < 2', {}, range(1, 1)],
  ['eq', '1 == 2', {}, range(1, 1)],
  ['in', '2 in [1, 2, 3]', {}, range(13, 13)],
  ['plus', '1 + 1', {}, range(1, 1)],
  ['ternary', 'true ? 1 : 2', {}, range(0, 0)],
  ['string size', 'size("123")', {}, range(1, 1)],
  ['bytes size', 'size(b"123")', {}, range(1, 1)],
  ['bytes to string conversion', 'string(input)', {vars: {input: BYTES}, hints: {input: 500}}, range(1, 51)],
  ['bytes to string conversion equality', 'string(input) == string(input)', {vars: {input: BYTES}, hints: {input: 500}}, range(3, 152)],
  ['string to bytes conversion', 'bytes(input)', {vars: {input: STRING}, hints: {input: 500}}, range(1, 51)],
  ['string to bytes conversion equality', 'bytes(input) == bytes(input)', {vars: {input: STRING}, hints: {input: 500}}, range(3, 302)],
  ['int to string conversion', 'string(1)', {}, range(1, 1)],
  ['contains', 'input.contains(arg1)', {vars: {input: STRING, arg1: STRING}, hints: {input: 500, arg1: 500}}, range(2, 2502)],
  ['matches', "input.matches('\\\\d+a\\\\d+b')", {vars: {input: STRING}, hints: {input: 500}}, range(3, 103)],
  ['startsWith', 'input.startsWith(arg1)', {vars: {input: STRING, arg1: STRING}, hints: {arg1: 500}}, range(2, 52)],
  ['endsWith', 'input.endsWith(arg1)', {vars: {input: STRING, arg1: STRING}, hints: {arg1: 500}}, range(2, 52)],
  ['size receiver', 'input.size()', {vars: {input: STRING}}, range(2, 2)],
  ['size', 'size(input)', {vars: {input: STRING}}, range(2, 2)],
  ['ternary eval', '(x > 2 ? input1 : input2).all(y, true)', {vars: {x: INT, input1: ALL_LIST, input2: ALL_LIST}, hints: {input1: 1, input2: 1}}, range(4, 7)],
  ['comprehension over map', 'input.all(k, input[k].single_int32 > 3)', {vars: {input: ALL_MAP}, hints: {input: 10}}, range(2, 82)],
  ['comprehension over nested map of maps', 'input.all(k, input[k].all(x, true))', {vars: {input: NESTED_MAP}, hints: {input: 5, 'input.@values': 10}}, range(2, 187)],
  ['string size of map keys', 'input.all(k, k.contains(k))', {vars: {input: NESTED_MAP}, hints: {input: 5, 'input.@keys': 10}}, range(2, 32)],
  ['comprehension variable shadowing', 'input.all(k, input[k].all(k, true) && k.contains(k))', {vars: {input: NESTED_MAP}, hints: {input: 2, 'input.@values': 2, 'input.@keys': 5}}, range(2, 34)],
  ['list concat', '(list1 + list2).all(x, true)', {vars: {list1: list(INT), list2: list(INT)}, hints: {list1: 10, list2: 10}}, range(4, 64)],
  ['str concat', '"abcdefg".contains(str1 + str2)', {vars: {str1: STRING, str2: STRING}, hints: {str1: 10, str2: 10}}, range(2, 6)],
  ['str concat custom cost estimate', '"abcdefg".contains(str1 + str2)', {vars: {str1: STRING, str2: STRING}, hints: {str1: 10, str2: 10},
    overloadEstimators: new Map([['contains_string', (target, args) => {
      const size = (node: {size?: Estimate}) => node.size ?? {min: 0n, max: MAX};
      const scaled = (e: Estimate) => ({min: BigInt(Math.ceil(Number(e.min) * 0.2)), max: BigInt(Math.ceil(Number(e.max) * 0.2))});
      const str = scaled(size(target!));
      const sub = scaled(size(args[0]!));
      return {cost: {min: str.min * sub.min, max: str.max * sub.max}};
    }]])}, range(2, 12)],
  ['list size comparison', 'list1.size() == list2.size()', {vars: {list1: list(INT), list2: list(INT)}}, range(5, 5)],
  ['list size from ternary', 'x > y ? list1.size() : list2.size()', {vars: {x: INT, y: INT, list1: list(INT), list2: list(INT)}}, range(5, 5)],
  ['list size from concat', '([x, y] + list1 + list2).size()', {vars: {x: INT, y: INT, list1: list(INT), list2: list(INT)}, hints: {list1: 10, list2: 20}}, range(17, 17)],
  ['list cost tracking through comprehension', "[list1, list2].exists(l, l.exists(v, v.startsWith('hi')))", {vars: {list1: list(STRING), list2: list(STRING)},
    hints: {list1: 10, 'list1.@items': 64, list2: 20, 'list2.@items': 128}}, range(21, 265)],
  ['str endsWith equality', 'str1.endsWith("abcdefghijklmnopqrstuvwxyz") == str2.endsWith("abcdefghijklmnopqrstuvwxyz")', {vars: {str1: STRING, str2: STRING}}, range(9, 9)],
  ['nested subexpression operators', '((5 != 6) == (1 == 2)) == ((3 <= 4) == (9 != 9))', {}, range(7, 7)],
  ['str size estimate', 'string(timestamp1) == string(timestamp2)', {vars: {timestamp1: TIMESTAMP, timestamp2: TIMESTAMP}}, range(5, 1844674407370955268n)],
  ['timestamp equality check', 'timestamp1 == timestamp2', {vars: {timestamp1: TIMESTAMP, timestamp2: TIMESTAMP}}, range(3, 3)],
  ['duration inequality check', 'duration1 != duration2', {vars: {duration1: DURATION, duration2: DURATION}}, range(3, 3)],
  ['.filter list literal', '[1,2,3,4,5].filter(x, x % 2 == 0)', {}, range(41, 101)],
  ['.map list literal', '[1,2,3,4,5].map(x, x)', {}, range(86, 86)],
  ['.map.filter list literal', '[1,2,3,4,5].map(x, x).filter(x, x % 2 == 0)', {}, range(117, 177)],
  ['.map.exists list literal', '[1,2,3,4,5].map(x, x).exists(x, x == 5) == true', {}, range(108, 118)],
  ['.map.map list literal', '[1,2,3,4,5].map(x, x).map(x, x)', {}, range(162, 162)],
  ['.map list literal selection', '[1,2,3,4,5].map(x, x)[4]', {}, range(87, 87)],
  ['nested array selection', '[[1,2],[1,2],[1,2],[1,2],[1,2]][4]', {}, range(61, 61)],
  ['nested map selection', "{'a': [1,2], 'b': [1,2], 'c': [1,2], 'd': [1,2], 'e': [1,2]}.b", {}, range(81, 81)],
  ['comprehension on nested list', '[[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]].all(y, y.all(y, y == 1))', {}, range(76, 136)],
  ['comprehension on transformed nested list', '[1,2,3,4,5].map(x, [x, x]).all(y, y.all(y, y == 1))', {}, range(157, 217)],
  ['comprehension on nested literal list', '["a", "ab", "abc", "abcd", "abcde"].map(x, [x, x]).all(y, y.all(y, y.startsWith(\'a\')))', {}, range(157, 217)],
  ['comprehension on nested variable list', "input.map(x, [x, x]).all(y, y.all(y, y.startsWith('a')))", {vars: {input: list(STRING)}, hints: {input: 5, 'input.@items': 10}}, range(13, 208)],
  ['comprehension chaining with concat', '[1,2,3,4,5].map(x, x).map(x, x) + [1]', {}, range(173, 173)],
  ['nested comprehension', '[1,2,3].all(i, i in [1,2,3].map(j, j + j))', {}, range(20, 230)],
  ['nested dyn comprehension', 'dyn([1,2,3]).all(i, i in dyn([1,2,3]).map(j, j + j))', {}, range(21, 234)],
  ['literal map access', "{'hello': 'hi'}['hello'] != {'hello': 'bye'}['hello']", {}, range(63, 63)],
  ['literal list access', "['hello', 'hi'][0] != ['hello', 'bye'][1]", {}, range(23, 23)],
  ['type call', 'type(1)', {}, range(1, 1)],
  ['type call variable', 'type(self.val1)', {vars: {self: map(INT)}}, range(3, 3)],
  ['type call variable equality', 'type(self.val1) == int', {vars: {self: map(INT)}}, range(5, 1844674407370955268n)],
  ['type literal equality cost', 'type(1) == int', {}, range(3, 1844674407370955266n)],
  ['simple map variable equality', 'self.val1 == 1.0', {vars: {self: map(DOUBLE)}}, range(3, 3)],
  ['date-time math', "self.val1 == timestamp('2011-08-18T00:00:00.000+01:00') + duration('19h3m37s10ms')", {vars: {self: map(TIMESTAMP)}}, range(6, 6)],
  ['date-time math self-conversion', "timestamp(self.val1) == timestamp('2011-08-18T00:00:00.000+01:00') + duration('19h3m37s10ms')", {vars: {self: map(TIMESTAMP)}}, range(7, 7)],
  ['boolean vars equal', 'self.val1 != self.val2', {vars: {self: map(BOOL)}}, range(5, 5)],
  ['boolean var equals literal', 'self.val1 != true', {vars: {self: map(BOOL)}}, range(3, 3)],
  ['double var equals literal', 'self.val1 == 1.0', {vars: {self: map(DOUBLE)}}, range(3, 3)],
];

/** ext/bindings_test.go: `cel.bind` is a comprehension over an empty list whose accumulator is the bound name. */
const BINDINGS: Array<[string, string, Case, Estimate]> = [
  ['single bind', `cel.bind(a, 'hell' + 'o' + '!', "%s, %s, %s".format([a, a, a])) == 'hello!, hello!, hello' + '!'`, {}, range(30, 32)],
  ['multiple binds', "cel.bind(a, 'hello!', cel.bind(b, 'goodbye', a + ' and, ' + b)) == 'hello! and, goodbye'", {}, range(27, 28)],
  ['shadow binds', "cel.bind(a, cel.bind(a, 'world', a + '!'), 'hello ' + a) == 'hello ' + 'world' + '!'", {}, range(30, 31)],
  ['nested bind with int list', 'cel.bind(a, x, cel.bind(b, a[0], cel.bind(c, a[1], b + c))) == 10', {vars: {x: list(INT)}, hints: {x: 3}}, range(39, 39)],
  ['nested bind with string list', 'cel.bind(a, x, cel.bind(b, a[0], cel.bind(c, a[1], b + c))) == "threeseven"', {vars: {x: list(STRING)}, hints: {x: 3, 'x.@items': 10}}, range(38, 40)],
];

describe("the estimator on cel-go's TestBindings cases", () => {
  it.each(BINDINGS)('%s: %s', (_name, expr, testCase, wanted) => {
    expect(estimateCost(parseRule(expr, {bindings: true}), testEnvironment(testCase))).toEqual(wanted);
  });
});

describe("the estimator on cel-go's TestCost cases", () => {
  it.each(CASES)('%s: %s', (_name, expr, testCase, wanted) => {
    expect(estimateCost(parseRule(expr, {bindings: true}), testEnvironment(testCase))).toEqual(wanted);
  });
});
