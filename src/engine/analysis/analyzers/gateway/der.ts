/**
 * DER as golang.org/x/crypto/cryptobyte reads it for crypto/x509: elements with low tag numbers,
 * definite and minimally encoded lengths, and its readers of integers, BIT STRINGs, OBJECT
 * IDENTIFIERs and BOOLEANs, each refusing what cryptobyte refuses.
 */
export interface Element {
  tag: number;
  /** The contents. */
  body: Uint8Array;
  /** The whole element, header included. */
  raw: Uint8Array;
}

/** A DER reader over a byte string: low tag numbers, definite and minimally encoded lengths (cryptobyte's rules). */
export class Der {
  constructor(private bytes: Uint8Array) {}

  get empty(): boolean {
    return this.bytes.length === 0;
  }

  peek(tag: number): boolean {
    return this.bytes.length > 0 && this.bytes[0] === tag;
  }

  /** ReadASN1 / ReadASN1Element: the next element, which must have this tag. */
  read(tag: number): Element | undefined {
    if (!this.peek(tag)) return undefined;
    return this.any();
  }

  /** ReadAnyASN1Element: the next element, whatever its tag. */
  any(): Element | undefined {
    const b = this.bytes;
    // cryptobyte reads no high tag number (low five bits all set).
    if (b.length < 2 || (b[0]! & 0x1f) === 0x1f) return undefined;
    let length = b[1]!;
    let header = 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || b.length < 2 + count) return undefined;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + b[2 + i]!;
      // Minimal encoding: no leading zero byte, and the long form only from 128 on.
      if (b[2] === 0 || length < 128) return undefined;
      header = 2 + count;
    }
    if (b.length < header + length) return undefined;
    const element = {tag: b[0]!, body: b.subarray(header, header + length), raw: b.subarray(0, header + length)};
    this.bytes = b.subarray(header + length);
    return element;
  }

  /** ReadOptionalASN1: the element if the next one has this tag, null if another (or none) comes, undefined if it is malformed. */
  optional(tag: number): Element | null | undefined {
    return this.peek(tag) ? this.any() : null;
  }
}

export const tags = {
  BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12, PRINTABLE_STRING: 0x13, T61_STRING: 0x14, IA5_STRING: 0x16, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e, SEQUENCE: 0x30, SET: 0x31,
} as const;
/** Context-specific tags: [n] primitive, and [n] constructed. */
export const context = (n: number) => 0x80 | n;
export const constructed = (n: number) => 0xa0 | n;

// --- cryptobyte's readers of values ---

/** checkASN1Integer: at least one byte, no redundant leading 0x00 or 0xff. */
function isMinimalInteger(body: Uint8Array): boolean {
  if (body.length === 0) return false;
  return !(body.length > 1 && ((body[0] === 0 && (body[1]! & 0x80) === 0) || (body[0] === 0xff && (body[1]! & 0x80) !== 0)));
}

/** ReadASN1Integer into a big.Int: its sign (-1, 0, 1), or undefined when malformed. */
export function bigIntegerSign(element: Element | undefined): -1 | 0 | 1 | undefined {
  if (!element || !isMinimalInteger(element.body)) return undefined;
  if (element.body[0]! & 0x80) return -1;
  return element.body.every((byte) => byte === 0) ? 0 : 1;
}

/** ReadASN1Integer into an int (asn1Signed): minimal and within 64 bits; its value as a BigInt. */
export function int64(element: Element | undefined): bigint | undefined {
  if (!element || !isMinimalInteger(element.body) || element.body.length > 8) return undefined;
  let value = 0n;
  for (const byte of element.body) value = (value << 8n) | BigInt(byte);
  return element.body[0]! & 0x80 ? value - (1n << BigInt(element.body.length * 8)) : value;
}

/** ReadASN1Integer into a uint (asn1Unsigned): minimal, not negative, within 64 bits. */
export function uint64(element: Element | undefined): bigint | undefined {
  if (!element || !isMinimalInteger(element.body) || element.body[0]! & 0x80) return undefined;
  if (element.body.length > 9 || (element.body.length === 9 && element.body[0] !== 0)) return undefined;
  let value = 0n;
  for (const byte of element.body) value = (value << 8n) | BigInt(byte);
  return value;
}

/** ReadASN1BitString: a padding count below 8, no padding without bits, padding bits zero; the bytes (RightAlign aside). */
export function bitString(element: Element | undefined): {bytes: Uint8Array; padding: number} | undefined {
  if (!element || element.body.length === 0) return undefined;
  const padding = element.body[0]!;
  const bytes = element.body.subarray(1);
  if (padding > 7 || (bytes.length === 0 && padding !== 0) || (bytes.length > 0 && (bytes[bytes.length - 1]! & ((1 << padding) - 1)) !== 0)) return undefined;
  return {bytes, padding};
}

/** BitString.RightAlign: the bits shifted right by the padding. */
export function rightAlign({bytes, padding}: {bytes: Uint8Array; padding: number}): Uint8Array {
  if (padding === 0 || bytes.length === 0) return bytes;
  const out = new Uint8Array(bytes.length);
  out[0] = bytes[0]! >> padding;
  for (let i = 1; i < bytes.length; i++) out[i] = ((bytes[i - 1]! << (8 - padding)) | (bytes[i]! >> padding)) & 0xff;
  return out;
}

/** ReadASN1ObjectIdentifier: base-128 components, minimal, each below 2^31; the dotted text. */
export function objectIdentifier(element: Element | undefined): string | undefined {
  if (!element || element.tag !== tags.OID || element.body.length === 0) return undefined;
  const components: number[] = [];
  let i = 0;
  const bytes = element.body;
  while (i < bytes.length) {
    let value = 0;
    for (let n = 0; ; n++) {
      if (n === 5 || i >= bytes.length || value >= 1 << 24) return undefined;
      const byte = bytes[i++]!;
      if (n === 0 && byte === 0x80) return undefined;
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    if (components.length === 0) components.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else components.push(value);
  }
  return components.join('.');
}

/** ReadASN1Boolean: one byte, 0x00 or 0xff. */
export function isBoolean(element: Element | undefined): boolean {
  return element !== undefined && element.body.length === 1 && (element.body[0] === 0 || element.body[0] === 0xff);
}

export const latin1 = (bytes: Uint8Array) => {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
};

export const isAscii = (bytes: Uint8Array) => bytes.every((byte) => byte < 0x80);
