/** Turns a finding's JSON pointer into the range of the key or value it concerns. */
import type {Range} from './types';
import {locate, type LineIndex} from './yaml/index';
import type {YamlDocument} from './yaml/index';

export function rangeOf(document: YamlDocument, lines: LineIndex, pointer: string, at: 'key' | 'value'): Range {
  const found = locate(document.root, pointer);
  if (!found) return firstLine(document, lines);
  const {key, value} = found;
  if (!found.exact || at === 'key') return key ? lines.range(key.start, key.end) : headOf(value.start, lines, document);
  const multiLine = lines.position(value.end).line !== lines.position(value.start).line;
  // An empty value has no width, and a block mapping or list spans lines: the key says it better.
  if ((value.end <= value.start || multiLine) && key) return lines.range(key.start, key.end);
  if (value.end <= value.start) return headOf(value.start, lines, document);
  return multiLine ? headOf(value.start, lines, document) : lines.range(value.start, value.end);
}

/** From an offset to the end of its line: the head of a multi-line construct. */
function headOf(start: number, lines: LineIndex, document: YamlDocument): Range {
  const end = Math.max(lines.lineEnd(start), start + 1);
  return lines.range(start, Math.min(end, Math.max(document.end, start + 1)));
}

export function firstLine(document: YamlDocument, lines: LineIndex): Range {
  const start = document.root ? document.root.start : document.start;
  return lines.range(start, Math.max(lines.lineEnd(start), start));
}
