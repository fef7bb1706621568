/**
 * Syntax cel-go v0.23.2 parses and cel-js does not (cel/go-syntax.ts), judged as the API server
 * judges it: parsed, type-checked (checker/checker.go), costed and evaluated. Upstream sources:
 * cel-go parser/parser_test.go (TestParse's accepted inputs, by line at v0.23.2), parser/gen/CEL.g4,
 * checker/checker.go checkCreateList/checkCreateMap/checkCreateStruct and checker/errors.go;
 * Kubernetes apiserver pkg/cel/environment/base.go (v0.33: cel.OptionalTypes from 1.28, no
 * ext.Bindings in any release).
 */
import {describe, expect, it} from 'vitest';
import {bridgeGoSyntax} from '../../../src/engine/cel/go-syntax';
import {parseRule} from '../../../src/engine/cel/estimate-expr';
import {syntaxIssues} from '../../../src/engine/cel/syntax-errors';
import {compileRule} from '../../../src/engine/cel/rule-cache';
import {estimateCost} from '../../../src/engine/cel/estimate-cost';
import {crdRuleEnvironment} from '../../../src/engine/cel/estimate-library';
import type {JsonSchema} from '../../../src/engine/cel/estimate-decl-type';
import {compilerFor} from './compile-verdict';

/** parser_test.go's accepted inputs that Kubernetes' parser accepts too (the five backquoted names need EnableIdentEscapeSyntax, off there). */
const ACCEPTED: Array<[number, string]> = [
  [33, "\"A\""],
  [37, "true"],
  [41, "false"],
  [45, "0"],
  [49, "42"],
  [53, "0xF"],
  [57, "0u"],
  [61, "23u"],
  [65, "24u"],
  [69, "0xFu"],
  [73, "-1"],
  [77, "4--4"],
  [84, "4--4.1"],
  [91, "b\"abc\""],
  [95, "23.39"],
  [99, "!a"],
  [105, "null"],
  [109, "a"],
  [113, "a?b:c"],
  [121, "a || b"],
  [128, "a || b || c || d || e || f "],
  [147, "a && b"],
  [154, "a && b && c && d && e && f && g"],
  [176, "a && b && c && d || e && f && g && h"],
  [201, "a + b"],
  [208, "a - b"],
  [215, "a * b"],
  [222, "a / b"],
  [229, "a % b"],
  [236, "a in b"],
  [243, "a == b"],
  [250, "a != b"],
  [257, "a > b"],
  [264, "a >= b"],
  [271, "a < b"],
  [278, "a <= b"],
  [285, "a.b"],
  [289, "a.b.c"],
  [293, "a[b]"],
  [300, "foo{ }"],
  [304, "foo{ a:b }"],
  [310, "foo{ a:b, c:d }"],
  [317, "{}"],
  [322, "{a:b, c:d}"],
  [329, "[]"],
  [333, "[a]"],
  [339, "[a, b, c]"],
  [347, "(a)"],
  [351, "((a))"],
  [355, "a()"],
  [360, "a(b)"],
  [367, "a(b, c)"],
  [374, "a.b()"],
  [379, "a.b(c)"],
  [434, "has(m.f)"],
  [449, "m.exists(v, f)"],
  [478, "m.all(v, f)"],
  [505, "m.existsOne(v, f)"],
  [543, "m.map(v, f)"],
  [576, "m.map(v, p, f)"],
  [609, "m.filter(v, p)"],
  [654, "x * 2"],
  [661, "x * 2u"],
  [668, "x * 2.0"],
  [675, "\"\\u2764\""],
  [679, "\"❤\""],
  [683, "! false"],
  [689, "-a"],
  [695, "a.b(5)"],
  [701, "a[3]"],
  [708, "SomeMessage{foo: 5, bar: \"xyz\"}"],
  [715, "[3, 4, 5]"],
  [723, "[3, 4, 5,]"],
  [731, "{foo: 5, bar: \"xyz\"}"],
  [738, "{foo: 5, bar: \"xyz\", }"],
  [745, "a > 5 && a < 10"],
  [758, "a < 5 || a > 10"],
  [779, "[] + [1,2,3,] + [4]"],
  [795, "{1:2u, 2:3u}"],
  [802, "TestAllTypes{single_int32: 1, single_int64: 2}"],
  [821, "size(x) == x.size()"],
  [846, "\"\\\"\""],
  [850, "[1,3,4][0]"],
  [867, "x[\"a\"].single_int32 == 23"],
  [877, "x.single_nested_message != null"],
  [884, "false && !true || false ? 2 : 3"],
  [900, "b\"abc\" + B\"def\""],
  [907, "1 + 2 * 3 - 1 / 2 == 6 % 1"],
  [938, "\"abc\" + \"def\""],
  [953, "\"\\xC3\\XBF\""],
  [958, "\"\\303\\277\""],
  [963, "\"hi\\u263A \\u263Athere\""],
  [968, "\"\\U000003A8\\?\""],
  [973, "\"\\a\\b\\f\\n\\r\\t\\v'\\\"\\\\\\? Legal escapes\""],
  [1004, "\"😁\" in [\"😁\", \"😑\", \"😦\"]"],
  [1280, "x.filter(y, y.filter(z, z > 0))"],
  [1314, "has(a.b).filter(c, c)"],
  [1378, "x.filter(y, y.exists(z, has(z.a)) && y.exists(z, has(z.b)))"],
  [1412, "(has(a.b) || has(c.d)).string()"],
  [1505, "has(a.b).asList().exists(c, c)"],
  [1518, "[has(a.b), has(c.d)].exists(e, e)"],
  [1658, "a.?b[?0] && a[?c]"],
  [1667, "{?'key': value}"],
  [1684, "[?a, ?b]"],
  [1691, "[?a[?b]]"],
  [1709, "Msg{?field: value}"],
  [1829, "noop_macro(123)"],
  [1884, "m.exists(v, f)"],
  [1892, "m.all(v, f)"],
  [1924, "m.existsOne(v, f)"],
  [1954, "m.map(v, f)"],
  [1989, "m.map(v, p, f)"],
  [2019, "m.filter(v, p)"],
];

const SCHEMA: JsonSchema = {type: 'object', properties: {a: {type: 'integer'}, s: {type: 'string', maxLength: 10}, l: {type: 'array', maxItems: 10, items: {type: 'integer'}}}};
const {self: SELF, compile, verdict} = compilerFor(SCHEMA);
const evaluate = (rule: string, self: unknown) => {
  const compiled = compileRule(rule);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.program({self});
};

describe("parser_test.go's accepted inputs", () => {
  it.each(ACCEPTED)('line %i parses into the tree the checker reads: %s', (_line, input) => {
    expect(syntaxIssues(input)).toEqual([]);
    expect(() => parseRule(input)).not.toThrow();
  });

  it('rewrites only what cel-js refuses: messages, optional list elements and map entries', () => {
    const rewritten = ACCEPTED.filter(([, input]) => bridgeGoSyntax(input) !== undefined).map(([line]) => line);
    expect(rewritten).toEqual([300, 304, 310, 708, 802, 1667, 1684, 1691, 1709]);
    expect(bridgeGoSyntax('[?a, ?b]')?.text).toBe('__optional_list__([a, b], [0, 1])');
    expect(bridgeGoSyntax("{?'key': value}")?.text).toBe("__optional_map__({'key': value}, [0])");
    expect(bridgeGoSyntax('Msg{?field: value}')?.text).toBe('__message__("Msg", {"field": value}, [0])');
  });
});

describe('CEL.g4 lexemes cel-js lacks', () => {
  it('a double without leading digits (NUM_FLOAT: . DIGIT+ EXPONENT?), at any depth, and nowhere in strings or comments', () => {
    expect(bridgeGoSyntax('.5 < 1.0 && [.25e1][0] > 2.0')?.text).toBe('0.5 < 1.0 && [0.25e1][0] > 2.0');
    expect(bridgeGoSyntax('".5" == \'[?a]\' // .5 {?k: v}\n|| 1.5 > 1.0')).toBeUndefined();
    expect(verdict('self.l.all(x, double(x) > .5)')).toBe('bool');
    expect(evaluate('.5 + .25 == 0.75', {})).toBe(true);
  });

  it('form feed as blank (WHITESPACE), raw bytes (BYTES: b before any STRING), a leading dot (the root scope)', () => {
    expect(evaluate('self.a\f> 0', {a: 1n})).toBe(true);
    expect(evaluate('br"\\d+" == b"\\\\d+"', {})).toBe(true);
    expect(evaluate('.self.a == self.a && .size(.self.s) == 2', {a: 1n, s: 'ab'})).toBe(true);
    expect(verdict('.self.a > 0')).toBe('bool');
  });
});

// cel-go v0.23.2: parser.go VisitIdent/VisitGlobalCall name the node `.name`;
// containers.ResolveCandidateNames strips the dot (Kubernetes' container is empty), and
// checker/env.go LookupIdent's FindIdent searches every scope, innermost first, so a macro
// variable of that name is what `.name` reads; the planner resolves the checked reference's name
// ("x") in the fold's activation. cel-go v0.27's #1256 (checker_test.go `[0].exists(x, x != .x)`,
// interpreter_test.go local_shadow_identifier_with_global_disambiguation) made `.x` the root
// scope's: not the version the 1.33 API server runs.
describe('a leading-dot name beside a macro variable of that name (v0.23.2 scoping)', () => {
  it('reads the macro variable, as the plain name does', () => {
    expect(bridgeGoSyntax('self.l.all(self, .self > 0)')?.text).toBe('self.l.all(self, self > 0)');
    expect(evaluate('self.l.exists(self, self != .self)', {l: [1n]})).toBe(false);
    expect(evaluate('[0].exists(x, [x + 1].exists(x, x == .x))', {})).toBe(true);
    expect(verdict('self.l.all(self, .self.a > 0)')).toBe("compilation failed: ERROR: <input>:1:23: type 'int' does not support field selection\n"
      + ' | self.l.all(self, .self.a > 0)\n | ......................^');
  });

  it('is rewritten wherever a macro variable elsewhere has the name (the issue\'s `self.all(name, ...)` beside `.name`)', () => {
    expect(evaluate('self.l.all(name, name > 0) && .self.l.size() == 1', {l: [1n]})).toBe(true);
    expect(verdict('self.l.all(name, .name > 0)')).toBe('bool');
  });

  it("spells the dot in checker.go's undeclared reference, at the name (an ident) or the parenthesis (a global call)", () => {
    expect(verdict('self.l.all(x, x > 0) && .name > 0')).toBe("compilation failed: ERROR: <input>:1:26: undeclared reference to '.name' (in container '')\n"
      + ' | self.l.all(x, x > 0) && .name > 0\n | .........................^');
    expect(verdict('.nothing(self.a)')).toContain("<input>:1:9: undeclared reference to '.nothing' (in container '')");
  });
});

// cel-go v0.23.2 parser/parser.go VisitGlobalCall names the call ".has" (identName = "." + id),
// and expandMacro looks the macro up by makeMacroKey(".has", 1, false): no macro has that key, so
// `.has(e)` is a plain global call, its argument a plain selection (not a presence test).
// checker/checker.go checkCall checks the arguments first, then env.go LookupFunction resolves
// ".has" to the candidate "has" (containers.ResolveCandidateNames strips the dot), which no
// library declares (has is only a macro, operators.Has), so errors.go undeclaredReference reports
// "undeclared reference to '.has' (in container '')" at the call's id: its parenthesis (ctx.GetOp()).
describe('a leading-dot has: the function `.has`, not the macro', () => {
  it("is an undeclared reference at its parenthesis, with blanks after the dot as CEL.g4 skips them", () => {
    expect(verdict('.has(self.a)')).toBe("compilation failed: ERROR: <input>:1:5: undeclared reference to '.has' (in container '')\n"
      + ' | .has(self.a)\n | ....^');
    expect(verdict('. has (self.a)')).toContain("<input>:1:7: undeclared reference to '.has' (in container '')");
    expect(verdict('self.a > 0 || .has(self.a)')).toContain("<input>:1:19: undeclared reference to '.has' (in container '')");
  });

  it('checks its argument first, as any call: a selection (no presence test), and no has() macro argument error', () => {
    expect(verdict('.has(self.nope)')).toBe("compilation failed: ERROR: <input>:1:5: undeclared reference to '.has' (in container '')\n"
      + ' | .has(self.nope)\n | ....^\n'
      + "ERROR: <input>:1:10: undefined field 'nope'\n | .has(self.nope)\n | .........^");
    expect(syntaxIssues('.has(1)')).toEqual([]);
    expect(verdict('.has(1)')).toContain("undeclared reference to '.has' (in container '')");
    expect(verdict('has(1)')).toContain('invalid argument to has() macro');
  });

  it('is rewritten only outside strings, and a plain has() stays the macro', () => {
    expect(bridgeGoSyntax('".has(x)" == self.s')).toBeUndefined();
    expect(verdict('has(self.a) && self.l.all(x, has(self.a))')).toBe('bool');
    expect(evaluate('has(self.a)', {a: 1n})).toBe(true);
  });

  it('has no program to run: the rule is reported with the checker\'s words', () => {
    const compiled = compileRule('.has(self.a)');
    expect(compiled).toEqual({ok: false, error: "undeclared reference to '.has' (in container '')"});
  });
});

describe('optional list elements and map entries (checker.go checkCreateList, checkCreateMap)', () => {
  it('type-check: an optional_type(T) item gives T to the aggregate', () => {
    expect(verdict('[?self.?a, 1].size() <= 2')).toBe('bool');
    expect(verdict("{?'a': self.?a, 'b': 1}.size() >= 1")).toBe('bool');
    expect(verdict('[?self.?a] == [1]')).toBe('bool');
  });

  it("refuse an item that is not optional: typeMismatch's wording at the item (a selection at its dot)", () => {
    expect(verdict('[?self.a, 2].size() == 2')).toBe("compilation failed: ERROR: <input>:1:7: expected type 'optional_type(int)' but found 'int'\n"
      + ' | [?self.a, 2].size() == 2\n | ......^');
    expect(verdict("{?'key': 1}.size() == 1")).toBe("compilation failed: ERROR: <input>:1:10: expected type 'optional_type(int)' but found 'int'\n"
      + " | {?'key': 1}.size() == 1\n | .........^");
    // the unwrapped types still join as the aggregate's (HomogeneousAggregateLiterals)
    expect(verdict("[?self.?s, 1].size() == 1")).toContain("expected type 'string' but found 'int'");
  });

  it('evaluate as the interpreter does: an absent item is left out, a present one unwrapped', () => {
    expect(evaluate('[?self.?a, ?self.?b, 3] == [1, 3]', {a: 1n})).toBe(true);
    expect(evaluate("{?'a': self.?a, ?'b': self.?b}.size() == 1", {a: 1n})).toBe(true);
    expect(evaluate("{?'a': optional.of(2)}['a'] == 2", {})).toBe(true);
    expect(evaluate('self.?a.orValue(5) == 5 && self.l[?0].hasValue()', {l: [1n]})).toBe(true);
  });

  it('cost like any list or map literal', () => {
    const env = crdRuleEnvironment(SELF);
    expect(estimateCost(parseRule('[?self.?a, 1].size() <= 2'), env)).toEqual(estimateCost(parseRule('[self.a, 1].size() <= 2'), env));
  });
});

describe('message construction (checker.go checkCreateStruct)', () => {
  it('names no type a Kubernetes rule can declare: undeclared, not a type, or not a message type, at the brace', () => {
    expect(verdict('Msg{}')).toBe("compilation failed: ERROR: <input>:1:4: undeclared reference to 'Msg' (in container '')\n | Msg{}\n | ...^");
    expect(verdict('a.b.Msg{f: 1} == self')).toContain("<input>:1:8: undeclared reference to 'a.b.Msg' (in container '')");
    expect(verdict('int{}')).toContain("<input>:1:4: 'int' is not a message type");
    expect(verdict('self{a: 1} == self')).toContain("<input>:1:5: 'selfType…' is not a type");
  });

  it('compiles and evaluates the protobuf well-known types (well-known-messages.test.ts has the rest)', () => {
    expect(compile('google.protobuf.Int64Value{value: 1} == 1').ok).toBe(true);
    expect(evaluate('google.protobuf.Int64Value{value: 1} == 1', {})).toBe(true);
  });
});

describe('hostile input', () => {
  it('is rewritten in one pass: 50,000 nested brackets or 30,000 optional elements in bounded time, without recursion', () => {
    const started = performance.now();
    expect(bridgeGoSyntax(`${'['.repeat(50_000)}?a${']'.repeat(50_000)}`)?.text.startsWith(`${'['.repeat(49_999)}__optional_list__([a], [0])`)).toBe(true);
    expect(bridgeGoSyntax(`[${Array.from({length: 30_000}, () => '?a').join(', ')}]`)?.text).toMatch(/^__optional_list__\(\[a, a, .*, 29999\]\)$/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('cel.bind in a CRD rule', () => {
  it("is not a macro: Kubernetes' environment has no ext.Bindings, so the checker finds `cel`, the variable and `bind` undeclared", () => {
    const detail = verdict('cel.bind(x, self.a, x > 0)');
    expect(detail).toContain("<input>:1:1: undeclared reference to 'cel' (in container '')");
    expect(detail).toContain("<input>:1:10: undeclared reference to 'x' (in container '')");
    expect(detail).toContain("<input>:1:9: undeclared reference to 'bind' (in container '')");
  });

  it('is a comprehension where ext.Bindings is on (ext/bindings.go), typed through its variable', () => {
    const expr = parseRule('cel.bind(x, 1, x + 1) == 2', {bindings: true});
    expect(expr.kind === 'call' && expr.args[0]!.kind).toBe('comprehension');
  });
});
