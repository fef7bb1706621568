/**
 * Multi-document YAML → documents with plain JS values and a position index.
 * Never throws on any input: every problem becomes a located YamlProblem.
 */
import {EVENT_ID, parseEvents, type Event} from 'js-yaml';
import {DocumentComposer, type ComposeLimits, type ComposeProblem} from './compose';
import {FastScanner, nextUnusualCharacter} from './fast';
import {mayReadDifferently, readFlowScalarsAsGoYaml} from './go-yaml-flow';
import {parseEventsLikeGoYaml} from './go-yaml-indentation';
import {LineIndex, nextLineBreak} from './lines';
import type {YamlNode} from './nodes';
import {splitDocuments, type Chunk} from './split';
import {describeSyntaxError} from './syntax';

export type {YamlNode} from './nodes';
export {LineIndex} from './lines';
export {locate, type Located} from './positions';

export type YamlProblem = ComposeProblem;

export interface YamlDocument {
  /** 0-based position in the stream. */
  index: number;
  readonly root: YamlNode | null;
  /** The document's JS value; null for an empty document, undefined when it could not be parsed. */
  value: unknown;
  /** Offsets of the document's text in the whole input. */
  start: number;
  end: number;
  problems: YamlProblem[];
}

export interface ParsedYaml {
  text: string;
  lines: LineIndex;
  documents: YamlDocument[];
  /** Problems with the input as a whole (size, binary data); when present, no documents are parsed. */
  problems: YamlProblem[];
}

export interface YamlParseOptions {
  /** Reject inputs larger than this many UTF-8 bytes. */
  maxBytes?: number;
  /** Collection nesting limit, also applied after alias expansion. */
  maxDepth?: number;
  /** Alias-expanded node budget per document (at least 10 × its written nodes). */
  maxExpandedNodes?: number;
  /**
   * Read simple documents with the fast path (default true). Results are the same
   * either way; tests turn it off to compare the two.
   */
  fastPath?: boolean;
  /**
   * Only the documents whose chunk (split.ts) starts in [from, to): another thread's share of a
   * large stream. Positions stay those of the whole text; indexes count from the share's first document.
   */
  share?: {from: number; to: number};
}

export const DEFAULT_YAML_LIMITS = {
  maxBytes: 256 * 1024,
  maxDepth: 100,
  maxExpandedNodes: 100_000,
  maxMergeKeys: 10_000,
} as const;

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

/** YAML allows no C0 controls but tab/LF/CR; NUL or others mean binary data, not a manifest. */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

function checkWholeInput(text: string, lines: LineIndex, maxBytes: number, plainAscii: boolean): YamlProblem | undefined {
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
    const size = utf8Length(text);
    return {start: 0, end: lines.lineEnd(0), code: 'input-too-large',
      message: `input is ${size.toLocaleString('en-US')} bytes, over the limit of ${maxBytes.toLocaleString('en-US')} bytes`};
  }
  // Plain ASCII text (LF and printable characters only) holds none of them: no need to look.
  const bad = plainAscii ? null : FORBIDDEN_CHARACTER.exec(text);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return {start: bad.index, end: bad.index + 1, code: 'input-not-text',
      message: `input contains the control character U+${code}, which YAML does not allow: this looks like binary data, not a YAML manifest`};
  }
  return undefined;
}

export function parseYaml(text: string, options: YamlParseOptions = {}): ParsedYaml {
  const stream = parseYamlStream(text, options);
  return {...stream, documents: [...stream.documents]};
}

export interface YamlStream extends Omit<ParsedYaml, 'documents'> {
  /** Documents in order, parsed as they are iterated. */
  documents: Iterable<StreamedDocument>;
}

/**
 * A document whose position tree can be dropped once its findings are located and
 * rebuilt (by parsing its text again) if a later finding needs it: validating 20,000
 * resources then keeps only their values alive, not a million position nodes. A
 * document read by the fast path starts without a tree: it is built only if asked for.
 * It keeps what rebuilding needs as offsets into one reader shared by the stream, not a
 * closure per document: a large manifest keeps every document until its analysis is done.
 */
export class StreamedDocument implements YamlDocument {
  private tree: YamlNode | null | undefined;
  /** Whether the document has a root node (known without building the tree). */
  readonly hasRoot: boolean;

  constructor(
    readonly index: number,
    /** The tree, or undefined to build it on first use (then it must have a root). */
    root: YamlNode | null | undefined,
    readonly value: unknown,
    readonly start: number,
    readonly end: number,
    readonly problems: YamlProblem[],
    private readonly reader: ChunkReader,
    /** The chunk the document was read from, and which of its documents it is (FAST_READ: read by the fast path). */
    private readonly chunkStart: number,
    private readonly chunkEnd: number,
    private readonly ordinal: number,
  ) {
    this.tree = root;
    this.hasRoot = root !== null;
  }

  get root(): YamlNode | null {
    if (this.tree === undefined) this.tree = this.reader.tree({start: this.chunkStart, end: this.chunkEnd}, this.ordinal);
    return this.tree;
  }

  release(): void {
    this.tree = undefined;
  }
}

/** A document's ordinal in its chunk when the fast path read it (then it is the chunk's only one). */
const FAST_READ = -1;

/** Documents without problems (nearly all) share one list: nothing adds to a document's problems once it is read. */
const NO_PROBLEMS: YamlProblem[] = [];
Object.freeze(NO_PROBLEMS);

/** What rebuilding a released document's tree needs, once per stream. */
class ChunkReader {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly limits: ComposeLimits,
    private readonly fast: FastScanner | undefined,
  ) {}

  /** The tree of a chunk's `ordinal`th document; a fast-path document's by the fast path (~10 times faster than the general path's). */
  tree(chunk: Chunk, ordinal: number): YamlNode | null {
    if (ordinal === FAST_READ) return this.fast!.tree(chunk.start, chunk.end) ?? this.compose(chunk)[0]?.root ?? null;
    return this.compose(chunk)[ordinal]?.root ?? null;
  }

  compose(chunk: Chunk): ComposedChunkDocument[] {
    return composeChunk(this.text, chunk, this.lines, this.limits);
  }
}

/** Like parseYaml, but yields documents one at a time so their trees can be released. */
export function parseYamlStream(text: string, options: YamlParseOptions = {}): YamlStream {
  const lines = new LineIndex(text);
  const maxBytes = options.maxBytes ?? DEFAULT_YAML_LIMITS.maxBytes;
  // One scan finds where the input stops being plain ASCII: for the control-character check and the fast path.
  const firstUnusual = text.length > maxBytes ? -1 : nextUnusualCharacter(text, 0);
  const inputProblem = checkWholeInput(text, lines, maxBytes, firstUnusual === text.length);
  if (inputProblem) return {text, lines, documents: [], problems: [inputProblem]};
  const limits: ComposeLimits = {
    maxDepth: options.maxDepth ?? DEFAULT_YAML_LIMITS.maxDepth,
    maxExpandedNodes: options.maxExpandedNodes ?? DEFAULT_YAML_LIMITS.maxExpandedNodes,
    maxMergeKeys: DEFAULT_YAML_LIMITS.maxMergeKeys,
  };
  return {text, lines, documents: streamDocuments(text, lines, limits, options.fastPath !== false, firstUnusual, options.share), problems: []};
}

function* streamDocuments(
  text: string, lines: LineIndex, limits: ComposeLimits, fastPath: boolean, firstUnusual: number, share?: {from: number; to: number},
): Generator<StreamedDocument> {
  let index = 0;
  const fast = fastPath ? new FastScanner(text, limits.maxDepth, limits.maxExpandedNodes, firstUnusual) : undefined;
  const reader = new ChunkReader(text, lines, limits, fast);
  for (const chunk of splitDocuments(text)) {
    if (share && (chunk.start < share.from || chunk.start >= share.to)) continue;
    if (isEmptyDocument(text, chunk)) {
      // `---` with nothing but comments after it: a null document, as the general path reads it,
      // without parsing. A stream of a million bare markers would otherwise cost a parse each.
      yield new StreamedDocument(index++, undefined, null, chunk.start, contentEnd(text, chunk), NO_PROBLEMS, reader, chunk.start, chunk.end, 0);
      continue;
    }
    const value = fast?.document(chunk.start, chunk.end);
    if (fast && value !== undefined) {
      // The general path would find exactly this value and no problem: build its tree only if needed.
      yield new StreamedDocument(index++, undefined, value, chunk.start, contentEnd(text, chunk), NO_PROBLEMS, reader, chunk.start, chunk.end, FAST_READ);
      continue;
    }
    const composed = reader.compose(chunk);
    for (let ordinal = 0; ordinal < composed.length; ordinal++) {
      const {root, value, start, end, problems} = composed[ordinal]!;
      yield new StreamedDocument(index++, root, value, start, end, problems.length > 0 ? problems : NO_PROBLEMS, reader, chunk.start, chunk.end, ordinal);
    }
  }
}

/**
 * A chunk that is a `---` line (a comment allowed after it) followed only by blank and comment
 * lines: /^---[ \t]*(?:#.*)?$/ then /^[ \t]*(?:#.*)?$/ on each line, read in place (every
 * document of a manifest starts with `---`: slicing and splitting each one cost a tenth of reading).
 */
function isEmptyDocument(text: string, chunk: Chunk): boolean {
  if (!text.startsWith('---', chunk.start) || chunk.end - chunk.start > 4096) return false;
  let p = chunk.start + 3;
  for (;;) {
    p = pastBlankOrComment(text, p, chunk.end);
    if (p < 0) return false;
    if (p >= chunk.end) return true;
    p += text.charCodeAt(p) === CR && p + 1 < chunk.end && text.charCodeAt(p + 1) === LF ? 2 : 1;
  }
}

const [LF, CR, SPACE, TAB, HASH] = [10, 13, 32, 9, 35];

/** From p, past `[ \t]*(?:#.*)?` to its line's end (`.` stops at U+2028 and U+2029 too); -1 if more is on the line. */
function pastBlankOrComment(text: string, p: number, end: number): number {
  while (p < end && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
  if (p < end && text.charCodeAt(p) === HASH) {
    for (; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c === LF || c === CR) break;
      if (c === 0x2028 || c === 0x2029) return -1;
    }
  }
  return p === end || text.charCodeAt(p) === LF || text.charCodeAt(p) === CR ? p : -1;
}

/** Where a chunk's text ends without its trailing white space (what composeChunk takes as a document's end). */
function contentEnd(text: string, chunk: Chunk): number {
  let end = chunk.end;
  while (end > chunk.start && /\s/.test(text[end - 1]!)) end--;
  return end;
}

interface ComposedChunkDocument {
  root: YamlNode | null;
  value: unknown;
  start: number;
  end: number;
  problems: YamlProblem[];
}

/**
 * A byte order mark at the start of a line of a chunk, other than the input's first
 * character: kubectl (apimachinery's YAMLReader, then go-yaml for each piece) reads one
 * as nothing on the first line after a `---` line, where go-yaml's input starts; anywhere
 * else at a line start go-yaml skips it but counts it as a column, and the document fails.
 * Returns the source with an accepted mark moved out of the way (offsets unchanged), or a
 * problem at the first mark kubectl would fail on.
 */
function withoutByteOrderMarks(source: string, base: number): {source: string} | {problem: YamlProblem} {
  let at = source.indexOf('\uFEFF');
  while (at !== -1) {
    const lineStart = at === 0 || source.charCodeAt(at - 1) === 0x0a || source.charCodeAt(at - 1) === 0x0d;
    if (lineStart && !(base === 0 && at === 0)) {
      const lineBreak = nextLineBreak(source, 0);
      const breakEnd = lineBreak + (source.startsWith('\r\n', lineBreak) ? 2 : 1);
      if (source.startsWith('---') && lineBreak !== -1 && at === breakEnd) {
        // `---` + break + BOM becomes `---` + space + break: the content keeps its offsets, and the marker line a trailing space.
        source = `${source.slice(0, lineBreak)} ${source.slice(lineBreak, at)}${source.slice(at + 1)}`;
      } else {
        return {problem: {start: base + at, end: base + at + 1, code: 'yaml-byte-order-mark',
          message: 'byte order mark (U+FEFF) at the start of this line: kubectl reads one only at the very start of the file or of a document ' +
            '(the line after ---) and cannot parse this document; remove it (files joined together often carry one)'}};
      }
    }
    at = source.indexOf('\uFEFF', at + 1);
  }
  return {source};
}

/** Parses one `---`-delimited piece of the input into its documents (usually one). */
function composeChunk(text: string, chunk: Chunk, lines: LineIndex, limits: ComposeLimits): ComposedChunkDocument[] {
  let source = text.slice(chunk.start, chunk.end);
  if (source.includes('\uFEFF')) {
    const cleaned = withoutByteOrderMarks(source, chunk.start);
    if ('problem' in cleaned) return [{root: null, value: undefined, start: chunk.start, end: chunk.end - trailingSpace(source), problems: [cleaned.problem]}];
    source = cleaned.source;
  }
  let events: Event[];
  try {
    events = parseEvents(source, {maxDepth: limits.maxDepth});
  } catch (error) {
    try {
      events = parseEventsLikeGoYaml(source, limits.maxDepth, error);
    } catch (unread) {
      return [syntaxErrorDocument(text, chunk.start, chunk.end, source, unread, limits.maxDepth)];
    }
  }
  if (mayReadDifferently(source)) {
    const read = readFlowScalarsAsGoYaml(source, events);
    if ('problem' in read) {
      const {start, end, message} = read.problem;
      const problem = {start: chunk.start + start, end: chunk.start + end, code: 'yaml-syntax', message};
      return [{root: null, value: undefined, start: chunk.start, end: chunk.end - trailingSpace(source), problems: [problem]}];
    }
    events = read.events;
  }
  const documents: ComposedChunkDocument[] = [];
  let composer: DocumentComposer | undefined;
  let depth = 0;
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      composer = new DocumentComposer(source, chunk.start, limits, chunk.start, lines);
      depth = 1;
      continue;
    }
    composer?.push(event);
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) depth++;
    else if (event.type === EVENT_ID.POP && --depth === 0 && composer) {
      const composed = composer.finish();
      const failed = composed.problems.some((p) => p.code === 'yaml-excessive-aliasing' || p.code === 'yaml-too-deep');
      documents.push({
        root: failed ? null : composed.root,
        value: failed ? undefined : composed.root ? composed.root.value : null,
        start: composed.start,
        end: Math.max(composed.end, chunk.end - trailingSpace(source)),
        problems: composed.problems,
      });
      composer = undefined;
    }
  }
  return documents;
}

function trailingSpace(source: string): number {
  return source.length - source.trimEnd().length;
}

function syntaxErrorDocument(text: string, start: number, end: number, source: string, error: unknown, maxDepth: number): ComposedChunkDocument {
  const mark = (error as {mark?: {position?: number}}).mark;
  const reason = (error as {reason?: string}).reason ?? String((error as Error)?.message ?? error);
  const at = start + Math.min(mark?.position ?? 0, source.length);
  const problem = /maxDepth/.test(reason)
    ? {start: at, end: at + 1, code: 'yaml-too-deep', message: `document nests deeper than ${maxDepth} levels; flatten it or raise the limit`}
    : describeSyntaxError(text, start, at, reason);
  return {root: null, value: undefined, start, end, problems: [problem]};
}
