/**
 * What a printer reads: the objects of one state of a session's cluster, and the time at which
 * the state's commands were answered (the session's clock; AGE counts from it).
 */
export interface ModelObject {
  group: string;
  kind: string;
  /** '' for a cluster-scoped object. */
  namespace: string;
  name: string;
  value: Record<string, unknown>;
}

export interface StateModel {
  objects: readonly ModelObject[];
  /** ms since the epoch; undefined when the scenario gives the state no clock. */
  now?: number;
  /**
   * What the session's model keeps track of, as `group/kind/namespace` keys (namespace '' for
   * cluster-scoped kinds): the kinds it holds in a namespace in some state. Elsewhere an empty
   * answer would be invented (a real cluster has ReplicaSets, Nodes, kube-system's pods), so it
   * is a gap. Undefined: every kind and namespace is taken as kept track of.
   */
  held?: readonly string[];
  /**
   * `istioctl analyze`'s output per namespace analysed ('' for all namespaces), computed by the
   * engine at build time (../cluster-state.ts stateAnalyses), which the page does not load.
   */
  analyses?: Readonly<Record<string, string>>;
  /**
   * The mesh config, ConfigMap istio-system/istio's `mesh` key read as YAML by the build
   * (../cluster-state.ts stateModels), so the page need not parse YAML; undefined without it.
   */
  meshConfig?: unknown;
  /** Linkerd's facts beyond the objects (scenario.yaml's cluster.linkerd) with this state's traffic: ./linkerd-model.ts. */
  linkerd?: {facts: import('./linkerd-model').LinkerdFacts; traffic?: readonly import('./linkerd-model').LinkerdWorkloadTraffic[]; stateTraffic?: import('./linkerd-model').LinkerdStateTraffic};
  /** The mesh's root and the workload certificate each Envoy proxy holds (scenario.yaml's cluster.certificates): ./mesh-certificates.ts. */
  certificates?: import('./mesh-certificates').ProxyCertificateFacts;
  /** The certificates ztunnels hold (scenario.yaml's cluster.ztunnel): ./ztunnel-certificates.ts. */
  ztunnel?: import('./ztunnel-certificates').ZtunnelFacts;
  /** The connections the ztunnels proxied in this state (scenario.yaml's cluster.ztunnel.connections): ./ztunnel-connections.ts. */
  ztunnelConnections?: readonly import('./ztunnel-connections').RecordedConnection[];
  /** The files in the shell's working directory (scenario.yaml's cluster.workdir, parsed by the build): ./workdir.ts. */
  workdir?: readonly import('./workdir').WorkdirFile[];
}

export const heldKey = (group: string, kind: string, namespace: string): string => `${group}/${kind}/${namespace}`;

/**
 * The model lacks what the real API server would have returned (a creation time, a pod's status,
 * a Service's cluster IP): the printer cannot print the command's output without inventing it.
 */
export class ModelGap extends Error {
  override name = 'ModelGap';
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field of nested maps, or undefined. */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, typeof v === 'string' ? v : String(v)]));
}

export const objectLabel = (object: ModelObject): string => `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;

/** metadata.creationTimestamp, which every object a server returns has. */
export function creationTimestamp(object: ModelObject): string {
  const timestamp = field(object.value, 'metadata', 'creationTimestamp');
  if (typeof timestamp !== 'string') throw new ModelGap(`the model does not say when ${objectLabel(object)} was created (metadata.creationTimestamp)`);
  return timestamp;
}
