/**
 * Builds the value a CEL rule sees as `self`. Kubernetes types CEL values by the schema:
 * integers are int64 (BigInt in cel-js), numbers are double, unknown fields have been pruned
 * before the rules run. Strings and booleans pass through untouched, so the common rules
 * (durations, wildcards) cost no conversion at all, and so do lists and maps that hold nothing
 * to convert or prune: only what changes is copied.
 */
import {childSchema, type SchemaNode} from '../schema/schema-node';
import {timestampFromSchemaString} from './timestamps';
import {durationFromSchemaString} from './durations';
import {decodeGoBase64, URL_ALPHABET} from '../go/base64';

function isIntegerSchema(schema: SchemaNode | undefined): boolean {
  const type = schema?.type;
  return type === 'integer' || (Array.isArray(type) && type.includes('integer'));
}

/**
 * Conversions already made during one validation, per schema node, of the values rules ran
 * on: YAML aliases can put one object under two nodes, and a node's rules run on every value
 * found there. Values nested in them are converted as they are met, not remembered: the rules
 * below a node mostly find their verdicts cached (passed-values.ts) and never ask, and a Map
 * entry per nested object cost more than converting the few again.
 */
export class CelValueCache {
  // Plain maps, not WeakMaps: a cache lives for one validation, and WeakMap writes are slow.
  private readonly bySchema = new Map<SchemaNode | undefined, Map<object, unknown>>();

  get(schema: SchemaNode | undefined, value: object): unknown {
    return this.bySchema.get(schema)?.get(value);
  }

  set(schema: SchemaNode | undefined, value: object, converted: unknown): void {
    let forSchema = this.bySchema.get(schema);
    if (!forSchema) this.bySchema.set(schema, (forSchema = new Map()));
    forSchema.set(value, converted);
  }
}

/** `self` for the rules at `schema`: throws a SchemaValueError when the value is one. */
export function toCelValue(value: unknown, schema: SchemaNode | undefined, memo: CelValueCache): unknown {
  if (typeof value !== 'object' || value === null) return thrownIfError(celValue(value, schema));
  const cached = memo.get(schema, value);
  if (cached !== undefined) return cached;
  const converted = thrownIfError(celValue(value, schema));
  memo.set(schema, value, converted);
  return converted;
}

function thrownIfError(value: unknown): unknown {
  if (value instanceof SchemaValueError) throw value;
  return value;
}

/**
 * A value UnstructuredToVal makes an error of (values.go types.NewErr: a string its format's
 * parser refuses). cel-go converts a field when a rule reads it, so only the rules that read the
 * field fail, with this message: a map holds it behind a getter that throws (mapValue); a list
 * holding one is the error itself, read when the list is (cel-go would fail only on reading
 * that item); at a rule's own node it is thrown by toCelValue.
 */
export class SchemaValueError extends Error {}

/** The string formats UnstructuredToVal makes another CEL type of: two different strings may then be equal values. */
const CONVERTED_FORMATS: ReadonlySet<string> = new Set(['date-time', 'date', 'duration', 'byte']);

export function isConvertedFormat(format: string | undefined): boolean {
  return format !== undefined && CONVERTED_FORMATS.has(format);
}

/** A string as UnstructuredToVal types it by its format; the error value when the format's parser refuses it. */
function stringValue(text: string, format: string | undefined): unknown {
  if (!isConvertedFormat(format)) return text;
  const converted = format === 'duration' ? durationFromSchemaString(text)
    : format === 'byte' ? bytesFromSchemaString(text)
    : timestampFromSchemaString(text, format as 'date-time' | 'date');
  return typeof converted === 'object' && 'error' in converted ? new SchemaValueError(converted.error) : converted;
}

/**
 * values.go for `format: byte`: strfmt.Base64's UnmarshalText, which decodes with Go's
 * base64.URLEncoding, while the format check (govalidator.IsBase64) takes the standard
 * alphabet: a `+` or `/` passes the check and fails the rules that read the field.
 */
function bytesFromSchemaString(text: string): Uint8Array | {error: string} {
  const decoded = decodeGoBase64(text, URL_ALPHABET);
  return 'error' in decoded ? {error: `Invalid byte formatted string ${text}: ${decoded.error}`} : decoded.bytes;
}

/** `value` as CEL sees it under `schema`. */
function celValue(value: unknown, schema: SchemaNode | undefined): unknown {
  if (typeof value === 'string') return stringValue(value, schema?.format);
  if (typeof value === 'number') {
    // int-or-string and untyped (preserved) numbers: whole numbers are CEL ints.
    if (isIntegerSchema(schema) || ((!schema || !schema.type) && Number.isInteger(value))) return BigInt(value);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  return Array.isArray(value) ? listValue(value, schema) : mapValue(value as Record<string, unknown>, schema);
}

/**
 * A list's items converted; the list itself when no item changes (strings, booleans and plain
 * objects that need no pruning are most of a manifest, and a copy is garbage for the GC).
 */
function listValue(list: readonly unknown[], schema: SchemaNode | undefined): unknown[] | SchemaValueError {
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const converted = celValue(item, schema?.items);
    if (converted instanceof SchemaValueError) return converted;
    if (out) out.push(converted);
    else if (converted !== item) (out = list.slice(0, i)).push(converted);
  }
  return out ?? (Object.getPrototypeOf(list) === Array.prototype ? (list as unknown[]) : [...list]);
}

/** A map without the fields the API server prunes, its values converted; the map itself when nothing changes. */
function mapValue(record: Record<string, unknown>, schema: SchemaNode | undefined): Record<string, unknown> {
  // Only a plain object is handed over as it is (what the YAML reader builds); one with a `__proto__` key is copied, the key kept as a field.
  let out: Record<string, unknown> | undefined = Object.getPrototypeOf(record) === Object.prototype ? undefined : {};
  const preserve = schema === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const child = record[key];
    const childNode = schema ? childSchema(schema, key) : undefined;
    // Unknown fields are pruned by the API server before CEL runs; nulls on non-nullable fields too.
    const pruned = (!childNode && !preserve) || (child === null && childNode !== undefined && childNode.nullable !== true);
    const converted = pruned ? undefined : celValue(child, childNode);
    if (converted instanceof SchemaValueError) {
      out = withFailingField(out ?? copyFields(record, keys, i), key, converted);
      continue;
    }
    if (!out && (pruned || converted !== child || key === '__proto__')) out = copyFields(record, keys, i);
    if (out && !pruned) setField(out, key, converted);
  }
  return out ?? record;
}

/** `out[key] = value`, a `__proto__` key included (assigning it would set the prototype instead). */
function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, {value, enumerable: true, writable: true, configurable: true});
  else out[key] = value;
}

/**
 * `map` as a map without a prototype (cel-js reads one as a map, and the rule closures leave it
 * to cel-js) whose `key` throws `error` when read: has() and iteration over the keys still see it.
 */
function withFailingField(map: Record<string, unknown>, key: string, error: SchemaValueError): Record<string, unknown> {
  const out = Object.getPrototypeOf(map) === null ? map : Object.assign(Object.create(null) as Record<string, unknown>, map);
  Object.defineProperty(out, key, {enumerable: true, configurable: true, get: () => { throw error; }});
  return out;
}

/** The first `count` fields of `record`, unchanged (those before the first field that changes). */
function copyFields(record: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) setField(out, keys[i]!, record[keys[i]!]);
  return out;
}
