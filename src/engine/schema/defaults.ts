/**
 * Structural defaulting, as the API server applies a CRD's `default`s when it decodes a
 * request, before schema validation and CEL rules see the object: a missing field (or a
 * null one the schema does not allow) takes a copy of its default, and defaulting goes on
 * inside it. The Gateway API leans on this (a parentRef's kind is Gateway, a listener's TLS
 * mode Terminate) and its rules read those fields unguarded. Copy on write: the value
 * written is never changed, and a schema without defaults (Istio's) costs one cached lookup.
 */
import {childSchema, type SchemaNode} from './schema-node';

const relevance = new WeakMap<SchemaNode, boolean>();

function declaresDefaults(node: SchemaNode): boolean {
  for (const child of Object.values(node.properties ?? {})) if (child.default !== undefined) return true;
  return false;
}

/** Whether defaults are declared at or below this node (worked out once per node). */
function hasDefaultsBelow(node: SchemaNode): boolean {
  let relevant = relevance.get(node);
  if (relevant === undefined) {
    relevance.set(node, false); // guards a cycle while this node is being worked out
    relevant = declaresDefaults(node)
      || Object.values(node.properties ?? {}).some(hasDefaultsBelow)
      || (node.items !== undefined && hasDefaultsBelow(node.items))
      || (typeof node.additionalProperties === 'object' && hasDefaultsBelow(node.additionalProperties));
    relevance.set(node, relevant);
  }
  return relevant;
}

/** The named fields with a default, per node (worked out once per node). */
const defaultedFields = new WeakMap<SchemaNode, ReadonlyArray<readonly [string, SchemaNode]>>();

function fieldsWithDefaults(node: SchemaNode): ReadonlyArray<readonly [string, SchemaNode]> {
  let fields = defaultedFields.get(node);
  if (!fields) defaultedFields.set(node, (fields = Object.entries(node.properties ?? {}).filter(([, child]) => child.default !== undefined)));
  return fields;
}

/**
 * A fresh copy of a default (a scalar is its own copy). Defaults are JSON (the schema is
 * parsed JSON text), so plain arrays and objects are all there is to copy: a walk costs a
 * fraction of structuredClone's serialisation, which was 1.7% of a Gateway API run.
 */
function copyOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyOf);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyOf((value as Record<string, unknown>)[key]);
  return copy;
}

/** The value with the schema's defaults applied: the same object when nothing was missing. */
export function applyDefaults(node: SchemaNode, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !hasDefaultsBelow(node)) return value;
  if (Array.isArray(value)) {
    const items = node.items;
    if (!items) return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const next = applyDefaults(items, item);
      if (next !== item) (out ??= [...value])[i] = next;
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [key, child] of fieldsWithDefaults(node)) {
    const current = record[key];
    if (current === undefined || (current === null && child.nullable !== true)) {
      (out ??= {...record})[key] = copyOf(child.default);
    }
  }
  const source = out ?? record;
  for (const key of Object.keys(source)) {
    const child = childSchema(node, key);
    if (!child) continue;
    const next = applyDefaults(child, source[key]);
    if (next !== source[key]) (out ??= {...record})[key] = next;
  }
  return out ?? value;
}
