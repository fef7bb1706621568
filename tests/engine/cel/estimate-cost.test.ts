/**
 * The worst-case cost of a rule, as the API server estimates it when a CRD is written: the
 * figures of Kubernetes 1.33's TestCostEstimation (apiextensions-apiserver
 * pkg/apiserver/schema/cel/compilation_test.go), each schema once without limits (sizes
 * estimated from a 3 MiB request) and once with the limit the case sets.
 */
import {describe, expect, it} from 'vitest';
import {estimateCost} from '../../../src/engine/cel/estimate-cost';
import {crdRuleEnvironment} from '../../../src/engine/cel/estimate-library';
import {schemaDeclType, type JsonSchema} from '../../../src/engine/cel/estimate-decl-type';
import {parseRule} from '../../../src/engine/cel/estimate-expr';

type Generator = (max: number | undefined) => JsonSchema;

/** compilation_test.go parseRuleType: a type, a string format, or int-or-string. */
function scalar(type: string): JsonSchema {
  if (type === 'int-or-string') return {'x-kubernetes-int-or-string': true};
  if (['duration', 'date', 'date-time'].includes(type)) return {type: 'string', format: type};
  return {type};
}
const limit = (key: 'maxItems' | 'maxProperties' | 'maxLength', max: number | undefined) => (max === undefined ? {} : {[key]: max});

const arrayOf = (type: string): Generator => (max) => ({type: 'array', items: scalar(type), ...limit('maxItems', max)});
const arrayOfArrays = (type: string): Generator => (max) => ({type: 'array', items: {type: 'array', items: {type}}, ...limit('maxItems', max)});
const withRequired: JsonSchema = {type: 'object', properties: {required: {type: 'string'}, optional: {type: 'string'}}, required: ['required']};
const arrayOfObjects: Generator = (max) => ({type: 'array', items: withRequired, ...limit('maxItems', max)});
const arrayOfMaps = (type: string): Generator => (max) => ({type: 'array', items: {type: 'object', additionalProperties: {type}}, ...limit('maxItems', max)});
const mapOf = (type: string): Generator => (max) => ({type: 'object', additionalProperties: scalar(type), ...limit('maxProperties', max)});
const mapOfItems = (item: JsonSchema): Generator => (max) => ({type: 'object', additionalProperties: item, ...limit('maxProperties', max)});
const text: Generator = (max) => ({type: 'string', ...limit('maxLength', max)});
const bytes: Generator = (max) => ({type: 'string', format: 'byte', ...limit('maxLength', max)});
const enumOf = (...values: string[]): Generator => (max) => ({type: 'string', enum: values, ...limit('maxLength', max)});
const nestedSpec: Generator = (max) => ({type: 'object', additionalProperties: {type: 'string', ...limit('maxLength', max)}, ...limit('maxProperties', max)});
const allMaxNested: Generator = (max) => ({type: 'array', ...limit('maxItems', max),
  items: {type: 'object', ...limit('maxProperties', max), additionalProperties: {...withRequired, ...limit('maxProperties', max)}}});
const oneMaxNested: Generator = (max) => ({type: 'array', items: {type: 'object', ...limit('maxProperties', max), additionalProperties: withRequired}});
const stringList: Generator = (max) => ({type: 'array', items: {type: 'string', ...limit('maxLength', max)}, ...limit('maxItems', max)});
const replaceObject: Generator = (max) => ({type: 'object', properties: {str: {type: 'string', ...limit('maxLength', max)}, before: {type: 'string', maxLength: 2}, after: {type: 'string', maxLength: 4}}});
const splitObject: Generator = (max) => ({type: 'object', properties: {str: {type: 'string', ...limit('maxLength', max)}, separator: {type: 'string', ...limit('maxLength', max)}}});

/** [name, schema, rule, cost without limits, the limit set, cost with it]; a cost of 'over' exceeds the per-call limit. */
const CASES: Array<[string, Generator, string, number | 'over', number, number]> = [
  ['number array with all', arrayOf('number'), 'self.all(x, true)', 4718591, 10, 32],
  ['string array with all', arrayOf('string'), 'self.all(x, true)', 3145727, 20, 62],
  ['boolean array with all', arrayOf('boolean'), 'self.all(x, true)', 1887437, 5, 17],
  ['array of number arrays with all', arrayOfArrays('number'), 'self.all(x, true)', 3145727, 100, 302],
  ['array of objects with all', arrayOfObjects, 'self.all(x, true)', 555128, 50, 152],
  ['map of numbers with all', mapOf('number'), 'self.all(x, true)', 1348169, 10, 32],
  ['map of strings with all', mapOf('string'), 'self.all(x, true)', 1179647, 3, 11],
  ['map of booleans with all', mapOf('boolean'), 'self.all(x, true)', 943718, 100, 302],
  ['string with contains', text, "self.contains('test')", 314574, 10, 5],
  ['string with startsWith', text, "self.startsWith('test')", 2, 15, 2],
  ['string with endsWith', text, "self.endsWith('test')", 2, 30, 2],
  ['concat string', text, 'size(self + "hello") > size("hello")', 314578, 4, 7],
  ['index of array with numbers', arrayOf('number'), 'self[1] == 0.0', 2, 5000, 2],
  ['index of array with strings', arrayOf('string'), 'self[1] == self[1]', 314577, 8, 314577],
  ['O(n^2) loop with numbers', arrayOf('number'), 'self.all(x, self.all(y, true))', 'over', 10, 352],
  ['O(n^3) loop with numbers', arrayOf('number'), 'self.all(x, self.all(y, self.all(z, true)))', 'over', 10, 3552],
  ['regex matches simple', text, 'self.matches("x")', 314574, 50, 22],
  ['regex matches empty string', text, '"".matches("(((((((((())))))))))[0-9]")', 7, 10, 7],
  ['regex matches empty regex', text, 'self.matches("")', 1, 100, 1],
  ['map of strings with value length', nestedSpec, 'self.all(x, x.contains(self[x]))', 2752507, 10, 72],
  ['set array maxLength to zero', arrayOf('number'), 'self[3] == 0.0', 2, 0, 2],
  ['set map maxLength to zero', mapOf('number'), 'self["x"] == 0.0', 2, 0, 2],
  ['set string maxLength to zero', text, 'self == "x"', 2, 0, 1],
  ['set bytes maxLength to zero', bytes, 'self == b"x"', 2, 0, 1],
  ['set maxLength greater than estimated maxLength', arrayOf('number'), 'self.all(x, x == 0.0)', 6291454, 3 * 1024 * 2048, 25165826],
  ['nested types with root rule with all supporting maxLength', allMaxNested, 'self.all(x, x["y"].required == "z")', 7340027, 10, 72],
  ['nested types with root rule with one supporting maxLength', oneMaxNested, 'self.all(x, x["y"].required == "z")', 7340027, 10, 7340027],
  ['int-or-string array with all', arrayOf('int-or-string'), 'self.all(x, true)', 4718591, 10, 32],
  ['index of array with int-or-strings', arrayOf('int-or-string'), 'self[0] == 5', 3, 10, 3],
  ['index of array with booleans', arrayOf('boolean'), 'self[0] == false', 2, 25, 2],
  ['index of array of objects', arrayOfObjects, 'self[0] == null', 2, 422, 2],
  ['index of array of array of numnbers', arrayOfArrays('number'), 'self[0][0] == -1.0', 3, 51, 3],
  ['array of number maps with all', arrayOfMaps('number'), 'self.all(x, x.y == 25.2)', 6291452, 12, 74],
  ['index of array of number maps', arrayOfMaps('number'), 'self[0].x > 2.0', 4, 3000, 4],
  ['duration array with all', arrayOf('duration'), 'self.all(x, true)', 2359295, 5, 17],
  ['index of duration array', arrayOf('duration'), 'self[0].getHours() == 2', 4, 525, 4],
  ['date array with all', arrayOf('date'), 'self.all(x, true)', 725936, 15, 47],
  ['index of date array', arrayOf('date'), 'self[2].getDayOfMonth() == 13', 4, 42, 4],
  ['date-time array with all', arrayOf('date-time'), 'self.all(x, true)', 428963, 25, 77],
  ['index of date-time array', arrayOf('date-time'), 'self[2].getMinutes() == 45', 4, 99, 4],
  ['map of int-or-strings with all', mapOf('int-or-string'), 'self.all(x, true)', 1348169, 15, 47],
  ['map of objects with all', mapOfItems(withRequired), 'self.all(x, true)', 428963, 20, 62],
  ['map of number maps with all', mapOfItems({type: 'object', additionalProperties: {type: 'number'}}), 'self.all(x, true)', 1179647, 10, 32],
  ['map of number arrays with all', mapOfItems({type: 'array', items: {type: 'number'}}), 'self.all(x, true)', 1179647, 25, 77],
  ['map of durations with all', mapOf('duration'), 'self.all(x, true)', 1048577, 5, 17],
  ['map of dates with all', mapOf('date'), 'self.all(x, true)', 524288, 10, 32],
  ['map of date-times with all', mapOf('date-time'), 'self.all(x, true)', 349526, 25, 77],
  ['extended library regex find', text, "self.find('[0-9]+') == ''", 629147, 10, 11],
  ['extended library join', stringList, "self.join(' ') == 'aa bb'", 329853068905, 10, 43],
  ['extended library isSorted', stringList, 'self.isSorted() == true', 329854432052, 10, 52],
  ['extended library replace', replaceObject, "self.str.replace(self.before, self.after) == 'does not matter'", 629154, 4, 12],
  ['extended library split', splitObject, 'self.str.split(self.separator) == []', 629160, 10, 22],
  ['extended library lowerAscii', text, "self.lowerAscii() == 'lower!'", 314575, 10, 6],
  ['check cost of size call', mapOf('integer'), 'oldSelf.size() == self.size()', 5, 10, 5],
  ['check cost of timestamp comparison', mapOf('date-time'), 'self["a"] == self["b"]', 8, 7, 8],
  ['check cost of duration comparison', mapOf('duration'), 'self["c"] == self["d"]', 8, 42, 8],
  ['enums with maxLength equals to the longest possible value', enumOf('A', 'B', 'C', 'LongValue'), "self.contains('A')", 2, 1000, 401],
];

const PER_CALL_LIMIT = 1_000_000n;
const maxCost = (schema: JsonSchema, rule: string) => estimateCost(parseRule(rule), crdRuleEnvironment(schemaDeclType(schema, false)!)).max;

describe("a rule's estimated worst-case cost (TestCostEstimation, Kubernetes 1.33)", () => {
  it.each(CASES)('%s', (_name, generate, rule, calculated, max, set) => {
    const unbounded = maxCost(generate(undefined), rule);
    if (calculated === 'over') expect(unbounded).toBeGreaterThanOrEqual(PER_CALL_LIMIT);
    else expect(unbounded).toBe(BigInt(calculated));
    expect(maxCost(generate(max), rule)).toBe(BigInt(set));
  });
});

// checker/cost.go keeps one scope per comprehension variable (cost.go: c.vars pushed on entering a
// comprehension, popped on leaving); a name rebound at every level of the deepest nesting the
// parser allows, with a thousand comprehensions of that name below, is pushed in place, so the
// estimate is linear in the rule's size. cost.go costCreateList sums its elements' costs.
describe('a comprehension variable rebound at scale', () => {
  const SELF = schemaDeclType({type: 'object', properties: {l: {type: 'array', maxItems: 2, items: {type: 'integer'}}}}, false)!;
  const rule = (siblings: number) => {
    let body = `[${Array.from({length: siblings}, () => 'self.l.all(x, x > 0)').join(', ')}].size() > 0`;
    for (let depth = 0; depth < 30; depth++) body = `self.l.all(x, ${body})`;
    return body;
  };

  it('costs each sibling once, in bounded time', () => {
    const env = crdRuleEnvironment(SELF);
    const started = performance.now();
    const one = estimateCost(parseRule(rule(1)), env);
    const two = estimateCost(parseRule(rule(2)), env);
    const many = estimateCost(parseRule(rule(1_000)), env);
    expect(performance.now() - started).toBeLessThan(10_000);
    // 30 nested walks of at most 2 items saturate nothing: the growth per sibling is the same at 1,000 (cel-js's most list elements)
    expect(two.max).toBeGreaterThan(one.max);
    expect(many.max - one.max).toBe((two.max - one.max) * 999n);
  });
});
