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

const KEY_LINE = /^([^\s#'"{}[\],&*!|>%@`][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

function shapeOf(line: string): LineShape {
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
  const match = KEY_LINE.exec(rest);
  const key = match?.[1]?.replace(/^["']|["']$/g, '');
  return {dash, keyColumn: column, key, blank: false};
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

function topLevelScalar(lines: string[], start: number, end: number, key: string): string | undefined {
  const pattern = new RegExp(`^${key}:\\s*["']?([^"'#\\s]+)`);
  for (let index = start; index <= end; index++) {
    const match = pattern.exec(lines[index]!);
    if (match) return match[1];
  }
  return undefined;
}

/** `line` and `column` are 1-based, as editors count them. */
export function cursorContext(text: string, line: number, column: number): CursorContext {
  const lines = text.split(/\r?\n/);
  const lineIndex = Math.min(Math.max(line - 1, 0), lines.length - 1);
  const [start, end] = documentBounds(lines, lineIndex);
  const current = lines[lineIndex] ?? '';
  const before = current.slice(0, column - 1);
  const shape = shapeOf(before);

  // Key mode: nothing but indentation, dashes and a partial word before the cursor.
  const valueMatch = /^\s*(?:-\s+)*([^\s:#][^:#]*?)\s*:\s+(\S*)$/.exec(before) ?? /^\s*(?:-\s+)*([^\s:#][^:#]*?):()$/.exec(before);
  const mode: 'key' | 'value' = valueMatch ? 'value' : 'key';
  const prefix = valueMatch ? valueMatch[2]! : before.slice(shape.keyColumn);

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
    key: valueMatch?.[1]?.trim(),
    prefix,
    siblings: [...siblings],
  };
}
