import {describe, expect, it} from 'vitest';
import {evaluateRules, goErrorText} from '../../../src/engine/cel/evaluate-rules';
import {compileRule} from '../../../src/engine/cel/rule-cache';
import type {SchemaNode, ValidationRule} from '../../../src/engine/schema/schema-node';

function objectWith(rules: ValidationRule[], properties: Record<string, SchemaNode> = {}): SchemaNode {
  return {
    type: 'object',
    properties: {spec: {type: 'object', properties, 'x-kubernetes-validations': rules}},
  };
}

const intField: SchemaNode = {type: 'integer'};
const stringField: SchemaNode = {type: 'string'};

describe('evaluateRules', () => {
  it('reports the static message at the node the rule is attached to', () => {
    const schema = objectWith([{rule: 'self.replicas <= 3', message: 'too many replicas'}], {replicas: intField});
    expect(evaluateRules(schema, {spec: {replicas: 5}})).toEqual([
      {path: '/spec', at: 'value', severity: 'error', code: 'cel', message: 'spec: Invalid value: "object": too many replicas'},
    ]);
    expect(evaluateRules(schema, {spec: {replicas: 3}})).toEqual([]);
  });

  it('falls back to "failed rule: <rule>" without a message, like the API server', () => {
    const schema = objectWith([{rule: 'self.replicas <= 3'}], {replicas: intField});
    expect(evaluateRules(schema, {spec: {replicas: 4}})[0]!.message).toBe('spec: Invalid value: "object": failed rule: self.replicas <= 3');
  });

  it('uses messageExpression when it yields a string, else the message', () => {
    const schema = objectWith([{rule: 'self.replicas <= 3', messageExpression: '"got " + string(self.replicas) + " replicas"', message: 'static'}], {replicas: intField});
    expect(evaluateRules(schema, {spec: {replicas: 9}})[0]!.message).toBe('spec: Invalid value: "object": got 9 replicas');
    const broken = objectWith([{rule: 'self.replicas <= 3', messageExpression: 'self.missing', message: 'static'}], {replicas: intField});
    expect(evaluateRules(broken, {spec: {replicas: 9}})[0]!.message).toBe('spec: Invalid value: "object": static');
  });

  it('points at fieldPath when the rule names one', () => {
    const schema = objectWith([{rule: 'self.replicas <= 3', message: 'too many', fieldPath: '.replicas'}], {replicas: intField});
    expect(evaluateRules(schema, {spec: {replicas: 4}})[0]).toMatchObject({path: '/spec/replicas', message: 'spec.replicas: Invalid value: "object": too many'});
    const bracket = objectWith([{rule: 'self.replicas <= 3', message: 'too many', fieldPath: "['replicas']"}], {replicas: intField});
    expect(evaluateRules(bracket, {spec: {replicas: 4}})[0]!.path).toBe('/spec/replicas');
  });

  it('skips transition rules (oldSelf) on create', () => {
    const schema = objectWith([{rule: 'self == oldSelf', message: 'immutable'}]);
    expect(evaluateRules(schema, {spec: {a: 1}})).toEqual([]);
  });

  it('follows CEL semantics for absent fields: has() guards, plain access is an evaluation error', () => {
    const guarded = objectWith([{rule: 'has(self.name) ? self.name != "" : true', message: 'name empty'}], {name: stringField});
    expect(evaluateRules(guarded, {spec: {}})).toEqual([]);
    const unguarded = objectWith([{rule: 'self.name != ""', message: 'name empty'}], {name: stringField});
    const [issue] = evaluateRules(unguarded, {spec: {}});
    expect(issue).toMatchObject({code: 'cel', severity: 'error'});
    expect(issue!.message).toMatch(/no such key.*evaluating rule: name empty/i);
  });

  it('words evaluation errors as the API server does (cel-go: lower case "no such key: name")', () => {
    // k8s.io/apiserver pkg/apiserver/schema/cel/validation.go: "%v evaluating rule: %v" with cel-go's error text
    const unguarded = objectWith([{rule: 'self.name != ""', message: 'name empty'}], {name: stringField});
    expect(evaluateRules(unguarded, {spec: {}})[0]).toMatchObject({severity: 'error', code: 'cel', path: '/spec'});
    expect(evaluateRules(unguarded, {spec: {}})[0]!.message).toBe('spec: Invalid value: "object": no such key: name evaluating rule: name empty');
    expect(goErrorText('URL parse failed')).toBe('URL parse failed');
  });

  it('words an index past a list\'s end as cel-go\'s list Get does (common/types/list.go)', () => {
    const listed = objectWith([{rule: 'self.items[1] == "b"', message: 'second is b'}], {items: {type: 'array', items: {type: 'string'}}});
    expect(evaluateRules(listed, {spec: {items: ['a']}})[0]!.message).toBe(`spec: Invalid value: "object": index '1' out of range in list size '1' evaluating rule: second is b`);
    expect(evaluateRules(listed, {spec: {items: []}})[0]!.message).toBe(`spec: Invalid value: "object": index '1' out of range in list size '0' evaluating rule: second is b`);
  });

  it('sees unknown fields as pruned, as the API server does before running rules', () => {
    const schema = objectWith([{rule: '!has(self.extra)', message: 'extra present'}], {name: stringField});
    expect(evaluateRules(schema, {spec: {extra: 1}})).toEqual([]);
  });

  it('passes schema integers to CEL as ints', () => {
    const schema = objectWith([{rule: 'type(self.n) == int && self.n + 1 == 3', message: 'not int'}], {n: intField});
    expect(evaluateRules(schema, {spec: {n: 2}})).toEqual([]);
  });

  it('evaluates rules on every list item and map value', () => {
    const schema: SchemaNode = {
      type: 'object',
      properties: {
        list: {type: 'array', items: {type: 'string', 'x-kubernetes-validations': [{rule: 'self != "bad"', message: 'bad item'}]}},
        map: {type: 'object', additionalProperties: {type: 'string', 'x-kubernetes-validations': [{rule: 'self != "bad"', message: 'bad value'}]}},
      },
    };
    const issues = evaluateRules(schema, {list: ['ok', 'bad', 'bad'], map: {a: 'bad', b: 'ok'}});
    expect(issues.map((i) => i.path)).toEqual(['/list/1', '/list/2', '/map/a']);
    expect(issues[2]!.message).toBe('map[a]: Invalid value: "string": bad value');
  });

  it('never throws: unparsable rules become warnings, odd values become issues', () => {
    const schema = objectWith([{rule: 'self.(((', message: 'x'}]);
    const [issue] = evaluateRules(schema, {spec: {}});
    expect(issue).toMatchObject({code: 'cel-unsupported', severity: 'warning'});
    const typed = objectWith([{rule: 'self.a.startsWith("x")', message: 'x'}]);
    expect(() => evaluateRules(typed, {spec: {a: 5}})).not.toThrow();
  });

  it('compiles each distinct rule once', () => {
    const first = compileRule('self.size() > 2');
    expect(compileRule('self.size() > 2')).toBe(first);
    expect(first.ok).toBe(true);
  });
});
