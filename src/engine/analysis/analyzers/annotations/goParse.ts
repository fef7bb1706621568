/**
 * The Go parsers inject.AnnotationValidation calls, each returning the error text Go returns
 * (undefined when the value parses): strconv.ParseUint, net/netip's ParsePrefix and Kubernetes'
 * resource.ParseQuantity (ParseBool is src/engine/go/strconv-bool.ts).
 */
import {goQuote} from '../../messages';

/** strconv.ParseUint(s, 10, bitSize): decimal digits only (no sign, no underscores in base 10). */
export function parseUintError(s: string, bitSize: number): string | undefined {
  const fail = (reason: string) => `strconv.ParseUint: parsing ${goQuote(s)}: ${reason}`;
  if (!/^[0-9]+$/.test(s)) return fail('invalid syntax');
  if (BigInt(s) >= 1n << BigInt(bitSize)) return fail('value out of range');
  return undefined;
}

/** netip's parseAddrError, with the rest of the input where parsing stopped when known. */
class AddrError {
  constructor(readonly input: string, readonly msg: string, readonly at = '') {}
  toString(): string {
    return `ParseAddr(${goQuote(this.input)}): ${this.msg}${this.at ? ` (at ${goQuote(this.at)})` : ''}`;
  }
}

interface ParsedAddr {
  is6: boolean;
  zone: string;
}

/** netip.ParseAddr: the first '.', ':' or '%' decides the family. */
function parseAddr(s: string): ParsedAddr | AddrError {
  for (const c of s) {
    if (c === '.') return parseIPv4Fields(s, 0, s.length) ?? {is6: false, zone: ''};
    if (c === ':') return parseIPv6(s);
    if (c === '%') return new AddrError(s, 'missing IPv6 address');
  }
  return new AddrError(s, 'unable to parse IP');
}

function parseIPv4Fields(input: string, off: number, end: number): AddrError | undefined {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) return new AddrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(c);
      digits++;
      if (val > 255) return new AddrError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') return new AddrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (pos === 3) return new AddrError(input, 'IPv4 address too long');
      pos++;
      val = 0;
      digits = 0;
    } else return new AddrError(input, 'unexpected character', s.slice(i));
  }
  if (pos < 3) return new AddrError(input, 'IPv4 address too short');
  return undefined;
}

function parseIPv6(input: string): ParsedAddr | AddrError {
  let s = input;
  let zone = '';
  const percent = s.indexOf('%');
  if (percent !== -1) {
    zone = s.slice(percent + 1);
    s = s.slice(0, percent);
    if (zone === '') return new AddrError(input, 'zone must be a non-empty string');
  }
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return {is6: true, zone};
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const digit = parseInt(s[off]!, 16);
      if (Number.isNaN(digit)) break;
      acc = acc * 16 + digit;
      if (off > 3) return new AddrError(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) return new AddrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) return new AddrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return new AddrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) return new AddrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      const error = parseIPv4Fields(input, end - s.length, end);
      if (error) return error;
      s = '';
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') return new AddrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) return new AddrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return new AddrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return new AddrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) return new AddrError(input, 'address string too short');
  } else if (ellipsis >= 0) return new AddrError(input, 'the :: must expand to at least one field of zeros', s);
  return {is6: true, zone};
}

const INT64_MAX = (1n << 63n) - 1n;

/** net.ParseIP: whether s is an IPv4 or IPv6 address (netip.ParseAddr without a zone). */
export function isGoIP(s: string): boolean {
  const addr = parseAddr(s);
  return !(addr instanceof AddrError) && addr.zone === '';
}

/** netip.ParseAddr's verdict: IPv4, IPv6, or the error text. */
export function parseAddrFamily(s: string): 4 | 6 | string {
  const addr = parseAddr(s);
  return addr instanceof AddrError ? addr.toString() : addr.is6 ? 6 : 4;
}

/** netip.ParsePrefix: an address, '/', and a plain decimal length within the family's bits. */
export function parsePrefixError(s: string): string | undefined {
  const fail = (msg: string) => `netip.ParsePrefix(${goQuote(s)}): ${msg}`;
  const slash = s.lastIndexOf('/');
  if (slash < 0) return fail("no '/'");
  const addr = parseAddr(s.slice(0, slash));
  if (addr instanceof AddrError) return fail(addr.toString());
  if (addr.is6 && addr.zone !== '') return fail('IPv6 zones cannot be present in a prefix');
  const bits = s.slice(slash + 1);
  // No sign, no leading zero (strconv.Atoi would take them), and within Atoi's int64.
  if (!/^(0|[1-9][0-9]*)$/.test(bits) || BigInt(bits) > INT64_MAX) return fail(`bad bits after slash: ${goQuote(bits)}`);
  if (Number(bits) > (addr.is6 ? 128 : 32)) return fail('prefix length out of range');
  return undefined;
}

/** resource.ErrFormatWrong's text (splitREString). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
const QUANTITY_SUFFIXES = new Set(['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E']);

/**
 * resource.ParseQuantity: parseQuantityString's scan (sign, digits, '.', digits, suffix letters, an
 * optional signed exponent) then the suffix's meaning (binary, decimal, or e/E with an int32 exponent).
 */
export function parseQuantityError(str: string): string | undefined {
  if (str.length === 0) return QUANTITY_FORMAT_ERROR;
  const scanned = /^[+-]?[0-9]*(?:\.[0-9]*)?/.exec(str)![0];
  let rest = str.slice(scanned.length);
  const suffix = rest;
  // A number alone (or a lone sign, which reads as zero) has no suffix to check.
  if (rest === '') return undefined;
  rest = rest.replace(/^[eEinumkKMGTP]*/, '').replace(/^[-+]/, '');
  if (!/^[0-9]*$/.test(rest)) return QUANTITY_FORMAT_ERROR;
  if (QUANTITY_SUFFIXES.has(suffix)) return undefined;
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const exponent = suffix.slice(1);
    if (/^[+-]?[0-9]+$/.test(exponent)) {
      const value = BigInt(exponent);
      if (value >= -(1n << 31n) && value < 1n << 31n) return undefined;
    }
  }
  return QUANTITY_SUFFIX_ERROR;
}
