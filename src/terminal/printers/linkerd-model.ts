/**
 * What the `linkerd` CLI reads of a state's cluster: the Kubernetes objects of the model
 * (namespaces, pods with their containers and statuses, the control plane's objects), and the
 * facts it learns elsewhere, kept in scenario.yaml's `cluster.linkerd` (LinkerdFacts): its own
 * version, what versioncheck.linkerd.io answered, the certificates' expiry, and the traffic the
 * viz extension's Prometheus saw in each state.
 */
import {field, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

/** One route, Server and authorization that a workload's inbound requests met (viz authz rows). */
export interface LinkerdAuthzTraffic {
  /** Route name; '' for requests that matched no route of the Server. */
  route?: string;
  /** `server` or `default` (a default policy: its name is the policy, `all-unauthenticated`). */
  serverType?: 'server' | 'default';
  server: string;
  /** `authorizationpolicy`, `serverauthorization` or `default`; omitted when no authorization allowed the requests. */
  authorizationType?: string;
  authorization?: string;
  success: number;
  failure: number;
  denied: number;
  latencyMs?: {p50: number; p95: number; p99: number};
}

/** What the viz metrics API returns for one workload over the stat window. */
export interface LinkerdWorkloadTraffic {
  namespace: string;
  /** The Deployment whose pods served the requests. */
  deployment: string;
  success: number;
  failure: number;
  latencyMs: {p50: number; p95: number; p99: number};
  tcpConnections: number;
  readBytes?: number;
  writeBytes?: number;
  authz?: LinkerdAuthzTraffic[];
}

export interface LinkerdFacts {
  /** The CLI's version (`linkerd version --client`): version.Version. */
  cliVersion: string;
  /** What versioncheck.linkerd.io answered, one channel version each; omitted when it could not be reached. */
  latestVersions?: string[];
  /**
   * When each certificate `linkerd check` reads expires (RFC 3339): trustAnchor, issuer,
   * proxyInjector, spValidator, policyValidator, tap. Compared with the state's clock.
   */
  certificates: Record<string, string>;
  /** Per state, what viz's Prometheus saw over the last minute (viz stat's default window). */
  traffic?: Record<string, LinkerdWorkloadTraffic[]>;
}

/** The state the printers read: the objects and clock, and the Linkerd facts with this state's traffic. */
export interface LinkerdState {
  model: StateModel;
  facts: LinkerdFacts;
  traffic: readonly LinkerdWorkloadTraffic[] | undefined;
}

export const CONTROL_PLANE_NAMESPACE = 'linkerd';
/** k8s.ProxyContainerName, k8s.ControllerNSLabel. */
export const PROXY_CONTAINER = 'linkerd-proxy';
export const CONTROLLER_NS_LABEL = 'linkerd.io/control-plane-ns';
export const EXTENSION_LABEL = 'linkerd.io/extension';

export function linkerdState(model: StateModel): LinkerdState {
  if (!model.linkerd) throw new ModelGap('the session\'s model holds no Linkerd facts (cluster.linkerd in scenario.yaml): the linkerd CLI\'s answers would be invented');
  return {model, facts: model.linkerd.facts, traffic: model.linkerd.traffic};
}

export const objectsOf = (model: StateModel, group: string, kind: string, namespace?: string): ModelObject[] =>
  model.objects.filter((o) => o.group === group && o.kind === kind && (namespace === undefined || o.namespace === namespace));

export const has = (model: StateModel, group: string, kind: string, namespace: string, name: string): boolean =>
  model.objects.some((o) => o.group === group && o.kind === kind && o.namespace === namespace && o.name === name);

export const labelsOf = (object: ModelObject): Record<string, string> => stringMap(field(object.value, 'metadata', 'labels'));
export const annotationsOf = (object: ModelObject): Record<string, string> => stringMap(field(object.value, 'metadata', 'annotations'));

export const containerNames = (pod: ModelObject): string[] =>
  [...list(field(pod.value, 'spec', 'containers')), ...list(field(pod.value, 'spec', 'initContainers'))].flatMap((c) => (isRecord(c) && typeof c.name === 'string' ? [c.name] : []));

/** A pod with linkerd2-proxy: the injector adds it as a container, or as a native sidecar (an init container that restarts always). */
export const hasProxy = (pod: ModelObject): boolean => containerNames(pod).includes(PROXY_CONTAINER);

export function podPhase(pod: ModelObject): string {
  const phase = field(pod.value, 'status', 'phase');
  if (typeof phase !== 'string') throw new ModelGap(`the model does not say what phase pod ${pod.namespace}/${pod.name} is in (status.phase)`);
  return phase;
}

/** k8s.GetProxyReady: the linkerd-proxy container's status says ready. */
export function proxyReady(pod: ModelObject): boolean {
  const statuses = [...list(field(pod.value, 'status', 'containerStatuses')), ...list(field(pod.value, 'status', 'initContainerStatuses'))];
  return statuses.some((s) => isRecord(s) && s.name === PROXY_CONTAINER && s.ready === true);
}

/** The Deployment that owns a pod, read from its pod-template-hash name (`NAME-<hash>-<id>`) and its labels' owner. */
export function podDeployment(pod: ModelObject, model: StateModel): string | undefined {
  const hash = labelsOf(pod)['pod-template-hash'];
  if (hash && pod.name.includes(`-${hash}-`)) return pod.name.slice(0, pod.name.indexOf(`-${hash}-`));
  for (const deployment of objectsOf(model, 'apps', 'Deployment', pod.namespace)) if (pod.name.startsWith(`${deployment.name}-`)) return deployment.name;
  return undefined;
}
