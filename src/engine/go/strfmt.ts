/**
 * kube-openapi's pkg/validation/strfmt parsers (k8s.io/kube-openapi c8a335a9a2ff, the one
 * k8s.io/apiserver v0.33.9 requires), with which the API server turns a schema string of
 * `format: date-time`, `date` or `duration` into a CEL value (apiserver pkg/cel/common/values.go
 * UnstructuredToVal). kube-openapi is a fork of go-openapi/strfmt that kept the older layouts:
 * no "NoColon" or space-separated variants.
 */
import {ISO8601_LOCAL_TIME, parseGoTime, RFC3339, RFC3339_FULL_DATE, RFC3339_MICRO, RFC3339_MILLIS, RFC3339_NANO, type GoInstant} from './time-parse';
import {parseGoDurationStrict} from './time-duration';

/** time.go dateTimeFormats, in the order ParseDateTime tries them. */
const DATE_TIME_LAYOUTS = [RFC3339_MICRO, RFC3339_MILLIS, RFC3339, RFC3339_NANO, ISO8601_LOCAL_TIME];

/** time.go ParseDateTime: "" is the Unix epoch (NewDateTime); else the first layout that reads the text, or the last layout's error. */
export function parseDateTime(text: string): GoInstant | {error: string} {
  if (text === '') return {seconds: 0, nanos: 0, offset: 0};
  let last: {error: string} = {error: ''};
  for (const layout of DATE_TIME_LAYOUTS) {
    const parsed = parseGoTime(layout, text);
    if (!('error' in parsed)) return parsed;
    last = parsed;
  }
  return last;
}

/** date.go RFC3339FullDate, as values.go reads a `format: date` string: time.Parse("2006-01-02", s), midnight UTC. */
export function parseFullDate(text: string): GoInstant | {error: string} {
  return parseGoTime(RFC3339_FULL_DATE, text);
}

/** duration.go timeUnits: each group's names; a unit equal to a name (any case) or starting with the group's last name counts. */
const TIME_UNITS: readonly (readonly string[])[] = [
  ['ns', 'nano'], ['us', '\u00b5s', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'], ['w', 'wk', 'week'],
];
const NANOS_PER_UNIT = [1n, 1_000n, 1_000_000n, 1_000_000_000n, 60_000_000_000n, 3_600_000_000_000n, 86_400_000_000_000n, 604_800_000_000_000n];
/** durationMatcher `((\d+)\s*([A-Za-zµ]+))`: RE2's \d and \s are ASCII. */
const DURATION_MATCHER = /([0-9]+)[\t\n\f\r ]*([A-Za-z\u00b5]+)/g;
const INT64_MAX = 2n ** 63n - 1n;

/**
 * duration.go ParseDuration: Go's time.ParseDuration, else every "<digits> <unit>" found in the
 * text ("3 days", "1 week", "2hours and junk"), added as Go adds time.Durations (wrapping past
 * int64); an error when no unit is known.
 */
export function parseDuration(text: string): {nanos: bigint} | {error: string} {
  const go = parseGoDurationStrict(text);
  if ('nanos' in go) return go;
  let total = 0n;
  let ok = false;
  for (const [, digits, name] of text.matchAll(DURATION_MATCHER) as Iterable<[string, string, string]>) {
    // the length test first: BigInt of a huge text is slow
    if (digits.replace(/^0+/, '').length > 19 || BigInt(digits) > INT64_MAX) return {error: `strconv.Atoi: parsing "${digits}": value out of range`};
    const factor = BigInt(digits);
    const unit = name.toLowerCase();
    TIME_UNITS.forEach((names, group) => {
      names.forEach((variant, i) => {
        if ((i === names.length - 1 && unit.startsWith(variant)) || variant === unit) {
          ok = true;
          total = BigInt.asIntN(64, total + BigInt.asIntN(64, factor * NANOS_PER_UNIT[group]!));
        }
      });
    });
  }
  return ok ? {nanos: total} : {error: `unable to parse ${text} as duration`};
}
