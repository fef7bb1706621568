/**
 * Walks a resource together with its schema, visiting only the subtrees where some
 * schema node needs a look (CEL rules, list types). Which subtrees those are is worked
 * out once per schema node and cached, so validating a resource walks just those paths.
 */
import {joinPointer} from './pointer';
import type {SchemaNode} from './schema-node';

export type NodePredicate = (node: SchemaNode) => boolean;
export type Visitor = (node: SchemaNode, value: unknown, pointer: string) => void;

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

/** Calls `visit` for every present value whose schema satisfies `wants`, parents before children. */
export function walkWithSchema(node: SchemaNode, value: unknown, pointer: string, wants: NodePredicate, visit: Visitor): void {
  if (value === undefined || !isRelevant(node, wants)) return;
  walkRelevant(node, value, pointer, wants, visit);
}

/** walkWithSchema for a node known to be relevant; children are checked before their pointers are built. */
function walkRelevant(node: SchemaNode, value: unknown, pointer: string, wants: NodePredicate, visit: Visitor): void {
  if (wants(node)) visit(node, value, pointer);
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const items = node.items;
    if (!items || !isRelevant(items, wants)) return;
    for (let i = 0; i < value.length; i++) {
      if (value[i] !== undefined) walkRelevant(items, value[i], joinPointer(pointer, i), wants, visit);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  const additional = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  for (const key of Object.keys(record)) {
    const child = node.properties?.[key] ?? additional;
    if (child && record[key] !== undefined && isRelevant(child, wants)) walkRelevant(child, record[key], joinPointer(pointer, key), wants, visit);
  }
}
