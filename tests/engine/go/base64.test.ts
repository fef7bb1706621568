/**
 * Go's encoding/base64 Encoding.Decode (decodeQuantum) with padding: `\r` and `\n` skipped,
 * '=' only closing the last quantum, CorruptInputError's "illegal base64 data at input byte N"
 * at the offset decodeQuantum reports.
 */
import {describe, expect, it} from 'vitest';
import {decodeGoBase64, STD_ALPHABET, URL_ALPHABET} from '../../../src/engine/go/base64';

const decoded = (text: string, alphabet = STD_ALPHABET) => {
  const result = decodeGoBase64(text, alphabet);
  return 'bytes' in result ? new TextDecoder().decode(result.bytes) : result.error;
};

describe('base64 Decode', () => {
  it('reads padded text, skipping newlines anywhere, unused bits allowed (not Strict)', () => {
    expect(decoded('aGk=')).toBe('hi');
    expect(decoded('aGVs\r\nbG8=')).toBe('hello');
    expect(decoded('YQ=\n=')).toBe('a');
    expect(decoded('YR==')).toBe('a');
    expect(decoded('')).toBe('');
  });

  it('reports the offset decodeQuantum reports', () => {
    expect(decoded('a+b/', URL_ALPHABET)).toBe('illegal base64 data at input byte 1');
    expect(decoded('aGk')).toBe('illegal base64 data at input byte 0');
    expect(decoded('aGVsbG8')).toBe('illegal base64 data at input byte 4');
    expect(decoded('a===')).toBe('illegal base64 data at input byte 1');
    expect(decoded('YQ=')).toBe('illegal base64 data at input byte 3');
    expect(decoded('YQ=x')).toBe('illegal base64 data at input byte 2');
    expect(decoded('YQ==YQ==')).toBe('illegal base64 data at input byte 4');
  });
});
