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

/** What is left of MAX_KEY_LENGTH while a key is built (one key is built at a time). */
let budget = 0;

/**
 * A string equal for two values exactly when they are structurally identical JSON data
 * (key order included); undefined for a large value or anything beyond plain data
 * (NaN, -0, undefined, class instances), which is then simply not cached. Built by
 * concatenation, which V8 keeps as a rope until the Map lookup reads it once.
 */
export function structuralKey(value: unknown): string | undefined {
  budget = MAX_KEY_LENGTH;
  return keyOf(value);
}

/** Past this, a key of what the rules read (a list of many items, each read in part) is not worth building. */
const MAX_READ_KEY_LENGTH = 2048;

/**
 * A string equal for two values exactly when the rules see the same in both, given what they
 * read of them (rule-reads.ts): a field's presence as `self` shows it, and below it what is read
 * of its value; a list's size and what is read of each item; a part read whole by its
 * structural key. Undefined when a part is beyond plain data or the key grows too long.
 */
export function readKey(shape: ReadShape, value: unknown): string | undefined {
  if (shape.kind === 'whole') return structuralKey(value);
  budget = MAX_READ_KEY_LENGTH;
  if (symbols.size > 0) symbols.clear(); // clear() allocates a new table, even for an empty Map
  return partKey(shape, value);
}

/**
 * The strings of the key under way that are only compared (rule-reads.ts), each by the order it
 * first appeared in: `ingress-1` and `ingress-2` are both `#0` in two lists of parentRefs that
 * each name one Gateway twice, so the pairwise rules' verdict on one serves the other.
 */
const symbols = new Map<string, number>();

/** Never in a structural key (JSON escapes control characters): ends a field's part, and an item's. */
const FIELD_END = '\u0001';
const ITEM_END = '\u0003';
/** Starts a value that is not of the type its shape reads (an object where a list is expected): keyed whole. */
const MISTYPED = 'W';

function partKey(shape: ReadShape, value: unknown): string | undefined {
  switch (shape.kind) {
    case 'whole':
      return keyOf(value);
    case 'none':
      return '';
    case 'compared': {
      if (typeof value !== 'string' || shape.constants.has(value)) return keyOf(value);
      let symbol = symbols.get(value);
      if (symbol === undefined) symbols.set(value, (symbol = symbols.size));
      budget -= 6;
      return symbolKey(symbol, comparisonCharge(value));
    }
    case 'items': {
      if (!Array.isArray(value)) return mistypedKey(value);
      let key = value.length < COMMON_SIZES ? (sizeKeys[value.length] ??= `${value.length}:`) : `${value.length}:`;
      for (let i = 0; i < value.length; i++) {
        const item = partKey(shape.item, value[i]);
        if (item === undefined || (budget -= 1) < 0) return undefined;
        key += item + ITEM_END;
      }
      return key;
    }
    case 'keys': {
      if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return mistypedKey(value);
      let key = '';
      for (const field in value) {
        // the keys `self` has: those of the fields toCelValue keeps
        if (!Object.hasOwn(value, field) || presence(shape.node, value as Record<string, unknown>, field) === '0') continue;
        if ((budget -= field.length + 3) < 0) return undefined;
        key += JSON.stringify(field) + ITEM_END;
      }
      return key;
    }
    case 'fields': {
      if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return mistypedKey(value);
      let key = '';
      const fields = shape.fields;
      // Indexed, not a destructuring for...of: an iterator and a pair per field, on every key built.
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]![0];
        const read = fields[i]![1];
        const present = presence(shape.node, value as Record<string, unknown>, field);
        key += present;
        if ((budget -= 1) < 0) return undefined;
        if (present !== '1' || read === 'presence' || read.kind === 'none') continue;
        const part = partKey(read, (value as Record<string, unknown>)[field]);
        if (part === undefined || (budget -= 2) < 0) return undefined;
        key += part + FIELD_END;
      }
      return key;
    }
  }
}

/**
 * What comparing the string costs, whatever it is compared with: operatorCharge is monotonic in
 * each string's size, so the charge of two strings is the smaller of theirs. Up to 10 UTF-16
 * units, 1 to 10 code points: a charge of 1, with no counting (closures.ts does the same).
 */
/**
 * `#symbol.charge`, the part of a compared string: the common ones (the first symbols of a key,
 * charged 0 or 1) made once, not a new string for every compared value of every key.
 */
function symbolKey(symbol: number, charge: number): string {
  if (symbol >= COMMON_SYMBOLS || charge > 1) return `#${symbol}.${charge}`;
  return (commonSymbolKeys[2 * symbol + charge] ??= `#${symbol}.${charge}`);
}
const COMMON_SYMBOLS = 16;
const commonSymbolKeys: string[] = [];
/** A list's `size:` part, likewise made once for the common sizes. */
const COMMON_SIZES = 32;
const sizeKeys: string[] = [];

function comparisonCharge(text: string): number {
  return text.length <= 10 ? (text.length > 0 ? 1 : 0) : operatorCharge('==', text, text);
}

function mistypedKey(value: unknown): string | undefined {
  const key = keyOf(value);
  return key === undefined ? undefined : MISTYPED + key;
}

/**
 * A field as `self` shows it to has(): absent, or present as undefined, null or a value.
 * Read from the value as written, pruned as toCelValue prunes it (nulls where the schema
 * does not allow them are gone before CEL runs).
 */
function presence(node: SchemaNode, record: Record<string, unknown>, field: string): string {
  if (!Object.hasOwn(record, field)) return '0';
  const value = record[field];
  if (value === null && childSchema(node, field)?.nullable !== true) return '0';
  return value === undefined ? 'u' : value === null ? 'n' : '1';
}

function keyOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      budget -= value.length + 2;
      return budget < 0 ? undefined : JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) return undefined;
      budget -= 8;
      return budget < 0 ? undefined : `${value}`;
    case 'boolean':
      budget -= 5;
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) {
        budget -= 4;
        return 'null';
      }
      if (Array.isArray(value)) return arrayKey(value);
      return Object.getPrototypeOf(value) === Object.prototype ? recordKey(value as Record<string, unknown>) : undefined;
    default:
      return undefined;
  }
}

function arrayKey(value: unknown[]): string | undefined {
  budget -= value.length + 1;
  let key = '[';
  for (let i = 0; i < value.length; i++) {
    const item = keyOf(value[i]);
    if (item === undefined || budget < 0) return undefined;
    key += i > 0 ? `,${item}` : item;
  }
  return `${key}]`;
}

function recordKey(value: Record<string, unknown>): string | undefined {
  let key = '{';
  for (const field in value) {
    if (!Object.hasOwn(value, field)) continue;
    budget -= field.length + 4;
    const item = keyOf(value[field]);
    if (item === undefined || budget < 0) return undefined;
    key += `${JSON.stringify(field)}:${item},`;
  }
  return `${key}}`;
}

/** After this many lookups, a node whose values repeat less than one time in HIT_RATIO is not keyed again. */
const TRIAL_LOOKUPS = 256;
const HIT_RATIO = 8;

/** One schema node's verdicts: the keys of objects that passed, with what evaluating the node's rules on them cost (cost.ts). */
export class PassedValues {
  private readonly costs = new Map<string, number>();
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
  passedBefore(key: string): number | undefined {
    this.lookups++;
    const cost = this.costs.get(key);
    if (cost !== undefined) this.hits++;
    return cost;
  }

  remember(key: string, cost: number): void {
    if (entries >= MAX_ENTRIES || this.costs.has(key)) return;
    this.costs.set(key, cost);
    entries++;
  }
}
