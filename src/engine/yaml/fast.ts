/**
 * A fast path for the YAML nearly every manifest is written in: block mappings and
 * sequences of single-line plain or simply quoted scalars, one-line flow sequences of
 * such scalars, comments. It builds the document's JS value straight from the text,
 * without events or a position tree, in one pass.
 *
 * It never decides anything on its own: on the first thing outside that subset (or
 * anything js-yaml or the composer could object to — tabs, non-ASCII text, anchors,
 * tags, block scalars, multi-line scalars, escapes, duplicate keys, odd indentation,
 * `<<`, `__proto__`, non-finite numbers, deep nesting) it gives up and returns
 * undefined, and the caller parses the document the general way. When it does return a
 * value, that value is the one the general path builds, and the general path reports no
 * problem for the document (tests/engine/yaml/fast.test.ts checks this differentially).
 * Positions are then rebuilt by the general path only for documents that need them.
 */
import type {YamlMapNode, YamlNode, YamlPair, YamlScalarNode, YamlSeqNode} from './nodes';
import {keyToString, resolvePlainScalar} from './scalars';

const LF = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const PERCENT = 0x25;
const AMPERSAND = 0x26;
const ASTERISK = 0x2a;
const QUESTION = 0x3f;

/** Thrown (as this one object) to give up; caught once per document. */
const BAIL = {bail: true};

/** Characters of plain keys and plain flow items here: [A-Za-z0-9_./-]. */
const SIMPLE = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_./-]/.test(ch)) SIMPLE[c] = 1;
}

/** Characters of anchor and alias names here: [A-Za-z0-9_-]. */
const ANCHOR_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (/[A-Za-z0-9_-]/.test(String.fromCharCode(c))) ANCHOR_NAME[c] = 1;
}

/** Characters that end a plain scalar inside a flow collection. */
const FLOW_INDICATOR = new Uint8Array(128);
for (const ch of ',[]{}') FLOW_INDICATOR[ch.charCodeAt(0)] = 1;

/** Characters a plain block value may not start with: YAML indicators and quotes. */
const NOT_PLAIN_FIRST = new Uint8Array(128);
for (const ch of '-?:,[]{}#&*!|>\'"%@`') NOT_PLAIN_FIRST[ch.charCodeAt(0)] = 1;

/** Anything but LF and printable ASCII sends a document to the general path. */
const NOT_SIMPLE_TEXT = /[^\n\x20-\x7e]/g;

/** Offset of the first character other than LF and printable ASCII at or after `from`, or text.length. */
export function nextUnusualCharacter(text: string, from: number): number {
  NOT_SIMPLE_TEXT.lastIndex = from;
  const found = NOT_SIMPLE_TEXT.exec(text);
  return found ? found.index : text.length;
}

/** Letters that can start a YAML 1.1 boolean or null (y, n, t, f, o): only they need resolving. */
const KEYWORD_FIRST = new Uint8Array(128);
for (const ch of 'yYnNtTfFoO') KEYWORD_FIRST[ch.charCodeAt(0)] = 1;

/**
 * resolvePlainScalar's value, answering the commonest cases directly: text starting with
 * a letter that no boolean or null starts with (or longer than any of them) is a string;
 * up to 15 decimal digits without a leading zero are that integer.
 */
function plainScalarValue(text: string): unknown {
  const c = text.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    if (KEYWORD_FIRST[c] === 0 || text.length > 5) return text;
  } else if (c >= 49 && c <= 57 && text.length <= 15) {
    let digits = true;
    for (let i = 1; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d < 48 || d > 57) {
        digits = false;
        break;
      }
    }
    if (digits) return Number(text);
  }
  return resolvePlainScalar(text).value;
}

/**
 * Reusable across the chunks of one input: remembers where the next character outside
 * printable ASCII is, so checking every chunk costs one scan of the input in total.
 */
export class FastScanner {
  private readonly keys = PLAIN_KEYS;
  private readonly quotedKeys = QUOTED_KEYS;
  /**
   * `maxDepth` and `maxExpandedNodes`: the general path's limits, within which a document
   * must stay (aliases expanded) for this path to read it. `nextOdd`:
   * nextUnusualCharacter(text, 0) if the caller knows it already.
   */
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly maxExpandedNodes: number = 100_000,
    private nextOdd = -1,
  ) {
    PLAIN_KEYS.renewIfFull();
    QUOTED_KEYS.renewIfFull();
  }

  /** The value of the one document in text[start, end), or undefined to use the general path. */
  document(start: number, end: number): Record<string, unknown> | undefined {
    if (this.nextOdd < start) this.nextOdd = nextUnusualCharacter(this.text, start);
    if (this.nextOdd < end) return undefined;
    return this.read(start, end, false) as Record<string, unknown> | undefined;
  }

  /**
   * The position tree of a document document() has read (its root node, the one the general
   * path builds), for locating findings; undefined to leave it to the general path.
   */
  tree(start: number, end: number): YamlNode | undefined {
    return this.read(start, end, true) as YamlNode | undefined;
  }

  private read(start: number, end: number, tree: boolean): unknown {
    try {
      const pass = new Pass(this.text, end, this.maxDepth, this.maxExpandedNodes, this.keys, this.quotedKeys, tree, start);
      const value = pass.document(start);
      return tree ? (value === undefined ? undefined : pass.node) : value;
    } catch (error) {
      if (error === BAIL) return undefined;
      throw error;
    } finally {
      if (scratchItems.length > MAX_KEPT_SCRATCH_ITEMS) scratchItems = [];
    }
  }
}

/** A plain key's text as a property name: a string, or undefined when it cannot be one (null). */
function plainKey(text: string): string | undefined {
  const c = text.charCodeAt(0);
  if (c >= 97 && c <= 122 && (KEYWORD_FIRST[c] === 0 || text.length > 5)) return text; // a string, as most keys
  const resolved = resolvePlainScalar(text);
  const converted = resolved.tag === 'null' ? undefined : keyToString(resolved);
  return converted === undefined || text === '<<' ? undefined : converted;
}

const KEY_SLOTS = 4096;
/** Longer keys are resolved each time rather than kept for the life of the process. */
const MAX_CACHED_KEY_LENGTH = 128;

/**
 * The keys met so far, found by a hash of their characters and compared with the text in
 * place: a manifest repeats a few hundred keys, which then cost no new string, no
 * resolution and no internalization each time. One cache for plain keys (resolved:
 * `yes` is "true"), one for quoted ones (taken as written). Both live as long as the
 * process: a key's meaning depends on its text alone, and making the slots afresh for
 * every input cost a small document more than reading it (two 4,096-slot arrays per
 * cache, then the young garbage they become). A cache that filled up is emptied before
 * the next input, so that a stream of odd keys cannot take the slots for good.
 */
class KeyCache {
  private readonly texts: Array<string | undefined> = new Array(KEY_SLOTS);
  private readonly keys: Array<string | undefined> = new Array(KEY_SLOTS);
  private size = 0;

  /** `resolve`: the property name a key's text stands for, or undefined when it cannot be one. */
  constructor(private readonly resolve: (text: string) => string | undefined) {}

  renewIfFull(): void {
    if (this.size < KEY_SLOTS / 2) return;
    this.texts.fill(undefined);
    this.keys.fill(undefined);
    this.size = 0;
  }

  /** The key written at s[p, q) (hash: of its characters), or BAIL when it cannot be a key. */
  key(s: string, p: number, q: number, hash: number): string {
    const length = q - p;
    let slot = hash & (KEY_SLOTS - 1);
    for (let probe = 0; probe < 8; probe++) {
      const text = this.texts[slot];
      if (text === undefined) break;
      if (text.length === length && s.startsWith(text, p)) {
        const key = this.keys[slot];
        if (key === undefined) throw BAIL;
        return key;
      }
      slot = (slot + 1) & (KEY_SLOTS - 1);
    }
    const text = s.slice(p, q);
    const key = this.resolve(text);
    if (this.texts[slot] === undefined && this.size < KEY_SLOTS / 2 && length <= MAX_CACHED_KEY_LENGTH) {
      this.texts[slot] = text;
      // The property-name form of the string, so that later stores with it take V8's fast path.
      this.keys[slot] = key === undefined ? undefined : Object.keys({[key]: 0})[0]!;
      this.size++;
    }
    if (key === undefined) throw BAIL;
    return key;
  }
}

const PLAIN_KEYS = new KeyCache(plainKey);
const QUOTED_KEYS = new KeyCache((text) => text);

/**
 * The items of the sequences being read, nested ones above their parents': a sequence's items
 * are copied out once it ends (slice: an array of exactly their number). An array grown by push
 * from [] keeps room for 17 items whatever it holds; the values outlive their document (analysis
 * reads them), so that room was memory the GC copied for nothing (at 20,000 resources, ~10 MB).
 */
let scratchItems: unknown[] = [];
/** A scratch list grown past this by one huge sequence is dropped after its document, not kept for the process. */
const MAX_KEPT_SCRATCH_ITEMS = 4096;

/** An anchored value and what it weighs once aliases to it are expanded (upper bounds). */
interface Anchored {
  value: unknown;
  /** Its tree node, when building trees. */
  node: YamlNode | undefined;
  /** Value nodes it expands to. */
  size: number;
  /** Collection levels below it. */
  height: number;
}

/** Marks an anchor whose node is still being read: an alias to it would make the value contain itself. */
const OPEN: Anchored = {value: undefined, node: undefined, size: 0, height: 0};

interface AnchorMark {
  name: string;
  /** Collection level of the anchored node. */
  level: number;
  /** Pass.expanded and Pass.deepest when it started. */
  expanded: number;
  deepest: number;
}

class Pass {
  /** Offset of the current line's start. */
  private line = 0;
  /** Indentation of the current line (-1 at the end of the document). */
  private indent = -1;
  /** Value nodes read so far, aliases counted as what they expand to (the general path's expandedSize, or more). */
  private expanded = 0;
  /** Deepest collection level reached, aliases expanded. */
  private deepest = 0;
  private anchors: Map<string, Anchored> | undefined;
  /** Outside tree mode: where the innermost open sequence's items end in scratchItems. */
  private itemsTop = 0;
  /**
   * Tree mode: the node of the value last read (YamlNode, as the general path's composer
   * builds it: same offsets, sizes and depths), and the end of the last key or node read,
   * where an empty scalar is placed.
   */
  node: YamlNode | undefined;
  private lastEnd: number;

  constructor(
    private readonly s: string,
    private readonly end: number,
    private readonly maxDepth: number,
    private readonly maxExpanded: number,
    private readonly keys: KeyCache,
    private readonly quotedKeys: KeyCache,
    /** Also build the position tree (this.node). */
    private readonly tree = false,
    start = 0,
  ) {
    this.lastEnd = start;
  }

  document(start: number): Record<string, unknown> | undefined {
    const s = this.s;
    let at = start;
    // Preamble: blank and comment lines, and at most one `---` line without content.
    let marker = false;
    for (;;) {
      this.line = at;
      this.seekContent();
      if (this.indent < 0) return undefined; // no content: the general path knows what that is
      const first = this.line + this.indent;
      const c = s.charCodeAt(first);
      if (c === PERCENT) return undefined;
      if (this.indent === 0 && c === DASH && s.startsWith('---', first)) {
        if (marker) return undefined;
        marker = true;
        at = this.restOfLine(first + 3);
        continue;
      }
      break;
    }
    const rootIndent = this.indent;
    if (this.isDocumentBoundary()) return undefined;
    const value = this.mapping(rootIndent, this.line + rootIndent, 1);
    if (this.indent >= 0) return undefined; // content left over (less indented, or `...`)
    // The general path rejects a document whose aliases expand past the budget; below it, no need to know more.
    if (this.expanded > this.maxExpanded) return undefined;
    return value;
  }

  /** From this.line, skips blank and comment lines; sets line/indent of the next content line. */
  private seekContent(): void {
    const s = this.s;
    const end = this.end;
    let at = this.line;
    while (at < end) {
      let p = at;
      while (p < end && s.charCodeAt(p) === SPACE) p++;
      if (p >= end) break;
      const c = s.charCodeAt(p);
      if (c === LF) {
        at = p + 1;
        continue;
      }
      if (c === HASH) {
        const nl = s.indexOf('\n', p);
        if (nl < 0 || nl >= end) break;
        at = nl + 1;
        continue;
      }
      this.line = at;
      this.indent = p - at;
      return;
    }
    this.line = end;
    this.indent = -1;
  }

  /** `---` or `...` at the start of a line inside the document: leave it to the general path. */
  private isDocumentBoundary(): boolean {
    if (this.indent !== 0) return false;
    const s = this.s;
    const p = this.line;
    const c = s.charCodeAt(p);
    return (c === DASH || c === DOT) && s.charCodeAt(p + 1) === c && s.charCodeAt(p + 2) === c;
  }

  /**
   * After a value or marker ending at p: only spaces and a comment (preceded by a space)
   * may follow. Returns the next line's offset.
   */
  private restOfLine(p: number): number {
    const s = this.s;
    const end = this.end;
    const from = p;
    while (p < end && s.charCodeAt(p) === SPACE) p++;
    if (p >= end) return end;
    const c = s.charCodeAt(p);
    if (c === LF) return p + 1;
    if (c === HASH && p > from) {
      const nl = s.indexOf('\n', p);
      return nl < 0 || nl >= end ? end : nl + 1;
    }
    throw BAIL;
  }

  /**
   * A mapping key at p (plain, or quoted without escapes) and its colon: returns the
   * key, with this.at just after the colon. Gives up on keys that are not plain
   * strings of the general path's making (null, `<<`, `__proto__`, anchored, aliased).
   */
  private key(p: number): string {
    const s = this.s;
    let key: string;
    let q: number;
    const c = s.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      q = this.quotedEnd(p);
      let hash = 0;
      let doubled = false;
      for (let k = p + 1; k < q - 1; k++) {
        const ch = s.charCodeAt(k);
        if (ch === SQUOTE) doubled = true;
        hash = (Math.imul(hash, 31) + ch) | 0;
      }
      // `'it''s'` needs its quotes undoubled: not worth caching.
      key = doubled && c === SQUOTE ? this.quotedText(p, q) : this.quotedKeys.key(s, p + 1, q - 1, hash);
    } else {
      q = p;
      let hash = 0;
      while (q < this.end) {
        const k = s.charCodeAt(q);
        if (k >= 128 || SIMPLE[k] === 0) break;
        hash = (Math.imul(hash, 31) + k) | 0;
        q++;
      }
      if (q === p || c === DASH || q - p > 512) throw BAIL;
      key = this.keys.key(s, p, q, hash);
    }
    if (s.charCodeAt(q) !== COLON || key === '__proto__') throw BAIL;
    this.at = q + 1;
    if (q > this.lastEnd) this.lastEnd = q;
    return key;
  }

  /** Scratch result of key() and anchor(): where reading goes on. */
  private at = 0;

  /**
   * A block mapping whose lines are indented by `indent`; its first key starts at `keyAt`
   * (on the current line; after `- ` for a mapping inside a sequence item).
   */
  private mapping(indent: number, keyAt: number, depth: number): Record<string, unknown> {
    if (depth + 3 >= this.maxDepth) throw BAIL;
    if (depth > this.deepest) this.deepest = depth;
    this.expanded++;
    const s = this.s;
    const result: Record<string, unknown> = {};
    const node: YamlMapNode | undefined = this.tree
      ? {kind: 'map', start: keyAt, end: keyAt + 1, value: result, pairs: [], merged: [], expandedSize: 1, expandedDepth: 1}
      : undefined;
    let p = keyAt;
    for (;;) {
      const key = this.key(p);
      if (Object.hasOwn(result, key)) throw BAIL;
      const q = this.at;
      const keyEnd = q - 1;
      // Value.
      const v = q < this.end ? s.charCodeAt(q) : LF;
      if (v !== SPACE && v !== LF) throw BAIL;
      let valueAt = this.skipSpaces(q);
      let w = valueAt < this.end ? s.charCodeAt(valueAt) : LF;
      let anchor: AnchorMark | undefined;
      if (w === AMPERSAND) {
        anchor = this.openAnchor(this.anchor(valueAt), depth + 1);
        valueAt = this.at;
        w = valueAt < this.end ? s.charCodeAt(valueAt) : LF;
      }
      let value: unknown;
      if (w === LF || w === HASH) {
        this.line = this.restOfLine(valueAt);
        this.seekContent();
        value = this.nested(indent, true, depth);
        if (anchor !== undefined && value === null) throw BAIL; // an anchored empty node
      } else {
        value = this.inline(valueAt, depth);
        this.seekContent();
        if (this.indent > indent) throw BAIL; // a continuation line or misplaced content
      }
      if (anchor !== undefined) this.closeAnchor(anchor, value);
      result[key] = value;
      if (node) addPair(node, {key, keyStart: p, keyEnd, value: this.node!});
      // Next entry, or the end of this mapping.
      if (this.indent !== indent) {
        if (this.indent > indent) throw BAIL;
        this.built(node);
        return result;
      }
      if (this.isDocumentBoundary()) throw BAIL;
      p = this.line + indent;
    }
  }

  /**
   * The node on the lines after `key:` or a lone `-` at `indent` (the current line is the
   * next content line). A sequence may sit at the key's own indentation.
   */
  private nested(indent: number, afterKey: boolean, depth: number): unknown {
    if (this.indent < 0 || this.indent < indent || (this.indent === indent && !afterKey)) return this.empty();
    const first = this.line + this.indent;
    const isItem = this.s.charCodeAt(first) === DASH && this.isItemDash(first);
    if (this.indent === indent) return isItem ? this.sequence(indent, depth + 1) : this.empty();
    if (this.isDocumentBoundary()) throw BAIL;
    return isItem ? this.sequence(this.indent, depth + 1) : this.mapping(this.indent, first, depth + 1);
  }

  private isItemDash(p: number): boolean {
    const n = p + 1 < this.end ? this.s.charCodeAt(p + 1) : LF;
    return n === SPACE || n === LF;
  }

  /** A block sequence whose dashes are at column `indent` (the current line holds the first). */
  private sequence(indent: number, depth: number): unknown[] {
    if (depth + 3 >= this.maxDepth) throw BAIL;
    if (depth > this.deepest) this.deepest = depth;
    this.expanded++;
    const s = this.s;
    const itemsFrom = this.itemsTop;
    const start = this.line + indent;
    const node: YamlSeqNode | undefined = this.tree
      ? {kind: 'seq', start, end: start + 1, value: [], items: [], expandedSize: 1, expandedDepth: 1}
      : undefined;
    for (;;) {
      const dash = this.line + indent;
      const afterDash = dash + 1;
      let p = this.skipSpaces(afterDash);
      let c = p < this.end ? s.charCodeAt(p) : LF;
      let anchor: AnchorMark | undefined;
      if (c === AMPERSAND) {
        if (p === afterDash) throw BAIL;
        anchor = this.openAnchor(this.anchor(p), depth + 1);
        p = this.at;
        c = p < this.end ? s.charCodeAt(p) : LF;
      }
      let item: unknown;
      if (c === LF || c === HASH) {
        if (c === HASH && p === afterDash) throw BAIL;
        this.line = this.restOfLine(p);
        this.seekContent();
        item = this.nested(indent, false, depth);
        if (anchor !== undefined && item === null) throw BAIL;
      } else if (c === DASH && this.isItemDash(p)) {
        throw BAIL; // `- - x`
      } else if (this.startsKey(p)) {
        // `- &a key: value` anchors the key, not the mapping: rare enough to leave to the general path.
        if (anchor !== undefined) throw BAIL;
        item = this.mapping(p - this.line, p, depth + 1);
      } else {
        item = this.inline(p, depth);
        this.seekContent();
        if (this.indent > indent) throw BAIL;
      }
      if (anchor !== undefined) this.closeAnchor(anchor, item);
      this.addItem(node, item);
      if (this.indent !== indent) {
        if (this.indent > indent) throw BAIL;
        return this.closeSequence(node, itemsFrom);
      }
      const first = this.line + indent;
      if (s.charCodeAt(first) !== DASH || !this.isItemDash(first)) { // back to the parent mapping
        return this.closeSequence(node, itemsFrom);
      }
    }
  }

  /** An item read for the sequence `node` (tree mode) or the innermost open one. */
  private addItem(node: YamlSeqNode | undefined, item: unknown): void {
    if (node) {
      (node.value as unknown[]).push(item);
      addItem(node, this.node!);
    } else {
      scratchItems[this.itemsTop++] = item;
    }
  }

  /** The items of a sequence whose items started at `itemsFrom`, as an array of their number (tree mode: its node's). */
  private sequenceItems(node: YamlSeqNode | undefined, itemsFrom: number): unknown[] {
    if (node) return node.value as unknown[];
    const items = scratchItems.slice(itemsFrom, this.itemsTop);
    this.itemsTop = itemsFrom;
    return items;
  }

  private closeSequence(node: YamlSeqNode | undefined, itemsFrom: number): unknown[] {
    this.built(node);
    return this.sequenceItems(node, itemsFrom);
  }

  /** Whether a mapping entry (`key:` then space or end of line) starts at p. */
  private startsKey(p: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(p);
    let q: number;
    if (c === DQUOTE || c === SQUOTE) {
      q = this.quotedEndOrNone(p);
      if (q < 0) return false;
    } else {
      if (c >= 128 || SIMPLE[c] === 0) return false;
      q = p;
      while (q < this.end) {
        const k = s.charCodeAt(q);
        if (k >= 128 || SIMPLE[k] === 0) break;
        q++;
      }
    }
    if (s.charCodeAt(q) !== COLON) return false;
    const n = q + 1 < this.end ? s.charCodeAt(q + 1) : LF;
    return n === SPACE || n === LF;
  }

  private skipSpaces(p: number): number {
    const s = this.s;
    while (p < this.end && s.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /**
   * The name of the anchor (`&name`) or alias (`*name`) at p: letters, digits, `_` and `-`.
   * For an anchor, a space or the end of the line must follow; this.at is then the next
   * non-space character. For an alias, this.at is just after the name.
   */
  private anchor(p: number): string {
    const s = this.s;
    let q = p + 1;
    while (q < this.end) {
      const k = s.charCodeAt(q);
      if (k >= 128 || ANCHOR_NAME[k] === 0) break;
      q++;
    }
    if (q === p + 1) throw BAIL;
    const name = s.slice(p + 1, q);
    if (s.charCodeAt(p) === AMPERSAND) {
      const n = q < this.end ? s.charCodeAt(q) : LF;
      if (n !== SPACE && n !== LF) throw BAIL;
      q = this.skipSpaces(q);
    }
    this.at = q;
    return name;
  }

  /** Before reading the node an anchor names, at collection level `level`: what closeAnchor needs. */
  private openAnchor(name: string, level: number): AnchorMark {
    if (this.anchors === undefined) this.anchors = new Map();
    this.anchors.set(name, OPEN);
    const mark = {name, level, expanded: this.expanded, deepest: this.deepest};
    this.deepest = level;
    return mark;
  }

  private closeAnchor(mark: AnchorMark, value: unknown): void {
    const height = this.deepest - mark.level;
    this.anchors!.set(mark.name, {value, node: this.node, size: this.expanded - mark.expanded, height: height > 0 ? height : 0});
    if (mark.deepest > this.deepest) this.deepest = mark.deepest;
  }

  /** The value of the alias at p, whose node would sit at collection level `level`; this.at is just after it. */
  private alias(p: number, level: number): unknown {
    const name = this.anchor(p);
    const target = this.anchors?.get(name);
    if (target === undefined || target === OPEN) throw BAIL; // unknown, or recursive: the general path reports it
    if (level + target.height + 3 >= this.maxDepth) throw BAIL;
    if (level + target.height > this.deepest) this.deepest = level + target.height;
    this.expanded += target.size;
    if (this.tree) {
      const node = target.node!;
      this.built({kind: 'alias', name, target: node, start: p, end: this.at, value: node.value, expandedSize: node.expandedSize, expandedDepth: node.expandedDepth});
    }
    return target.value;
  }

  /** Tree mode: `node` is the value just read. */
  private built(node: YamlNode | undefined): void {
    if (node === undefined) return;
    this.node = node;
    if (node.end > this.lastEnd) this.lastEnd = node.end;
  }

  private scalar(start: number, end: number, text: string, plain: boolean, value: unknown): void {
    this.built({kind: 'scalar', start, end, text, plain, value, expandedSize: 1, expandedDepth: 0} satisfies YamlScalarNode);
  }

  /** A node with no content (`key:` and nothing more): null, placed where the last token ended. */
  private empty(): null {
    this.expanded++;
    if (this.tree) this.scalar(this.lastEnd, this.lastEnd, '', true, null);
    return null;
  }

  /**
   * A value that starts at p and ends on this line (plain, quoted, alias, or a flow
   * collection). Leaves this.line at the next line.
   */
  private inline(p: number, depth: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quotedEnd(p);
      const text = this.quotedText(p, q);
      this.line = this.restOfLine(q);
      this.expanded++;
      if (this.tree) this.scalar(p, q, text, false, text);
      return text;
    }
    if (c === LBRACKET || c === LBRACE) {
      const value = c === LBRACKET ? this.flowSequence(p, depth + 1) : this.flowMapping(p, depth + 1);
      this.line = this.restOfLine(this.at);
      return value;
    }
    if (c === ASTERISK) {
      const value = this.alias(p, depth + 1);
      this.line = this.restOfLine(this.at);
      return value;
    }
    if (c >= 128 || NOT_PLAIN_FIRST[c] === 1) throw BAIL;
    // Plain: up to ` #` or the end of the line; `: ` or a final `:` would be a mapping.
    let nl = s.indexOf('\n', p);
    if (nl < 0 || nl > this.end) nl = this.end;
    let q = p;
    let last = p; // just after the last non-space character
    while (q < nl) {
      const k = s.charCodeAt(q);
      if (k === SPACE) {
        const n = s.charCodeAt(q + 1);
        if (n === HASH && q + 1 < nl) break;
      } else {
        if (k === COLON) {
          const n = q + 1 < nl ? s.charCodeAt(q + 1) : LF;
          if (n === SPACE || n === LF) throw BAIL;
        }
        last = q + 1;
      }
      q++;
    }
    this.line = nl < this.end ? nl + 1 : this.end;
    this.expanded++;
    const text = s.slice(p, last);
    const value = this.plainValue(text);
    if (this.tree) this.scalar(p, last, text, true, value);
    return value;
  }

  private plainValue(text: string): unknown {
    const value = plainScalarValue(text);
    if (typeof value === 'number' && !Number.isFinite(value)) throw BAIL;
    return value;
  }

  /** `[a, "b", {c: d}]` on one line; this.at is left just after the `]`. */
  private flowSequence(p: number, depth: number): unknown[] {
    if (depth + 3 >= this.maxDepth) throw BAIL;
    if (depth > this.deepest) this.deepest = depth;
    this.expanded++;
    const s = this.s;
    const itemsFrom = this.itemsTop;
    const node: YamlSeqNode | undefined = this.tree
      ? {kind: 'seq', start: p, end: p + 1, value: [], items: [], expandedSize: 1, expandedDepth: 1}
      : undefined;
    let q = this.skipSpaces(p + 1);
    if (s.charCodeAt(q) === RBRACKET && q < this.end) {
      this.at = q + 1;
      return this.closeFlow(node, this.sequenceItems(node, itemsFrom));
    }
    for (;;) {
      this.addItem(node, this.flowValue(q, depth));
      q = this.skipSpaces(this.at);
      if (q >= this.end) throw BAIL;
      const d = s.charCodeAt(q);
      if (d === RBRACKET) {
        this.at = q + 1;
        return this.closeFlow(node, this.sequenceItems(node, itemsFrom));
      }
      if (d !== COMMA) throw BAIL; // also `[a: b]`, a single-pair mapping
      q = this.skipSpaces(q + 1);
      if (q >= this.end || s.charCodeAt(q) === RBRACKET) throw BAIL; // trailing comma: general path
    }
  }

  /** `{a: b, "c": [d]}` on one line; this.at is left just after the `}`. */
  private flowMapping(p: number, depth: number): Record<string, unknown> {
    if (depth + 3 >= this.maxDepth) throw BAIL;
    if (depth > this.deepest) this.deepest = depth;
    this.expanded++;
    const s = this.s;
    const result: Record<string, unknown> = {};
    const node: YamlMapNode | undefined = this.tree
      ? {kind: 'map', start: p, end: p + 1, value: result, pairs: [], merged: [], expandedSize: 1, expandedDepth: 1}
      : undefined;
    let q = this.skipSpaces(p + 1);
    if (s.charCodeAt(q) === RBRACE && q < this.end) {
      this.at = q + 1;
      return this.closeFlow(node, result);
    }
    for (;;) {
      if (q >= this.end) throw BAIL;
      const key = this.key(q);
      const keyEnd = this.at - 1;
      // `{a:b}` is the key "a:b" in a flow mapping: only `: ` separates here.
      if (this.at >= this.end || s.charCodeAt(this.at) !== SPACE || Object.hasOwn(result, key)) throw BAIL;
      result[key] = this.flowValue(this.skipSpaces(this.at), depth);
      if (node) addPair(node, {key, keyStart: q, keyEnd, value: this.node!});
      q = this.skipSpaces(this.at);
      if (q >= this.end) throw BAIL;
      const d = s.charCodeAt(q);
      if (d === RBRACE) {
        this.at = q + 1;
        return this.closeFlow(node, result);
      }
      if (d !== COMMA) throw BAIL;
      q = this.skipSpaces(q + 1);
      if (q >= this.end || s.charCodeAt(q) === RBRACE) throw BAIL; // trailing comma: general path
    }
  }

  /** An item of a flow collection at p (collection level `depth`); this.at is left just after it. */
  private flowValue(p: number, depth: number): unknown {
    const s = this.s;
    if (p >= this.end) throw BAIL;
    let c = s.charCodeAt(p);
    let anchor: AnchorMark | undefined;
    if (c === AMPERSAND) {
      anchor = this.openAnchor(this.anchor(p), depth + 1);
      p = this.at;
      c = p < this.end ? s.charCodeAt(p) : LF;
    }
    let value: unknown;
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quotedEnd(p);
      value = this.quotedText(p, q);
      this.at = q;
      this.expanded++;
      if (this.tree) this.scalar(p, q, value as string, false, value);
    } else if (c === LBRACKET) {
      value = this.flowSequence(p, depth + 1);
    } else if (c === LBRACE) {
      value = this.flowMapping(p, depth + 1);
    } else if (c === ASTERISK) {
      if (anchor !== undefined) throw BAIL;
      value = this.alias(p, depth + 1);
    } else {
      if (c >= 128 || NOT_PLAIN_FIRST[c] === 1) throw BAIL; // also an empty node: `[&a , b]`, `{a: }`
      // Plain: up to `,`, a bracket, `: `, ` #` or the end of the line, without trailing spaces.
      let q = p;
      let last = p;
      while (q < this.end) {
        const k = s.charCodeAt(q);
        if (k === LF || FLOW_INDICATOR[k] === 1) break;
        if (k === SPACE) {
          if (s.charCodeAt(q + 1) === HASH) break;
        } else {
          if (k === COLON) {
            const n = q + 1 < this.end ? s.charCodeAt(q + 1) : LF;
            if (n === SPACE || n === LF || (n < 128 && FLOW_INDICATOR[n] === 1)) throw BAIL; // an implicit key
          }
          if (k === QUESTION) throw BAIL; // kubectl's go-yaml ends the scalar there (go-yaml-flow.ts)
          last = q + 1;
        }
        q++;
      }
      const text = s.slice(p, last);
      value = this.plainValue(text);
      this.at = last;
      this.expanded++;
      if (this.tree) this.scalar(p, last, text, true, value);
    }
    if (anchor !== undefined) this.closeAnchor(anchor, value);
    return value;
  }

  /** Tree mode: a flow collection ends just after its closer (this.at). */
  private closeFlow<T>(node: YamlMapNode | YamlSeqNode | undefined, value: T): T {
    if (node) {
      node.end = this.at;
      this.built(node);
    }
    return value;
  }

  /** Offset just after the closing quote of a one-line quoted scalar starting at p. */
  private quotedEnd(p: number): number {
    const q = this.quotedEndOrNone(p);
    if (q < 0) throw BAIL;
    return q;
  }

  private quotedEndOrNone(p: number): number {
    const s = this.s;
    const quote = s.charCodeAt(p);
    let q = p + 1;
    while (q < this.end) {
      const k = s.charCodeAt(q);
      if (k === LF) return -1;
      if (k === quote) {
        if (quote === SQUOTE && s.charCodeAt(q + 1) === SQUOTE && q + 1 < this.end) {
          q += 2;
          continue;
        }
        return q + 1;
      }
      if (k === BACKSLASH && quote === DQUOTE) return -1;
      q++;
    }
    return -1;
  }

  /** The text of the quoted scalar s[p, q) (quotes included in the range). */
  private quotedText(p: number, q: number): string {
    const text = this.s.slice(p + 1, q - 1);
    return this.s.charCodeAt(p) === SQUOTE && text.includes("''") ? text.replaceAll("''", "'") : text;
  }
}

/** As the composer grows a mapping: its end, expanded size and depth follow its keys and values. */
function addPair(node: YamlMapNode, pair: YamlPair): void {
  node.pairs.push(pair);
  grow(node, Math.max(pair.keyEnd, pair.value.end), pair.value);
}

function addItem(node: YamlSeqNode, item: YamlNode): void {
  node.items.push(item);
  grow(node, item.end, item);
}

function grow(node: YamlMapNode | YamlSeqNode, end: number, child: YamlNode): void {
  if (end > node.end) node.end = end;
  node.expandedSize += child.expandedSize;
  if (child.expandedDepth + 1 > node.expandedDepth) node.expandedDepth = child.expandedDepth + 1;
}
