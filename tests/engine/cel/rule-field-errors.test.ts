/**
 * A CEL rule's failures as field errors, worded as Kubernetes 1.33 words them:
 * apiextensions-apiserver v0.33 pkg/apiserver/schema/cel/validation.go validateExpressions,
 * fieldErrorForReason, evalMessageExpression, ruleMessageOrDefault and ruleErrorString, printed by
 * apimachinery v0.33 pkg/util/validation/field/errors.go Error.Error(). The bad value is the type of
 * the rule's schema node (`sts.Type`), not the value (that came with 1.35's PRs #132798/#133832).
 */
import {describe, expect, it} from 'vitest';
import {MESSAGE_OUT_OF_BUDGET, metered, OUT_OF_BUDGET} from '../../../src/engine/cel/cost';
import {evaluateRules} from '../../../src/engine/cel/evaluate-rules';
import {compileRule} from '../../../src/engine/cel/rule-cache';
import type {SchemaNode, ValidationRule} from '../../../src/engine/schema/schema-node';

/** spec (an object) holding `rules`, with an integer `replicas`, an int-or-string `port` and a string list `names`. */
function specWith(rules: ValidationRule[]): SchemaNode {
  return {
    type: 'object',
    properties: {spec: {
      type: 'object',
      properties: {
        replicas: {type: 'integer'},
        port: {'x-kubernetes-int-or-string': true},
        names: {type: 'array', items: {type: 'string'}},
      },
      'x-kubernetes-validations': rules,
    }},
  };
}

const messages = (rules: ValidationRule[], spec: Record<string, unknown>, budget?: number) =>
  evaluateRules(specWith(rules), {spec}, budget).map((issue) => issue.message);

const costOf = (source: string, self: unknown) => {
  const compiled = compileRule(source);
  if (!compiled.ok) throw new Error(compiled.error);
  return metered(() => compiled.program({self})).cost;
};

describe('a rule that evaluates to false (validation.go fieldErrorForReason)', () => {
  const rule = {rule: 'self.replicas <= 3', message: ' too many replicas '};

  it('without a reason: field.Invalid with the node\'s type, the message trimmed', () => {
    expect(messages([rule], {replicas: 4})).toEqual(['spec: Invalid value: "object": too many replicas']);
  });

  it('FieldValueInvalid: the same as no reason', () => {
    expect(messages([{...rule, reason: 'FieldValueInvalid'}], {replicas: 4})).toEqual(['spec: Invalid value: "object": too many replicas']);
  });

  it('FieldValueForbidden: field.Forbidden, no value', () => {
    expect(messages([{...rule, reason: 'FieldValueForbidden'}], {replicas: 4})).toEqual(['spec: Forbidden: too many replicas']);
  });

  it('FieldValueRequired: field.Required, no value', () => {
    expect(messages([{...rule, reason: 'FieldValueRequired'}], {replicas: 4})).toEqual(['spec: Required value: too many replicas']);
  });

  it('FieldValueDuplicate: field.Duplicate with the type, and no detail', () => {
    expect(messages([{...rule, reason: 'FieldValueDuplicate'}], {replicas: 4})).toEqual(['spec: Duplicate value: "object"']);
  });

  it('without a message: "failed rule: <rule>", the rule trimmed (ruleMessageOrDefault)', () => {
    expect(messages([{rule: ' self.replicas <= 3 '}], {replicas: 4})).toEqual(['spec: Invalid value: "object": failed rule: self.replicas <= 3']);
  });

  it('at the root of the resource: the nil field path prints as <nil>', () => {
    const root: SchemaNode = {type: 'object', properties: {n: {type: 'integer'}}, 'x-kubernetes-validations': [{rule: 'self.n < 2', message: 'small n'}]};
    expect(evaluateRules(root, {n: 5}).map((issue) => issue.message)).toEqual(['<nil>: Invalid value: "object": small n']);
  });

  it('on an int-or-string node: the type is "" (the structural schema has none)', () => {
    const schema: SchemaNode = {type: 'object', properties: {port: {'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': [{rule: 'self != "http"', message: 'not http'}]}}};
    expect(evaluateRules(schema, {port: 'http'}).map((issue) => issue.message)).toEqual(['port: Invalid value: "": not http']);
  });
});

describe('fieldPath moves the error, not its value', () => {
  it('points at the field, with the type of the rule\'s node ("object", not "integer")', () => {
    const issues = evaluateRules(specWith([{rule: 'self.replicas <= 3', message: 'too many', fieldPath: '.replicas', reason: 'FieldValueForbidden'}]), {spec: {replicas: 4}});
    expect(issues.map(({path, message}) => ({path, message}))).toEqual([{path: '/spec/replicas', message: 'spec.replicas: Forbidden: too many'}]);
    expect(messages([{rule: 'self.replicas <= 3', message: 'too many', fieldPath: '.replicas'}], {replicas: 4})).toEqual(['spec.replicas: Invalid value: "object": too many']);
  });
});

describe('messageExpression (validation.go evalMessageExpression)', () => {
  const base = {rule: 'self.replicas <= 3', message: 'static'};

  it('its result, trimmed, is the detail, in the reason\'s form too', () => {
    expect(messages([{...base, messageExpression: '"  got " + string(self.replicas) + " "'}], {replicas: 9})).toEqual(['spec: Invalid value: "object": got 9']);
    expect(messages([{...base, messageExpression: '"got " + string(self.replicas)', reason: 'FieldValueRequired'}], {replicas: 9})).toEqual(['spec: Required value: got 9']);
  });

  it('falls back to the message on an error, a non-string, a line break, an empty string or one past 5 KiB', () => {
    for (const messageExpression of ['self.missing', '"a\\nb"', '"   "', 'self.replicas', `"${'x'.repeat(5 * 1024 + 1)}"`]) {
      expect(messages([{...base, messageExpression}], {replicas: 9}), messageExpression).toEqual(['spec: Invalid value: "object": static']);
    }
    expect(messages([{...base, messageExpression: `"${'x'.repeat(5 * 1024)}"`}], {replicas: 9})[0]).toHaveLength('spec: Invalid value: "object": '.length + 5 * 1024);
  });

  it('falls back to "failed rule: <rule>" without a message', () => {
    expect(messages([{rule: 'self.replicas <= 3', messageExpression: 'self.missing'}], {replicas: 9})).toEqual(['spec: Invalid value: "object": failed rule: self.replicas <= 3']);
  });

  it('one the budget cannot pay for refuses the object at the fieldPath, with the node\'s type, and no further rule runs', () => {
    const rule = {...base, messageExpression: '"got " + string(self.replicas) + " of " + string(self.replicas)', fieldPath: '.replicas'};
    const budget = costOf(rule.rule, {replicas: 9}) + 1;
    expect(costOf(rule.messageExpression, {replicas: 9})).toBeGreaterThan(1);
    expect(messages([rule, {rule: 'false', message: 'later'}], {replicas: 9}, budget)).toEqual([`spec.replicas: Invalid value: "object": ${MESSAGE_OUT_OF_BUDGET}`]);
    expect(MESSAGE_OUT_OF_BUDGET).toBe('messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run');
  });

  it('one past PerCallLimit refuses the object, the expression %q-quoted', () => {
    const names = Array.from({length: 150}, (_, i) => `v${i}`);
    const messageExpression = 'self.names.all(a, self.names.all(b, self.names.all(c, a.size() + b.size() + c.size() > 0))) ? "cubic" : "no"';
    expect(messages([{rule: 'self.names.size() < 2', message: 'few names', messageExpression}, {rule: 'false', message: 'later'}], {names})).toEqual([
      `spec: Invalid value: "object": no further validation rules will be run due to call cost exceeds limit for messageExpression: "self.names.all(a, self.names.all(b, self.names.all(c, a.size() + b.size() + c.size() > 0))) ? \\"cubic\\" : \\"no\\""`,
    ]);
  });
});

describe('a rule that cannot be evaluated: field.Invalid at the rule\'s node (not its fieldPath)', () => {
  it('an evaluation error: "<err> evaluating rule: <message, else rule>"', () => {
    expect(messages([{rule: 'self.replicas < 5', message: 'few replicas', fieldPath: '.replicas'}], {})).toEqual([
      'spec: Invalid value: "object": no such key: replicas evaluating rule: few replicas',
    ]);
    expect(messages([{rule: 'self.replicas < 5'}], {})).toEqual([
      'spec: Invalid value: "object": no such key: replicas evaluating rule: self.replicas < 5',
    ]);
  });

  it('a runtime overload error (int-or-string): explained with the call-arguments text', () => {
    const [message] = messages([{rule: 'self.port > 5', message: 'high port'}], {port: 'http'});
    expect(message).toMatch(/^spec: Invalid value: "object": 'no such overload[^']*': call arguments did not match a supported operator, function or macro signature for rule: high port$/);
  });

  it('a rule past PerCallLimit: cancelled, and no further rule runs', () => {
    const names = Array.from({length: 150}, (_, i) => `v${i}`);
    expect(messages([{rule: 'self.names.all(a, self.names.all(b, self.names.all(c, a.size() + b.size() + c.size() > 0)))', fieldPath: '.names'}, {rule: 'false', message: 'later'}], {names})).toEqual([
      "spec: Invalid value: \"object\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.names.all(a, self.names.all(b, self.names.all(c, a.size() + b.size() + c.size() > 0)))",
    ]);
  });

  it('the object\'s budget spent: refused at the node where it ran out, with that node\'s type', () => {
    const rule = {rule: 'self.replicas <= 3', message: 'few', fieldPath: '.replicas'};
    expect(messages([rule, rule], {replicas: 1}, costOf(rule.rule, {replicas: 1}))).toEqual([`spec: Invalid value: "object": ${OUT_OF_BUDGET}`]);
  });

  it('a value values.go cannot convert (a bad duration): its error, evaluating each rule', () => {
    const schema: SchemaNode = {type: 'object', properties: {timeout: {type: 'string', format: 'duration', 'x-kubernetes-validations': [{rule: "self > duration('1s')", message: 'over a second'}]}}};
    expect(evaluateRules(schema, {timeout: 'soon'}).map((issue) => issue.message)).toEqual([
      'timeout: Invalid value: "string": Invalid duration soon: unable to parse soon as duration evaluating rule: over a second',
    ]);
  });
});
