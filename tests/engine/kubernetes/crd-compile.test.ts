/**
 * A CustomResourceDefinition whose x-kubernetes-validations rule does not compile is refused at
 * create (apiextensions-apiserver compilation.go compileRule, validation.go
 * validateCustomResourceDefinitionValidation): field.Invalid at the rule, printing the rule, with
 * "compilation failed: " and cel-go's issues (its parser's and its checker's, in its words);
 * such a rule costs 0.
 */
import {describe, expect, it} from 'vitest';
import {diagnose} from '../helpers';
import {widgetCrd} from './widget-crd';

/** A CRD whose spec.hosts is an unbounded list of strings with the given rule lines under x-kubernetes-validations. */
const crd = (rules: string) => widgetCrd(`
        type: object
        properties:
          spec:
            type: object
            properties:
              hosts:
                type: array
                items: {type: string}
                x-kubernetes-validations:
${rules}`);
const HOSTS = 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[hosts].x-kubernetes-validations[0]';
const findings = (text: string, code: string) => diagnose(text).filter((d) => d.code === code).map(({at, severity, message}) => ({at, severity, message}));
const compileErrors = (rules: string) => findings(crd(rules), 'crd-rule-compile');
/** The value field.Invalid prints: Go's %#v of apiextensions.ValidationRule. */
const printed = (rule: string, messageExpression = '') =>
  `apiextensions.ValidationRule{Rule:${JSON.stringify(rule)}, Message:"", MessageExpression:${JSON.stringify(messageExpression)}, Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}`;

describe('a rule that does not parse', () => {
  it('is refused at the rule with "compilation failed" and where the parser stopped', () => {
    const [error, ...more] = compileErrors("                - rule: 'self.all(x, '\n");
    expect(more).toEqual([]);
    expect(error?.at).toBe('23:25');
    expect(error?.severity).toBe('error');
    expect(error?.message.startsWith(`${HOSTS}.rule: Invalid value: ${printed('self.all(x, ')}: compilation failed: ERROR: <input>:1:13: Syntax error: `)).toBe(true);
  });

  it("gives every syntax error in cel-go's words, sorted by position, each with its source line and caret", () => {
    expect(compileErrors("                - rule: \"self.all(x, x = '') && if\"\n").map((e) => e.message.slice(e.message.indexOf(': compilation failed: '))))
      .toEqual([": compilation failed: ERROR: <input>:1:15: Syntax error: token recognition error at: '= '\n | self.all(x, x = '') && if\n | ..............^"
        + "\nERROR: <input>:1:17: Syntax error: extraneous input '''' expecting ')'\n | self.all(x, x = '') && if\n | ................^"
        + '\nERROR: <input>:1:24: reserved identifier: if\n | self.all(x, x = \'\') && if\n | .......................^']);
  });

  it('refuses a messageExpression that does not parse the same way, after its own prefix', () => {
    expect(compileErrors("                - rule: self.size() > 0\n                  messageExpression: \"'too many: ' + string(self.size()\"\n").map((e) => e.message.slice(e.message.indexOf(': messageExpression compilation failed: '))))
      .toEqual([": messageExpression compilation failed: ERROR: <input>:1:34: Syntax error: missing ')' at '<EOF>'\n | 'too many: ' + string(self.size()\n | .................................^"]);
  });

  it('is judged like any other when cel-go parses it and cel-js cannot (cel/go-syntax.ts)', () => {
    expect(compileErrors("                - rule: self.size() < .5 || [?self[?0]] == []\n")).toEqual([]);
    // checker.go checkCreateList: an element written `?e` must be optional
    expect(compileErrors("                - rule: self.size() < .5 || [?self[0]] == []\n").map((e) => e.message.slice(e.message.indexOf(': compilation failed: '))))
      .toEqual([": compilation failed: ERROR: <input>:1:27: expected type 'optional_type(string)' but found 'string'"
        + '\n | self.size() < .5 || [?self[0]] == []\n | ..........................^']);
  });

  it('is not estimated: a quadratic rule that does not compile brings no cost refusal', () => {
    const text = crd('                - rule: self.all(x, self.exists(y, x == y)) &&\n');
    expect(findings(text, 'crd-rule-cost')).toEqual([]);
    expect(findings(text, 'crd-rule-compile')).toHaveLength(1);
    // the same rule, compiling, is refused for its cost (crd-cost.test.ts)
    expect(findings(crd('                - rule: self.all(x, self.exists(y, x == y))\n'), 'crd-rule-cost')).not.toEqual([]);
  });
});

describe('a rule that does not type-check', () => {
  it("names an undeclared identifier as cel-go's checker does, where it is written", () => {
    expect(compileErrors('                - rule: "self.all(x, x != \'\') && size(hosts) > 0"\n')).toEqual([{at: '23:25', severity: 'error',
      message: `${HOSTS}.rule: Invalid value: ${printed("self.all(x, x != '') && size(hosts) > 0")}: compilation failed: ERROR: <input>:1:30: undeclared reference to 'hosts' (in container '')`
        + "\n | self.all(x, x != '') && size(hosts) > 0\n | .............................^"}]);
  });

  it('declares self, oldSelf (a transition rule compiles), the macros\' variables, the type names and qualified functions', () => {
    expect(compileErrors(`                - rule: self.all(x, self.exists_one(y, y == x))
                - rule: self.size() >= oldSelf.size()
                - rule: self.all(x, type(x) == string)
                - rule: self.all(x, !isIP(x) || ip.isCanonical(x))
`)).toEqual([]);
  });

  it('refuses cel.bind: Kubernetes\' base environment has no ext.Bindings (apiserver pkg/cel/environment/base.go, v0.33), so `cel`, the bound name and `bind` are undeclared', () => {
    expect(compileErrors("                - rule: cel.bind(first, self[0], first != '')\n").map((e) => e.message.slice(e.message.indexOf(': compilation failed: '))))
      .toEqual([": compilation failed: ERROR: <input>:1:1: undeclared reference to 'cel' (in container '')"
        + "\n | cel.bind(first, self[0], first != '')\n | ^"
        + "\nERROR: <input>:1:9: undeclared reference to 'bind' (in container '')\n | cel.bind(first, self[0], first != '')\n | ........^"
        + "\nERROR: <input>:1:10: undeclared reference to 'first' (in container '')\n | cel.bind(first, self[0], first != '')\n | .........^"
        + "\nERROR: <input>:1:26: undeclared reference to 'first' (in container '')\n | cel.bind(first, self[0], first != '')\n | .........................^"]);
  });

  it('refuses arithmetic over two different scalar types, and allows a comparison across numbers', () => {
    expect(compileErrors("                - rule: self.size() > 0 && self.size() + 'x' == 'y'\n").map((e) => e.message.slice(e.message.indexOf(': compilation failed: '))))
      .toEqual([": compilation failed: ERROR: <input>:1:32: found no matching overload for '_+_' applied to '(int, string)'"
        + "\n | self.size() > 0 && self.size() + 'x' == 'y'\n | ...............................^"]);
    expect(compileErrors('                - rule: self.size() < 1.5\n')).toEqual([]);
  });

  it('refuses a rule whose result is not a bool, without the compile prefix', () => {
    expect(compileErrors('                - rule: self.size()\n').map((e) => e.message))
      .toEqual([`${HOSTS}.rule: Invalid value: ${printed('self.size()')}: cel expression must evaluate to a bool`]);
  });
});

describe("a rule's messageExpression", () => {
  it('is refused at the messageExpression when it does not compile, the rule being fine', () => {
    const errors = compileErrors(`                - rule: self.size() > 0
                  messageExpression: "'no hosts in ' + names"
`);
    expect(errors).toEqual([{at: '24:38', severity: 'error',
      message: `${HOSTS}.messageExpression: Invalid value: ${printed('self.size() > 0', "'no hosts in ' + names")}: messageExpression compilation failed: ERROR: <input>:1:18: undeclared reference to 'names' (in container '')`
        + "\n | 'no hosts in ' + names\n | .................^"}]);
  });

  it('must evaluate to a string', () => {
    expect(compileErrors(`                - rule: self.size() > 0
                  messageExpression: self.size()
`).map((e) => e.message.slice(e.message.lastIndexOf(': ') + 2))).toEqual(['messageExpression must evaluate to a string']);
  });

  it('is not compiled when its rule is not (compileRule returns at the first error)', () => {
    expect(compileErrors(`                - rule: self.size()
                  messageExpression: self.size()
`).map((e) => e.message.endsWith('cel expression must evaluate to a bool'))).toEqual([true]);
  });
});

/** validation.go: a rule reading oldSelf is refused where items of a list that is not a map list lie above it. */
describe('a transition rule (one that reads oldSelf)', () => {
  const HOSTS_PATH = 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[hosts]';
  const uncorrelatable = (hosts: string) => findings(crd(hosts), 'crd-transition-rule-uncorrelatable');
  const onItems = (listType: string) => `                - rule: self.size() > 0
                ${listType}
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                  x-kubernetes-validations:
                  - rule: self.name == oldSelf.name
`;
  /** crd() declares hosts' type and items; these fixtures replace them. */
  const crdOf = (hosts: string) => crd(hosts).replace('                type: array\n                items: {type: string}\n                x-kubernetes-validations:\n', '                type: array\n                x-kubernetes-validations:\n');

  it('is refused on the items of an atomic list, naming the list, as the rule is printed', () => {
    expect(findings(crdOf(onItems('x-kubernetes-list-type: atomic')), 'crd-transition-rule-uncorrelatable')).toEqual([{at: '30:27', severity: 'error',
      message: `${HOSTS_PATH}.items.x-kubernetes-validations[0].rule: Invalid value: "self.name == oldSelf.name": oldSelf cannot be used on the uncorrelatable portion of the schema within ${HOSTS_PATH}`}]);
    expect(findings(crdOf(onItems('x-kubernetes-list-type: set')), 'crd-transition-rule-uncorrelatable')).toHaveLength(1);
    expect(findings(crdOf(onItems('maxItems: 10')), 'crd-transition-rule-uncorrelatable')).toHaveLength(1);
  });

  it('is allowed on the items of a map list, and on the list itself', () => {
    expect(findings(crdOf(onItems('x-kubernetes-list-type: map\n                x-kubernetes-list-map-keys: [name]')), 'crd-transition-rule-uncorrelatable')).toEqual([]);
    expect(uncorrelatable('                - rule: self.size() >= oldSelf.size()\n')).toEqual([]);
  });

  it('is not one when a macro variable named oldSelf shadows it', () => {
    const shadowed = crdOf(onItems('x-kubernetes-list-type: atomic')).replace('self.name == oldSelf.name', '[self.name].all(oldSelf, oldSelf != "")');
    expect(findings(shadowed, 'crd-transition-rule-uncorrelatable')).toEqual([]);
  });
});
