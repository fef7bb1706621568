/**
 * CEL durations as cel-go v0.23.2 keeps them (common/types/duration.go: a Go time.Duration, int64
 * nanoseconds), where cel-js keeps seconds and nanoseconds that its arithmetic does not carry
 * between (1s + -1ns gave -1ns) and compares through a millisecond float. Registered under the
 * CEL name `duration` with the standard library's overloads (registerDurations), a rule's
 * `duration(...)` rewritten to DURATION_CONVERSION (adapt-source.ts); overflow is
 * overflow.go's "integer overflow".
 */
import type {Environment} from '@marcbachmann/cel-js';
import {parseGoDurationStrict} from '../go/time-duration';
import {parseDuration} from '../go/strfmt';

/** The rewritten name of the global `duration(...)` (adapt-source.ts). */
export const DURATION_CONVERSION = '__duration__';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** overflow.go's int64 checks (addInt64Checked and the others): errIntOverflow. */
export function checkedInt64(value: bigint): bigint {
  if (value < INT64_MIN || value > INT64_MAX) throw new Error('integer overflow');
  return value;
}

export class CelDuration {
  constructor(readonly nanos: bigint) {}
}

/** string.go ConvertToType(DurationType): time.ParseDuration, else the conversion error. */
export function durationFromString(text: string): CelDuration {
  const parsed = parseGoDurationStrict(text);
  if ('error' in parsed) throw new Error("type conversion error from 'string' to 'google.protobuf.Duration'");
  return new CelDuration(parsed.nanos);
}

/**
 * values.go UnstructuredToVal for a schema string of `format: duration`: strfmt.ParseDuration
 * (Go's syntax, else "3 days", "1 week"...); else the error value's text, which fails a rule that reads the field.
 */
export function durationFromSchemaString(text: string): CelDuration | {error: string} {
  const parsed = parseDuration(text);
  return 'error' in parsed ? {error: `Invalid duration ${text}: ${parsed.error}`} : new CelDuration(parsed.nanos);
}

/** strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s": the shortest decimal that reads back, never an exponent. */
export function formatDuration(duration: CelDuration): string {
  const seconds = duration.nanos / 1_000_000_000n;
  // time.Duration.Seconds: whole seconds plus the fraction, as float64
  const value = Number(seconds) + Number(duration.nanos - seconds * 1_000_000_000n) / 1e9;
  return `${plainDecimal(value)}s`;
}

/** A number's shortest round-trip digits written out without an exponent (Go's 'f' format, precision -1). */
function plainDecimal(value: number): string {
  const text = String(value);
  const exponent = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponent) return text;
  const [, sign, first, rest = '', power] = exponent as unknown as [string, string, string, string | undefined, string];
  const digits = first + rest;
  const point = 1 + Number(power);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return point >= digits.length ? `${sign}${digits}${'0'.repeat(point - digits.length)}` : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const UNIT_NANOS: Record<string, bigint> = {getHours: 3_600_000_000_000n, getMinutes: 60_000_000_000n, getSeconds: 1_000_000_000n, getMilliseconds: 1_000_000n};

/** The standard library's duration overloads (checker/decls, duration.go), each getter truncating toward zero (Int(d.Hours()), d.Milliseconds()). */
export function registerDurations(environment: Environment): void {
  const D = 'duration';
  environment
    .registerType(D, CelDuration)
    .registerFunction(`${DURATION_CONVERSION}(string): ${D}`, durationFromString)
    .registerFunction(`${DURATION_CONVERSION}(int): ${D}`, (nanos: bigint) => new CelDuration(nanos))
    .registerFunction(`${DURATION_CONVERSION}(${D}): ${D}`, (duration: CelDuration) => duration)
    .registerFunction(`string(${D}): string`, formatDuration)
    .registerFunction(`int(${D}): int`, (duration: CelDuration) => duration.nanos)
    .registerOperator(`${D} == ${D}`, (a: CelDuration, b: CelDuration) => a.nanos === b.nanos)
    .registerOperator(`${D} < ${D}`, (a: CelDuration, b: CelDuration) => a.nanos < b.nanos)
    .registerOperator(`${D} <= ${D}`, (a: CelDuration, b: CelDuration) => a.nanos <= b.nanos)
    .registerOperator(`${D} > ${D}`, (a: CelDuration, b: CelDuration) => a.nanos > b.nanos)
    .registerOperator(`${D} >= ${D}`, (a: CelDuration, b: CelDuration) => a.nanos >= b.nanos)
    .registerOperator(`${D} + ${D}`, (a: CelDuration, b: CelDuration) => new CelDuration(checkedInt64(a.nanos + b.nanos)))
    .registerOperator(`${D} - ${D}`, (a: CelDuration, b: CelDuration) => new CelDuration(checkedInt64(a.nanos - b.nanos)));
  for (const [name, unit] of Object.entries(UNIT_NANOS)) environment.registerFunction(`${D}.${name}(): int`, (duration: CelDuration) => duration.nanos / unit);
}
