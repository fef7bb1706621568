/**
 * Invariants shared by the faces' properties: ranges that point into the text, text that
 * is safe to print, output that grows with the input and no faster.
 */
import {isDeepStrictEqual} from 'node:util';
import {expect} from 'vitest';
import type {Diagnostic, Position, Range} from '../../../src/engine/index';

/**
 * Lines as YAML 1.2 (b-break: CRLF, CR or LF) and the editors (Monaco) count them: a
 * position that counts lines otherwise lands on another line in the reader's editor.
 */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function positionText(p: Position): string {
  return `${p.line}:${p.column}`;
}

/**
 * What is wrong with a 1-based position in the text, or undefined; a column may be one
 * past the line's last character. (Plain checks, one assertion per case: the hostile
 * inputs carry tens of thousands of diagnostics.)
 */
export function positionProblem(lines: readonly string[], position: Position, what: string): string | undefined {
  const inside = Number.isInteger(position.line) && Number.isInteger(position.column) &&
    position.line >= 1 && position.line <= lines.length &&
    position.column >= 1 && position.column <= lines[position.line - 1]!.length + 1;
  return inside ? undefined : `${what} ${positionText(position)} is outside the text (${lines.length} lines; line ${position.line} has ${lines[position.line - 1]?.length ?? 'no'} characters)`;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

/** What is wrong with a range: an end outside the text, or before the start. */
export function rangeProblem(lines: readonly string[], range: Range, what: string): string | undefined {
  return positionProblem(lines, range.start, `${what} start`) ?? positionProblem(lines, range.end, `${what} end`) ??
    (comparePositions(range.end, range.start) < 0 ? `${what} ends at ${positionText(range.end)}, before its start ${positionText(range.start)}` : undefined);
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

function diagnosticProblem(lines: readonly string[], d: Diagnostic, previous: Diagnostic | undefined, documentCount: number): string | undefined {
  const what = `diagnostic ${d.code} "${String(d.message).slice(0, 80)}"`;
  if (!SEVERITIES.has(d.severity)) return `${what}: severity ${d.severity}`;
  if (typeof d.code !== 'string' || !/^\S+$/.test(d.code)) return `${what}: code ${JSON.stringify(d.code)}`;
  if (typeof d.message !== 'string' || d.message.trim() === '') return `${what}: empty message`;
  if (typeof d.path !== 'string' || (d.path !== '' && !d.path.startsWith('/'))) return `${what}: path ${JSON.stringify(d.path)} is not a JSON pointer`;
  if (!Number.isInteger(d.document) || d.document < 0 || d.document >= Math.max(1, documentCount)) return `${what}: document ${d.document} of ${documentCount}`;
  const range = rangeProblem(lines, d.range, what);
  if (range) return range;
  if (previous && (previous.document - d.document || comparePositions(previous.range.start, d.range.start)) > 0) {
    return `${what} at ${positionText(d.range.start)} (document ${d.document}) is reported after one at ${positionText(previous.range.start)} (document ${previous.document})`;
  }
  return undefined;
}

/**
 * Diagnostics as the editors and the CLI rely on them: each well-formed and inside the
 * text, sorted by document then position, their number and their messages bounded by the
 * input's size (a report that names every other resource in each message is quadratic).
 */
export function expectWellFormedDiagnostics(text: string, diagnostics: readonly Diagnostic[], documentCount: number): void {
  const lines = linesOf(text);
  let messageCharacters = 0;
  let problem: string | undefined;
  for (let i = 0; i < diagnostics.length && !problem; i++) {
    problem = diagnosticProblem(lines, diagnostics[i]!, diagnostics[i - 1], documentCount);
    messageCharacters += diagnostics[i]!.message.length;
  }
  expect(problem).toBeUndefined();
  expect(diagnostics.length, 'more diagnostics than characters in the input').toBeLessThanOrEqual(text.length + 50);
  expect(messageCharacters, 'message text grows faster than the input').toBeLessThanOrEqual(64 * text.length + 64 * 1024);
}

/**
 * Control characters a terminal acts on: C0 except tab and line feed, DEL, and C1
 * (U+0080–U+009F: U+009B is a one-character CSI, U+009D an OSC). Printed raw, they move
 * the cursor, rewrite the screen, set the window title or ring the bell.
 */
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

/** The first raw control character in `text`, shown with its code point and surroundings, or undefined. */
export function rawControlIn(text: string): string | undefined {
  const match = RAW_CONTROL.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at ${match.index}: ${JSON.stringify(text.slice(Math.max(0, match.index - 30), match.index + 30))}`;
}

export function expectNoRawControl(text: string, what: string): void {
  expect(rawControlIn(text), `${what} carries a raw control character`).toBeUndefined();
}

/** The same input answered twice must give the same answer (deep equality; the diff only when it differs, since it is slow). */
export function expectSameAnswer<T>(first: T, second: T, what: string): void {
  if (!isDeepStrictEqual(first, second)) expect(second, `${what}: a second call with the same input answers differently`).toEqual(first);
}
