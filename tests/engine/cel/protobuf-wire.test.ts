/**
 * The protobuf binary format as google.golang.org/protobuf reads it (encoding/protowire
 * ConsumeField, ConsumeVarint, ConsumeGroup) and prototext's quoting of strings and bytes
 * (internal/encoding/text/encode.go appendString), for the Any values CEL rules unpack.
 */
import {describe, expect, it} from 'vitest';
import {goTextString, readFields, WireError} from '../../../src/engine/cel/protobuf-wire';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('readFields (protowire)', () => {
  it('reads varints, fixed64/32 and length-delimited fields in order; skips a group to its end', () => {
    const fields = readFields(bytes(0x08, 0x96, 0x01, 0x11, 1, 0, 0, 0, 0, 0, 0, 0, 0x1a, 0x01, 0x41, 0x23, 0x08, 0x01, 0x24, 0x2d, 2, 0, 0, 0));
    expect(fields.map((field) => [field.number, field.wireType])).toEqual([[1, 0], [2, 1], [3, 2], [4, 3], [5, 5]]);
    expect(fields[0]).toMatchObject({varint: 150n});
    expect((fields[2] as {bytes: Uint8Array}).bytes).toEqual(bytes(0x41));
  });

  it.each([
    ['a truncated varint', bytes(0x08, 0x80)],
    ['a varint past 10 bytes', bytes(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02)],
    ['field number 0', bytes(0x00, 0x01)],
    ['a length past the end', bytes(0x0a, 0x05, 0x41)],
    ['a truncated fixed64', bytes(0x09, 1, 2, 3)],
    ['wire type 6', bytes(0x0e)],
    ['an end group with no group', bytes(0x0c)],
    ['a group closed by another number', bytes(0x0b, 0x14)],
    ['an unclosed group', bytes(0x0b, 0x08, 0x01)],
  ])('refuses %s', (_case, input) => {
    expect(() => readFields(input)).toThrow(WireError);
  });
});

describe("goTextString (prototext's quoting)", () => {
  it('escapes quotes, backslashes, controls, DEL and invalid UTF-8 as \\xNN, C1 controls as \\uNNNN', () => {
    expect(goTextString(new TextEncoder().encode('a"b\\c\n\r\t\u0001\u007f\u0085é\'€'))).toBe('"a\\"b\\\\c\\n\\r\\t\\x01\\x7f\\u0085é\'€"');
    expect(goTextString(bytes(0x00, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80))).toBe('"\\x00\\xff\\xc3(\\xed\\xa0\\x80"');
  });
});
