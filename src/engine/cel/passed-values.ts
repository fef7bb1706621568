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

const passed = new WeakMap<SchemaNode, Set<string>>();
let entries = 0;

/**
 * A string equal for two values exactly when they are structurally identical JSON data
 * (key order included); undefined for a large value or anything beyond plain data
 * (NaN, -0, undefined, class instances), which is then simply not cached.
 */
export function structuralKey(value: unknown): string | undefined {
  const parts: string[] = [];
  const budget = {left: MAX_KEY_LENGTH};
  return append(value, parts, budget) ? parts.join('') : undefined;
}

function append(value: unknown, parts: string[], budget: {left: number}): boolean {
  let part: string;
  if (typeof value === 'string') part = JSON.stringify(value);
  else if (typeof value === 'number') {
    if (!Number.isFinite(value) || Object.is(value, -0)) return false;
    part = `${value}`;
  } else if (typeof value === 'boolean' || value === null) part = `${value}`;
  else if (Array.isArray(value)) return appendArray(value, parts, budget);
  else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return appendRecord(value as Record<string, unknown>, parts, budget);
  else return false;
  budget.left -= part.length;
  parts.push(part);
  return budget.left >= 0;
}

function appendArray(value: unknown[], parts: string[], budget: {left: number}): boolean {
  parts.push('[');
  for (let i = 0; i < value.length; i++) {
    if (i > 0) parts.push(',');
    if (!append(value[i], parts, budget)) return false;
  }
  parts.push(']');
  budget.left -= value.length + 1;
  return budget.left >= 0;
}

function appendRecord(value: Record<string, unknown>, parts: string[], budget: {left: number}): boolean {
  parts.push('{');
  for (const key of Object.keys(value)) {
    const text = JSON.stringify(key);
    budget.left -= text.length + 2;
    parts.push(text, ':');
    if (!append(value[key], parts, budget)) return false;
    parts.push(',');
  }
  parts.push('}');
  return budget.left >= 0;
}

export function passedBefore(node: SchemaNode, key: string): boolean {
  return passed.get(node)?.has(key) ?? false;
}

export function rememberPassed(node: SchemaNode, key: string): void {
  if (entries >= MAX_ENTRIES) return;
  let keys = passed.get(node);
  if (!keys) passed.set(node, (keys = new Set()));
  if (!keys.has(key)) {
    keys.add(key);
    entries++;
  }
}
