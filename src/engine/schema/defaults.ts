/**
 * Structural defaulting, as the API server applies a CRD's `default`s when it decodes a
 * request, before schema validation and CEL rules see the object: a missing field (or a
 * null one the schema does not allow) takes a copy of its default, and defaulting goes on
 * inside it. The Gateway API leans on this (a parentRef's kind is Gateway, a listener's TLS
 * mode Terminate) and its rules read those fields unguarded. Copy on write: the value
 * written is never changed, and a schema without defaults (Istio's) costs one cached lookup.
 */
import type {SchemaNode} from './schema-node';

/**
 * What defaulting does under one schema node, worked out once per node: the named fields with a
 * default, and the children (named, map entries, list items) under which defaults are declared.
 * A walk then follows only those children, and looks nothing up per node it visits.
 */
interface DefaultsPlan {
  /**
   * The named fields with a default: names and nodes in two arrays, as the walk reads them by
   * index: destructuring a pair goes through the iterator protocol wherever V8 has not
   * optimized the walk, and those lines held a quarter of its samples on Gateway API manifests.
   */
  readonly fieldNames: readonly string[];
  readonly fieldNodes: readonly SchemaNode[];
  /** Named fields with defaults at or below them, and their plans. */
  readonly propertyNames: readonly string[];
  readonly propertyPlans: readonly DefaultsPlan[];
  /** Map entries' (additionalProperties) plan, if defaults are declared there. */
  readonly entries: DefaultsPlan | undefined;
  /** List items' plan, if defaults are declared there. */
  readonly items: DefaultsPlan | undefined;
  /** Named fields whose values are map entries' siblings: skipped when walking map entries. */
  readonly named: ReadonlySet<string>;
}

/** Each node's plan, or null when no default is declared at or below it. */
const plans = new WeakMap<SchemaNode, DefaultsPlan | null>();

function planFor(node: SchemaNode): DefaultsPlan | undefined {
  const known = plans.get(node);
  if (known !== undefined) return known ?? undefined;
  plans.set(node, null); // guards a cycle while this node is being worked out
  const propertyNames: string[] = [];
  const propertyPlans: DefaultsPlan[] = [];
  const fieldNames: string[] = [];
  const fieldNodes: SchemaNode[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const plan = planFor(child);
    if (plan) {
      propertyNames.push(key);
      propertyPlans.push(plan);
    }
  }
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (child.default === undefined) continue;
    fieldNames.push(key);
    fieldNodes.push(child);
  }
  const entries = typeof node.additionalProperties === 'object' ? planFor(node.additionalProperties) : undefined;
  const items = node.items !== undefined ? planFor(node.items) : undefined;
  const plan = fieldNames.length || propertyNames.length || entries || items
    ? {fieldNames, fieldNodes, propertyNames, propertyPlans, entries, items, named: new Set(Object.keys(node.properties ?? {}))}
    : null;
  plans.set(node, plan);
  return plan ?? undefined;
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
  if (typeof value !== 'object' || value === null) return value;
  const plan = planFor(node);
  return plan ? withDefaults(plan, value) : value;
}

function withDefaults(plan: DefaultsPlan, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = plan.items;
    if (!items) return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const next = withDefaults(items, item);
      if (next !== item) (out ??= [...value])[i] = next;
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  // Indexed loops: this runs on every object of every resource with defaults (the Gateway API's),
  // and a destructuring for...of allocated an iterator and an entry per field where V8 left it unoptimized.
  const {fieldNames, fieldNodes, propertyNames, propertyPlans} = plan;
  for (let i = 0; i < fieldNames.length; i++) {
    const key = fieldNames[i]!;
    const child = fieldNodes[i]!;
    const current = Object.hasOwn(record, key) ? record[key] : undefined;
    if (current === undefined || (current === null && child.nullable !== true)) {
      (out ??= {...record})[key] = copyOf(child.default);
    }
  }
  const source = out ?? record;
  for (let i = 0; i < propertyNames.length; i++) {
    const key = propertyNames[i]!;
    if (!Object.hasOwn(source, key)) continue;
    const next = withDefaults(propertyPlans[i]!, source[key]);
    if (next !== source[key]) (out ??= {...record})[key] = next;
  }
  const entries = plan.entries;
  if (entries) {
    for (const key in source) {
      if (!Object.hasOwn(source, key) || plan.named.has(key)) continue;
      const next = withDefaults(entries, source[key]);
      if (next !== source[key]) (out ??= {...record})[key] = next;
    }
  }
  return out ?? value;
}
