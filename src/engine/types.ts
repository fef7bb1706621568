/**
 * The engine's public vocabulary. Pure data: no DOM, no Node APIs, so the same
 * types serve the browser widgets, the `meshdive` CLI and the tests.
 */

export type Severity = 'error' | 'warning' | 'info';

/** 1-based line and column, as editors and `file:line:column` reports count them. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One finding about the input, anchored at the exact key or value it concerns. */
export interface Diagnostic {
  severity: Severity;
  /** Stable identifier: istioctl analyze's code where it has the same check (IST0101), else the project's own. */
  code: string;
  /** Says what is wrong and what is expected. */
  message: string;
  /** JSON pointer into the document's value ('' for the whole document). */
  path: string;
  /** 0-based index of the YAML document in the input. */
  document: number;
  range: Range;
}

/**
 * A problem found by schema validation of one resource, before positions are known.
 * `at` says whether the range should cover the mapping key (unknown field, duplicate)
 * or the value (wrong type, enum, CEL rule) at `path`.
 */
export interface SchemaIssue {
  path: string;
  at: 'key' | 'value';
  severity: Severity;
  code: string;
  message: string;
}

/** group/version/kind of a resource, e.g. networking.istio.io / v1 / VirtualService. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}
