/**
 * Splits a YAML stream at its `---` markers so that a syntax error in one document
 * does not hide the others: each piece is parsed on its own, like kubectl's
 * document reader does. A `---` at the start of a line always starts a document
 * in YAML, even inside a block or quoted scalar, so the split is exact.
 */

export interface Chunk {
  start: number;
  end: number;
}

const DOCUMENT_MARKER = /^---(?=[ \t\r\n]|$)/gm;
/** Lines that do not make a document by themselves: blank, comment, directive, or `...`. */
const PREAMBLE_LINE = /^(\s*(#.*)?|%.*|\.\.\.\s*)$/;

export function splitDocuments(text: string): Chunk[] {
  const starts: number[] = [];
  for (const match of text.matchAll(DOCUMENT_MARKER)) starts.push(match.index);
  if (starts[0] !== 0) {
    const preamble = text.slice(0, starts[0] ?? text.length);
    const hasContent = preamble.split(/\r\n|\r|\n/).some((line) => !PREAMBLE_LINE.test(line));
    // Directives and comments before the first marker belong to the first document.
    if (hasContent || starts.length === 0) starts.unshift(0);
    else starts[0] = 0;
  }
  return starts.map((start, i) => ({start, end: starts[i + 1] ?? text.length}));
}

/**
 * The start of the first chunk at or after `offset` (a `---` line, as splitDocuments splits), or
 * the text's length: where a large stream can be cut into shares that split the same way.
 */
export function chunkStartFrom(text: string, offset: number): number {
  if (offset <= 0) return 0;
  const marker = new RegExp(DOCUMENT_MARKER.source, 'gm');
  marker.lastIndex = offset;
  return marker.exec(text)?.index ?? text.length;
}
