/**
 * Builds documents (tree + plain JS value) from js-yaml's flat event stream,
 * resolving scalars as kubectl does and reporting what kubectl would reject
 * (duplicate keys, unknown anchors, unconvertible keys) instead of throwing.
 */
import {COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, getScalarValue, type Event, type ScalarEvent} from 'js-yaml';
import type {YamlMapNode, YamlNode, YamlScalarNode, YamlSeqNode} from './nodes';
import {resolveAlias} from './nodes';
import {nextLineBreak, type LineIndex} from './lines';
import {escapePointerSegment} from '../pointer';
import {keyToString, resolvePlainScalar, resolveTaggedScalar, type ResolvedScalar} from './scalars';

export interface ComposeProblem {
  start: number;
  end: number;
  code: string;
  message: string;
  /** JSON pointer of the offending node, when known. */
  path?: string;
}

export interface ComposedDocument {
  root: YamlNode | null;
  /** Offsets of the document's text (from its `---` or first content to its last node). */
  start: number;
  end: number;
  problems: ComposeProblem[];
  /** Nodes written in the text (aliases count once). */
  writtenNodes: number;
}

export interface ComposeLimits {
  /** Alias-expanded node budget: past max(this, 10 × written nodes) the document is rejected. */
  maxExpandedNodes: number;
  /** Alias-expanded nesting limit. */
  maxDepth: number;
  /** Keys copied by `<<` merges per document. */
  maxMergeKeys: number;
}

interface KeySlot {
  key: string | undefined;
  isMerge: boolean;
  start: number;
  end: number;
}

interface MapFrame {
  node: YamlMapNode;
  flow: boolean;
  pendingKey: KeySlot | undefined;
  /** Built once a mapping has many keys, for duplicate detection. */
  keyIndex?: Map<string, number>;
}

interface SeqFrame {
  node: YamlSeqNode;
  flow: boolean;
}

type Frame = MapFrame | SeqFrame;

const CLOSERS = {map: '}', seq: ']'} as const;

/** Assigns an own property even for `__proto__`, so input can never reach Object.prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, {value, enumerable: true, writable: true, configurable: true});
  else target[key] = value;
}

export class DocumentComposer {
  private readonly anchors = new Map<string, YamlNode>();
  /** Anchored nodes still being built: an alias to one would make the value contain itself. */
  private readonly openAnchors = new Set<YamlNode>();
  private readonly stack: Frame[] = [];
  private readonly problems: ComposeProblem[] = [];
  private root: YamlNode | null = null;
  private writtenNodes = 0;
  private mergedKeys = 0;
  private lastEnd: number;

  constructor(
    private readonly source: string,
    /** Where `source` starts in the whole input. */
    private readonly base: number,
    private readonly limits: ComposeLimits,
    private readonly documentStart: number,
    private readonly lines: LineIndex,
  ) {
    this.lastEnd = documentStart;
  }

  /** Feeds one event of the document (after its DOCUMENT event). */
  push(event: Event): void {
    switch (event.type) {
      case EVENT_ID.SCALAR:
        if (!this.plainKey(event)) this.deliver(this.scalar(event));
        break;
      case EVENT_ID.ALIAS: {
        const name = this.source.slice(event.anchorStart, event.anchorEnd);
        const start = this.base + event.anchorStart - 1;
        const end = this.base + event.anchorEnd;
        let target = this.anchors.get(name);
        if (!target) this.problem(start, end, 'yaml-unknown-anchor', `unknown anchor '${name}' referenced`);
        else if (this.openAnchors.has(target)) {
          this.problem(start, end, 'yaml-recursive-alias', `anchor '${name}' value contains itself`);
          target = undefined;
        }
        this.writtenNodes++;
        this.deliver({
          kind: 'alias', name, target, start, end,
          value: target ? target.value : null,
          expandedSize: target ? target.expandedSize : 1,
          expandedDepth: target ? target.expandedDepth : 0,
        });
        break;
      }
      case EVENT_ID.MAPPING: {
        const node: YamlMapNode = {
          kind: 'map', start: this.base + event.start, end: this.base + event.start + 1,
          value: {}, pairs: [], merged: [], expandedSize: 1, expandedDepth: 1,
        };
        this.open(node, event.anchorStart, event.anchorEnd);
        this.stack.push({node, flow: event.style === COLLECTION_STYLE.FLOW, pendingKey: undefined});
        break;
      }
      case EVENT_ID.SEQUENCE: {
        const node: YamlSeqNode = {
          kind: 'seq', start: this.base + event.start, end: this.base + event.start + 1,
          value: [], items: [], expandedSize: 1, expandedDepth: 1,
        };
        this.open(node, event.anchorStart, event.anchorEnd);
        this.stack.push({node, flow: event.style === COLLECTION_STYLE.FLOW});
        break;
      }
      case EVENT_ID.POP: {
        const frame = this.stack.pop();
        if (!frame) break; // the document's own POP
        const {node} = frame;
        if (frame.flow) node.end = this.findCloser(node.end, CLOSERS[node.kind]);
        this.openAnchors.delete(node);
        this.deliver(node);
        break;
      }
      default:
        break;
    }
  }

  finish(): ComposedDocument {
    const root = this.root;
    if (root) {
      const budget = Math.max(this.limits.maxExpandedNodes, 10 * this.writtenNodes);
      if (root.expandedSize > budget) {
        this.problem(root.start, this.lineEndOf(root.start), 'yaml-excessive-aliasing',
          `document contains excessive aliasing: expanding its aliases would produce ${formatCount(root.expandedSize)} nodes ` +
          `from ${this.writtenNodes} written (limit ${formatCount(budget)}); kubectl rejects such input too`);
      } else if (root.expandedDepth > this.limits.maxDepth) {
        this.problem(root.start, this.lineEndOf(root.start), 'yaml-too-deep',
          `document nests deeper than ${this.limits.maxDepth} levels once aliases are expanded`);
      }
    }
    return {root, start: this.documentStart, end: root ? Math.max(root.end, this.documentStart) : this.documentStart, problems: this.problems, writtenNodes: this.writtenNodes};
  }

  private open(node: YamlNode, anchorStart: number, anchorEnd: number): void {
    this.writtenNodes++;
    if (anchorStart >= 0) {
      const name = this.source.slice(anchorStart, anchorEnd);
      this.anchors.set(name, node);
      this.openAnchors.add(node);
    }
  }

  private scalar(event: ScalarEvent): YamlScalarNode {
    this.writtenNodes++;
    const empty = event.valueStart < 0;
    const text = empty ? '' : getScalarValue(this.source, event);
    const [start, end] = empty ? [this.lastEnd, this.lastEnd] : this.scalarSpan(event);
    const plain = event.style === SCALAR_STYLE.PLAIN;
    let resolved: ResolvedScalar;
    if (event.tagStart >= 0) {
      const outcome = resolveTaggedScalar(text, normaliseTag(this.source.slice(event.tagStart, event.tagEnd)), plain);
      if ('error' in outcome) {
        this.problem(start, end, 'yaml-tag-mismatch', outcome.error);
        resolved = {tag: 'str', value: text};
      } else resolved = outcome;
    } else resolved = plain ? resolvePlainScalar(text) : {tag: 'str', value: text};
    const node: YamlScalarNode = {kind: 'scalar', start, end, text, plain: plain && event.tagStart < 0, value: resolved.value, expandedSize: 1, expandedDepth: 0};
    if (event.anchorStart >= 0) this.anchors.set(this.source.slice(event.anchorStart, event.anchorEnd), node);
    return node;
  }

  /**
   * Fast path for the commonest event, a plain untagged mapping key: it becomes a key
   * slot directly, without a tree node. Returns false when the general path is needed.
   */
  private plainKey(event: ScalarEvent): boolean {
    const frame = this.stack[this.stack.length - 1];
    if (!frame || frame.node.kind !== 'map' || (frame as MapFrame).pendingKey || event.valueStart < 0 ||
      event.style !== SCALAR_STYLE.PLAIN || event.tagStart >= 0 || event.anchorStart >= 0) return false;
    const text = getScalarValue(this.source, event);
    if (text === '<<') return false;
    const resolved = resolvePlainScalar(text);
    if (resolved.tag === 'null') return false;
    const start = this.base + event.valueStart;
    const end = this.base + event.valueEnd;
    this.writtenNodes++;
    this.lastEnd = Math.max(this.lastEnd, end);
    frame.node.end = Math.max(frame.node.end, end);
    (frame as MapFrame).pendingKey = {key: keyToString(resolved), isMerge: false, start, end};
    return true;
  }

  /** Covers the quotes of quoted scalars and the text (not the indentation) of block scalars. */
  private scalarSpan(event: ScalarEvent): [number, number] {
    let start = event.valueStart;
    let end = event.valueEnd;
    if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED) {
      start -= 1;
      end += 1;
    } else if (event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK) {
      while (start < end && /\s/.test(this.source[start]!)) start++;
      while (end > start && /\s/.test(this.source[end - 1]!)) end--;
    }
    return [this.base + start, this.base + end];
  }

  private deliver(node: YamlNode): void {
    this.lastEnd = Math.max(this.lastEnd, node.end);
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      this.root = node;
      return;
    }
    const parent = frame.node;
    parent.end = Math.max(parent.end, node.end);
    if (parent.kind === 'seq') {
      this.checkJsonValue(node);
      parent.items.push(node);
      parent.value.push(node.value);
      this.grow(parent, node);
      return;
    }
    const mapFrame = frame as MapFrame;
    if (!mapFrame.pendingKey) {
      mapFrame.pendingKey = this.keySlot(node);
      return;
    }
    const slot = mapFrame.pendingKey;
    mapFrame.pendingKey = undefined;
    if (slot.isMerge) {
      this.merge(parent, node);
      return;
    }
    if (slot.key === undefined) return; // already reported
    this.checkJsonValue(node, slot.key);
    const first = this.findKey(mapFrame, slot.key, slot.start);
    if (first !== undefined) {
      this.problem(slot.start, slot.end, 'yaml-duplicate-key',
        // YAML forbids it; kubectl's lenient decoding would keep only this last value, dropping the first without a word.
        `key "${slot.key}" already set in map (first set on line ${this.lines.position(first).line}); kubectl would silently keep only this last value`, this.pointer(slot.key));
    }
    parent.pairs.push({key: slot.key, keyStart: slot.start, keyEnd: slot.end, value: node});
    setOwn(parent.value, slot.key, node.value);
    this.grow(parent, node);
  }

  /** Offset of an earlier explicit key; small mappings are scanned, large ones indexed. */
  private findKey(frame: MapFrame, key: string, start: number): number | undefined {
    const {pairs} = frame.node;
    if (pairs.length < 16) {
      for (const pair of pairs) if (pair.key === key) return pair.keyStart;
      return undefined;
    }
    if (!frame.keyIndex) {
      frame.keyIndex = new Map();
      for (const pair of pairs) if (!frame.keyIndex.has(pair.key)) frame.keyIndex.set(pair.key, pair.keyStart);
    }
    const found = frame.keyIndex.get(key);
    if (found === undefined) frame.keyIndex.set(key, start);
    return found;
  }

  /** sigs.k8s.io/yaml converts to JSON, which has no NaN or Infinity: kubectl fails on them as values. */
  private checkJsonValue(node: YamlNode, key?: string): void {
    if (node.kind !== 'scalar' || typeof node.value !== 'number' || Number.isFinite(node.value)) return;
    this.problem(node.start, node.end, 'yaml-non-finite-number',
      `${node.text} is ${Number.isNaN(node.value) ? 'NaN' : 'an infinite number'}, which JSON (and so the API server) cannot represent; quote it if a string is meant`,
      this.pointer(key));
  }

  private keySlot(node: YamlNode): KeySlot {
    const slot: KeySlot = {key: undefined, isMerge: false, start: node.start, end: node.end};
    if (node.kind === 'scalar' && node.plain && node.text === '<<') {
      slot.isMerge = true;
      return slot;
    }
    const target = resolveAlias(node);
    if (target?.kind !== 'scalar') {
      this.problem(node.start, node.end, 'yaml-complex-key', 'a mapping key must be a scalar (a string, number or boolean), not a mapping or sequence');
      return slot;
    }
    const key = keyToString({tag: 'str', value: target.value as ResolvedScalar['value']});
    if (key === undefined) this.problem(node.start, node.end, 'yaml-null-key', 'a mapping key cannot be null: quote it if the text is meant');
    slot.key = key;
    return slot;
  }

  /** `<<: *base` or `<<: [*a, *b]`: copies keys in (go-yaml v2: later keys and earlier list items win). */
  private merge(target: YamlMapNode, source: YamlNode): void {
    const sources = resolveAlias(source)?.kind === 'seq' && source.kind !== 'alias'
      ? [...(source as YamlSeqNode).items].reverse()
      : [source];
    for (const item of sources) {
      const mapping = resolveAlias(item);
      if (mapping?.kind !== 'map') {
        this.problem(item.start, item.end, 'yaml-merge-not-map', 'map merge requires map or sequence of maps as the value');
        continue;
      }
      const keys = Object.keys(mapping.value);
      this.mergedKeys += keys.length;
      if (this.mergedKeys > this.limits.maxMergeKeys) {
        this.problem(item.start, item.end, 'yaml-excessive-aliasing', `document merges more than ${this.limits.maxMergeKeys} keys with '<<'`);
        return;
      }
      for (const key of keys) setOwn(target.value, key, mapping.value[key]);
      target.merged.unshift(mapping);
      this.grow(target, mapping);
    }
  }

  private grow(parent: YamlMapNode | YamlSeqNode, child: YamlNode): void {
    parent.expandedSize += child.expandedSize;
    parent.expandedDepth = Math.max(parent.expandedDepth, child.expandedDepth + 1);
  }

  /** Flow collections report no end; it is the next closer after the last child. */
  private findCloser(from: number, closer: string): number {
    let at = from - this.base;
    while (at < this.source.length && /[\s,]/.test(this.source[at]!)) at++;
    return this.source[at] === closer ? this.base + at + 1 : from;
  }

  private lineEndOf(offset: number): number {
    const lineBreak = nextLineBreak(this.source, offset - this.base);
    return lineBreak === -1 ? this.base + this.source.length : this.base + lineBreak;
  }

  private problem(start: number, end: number, code: string, message: string, path = this.pointer()): void {
    this.problems.push({start, end, code, message, path});
  }

  /** Pointer of the node being built, from the open collections (optionally plus one key). */
  private pointer(lastKey?: string): string {
    let pointer = '';
    for (const frame of this.stack) {
      if (frame.node.kind === 'seq') pointer += `/${frame.node.items.length}`;
      else {
        const key = (frame as MapFrame).pendingKey?.key;
        if (key === undefined) break;
        pointer += `/${escapePointerSegment(key)}`;
      }
    }
    return lastKey === undefined ? pointer : `${pointer}/${escapePointerSegment(lastKey)}`;
  }
}

function normaliseTag(raw: string): string {
  if (raw.startsWith('!<') && raw.endsWith('>')) return raw.slice(2, -1);
  return raw;
}

function formatCount(count: number): string {
  return Number.isFinite(count) && count < 1e15 ? count.toLocaleString('en-US') : 'practically unlimited';
}
