/**
 * k8s.io/apimachinery pkg/api/resource Quantity (quantity.go, suffix.go, amount.go, math.go): how a
 * Go program that reads an object into its k8s.io/api type writes a quantity back. ParseQuantity
 * (what UnmarshalJSON calls on the string, or on a JSON number's text) remembers the suffix's format
 * and keeps the text it read when that text is already canonical-looking; MarshalJSON writes that
 * text, or the canonical form: no fractional digits, the largest exponent of the format that loses
 * nothing (`0.1` → `100m`, `1024Mi` → `1Gi`, `1.5Gi` → `1536Mi`, the number 1000 → `1k`).
 *
 * Amounts are exact (BigInt mantissa × 10^exponent) where Go switches between int64Amount and
 * inf.Dec: both give the same text.
 */

type Format = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export interface Quantity {
  /** The value is mantissa × 10^exponent. */
  mantissa: bigint;
  exponent: number;
  format: Format;
  /** The text ParseQuantity kept (Quantity.s): MarshalJSON writes it as it came. */
  kept?: string;
}

/** resource.ErrFormatWrong, ErrNumeric and ErrSuffix. */
export const QUANTITY_ERRORS = {
  format: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  numeric: 'unable to parse numeric part of quantity',
  suffix: "unable to parse quantity's suffix",
} as const;

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = {Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60};
const MAX_INT64 = (1n << 63n) - 1n;
/** math.go maxInt64Factors: the decimal digits an int64 always holds. */
const MAX_INT64_FACTORS = 18;
const NANO = -9;

/** parseQuantityString: sign, the number's text, its digits before and after the point (leading zeros dropped), the suffix. */
function splitQuantity(str: string): {positive: boolean; value: string; num: string; denom: string; suffix: string} | undefined {
  const match = /^([+-]?)(0*)([0-9]*)(?:\.([0-9]*))?/.exec(str)!;
  const positive = match[1] !== '-';
  // All zeros to the end: parseQuantityString returns "0" for both the number and its text.
  if (match[0] === str && match[4] === undefined && match[3] === '') return {positive, value: '0', num: '0', denom: '', suffix: ''};
  const value = match[0];
  const num = match[3] === '' ? '0' : match[3]!;
  const denom = match[4] ?? '';
  const suffix = str.slice(value.length);
  // The suffix: its letters, then an optional sign and digits; anything else is the format error.
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) return undefined;
  return {positive, value, num, denom, suffix};
}

/** suffixHandler.interpret: base, exponent and format of a suffix, or undefined. */
function interpretSuffix(suffix: string): {base: 2 | 10; exponent: number; format: Format} | undefined {
  if (suffix in DECIMAL_SUFFIXES) return {base: 10, exponent: DECIMAL_SUFFIXES[suffix]!, format: 'DecimalSI'};
  if (suffix in BINARY_SUFFIXES) return {base: 2, exponent: BINARY_SUFFIXES[suffix]!, format: 'BinarySI'};
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const parsed = BigInt(suffix.slice(1));
    // strconv.ParseInt(…, 10, 64), then int32(parsed): wraps.
    if (parsed < -(1n << 63n) || parsed > MAX_INT64) return undefined;
    return {base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent'};
  }
  return undefined;
}

/** ParseQuantity: the quantity, or the error it returns. */
export function parseQuantity(str: string): Quantity | {error: string} {
  if (str.length === 0) return {error: QUANTITY_ERRORS.format};
  if (str === '0') return {mantissa: 0n, exponent: 0, format: 'DecimalSI', kept: str};
  const split = splitQuantity(str);
  if (!split) return {error: QUANTITY_ERRORS.format};
  const {positive, value, num, denom} = split;
  const suffix = interpretSuffix(split.suffix);
  if (!suffix) return {error: QUANTITY_ERRORS.suffix};
  let {format} = suffix;

  // The int64 fast path: exact when the digits fit and the scale is not below nano.
  let precision = 0;
  let scale = 0;
  let multiplier = 1n;
  if (format !== 'BinarySI') {
    scale = suffix.exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  } else if (suffix.exponent >= 0 && denom.length === 0) {
    multiplier = 1n << BigInt(suffix.exponent);
    precision = 15 - num.length - Math.trunc(Math.fround(suffix.exponent * 3) / 10) - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const digits = BigInt(shifted);
      const product = digits * multiplier;
      if (product <= MAX_INT64) {
        const mantissa = positive ? product : -product;
        // The text is kept when it is already what canonicalisation would write (or close enough for Go's check).
        const canonicalLooking = format === 'BinarySI'
          ? suffix.exponent % 10 === 0 && (digits & 7n) !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return {mantissa, exponent: scale, format, ...(canonicalLooking ? {kept: str} : {})};
      }
    }
  }

  // inf.Dec: the number's text, scaled by the suffix, rounded up to nano, BinarySI capped at MaxInt64.
  const decimal = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!decimal || decimal[2]! + (decimal[3] ?? '') === '') return {error: QUANTITY_ERRORS.numeric};
  let mantissa = BigInt(decimal[2]! + (decimal[3] ?? '') || '0');
  let exponent = -(decimal[3] ?? '').length;
  if (suffix.base === 10) exponent += suffix.exponent;
  else mantissa *= 1n << BigInt(suffix.exponent);
  const negative = decimal[1] === '-' && mantissa !== 0n;
  if (exponent < NANO) {
    const divisor = 10n ** BigInt(NANO - exponent);
    // inf.RoundUp on the magnitude: any remainder rounds away from zero.
    mantissa = mantissa / divisor + (mantissa % divisor === 0n ? 0n : 1n);
    exponent = NANO;
  }
  if (format === 'BinarySI' && compare(mantissa, exponent, MAX_INT64, 0) > 0) {
    mantissa = MAX_INT64;
    exponent = 0;
  }
  if (format === 'BinarySI' && mantissa !== 0n && compare(mantissa, exponent, 1n, 0) < 0) format = 'DecimalSI';
  return {mantissa: negative ? -mantissa : mantissa, exponent, format};
}

/** a×10^ae against b×10^be. */
function compare(a: bigint, ae: number, b: bigint, be: number): number {
  const e = Math.min(ae, be);
  const x = a * 10n ** BigInt(ae - e);
  const y = b * 10n ** BigInt(be - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** removeInt64Factors / removeBigIntFactors: the value with every factor `base` taken out, and how many. */
function removeFactors(value: bigint, base: bigint): [bigint, number] {
  let times = 0;
  while (value !== 0n && value % base === 0n) {
    value /= base;
    times++;
  }
  return [value, times];
}

/** CanonicalizeBytes then MarshalJSON's text (without the quotes): the kept text, else the canonical form. */
export function formatQuantity(q: Quantity): string {
  if (q.kept !== undefined) return q.kept;
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  let integer: bigint | undefined;
  if (format === 'BinarySI') {
    if (compare(q.mantissa, q.exponent, -1024n, 0) > 0 && compare(q.mantissa, q.exponent, 1024n, 0) < 0) format = 'DecimalSI';
    else {
      // AsScale(0): rounded up (away from zero) to a whole number; not exact, and it is written in decimal.
      const whole = roundAwayToInteger(q.mantissa, q.exponent);
      if (whole.exact) integer = whole.value;
      else format = 'DecimalSI';
    }
  }
  if (integer !== undefined) {
    const [amount, times] = removeFactors(integer, 1024n);
    // binSuffixes has no entry for 1024^0: no suffix.
    const suffix = Object.entries(BINARY_SUFFIXES).find(([, e]) => e === times * 10)?.[0] ?? '';
    return `${amount}${suffix}`;
  }
  // AsCanonicalBytes: factors of ten into the exponent, then the exponent down to a multiple of 3.
  let [amount, times] = removeFactors(q.mantissa, 10n);
  let exponent = q.exponent + times;
  while (exponent % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  // decSuffixes lacks exponents beyond n…E: Go writes the mantissa with no suffix at all.
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent)?.[0] ?? '';
  return `${amount}${suffix}`;
}

function roundAwayToInteger(mantissa: bigint, exponent: number): {value: bigint; exact: boolean} {
  if (exponent >= 0) return {value: mantissa * 10n ** BigInt(exponent), exact: true};
  const divisor = 10n ** BigInt(-exponent);
  const quotient = mantissa / divisor;
  if (mantissa % divisor === 0n) return {value: quotient, exact: true};
  return {value: mantissa > 0n ? quotient + 1n : quotient - 1n, exact: false};
}

/**
 * A JSON value read into a Quantity and written back (UnmarshalJSON, MarshalJSON): a string is parsed
 * with its surrounding blanks trimmed, a number from the text encoding/json gives it (JavaScript's
 * shortest text is Go's for the same float64). The text, or the error UnmarshalJSON returns.
 */
export function canonicalQuantityJson(value: string | number): string | {error: string} {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const parsed = parseQuantity(text);
  return 'error' in parsed ? parsed : formatQuantity(parsed);
}
