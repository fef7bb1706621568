/**
 * The fields of an x-kubernetes-validations rule, checked before any rule is compiled
 * (apiextensions-apiserver v0.33 validation.go ValidateCustomResourceDefinitionOpenAPISchema),
 * and optionalOldSelf, checked after. Cases from validation_test.go
 * (TestValidateCustomResourceDefinitionValidation) name their case.
 */
import {describe, expect, it} from 'vitest';
import {diagnose} from '../helpers';
import {widgetCrdWithRules} from './widget-crd';

const ROOT = 'spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations';
const PROPERTIES = {
  'a.c': {type: 'number'},
  foo: {type: 'object', properties: {'b.c': {type: 'object', properties: {d: {type: 'number'}}}}},
  list: {type: 'array', items: {type: 'object', properties: {a: {type: 'number'}}}},
  labels: {type: 'object', additionalProperties: {type: 'string'}},
  value: {type: 'integer'},
};
const messages = (rules: Array<Record<string, unknown>>, code = 'crd-rule-invalid') =>
  diagnose(widgetCrdWithRules(PROPERTIES, rules)).filter((d) => d.code === code).map((d) => d.message);

describe('the rule and its message', () => {
  it('refuses an empty rule as Required, and compiles none of the rules then', () => {
    expect(messages([{rule: '  '}, {rule: 'self.nope > 0'}])).toEqual([`${ROOT}[0].rule: Required value: rule is not specified`]);
    expect(messages([{rule: '  '}, {rule: 'self.nope > 0'}], 'crd-rule-compile')).toEqual([]);
  });

  it('refuses a blank message, one with line breaks, and a rule with line breaks without a message ("x-kubernetes-validations rule with line breaks")', () => {
    expect(messages([{rule: 'self.value >= 0 &&\nself.value <= 100'}, {rule: 'self.value == 50', message: 'value requirements:\nmust be >= 0\nmust be <= 100 '},
      {rule: 'self.value == 50', message: ' '}, {rule: 'true', messageExpression: ' '}])).toEqual([
      `${ROOT}[0].message: Required value: message must be specified if rule contains line breaks`,
      `${ROOT}[1].message: Invalid value: "value requirements:\\nmust be >= 0\\nmust be <= 100 ": message must not contain line breaks`,
      `${ROOT}[2].message: Invalid value: " ": message must be non-empty if specified`,
      `${ROOT}[3].messageExpression: Required value: messageExpression must be non-empty if specified`,
    ]);
  });

  it('accepts the four reasons and refuses any other with the supported values ("x-kubernetes-validations rule with unsupported reason")', () => {
    expect(messages(['FieldValueRequired', 'FieldValueInvalid', 'FieldValueDuplicate', 'FieldValueForbidden'].map((reason) => ({rule: 'true', reason})))).toEqual([]);
    expect(messages([{rule: 'true', reason: 'InternalError'}])).toEqual([
      `${ROOT}[0].reason: Unsupported value: "InternalError": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`]);
  });
});

describe('fieldPath', () => {
  it('names a property by .name or [\'name\'], and a map key ("x-kubernetes-validations should have valid fieldPath for array")', () => {
    expect(messages([{rule: 'true', fieldPath: ".foo['b.c'].d"}, {rule: 'true', fieldPath: "['a.c']"}, {rule: 'true', fieldPath: '.labels.team'},
      {rule: 'true', fieldPath: ".labels['a.b']"}])).toEqual([]);
  });

  it('is refused when it names no field, indexes a list, is blank, or is not a path', () => {
    expect(messages([{rule: 'true', fieldPath: '.a.c'}, {rule: 'true', fieldPath: '.list[0]'}, {rule: 'true', fieldPath: '   '},
      {rule: 'true', fieldPath: '.'}, {rule: 'true', fieldPath: '..'}, {rule: 'true', fieldPath: 'value'}, {rule: 'true', fieldPath: '.value\n'}])).toEqual([
      `${ROOT}[0].fieldPath: Invalid value: ".a.c": fieldPath must be a valid path`,
      `${ROOT}[1].fieldPath: Invalid value: ".list[0]": fieldPath must be a valid path`,
      `${ROOT}[2].fieldPath: Invalid value: "   ": fieldPath must be non-empty if specified`,
      `${ROOT}[2].fieldPath: Invalid value: "   ": fieldPath must be a valid path`,
      `${ROOT}[3].fieldPath: Invalid value: ".": fieldPath must be a valid path`,
      `${ROOT}[4].fieldPath: Invalid value: "..": fieldPath must be a valid path`,
      `${ROOT}[5].fieldPath: Invalid value: "value": fieldPath must be a valid path`,
      `${ROOT}[6].fieldPath: Invalid value: ".value\\n": fieldPath must not contain line breaks`,
      `${ROOT}[6].fieldPath: Invalid value: ".value\\n": fieldPath must be a valid path`,
    ]);
  });
});

describe('optionalOldSelf', () => {
  it('may be set only on a rule that reads oldSelf, true or false', () => {
    expect(messages([{rule: 'self.value > 0', optionalOldSelf: true}, {rule: 'self.value > 0', optionalOldSelf: false},
      {rule: 'oldSelf.hasValue()', optionalOldSelf: true}])).toEqual([
      `${ROOT}[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
      `${ROOT}[1].optionalOldSelf: Invalid value: false: may not be set if oldSelf is not used in rule`,
    ]);
  });
});
