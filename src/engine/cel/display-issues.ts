/**
 * cel-go's common/errors.go Errors.ToDisplayString, which the API server puts after
 * "compilation failed: ": every issue sorted (stably) by line and column, each
 * `ERROR: <input>:line:column: message` followed by its source line and a caret under the
 * column; an issue without a location (the parser's limits) is `<input>:-1:0:` with no excerpt.
 * Past 100 issues the rest are counted, not shown.
 */
import {utf8Length} from './call-cost';
import type {CheckIssue} from './type-check';

/** common/errors.go maxErrorsToReport. */
const MAX_ERRORS_TO_REPORT = 100;
/** common/error.go maxSnippetLength: a longer source line is not excerpted. */
const MAX_SNIPPET_LENGTH = 16384;

/** common/error.go ToDisplayString for one issue (column 1-based, in code points). */
function displayIssue(source: string, {at, message}: CheckIssue): string {
  if (at === undefined || at < 0 || at > source.length) return `ERROR: <input>:-1:0: ${message}`;
  const lineStart = source.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = source.indexOf('\n', at);
  const text = source.slice(lineStart, lineEnd < 0 ? source.length : lineEnd);
  const line = [...text];
  const column = [...source.slice(lineStart, at)].length;
  const lineNumber = source.slice(0, lineStart).split('\n').length;
  const head = `ERROR: <input>:${lineNumber}:${column + 1}: ${message}`;
  if (utf8Length(text) > MAX_SNIPPET_LENGTH) return head;
  // a character of more than one UTF-8 byte is marked with a wide dot or caret
  const wide = (char: string | undefined) => char !== undefined && char.codePointAt(0)! > 0x7f;
  const dots = line.slice(0, column).map((char) => (wide(char) ? '\uff0e' : '.')).join('');
  const caret = wide(line[column]) ? '\uff3e' : '^';
  return `${head}\n | ${text.replace(/\t/g, ' ')}\n | ${dots}${caret}`;
}

/** `issues` in the order they were reported: only the first 100 are kept, then sorted. */
export function displayIssues(source: string, issues: readonly CheckIssue[]): string {
  const kept = issues.slice(0, MAX_ERRORS_TO_REPORT).sort((a, b) => (a.at ?? -1) - (b.at ?? -1));
  const shown = kept.map((issue) => displayIssue(source, issue));
  if (issues.length > MAX_ERRORS_TO_REPORT) shown.push(`${issues.length - MAX_ERRORS_TO_REPORT} more errors were truncated`);
  return shown.join('\n');
}
