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

/** Latency percentiles, in milliseconds, as histogram_quantile gives them over the stat window. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * What the viz metrics API returns for one workload over the stat window (inbound): a Deployment's
 * pods, or a single pod (`pod`) when the scenario needs one pod's own figures. A pod entry and its
 * Deployment's entry are two readings of the same requests: namespace sums count Deployment entries
 * and the entries of pods no Deployment entry covers.
 */
export interface LinkerdWorkloadTraffic {
  namespace: string;
  /** The Deployment whose pods served the requests. */
  deployment?: string;
  /** The pod that served them, for a pod's own row. */
  pod?: string;
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
  /** Per state, what it saw sent to Services and the namespaces' merged percentiles. */
  stateTraffic?: Record<string, LinkerdStateTraffic>;
}

/**
 * What meshed clients' proxies saw sending to a Service (outbound metrics by authority), which
 * `viz stat svc` reads: only meshed clients report, and the latency is the client's.
 */
export interface LinkerdServiceTraffic extends LinkerdTrafficFigures {
  namespace: string;
  service: string;
}

/** The figures a client's proxy reports for what it sent: responses by class, latency, open connections, bytes. */
export interface LinkerdTrafficFigures {
  success: number;
  failure: number;
  latencyMs: LatencyPercentiles;
  tcpConnections: number;
  readBytes?: number;
  writeBytes?: number;
}

/**
 * What one meshed client Deployment's proxies saw sending to the pods of a destination Deployment
 * through a Service (outbound metrics with dst_deployment and dst_service labels), which `viz stat
 * --from` and `--to` read: the client's figures, its latency, its open connections (peer="dst").
 */
export interface LinkerdEdgeTraffic extends LinkerdTrafficFigures {
  /** The client's namespace. */
  namespace: string;
  from: string;
  /** The destination's namespace; the client's when omitted. */
  toNamespace?: string;
  to: string;
  service: string;
}

/** Per state, the traffic facts beyond the workloads' own figures. */
export interface LinkerdStateTraffic {
  /** What meshed clients sent to Services (`viz stat svc`); a state without it cannot answer for Services. */
  services?: LinkerdServiceTraffic[];
  /**
   * A namespace's percentiles over its workloads' merged histograms (`viz stat ns`), which the
   * workloads' own percentiles do not give when more than one saw requests.
   */
  namespaceLatencyMs?: Record<string, LatencyPercentiles>;
  /** What meshed client Deployments sent to destination Deployments (`viz stat --from|--to`); a state without it cannot answer those. */
  edges?: LinkerdEdgeTraffic[];
}

/** The state the printers read: the objects and clock, and the Linkerd facts with this state's traffic. */
export interface LinkerdState {
  model: StateModel;
  facts: LinkerdFacts;
  traffic: readonly LinkerdWorkloadTraffic[] | undefined;
  stateTraffic: LinkerdStateTraffic | undefined;
}

export const CONTROL_PLANE_NAMESPACE = 'linkerd';
/** k8s.ProxyContainerName, k8s.ControllerNSLabel. */
export const PROXY_CONTAINER = 'linkerd-proxy';
export const CONTROLLER_NS_LABEL = 'linkerd.io/control-plane-ns';
export const EXTENSION_LABEL = 'linkerd.io/extension';

export function linkerdState(model: StateModel): LinkerdState {
  if (!model.linkerd) throw new ModelGap('the session\'s model holds no Linkerd facts (cluster.linkerd in scenario.yaml): the linkerd CLI\'s answers would be invented');
  return {model, facts: model.linkerd.facts, traffic: model.linkerd.traffic, stateTraffic: model.linkerd.stateTraffic};
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

/** k8s.IsMeshed: the pod carries the control plane's namespace label, which the injector adds. */
export const isMeshed = (pod: ModelObject): boolean => labelsOf(pod)[CONTROLLER_NS_LABEL] === CONTROL_PLANE_NAMESPACE;

/** controller/k8s isPendingOrRunning: the pods GetPodsFor counts (RunningPodCount counts Pending ones too). */
export const isPendingOrRunning = (pod: ModelObject): boolean =>
  (podPhase(pod) === 'Pending' || podPhase(pod) === 'Running') && field(pod.value, 'metadata', 'deletionTimestamp') === undefined;

/** The Deployment that owns a pod, read from its pod-template-hash name (`NAME-<hash>-<id>`) and its labels' owner. */
export function podDeployment(pod: ModelObject, model: StateModel): string | undefined {
  const hash = labelsOf(pod)['pod-template-hash'];
  if (hash && pod.name.includes(`-${hash}-`)) return pod.name.slice(0, pod.name.indexOf(`-${hash}-`));
  for (const deployment of objectsOf(model, 'apps', 'Deployment', pod.namespace)) if (pod.name.startsWith(`${deployment.name}-`)) return deployment.name;
  return undefined;
}

const record = (value: unknown): Record<string, unknown> | undefined => (isRecord(value) ? value : undefined);
const int = (value: unknown): number => (typeof value === 'number' ? value : 0);

/**
 * pkg/k8s/api.go GetPodStatus (kubectl's STATUS as Linkerd adapted it): the reason or phase, an init
 * container's state while initialising (a started, ready native sidecar counts as done), then the
 * app containers' waiting or terminated reasons, Completed turned back to Running while one runs.
 */
export function linkerdPodStatus(pod: ModelObject): string {
  const status = record(field(pod.value, 'status')) ?? {};
  let reason = typeof status.reason === 'string' && status.reason !== '' ? status.reason : podPhase(pod);
  const initContainers = list(field(pod.value, 'spec', 'initContainers'));
  const initStatuses = list(status.initContainerStatuses);
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const container = record(initStatuses[i]) ?? {};
    const terminated = record(field(container, 'state', 'terminated'));
    const waiting = field(container, 'state', 'waiting', 'reason');
    const declared = initContainers.find((c) => field(c, 'name') === container.name);
    if (terminated && int(terminated.exitCode) === 0 && int(terminated.signal) === 0) continue;
    if (field(declared, 'restartPolicy') === 'Always' && container.started === true && container.ready === true) continue;
    if (terminated) {
      reason = typeof terminated.reason === 'string' && terminated.reason !== ''
        ? `Init:${terminated.reason}`
        : int(terminated.signal) !== 0 ? `Init:Signal:${int(terminated.signal)}` : `Init:ExitCode:${int(terminated.exitCode)}`;
    } else if (typeof waiting === 'string' && waiting !== '' && waiting !== 'PodInitializing') reason = `Init:${waiting}`;
    else reason = `Init:${i}/${initContainers.length}`;
    initializing = true;
    break;
  }
  if (!initializing) {
    let running = false;
    const statuses = list(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = record(statuses[i]) ?? {};
      const waiting = field(container, 'state', 'waiting', 'reason');
      const terminated = record(field(container, 'state', 'terminated'));
      if (typeof waiting === 'string' && waiting !== '') reason = waiting;
      else if (terminated && typeof terminated.reason === 'string' && terminated.reason !== '') reason = terminated.reason;
      else if (terminated) reason = int(terminated.signal) !== 0 ? `Signal:${int(terminated.signal)}` : `ExitCode:${int(terminated.exitCode)}`;
      else if (container.ready === true && record(field(container, 'state', 'running'))) running = true;
    }
    if (reason === 'Completed' && running) reason = 'Running';
  }
  return reason;
}
