/**
 * Go's time.ParseDuration (src/time/format.go, ParseDuration) with its error messages, for
 * the Go webhooks that quote them (Linkerd's sp-validator: pkg/profiles/profiles.go Validate).
 * Durations are int64 nanoseconds: anything beyond overflows and is an invalid duration.
 */

const UNIT_NANOS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n], ['us', 1_000n], ['\u00b5s', 1_000n], ['\u03bcs', 1_000n],
  ['ms', 1_000_000n], ['s', 1_000_000_000n], ['m', 60_000_000_000n], ['h', 3_600_000_000_000n],
]);
const MAX_INT64 = (1n << 63n) - 1n;
/** 1<<63: ParseDuration sums magnitudes up to it, so that -9223372036854775808ns is read. */
const TWO_63 = 1n << 63n;

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** format.go quote: double quotes, `"` and `\` escaped, bytes of non-ASCII or control runes as \xNN. */
export function goTimeQuote(s: string): string {
  // most texts need no escaping, and a long one would cost a step per character
  if (/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code >= 0x80) {
      for (const byte of new TextEncoder().encode(ch)) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

/** Nanoseconds, or the error ParseDuration returns. */
export function parseGoDurationStrict(text: string): {nanos: bigint} | {error: string} {
  const invalid = {error: `time: invalid duration ${goTimeQuote(text)}`};
  let s = text;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return {nanos: 0n};
  if (s === '') return invalid;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    let i = 0;
    while (isDigit(s[i])) i++;
    const whole = s.slice(0, i);
    if (whole.replace(/^0+/, '').length > 19 || (whole !== '' && BigInt(whole) > TWO_63)) return invalid; // leadingInt's overflow (the length test first: BigInt of a huge text is slow)
    s = s.slice(i);
    let fraction = '';
    let hasFraction = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      while (isDigit(s[j])) j++;
      fraction = s.slice(0, j);
      hasFraction = j > 0;
      s = s.slice(j);
    }
    if (whole === '' && !hasFraction) return invalid;
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) return {error: `time: missing unit in duration ${goTimeQuote(text)}`};
    const unitText = s.slice(0, u);
    s = s.slice(u);
    const unit = UNIT_NANOS.get(unitText);
    if (unit === undefined) return {error: `time: unknown unit ${goTimeQuote(unitText)} in duration ${goTimeQuote(text)}`};
    const v = BigInt(whole || '0');
    if (v > TWO_63 / unit) return invalid;
    let value = v * unit;
    if (fraction !== '') {
      // leadingFraction keeps digits while they fit; the fraction scaled to the unit, truncated.
      value += (BigInt(fraction.slice(0, 18)) * unit) / 10n ** BigInt(Math.min(fraction.length, 18));
      if (value > TWO_63) return invalid;
    }
    total += value;
    if (total > TWO_63) return invalid;
  }
  if (negative) return {nanos: -total};
  return total > MAX_INT64 ? invalid : {nanos: total};
}
