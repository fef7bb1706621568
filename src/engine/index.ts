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
import {checkDocument, type ResourceIdentity} from './pipeline';
import type {Diagnostic, Range, Severity} from './types';
import {DEFAULT_YAML_LIMITS, parseYaml, parseYamlStream, type StreamedDocument, type YamlDocument, type YamlStream} from './yaml/index';
import {chunkStartFrom} from './yaml/split';

export type {Diagnostic, Position, Range, Severity, GroupVersionKind, SchemaIssue} from './types';
export {CODES} from './codes';
export {kindsClassified} from './kinds';

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
  return startValidation(text, options).finish();
}

/**
 * What checking one document found (CRD schema, strict fields, CEL, metadata, webhooks), located
 * in the whole text: plain data, so that another thread can compute it (checkShare). A
 * control-plane webhook's findings are judged lazily here, eagerly on another thread.
 */
export interface DocumentCheck {
  /** The document's start offset in the text: how two threads name one document. */
  start: number;
  diagnostics: Diagnostic[];
  resource?: ResourceIdentity;
  /** A List's items that are resources: their index in `items` and identity. */
  items?: Array<{index: number; resource: ResourceIdentity}>;
  controlPlanes?: string[];
  ifControlPlane?: Array<{family: string; namespace: string; diagnostics: Diagnostic[] | (() => Diagnostic[])}>;
  unlessNamespaceSkips?: Array<{family: string; namespace: string; diagnostics: Diagnostic[]}>;
}

/** A validation whose documents from `elsewhereFrom` on are being checked by another thread. */
export interface PendingValidation {
  /**
   * The result, given the other thread's checks (checkShare over [elsewhereFrom, end)); a
   * document they lack (none given: the thread failed) is checked here, so nothing is lost.
   */
  finish(checks?: readonly DocumentCheck[]): ValidationResult;
}

/**
 * validateYaml in two steps, for a caller that shares a large stream with other threads (the
 * CLI): every document is read here (analysis needs all of them), but documents starting at or
 * after `elsewhereFrom` are left for `finish` to take from the other threads' checks. The
 * diagnostics are the same, in the same order, as one thread's.
 */
export function startValidation(text: string, options: ValidateOptions = {}, elsewhereFrom = Infinity): PendingValidation {
  const parsed = parseYamlStream(text, {maxBytes: options.maxBytes, maxDepth: options.maxDepth, maxExpandedNodes: options.maxExpandedNodes});
  const run = new RunFindings(parsed, options);
  // Documents checked here are gathered as they are read, so that nothing of their checks but
  // what the run needs outlives them; only those left to another thread wait for `finish`.
  const left: Array<{document: StreamedDocument; summary?: ValidatedDocument}> = [];
  for (const document of parsed.documents) {
    const summary = run.read(document);
    if (document.value === undefined || document.value === null) continue;
    if (document.start < elsewhereFrom) run.gather(document, summary, checkStreamed(parsed, document));
    else left.push({document, summary});
    // Its findings are located: let the position tree go (rebuilt if analysis needs it).
    document.release();
  }
  return {
    finish: (checks) => {
      const fromElsewhere = new Map(checks?.map((check) => [check.start, check]));
      for (const {document, summary} of left) run.gather(document, summary, fromElsewhere.get(document.start) ?? checkStreamed(parsed, document));
      return run.finish();
    },
  };
}

/** The checks of the documents whose chunk starts in [from, to): another thread's share of startValidation's work. */
export function checkShare(text: string, from: number, to: number, options: Pick<ValidateOptions, 'maxBytes' | 'maxDepth' | 'maxExpandedNodes'> = {}): DocumentCheck[] {
  const parsed = parseYamlStream(text, {...options, share: {from, to}});
  const checks: DocumentCheck[] = [];
  for (const document of parsed.documents) {
    if (document.value === undefined || document.value === null) continue;
    const check = checkStreamed(parsed, document);
    // Judged now: a closure cannot cross threads.
    for (const entry of check.ifControlPlane ?? []) if (typeof entry.diagnostics === 'function') entry.diagnostics = entry.diagnostics();
    // A List item's value stays here: the other thread has the document's own.
    if (check.items) check.items = check.items.map(({index, resource}) => ({index, resource}));
    checks.push(check);
    document.release();
  }
  return checks;
}

/** Offsets that cut `text` into shares of about the given fractions, at document boundaries both sides split alike. */
export function shareBoundaries(text: string, fractions: readonly number[]): number[] {
  let sum = 0;
  return fractions.slice(0, -1).map((fraction) => chunkStartFrom(text, Math.floor((sum += fraction) * text.length)));
}

const NO_DIAGNOSTICS: Diagnostic[] = [];
Object.freeze(NO_DIAGNOSTICS);

function checkStreamed(parsed: YamlStream, document: StreamedDocument): DocumentCheck {
  const checked = checkDocument(document.value);
  const check: DocumentCheck = {start: document.start, diagnostics: checked.findings.length > 0 ? locateFindings(parsed, document, checked.findings) : NO_DIAGNOSTICS};
  if (checked.resource) check.resource = checked.resource;
  if (checked.items) check.items = checked.items;
  if (checked.controlPlanes) check.controlPlanes = checked.controlPlanes;
  if (checked.ifControlPlane) {
    check.ifControlPlane = checked.ifControlPlane.map(({family, namespace, judge}) => ({family, namespace, diagnostics: () => locateFindings(parsed, document, judge())}));
  }
  if (checked.unlessNamespaceSkips) {
    check.unlessNamespaceSkips = checked.unlessNamespaceSkips.map(({family, namespace, findings}) => ({family, namespace, diagnostics: locateFindings(parsed, document, findings)}));
  }
  return check;
}

/**
 * What a run keeps of its documents as they are read and checked, in document order, and the
 * run's result from it: the diagnostics, the resources analysis reads, the documents to locate
 * its findings in, and the webhook findings that wait on what the whole run shows.
 */
class RunFindings {
  private readonly diagnostics: Diagnostic[];
  private readonly documents: ValidatedDocument[] = [];
  private readonly resources: AnalysisResource[] = [];
  /** Each document by its index (indexes count from 0 in stream order): where analysis findings are located. */
  private readonly byIndex: StreamedDocument[] = [];
  // Webhooks that judge a kind only in a cluster running their control plane (families/README.md).
  private readonly controlPlanes = new Set<string>();
  private readonly ifControlPlane: Array<{index: number; found: NonNullable<DocumentCheck['ifControlPlane']>}> = [];
  // Denials of webhooks with a namespaceSelector, kept once the run's Namespaces are known.
  private readonly unlessNamespaceSkips: Array<{index: number; found: NonNullable<DocumentCheck['unlessNamespaceSkips']>}> = [];

  constructor(private readonly parsed: YamlStream, private readonly options: ValidateOptions) {
    this.diagnostics = parsed.problems.map((problem) => ({
      severity: 'error', code: problem.code, message: problem.message, path: '', document: 0,
      range: parsed.lines.range(problem.start, problem.end),
    }));
  }

  /** A document as it is read: its parse problems, and its summary when the caller asked for them. */
  read(document: StreamedDocument): ValidatedDocument | undefined {
    this.byIndex[document.index] = document;
    for (const problem of document.problems) {
      this.diagnostics.push({
        severity: 'error', code: problem.code, message: problem.message, path: problem.path ?? '', document: document.index,
        range: this.parsed.lines.range(problem.start, Math.max(problem.end, problem.start)),
      });
    }
    if (this.options.documents === false) return undefined;
    const summary: ValidatedDocument = {index: document.index, range: documentRange(this.parsed, document), value: document.value};
    this.documents.push(summary);
    return summary;
  }

  /** A read document's check, made here or by another thread. */
  gather(document: StreamedDocument, summary: ValidatedDocument | undefined, check: DocumentCheck): void {
    const index = document.index;
    // Another thread's diagnostics name documents by its own count: renumbered as this thread counts.
    if (check.diagnostics.length > 0) this.diagnostics.push(...numbered(index, check.diagnostics));
    for (const family of check.controlPlanes ?? []) this.controlPlanes.add(family);
    if (check.ifControlPlane) this.ifControlPlane.push({index, found: check.ifControlPlane});
    if (check.unlessNamespaceSkips) this.unlessNamespaceSkips.push({index, found: check.unlessNamespaceSkips});
    const {resource, items} = check;
    const value = document.value as Record<string, unknown>;
    if (resource) {
      if (summary) {
        summary.apiVersion = resource.apiVersion;
        summary.kind = resource.kind;
        summary.name = resource.name;
        summary.namespace = resource.namespace;
      }
      this.resources.push(toAnalysisResource(index, resource, value, ''));
    }
    if (items) {
      const listed = value.items as Array<Record<string, unknown>>;
      for (const {index: item, resource: identity} of items) this.resources.push(toAnalysisResource(index, identity, listed[item]!, `/items/${item}`));
    }
  }

  finish(): ValidationResult {
    const {parsed, options, diagnostics, resources, controlPlanes, ifControlPlane, unlessNamespaceSkips} = this;
    const skipped = ifControlPlane.length + unlessNamespaceSkips.length > 0 ? namespacesSkippingWebhooks(resources, options) : undefined;
    const skips = (family: string, namespace: string) => skipped?.get(`${family}\u0000${namespace}`) === true;
    if (ifControlPlane.length > 0) {
      const pending = ifControlPlane.some(({found}) => found.some(({family}) => !controlPlanes.has(family)));
      const running = pending ? controlPlanesOfRun(controlPlanes, options) : controlPlanes;
      for (const {index, found} of ifControlPlane) {
        for (const {family, namespace, diagnostics: judged} of found) {
          if (running.has(family) && !skips(family, namespace)) diagnostics.push(...numbered(index, typeof judged === 'function' ? judged() : judged));
        }
      }
    }
    for (const {index, found} of unlessNamespaceSkips) {
      for (const {family, namespace, diagnostics: denied} of found) if (!skips(family, namespace)) diagnostics.push(...numbered(index, denied));
    }

    if (options.analysis !== false && resources.length > 0) {
      // Like `kubectl apply`, a resource in the input replaces the cluster's resource of the same identity.
      const given = [contextResources(options.context), contextResources(options.companions)];
      const applied = given[0]!.length + given[1]!.length > 0 ? new Set(resources.map(identityOf)) : undefined;
      const [context, companions] = given.map((list) => (applied ? list.filter((resource) => !applied.has(identityOf(resource))) : list));
      const closedWorld = options.closedWorld ?? options.context !== undefined;
      for (const found of analyze(resources, context, {closedWorld, companions})) {
        const document = this.byIndex[found.document];
        if (document) diagnostics.push(...locateFindings(parsed, document, [found]));
      }
    }
    return {diagnostics: sortAndDedupe(diagnostics), documents: this.documents};
  }
}

/** Diagnostics numbered as this thread counts documents: the same list when they already are. */
function numbered(index: number, list: Diagnostic[]): Diagnostic[] {
  for (const d of list) if (d.document !== index) return list.map((e) => (e.document === index ? e : {...e, document: index}));
  return list;
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
