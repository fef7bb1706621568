// Field help written by the project (schemas/field-help.json), keyed by kind and a schema
// path: field names joined by "/", list indexes left out, map keys written as "*". The data
// pointer /spec/http/0/match/0/headers/end-user/exact of a VirtualService has the help key
// /spec/http/match/headers/*/exact. See schemas/README.md.
import {fieldHelp as helpByKind} from '../generated/schema-data.mjs';
import {escapeSegment, parsePointer} from './pointer';
import {childSchema, isMapEntry, type SchemaNode} from './schema-node';

/**
 * The key of a kind's help in field-help.json: the kind alone for Istio's kinds (the file's
 * first convention), `group/Kind` for the other families' (Linkerd too has an AuthorizationPolicy).
 */
export function helpKey(group: string, kind: string): string {
  return group.endsWith('istio.io') ? kind : `${group}/${kind}`;
}

export function lookupFieldHelp(kind: string, schemaPath: string): string | undefined {
  return helpByKind[kind]?.[schemaPath];
}

/** The help key for a data pointer: indexes dropped, map keys as "*". */
export function helpPathFor(root: SchemaNode, pointer: string): string {
  let node: SchemaNode | undefined = root;
  let out = '';
  for (const segment of parsePointer(pointer)) {
    if (node?.items && !node.properties) {
      node = node.items;
      continue;
    }
    if (node && isMapEntry(node, segment)) {
      out += '/*';
    } else {
      out += `/${escapeSegment(segment)}`;
    }
    node = node ? childSchema(node, segment) : undefined;
  }
  return out;
}
