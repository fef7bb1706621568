/**
 * The report is streamed: written in pieces as files are validated, waiting for a slow reader,
 * never built as one string (2.5 million tiny documents made a report longer than V8's
 * longest string: "RangeError: Invalid string length"). Its bytes are those of the whole-string
 * formats.
 */
import {Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {Diagnostic} from '../../src/engine/index';
import {formatText, ReportWriter, type FileReport} from '../../src/cli/format';

const diagnostic = (i: number, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
  severity, code: 'invalid-metadata', message: `metadata.name: Invalid value: "Bad${i}"`, path: '/metadata/name', document: i,
  range: {start: {line: 3 * i + 3, column: 17}, end: {line: 3 * i + 3, column: 20}},
});

/** A pipe to a reader that takes a while: small buffer, each write acknowledged on a later turn. */
class SlowReader extends Writable {
  readonly writes: string[] = [];
  writesWhileFull = 0;

  constructor() {
    super({highWaterMark: 1024, decodeStrings: false});
  }

  override write(chunk: unknown, ...rest: unknown[]): boolean {
    if (this.writableNeedDrain) this.writesWhileFull++;
    return (super.write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }

  override _write(chunk: string, _encoding: string, callback: () => void): void {
    this.writes.push(chunk);
    setImmediate(callback);
  }
}

async function write(reports: FileReport[], format: 'text' | 'json', stream: NodeJS.WritableStream): Promise<ReportWriter> {
  const writer = new ReportWriter(stream, format);
  for (const report of reports) await writer.file(report);
  await writer.end();
  return writer;
}

const reports: FileReport[] = [
  {file: 'a.yaml', diagnostics: [diagnostic(0), diagnostic(1, 'warning'), diagnostic(2, 'info')]},
  {file: 'empty-handed.yaml', diagnostics: []},
  {file: '<stdin>', diagnostics: [diagnostic(3)]},
];

describe('ReportWriter', () => {
  it('writes exactly the text report and the JSON object the whole-string formats give', async () => {
    const text = new SlowReader();
    const counts = (await write(reports, 'text', text)).counts;
    expect(text.writes.join('')).toBe(formatText(reports));
    expect(counts).toEqual({error: 2, warning: 1, info: 1});
    const json = new SlowReader();
    await write(reports, 'json', json);
    expect(json.writes.join('')).toBe(`${JSON.stringify({files: reports})}\n`);
    expect(JSON.parse(json.writes.join(''))).toEqual({files: reports});
  });

  it('streams a large report in pieces of about 64 KB, waiting for the reader to drain each', async () => {
    const large: FileReport[] = [{file: 'many.yaml', diagnostics: Array.from({length: 50_000}, (_, i) => diagnostic(i))}];
    for (const format of ['text', 'json'] as const) {
      const reader = new SlowReader();
      await write(large, format, reader);
      const output = reader.writes.join('');
      expect(output.length).toBeGreaterThan(3_000_000);
      expect(reader.writes.length).toBeGreaterThan(40);
      expect(Math.max(...reader.writes.map((w) => w.length))).toBeLessThan(66_000);
      expect(reader.writesWhileFull).toBe(0);
      if (format === 'json') expect(JSON.parse(output).files[0].diagnostics).toHaveLength(50_000);
      else expect(output.endsWith('\n50000 errors, 0 warnings in 1 file\n')).toBe(true);
    }
  }, 60_000);

  it('stops writing, without hanging or throwing, when the reader goes away (EPIPE)', async () => {
    const broken = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
      },
    });
    const large: FileReport[] = [{file: 'many.yaml', diagnostics: Array.from({length: 20_000}, (_, i) => diagnostic(i))}];
    const writer = await write(large, 'text', broken);
    expect(writer.counts.error).toBe(20_000);
  });
});
