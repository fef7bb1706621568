import type {Cluster} from '../model/cluster';
import type {AnalysisFinding, AnalysisResource} from '../model/resource';

/**
 * What analyzers share. `knows(kind)` says whether absence is meaningful: with a
 * cluster context everything is known (closed world); without one, only kinds the
 * input itself provides are, so a lone VirtualService is not flagged for hosts that
 * surely exist in the reader's cluster.
 */
export interface AnalysisContext {
  cluster: Cluster;
  resources: readonly AnalysisResource[];
  knows(kind: string): boolean;
  /**
   * Whether "no workload matches" means anything for a namespace (undefined: any namespace):
   * with a context always; without one only where the input itself brings workloads.
   */
  knowsWorkloadsIn(namespace: string | undefined): boolean;
  /** A cluster context was given. */
  closedWorld: boolean;
  report(resource: AnalysisResource, finding: Omit<AnalysisFinding, 'document'>): void;
}
