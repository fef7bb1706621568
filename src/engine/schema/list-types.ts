/**
 * x-kubernetes-list-type checks the API server runs after schema validation: a `map` list
 * may not hold two entries with the same key fields, a `set` may not hold the same value twice.
 */
import type {SchemaIssue} from '../types';
import {SCHEMA_ISSUE_CODES} from './issue-codes';
import {fieldPath, joinPointer} from './pointer';
import type {SchemaNode} from './schema-node';
import {pointerOf, walkWithSchema} from './walk';

const hasListType = (node: SchemaNode): boolean =>
  node['x-kubernetes-list-type'] === 'map' || node['x-kubernetes-list-type'] === 'set';

function entryKey(item: unknown, keys: readonly string[] | undefined): string {
  if (!keys) return JSON.stringify(item);
  const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  return JSON.stringify(keys.map((key) => record[key] ?? null));
}

function describeKey(item: unknown, keys: readonly string[] | undefined): string {
  if (!keys) return JSON.stringify(item);
  const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  return keys.map((key) => `${key}: ${JSON.stringify(record[key] ?? null)}`).join(', ');
}

export function checkListTypes(root: SchemaNode, resource: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  walkWithSchema(root, resource, '', hasListType, (node, value, at) => {
    // A list of one item has no duplicate (most lists in a manifest): no key, no map.
    if (!Array.isArray(value) || value.length < 2) return;
    const keys = node['x-kubernetes-list-type'] === 'map' ? node['x-kubernetes-list-map-keys'] : undefined;
    const firstIndex = new Map<string, number>();
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const key = entryKey(item, keys);
      const first = firstIndex.get(key);
      if (first === undefined) {
        firstIndex.set(key, index);
        continue;
      }
      const path = joinPointer(pointerOf(at), index);
      issues.push({
        path,
        at: 'value',
        severity: 'error',
        code: SCHEMA_ISSUE_CODES.duplicate,
        message: `${fieldPath(root, path)}: Duplicate value: {${describeKey(item, keys)}} (same as item ${first})`,
      });
    }
  });
  return issues;
}
