/**
 * A CRD rule is type-checked as cel-go v0.23.2's checker checks it against the schema's
 * declaration (apiextensions-apiserver v0.33 compilation.go compileRule): the issues it reports,
 * worded and placed as cel-go's Errors.ToDisplayString writes them after "compilation failed: ",
 * all of them, each with its source line and a caret. Cases marked with their source are
 * Kubernetes' own (compilation_test.go TestCelCompilation, validation_test.go
 * TestValidateCustomResourceDefinitionValidation); the others follow cel-go's checker/errors.go.
 */
import {describe, expect, it} from 'vitest';
import {diagnose} from '../helpers';
import {widgetCrdWithRules} from './widget-crd';

/** A CRD whose root schema has `properties` and the given rules (each a rule string or a whole rule). */
const crd = (properties: Record<string, unknown>, rules: Array<string | Record<string, unknown>>) =>
  widgetCrdWithRules(properties, rules.map((rule) => (typeof rule === 'string' ? {rule} : rule)));

const SPEC = {
  spec: {
    type: 'object',
    properties: {
      name: {type: 'string'},
      replicas: {type: 'integer'},
      hosts: {type: 'array', items: {type: 'string'}},
      labels: {type: 'object', additionalProperties: {type: 'string'}},
      port: {'x-kubernetes-int-or-string': true},
      config: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
      namespace: {type: 'array', items: {type: 'string'}},
    },
  },
};

/** What follows "compilation failed: " (or the whole detail) of each rule refused. */
const refusals = (...rules: Array<string | Record<string, unknown>>) => diagnose(crd(SPEC, rules)).filter((d) => d.code === 'crd-rule-compile')
  .map((d) => d.message.slice(d.message.indexOf('}: ') + 3));

describe('fields of the schema', () => {
  it("refuses a field the schema does not declare with cel-go's \"undefined field\", at the dot before it, with the source line and a caret", () => {
    expect(refusals('self.spec.nope == 1')).toEqual(["compilation failed: ERROR: <input>:1:10: undefined field 'nope'\n | self.spec.nope == 1\n | .........^"]);
  });

  it("places has() on an undeclared field at the macro's parenthesis", () => {
    expect(refusals('has(self.spec.nope)')).toEqual(["compilation failed: ERROR: <input>:1:4: undefined field 'nope'\n | has(self.spec.nope)\n | ...^"]);
  });

  it('reads any key of a map (additionalProperties) as its value type, and an int-or-string as dyn', () => {
    expect(refusals("self.spec.labels.anything == 'x'", "has(self.spec.labels.team)", "self.spec.port == 80 || self.spec.port == 'http'", 'self.spec.port.anything == 1')).toEqual([]);
    expect(refusals('self.spec.labels.anything == 1')).toEqual([
      "compilation failed: ERROR: <input>:1:27: found no matching overload for '_==_' applied to '(string, int)'\n | self.spec.labels.anything == 1\n | ..........................^"]);
  });

  it('declares no field of an object that preserves unknown fields (schemas.go: unknown fields are not exposed)', () => {
    expect(refusals('has(self.spec.config.debug)')[0]).toContain("undefined field 'debug'");
  });

  it('finds a property named by a reserved word by that word (compilation_test.go "ignore keyword as field name" case)', () => {
    expect(refusals('size(self.spec.namespace[0]) == 10', 'self.spec.__namespace__.size() > 0')).toEqual([]);
  });

  it('says a scalar has no fields', () => {
    expect(refusals("self.spec.name.first == 'a'")[0]).toContain("type 'string' does not support field selection");
  });
});

describe('calls no overload fits', () => {
  it("names a member function's receiver and arguments (receiver.(args)), and a global function's arguments", () => {
    expect(refusals("self.spec.name.startsWith(1)", 'size(1) > 0')).toEqual([
      "compilation failed: ERROR: <input>:1:26: found no matching overload for 'startsWith' applied to 'string.(int)'\n | self.spec.name.startsWith(1)\n | .........................^",
      "compilation failed: ERROR: <input>:1:5: found no matching overload for 'size' applied to '(int)'\n | size(1) > 0\n | ....^",
    ]);
  });

  it('refuses == between a string and an int (validation_test.go "self == 1" on a string)', () => {
    expect(refusals("self.spec.name == 1")[0]).toContain("found no matching overload for '_==_' applied to '(string, int)'");
  });

  it('refuses == between an object and an int, naming the object by the type name the API server gives it (compilation_test.go "self == 10")', () => {
    expect(refusals('self == 10')).toEqual(["compilation failed: ERROR: <input>:1:6: found no matching overload for '_==_' applied to '(selfType…, int)'\n | self == 10\n | .....^"]);
  });

  it('allows null against an object and refuses it against a string (only messages, wrappers and opaque types are nullable)', () => {
    expect(refusals('self.spec != null')).toEqual([]);
    expect(refusals('self.spec.name != null')[0]).toContain("found no matching overload for '_!=_' applied to '(string, null)'");
  });

  it('checks the Kubernetes libraries and ext.Strings version 2 (no reverse, which is version 3)', () => {
    expect(refusals("self.spec.hosts.all(h, isURL(h) && url(h).getHost() != '')", "self.spec.hosts.isSorted()", "quantity('1Gi').isLessThan(quantity('2Gi'))",
      "self.spec.name.split('.').join('-').lowerAscii() != ''", "cidr('10.0.0.0/8').containsIP(self.spec.name)")).toEqual([]);
    expect(refusals('isURL(1)', "self.spec.name.reverse() == ''", "quantity('1').isLessThan(1)").map((r) => r.split('\n')[0])).toEqual([
      "compilation failed: ERROR: <input>:1:6: found no matching overload for 'isURL' applied to '(int)'",
      "compilation failed: ERROR: <input>:1:23: undeclared reference to 'reverse' (in container '')",
      "compilation failed: ERROR: <input>:1:25: found no matching overload for 'isLessThan' applied to 'kubernetes.Quantity.(int)'",
    ]);
  });

  it('refuses a function the environment does not declare (compilation_test.go "fakeFunction")', () => {
    expect(refusals("fakeFunction('abc') == 'ABC'")[0]).toContain("undeclared reference to 'fakeFunction' (in container '')");
  });

  it("calls a namespaced function the environment lacks `f` on an undeclared `ns`: two references (checker.go checkCall), as for ext.Math's math.greatest", () => {
    expect(refusals('math.greatest(1, 2) == 2')).toEqual(["compilation failed: ERROR: <input>:1:1: undeclared reference to 'math' (in container '')\n | math.greatest(1, 2) == 2\n | ^"
      + "\nERROR: <input>:1:14: undeclared reference to 'greatest' (in container '')\n | math.greatest(1, 2) == 2\n | .............^"]);
    // the namespaced functions the environment declares are found whatever precedes them
    expect(refusals("sets.contains(self.spec.hosts, ['a']) && strings.quote(self.spec.name) != '' && optional.of(1).hasValue()")).toEqual([]);
  });

  it('does not declare the semver library in a new rule: a 1.33 API server compiles it in 1.32\'s environment (base.go introduces SemverLib in 1.33)', () => {
    expect(refusals('isSemver(self.spec.name)')).toEqual(["compilation failed: ERROR: <input>:1:9: undeclared reference to 'isSemver' (in container '')\n | isSemver(self.spec.name)\n | ........^"]);
    expect(refusals("semver('1.2.3').major() == 1")[0]).toContain("undeclared reference to 'semver' (in container '')");
  });

  it("requires bool of a macro's predicate and one type of a list literal's elements (HomogeneousAggregateLiterals)", () => {
    expect(refusals('self.spec.hosts.all(h, h)')).toEqual(["compilation failed: ERROR: <input>:1:24: expected type 'bool' but found 'string'\n | self.spec.hosts.all(h, h)\n | .......................^"]);
    expect(refusals("[1, 'a'].size() > 0")[0]).toContain("expected type 'int' but found 'string'");
  });
});

describe('every issue', () => {
  it('is given, sorted by where it is, one after the other (Errors.ToDisplayString)', () => {
    expect(refusals("self.spec.name.startsWith(2) || self.spec.nope == 1 || unknownVar")).toEqual([
      "compilation failed: ERROR: <input>:1:26: found no matching overload for 'startsWith' applied to 'string.(int)'\n | self.spec.name.startsWith(2) || self.spec.nope == 1 || unknownVar\n | .........................^"
      + "\nERROR: <input>:1:42: undefined field 'nope'\n | self.spec.name.startsWith(2) || self.spec.nope == 1 || unknownVar\n | .........................................^"
      + "\nERROR: <input>:1:56: undeclared reference to 'unknownVar' (in container '')\n | self.spec.name.startsWith(2) || self.spec.nope == 1 || unknownVar\n | .......................................................^",
    ]);
  });

  it('is placed on its own line of a rule written on several, with a wide dot under a character of more than one byte', () => {
    expect(refusals({rule: "self.spec.name != 'é' &&\nself.spec.nope", message: 'm'})).toEqual([
      "compilation failed: ERROR: <input>:2:10: undefined field 'nope'\n | self.spec.nope\n | .........^"]);
    expect(refusals("'é' == 1")).toEqual(["compilation failed: ERROR: <input>:1:5: found no matching overload for '_==_' applied to '(string, int)'\n | 'é' == 1\n | .．..^"]);
  });
});

describe("literal arguments (cel-go's AST validators, on from Kubernetes 1.29)", () => {
  it('refuses a duration Go cannot parse and a pattern RE2 cannot compile, at the literal', () => {
    expect(refusals("duration('1x') > duration('1s')", "self.spec.name.matches('[a-')")).toEqual([
      "compilation failed: ERROR: <input>:1:10: invalid duration argument\n | duration('1x') > duration('1s')\n | .........^",
      "compilation failed: ERROR: <input>:1:24: invalid matches argument\n | self.spec.name.matches('[a-')\n | .......................^",
    ]);
    expect(refusals("duration('1h30m') > duration('90s')", "self.spec.name.matches('^[a-z]+(-[a-z]+)*$')", "self.spec.name.matches(self.spec.name)")).toEqual([]);
  });

  it('refuses a timestamp Go\'s time.Parse(RFC3339) refuses, or one outside years 1 to 9999 (ValidateTimestampLiterals)', () => {
    expect(refusals("timestamp('2024-02-30T00:00:00Z') < timestamp('2024-01-01')", "timestamp(253402300800) > timestamp('0000-12-31T23:59:59Z')")).toEqual([
      "compilation failed: ERROR: <input>:1:11: invalid timestamp argument\n | timestamp('2024-02-30T00:00:00Z') < timestamp('2024-01-01')\n | ..........^"
        + "\nERROR: <input>:1:47: invalid timestamp argument\n | timestamp('2024-02-30T00:00:00Z') < timestamp('2024-01-01')\n | ..............................................^",
      "compilation failed: ERROR: <input>:1:11: invalid timestamp argument\n | timestamp(253402300800) > timestamp('0000-12-31T23:59:59Z')\n | ..........^"
        + "\nERROR: <input>:1:37: invalid timestamp argument\n | timestamp(253402300800) > timestamp('0000-12-31T23:59:59Z')\n | ....................................^",
    ]);
    // fractions after a dot or a comma, offsets, the last second of 9999 and Unix seconds are Go's too
    expect(refusals("timestamp('2024-02-29T23:59:59.123456789+05:30') > timestamp('2024-01-01T00:00:00,5Z')",
      "timestamp('9999-12-31T23:59:59Z') > timestamp(-62135596800)")).toEqual([]);
  });

  it('are not validated when the rule does not type-check', () => {
    expect(refusals("duration('1x') > 1")).toEqual([
      "compilation failed: ERROR: <input>:1:16: found no matching overload for '_>_' applied to '(duration, int)'\n | duration('1x') > 1\n | ...............^"]);
  });
});

describe('a messageExpression', () => {
  it('is checked against the same schema, and refused with its own prefix', () => {
    const messages = diagnose(crd(SPEC, [{rule: 'self.spec.replicas > 0', messageExpression: "'too few: ' + self.spec.nope"}]))
      .filter((d) => d.code === 'crd-rule-compile').map((d) => d.message.slice(d.message.indexOf('}: ') + 3));
    expect(messages).toEqual(["messageExpression compilation failed: ERROR: <input>:1:24: undefined field 'nope'\n | 'too few: ' + self.spec.nope\n | .......................^"]);
  });
});

describe('a long rule', () => {
  it('is checked in time linear in its length (bindings are undone, not copied, per trial)', () => {
    const long = Array.from({length: 1500}, (_, i) => `self.spec.replicas == ${i}`).join(' || ');
    const started = performance.now();
    expect(refusals(long)).toEqual([]);
    expect(refusals(`${long} || self.spec.replicas == 'x'`)[0]).toContain("found no matching overload for '_==_' applied to '(int, string)'");
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('the result', () => {
  it('must be a bool: a dyn result is not (OutputType() != BoolType)', () => {
    expect(refusals('self.spec.port')).toEqual(['cel expression must evaluate to a bool']);
    expect(refusals('self.spec.port == 1')).toEqual([]);
  });

  it('types oldSelf as optional_type(self) under optionalOldSelf, so its value is read with .value() or orValue()', () => {
    expect(refusals({rule: 'self.spec.replicas >= oldSelf.orValue(self).spec.replicas', optionalOldSelf: true})).toEqual([]);
    expect(refusals({rule: 'self.spec.replicas >= oldSelf.spec.replicas', optionalOldSelf: true})[0])
      .toContain("found no matching overload for '_>=_' applied to '(int, optional_type(int))'");
  });
});
