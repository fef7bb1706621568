/**
 * Walks a resource together with its schema, visiting only the subtrees where some
 * schema node needs a look (CEL rules, list types). Which subtrees those are is worked
 * out once per schema node and cached, so validating a resource walks just those paths.
 */
import {joinPointer} from './pointer';
import type {SchemaNode} from './schema-node';

export type NodePredicate = (node: SchemaNode) => boolean;

/**
 * Where a visited value is, as a chain of segments up to the walk's start: most visits
 * report nothing, so the JSON pointer string is only built (by pointerOf) when needed.
 */
export interface Location {
  readonly parent: Location | undefined;
  /** The start's pointer for the root location, else the key or index below the parent. */
  readonly segment: string | number;
}

export type Visitor = (node: SchemaNode, value: unknown, at: Location) => void;

/** The JSON pointer of a location. */
export function pointerOf(at: Location): string {
  return at.parent === undefined ? String(at.segment) : joinPointer(pointerOf(at.parent), at.segment);
}

const relevanceCaches = new Map<NodePredicate, WeakMap<SchemaNode, boolean>>();

function childNodes(node: SchemaNode): SchemaNode[] {
  const children: SchemaNode[] = Object.values(node.properties ?? {});
  if (node.items) children.push(node.items);
  if (typeof node.additionalProperties === 'object') children.push(node.additionalProperties);
  return children;
}

/** True when `node` or anything below it satisfies `wants`. */
function isRelevant(node: SchemaNode, wants: NodePredicate): boolean {
  let cache = relevanceCaches.get(wants);
  if (!cache) relevanceCaches.set(wants, (cache = new WeakMap()));
  let relevant = cache.get(node);
  if (relevant === undefined) {
    relevant = wants(node) || childNodes(node).some((child) => isRelevant(child, wants));
    cache.set(node, relevant);
  }
  return relevant;
}

/**
 * What the walk needs to know about a relevant node, worked out once per node and
 * predicate: whether to visit it, and which of its children lead to something to visit.
 */
interface Plan {
  visit: boolean;
  /** Named properties that are relevant (a named property that is not shadows additionalProperties). */
  properties: Map<string, SchemaNode> | undefined;
  additional: SchemaNode | undefined;
  items: SchemaNode | undefined;
  /**
   * The one relevant named property when it is the only way down (no relevant
   * additionalProperties): the walk reads it directly instead of listing the value's keys.
   */
  only: readonly [string, SchemaNode] | undefined;
}

const planCaches = new Map<NodePredicate, WeakMap<SchemaNode, Plan>>();

function planFor(node: SchemaNode, wants: NodePredicate): Plan {
  let cache = planCaches.get(wants);
  if (!cache) planCaches.set(wants, (cache = new WeakMap()));
  let plan = cache.get(node);
  if (!plan) {
    let properties: Map<string, SchemaNode> | undefined;
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (isRelevant(child, wants)) (properties ??= new Map()).set(key, child);
    }
    const additional = typeof node.additionalProperties === 'object' && isRelevant(node.additionalProperties, wants) ? node.additionalProperties : undefined;
    const items = node.items && isRelevant(node.items, wants) ? node.items : undefined;
    const only = properties?.size === 1 && !additional ? [...properties][0] : undefined;
    plan = {visit: wants(node), properties, additional, items, only};
    cache.set(node, plan);
  }
  return plan;
}

/** Calls `visit` for every present value whose schema satisfies `wants`, parents before children. */
export function walkWithSchema(node: SchemaNode, value: unknown, pointer: string, wants: NodePredicate, visit: Visitor): void {
  if (value === undefined || !isRelevant(node, wants)) return;
  walkRelevant(node, planFor(node, wants), value, {parent: undefined, segment: pointer}, wants, visit);
}

/** walkWithSchema for a node known to be relevant; children are checked before their locations are made. */
function walkRelevant(node: SchemaNode, plan: Plan, value: unknown, at: Location, wants: NodePredicate, visit: Visitor): void {
  if (plan.visit) visit(node, value, at);
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const items = plan.items;
    if (!items) return;
    const itemPlan = planFor(items, wants);
    for (let i = 0; i < value.length; i++) {
      if (value[i] !== undefined) walkRelevant(items, itemPlan, value[i], {parent: at, segment: i}, wants, visit);
    }
    return;
  }
  const {properties, additional, only} = plan;
  if (!properties && !additional) return;
  const record = value as Record<string, unknown>;
  if (only) {
    // With one key to visit, the order of the value's keys does not matter (half the objects
    // walked on Gateway API manifests), and listing them allocated an array per object.
    const [key, schema] = only;
    const child = Object.hasOwn(record, key) ? record[key] : undefined;
    if (child !== undefined) walkRelevant(schema, planFor(schema, wants), child, {parent: at, segment: key}, wants, visit);
    return;
  }
  for (const key in record) {
    // for...in, not Object.keys: the same own keys in the same order, without an array per object
    if (!Object.hasOwn(record, key)) continue;
    const child = record[key];
    if (child === undefined) continue;
    // As node.properties?.[key] ?? additionalProperties, keeping only relevant children.
    const schema = properties?.get(key) ?? (additional && !node.properties?.[key] ? additional : undefined);
    if (schema) walkRelevant(schema, planFor(schema, wants), child, {parent: at, segment: key}, wants, visit);
  }
}
