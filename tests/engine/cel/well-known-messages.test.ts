/**
 * Protobuf well-known messages constructed in a rule (`google.protobuf.Int64Value{value: 1}`), as
 * the 1.33 API server's cel-go v0.23.2 checks, builds and costs them. Upstream sources:
 * common/types/pb/pb.go (DefaultDb registers the files of Any, Duration, Empty, Timestamp,
 * Value/Struct/ListValue and the wrappers), checker/checker.go checkCreateStruct and
 * lookupFieldType, checker/errors.go (fieldTypeMismatch, undefinedField, undeclaredReference),
 * common/types/provider.go NewValue, msgSetField and fieldTypeConversionError,
 * common/types/pb/type.go unwrap, common/types/int.go and double.go ConvertToNative,
 * interpreter/runtimecost.go (StructCreateBaseCost 40) and checker/cost.go costCreateStruct;
 * Kubernetes apiserver pkg/cel/types.go DeclTypeProvider (unknown names go to cel-go's registry).
 */
import {describe, expect, it} from 'vitest';
import {parseRule} from '../../../src/engine/cel/estimate-expr';
import {compileRule} from '../../../src/engine/cel/rule-cache';
import {metered} from '../../../src/engine/cel/cost';
import {estimateCost} from '../../../src/engine/cel/estimate-cost';
import {crdRuleEnvironment} from '../../../src/engine/cel/estimate-library';
import type {JsonSchema} from '../../../src/engine/cel/estimate-decl-type';
import {compilerFor} from './compile-verdict';

const SCHEMA: JsonSchema = {type: 'object', properties: {a: {type: 'integer'}, s: {type: 'string', maxLength: 10}}};
const {self: SELF, verdict} = compilerFor(SCHEMA);
const outcome = (rule: string, self: unknown = {}) => {
  const compiled = compileRule(rule);
  if (!compiled.ok) throw new Error(compiled.error);
  return metered(() => compiled.program({self}));
};
const evaluate = (rule: string, self: unknown = {}) => {
  const result = outcome(rule, self);
  if ('error' in result) throw result.error;
  if ('exceeded' in result) throw new Error('exceeded');
  return result.result;
};

describe('which messages a rule can name (pb.go DefaultDb through the DeclTypeProvider)', () => {
  it.each([
    'google.protobuf.Duration{seconds: 1} < duration("2s")',
    'google.protobuf.Timestamp{seconds: 1} > timestamp("1970-01-01T00:00:00Z")',
    'google.protobuf.Struct{}.size() == 0',
    'google.protobuf.ListValue{values: [1.0]}.size() == 1',
  ])('%s type-checks to bool', (rule) => {
    expect(verdict(rule)).toBe('bool');
  });

  // types.go NewNullableType: a wrapper has its primitive's kind, and null is assignable to it
  // (checker/types.go internalIsAssignableNull); format.go names it wrapper(T)
  it('a wrapper is wrapper(T): compared with its primitive or null, refused beside another type', () => {
    expect(verdict('google.protobuf.Int64Value{value: 1} == 1')).toBe('bool');
    expect(verdict('.google.protobuf.BoolValue{value: true} == true')).toBe('bool');
    expect(verdict('google.protobuf.Int64Value{} != null')).toBe('bool');
    expect(verdict("google.protobuf.Int64Value{} == 'a'")).toContain("found no matching overload for '_==_' applied to '(wrapper(int), string)'");
  });

  it('a message of a file DefaultDb does not register is an undeclared reference, at the brace', () => {
    expect(verdict('google.protobuf.FieldMask{} == self')).toContain("<input>:1:26: undeclared reference to 'google.protobuf.FieldMask' (in container '')");
  });
});

describe("the fields (checker.go lookupFieldType, errors.go: at the field's colon)", () => {
  it('a field the message lacks is undefined', () => {
    expect(verdict('google.protobuf.Int64Value{val: 1} == 1')).toBe("compilation failed: ERROR: <input>:1:31: undefined field 'val'\n"
      + ' | google.protobuf.Int64Value{val: 1} == 1\n | ..............................^');
  });

  it("a value of another type than the proto field's is fieldTypeMismatch", () => {
    expect(verdict("google.protobuf.Int64Value{value: 'a'} == 1")).toBe("compilation failed: ERROR: <input>:1:33: expected type of field 'value' is 'int' but provided type is 'string'\n"
      + " | google.protobuf.Int64Value{value: 'a'} == 1\n | ................................^");
    expect(verdict('google.protobuf.Duration{seconds: self.s} < duration("1s")')).toContain("expected type of field 'seconds' is 'int' but provided type is 'string'");
  });

  it('the construction has the CEL type of the message (types.go checkedWellKnowns; format.go FormatCELType names it): a Duration is a duration', () => {
    expect(verdict('google.protobuf.Duration{seconds: 1} == 1')).toContain("found no matching overload for '_==_' applied to '(duration, int)'");
  });
});

describe('evaluation (provider.go NewValue, then pb/type.go unwrap)', () => {
  it('a wrapper is its primitive; unset, its zero value', () => {
    expect(evaluate('google.protobuf.Int64Value{value: self.a} == 5', {a: 5n})).toBe(true);
    expect(evaluate('google.protobuf.StringValue{} == ""')).toBe(true);
    expect(evaluate('google.protobuf.UInt32Value{value: 7u} == 7u')).toBe(true);
    // Double.ConvertToNative(float32) rounds to single precision; unwrap widens it back
    expect(evaluate('google.protobuf.FloatValue{value: 0.1} == 0.1')).toBe(false);
    expect(evaluate('google.protobuf.FloatValue{value: 0.5} == 0.5')).toBe(true);
  });

  it('an int32 field past its range is a conversion error (int64ToInt32Checked)', () => {
    const result = outcome('google.protobuf.Int32Value{value: 3000000000} == 1');
    expect('error' in result && String(result.error)).toContain('field type conversion error for google.protobuf.Int32Value.value value type: integer overflow');
  });

  it('Duration and Timestamp become a duration and a timestamp (AsDuration, AsTime)', () => {
    expect(evaluate('google.protobuf.Duration{seconds: 2, nanos: 5} == duration("2.000000005s")')).toBe(true);
    expect(evaluate('google.protobuf.Timestamp{seconds: 10} == timestamp("1970-01-01T00:00:10Z")')).toBe(true);
  });

  it('Struct, Value and ListValue are JSON: numbers doubles, an unset Value null', () => {
    expect(evaluate('google.protobuf.Struct{fields: {"a": 1}}["a"] == 1.0')).toBe(true);
    expect(evaluate('google.protobuf.Value{string_value: "x"} == "x"')).toBe(true);
    expect(evaluate('google.protobuf.Value{} == null')).toBe(true);
    expect(evaluate('google.protobuf.ListValue{values: [1, 2]} == [1.0, 2.0]')).toBe(true);
    // int.go/uint.go ConvertToNative(jsonValueType): a double while JSON-safe (|n| < 2^53), else its decimal string
    expect(evaluate('google.protobuf.ListValue{values: [3u, 9007199254740993]} == [3.0, "9007199254740993"]')).toBe(true);
    // bytes.go ConvertToNative(jsonValueType): base64
    expect(evaluate("google.protobuf.ListValue{values: [b'hi']} == ['aGk=']")).toBe(true);
  });

  it('an optional field left absent is unset', () => {
    expect(evaluate('google.protobuf.Int64Value{?value: optional.none()} == 0')).toBe(true);
    expect(evaluate('google.protobuf.Int64Value{?value: self.?a} == 3', {a: 3n})).toBe(true);
  });
});

describe('Any and Empty (an Any unpacks its message, an Empty is an object value): not evaluated here', () => {
  it('compile, but evaluating them is reported as not checked here, never as the rule failing', () => {
    expect(verdict('google.protobuf.Empty{} == google.protobuf.Empty{}')).toBe('bool');
    expect(compileRule('google.protobuf.Empty{} == google.protobuf.Empty{}')).toEqual({ok: false, error: 'google.protobuf.Empty values are not evaluated here'});
    expect(compileRule("google.protobuf.Any{type_url: 'x'} != null").ok).toBe(false);
  });
});

describe('cost: one struct construction (StructCreateBaseCost 40), never folded', () => {
  it('at run time: 40 and the fields, with no map built', () => {
    expect(outcome('google.protobuf.Int64Value{value: 1} == 1')).toEqual({result: true, cost: 40 + 1});
    expect(outcome('google.protobuf.Int64Value{value: self.a} == 1', {a: 1n})).toEqual({result: true, cost: 40 + 2 + 1});
  });

  it('in the estimate (cost.go costCreateStruct): the same', () => {
    const rule = 'google.protobuf.Int64Value{value: self.a} == 1';
    expect(estimateCost(parseRule(rule), crdRuleEnvironment(SELF))).toEqual({min: 43n, max: 43n});
  });
});
