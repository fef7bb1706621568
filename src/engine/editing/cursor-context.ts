/**
 * Where the cursor is in a YAML document that is being typed, and so is often not
 * valid YAML: the JSON pointer of the mapping it is in, and whether it is writing a
 * key or a value. Indentation-based, like an editor's own reading of the text, so it
 * answers for half-written lines that no parser would accept.
 */
import {escapePointerSegment} from '../pointer';

export interface CursorContext {
  apiVersion?: string;
  kind?: string;
  /** Pointer of the object whose key (or key's value) is being written; list items as `0`. */
  pointer: string;
  mode: 'key' | 'value';
  /** In value mode, the key whose value is written. */
  key?: string;
  /** The partial word under the cursor. */
  prefix: string;
  /** Keys already present in the same mapping (not suggested again). */
  siblings: string[];
}

interface LineShape {
  /** 0-based column of the last `- ` sequence marker before the key, or -1. */
  dash: number;
  /** 0-based column where the key (or the scalar) starts. */
  keyColumn: number;
  /** The key, when the line is `key:` or `key: value`. */
  key?: string;
  blank: boolean;
}

/**
 * Columns of a line read for its shape. Indentation, sequence markers and keys sit at the
 * start of a line, and no schema key is this long; reading no further keeps each keystroke's
 * analysis bounded whatever was pasted into the editor.
 */
export const MAX_INSPECTED_COLUMNS = 1024;

function inspected(line: string): string {
  return line.length > MAX_INSPECTED_COLUMNS ? line.slice(0, MAX_INSPECTED_COLUMNS) : line;
}

// Lines are read by scanning, not by regular expressions: the patterns this replaces had
// adjacent quantifiers over the same characters (`(?:-\s+)*[^:#]*?\s*:`), which backtrack
// quadratically on a line of `- - - ...` or of spaces.
const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/.test(char);

export function skipSpaces(line: string, from: number): number {
  let index = from;
  while (isSpace(line[index])) index++;
  return index;
}

/** Where the text after the indentation and any `- ` sequence markers starts. */
export function afterSequenceMarkers(line: string): number {
  let index = skipSpaces(line, 0);
  while (line[index] === '-' && isSpace(line[index + 1])) index = skipSpaces(line, index + 1);
  return index;
}

/** The first `:` or `#` at or after `from`, or -1. */
function colonOrHash(line: string, from: number): number {
  for (let index = from; index < line.length; index++) {
    if (line[index] === ':' || line[index] === '#') return index;
  }
  return -1;
}

/** Characters a plain YAML key cannot start with (indicators, quotes, comment). */
const NOT_KEY_START = new Set([...'#\'"{}[],&*!|>%@`']);

/**
 * The key of `rest` when it is `key:` or `key: value` (plain, "double" or 'single' quoted);
 * a colon not followed by a space or the end is not a key's (`http://x`).
 */
function keyOf(rest: string): string | undefined {
  const first = rest[0];
  if (first === undefined) return undefined;
  let keyEnd: number;
  let colon: number;
  if (first === '"' || first === "'") {
    const close = rest.indexOf(first, 1);
    if (close < 0) return undefined;
    keyEnd = close + 1;
    colon = skipSpaces(rest, keyEnd);
    if (rest[colon] !== ':') return undefined;
  } else {
    if (isSpace(first) || NOT_KEY_START.has(first)) return undefined;
    colon = colonOrHash(rest, 1);
    if (colon < 0 || rest[colon] === '#') return undefined;
    keyEnd = colon;
  }
  if (colon + 1 < rest.length && !isSpace(rest[colon + 1])) return undefined;
  return rest.slice(0, keyEnd).trimEnd().replace(/^["']|["']$/g, '');
}

function shapeOf(fullLine: string): LineShape {
  const line = inspected(fullLine);
  let column = 0;
  let dash = -1;
  for (;;) {
    while (line[column] === ' ') column++;
    if (line[column] === '-' && (line[column + 1] === ' ' || line[column + 1] === undefined)) {
      dash = column;
      column++;
      continue;
    }
    break;
  }
  const rest = line.slice(column);
  if (rest === '' || rest.startsWith('#')) return {dash, keyColumn: column, blank: dash < 0};
  return {dash, keyColumn: column, key: keyOf(rest), blank: false};
}

/**
 * `key: va|` or `key:|` before the cursor: the key whose value is written and the value's
 * partial word. Anything else before the cursor (no colon, a comment, two words after the
 * colon) is not a value being written.
 */
function valueBeingWritten(before: string): {key: string; prefix: string} | undefined {
  const start = afterSequenceMarkers(before);
  const first = before[start];
  if (first === undefined || first === ':' || first === '#') return undefined;
  const colon = colonOrHash(before, start + 1);
  if (colon < 0 || before[colon] === '#') return undefined;
  const key = before.slice(start, colon).trim();
  if (colon + 1 === before.length) return {key, prefix: ''};
  if (!isSpace(before[colon + 1])) return undefined;
  const value = before.slice(colon + 1).trimStart();
  return /\s/.test(value) ? undefined : {key, prefix: value};
}

/** Lines of the YAML document (between `---` markers) that holds `lineIndex`. */
function documentBounds(lines: string[], lineIndex: number): [number, number] {
  let start = lineIndex;
  while (start > 0 && !/^---(\s|$)/.test(lines[start - 1]!) && !/^---(\s|$)/.test(lines[start]!)) start--;
  if (/^---(\s|$)/.test(lines[start]!)) start++;
  let end = lineIndex;
  while (end + 1 < lines.length && !/^(---|\.\.\.)(\s|$)/.test(lines[end + 1]!)) end++;
  return [start, end];
}

/** A top-level `key: value` of the document, read literally (no pattern is built from the key). */
function topLevelScalar(lines: string[], start: number, end: number, key: string): string | undefined {
  const head = `${key}:`;
  for (let index = start; index <= end; index++) {
    const line = inspected(lines[index]!);
    if (!line.startsWith(head)) continue;
    let from = skipSpaces(line, head.length);
    if (line[from] === '"' || line[from] === "'") from++;
    let to = from;
    while (to < line.length && !isSpace(line[to]) && !`"'#`.includes(line[to]!)) to++;
    if (to > from) return line.slice(from, to);
  }
  return undefined;
}

/** `line` and `column` are 1-based, as editors count them. */
export function cursorContext(text: string, line: number, column: number): CursorContext {
  const lines = text.split(/\r?\n/);
  const lineIndex = Math.min(Math.max(line - 1, 0), lines.length - 1);
  const [start, end] = documentBounds(lines, lineIndex);
  const current = lines[lineIndex] ?? '';
  const before = inspected(current.slice(0, Math.max(column - 1, 0)));
  const shape = shapeOf(before);

  // Key mode: nothing but indentation, dashes and a partial word before the cursor.
  const value = valueBeingWritten(before);
  const mode: 'key' | 'value' = value ? 'value' : 'key';
  const prefix = value ? value.prefix : before.slice(shape.keyColumn);

  // Walk up to the owners of the mapping the cursor's key belongs to.
  const segments: string[] = [];
  let target = shape.keyColumn;
  let seeking: 'mapping-owner' | 'sequence-owner' = 'mapping-owner';
  if (shape.dash >= 0) {
    segments.unshift('0');
    target = shape.dash;
    seeking = 'sequence-owner';
  }
  const siblings = new Set<string>();
  let siblingsOpen = seeking === 'mapping-owner';
  for (let index = lineIndex - 1; index >= start; index--) {
    const other = shapeOf(lines[index]!);
    if (other.blank || (other.key === undefined && other.dash < 0)) continue;
    if (seeking === 'mapping-owner') {
      if (other.keyColumn > target) continue;
      if (other.keyColumn === target) {
        if (siblingsOpen && other.key !== undefined) siblings.add(other.key);
        if (other.dash >= 0) {
          // The mapping is a list item that starts on this line.
          segments.unshift('0');
          target = other.dash;
          seeking = 'sequence-owner';
          siblingsOpen = false;
        }
        continue;
      }
    } else {
      // Looking for the key that owns a sequence whose items start at column `target`;
      // the key may sit at the dashes' own column (`match:` above `- headers:`).
      if (other.dash === target || other.keyColumn > target) continue;
    }
    if (other.key === undefined) break;
    segments.unshift(escapePointerSegment(other.key));
    siblingsOpen = false;
    if (other.dash >= 0) {
      segments.unshift('0');
      target = other.dash;
      seeking = 'sequence-owner';
    } else {
      target = other.keyColumn;
      seeking = 'mapping-owner';
    }
  }
  // Keys below the cursor in the same mapping count as siblings too.
  if (mode === 'key' && shape.dash < 0) {
    for (let index = lineIndex + 1; index <= end; index++) {
      const other = shapeOf(lines[index]!);
      if (other.blank) continue;
      if (other.keyColumn < shape.keyColumn || (other.dash >= 0 && other.dash < shape.keyColumn)) break;
      if (other.keyColumn === shape.keyColumn && other.key !== undefined) siblings.add(other.key);
    }
  }
  if (shape.key !== undefined && mode === 'key') siblings.delete(shape.key);

  return {
    apiVersion: topLevelScalar(lines, start, end, 'apiVersion'),
    kind: topLevelScalar(lines, start, end, 'kind'),
    pointer: segments.length > 0 ? `/${segments.join('/')}` : '',
    mode,
    key: value?.key,
    prefix,
    siblings: [...siblings],
  };
}
