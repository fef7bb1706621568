/**
 * Output formats: `file:line:column: severity code: message` lines and a summary, or one JSON
 * object `{"files":[{"file":...,"diagnostics":[...]}]}`. ReportWriter streams either to stdout
 * file by file and diagnostic by diagnostic: a report of millions of diagnostics never becomes
 * one string (V8 caps strings below 2^29 characters) and waits for a slow reader (backpressure).
 */
import type {Diagnostic} from '../engine/index';
import {escapeControls, escapeLine} from './escape';

export interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
}

export type SeverityCounts = Record<'error' | 'warning' | 'info', number>;

/** One text line; file name and message come from the input, so control characters are escaped. */
function textLine(file: string, d: Diagnostic): string {
  return `${escapeLine(file)}:${d.range.start.line}:${d.range.start.column}: ${d.severity} ${d.code}: ${escapeControls(d.message.replace(/\n/g, ' '))}\n`;
}

function summaryLine(counts: SeverityCounts, files: number): string {
  return `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}` +
    (counts.info ? `, ${counts.info} info` : '') + ` in ${files} file${files === 1 ? '' : 's'}\n`;
}

/** The whole text report as one string, for small reports (meshdive route's errors). */
export function formatText(reports: readonly FileReport[]): string {
  let text = '';
  for (const {file, diagnostics} of reports) for (const d of diagnostics) text += textLine(file, d);
  return text + summaryLine(countBySeverity(reports), reports.length);
}

export function countBySeverity(reports: readonly FileReport[]): SeverityCounts {
  const counts = {error: 0, warning: 0, info: 0};
  for (const {diagnostics} of reports) for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** Writes a report as its files are validated; `end` adds the summary (text) or closes the object (JSON). */
export class ReportWriter {
  readonly counts: SeverityCounts = {error: 0, warning: 0, info: 0};
  private files = 0;
  private readonly out: BufferedOutput;

  constructor(stream: NodeJS.WritableStream, private readonly format: 'text' | 'json') {
    this.out = new BufferedOutput(stream);
  }

  async file({file, diagnostics}: FileReport): Promise<void> {
    if (this.format === 'json') {
      await this.out.write(`${this.files === 0 ? '{"files":[' : ','}{"file":${JSON.stringify(file)},"diagnostics":[`);
    }
    this.files++;
    for (let i = 0; i < diagnostics.length; i++) {
      const d = diagnostics[i]!;
      this.counts[d.severity]++;
      await this.out.write(this.format === 'json' ? `${i === 0 ? '' : ','}${JSON.stringify(d)}` : textLine(file, d));
    }
    if (this.format === 'json') await this.out.write(']}');
  }

  async end(): Promise<void> {
    await this.out.write(this.format === 'json' ? `${this.files === 0 ? '{"files":[' : ''}]}\n` : summaryLine(this.counts, this.files));
    await this.out.flush();
  }
}

/**
 * Gathers small writes into chunks of about 64 KB and waits for 'drain' when the stream's
 * buffer is full. A stream that fails (EPIPE: the reader, e.g. `head`, has gone) takes no more.
 */
class BufferedOutput {
  private pending = '';
  private failed = false;

  constructor(private readonly stream: NodeJS.WritableStream, private readonly chunkSize = 1 << 16) {
    stream.on('error', () => {
      this.failed = true;
    });
  }

  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    const text = this.pending;
    this.pending = '';
    if (text === '' || this.failed || this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        for (const event of ['drain', 'error', 'close']) this.stream.off(event, done);
        resolve();
      };
      for (const event of ['drain', 'error', 'close']) this.stream.on(event, done);
    });
  }
}
