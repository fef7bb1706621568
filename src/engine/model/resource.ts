import type {Finding} from '../findings';

/** A resource taking part in cross-resource analysis: from the input (document ≥ 0) or the cluster context (-1). */
export interface AnalysisResource {
  document: number;
  /** Where the resource sits in its document: '' or `/items/N` inside a List. */
  pathPrefix: string;
  group: string;
  kind: string;
  name: string;
  namespace: string;
  value: Record<string, unknown>;
}

export type AnalysisFinding = Finding & {document: number};

export const CONTEXT_DOCUMENT = -1;

/** Istio's root namespace (mesh-wide policies live there). */
export const ROOT_NAMESPACE = 'istio-system';

/** util.IsSystemNamespace (inject.IgnoredNamespaces): namespaces istioctl's analyzers leave alone. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/**
 * The last definition of each `group`/`kind` object, in order: the same namespace/name twice is
 * one object, and the later definition (the input over its context, as kubectl apply) wins.
 */
export function latestOf(resources: readonly AnalysisResource[], group: string, kind: string): AnalysisResource[] {
  const latest = new Map<string, AnalysisResource>();
  for (const resource of resources) {
    if (resource.group === group && resource.kind === kind) latest.set(`${resource.namespace}/${resource.name}`, resource);
  }
  return [...latest.values()];
}
