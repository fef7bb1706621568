/**
 * The protobuf messages a Kubernetes CEL rule can construct (`google.protobuf.Int64Value{value: 1}`),
 * as cel-go v0.23.2 declares and builds them. The API server's type provider (apiserver pkg/cel
 * types.go DeclTypeProvider) declares no message of its own and hands every other name to
 * cel-go's registry, whose database (common/types/pb/pb.go DefaultDb) holds the files of Any,
 * Duration, Empty, Timestamp, Value (struct.proto: Struct, Value, ListValue) and BoolValue
 * (wrappers.proto: every wrapper). Anything else is an undeclared reference.
 *
 * - The checker (checker.go checkCreateStruct) types the construction as the message's CEL type
 *   (types.go checkedWellKnowns) and each field as the proto field's.
 * - At run time the registry's NewValue sets each field (provider.go msgSetField: the value
 *   converted to the field's Go type, "field type conversion error for M.f value type: ..."),
 *   then NativeToValue unwraps the message (pb/type.go unwrap): a wrapper to its primitive,
 *   Duration to a duration (AsDuration), Timestamp to a timestamp (AsTime), Struct, Value and
 *   ListValue to JSON maps, values and lists. Empty is not unwrapped: an object value
 *   (EmptyMessage), equal to any other Empty (proto.Equal). Any is unpacked (unwrapDynamic):
 *   its type_url resolved as protoregistry's FindMessageByURL does (the name after the last `/`),
 *   its value decoded as proto.Unmarshal does (protobuf-wire.ts), and the message unwrapped as
 *   above. Any failure (an empty or unknown type URL, bad bytes) makes NativeToValue return
 *   UnsupportedRefValConversionErr: "unsupported conversion to ref.Val: (*dynamicpb.Message)"
 *   and the Any in prototext (one space between fields: prototext adds a second at random per
 *   binary, detrand). A type the API server's binary also links but cel-go's registry lacks
 *   (linked-messages.ts) unpacks, then NativeToValue fails with "unknown type: 'X'".
 */
import {CelTimestamp, formatTimestamp} from './timestamps';
import {CelDuration, formatDuration} from './durations';
import {CelUrl} from './cel-url';
import {LINKED_MESSAGES} from './linked-messages';
import {asInt32, asInt64, asUint32, goTextString, readFields, RECURSION_LIMIT, utf8String, WireError, type WireField} from './protobuf-wire';

/** A message's CEL type (as a signature type, `unknown` where the checker does not model it) and its fields' types. */
export interface WellKnownMessage {
  type: string;
  fields: Readonly<Record<string, string>>;
}

const wrapper = (primitive: string): WellKnownMessage => ({type: `wrapper(${primitive})`, fields: {value: primitive}});
const JSON_STRUCT = 'map(string, dyn)';

/**
 * By full name. Any's CEL type is `any`, which the checker here does not model: typed `unknown`
 * (dyn, unchecked), its fields still checked. A wrapper is `wrapper(T)`: T's kind, null assignable.
 */
export const WELL_KNOWN_MESSAGES: ReadonlyMap<string, WellKnownMessage> = new Map([
  ['google.protobuf.BoolValue', wrapper('bool')],
  ['google.protobuf.BytesValue', wrapper('bytes')],
  ['google.protobuf.DoubleValue', wrapper('double')],
  ['google.protobuf.FloatValue', wrapper('double')],
  ['google.protobuf.Int32Value', wrapper('int')],
  ['google.protobuf.Int64Value', wrapper('int')],
  ['google.protobuf.StringValue', wrapper('string')],
  ['google.protobuf.UInt32Value', wrapper('uint')],
  ['google.protobuf.UInt64Value', wrapper('uint')],
  ['google.protobuf.Duration', {type: 'duration', fields: {seconds: 'int', nanos: 'int'}}],
  ['google.protobuf.Timestamp', {type: 'timestamp', fields: {seconds: 'int', nanos: 'int'}}],
  ['google.protobuf.Any', {type: 'unknown', fields: {type_url: 'string', value: 'bytes'}}],
  ['google.protobuf.Empty', {type: 'google.protobuf.Empty', fields: {}}],
  ['google.protobuf.Struct', {type: JSON_STRUCT, fields: {fields: JSON_STRUCT}}],
  ['google.protobuf.Value', {type: 'dyn', fields: {
    null_value: 'null', number_value: 'double', string_value: 'string', bool_value: 'bool', struct_value: JSON_STRUCT, list_value: 'list(dyn)',
  }}],
  ['google.protobuf.ListValue', {type: 'list(dyn)', fields: {values: 'list(dyn)'}}],
]);

/** A google.protobuf.Empty: cel-go's object value for it (kubernetes-library.ts registers the type and its equality). */
export class EmptyMessage {
  static readonly typeName = 'google.protobuf.Empty';
}

/** The message a (possibly leading-dot) name declares, if any. */
export function wellKnownMessage(name: string): WellKnownMessage | undefined {
  return WELL_KNOWN_MESSAGES.get(name.startsWith('.') ? name.slice(1) : name);
}

/** cel-js's runtime classes a construction returns (not exported by cel-js: taken from values it built). */
export interface RuntimeClasses {
  uint(value: bigint): unknown;
  /** A uint's value, undefined for any other value. */
  uintValue(value: unknown): bigint | undefined;
  /** An Optional's presence and value. */
  optional(value: unknown): {present: boolean; value?: unknown} | undefined;
  /** Whether the value is a type (`type(x)`, `int`). */
  isType(value: unknown): boolean;
}

const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const UINT32_MAX = 2n ** 32n - 1n;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

/** provider.go fieldTypeConversionError. */
const conversionError = (message: string, field: string, cause: string) =>
  new Error(`field type conversion error for ${message}.${field} value type: ${cause}`);

/**
 * Registry.NewValue then NativeToValue for `name{fields}`; `optional` lists the fields written
 * `?f: v`, whose absent values are left unset (interpreter.go evalObj).
 */
export function constructMessage(name: string, fields: Map<unknown, unknown> | Record<string, unknown>, optional: readonly unknown[], runtime: RuntimeClasses): unknown {
  const full = name.startsWith('.') ? name.slice(1) : name;
  const message = WELL_KNOWN_MESSAGES.get(full);
  if (!message) throw new Error(`unknown type '${full}'`);
  const optionalIndices = new Set(optional.map(Number));
  const set = new Map<string, unknown>();
  const entries = fields instanceof Map ? [...fields.entries()] : Object.entries(fields);
  entries.forEach(([key, value], index) => {
    const field = String(key);
    if (!Object.hasOwn(message.fields, field)) throw new Error(`no such field: ${field}`);
    if (optionalIndices.has(index)) {
      const item = runtime.optional(value);
      if (!item) throw new Error('no such overload: optional field is not an optional value');
      if (!item.present) return;
      value = item.value;
    }
    set.set(field, value);
  });
  const short = full.slice('google.protobuf.'.length);
  switch (short) {
    case 'BoolValue': return set.get('value') ?? false;
    case 'BytesValue': return set.get('value') ?? new Uint8Array();
    case 'StringValue': return set.get('value') ?? '';
    case 'DoubleValue': return set.get('value') ?? 0;
    // Double.ConvertToNative(float32): rounded to single precision, then widened back by unwrap
    case 'FloatValue': return Math.fround(Number(set.get('value') ?? 0));
    case 'Int64Value': return set.get('value') ?? 0n;
    case 'Int32Value': return int32(set.get('value'), full, 'value');
    case 'UInt64Value': return set.get('value') ?? runtime.uint(0n);
    case 'UInt32Value': {
      const value = BigInt(String(set.get('value') ?? 0));
      if (value > UINT32_MAX) throw conversionError(full, 'value', 'unsigned integer overflow');
      return runtime.uint(value);
    }
    case 'Duration': return asDuration(BigInt(String(set.get('seconds') ?? 0n)), int32(set.get('nanos'), full, 'nanos'));
    case 'Timestamp': return asTime(BigInt(String(set.get('seconds') ?? 0n)), int32(set.get('nanos'), full, 'nanos'));
    case 'Struct': return jsonStruct(set.get('fields') ?? new Map(), full, 'fields', runtime);
    case 'ListValue': return jsonList(set.get('values') ?? [], full, 'values', runtime);
    case 'Value': return jsonValueField(set, full, runtime);
    case 'Empty': return new EmptyMessage();
    case 'Any': return unpackAny(set.get('type_url') as string | undefined ?? '', set.get('value') as Uint8Array | undefined ?? new Uint8Array(), runtime);
  }
  throw new Error(`unsupported conversion to ref.Val: ${full} is not evaluated here`);
}

/** pb/type.go unwrapDynamic's Any case, then NativeToValue; any failure is the Any's conversion error (see above). */
function unpackAny(typeUrl: string, value: Uint8Array, runtime: RuntimeClasses): unknown {
  try {
    return unpacked(typeUrl, value, runtime, 0);
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    const fields = [typeUrl !== '' ? `type_url:${goTextString(new TextEncoder().encode(typeUrl))}` : '', value.length > 0 ? `value:${goTextString(value)}` : ''];
    throw new Error(`unsupported conversion to ref.Val: (*dynamicpb.Message)${fields.filter(Boolean).join(' ')}`);
  }
}

/** anypb UnmarshalNew: the message the URL names (FindMessageByURL), decoded from `value`. */
function unpacked(typeUrl: string, value: Uint8Array, runtime: RuntimeClasses, depth: number): unknown {
  if (typeUrl === '') throw new WireError('invalid empty type URL');
  const name = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
  if (LINKED_MESSAGES.has(name)) {
    // unpacked (its fields' wire format read; the fields of nested messages are not), then NativeToValue refuses it
    readFields(value);
    throw new Error(`unknown type: '${name}'`);
  }
  if (!WELL_KNOWN_MESSAGES.has(name)) throw new WireError('not found');
  return decodeMessage(name, value, runtime, depth);
}

/** The last value of a field with the wire type its Go type reads (another wire type is an unknown field: ignored). */
function lastOf<T extends WireField['wireType']>(fields: readonly WireField[], number: number, wireType: T): Extract<WireField, {wireType: T}> | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i]!.number === number && fields[i]!.wireType === wireType) return fields[i] as Extract<WireField, {wireType: T}>;
  return undefined;
}

/** Every occurrence of a message field, merged as proto.Unmarshal merges them (their encodings concatenated). */
function merged(fields: readonly WireField[], number: number): Uint8Array | undefined {
  const parts = fields.filter((field): field is Extract<WireField, {wireType: 2}> => field.number === number && field.wireType === 2).map((field) => field.bytes);
  return parts.length <= 1 ? parts[0] : concat(parts);
}

/** Every occurrence of a string field, each valid UTF-8 (proto3); the last one's value. */
function stringField(fields: readonly WireField[], number: number): string | undefined {
  let text: string | undefined;
  for (const field of fields) if (field.number === number && field.wireType === 2) text = utf8String(field.bytes);
  return text;
}

/** A message of cel-go's registry decoded from its encoding, then unwrapped as unwrapDynamic and NativeToValue do. */
function decodeMessage(name: string, bytes: Uint8Array, runtime: RuntimeClasses, depth: number): unknown {
  if (depth > RECURSION_LIMIT) throw new WireError('exceeded maximum recursion depth');
  const fields = readFields(bytes);
  const varint = (number: number) => lastOf(fields, number, 0)?.varint ?? 0n;
  switch (name.slice('google.protobuf.'.length)) {
    case 'BoolValue': return varint(1) !== 0n;
    case 'Int64Value': return asInt64(varint(1));
    case 'Int32Value': return asInt32(varint(1));
    case 'UInt64Value': return runtime.uint(BigInt.asUintN(64, varint(1)));
    case 'UInt32Value': return runtime.uint(asUint32(varint(1)));
    case 'DoubleValue': return lastOf(fields, 1, 1)?.fixed.getFloat64(0, true) ?? 0;
    case 'FloatValue': return lastOf(fields, 1, 5)?.fixed.getFloat32(0, true) ?? 0;
    case 'StringValue': return stringField(fields, 1) ?? '';
    case 'BytesValue': return (lastOf(fields, 1, 2)?.bytes ?? new Uint8Array()).slice();
    case 'Duration': return asDuration(asInt64(varint(1)), asInt32(varint(2)));
    case 'Timestamp': return asTime(asInt64(varint(1)), asInt32(varint(2)));
    case 'Empty': return new EmptyMessage();
    case 'Any': return unpacked(stringField(fields, 1) ?? '', (lastOf(fields, 2, 2)?.bytes ?? new Uint8Array()), runtime, depth + 1);
    case 'Struct': return wireStruct(fields, depth);
    case 'ListValue': return wireList(fields, depth);
    case 'Value': return wireValue(fields, depth);
  }
  throw new WireError(`no message ${name}`);
}

/** struct.proto Struct: `map<string, Value> fields = 1`, each entry a message (key 1, value 2); a later key wins. */
function wireStruct(fields: readonly WireField[], depth: number): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const field of fields) {
    if (field.number !== 1 || field.wireType !== 2) continue;
    const entry = readFields(field.bytes);
    const value = merged(entry, 2);
    out.set(stringField(entry, 1) ?? '', value === undefined ? null : wireValue(readFields(value), depth + 1));
  }
  return out;
}

/** ListValue: `repeated Value values = 1`. */
function wireList(fields: readonly WireField[], depth: number): unknown[] {
  return fields.filter((field): field is Extract<WireField, {wireType: 2}> => field.number === 1 && field.wireType === 2)
    .map((field) => wireValue(readFields(field.bytes), depth + 1));
}

/**
 * Value's oneof `kind` (null_value 1, number_value 2, string_value 3, bool_value 4, struct_value 5,
 * list_value 6): the member set last; a message member seen again is merged, one set after another
 * member starts afresh. No member: null (unwrap's default).
 */
function wireValue(fields: readonly WireField[], depth: number): unknown {
  if (depth > RECURSION_LIMIT) throw new WireError('exceeded maximum recursion depth');
  let kind: WireField | undefined;
  let message: Uint8Array[] = [];
  for (const field of fields) {
    const expected = field.number === 2 ? 1 : field.number === 1 || field.number === 4 ? 0 : field.number <= 6 ? 2 : undefined;
    if (expected === undefined || field.wireType !== expected) continue;
    if (field.number === 3) utf8String((field as Extract<WireField, {wireType: 2}>).bytes);
    if (field.number >= 5 && kind?.number === field.number) message.push((field as Extract<WireField, {wireType: 2}>).bytes);
    else message = field.wireType === 2 ? [field.bytes] : [];
    kind = field;
  }
  if (!kind) return null;
  switch (kind.number) {
    case 1: return null;
    case 2: return (kind as Extract<WireField, {wireType: 1}>).fixed.getFloat64(0, true);
    case 3: return utf8String((kind as Extract<WireField, {wireType: 2}>).bytes);
    case 4: return (kind as Extract<WireField, {wireType: 0}>).varint !== 0n;
  }
  const inner = readFields(message.length === 1 ? message[0]! : concat(message));
  return kind.number === 5 ? wireStruct(inner, depth + 1) : wireList(inner, depth + 1);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) (out.set(part, at), (at += part.length));
  return out;
}

/** Int.ConvertToNative to int32 (int64ToInt32Checked). */
function int32(value: unknown, message: string, field: string): bigint {
  const int = BigInt(String(value ?? 0n));
  if (int < INT32[0] || int > INT32[1]) throw conversionError(message, field, 'integer overflow');
  return int;
}

/**
 * durationpb AsDuration: seconds and nanos as one count of nanoseconds, saturated at Go's
 * time.Duration range (about 292 years) on overflow.
 */
function asDuration(seconds: bigint, nanos: bigint): CelDuration {
  const total = seconds * 1_000_000_000n + nanos;
  return new CelDuration(total > INT64[1] ? INT64[1] : total < INT64[0] ? INT64[0] : total);
}

/** timestamppb AsTime: time.Unix(seconds, nanos) in UTC, nanoseconds carried into the seconds; NativeToValue checks no range. */
function asTime(seconds: bigint, nanos: bigint): CelTimestamp {
  const carry = nanos >= 0n ? nanos / 1_000_000_000n : -((-nanos + 999_999_999n) / 1_000_000_000n);
  return new CelTimestamp(seconds + carry, Number(nanos - carry * 1_000_000_000n));
}

/** google.protobuf.Value's oneof: the field set (the last written, if several), null when none is. */
function jsonValueField(set: Map<string, unknown>, message: string, runtime: RuntimeClasses): unknown {
  const [field, value] = [...set.entries()].at(-1) ?? ['null_value', null];
  switch (field) {
    case 'null_value': return null;
    case 'struct_value': return jsonStruct(value, message, field, runtime);
    case 'list_value': return jsonList(value, message, field, runtime);
    default: return value;
  }
}

function jsonStruct(value: unknown, message: string, field: string, runtime: RuntimeClasses): Map<string, unknown> {
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as Record<string, unknown>);
  return new Map(entries.map(([key, item]) => {
    if (typeof key !== 'string') throw conversionError(message, field, keyConversionError(key, runtime));
    return [key, toJson(item, message, field, runtime)];
  }));
}

/** A map key's ConvertToNative(string) error (int.go, uint.go, bool.go). */
function keyConversionError(key: unknown, runtime: RuntimeClasses): string {
  if (typeof key === 'boolean') return "type conversion error from bool to 'string'";
  return `unsupported type conversion from '${runtime.uintValue(key) !== undefined ? 'uint' : 'int'}' to string`;
}

function jsonList(value: unknown, message: string, field: string, runtime: RuntimeClasses): unknown[] {
  if (!Array.isArray(value)) throw new Error(`unsupported field type for ${message}.${field}: ${typeof value}`);
  return value.map((item) => toJson(item, message, field, runtime));
}

/** 2^53 - 1: an int beyond it becomes a JSON string (int.go ConvertToNative: isJSONSafe). */
const JSON_SAFE = 2n ** 53n - 1n;

/**
 * A CEL value as a google.protobuf.Value and back (ConvertToNative(jsonValueType), then unwrap):
 * ints and uints a double while JSON-safe, else their decimal string; bytes base64; lists and
 * maps recursively; a timestamp its RFC3339Nano string, a duration its string() ("1.5s"); an
 * Empty `{}` (object.go: protojson's text read back); an optional its value. A type or URL
 * fails with its ConvertToNative error, wrapped once as the field's.
 */
function toJson(value: unknown, message: string, field: string, runtime: RuntimeClasses): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return value >= -JSON_SAFE && value <= JSON_SAFE ? Number(value) : String(value);
  // bytes.go ConvertToNative(jsonValueType): standard base64 (btoa: the browser has it as well as Node)
  if (value instanceof Uint8Array) return btoa(Array.from(value, (byte) => String.fromCharCode(byte)).join(''));
  if (Array.isArray(value)) return value.map((item) => toJson(item, message, field, runtime));
  // timestamp.go ConvertToNative(jsonValueType): its RFC3339Nano string
  if (value instanceof CelTimestamp) return formatTimestamp(value);
  // duration.go ConvertToNative(jsonValueType): ConvertToType(StringType)
  if (value instanceof CelDuration) return formatDuration(value);
  if (value instanceof EmptyMessage) return new Map();
  if (value instanceof Map) return jsonStruct(value, message, field, runtime);
  const unsigned = runtime.uintValue(value);
  if (unsigned !== undefined) return toJson(unsigned, message, field, runtime);
  const item = runtime.optional(value);
  if (item) {
    // optional.go ConvertToNative
    if (!item.present) throw conversionError(message, field, 'optional.none() dereference');
    return toJson(item.value, message, field, runtime);
  }
  // types.go Type.ConvertToNative
  if (runtime.isType(value)) throw conversionError(message, field, "type conversion not supported for 'type'");
  // apiserver pkg/cel/url.go URL.ConvertToNative
  if (value instanceof CelUrl) throw conversionError(message, field, "type conversion error from 'URL' to '*structpb.Value'");
  // a map as toCelValue builds it: a plain object, or one without a prototype (cel-value.ts)
  if (typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value))) return jsonStruct(value, message, field, runtime);
  throw new Error(`unsupported conversion to ref.Val: a ${message}.${field} value of this type is not evaluated here`);
}
