/**
 * An analyzer as istioctl has them (pkg/config/analysis/analyzer.go): a name, the kinds it
 * reads, and `analyze(ctx)`, which reports messages from the one table (messages.ts).
 * Every analyzer is one file under analyzers/<istioctl package>/, listed once in analyzers/all.ts.
 */
import type {Cluster} from '../model/cluster';
import type {AnalysisResource} from '../model/resource';
import type {MessageName} from './messages';

export interface KindRef {
  group: string;
  kind: string;
}

export interface Analyzer {
  /** istioctl's name: `<package>.<Type>`, e.g. `virtualservice.DestinationHostAnalyzer`. */
  readonly name: string;
  /** The kinds it reads (istioctl's Metadata().Inputs). */
  readonly inputs: readonly KindRef[];
  /**
   * The kinds of the resources it reports on, when that is fewer kinds than it reads (a check of
   * Deployments that reads Services too). validateYaml keeps reports on its input only, so a run
   * whose input holds none of these kinds skips the analyzer: a cluster context of Services and
   * Deployments is read, not judged. Left out: it may report on any kind.
   */
  readonly reports?: readonly KindRef[];
  analyze(ctx: AnalyzerContext): void;
}

/** Where in its resource a message points (a JSON pointer below the resource's root), for line and column. */
export interface MessageAt {
  path?: string;
  /** The key or the value at `path` (default: the value). */
  at?: 'key' | 'value';
  /**
   * The field whose line istioctl prints (util.ErrorLine's path, as a JSON pointer), when it is not
   * `path`; null when istioctl gives the message no line (then its resource's line is printed, and
   * messages alike but for their field are one). istioctl finds lines of scalar values only.
   */
  lineAt?: string | null;
}

export interface AnalyzerContext {
  /** Everything the analysis sees: the input, its companions, the context, and istioctl's defaults in its mode. */
  readonly cluster: Cluster;
  /** The last definition of each object of a kind, in input order (kubectl apply keeps the last). */
  resources(group: string, kind: string): readonly AnalysisResource[];
  /** Every definition of every kind, in order, repeated objects included (checks about the input itself). */
  readonly definitions: readonly AnalysisResource[];
  /** Whether `definitions` holds an object more than once (the same group, kind, namespace and name). */
  redefines(): boolean;
  /** The mesh config (istioctl's --meshConfigFile over the defaults), as plain data. */
  readonly meshConfig: Readonly<Record<string, unknown>>;
  /** The mesh networks (--meshNetworksFile), when given. */
  readonly meshNetworks?: Readonly<Record<string, unknown>>;
  /** Whether absence of a kind means anything: always in a closed world (istioctl's files, a context). */
  knows(kind: string): boolean;
  /** Whether "no workload matches" means anything in a namespace (undefined: any namespace). */
  knowsWorkloadsIn(namespace: string | undefined): boolean;
  readonly closedWorld: boolean;
  report(resource: AnalysisResource, message: MessageName, parameters: readonly unknown[], at?: MessageAt): void;
}
