/**
 * Small objects that passed every rule at a schema node, remembered by their content.
 * Manifests repeat themselves (the same port list, TLS block or selector on many resources),
 * and a rule's verdict depends only on `self`, which is built from the value and its schema
 * node alone: a value seen to pass at a node passes again, with no conversion and no CEL.
 */
import {childSchema, type SchemaNode} from '../schema/schema-node';
import {operatorCharge} from './call-cost';
import type {ReadShape} from './rule-reads';

/** Past this, a value is not worth a key: serializing it would cost what the rules cost. */
const MAX_KEY_LENGTH = 512;
/** Across all nodes, so that a huge varied manifest cannot grow the cache without bound. */
const MAX_ENTRIES = 20_000;
let entries = 0;

/**
 * What is left of MAX_KEY_LENGTH while a key is built (one key is built at a time), counted in
 * the characters the key's text would have: a value too large to be worth a key is not keyed.
 */
let budget = 0;

/**
 * A key is a sequence of tokens, looked up in a trie of Maps (PassedValues): the value's own
 * strings, numbers, booleans and nulls, and unique symbols for its structure. Map lookups use
 * each string's hash, computed once and kept by V8, where a key's text was built by concatenation
 * and flattened and hashed again for every lookup.
 * Given the shape a key is built for, the tokens of two values are equal exactly when the texts
 * their parts stand for would be: each part is self-delimiting (a fixed number of tokens, or a
 * closing END), and no structural token can be mistaken for a value's.
 */
const tokens: unknown[] = [];
const ARRAY = Symbol('[');
const OBJECT = Symbol('{');
const END = Symbol('end');
/** Starts a value that is not of the type its shape reads (an object where a list is expected): keyed whole. */
const MISTYPED = Symbol('mistyped');
/** A field as `self` shows it to has() (presence): absent, or present as undefined, null or a value. */
const ABSENT = Symbol('absent');
const UNDEFINED = Symbol('undefined');
const NULL = Symbol('null');
const PRESENT = Symbol('present');

/**
 * The tokens of a value: equal for two values exactly when they are structurally identical
 * JSON data (key order included); undefined for a large value or anything beyond plain data
 * (NaN, -0, undefined, class instances), which is then simply not cached. The array is reused
 * by the next key built.
 */
export function structuralKey(value: unknown): readonly unknown[] | undefined {
  budget = MAX_KEY_LENGTH;
  tokens.length = 0;
  return keyOf(value) ? tokens : undefined;
}

/** Past this, a key of what the rules read (a list of many items, each read in part) is not worth building. */
const MAX_READ_KEY_LENGTH = 2048;

/**
 * Tokens equal for two values exactly when the rules see the same in both, given what they
 * read of them (rule-reads.ts): a field's presence as `self` shows it, and below it what is read
 * of its value; a list's size and what is read of each item; a part read whole by its
 * structural key. Undefined when a part is beyond plain data or the key grows too long.
 * The array is reused by the next key built.
 */
export function readKey(shape: ReadShape, value: unknown): readonly unknown[] | undefined {
  if (shape.kind === 'whole') return structuralKey(value);
  budget = MAX_READ_KEY_LENGTH;
  tokens.length = 0;
  if (symbols.size > 0) symbols.clear(); // clear() allocates a new table, even for an empty Map
  return partKey(shape, value) ? tokens : undefined;
}

/**
 * The strings of the key under way that are only compared (rule-reads.ts), each by the order it
 * first appeared in: `ingress-1` and `ingress-2` are both symbol 0 in two lists of parentRefs that
 * each name one Gateway twice, so the pairwise rules' verdict on one serves the other.
 */
const symbols = new Map<string, number>();

/** Appends a part's tokens; false when the value is not worth a key. */
function partKey(shape: ReadShape, value: unknown): boolean {
  switch (shape.kind) {
    case 'whole':
      return keyOf(value);
    case 'none':
      return true;
    case 'compared': {
      if (typeof value !== 'string' || shape.constants.has(value)) return keyOf(value);
      let symbol = symbols.get(value);
      if (symbol === undefined) symbols.set(value, (symbol = symbols.size));
      budget -= 6;
      pushCompared(symbol, comparisonCharge(value));
      return true;
    }
    case 'items': {
      if (!Array.isArray(value)) return mistypedKey(value);
      tokens.push(value.length);
      for (let i = 0; i < value.length; i++) {
        if (!partKey(shape.item, value[i]) || (budget -= 1) < 0) return false;
      }
      return true;
    }
    case 'keys': {
      if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return mistypedKey(value);
      for (const field in value) {
        // the keys `self` has: those of the fields toCelValue keeps
        if (!Object.hasOwn(value, field) || presence(shape.node, value as Record<string, unknown>, field) === ABSENT) continue;
        if ((budget -= field.length + 3) < 0) return false;
        tokens.push(field);
      }
      tokens.push(END);
      return true;
    }
    case 'fields': {
      if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return mistypedKey(value);
      const fields = shape.fields;
      // Indexed, not a destructuring for...of: an iterator and a pair per field, on every key built.
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]![0];
        const read = fields[i]![1];
        const present = presence(shape.node, value as Record<string, unknown>, field);
        tokens.push(present);
        if ((budget -= 1) < 0) return false;
        if (present !== PRESENT || read === 'presence' || read.kind === 'none') continue;
        if (!partKey(read, (value as Record<string, unknown>)[field]) || (budget -= 2) < 0) return false;
      }
      return true;
    }
  }
}

/**
 * A compared string's tokens: its symbol and what comparing it costs. The common ones (the first
 * symbols of a key, charged 0 or 1) are one token each; others a symbol of their own family and the charge.
 */
function pushCompared(symbol: number, charge: number): void {
  if (symbol < COMMON_SYMBOLS && charge <= 1) {
    tokens.push((commonCompared[2 * symbol + charge] ??= Symbol(`#${symbol}.${charge}`)));
  } else {
    tokens.push((comparedSymbols[symbol] ??= Symbol(`#${symbol}`)), charge);
  }
}
const COMMON_SYMBOLS = 16;
const commonCompared: symbol[] = [];
const comparedSymbols: symbol[] = [];

/**
 * What comparing the string costs, whatever it is compared with: operatorCharge is monotonic in
 * each string's size, so the charge of two strings is the smaller of theirs. Up to 10 UTF-16
 * units, 1 to 10 code points: a charge of 1, with no counting (closures.ts does the same).
 */
function comparisonCharge(text: string): number {
  return text.length <= 10 ? (text.length > 0 ? 1 : 0) : operatorCharge('==', text, text);
}

function mistypedKey(value: unknown): boolean {
  tokens.push(MISTYPED);
  return keyOf(value);
}

/**
 * A field as `self` shows it to has(): absent, or present as undefined, null or a value.
 * Read from the value as written, pruned as toCelValue prunes it (nulls where the schema
 * does not allow them are gone before CEL runs).
 */
function presence(node: SchemaNode, record: Record<string, unknown>, field: string): symbol {
  if (!Object.hasOwn(record, field)) return ABSENT;
  const value = record[field];
  if (value === null && childSchema(node, field)?.nullable !== true) return ABSENT;
  return value === undefined ? UNDEFINED : value === null ? NULL : PRESENT;
}

/** Appends a value's structural tokens; false when it is not worth a key. */
function keyOf(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      budget -= value.length + 2;
      break;
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) return false;
      budget -= 8;
      break;
    case 'boolean':
      budget -= 5;
      break;
    case 'object':
      if (value === null) {
        budget -= 4;
        break;
      }
      if (Array.isArray(value)) return arrayKey(value);
      return Object.getPrototypeOf(value) === Object.prototype && recordKey(value as Record<string, unknown>);
    default:
      return false;
  }
  if (budget < 0) return false;
  tokens.push(value);
  return true;
}

function arrayKey(value: unknown[]): boolean {
  budget -= value.length + 1;
  tokens.push(ARRAY);
  for (let i = 0; i < value.length; i++) {
    if (!keyOf(value[i]) || budget < 0) return false;
  }
  tokens.push(END);
  return true;
}

function recordKey(value: Record<string, unknown>): boolean {
  tokens.push(OBJECT);
  for (const field in value) {
    if (!Object.hasOwn(value, field)) continue;
    budget -= field.length + 4;
    tokens.push(field);
    if (!keyOf(value[field]) || budget < 0) return false;
  }
  tokens.push(END);
  return true;
}

/** After this many lookups, a node whose values repeat less than one time in HIT_RATIO is not keyed again. */
const TRIAL_LOOKUPS = 256;
const HIT_RATIO = 8;

/** A trie node: the next token's nodes, and under COST the cost of a key that ends here. */
type TrieNode = Map<unknown, TrieNode | number>;
const COST = Symbol('cost');

/** One schema node's verdicts: the keys of objects that passed, with what evaluating the node's rules on them cost (cost.ts). */
export class PassedValues {
  private readonly root: TrieNode = new Map();
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
  passedBefore(key: readonly unknown[]): number | undefined {
    this.lookups++;
    let node: TrieNode | number | undefined = this.root;
    for (let i = 0; i < key.length && node !== undefined; i++) node = (node as TrieNode).get(key[i]);
    const cost = node === undefined ? undefined : ((node as TrieNode).get(COST) as number | undefined);
    if (cost !== undefined) this.hits++;
    return cost;
  }

  remember(key: readonly unknown[], cost: number): void {
    if (entries >= MAX_ENTRIES) return;
    let node = this.root;
    for (let i = 0; i < key.length; i++) {
      let next = node.get(key[i]) as TrieNode | undefined;
      if (next === undefined) node.set(key[i], (next = new Map()));
      node = next;
    }
    if (node.has(COST)) return;
    node.set(COST, cost);
    entries++;
  }
}
