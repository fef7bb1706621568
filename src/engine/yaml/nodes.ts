/**
 * The engine's own YAML tree: just enough to build the JS value and to find where a
 * key or value was written. Offsets are absolute in the whole input, end-exclusive.
 * Aliases point at their anchor's node and share its JS value (never copied), and
 * every node records how big and deep it would be if aliases were expanded, so
 * alias bombs are detected without ever being expanded.
 */

interface NodeBase {
  start: number;
  end: number;
  /** Nodes in the value once aliases are expanded (1 for a scalar). */
  expandedSize: number;
  /** Nesting once aliases are expanded (0 for a scalar). */
  expandedDepth: number;
  value: unknown;
}

export interface YamlScalarNode extends NodeBase {
  kind: 'scalar';
  /** The decoded text, before type resolution. */
  text: string;
  /** Unquoted and untagged, so subject to implicit typing. */
  plain: boolean;
}

export interface YamlPair {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: YamlNode;
}

export interface YamlMapNode extends NodeBase {
  kind: 'map';
  value: Record<string, unknown>;
  pairs: YamlPair[];
  /** Mappings merged in with `<<`, in the order their keys take precedence. */
  merged: YamlNode[];
}

export interface YamlSeqNode extends NodeBase {
  kind: 'seq';
  value: unknown[];
  items: YamlNode[];
}

export interface YamlAliasNode extends NodeBase {
  kind: 'alias';
  name: string;
  target: YamlNode | undefined;
}

export type YamlNode = YamlScalarNode | YamlMapNode | YamlSeqNode | YamlAliasNode;

/** Follows aliases to the node that holds the content. */
export function resolveAlias(node: YamlNode | undefined): YamlNode | undefined {
  let current = node;
  for (let hops = 0; current?.kind === 'alias' && hops < 64; hops++) current = current.target;
  return current?.kind === 'alias' ? undefined : current;
}
