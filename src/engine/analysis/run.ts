/**
 * Runs analyzers over a set of resources: one context (indexes built once), each analyzer in
 * list order, every report handed to the caller with the analyzer's name. validateYaml turns
 * reports into located diagnostics; analyzeIstioctl into istioctl's messages.
 */
import {Cluster} from '../model/cluster';
import type {AnalysisResource} from '../model/resource';
import type {Analyzer, AnalyzerContext, MessageAt} from './analyzer';
import type {MessageName} from './messages';

export interface Report {
  analyzer: string;
  resource: AnalysisResource;
  message: MessageName;
  parameters: readonly unknown[];
  at?: MessageAt;
}

export interface RunOptions {
  /** Everything the analysis sees, in order (a context, companions, the input, defaults). */
  resources: readonly AnalysisResource[];
  analyzers: readonly Analyzer[];
  closedWorld: boolean;
  /** Open world: the kinds whose absence means something (those the input itself provides). */
  knownKinds?: ReadonlySet<string>;
  /** Open world: the namespaces where the input brings workloads. */
  workloadNamespaces?: ReadonlySet<string>;
  meshConfig: Readonly<Record<string, unknown>>;
  meshNetworks?: Readonly<Record<string, unknown>>;
  /**
   * The resources whose reports the caller keeps, when not all of them (validateYaml keeps the
   * input's, not its context's or companions'): an analyzer that declares the kinds it `reports`
   * on is skipped when none of these resources is of one of them.
   */
  reportedOn?: readonly AnalysisResource[];
  /** A cluster index already built over `resources` (the caller's, to share it). */
  cluster?: Cluster;
  /**
   * Run analyzers none of whose input kinds the run holds too, and those with nothing in
   * `reportedOn` to report on (by default both are skipped: an analyzer reads its inputs only and
   * reports on its `reports` kinds only, so it has nothing to say). For the tests that check so.
   */
  idleAnalyzers?: boolean;
  report(report: Report): void;
}

export function runAnalyzers(options: RunOptions): void {
  const {resources, closedWorld} = options;
  const byKind = indexByKind(resources);
  const reportable = options.reportedOn && indexByKind(options.reportedOn);
  const latest = new Map<readonly AnalysisResource[], AnalysisResource[]>();
  const lastOf = (all: readonly AnalysisResource[]) => {
    let list = latest.get(all);
    if (!list) latest.set(all, (list = lastDefinitions(all)));
    return list;
  };
  let redefines: boolean | undefined;
  const none: readonly AnalysisResource[] = [];
  let current = '';
  const ctx: AnalyzerContext = {
    cluster: options.cluster ?? new Cluster(resources),
    definitions: resources,
    meshConfig: options.meshConfig,
    meshNetworks: options.meshNetworks,
    closedWorld,
    resources(group, kind) {
      const all = byKind.get(group)?.get(kind);
      return all ? lastOf(all) : none;
    },
    // From the last definitions of every kind, which the analyzers read anyway: no index of its own.
    redefines() {
      if (redefines === undefined) {
        redefines = false;
        for (const kinds of byKind.values()) for (const all of kinds.values()) if (lastOf(all).length < all.length) redefines = true;
      }
      return redefines;
    },
    knows: (kind) => closedWorld || (options.knownKinds?.has(kind) ?? false),
    knowsWorkloadsIn: (namespace) => closedWorld || (namespace !== undefined && (options.workloadNamespaces?.has(namespace) ?? false)),
    report(resource, message, parameters, at) {
      options.report({analyzer: current, resource, message, parameters, at});
    },
  };
  for (const analyzer of options.analyzers) {
    if (!options.idleAnalyzers && (!hasInput(analyzer, byKind, options) || (reportable && !reportsOnAny(analyzer, reportable)))) continue;
    current = analyzer.name;
    analyzer.analyze(ctx);
  }
}

/**
 * Whether the run holds anything an analyzer reads: a resource of one of its input kinds, or the
 * mesh config (always there, defaults at least) or mesh networks (when given) it declares. One
 * without inputs (meshdive.DuplicateResourceAnalyzer reads every definition) always runs. Most
 * analyzers read kinds a given input lacks (a lone VirtualService has no Gateway API route, no
 * Linkerd Server, no webhook); skipping them took a small file's analysis from 59 analyzers to a few.
 */
function hasInput(analyzer: Analyzer, byKind: ReadonlyMap<string, ReadonlyMap<string, unknown>>, options: RunOptions): boolean {
  if (analyzer.inputs.length === 0) return true;
  for (const {group, kind} of analyzer.inputs) {
    if (group === '' && (kind === 'MeshConfig' || (kind === 'MeshNetworks' && options.meshNetworks !== undefined))) return true;
    if (byKind.get(group)?.has(kind)) return true;
  }
  return false;
}

/**
 * Whether an analyzer may report on one of the kept resources: it declares no `reports` kinds, or
 * one of them is among those resources. The namespaces shape's context of Services and Deployments
 * ran every check of Deployments, Services and pods (deployment.MultiServiceAnalyzer, Linkerd's
 * pod model) for reports validateYaml then dropped.
 */
function reportsOnAny(analyzer: Analyzer, reportable: ReadonlyMap<string, ReadonlyMap<string, unknown>>): boolean {
  return analyzer.reports === undefined || analyzer.reports.some(({group, kind}) => reportable.get(group)?.has(kind) === true);
}

/** Resources by group, then kind: nested maps build no key string per resource. */
function indexByKind(resources: readonly AnalysisResource[]): Map<string, Map<string, AnalysisResource[]>> {
  const byGroup = new Map<string, Map<string, AnalysisResource[]>>();
  for (const resource of resources) {
    let byKind = byGroup.get(resource.group);
    if (!byKind) byGroup.set(resource.group, (byKind = new Map()));
    const list = byKind.get(resource.kind);
    if (list) list.push(resource);
    else byKind.set(resource.kind, [resource]);
  }
  return byGroup;
}

/**
 * The last definition of each namespace/name, at the position of its first (kubectl apply's
 * order of creation). Names are keyed per namespace: a joined key string per resource was
 * allocated and hashed for every kind an analyzer asked for.
 */
function lastDefinitions(all: readonly AnalysisResource[]): AnalysisResource[] {
  const byNamespace = new Map<string, Map<string, number>>();
  const list: AnalysisResource[] = [];
  for (const resource of all) {
    let byName = byNamespace.get(resource.namespace);
    if (!byName) byNamespace.set(resource.namespace, (byName = new Map()));
    const at = byName.get(resource.name);
    if (at === undefined) {
      byName.set(resource.name, list.length);
      list.push(resource);
    } else list[at] = resource;
  }
  return list;
}
