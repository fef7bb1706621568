/**
 * CEL timestamps to the nanosecond, as cel-go v0.23.2 keeps them (common/types/timestamp.go: a Go
 * time.Time), where cel-js keeps a JavaScript Date (milliseconds, always UTC). A CelTimestamp is
 * Unix seconds (bigint), nanoseconds within the second, and the zone offset its location had when
 * it was made (time.Parse keeps the offset it read; string(), the getters and `+`/`-` use it).
 *
 * cel-js's own timestamp overloads cannot be replaced, so the type is registered under its CEL
 * name `timestamp` with every overload of the standard library (registerTimestamps), and a rule's
 * `timestamp(...)` is rewritten to TIMESTAMP_CONVERSION (adapt-source.ts). Durations are
 * durations.ts's; the arithmetic checks int64 and the timestamp range as overflow.go does
 * ("integer overflow", "timestamp overflow").
 */
import type {Environment} from '@marcbachmann/cel-js';
import {parseGoRfc3339Instant} from '../go/time-rfc3339';
import type {GoInstant} from '../go/time-parse';
import {parseDateTime, parseFullDate} from '../go/strfmt';
import {CelDuration, checkedInt64} from './durations';

/** The rewritten name of the global `timestamp(...)` (adapt-source.ts). */
export const TIMESTAMP_CONVERSION = '__timestamp__';

/** timestamp.go minUnixTime, maxUnixTime: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (the nanoseconds of that second included). */
export const MIN_UNIX_TIME = -62135596800n;
export const MAX_UNIX_TIME = 253402300799n;

const BILLION = 1_000_000_000n;

export class CelTimestamp {
  /** `nanos` in [0, 1e9); `offset` the location's seconds east of UTC (0: UTC). */
  constructor(readonly seconds: bigint, readonly nanos: number, readonly offset = 0) {}
}

const overflow = () => new Error('timestamp overflow');

/** types.Timestamp{Time: t} of what Go's time.Parse returned. */
const timestampOf = (instant: GoInstant) => new CelTimestamp(BigInt(instant.seconds), instant.nanos, instant.offset);

/**
 * string.go ConvertToType(TimestampType): time.Parse(time.RFC3339, s) (a one-digit hour
 * included: Go's general parser reads "15" as one or two digits), within the range.
 */
export function timestampFromString(text: string): CelTimestamp {
  const instant = parseGoRfc3339Instant(text);
  if (!instant) throw new Error("type conversion error from 'string' to 'google.protobuf.Timestamp'");
  const time = timestampOf(instant);
  if (time.seconds < MIN_UNIX_TIME || time.seconds > MAX_UNIX_TIME) throw overflow();
  return time;
}

/**
 * apiserver pkg/cel/common/values.go UnstructuredToVal for a schema string of `format:
 * date-time` (strfmt.ParseDateTime: "" is the Unix epoch) or `date` (time.Parse("2006-01-02")),
 * with no range check; else the error value's text, which fails a rule that reads the field.
 */
export function timestampFromSchemaString(text: string, format: 'date-time' | 'date'): CelTimestamp | {error: string} {
  const parsed = format === 'date' ? parseFullDate(text) : parseDateTime(text);
  if ('error' in parsed) return {error: `Invalid ${format} formatted string ${text}: ${parsed.error}`};
  return timestampOf(parsed);
}

/** int.go ConvertToType(TimestampType): Unix seconds, UTC, within the range. */
export function timestampFromInt(seconds: bigint): CelTimestamp {
  if (seconds < MIN_UNIX_TIME || seconds > MAX_UNIX_TIME) throw overflow();
  return new CelTimestamp(seconds, 0, 0);
}

/** overflow.go addTimeDurationChecked: seconds and nanoseconds added apart, the seconds int64-checked, then the range. */
export function addDuration(time: CelTimestamp, nanos: bigint): CelTimestamp {
  let seconds = checkedInt64(time.seconds + nanos / BILLION);
  let rest = BigInt(time.nanos) + (nanos % BILLION);
  if (rest < 0n || rest >= BILLION) {
    seconds = checkedInt64(seconds + rest / BILLION);
    rest -= (rest / BILLION) * BILLION;
    if (rest < 0n) {
      seconds = checkedInt64(seconds - 1n);
      rest += BILLION;
    }
  }
  if (seconds < MIN_UNIX_TIME || seconds > MAX_UNIX_TIME) throw overflow();
  return new CelTimestamp(seconds, Number(rest), time.offset);
}

/** overflow.go subtractTimeChecked: the difference in nanoseconds, each step int64-checked. */
export function subtractTimes(a: CelTimestamp, b: CelTimestamp): bigint {
  const seconds = checkedInt64(a.seconds - b.seconds);
  return checkedInt64(checkedInt64(seconds * BILLION) + BigInt(a.nanos - b.nanos));
}

export function compareTimes(a: CelTimestamp, b: CelTimestamp): number {
  return a.seconds !== b.seconds ? (a.seconds < b.seconds ? -1 : 1) : a.nanos - b.nanos;
}

/** The civil fields of a timestamp in a zone (Go's time.Time getters). */
interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 Sunday. */
  weekday: number;
  /** 1-based. */
  yearDay: number;
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

/** The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's civil_from_days). */
function civilFromDays(days: number): {year: number; month: number; day: number} {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1};
}

const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function civil(time: CelTimestamp, offset: number): Civil {
  const local = time.seconds + BigInt(offset);
  const days = floorDiv(local, 86400n);
  const secondOfDay = Number(local - days * 86400n);
  const {year, month, day} = civilFromDays(Number(days));
  return {
    year, month, day,
    hour: Math.floor(secondOfDay / 3600), minute: Math.floor(secondOfDay / 60) % 60, second: secondOfDay % 60,
    weekday: (((Number(days) + 4) % 7) + 7) % 7,
    yearDay: DAYS_BEFORE_MONTH[month - 1]! + day + (month > 2 && isLeap(year) ? 1 : 0),
  };
}

const pad = (value: number, width: number) => (value < 0 ? '-' + String(-value).padStart(width, '0') : String(value).padStart(width, '0'));

/** t.Format(time.RFC3339Nano): the location's wall time, the fraction without trailing zeros, `Z` or ±hh:mm. */
export function formatTimestamp(time: CelTimestamp): string {
  const {year, month, day, hour, minute, second} = civil(time, time.offset);
  const fraction = time.nanos === 0 ? '' : '.' + String(time.nanos).padStart(9, '0').replace(/0+$/, '');
  const minutes = Math.trunc(time.offset / 60);
  const zone = time.offset === 0 ? 'Z' : `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60), 2)}:${pad(Math.abs(minutes) % 60, 2)}`;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}${zone}`;
}

/** strconv.Atoi's reading of a decimal int (a sign allowed), or its error. */
function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  return Number(text);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The offset of an IANA zone at an instant (time.LoadLocation; the tz database is the JavaScript engine's). */
function ianaOffset(zone: string, time: CelTimestamp): number {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return 0; // LoadLocation: "" and "UTC" are UTC; the API server runs in UTC
  let format = zoneFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {timeZone: zone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'});
    } catch {
      throw new Error(`unknown time zone ${zone}`);
    }
    if (zoneFormats.size < 256) zoneFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(Number(time.seconds) * 1000)).map((part) => [part.type, part.value]));
  const wall = new Date(0);
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return wall.getTime() / 1000 - Number(time.seconds);
}

/** timestamp.go timeZone: `±hh:mm` (strconv.Atoi of each part) as a fixed zone, else a location's name. */
function zoneOffset(zone: string, time: CelTimestamp): number {
  const colon = zone.indexOf(':');
  if (colon === -1) return ianaOffset(zone, time);
  const hours = atoi(zone.slice(0, colon));
  const minutes = atoi(zone.slice(colon + 1));
  return (zone[0] === '-' ? hours * 60 - minutes : hours * 60 + minutes) * 60;
}

/** timestamp.go's getters, by function name, on the civil fields (and the nanoseconds). */
const GETTERS: Record<string, (fields: Civil, time: CelTimestamp) => number> = {
  getFullYear: (c) => c.year,
  getMonth: (c) => c.month - 1,
  getDayOfYear: (c) => c.yearDay - 1,
  getDate: (c) => c.day,
  getDayOfMonth: (c) => c.day - 1,
  getDayOfWeek: (c) => c.weekday,
  getHours: (c) => c.hour,
  getMinutes: (c) => c.minute,
  getSeconds: (c) => c.second,
  getMilliseconds: (_c, time) => Math.floor(time.nanos / 1_000_000),
};

/** The standard library's timestamp overloads (cel-go checker/decls and common/types/timestamp.go) on CelTimestamp; `type(t)` is cel-js's, named `timestamp`. */
export function registerTimestamps(environment: Environment): void {
  const T = 'timestamp';
  const D = 'duration';
  environment
    .registerType(T, CelTimestamp)
    .registerFunction(`${TIMESTAMP_CONVERSION}(string): ${T}`, timestampFromString)
    .registerFunction(`${TIMESTAMP_CONVERSION}(int): ${T}`, timestampFromInt)
    .registerFunction(`${TIMESTAMP_CONVERSION}(${T}): ${T}`, (time: CelTimestamp) => time)
    .registerFunction(`string(${T}): string`, formatTimestamp)
    .registerFunction(`int(${T}): int`, (time: CelTimestamp) => time.seconds)
    .registerOperator(`${T} == ${T}`, (a: CelTimestamp, b: CelTimestamp) => compareTimes(a, b) === 0)
    .registerOperator(`${T} < ${T}`, (a: CelTimestamp, b: CelTimestamp) => compareTimes(a, b) < 0)
    .registerOperator(`${T} <= ${T}`, (a: CelTimestamp, b: CelTimestamp) => compareTimes(a, b) <= 0)
    .registerOperator(`${T} > ${T}`, (a: CelTimestamp, b: CelTimestamp) => compareTimes(a, b) > 0)
    .registerOperator(`${T} >= ${T}`, (a: CelTimestamp, b: CelTimestamp) => compareTimes(a, b) >= 0)
    .registerOperator(`${T} - ${T}: ${D}`, (a: CelTimestamp, b: CelTimestamp) => new CelDuration(subtractTimes(a, b)))
    .registerOperator(`${T} + ${D}: ${T}`, (a: CelTimestamp, d: CelDuration) => addDuration(a, d.nanos))
    .registerOperator(`${D} + ${T}: ${T}`, (d: CelDuration, a: CelTimestamp) => addDuration(a, d.nanos))
    // negateDurationChecked: -math.MinInt64 overflows
    .registerOperator(`${T} - ${D}: ${T}`, (a: CelTimestamp, d: CelDuration) => addDuration(a, checkedInt64(-d.nanos)));
  for (const [name, getter] of Object.entries(GETTERS)) {
    environment
      .registerFunction(`${T}.${name}(): int`, (time: CelTimestamp) => BigInt(getter(civil(time, time.offset), time)))
      .registerFunction(`${T}.${name}(string): int`, (time: CelTimestamp, zone: string) => BigInt(getter(civil(time, zoneOffset(zone, time)), time)));
  }
}
