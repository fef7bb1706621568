/**
 * Go's time.Parse (src/time/format.go parse, Go 1.24) for the layouts the API server and cel-go
 * read timestamps with: RFC 3339 and its variants, kube-openapi strfmt's date-time layouts and
 * the full date. The general parser, not the RFC 3339 fast path (format_rfc3339.go
 * parseRFC3339): the fast path accepts a subset of what the general parser accepts and reads it
 * alike, so the general one decides. It is laxer than RFC 3339 in ways a learner can meet:
 * - an hour of one digit (`T1:00:00Z`: "15" reads getnum(value, false));
 * - a fraction after the seconds the layout does not ask for, after a dot or a comma;
 * - zone offsets up to 24 hours and 60 minutes ("the range test use > rather than >=");
 * - in a fixed-width fraction (".000"), atoi's sign (`.+12` is 12ms: the digits fill the width from the right).
 * Errors are Go's ParseError texts.
 */
import {goTimeQuote} from './time-duration';

/** A layout: its text (for errors) and its chunks, each a std element or literal text. */
export interface GoLayout {
  text: string;
  chunks: readonly string[];
}

/** The std elements these layouts use (nextStdChunk's stdLongYear … stdISO8601ColonTZ); the rest of a layout is literal. */
const STD_CHUNK = /2006|01|02|15|04|05|[.,](?:0+|9+)(?![0-9])|Z07:00/g;

function layout(text: string): GoLayout {
  const chunks: string[] = [];
  let at = 0;
  for (const match of text.matchAll(STD_CHUNK)) {
    if (match.index > at) chunks.push(text.slice(at, match.index));
    chunks.push(match[0]);
    at = match.index + match[0].length;
  }
  if (at < text.length) chunks.push(text.slice(at));
  return {text, chunks};
}

export const RFC3339 = layout('2006-01-02T15:04:05Z07:00');
export const RFC3339_NANO = layout('2006-01-02T15:04:05.999999999Z07:00');
/** kube-openapi strfmt time.go: RFC3339Millis, RFC3339Micro, ISO8601LocalTime; date.go RFC3339FullDate. */
export const RFC3339_MILLIS = layout('2006-01-02T15:04:05.000Z07:00');
export const RFC3339_MICRO = layout('2006-01-02T15:04:05.000000Z07:00');
export const ISO8601_LOCAL_TIME = layout('2006-01-02T15:04:05');
export const RFC3339_FULL_DATE = layout('2006-01-02');

/** An instant as time.Parse returns it: Unix seconds, nanoseconds in the second, the zone's offset in seconds east of UTC (0 for `Z` and no zone). */
export interface GoInstant {
  seconds: number;
  nanos: number;
  offset: number;
}

const isDigit = (text: string, i: number) => i < text.length && text[i]! >= '0' && text[i]! <= '9';
const commaOrPeriod = (c: string | undefined) => c === '.' || c === ',';

class Bad extends Error {}

/** getnum: one or two digits (`fixed`: exactly two). */
function getnum(text: string, fixed: boolean): [number, string] {
  if (!isDigit(text, 0)) throw new Bad();
  if (!isDigit(text, 1)) {
    if (fixed) throw new Bad();
    return [Number(text[0]), text.slice(1)];
  }
  return [Number(text.slice(0, 2)), text.slice(2)];
}

/** format.go atoi: an optional sign, then digits only (none is 0). */
function atoi(text: string): number {
  const signed = text[0] === '-' || text[0] === '+';
  const digits = signed ? text.slice(1) : text;
  if (!/^[0-9]*$/.test(digits)) throw new Bad();
  const value = digits === '' ? 0 : Number(digits);
  return text[0] === '-' ? -value : value;
}

/** parseNanoseconds: `text[0]` a dot or comma, then the digits up to `length` (at most nine read). */
function parseNanoseconds(text: string, length: number): {nanos: number; range?: string} {
  if (!commaOrPeriod(text[0])) throw new Bad();
  const nanos = atoi(text.slice(1, Math.min(length, 10)));
  if (nanos < 0) return {nanos: 0, range: 'fractional second'};
  return {nanos: nanos * 10 ** (10 - Math.min(length, 10))};
}

const daysIn = (month: number, year: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const parseError = (goLayout: GoLayout, value: string, element: string, rest: string) =>
  `parsing time ${goTimeQuote(value)} as ${goTimeQuote(goLayout.text)}: cannot parse ${goTimeQuote(rest)} as ${goTimeQuote(element)}`;

/** time.Parse(layout, value): the instant, or Go's error text. */
export function parseGoTime(goLayout: GoLayout, value: string): GoInstant | {error: string} {
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0, offset = 0;
  let rest = value;
  const {chunks} = goLayout;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const hold = rest;
    let range: string | undefined;
    try {
      switch (chunk) {
        case '2006':
          if (rest.length < 4 || !isDigit(rest, 0)) throw new Bad();
          year = atoi(rest.slice(0, 4));
          rest = rest.slice(4);
          break;
        case '01':
          [month, rest] = getnum(rest, true);
          if (month <= 0 || month > 12) range = 'month';
          break;
        case '02':
          // any two digits: checked against the month once parsed
          [day, rest] = getnum(rest, true);
          break;
        case '15':
          [hour, rest] = getnum(rest, false);
          if (hour >= 24) range = 'hour';
          break;
        case '04':
          [minute, rest] = getnum(rest, true);
          if (minute >= 60) range = 'minute';
          break;
        case '05': {
          [second, rest] = getnum(rest, true);
          if (second >= 60) {
            range = 'second';
            break;
          }
          const next = chunks[i + 1];
          // a fraction the layout does not ask for is read anyway
          if (rest.length >= 2 && commaOrPeriod(rest[0]) && isDigit(rest, 1) && !(next !== undefined && /^[.,][09]/.test(next))) {
            let n = 2;
            while (isDigit(rest, n)) n++;
            ({nanos, range} = parseNanoseconds(rest, n));
            rest = rest.slice(n);
          }
          break;
        }
        case 'Z07:00': {
          if (rest[0] === 'Z') {
            rest = rest.slice(1);
            offset = 0;
            break;
          }
          if (rest.length < 6 || rest[3] !== ':') throw new Bad();
          // a range error is reported before a bad digit or sign found beside it
          let bad = false;
          let hours = 0, minutes = 0;
          try {
            [hours] = getnum(rest.slice(1, 3), true);
            [minutes] = getnum(rest.slice(4, 6), true);
          } catch {
            bad = true;
          }
          if (hours > 24) range = 'time zone offset hour';
          if (minutes > 60) range = 'time zone offset minute';
          if (range !== undefined) break;
          if (bad || (rest[0] !== '+' && rest[0] !== '-')) throw new Bad();
          offset = (rest[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60;
          rest = rest.slice(6);
          break;
        }
        default:
          if (chunk[1] === '0') {
            // stdFracSecond0: exactly the layout's digits
            if (rest.length < chunk.length) throw new Bad();
            ({nanos, range} = parseNanoseconds(rest, chunk.length));
            rest = rest.slice(chunk.length);
          } else if (chunk[1] === '9') {
            // stdFracSecond9: any digits, or none
            if (rest.length < 2 || !commaOrPeriod(rest[0]) || !isDigit(rest, 1)) break;
            let n = 1;
            while (isDigit(rest, n)) n++;
            ({nanos, range} = parseNanoseconds(rest, n));
            rest = rest.slice(n);
          } else {
            // literal text (skip)
            if (!rest.startsWith(chunk)) {
              let same = 0;
              while (same < chunk.length && rest[same] === chunk[same]) same++;
              return {error: parseError(goLayout, value, chunk, rest.slice(same))};
            }
            rest = rest.slice(chunk.length);
          }
      }
    } catch (error) {
      if (!(error instanceof Bad)) throw error;
      return {error: parseError(goLayout, value, chunk, hold)};
    }
    if (range !== undefined) return {error: `parsing time ${goTimeQuote(value)}: ${range} out of range`};
  }
  if (rest !== '') return {error: `parsing time ${goTimeQuote(value)}: extra text: ${goTimeQuote(rest)}`};
  if (day < 1 || day > daysIn(month, year)) return {error: `parsing time ${goTimeQuote(value)}: day out of range`};
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  return {seconds, nanos, offset};
}
