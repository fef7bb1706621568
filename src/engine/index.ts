/**
 * The validation engine's single entry point: YAML text in, located diagnostics out,
 * as `kubectl apply` against an Istio 1.30 cluster plus `istioctl analyze` would judge it.
 *
 *   read → parse (positions) → kind → CRD schema → metadata → Istio rules → analysis → sort
 *
 * Pure TypeScript without DOM or Node APIs: the book's editors, the CLI and tests share it.
 */
import {analyze, CONTEXT_DOCUMENT, type AnalysisResource} from './analysis/index';
import type {Finding} from './findings';
import {firstLine, rangeOf} from './locate';
import {identityOf, objectsOf} from './model/resources';
import {controlPlanesShownBy, familiesSkippingNamespace} from './families/registry';
import {checkDocument, type CheckedDocument, type ResourceIdentity} from './pipeline';
import type {Diagnostic, Range, Severity} from './types';
import {DEFAULT_YAML_LIMITS, parseYaml, parseYamlStream, type StreamedDocument, type YamlDocument, type YamlStream} from './yaml/index';

export type {Diagnostic, Position, Range, Severity, GroupVersionKind, SchemaIssue} from './types';
export {CODES} from './codes';

/** Editors validate what a person types: keep it small. */
export const EDITOR_MAX_BYTES = DEFAULT_YAML_LIMITS.maxBytes;
/** The CLI reads whole manifests (20,000 resources in ~8 MB must pass). */
export const CLI_DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Cluster resources to analyse against: parsed objects, or YAML text holding them. */
export type ContextResources = readonly unknown[];

export interface ValidateOptions {
  /** What the cluster already contains; without it, only references among the input are checked. */
  context?: ContextResources | string;
  /** Input size limit in UTF-8 bytes (default EDITOR_MAX_BYTES). */
  maxBytes?: number;
  /** Nesting limit, also after alias expansion (default 100). */
  maxDepth?: number;
  /** Alias-expanded node budget per document (default 100,000 or 10 × written nodes). */
  maxExpandedNodes?: number;
  /**
   * Resources validated together with this text (e.g. the other files of one
   * `kubectl apply`): references to them resolve, but they get no diagnostics and,
   * unlike `context`, do not make the world closed.
   */
  companions?: ContextResources;
  /**
   * Treat the input plus context as the whole cluster, as `istioctl analyze --use-kube=false`
   * does: any reference they do not satisfy is reported. Default: true when a context is
   * given; false otherwise, so a lone snippet is not blamed for resources its cluster has.
   */
  closedWorld?: boolean;
  /** Run cross-resource analysis (default true). */
  analysis?: boolean;
  /**
   * Return a summary of every document in `documents` (default true). The CLI, which reports
   * only diagnostics, turns it off: for a large manifest that is tens of thousands of
   * objects kept alive, and copied by the GC, for nothing.
   */
  documents?: boolean;
}

export interface ValidatedDocument {
  index: number;
  /** Where the document is in the input. */
  range: Range;
  /** The document's value; null when empty, undefined when it could not be parsed. */
  value: unknown;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface ValidationResult {
  diagnostics: Diagnostic[];
  documents: ValidatedDocument[];
}

export function validateYaml(text: string, options: ValidateOptions = {}): ValidationResult {
  const parsed = parseYamlStream(text, {maxBytes: options.maxBytes, maxDepth: options.maxDepth, maxExpandedNodes: options.maxExpandedNodes});
  const diagnostics: Diagnostic[] = parsed.problems.map((problem) => ({
    severity: 'error', code: problem.code, message: problem.message, path: '', document: 0,
    range: parsed.lines.range(problem.start, problem.end),
  }));
  const documents: ValidatedDocument[] = [];
  const resources: AnalysisResource[] = [];
  const byIndex = new Map<number, StreamedDocument>();
  // Webhooks that judge a kind only in a cluster running their control plane (families/README.md).
  const controlPlanes = new Set<string>();
  const ifControlPlane: Array<{document: StreamedDocument; found: NonNullable<CheckedDocument['ifControlPlane']>}> = [];
  // Denials of webhooks with a namespaceSelector, kept once the run's Namespaces are known.
  const unlessNamespaceSkips: Array<{document: StreamedDocument; found: NonNullable<CheckedDocument['unlessNamespaceSkips']>}> = [];

  for (const document of parsed.documents) {
    byIndex.set(document.index, document);
    for (const problem of document.problems) {
      diagnostics.push({
        severity: 'error', code: problem.code, message: problem.message, path: problem.path ?? '', document: document.index,
        range: parsed.lines.range(problem.start, Math.max(problem.end, problem.start)),
      });
    }
    const summary: ValidatedDocument | undefined = options.documents === false ? undefined
      : {index: document.index, range: documentRange(parsed, document), value: document.value};
    if (summary) documents.push(summary);
    if (document.value === undefined || document.value === null) continue;
    const checked = checkDocument(document.value);
    if (checked.findings.length > 0) diagnostics.push(...locateFindings(parsed, document, checked.findings));
    for (const family of checked.controlPlanes ?? []) controlPlanes.add(family);
    if (checked.ifControlPlane) ifControlPlane.push({document, found: checked.ifControlPlane});
    if (checked.unlessNamespaceSkips) unlessNamespaceSkips.push({document, found: checked.unlessNamespaceSkips});
    const {resource, items} = checked;
    if (resource) {
      if (summary) {
        summary.apiVersion = resource.apiVersion;
        summary.kind = resource.kind;
        summary.name = resource.name;
        summary.namespace = resource.namespace;
      }
      resources.push(toAnalysisResource(document.index, resource, document.value as Record<string, unknown>, ''));
    }
    if (items) {
      for (let i = 0; i < items.length; i++) resources.push(toAnalysisResource(document.index, items[i]!.resource, items[i]!.value, `/items/${i}`));
    }
    // Its findings are located: let the position tree go (rebuilt if analysis needs it).
    document.release();
  }

  const skipped = ifControlPlane.length + unlessNamespaceSkips.length > 0 ? namespacesSkippingWebhooks(resources, options) : undefined;
  const skips = (family: string, namespace: string) => skipped?.get(`${family}\u0000${namespace}`) === true;
  if (ifControlPlane.length > 0) {
    const pending = ifControlPlane.some(({found}) => found.some(({family}) => !controlPlanes.has(family)));
    const running = pending ? controlPlanesOfRun(controlPlanes, options) : controlPlanes;
    for (const {document, found} of ifControlPlane) {
      for (const {family, namespace, judge} of found) {
        if (running.has(family) && !skips(family, namespace)) diagnostics.push(...locateFindings(parsed, document, judge()));
      }
    }
  }
  for (const {document, found} of unlessNamespaceSkips) {
    for (const {family, namespace, findings} of found) if (!skips(family, namespace)) diagnostics.push(...locateFindings(parsed, document, findings));
  }

  if (options.analysis !== false && resources.length > 0) {
    // Like `kubectl apply`, a resource in the input replaces the cluster's resource of the same identity.
    const given = [contextResources(options.context), contextResources(options.companions)];
    const applied = given[0]!.length + given[1]!.length > 0 ? new Set(resources.map(identityOf)) : undefined;
    const [context, companions] = given.map((list) => (applied ? list.filter((resource) => !applied.has(identityOf(resource))) : list));
    const closedWorld = options.closedWorld ?? options.context !== undefined;
    for (const found of analyze(resources, context, {closedWorld, companions})) {
      const document = byIndex.get(found.document);
      if (document) diagnostics.push(...locateFindings(parsed, document, [found]));
    }
  }
  return {diagnostics: sortAndDedupe(diagnostics), documents};
}

/**
 * The namespaces whose labels a family's webhooks' namespaceSelector excludes, keyed
 * `family\0namespace`: from the input's Namespaces and the context's and companions'.
 */
function namespacesSkippingWebhooks(resources: readonly AnalysisResource[], options: ValidateOptions): Map<string, boolean> {
  const skipped = new Map<string, boolean>();
  const read = (resource: AnalysisResource) => {
    if (resource.group !== '' || resource.kind !== 'Namespace') return;
    for (const family of familiesSkippingNamespace(resource.value) ?? []) skipped.set(`${family}\u0000${resource.name}`, true);
  };
  for (const given of [options.context, options.companions]) for (const resource of contextResources(given)) read(resource);
  // The input's own Namespace replaces the cluster's, as kubectl apply would.
  for (const resource of resources) {
    if (resource.group !== '' || resource.kind !== 'Namespace') continue;
    for (const key of [...skipped.keys()]) if (key.endsWith(`\u0000${resource.name}`)) skipped.delete(key);
    read(resource);
  }
  return skipped;
}

/** The control planes the run shows: the input's (gathered as it was checked), the context's and the companions'. */
function controlPlanesOfRun(shown: Set<string>, options: ValidateOptions): Set<string> {
  for (const given of [options.context, options.companions]) {
    for (const resource of contextResources(given)) for (const family of controlPlanesShownBy(resource.value) ?? []) shown.add(family);
  }
  return shown;
}

function locateFindings(parsed: YamlStream, document: YamlDocument, findings: readonly Finding[]): Diagnostic[] {
  return findings.map((f) => ({
    severity: f.severity,
    code: f.code,
    message: f.message,
    path: f.path,
    document: document.index,
    range: rangeOf(document, parsed.lines, f.path, f.at),
  }));
}

function documentRange(parsed: YamlStream, document: StreamedDocument): Range {
  // hasRoot, not root: asking for the tree would build it for documents read by the fast path.
  return document.hasRoot ? parsed.lines.range(document.start, document.end) : firstLine(document, parsed.lines);
}

function toAnalysisResource(document: number, resource: ResourceIdentity, value: Record<string, unknown>, pathPrefix: string): AnalysisResource {
  return {document, pathPrefix, group: resource.group, kind: resource.kind, name: resource.name, namespace: resource.namespace, value};
}

/**
 * The resources of a cluster description in YAML, parsed once: pass the result as
 * `context` to validate many times (an editor, on every keystroke) without re-parsing.
 */
export function contextFromYaml(text: string, maxBytes = CLI_DEFAULT_MAX_BYTES): ContextResources {
  return parseYaml(text, {maxBytes}).documents.map((d) => d.value).filter((v) => v !== undefined && v !== null);
}

/**
 * Context objects become analysis resources, read as the cluster model reads documents (a List's
 * items each; an entry without apiVersion, kind or name is no object: the CLI reports those itself).
 */
function contextResources(context: ContextResources | string | undefined): AnalysisResource[] {
  if (context === undefined) return [];
  const values = typeof context === 'string' ? contextFromYaml(context) : context;
  return values.flatMap((value) => objectsOf(value, undefined).map(({group, kind, name, namespace, value: object}) => (
    {document: CONTEXT_DOCUMENT, pathPrefix: '', group, kind, name, namespace, value: object})));
}

const SEVERITY_ORDER: Record<Severity, number> = {error: 0, warning: 1, info: 2};

function sortAndDedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.document}\u0000${d.path}\u0000${d.severity}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) =>
    a.document - b.document ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** Has any diagnostic of severity error. */
export function hasErrors(result: ValidationResult): boolean {
  return result.diagnostics.some((d) => d.severity === 'error');
}
