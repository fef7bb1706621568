/**
 * Builds the value a CEL rule sees as `self`. Kubernetes types CEL values by the schema:
 * integers are int64 (BigInt in cel-js), numbers are double, unknown fields have been pruned
 * before the rules run. Strings and booleans pass through untouched, so the common rules
 * (durations, wildcards) cost no conversion at all, and so do lists and maps that hold nothing
 * to convert or prune: only what changes is copied.
 */
import {childSchema, type SchemaNode} from '../schema/schema-node';
import {parseGoRfc3339Instant} from '../go/time-rfc3339';
import {CelTimestamp} from './timestamps';
import {parseGoDurationStrict} from '../go/time-duration';
import {CelDuration} from './durations';

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

export function toCelValue(value: unknown, schema: SchemaNode | undefined, memo: CelValueCache): unknown {
  if (typeof value !== 'object' || value === null) return celValue(value, schema);
  const cached = memo.get(schema, value);
  if (cached !== undefined) return cached;
  const converted = celValue(value, schema);
  memo.set(schema, value, converted);
  return converted;
}

/**
 * A string of `format: date-time` or `date` as the timestamp the API server makes of it (apiserver
 * pkg/cel/common/values.go: strfmt.ParseDateTime, time.Parse("2006-01-02"); "" is the Unix epoch).
 * Only RFC 3339 is read: a string of strfmt's other layouts stays a string here.
 */
function timestampValue(text: string, format: string): unknown {
  if (text === '' && format === 'date-time') return new CelTimestamp(0n, 0);
  const instant = parseGoRfc3339Instant(format === 'date' ? `${text}T00:00:00Z` : text);
  return instant ? new CelTimestamp(BigInt(instant.seconds), instant.nanos, instant.offset) : text;
}

/** A string of `format: duration` as the API server's duration (strfmt.ParseDuration; only Go's time.ParseDuration syntax is read here). */
function durationValue(text: string): unknown {
  const parsed = parseGoDurationStrict(text);
  return 'nanos' in parsed ? new CelDuration(parsed.nanos) : text;
}

/** `value` as CEL sees it under `schema`. */
function celValue(value: unknown, schema: SchemaNode | undefined): unknown {
  if (typeof value === 'string') {
    const format = schema?.format;
    if (format === 'duration') return durationValue(value);
    return format === 'date-time' || format === 'date' ? timestampValue(value, format) : value;
  }
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
function listValue(list: readonly unknown[], schema: SchemaNode | undefined): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const converted = celValue(item, schema?.items);
    if (out) out.push(converted);
    else if (converted !== item) (out = list.slice(0, i)).push(converted);
  }
  return out ?? (Object.getPrototypeOf(list) === Array.prototype ? (list as unknown[]) : [...list]);
}

/** A map without the fields the API server prunes, its values converted; the map itself when nothing changes. */
function mapValue(record: Record<string, unknown>, schema: SchemaNode | undefined): Record<string, unknown> {
  // Only a plain object is handed over as it is (what the YAML reader builds); `__proto__` is copied as before.
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
    if (!out && (pruned || converted !== child || key === '__proto__')) out = copyFields(record, keys, i);
    if (out && !pruned) out[key] = converted;
  }
  return out ?? record;
}

/** The first `count` fields of `record`, unchanged (those before the first field that changes). */
function copyFields(record: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) out[keys[i]!] = record[keys[i]!];
  return out;
}
