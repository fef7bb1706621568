/**
 * Go's encoding/base64 Encoding.Decode with padding (StdEncoding, URLEncoding), as
 * decodeQuantum reads the text: four characters at a time, `\r` and `\n` skipped anywhere, `=`
 * only as the last one or two of a quantum, and the error CorruptInputError.Error() prints
 * ("illegal base64 data at input byte N", N a byte offset). Not strict: unused bits of the
 * last quantum may be set.
 */

export const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const PAD = 0x3d; // '='
const isNewline = (byte: number | undefined) => byte === 0x0a || byte === 0x0d;
const corrupt = (offset: number) => ({error: `illegal base64 data at input byte ${offset}`});

/** Each alphabet's decode map (Go's Encoding.decodeMap), built once rather than per call. */
const decodeMaps = new Map<string, ReadonlyMap<number, number>>();

function decodeMapOf(alphabet: string): ReadonlyMap<number, number> {
  let decode = decodeMaps.get(alphabet);
  if (!decode) decodeMaps.set(alphabet, (decode = new Map([...alphabet].map((ch, i) => [ch.charCodeAt(0), i]))));
  return decode;
}

/** The decoded bytes, or Go's error. */
export function decodeGoBase64(text: string, alphabet: string): {bytes: Uint8Array} | {error: string} {
  const src = new TextEncoder().encode(text);
  const decode = decodeMapOf(alphabet);
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const quantum: number[] = [];
    let length = 4;
    let trailing: number | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return {bytes: Uint8Array.from(out)};
        return corrupt(si - j);
      }
      const byte = src[si++]!;
      const value = decode.get(byte);
      if (value !== undefined) {
        quantum[j] = value;
        continue;
      }
      if (isNewline(byte)) {
        j--;
        continue;
      }
      if (byte !== PAD || j < 2) return corrupt(si - 1);
      if (j === 2) {
        // "==" expected: the second '=' after any newlines
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== PAD) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailing = si;
      length = j;
      break;
    }
    const bits = ((quantum[0] ?? 0) << 18) | ((quantum[1] ?? 0) << 12) | ((quantum[2] ?? 0) << 6) | (quantum[3] ?? 0);
    out.push((bits >> 16) & 0xff);
    if (length >= 3) out.push((bits >> 8) & 0xff);
    if (length === 4) out.push(bits & 0xff);
    if (trailing !== undefined) return corrupt(trailing);
  }
  return {bytes: Uint8Array.from(out)};
}
