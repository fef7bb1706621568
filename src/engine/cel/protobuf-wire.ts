/**
 * The protobuf binary format as google.golang.org/protobuf reads it, for the bytes a
 * `google.protobuf.Any{value: ...}` packs (well-known-messages.ts unpacks them), and the text
 * format its error messages print a message in.
 *
 * - readFields: a message's fields in wire order (encoding/protowire ConsumeField): varints of at
 *   most 10 bytes, field numbers 1..2^29-1, groups skipped to their matching end, any truncation
 *   an error. Which fields a message knows, and what a field of the wrong wire type means (an
 *   unknown field, kept and ignored: impl/decode.go), is the caller's.
 * - goTextString: prototext's quoting of a string or bytes field (internal/encoding/text
 *   encode.go appendString).
 */

export type WireField =
  | {number: number; wireType: 0; varint: bigint}
  | {number: number; wireType: 1; fixed: DataView}
  | {number: number; wireType: 2; bytes: Uint8Array}
  | {number: number; wireType: 5; fixed: DataView}
  | {number: number; wireType: 3};

/** A malformed encoding (proto.Unmarshal's error): its wording never reaches a message (see well-known-messages.ts). */
export class WireError extends Error {}

const MAX_FIELD_NUMBER = 2 ** 29 - 1;
/** impl's default RecursionLimit (proto.UnmarshalOptions): nested groups and messages. */
export const RECURSION_LIMIT = 10_000;

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    if (at + i >= bytes.length) throw new WireError('unexpected EOF');
    const byte = bytes[at + i]!;
    // the tenth byte may carry only the top bit of a uint64
    if (i === 9 && byte > 1) throw new WireError('variable length integer overflow');
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if (byte < 0x80) return [value, at + i + 1];
  }
  throw new WireError('variable length integer overflow');
}

/** The fields of one message's encoding, in order; a group (wire type 3) is reported without its contents. */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [field, next] = consumeField(bytes, at, 0);
    if (field) fields.push(field);
    at = next;
  }
  return fields;
}

function consumeField(bytes: Uint8Array, at: number, depth: number): [WireField | undefined, number, number?] {
  const [tag, afterTag] = readVarint(bytes, at);
  const number = Number(tag >> 3n);
  const wireType = Number(tag & 7n);
  if (number < 1 || number > MAX_FIELD_NUMBER) throw new WireError('invalid field number');
  switch (wireType) {
    case 0: {
      const [varint, end] = readVarint(bytes, afterTag);
      return [{number, wireType, varint}, end];
    }
    case 1: case 5: {
      const size = wireType === 1 ? 8 : 4;
      if (afterTag + size > bytes.length) throw new WireError('unexpected EOF');
      return [{number, wireType, fixed: new DataView(bytes.buffer, bytes.byteOffset + afterTag, size)}, afterTag + size];
    }
    case 2: {
      const [length, start] = readVarint(bytes, afterTag);
      if (length > BigInt(bytes.length - start)) throw new WireError('unexpected EOF');
      const end = start + Number(length);
      return [{number, wireType, bytes: bytes.subarray(start, end)}, end];
    }
    case 3: {
      if (depth >= RECURSION_LIMIT) throw new WireError('exceeded maximum recursion depth');
      let inner = afterTag;
      for (;;) {
        if (inner >= bytes.length) throw new WireError('unexpected EOF');
        const [, next, endGroup] = consumeField(bytes, inner, depth + 1);
        if (endGroup !== undefined) {
          if (endGroup !== number) throw new WireError('mismatching end group marker');
          return [{number, wireType: 3}, next];
        }
        inner = next;
      }
    }
    case 4:
      // an end group: only inside the group it closes
      if (depth === 0) throw new WireError('unexpected end group');
      return [undefined, afterTag, number];
    default:
      throw new WireError('invalid wire type');
  }
}

/** A varint as the field's Go type reads it (protowire DecodeZigZag is not needed: no sint fields here). */
export const asInt64 = (varint: bigint): bigint => BigInt.asIntN(64, varint);
export const asInt32 = (varint: bigint): bigint => BigInt.asIntN(32, varint);
export const asUint32 = (varint: bigint): bigint => BigInt.asUintN(32, varint);

const utf8 = new TextDecoder('utf-8', {fatal: true});

/** A proto3 string field: valid UTF-8 or an error (impl/decode.go: "string field contains invalid UTF-8"). */
export function utf8String(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new WireError('string field contains invalid UTF-8');
  }
}

/** utf8.DecodeRune: the rune at `at` and its width, or width 1 and no rune for an invalid byte. */
function decodeRune(bytes: Uint8Array, at: number): [number | undefined, number] {
  const first = bytes[at]!;
  if (first < 0x80) return [first, 1];
  const width = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (width === 0 || at + width > bytes.length) return [undefined, 1];
  let rune = first & (0xff >> (width + 1));
  for (let i = 1; i < width; i++) {
    const byte = bytes[at + i]!;
    if ((byte & 0xc0) !== 0x80) return [undefined, 1];
    rune = (rune << 6) | (byte & 0x3f);
  }
  const min = width === 2 ? 0x80 : width === 3 ? 0x800 : 0x10000;
  if (rune < min || rune > 0x10ffff || (rune >= 0xd800 && rune <= 0xdfff)) return [undefined, 1];
  return [rune, width];
}

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/**
 * prototext's quoted string (appendString, outputASCII off): `"` and `\` escaped, `\n` `\r` `\t`,
 * other controls, DEL and invalid bytes as `\xNN`, U+0080..U+009F as `\uNNNN`, the rest as is.
 */
export function goTextString(bytes: Uint8Array): string {
  let out = '"';
  for (let at = 0; at < bytes.length;) {
    const [rune, width] = decodeRune(bytes, at);
    const code = rune ?? bytes[at]!;
    if (rune === undefined || code < 0x20 || code === 0x22 || code === 0x5c || code === 0x7f) {
      out += code === 0x22 ? '\\"' : code === 0x5c ? '\\\\' : code === 0x0a ? '\\n' : code === 0x0d ? '\\r' : code === 0x09 ? '\\t' : `\\x${hex(code, 2)}`;
    } else if (code >= 0x80 && code <= 0x9f) out += `\\u${hex(code, 4)}`;
    else out += String.fromCodePoint(code);
    at += width;
  }
  return `${out}"`;
}
