/**
 * Protobuf well-known messages constructed in a rule (`google.protobuf.Int64Value{value: 1}`), as
 * the 1.33 API server's cel-go v0.23.2 checks, builds and costs them. Upstream sources:
 * common/types/pb/pb.go (DefaultDb registers the files of Any, Duration, Empty, Timestamp,
 * Value/Struct/ListValue and the wrappers), checker/checker.go checkCreateStruct and
 * lookupFieldType, checker/errors.go (fieldTypeMismatch, undefinedField, undeclaredReference),
 * common/types/provider.go NewValue, NativeToValue ("unknown type: '%s'"), msgSetField and fieldTypeConversionError,
 * common/types/pb/type.go unwrap, common/types/int.go and double.go ConvertToNative,
 * interpreter/runtimecost.go (StructCreateBaseCost 40) and checker/cost.go costCreateStruct;
 * Kubernetes apiserver pkg/cel/types.go DeclTypeProvider (unknown names go to cel-go's registry).
 */
import {describe, expect, it} from 'vitest';
import {parseRule} from '../../../src/engine/cel/estimate-expr';
import {evaluate, failure, outcome} from './run-rule';
import {estimateCost} from '../../../src/engine/cel/estimate-cost';
import {crdRuleEnvironment} from '../../../src/engine/cel/estimate-library';
import type {JsonSchema} from '../../../src/engine/cel/estimate-decl-type';
import {compilerFor} from './compile-verdict';

const SCHEMA: JsonSchema = {type: 'object', properties: {a: {type: 'integer'}, s: {type: 'string', maxLength: 10}}};
const {self: SELF, verdict} = compilerFor(SCHEMA);

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
    // time.Unix(seconds, nanos): nanoseconds carried into the seconds, to the nanosecond
    expect(evaluate('google.protobuf.Timestamp{seconds: 10, nanos: -1} == timestamp("1970-01-01T00:00:09.999999999Z")')).toBe(true);
    // timestamp.go ConvertToNative(jsonValueType): a timestamp in a Struct is its RFC3339Nano string
    expect(evaluate('google.protobuf.Struct{fields: {"t": timestamp("2024-01-01T00:00:00.5Z")}}["t"] == "2024-01-01T00:00:00.5Z"')).toBe(true);
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

  it('a duration in JSON is its string(); an Empty is {}; an optional is its value (duration.go, object.go, optional.go ConvertToNative)', () => {
    expect(evaluate('google.protobuf.Struct{fields: {"d": duration("1.5s")}}["d"] == "1.5s"')).toBe(true);
    expect(evaluate('google.protobuf.ListValue{values: [duration("-90m"), duration("1ms")]} == ["-5400s", "0.001s"]')).toBe(true);
    expect(evaluate('google.protobuf.Value{list_value: [google.protobuf.Empty{}]} == [{}]')).toBe(true);
    expect(evaluate('google.protobuf.Struct{fields: {"o": optional.of(duration("2s"))}}["o"] == "2s"')).toBe(true);
  });

  it("what has no JSON fails with its ConvertToNative error, wrapped once as the field's (provider.go fieldTypeConversionError)", () => {
    expect(failure('google.protobuf.Struct{fields: {"t": int}} == {}'))
      .toBe("field type conversion error for google.protobuf.Struct.fields value type: type conversion not supported for 'type'");
    expect(failure('google.protobuf.Struct{fields: {"o": optional.none()}} == {}'))
      .toBe('field type conversion error for google.protobuf.Struct.fields value type: optional.none() dereference');
    // apiserver pkg/cel/url.go: "type conversion error from 'URL' to '%v'" of *structpb.Value
    expect(failure('google.protobuf.Value{struct_value: {"u": url("https://a/b")}} == {}'))
      .toBe("field type conversion error for google.protobuf.Value.struct_value value type: type conversion error from 'URL' to '*structpb.Value'");
    expect(failure('google.protobuf.Value{list_value: [{"x": [type(1)]}]} == []'))
      .toBe("field type conversion error for google.protobuf.Value.list_value value type: type conversion not supported for 'type'");
  });

  it('an optional field left absent is unset', () => {
    expect(evaluate('google.protobuf.Int64Value{?value: optional.none()} == 0')).toBe(true);
    expect(evaluate('google.protobuf.Int64Value{?value: self.?a} == 3', {a: 3n})).toBe(true);
  });
});

// pb/type.go unwrap: an Empty is no wrapper, so NativeToValue keeps it an object (NewObject), whose
// Equal is proto.Equal; an Any is unwrapDynamic's case "google.protobuf.Any": Merge, UnmarshalNew
// (anypb: "invalid empty type URL"; protoregistry FindMessageByURL takes the name after the last
// '/'), then the unpacked message unwrapped as a constructed one. A failure is provider.go
// NativeToValue's UnsupportedRefValConversionErr(v): "unsupported conversion to ref.Val: (%T)%v",
// %v the dynamic message's String (prototext, single line; internal/encoding/text appendString).
describe('Empty: an object value (not unwrapped)', () => {
  it('equals another Empty (proto.Equal), nothing else', () => {
    expect(verdict('google.protobuf.Empty{} == google.protobuf.Empty{}')).toBe('bool');
    expect(evaluate('google.protobuf.Empty{} == google.protobuf.Empty{}')).toBe(true);
    expect(evaluate('google.protobuf.Empty{} != google.protobuf.Empty{}')).toBe(false);
    expect(evaluate('dyn(google.protobuf.Empty{}) == dyn(1)')).toBe(false);
    expect(evaluate('[google.protobuf.Empty{}] == [google.protobuf.Empty{}]')).toBe(true);
  });

  it('costs its construction, 40, and the comparison 1', () => {
    expect(outcome('google.protobuf.Empty{} == google.protobuf.Empty{}')).toEqual({result: true, cost: 40 + 40 + 1});
  });
});

describe('Any: its packed message, decoded and unwrapped', () => {
  const any = (type: string, value: string) => `google.protobuf.Any{type_url: '${type}', value: b'${value}'}`;

  it('a wrapper, Duration, Empty, Struct and a nested Any, by any URL prefix', () => {
    expect(evaluate(`${any('type.googleapis.com/google.protobuf.Int64Value', '\\x08\\x05')} == 5`)).toBe(true);
    // a varint of ten bytes: int64 -1
    expect(evaluate(`${any('google.protobuf.Int64Value', '\\x08\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x01')} == -1`)).toBe(true);
    // int32: the varint's low 32 bits, signed (no overflow error: that is msgSetField's, not the decoder's)
    expect(evaluate(`${any('x/google.protobuf.Int32Value', '\\x08\\x80\\x80\\x80\\x80\\x08')} == -2147483648`)).toBe(true);
    expect(evaluate(`${any('x/google.protobuf.Duration', '\\x08\\x02\\x10\\x05')} == duration('2.000000005s')`)).toBe(true);
    expect(evaluate(`${any('x/google.protobuf.StringValue', '\\x0a\\x02hi\\x0a\\x01a')} == 'a'`)).toBe(true);
    expect(evaluate("google.protobuf.Any{type_url: 'x/google.protobuf.Empty'} == google.protobuf.Empty{}")).toBe(true);
    // Struct{fields: {"a": Value{number_value: 1.0}}}
    expect(evaluate(`${any('x/google.protobuf.Struct', '\\x0a\\x0e\\x0a\\x01a\\x12\\x09\\x11\\x00\\x00\\x00\\x00\\x00\\x00\\xf0\\x3f')} == {'a': 1.0}`)).toBe(true);
    // Any{type_url: "/google.protobuf.BoolValue", value: "\x08\x01"} inside an Any
    expect(evaluate(`${any('x/google.protobuf.Any', '\\x0a\\x1a/google.protobuf.BoolValue\\x12\\x02\\x08\\x01')} == true`)).toBe(true);
  });

  it('a field of another wire type is unknown, and ignored; a Value member set last wins', () => {
    expect(evaluate(`${any('x/google.protobuf.Int64Value', '\\x0d\\x01\\x00\\x00\\x00')} == 0`)).toBe(true);
    expect(evaluate(`${any('x/google.protobuf.Value', '\\x1a\\x01a\\x20\\x01')} == true`)).toBe(true);
    expect(evaluate(`${any('x/google.protobuf.ListValue', '\\x0a\\x00\\x0a\\x02\\x20\\x00')} == [null, false]`)).toBe(true);
  });

  it('fails as NativeToValue does: an empty or unknown URL, truncated bytes, invalid UTF-8 in a string', () => {
    expect(failure('google.protobuf.Any{} == 5')).toBe('unsupported conversion to ref.Val: (*dynamicpb.Message)');
    expect(failure(`${any('x/foo.Bar', '\\x08\\x05"')} == 5`)).toBe('unsupported conversion to ref.Val: (*dynamicpb.Message)type_url:"x/foo.Bar" value:"\\x08\\x05\\""');
    expect(failure(`${any('x/google.protobuf.Int64Value', '\\x08')} == 0`)).toBe('unsupported conversion to ref.Val: (*dynamicpb.Message)type_url:"x/google.protobuf.Int64Value" value:"\\x08"');
    expect(failure(`${any('x/google.protobuf.StringValue', '\\x0a\\x01\\xff')} == ''`)).toContain('value:"\\n\\x01\\xff"');
    // a non-message name (an enum) is no message type either
    expect(failure("google.protobuf.Any{type_url: 'x/google.protobuf.NullValue'} == null")).toContain('(*dynamicpb.Message)type_url:"x/google.protobuf.NullValue"');
  });

  it("a message the binary links (protoregistry) but cel-go's registry lacks unpacks, then is an unknown type (provider.go NativeToValue)", () => {
    // cel.dev/expr and genproto's v1alpha1 (cel/io.go), descriptorpb (protodesc), google.rpc.Status; nested names dotted
    expect(failure(`${any('type.googleapis.com/cel.expr.Expr', '\\x08\\x01')} == 1`)).toBe("unknown type: 'cel.expr.Expr'");
    expect(failure("google.protobuf.Any{type_url: 'x/google.api.expr.v1alpha1.Expr.Call'} == 1")).toBe("unknown type: 'google.api.expr.v1alpha1.Expr.Call'");
    expect(failure("google.protobuf.Any{type_url: 'x/google.protobuf.FileDescriptorProto'} == 1")).toBe("unknown type: 'google.protobuf.FileDescriptorProto'");
    // inside an Any too (unwrapDynamic hands the inner message up)
    expect(failure(`${any('x/google.protobuf.Any', '\\x0a\\x12/google.rpc.Status')} == 1`)).toBe("unknown type: 'google.rpc.Status'");
    // bytes it cannot read fail the unpacking first
    expect(failure(`${any('x/cel.expr.Expr', '\\x08')} == 1`)).toBe('unsupported conversion to ref.Val: (*dynamicpb.Message)type_url:"x/cel.expr.Expr" value:"\\x08"');
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
