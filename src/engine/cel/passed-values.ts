/**
 * Small objects that passed every rule at a schema node, remembered by their content.
 * Manifests repeat themselves (the same port list, TLS block or selector on many resources),
 * and a rule's verdict depends only on `self`, which is built from the value and its schema
 * node alone: a value seen to pass at a node passes again, with no conversion and no CEL.
 */
import type {SchemaNode} from '../schema/schema-node';

/** Past this, a value is not worth a key: serializing it would cost what the rules cost. */
const MAX_KEY_LENGTH = 512;
/** Across all nodes, so that a huge varied manifest cannot grow the cache without bound. */
const MAX_ENTRIES = 20_000;

/** Per node, the keys of objects that passed, with what evaluating the node's rules on them cost (cost.ts). */
const passed = new WeakMap<SchemaNode, Map<string, number>>();
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

/** Lookups and hits per node, to stop keying where values never repeat. */
const tally = new WeakMap<SchemaNode, {lookups: number; hits: number}>();
/** After this many lookups, a node whose values repeat less than one time in HIT_RATIO is not keyed again. */
const TRIAL_LOOKUPS = 256;
const HIT_RATIO = 8;

/**
 * Whether values at a node are still worth a key: not where they have proved unique (a list of
 * parentRefs naming each route's own Gateway), whose keys would cost their building and fill
 * the cache for nothing. Verdicts are unchanged: an unkeyed value is simply evaluated.
 */
export function worthKeying(node: SchemaNode): boolean {
  const counts = tally.get(node);
  return counts === undefined || counts.lookups < TRIAL_LOOKUPS || counts.hits * HIT_RATIO >= counts.lookups;
}

export function passedBefore(node: SchemaNode, key: string): number | undefined {
  let counts = tally.get(node);
  if (!counts) tally.set(node, (counts = {lookups: 0, hits: 0}));
  counts.lookups++;
  const cost = passed.get(node)?.get(key);
  if (cost !== undefined) counts.hits++;
  return cost;
}

export function rememberPassed(node: SchemaNode, key: string, cost: number): void {
  if (entries >= MAX_ENTRIES) return;
  let keys = passed.get(node);
  if (!keys) passed.set(node, (keys = new Map()));
  if (!keys.has(key)) {
    keys.set(key, cost);
    entries++;
  }
}
