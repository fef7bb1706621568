import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {decodeText, readInput} from '../../src/cli/io';

// Input files are decoded as UTF-8, with an ASCII fast path: these pin that the fast path
// gives exactly the text the UTF-8 decoder gives, whatever the bytes.
describe('input text', () => {
  const cases: Record<string, Buffer> = {
    'ASCII': Buffer.from('apiVersion: v1\nkind: Service\n'),
    'accented and CJK letters': Buffer.from('name: café # 服务\n'),
    'a character outside the BMP': Buffer.from('note: 🚀\n'),
    'a byte-order mark': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('kind: Pod\n')]),
    'invalid UTF-8 (a lone continuation byte, a truncated sequence)': Buffer.from([0x61, 0x80, 0x62, 0xe2, 0x82]),
    'Latin-1 bytes that are not UTF-8': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9]),
    'control characters': Buffer.from('a\u0000b\u001bc\u007f'),
    'nothing': Buffer.alloc(0),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    it(`decodes ${name} as UTF-8 does`, () => {
      expect(decodeText(bytes)).toBe(bytes.toString('utf8'));
    });
  }

  it('keeps large ASCII text in V8\'s heap, where the GC sizes its heap by it, not in an external string', () => {
    // A 4 MB manifest's text: as an external string V8's heap limits would not count it.
    const bytes = Buffer.from('kind: Service\n'.repeat(300_000));
    const before = process.memoryUsage().external;
    const text = decodeText(bytes);
    const grown = process.memoryUsage().external - before;
    expect(text).toBe(bytes.toString('utf8'));
    expect(grown).toBeLessThan(bytes.length / 2);
  });

  it('reads a file, ASCII or not, to the text the UTF-8 decoder gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdive-input-'));
    const bytes = Buffer.concat(Object.values(cases));
    const file = join(dir, 'mixed.yaml');
    writeFileSync(file, bytes);
    expect(await readInput(file)).toBe(bytes.toString('utf8'));
    const ascii = join(dir, 'ascii.yaml');
    writeFileSync(ascii, 'kind: Service\n'.repeat(10_000));
    expect(await readInput(ascii)).toBe('kind: Service\n'.repeat(10_000));
  });
});
