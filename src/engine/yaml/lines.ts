import type {Position, Range} from '../types';

/** Offset of the next line break (CR or LF) at or after `from` and before `to`, or -1. YAML 1.2 breaks lines at CR LF, CR and LF. */
export function nextLineBreak(text: string, from: number, to = text.length): number {
  for (let at = from; at < to; at++) {
    const c = text.charCodeAt(at);
    if (c === 0x0a || c === 0x0d) return at;
  }
  return -1;
}

/** Offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  let at = Math.min(offset, text.length);
  while (at > 0) {
    const c = text.charCodeAt(at - 1);
    if (c === 0x0a || c === 0x0d) break;
    at--;
  }
  return at;
}

/**
 * Maps source offsets to 1-based line/column positions. Columns count UTF-16 code
 * units, as editors do; a range's end is exclusive (the column after its last character).
 * Lines break at CR LF, CR alone and LF alone, as YAML 1.2 and go-yaml count them.
 */
export class LineIndex {
  /** Offsets where lines start: a typed array (strings are shorter than 2^31), one block rather than a growing heap array. */
  private starts: Int32Array | undefined;

  constructor(readonly text: string) {}

  /** Built on first use: a valid manifest needs no positions, and the CLI then never builds it. */
  private get lineStarts(): Int32Array {
    return (this.starts ??= lineStarts(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const starts = this.lineStarts;
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return {line: low + 1, column: clamped - starts[low]! + 1};
  }

  range(start: number, end: number): Range {
    return {start: this.position(start), end: this.position(Math.max(start, end))};
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    const starts = this.lineStarts;
    return starts[Math.max(0, Math.min(line - 1, starts.length - 1))]!;
  }

  /** Offset just before the line break that ends the line containing `offset`. */
  lineEnd(offset: number): number {
    const lineBreak = nextLineBreak(this.text, offset);
    return lineBreak === -1 ? this.text.length : lineBreak;
  }
}

/** One pass, guessing ~40 characters a line and growing if needed. */
function lineStarts(text: string): Int32Array {
  let starts = new Int32Array(Math.max(16, (text.length >> 5) + 1));
  let count = 1;
  const add = (start: number) => {
    if (count === starts.length) {
      const grown = new Int32Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[count++] = start;
  };
  if (text.indexOf('\r') === -1) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) add(at + 1);
  } else {
    for (let at = 0; at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === 0x0d) {
        if (text.charCodeAt(at + 1) === 0x0a) at++;
        add(at + 1);
      } else if (c === 0x0a) add(at + 1);
    }
  }
  return starts.subarray(0, count);
}
