/**
 * Finds where a JSON pointer was written: the key's and the value's offsets.
 * Walks the tree along the pointer only, following aliases to their anchors and
 * `<<` merges to their sources, so aliased structures are never expanded.
 */
import {splitPointer} from '../pointer';
import {resolveAlias, type YamlMapNode, type YamlNode, type YamlPair} from './nodes';

export interface Located {
  /** The key's offsets when the pointer ends at a mapping entry. */
  key?: {start: number; end: number};
  value: {start: number; end: number};
  /** False when the pointer goes past what the document contains; the rest describes its deepest existing part. */
  exact: boolean;
  /** Pointer segments found (the deepest existing ancestor when not exact). */
  depth: number;
}

function findPair(map: YamlMapNode, key: string, seen: Set<YamlNode>): YamlPair | undefined {
  if (seen.has(map)) return undefined;
  seen.add(map);
  for (let i = map.pairs.length - 1; i >= 0; i--) if (map.pairs[i]!.key === key) return map.pairs[i];
  for (const source of map.merged) {
    const target = resolveAlias(source);
    if (target?.kind === 'map') {
      const pair = findPair(target, key, seen);
      if (pair) return pair;
    }
  }
  return undefined;
}

export function locate(root: YamlNode | null, pointer: string): Located | undefined {
  if (!root) return undefined;
  let node: YamlNode = root;
  let located: Located = {value: {start: root.start, end: root.end}, exact: true, depth: 0};
  const segments = splitPointer(pointer);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const container = resolveAlias(node);
    let next: YamlNode | undefined;
    let key: {start: number; end: number} | undefined;
    if (container?.kind === 'map') {
      const pair = findPair(container, segment, new Set());
      if (pair) {
        next = pair.value;
        key = {start: pair.keyStart, end: pair.keyEnd};
      }
    } else if (container?.kind === 'seq' && /^(0|[1-9][0-9]*)$/.test(segment)) {
      next = container.items[Number(segment)];
    }
    if (!next) return {...located, exact: false};
    node = next;
    located = {key, value: {start: next.start, end: next.end}, exact: true, depth: i + 1};
  }
  return located;
}
