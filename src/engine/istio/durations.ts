/**
 * Durations: the CRDs take protobuf Duration strings, which Istio reads with Go's
 * time.ParseDuration rules ("1.5s", "100ms", "1h30m"); agent.ValidateDuration then
 * requires at least 1ms and millisecond precision.
 */
import {memoizedVerdict, type VerdictMemo} from './verdict-memo';

const UNIT_NANOS: Record<string, number> = {ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9};
const COMPONENT = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/y;

/** Nanoseconds, or undefined when Go's time.ParseDuration would fail. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  COMPONENT.lastIndex = 0;
  let consumed = 0;
  while (consumed < rest.length) {
    COMPONENT.lastIndex = consumed;
    const match = COMPONENT.exec(rest);
    if (!match || match[1] === '' || match[1] === '.') return undefined;
    total += Number(match[1]) * UNIT_NANOS[match[2]!]!;
    consumed = COMPONENT.lastIndex;
  }
  return sign * total;
}

const durationVerdicts: VerdictMemo = new Map();

/** Error message as Istio words it, or undefined for a valid duration. */
export function durationError(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined; // the schema reports wrong types
  return memoizedVerdict(durationVerdicts, value, checkDuration);
}

function checkDuration(value: string): string | undefined {
  const nanos = parseGoDuration(value);
  if (nanos === undefined) return `invalid duration ${JSON.stringify(value)}: use a number with a unit, e.g. "1.5s", "100ms" or "1m"`;
  if (nanos < 1e6) return 'duration must be greater than 1ms';
  if (Math.round(nanos) % 1e6 !== 0) return 'only durations to ms precision are supported';
  return undefined;
}
