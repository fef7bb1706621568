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

/** Istio's root namespace (mesh-wide policies live there) when the mesh config names none. */
export const ROOT_NAMESPACE = 'istio-system';

/** The namespace istiod is installed in (constants.IstioSystemNamespace), where it reads its ConfigMap `istio`. */
export const ISTIO_NAMESPACE = 'istio-system';

/**
 * The mesh's root namespace: meshConfig.rootNamespace, which istiod reads for every mesh-wide
 * lookup (pilot/pkg/model/push_context.go ps.Mesh.RootNamespace) and istioctl describe for the
 * root PeerAuthentications; unset, mesh.DefaultMeshConfig's istio-system (pkg/config/mesh/mesh.go).
 * It is not the namespace istiod runs in, where its ConfigMap `istio` is read.
 */
export function meshRootNamespace(meshConfig: unknown): string {
  const written = typeof meshConfig === 'object' && meshConfig !== null ? (meshConfig as Record<string, unknown>).rootNamespace : undefined;
  return typeof written === 'string' ? written : ROOT_NAMESPACE;
}

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
