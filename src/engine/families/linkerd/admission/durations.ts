/**
 * The two duration syntaxes Linkerd's webhook reads:
 * - k8s/api duration.rs K8sDuration (a route's `timeouts`): Go's time.Duration syntax read by
 *   Linkerd's own parser, shown with Rust's `Debug` of std::time::Duration;
 * - k8s/index outbound/index.rs parse_duration (the `timeout.linkerd.io/*` and
 *   `retry.linkerd.io/timeout` annotations): whole numbers of ms, s, m, h or d only.
 */
import {parseUnsigned} from './rust';

export interface K8sDuration {
  nanos: bigint;
  negative: boolean;
}

const EXPECTED_UNITS = "expected one of 'ns', 'us', '\u00b5s', 'ms', 's', 'm', or 'h'";
const UNIT_NANOS: Record<string, number> = {ns: 1, us: 1e3, '\u00b5s': 1e3, '\u03bcs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9};
const ALPHABETIC = /\p{Alphabetic}/u;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Rust's f64::from_str on the number before a unit (its exponent letters split off as the unit, as Linkerd's loop does). */
function parseFloat64(s: string): number | string {
  if (s === '') return 'cannot parse float from empty string';
  return FLOAT.test(s) ? Number(s) : 'invalid float literal';
}

/** duration.rs `K8sDuration::from_str`: the duration, or ParseError's message. */
export function parseK8sDuration(text: string): K8sDuration | string {
  const negative = text.startsWith('-');
  let s = text.replace(/^\++/, '').replace(/^-+/, '');
  let total = 0;
  while (s !== '') {
    const unitStart = [...s].findIndex((c) => ALPHABETIC.test(c));
    if (unitStart < 0) {
      if (s === '0') return {nanos: 0n, negative};
      return `missing a unit: ${EXPECTED_UNITS}`;
    }
    const chars = [...s];
    const value = parseFloat64(chars.slice(0, unitStart).join(''));
    if (typeof value === 'string') return `invalid floating-point number: ${value}`;
    const rest = chars.slice(unitStart);
    const unitEnd = rest.findIndex((c) => !ALPHABETIC.test(c));
    const unit = (unitEnd < 0 ? rest : rest.slice(0, unitEnd)).join('');
    s = unitEnd < 0 ? '' : rest.slice(unitEnd).join('');
    const base = UNIT_NANOS[unit];
    if (base === undefined) return `invalid unit: ${EXPECTED_UNITS}`;
    total += value * base;
  }
  return {nanos: BigInt(Math.round(total)), negative};
}

/** `{:?}` of std::time::Duration: `1.5s`, `250ms`, `10µs`, `7ns` (fraction without trailing zeros). */
export function rustDurationDebug(nanos: bigint): string {
  const decimal = (whole: bigint, fraction: bigint, digits: number) => {
    const text = fraction === 0n ? '' : `.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
    return `${whole}${text}`;
  };
  if (nanos >= 1_000_000_000n) return `${decimal(nanos / 1_000_000_000n, nanos % 1_000_000_000n, 9)}s`;
  if (nanos >= 1_000_000n) return `${decimal(nanos / 1_000_000n, nanos % 1_000_000n, 6)}ms`;
  if (nanos >= 1_000n) return `${decimal(nanos / 1_000n, nanos % 1_000n, 3)}\u00b5s`;
  return `${nanos}ns`;
}

/** K8sDuration's Display. */
export const formatK8sDuration = (d: K8sDuration) => `${d.negative ? '-' : ''}${rustDurationDebug(d.nanos)}`;

const ANNOTATION_UNIT_MS: Record<string, bigint> = {ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n, d: 86_400_000n};
const U64_MAX = (1n << 64n) - 1n;

/** outbound/index.rs parse_duration: milliseconds, or the error it bails with. */
export function parseAnnotationDuration(text: string): {ms: bigint} | {error: string} {
  const s = text.trim();
  if (s.startsWith('-')) return {error: `duration value cannot be negative: '${s}'`};
  let lastDigit = s.length - 1;
  while (lastDigit >= 0 && !(s.charCodeAt(lastDigit) >= 48 && s.charCodeAt(lastDigit) <= 57)) lastDigit--;
  if (lastDigit < 0) return {error: `${s} does not contain a timeout duration value`};
  const [magnitudeText, unit] = [s.slice(0, lastDigit + 1), s.slice(lastDigit + 1)];
  if (magnitudeText.includes('.')) return {error: 'fractional values not supported'};
  const magnitude = parseUnsigned(magnitudeText, 64);
  if ('error' in magnitude) return magnitude;
  let mul: bigint;
  if (unit === '' && magnitude.value === 0n) mul = 0n;
  else if (unit in ANNOTATION_UNIT_MS) mul = ANNOTATION_UNIT_MS[unit]!;
  else if (unit === '') return {error: `missing duration unit; did you mean '${magnitude.value}s' or '${magnitude.value}ms'?`};
  else return {error: `invalid duration unit ${unit} (expected one of 'ms', 's', 'm', 'h', or 'd')`};
  const ms = magnitude.value * mul;
  if (ms > U64_MAX) return {error: `Timeout value ${s} overflows when converted to 'ms'`};
  return {ms};
}
