/**
 * Small objects that passed every rule at a schema node, remembered by their content.
 * Manifests repeat themselves (the same port list, TLS block or selector on many resources),
 * and a rule's verdict depends only on `self`, which is built from the value and its schema
 * node alone: a value seen to pass at a node passes again, with no conversion and no CEL.
 *
 * A value is described by a key: a sequence of tokens (its strings, numbers and booleans as
 * they are, and symbols that open and close its maps and lists), and each node keeps a trie
 * of Maps over those tokens. Looking a key up costs a Map lookup per token and builds no
 * string: a JSON-like string key cost its building, its flattening and its hashing.
 */
import type {SchemaNode} from '../schema/schema-node';

/** Past this (in characters, as JSON would spell the value), a value is not worth a key: describing it would cost what the rules cost. */
export const MAX_KEY_LENGTH = 512;
/** Trie levels across all nodes, so that a huge varied manifest cannot grow the cache without bound. */
const MAX_LEVELS = 100_000;

/** Tokens that are never a value: a map's or a list's start, and the end of either. */
const MAP_START = Symbol('{');
const LIST_START = Symbol('[');
const END = Symbol('}');

/**
 * A value's description, built a token at a time. Equal sequences (token by token, as a Map
 * compares keys) describe values the rules cannot tell apart; `ok` turns false for a value too
 * large to key or beyond plain data (NaN, -0, undefined, class instances), which is then simply
 * not cached.
 */
export class VerdictKey {
  readonly tokens: unknown[] = [];
  ok = true;

  constructor(private budget = MAX_KEY_LENGTH) {}

  /** Appends a token standing for itself (a presence mark, a field count); `weight` is charged to the budget. */
  mark(token: unknown, weight = 1): void {
    this.tokens.push(token);
    if ((this.budget -= weight) < 0) this.ok = false;
  }

  /** Appends the structure of plain JSON data (key order included). */
  value(value: unknown): void {
    if (!this.ok) return;
    switch (typeof value) {
      case 'string':
        return this.mark(value, value.length + 2);
      case 'number':
        if (!Number.isFinite(value) || Object.is(value, -0)) this.ok = false;
        return this.mark(value, 8);
      case 'boolean':
        return this.mark(value, 5);
      case 'object':
        if (value === null) return this.mark(null, 4);
        if (Array.isArray(value)) return this.list(value);
        if (Object.getPrototypeOf(value) === Object.prototype) return this.map(value as Record<string, unknown>);
        this.ok = false;
        return;
      default:
        this.ok = false;
    }
  }

  private list(value: readonly unknown[]): void {
    this.mark(LIST_START, value.length + 1);
    for (let i = 0; i < value.length && this.ok; i++) this.value(value[i]);
    this.tokens.push(END);
  }

  private map(value: Record<string, unknown>): void {
    this.mark(MAP_START);
    for (const field in value) {
      if (!Object.hasOwn(value, field) || !this.ok) continue;
      this.mark(field, field.length + 4);
      this.value(value[field]);
    }
    this.tokens.push(END);
  }
}

/** The key of plain JSON data alone (see VerdictKey); undefined when it cannot be keyed. */
export function structuralKey(value: unknown): VerdictKey | undefined {
  const key = new VerdictKey();
  key.value(value);
  return key.ok ? key : undefined;
}

/** A trie level: the levels after it by next token; at the end of a key, what the rules cost. */
interface Level {
  next: Map<unknown, Level> | undefined;
  cost: number | undefined;
}

/** Trie levels made so far, across all nodes. */
let levels = 0;

/** After this many lookups, a node whose values repeat less than one time in HIT_RATIO is not keyed again. */
const TRIAL_LOOKUPS = 256;
const HIT_RATIO = 8;

/** One schema node's verdicts: the keys of objects that passed, with what evaluating the node's rules on them cost (cost.ts). */
export class PassedValues {
  private readonly root: Level = {next: undefined, cost: undefined};
  /** Lookups and hits, to stop keying where values never repeat. */
  private lookups = 0;
  private hits = 0;

  /**
   * Whether values here are still worth a key: not where they have proved unique (a list of
   * parentRefs naming each route's own Gateway), whose keys would cost their building and fill
   * the cache for nothing. Verdicts are unchanged: an unkeyed value is simply evaluated.
   */
  worthKeying(): boolean {
    return this.lookups < TRIAL_LOOKUPS || this.hits * HIT_RATIO >= this.lookups;
  }

  /** What the rules cost on a value with this key, if one passed them before. */
  passedBefore(key: VerdictKey): number | undefined {
    this.lookups++;
    let level: Level | undefined = this.root;
    const tokens = key.tokens;
    for (let i = 0; i < tokens.length && level !== undefined; i++) level = level.next?.get(tokens[i]);
    const cost = level?.cost;
    if (cost !== undefined) this.hits++;
    return cost;
  }

  remember(key: VerdictKey, cost: number): void {
    let level = this.root;
    for (const token of key.tokens) {
      let next = level.next?.get(token);
      if (!next) {
        if (levels >= MAX_LEVELS) return;
        levels++;
        next = {next: undefined, cost: undefined};
        (level.next ??= new Map()).set(token, next);
      }
      level = next;
    }
    level.cost ??= cost;
  }
}
