/**
 * Rust's and serde's wording where Linkerd's messages embed them: `{:?}` of a string, the
 * integer parse errors of core::num, and serde_json's deserialization errors (the webhook
 * deserializes `spec` into its Rust types first: a value the CRD schema lets through but the
 * type cannot hold is denied with serde's message).
 */

/** `format!("{:?}", s)` for a &str: quoted, with Rust's escapes. */
export function rustDebug(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\0') out += '\\0';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

const DIGITS = /^[0-9]+$/;

/** core::num::ParseIntError's messages, for `s.parse::<uN>()` (an optional leading `+`, ASCII digits only). */
export function parseUnsigned(s: string, bits: 16 | 32 | 64): {value: bigint} | {error: string} {
  if (s === '') return {error: 'cannot parse integer from empty string'};
  const digits = s[0] === '+' && s.length > 1 ? s.slice(1) : s;
  if (!DIGITS.test(digits)) return {error: 'invalid digit found in string'};
  const value = BigInt(digits);
  if (value >= 1n << BigInt(bits)) return {error: 'number too large to fit in target type'};
  return {value};
}

/** serde's `invalid type` / `invalid value` wording for a JSON value where a string or an integer was expected. */
export function serdeUnexpected(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return `boolean \`${value}\``;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  return Array.isArray(value) ? 'sequence' : 'map';
}

/** serde's message for an unsigned integer field given `value` (undefined when it fits). */
export function serdeUnsignedError(value: unknown, bits: 16 | 32): string | undefined {
  const type = `u${bits}`;
  if (typeof value !== 'number') return `invalid type: ${serdeUnexpected(value)}, expected ${type}`;
  if (!Number.isInteger(value)) return `invalid type: ${serdeUnexpected(value)}, expected ${type}`;
  if (value < 0 || value >= 2 ** bits) return `invalid value: ${serdeUnexpected(value)}, expected ${type}`;
  return undefined;
}
