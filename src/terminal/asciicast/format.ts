/**
 * asciicast v2 (the asciinema recording format): a JSON header line, then one
 * JSON array per line: [seconds, code, data] with code "o" (output), "i"
 * (input), "r" (resize) or "m" (marker). Markers label the start of each command.
 */
export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  timestamp?: number;
  idle_time_limit?: number;
  title?: string;
  env?: Record<string, string>;
}

export type CastEventCode = 'o' | 'i' | 'r' | 'm';
export type CastEvent = [time: number, code: CastEventCode, data: string];

export interface Cast {
  header: CastHeader;
  events: CastEvent[];
}

export class CastSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/** Parses a .cast file. Shape checks belong to the JSON Schemas; this only reads JSON lines. */
export function parseCastLines(text: string): Array<{line: number; value: unknown}> {
  const values: Array<{line: number; value: unknown}> = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    try {
      values.push({line: index + 1, value: JSON.parse(raw)});
    } catch (error) {
      throw new CastSyntaxError(index + 1, `not valid JSON (${(error as Error).message})`);
    }
  });
  return values;
}

export function readCast(text: string): Cast {
  const [header, ...events] = parseCastLines(text);
  if (!header) throw new CastSyntaxError(1, 'empty file: an asciicast starts with a header line');
  return {header: header.value as CastHeader, events: events.map((event) => event.value as CastEvent)};
}

export function writeCast(cast: Cast): string {
  const round = (time: number): number => Math.round(time * 1e6) / 1e6;
  return [JSON.stringify(cast.header), ...cast.events.map(([time, code, data]) => JSON.stringify([round(time), code, data]))].join('\n') + '\n';
}

/** Terminal output wants CRLF; recorded text may have bare LF. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
