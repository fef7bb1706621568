/** JSON pointers (RFC 6901) and the Kubernetes field paths used in API server messages. */
import {splitPointer as parsePointer} from '../pointer';
import {childSchema, isMapEntry, type SchemaNode} from './schema-node';

// The pointer syntax itself lives in ../pointer; the schema modules know it by these names.
export {escapePointerSegment as escapeSegment, joinPointer, splitPointer as parsePointer} from '../pointer';

/** The value at `pointer` inside `root`, or undefined when the path leaves the data. */
export function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const segment of parsePointer(pointer)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** An array index in a data pointer; `*` and `-` stand for "any item" in schema lookups. */
const ARRAY_SEGMENT = /^(?:\d+|\*|-)$/;

/** The schema that governs the value at a data pointer (array indexes walk into `items`). */
export function schemaAt(root: SchemaNode, pointer: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const segment of parsePointer(pointer)) {
    if (!node) return undefined;
    node = node.items && !node.properties && ARRAY_SEGMENT.test(segment) ? node.items : childSchema(node, segment);
  }
  return node;
}

/**
 * Renders a data pointer as the API server does: `spec.http[0].route`, with map keys in
 * brackets (`spec.selector.matchLabels[app]`) where the schema says the key is a map entry.
 */
export function fieldPath(root: SchemaNode | undefined, pointer: string): string {
  let node = root;
  let out = '';
  for (const segment of parsePointer(pointer)) {
    if (node?.items && !node.properties && /^\d+$/.test(segment)) {
      out += `[${segment}]`;
      node = node.items;
    } else if (node && isMapEntry(node, segment)) {
      out += `[${segment}]`;
      node = childSchema(node, segment);
    } else {
      out += out === '' ? segment : `.${segment}`;
      node = node ? childSchema(node, segment) : undefined;
    }
  }
  return out;
}
