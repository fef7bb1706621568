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
 *   ListValue to JSON maps, values and lists. Any (its packed message) and Empty (an object
 *   value) are not built here: evaluating one is refused as unsupported, never guessed.
 */

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

/** The messages this module does not build (see above). */
const UNEVALUATED = ['google.protobuf.Any', 'google.protobuf.Empty'];

/**
 * Refuses, before it is compiled for evaluation, a rewritten rule (go-syntax.ts) that constructs a
 * message not built here, so that the rule is reported as not checked rather than as failing.
 */
export function refuseUnevaluatedMessages(rewritten: string, message: string): void {
  for (const name of UNEVALUATED) {
    if (rewritten.includes(`${message}(${JSON.stringify(name)}`)) throw new Error(`${name} values are not evaluated here`);
  }
}

/** The message a (possibly leading-dot) name declares, if any. */
export function wellKnownMessage(name: string): WellKnownMessage | undefined {
  return WELL_KNOWN_MESSAGES.get(name.startsWith('.') ? name.slice(1) : name);
}

/** cel-js's runtime classes a construction returns (not exported by cel-js: taken from values it built). */
export interface RuntimeClasses {
  duration(seconds: bigint, nanos: number): unknown;
  uint(value: bigint): unknown;
  /** A uint's value, undefined for any other value. */
  uintValue(value: unknown): bigint | undefined;
  /** An Optional's presence and value. */
  optional(value: unknown): {present: boolean; value?: unknown} | undefined;
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
    case 'Duration': return asDuration(BigInt(String(set.get('seconds') ?? 0n)), int32(set.get('nanos'), full, 'nanos'), runtime);
    case 'Timestamp': return asTime(BigInt(String(set.get('seconds') ?? 0n)), int32(set.get('nanos'), full, 'nanos'));
    case 'Struct': return jsonStruct(set.get('fields') ?? new Map(), full, 'fields', runtime);
    case 'ListValue': return jsonList(set.get('values') ?? [], full, 'values', runtime);
    case 'Value': return jsonValueField(set, full, runtime);
  }
  throw new Error(`unsupported conversion to ref.Val: ${full} is not evaluated here`);
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
function asDuration(seconds: bigint, nanos: bigint, runtime: RuntimeClasses): unknown {
  let total = seconds * 1_000_000_000n + nanos;
  if (total > INT64[1]) total = INT64[1];
  if (total < INT64[0]) total = INT64[0];
  const wholeSeconds = total / 1_000_000_000n;
  return runtime.duration(wholeSeconds, Number(total - wholeSeconds * 1_000_000_000n));
}

/** timestamppb AsTime: time.Unix(seconds, nanos) in UTC (cel-js keeps milliseconds). */
function asTime(seconds: bigint, nanos: bigint): Date {
  const date = new Date(Number(seconds) * 1000 + Math.floor(Number(nanos) / 1_000_000));
  if (Number.isNaN(date.getTime())) throw new Error('timestamp out of range');
  return date;
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
    if (typeof key !== 'string') throw conversionError(message, field, `unsupported map key type: ${typeof key}`);
    return [key, toJson(item, message, field, runtime)];
  }));
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
 * maps recursively. Durations and timestamps (their JSON strings) are not modelled.
 */
function toJson(value: unknown, message: string, field: string, runtime: RuntimeClasses): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return value >= -JSON_SAFE && value <= JSON_SAFE ? Number(value) : String(value);
  // bytes.go ConvertToNative(jsonValueType): standard base64 (btoa: the browser has it as well as Node)
  if (value instanceof Uint8Array) return btoa(Array.from(value, (byte) => String.fromCharCode(byte)).join(''));
  if (Array.isArray(value)) return value.map((item) => toJson(item, message, field, runtime));
  if (value instanceof Map) return jsonStruct(value, message, field, runtime);
  const unsigned = runtime.uintValue(value);
  if (unsigned !== undefined) return toJson(unsigned, message, field, runtime);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return jsonStruct(value, message, field, runtime);
  throw new Error(`unsupported conversion to ref.Val: a ${message}.${field} value of this type is not evaluated here`);
}
