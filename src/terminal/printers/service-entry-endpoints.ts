/**
 * The endpoints of a ServiceEntry's EDS cluster (resolution STATIC: pilot/pkg/serviceregistry/
 * serviceentry/conversion.go convertEndpoint): each `endpoints` entry whose labels (with the
 * `topology.istio.io/cluster` label labelutil.AugmentLabels adds) hold the subset's,
 * at its `ports` entry for the port's name, else the port's targetPort, else the port's number;
 * Envoy reports them HEALTHY (clusters.go PrintEndpointsSummary's rows). With a workloadSelector, the
 * workloads of the entry's namespace whose labels it selects (convertWorkloadInstanceToServiceInstance):
 * WorkloadEntries (convertWorkloadEntryToWorkloadInstance: their `ports` by name) and pods (kube
 * controller pod.go getPortMap: the first named TCP container port, sidecars' included), each at the
 * same priority of ports. A Unix socket or hostname address, a WorkloadEntry on another network and
 * a selected pod that is not Ready are gaps; a DNS cluster's hosts are what Envoy resolved, which no
 * model holds.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {field, list, ModelGap, stringMap, type StateModel} from './model';
import type {EnvoyCluster} from './sidecar-clusters';
import type {MeshPort} from './sidecar-services';

export interface EndpointRow {
  address: string;
  port: number;
  cluster: string;
}

export function serviceEntryEndpoints(cluster: EnvoyCluster, model: StateModel): EndpointRow[] {
  const entry = cluster.service!.object;
  const what = `ServiceEntry ${entry.namespace}/${entry.name}`;
  if (cluster.type !== 'EDS') throw new ModelGap(`${cluster.name} is a ${cluster.type} cluster of ${what}, whose hosts Envoy resolves or learns from connections, not from the model`);
  const spec = asObject(entry.value.spec) ?? {};
  const servicePort = cluster.servicePort!;
  const rows: EndpointRow[] = [];
  const selector = asObject(spec.workloadSelector);
  const endpoints = selector === undefined ? asArray(spec.endpoints).map((e) => asObject(e) ?? {}) : selectedWorkloads(stringMap(selector.labels), entry.namespace, model, what);
  for (const endpoint of endpoints) {
    const address = String(endpoint.address ?? '');
    if (address.startsWith('unix://')) throw new ModelGap(`${what} has a Unix socket endpoint, which is not modelled here`);
    if (!inSubset(cluster.subsetLabels, istiodLabels(stringMap(endpoint.labels), model))) continue;
    rows.push({address, port: entryEndpointPort(endpoint, servicePort), cluster: cluster.name});
  }
  return rows;
}

/** Istiod's CLUSTER_ID default: the cluster every endpoint is labelled with. */
const DEFAULT_CLUSTER_ID = 'Kubernetes';
const TOPOLOGY_CLUSTER = 'topology.istio.io/cluster';

/** The CLUSTER_ID istiod runs with (its discovery container's env), Kubernetes by default. */
export function clusterId(model: StateModel): string {
  for (const pod of model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && stringMap(field(o.value, 'metadata', 'labels')).app === 'istiod')) {
    const env = list(field(pod.value, 'spec', 'containers')).filter((c) => field(c, 'name') === 'discovery').flatMap((c) => list(field(c, 'env')));
    const value = field(env.find((e) => field(e, 'name') === 'CLUSTER_ID'), 'value');
    if (typeof value === 'string' && value !== '') return value;
  }
  return DEFAULT_CLUSTER_ID;
}

/** labelutil.AugmentLabels as istiod labels a workload entry's endpoint: its own labels and its cluster (no locality: those are gaps). */
export function istiodLabels(labels: Record<string, string>, model: StateModel): Record<string, string> {
  return {...labels, [TOPOLOGY_CLUSTER]: clusterId(model)};
}

/** labels.Instance.SubsetOf: every label of the subset held by the endpoint (an empty subset holds for all). */
export function inSubset(subsetLabels: Record<string, string>, labels: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(subsetLabels).every(([key, value]) => labels?.[key] === value);
}

/**
 * Whether buildCluster builds a DNS subset cluster: only with endpoints (FromServiceEndpoints under the
 * subset's labels). An entry without `endpoints` has its host as one endpoint without labels
 * (convertServiceEntryToInstances), which only an unlabelled subset takes.
 */
export function dnsSubsetHasEndpoints(cluster: EnvoyCluster, model: StateModel): boolean {
  const written = asArray(asObject(cluster.service!.object.value.spec)?.endpoints).map((e) => asObject(e) ?? {});
  if (written.length === 0) return inSubset(cluster.subsetLabels, undefined);
  return written.some((endpoint) => inSubset(cluster.subsetLabels, istiodLabels(stringMap(endpoint.labels), model)));
}

/** convertWorkloadInstanceToServiceInstance: the endpoint's port of the port's name, else the port's targetPort, else its number. */
export function entryEndpointPort(endpoint: Record<string, unknown>, servicePort: MeshPort): number {
  const named = Number(asObject(endpoint.ports)?.[servicePort.name] ?? 0);
  return named || Number(servicePort.targetPort ?? 0) || servicePort.port;
}

/** The pods and WorkloadEntries of `namespace` that `labels` select, as endpoint entries (address, labels, ports by name). */
function selectedWorkloads(labels: Record<string, string>, namespace: string, model: StateModel, what: string): Record<string, unknown>[] {
  const selects = (o: unknown): boolean => Object.entries(labels).every(([key, value]) => stringMap(field(o, 'metadata', 'labels'))[key] === value);
  const out: Record<string, unknown>[] = [];
  for (const o of model.objects.filter((x) => x.namespace === namespace)) {
    if (o.group === 'networking.istio.io' && o.kind === 'WorkloadEntry') {
      const spec = asObject(o.value.spec) ?? {};
      if (!Object.entries(labels).every(([key, value]) => stringMap(spec.labels)[key] === value)) continue;
      if (spec.network !== undefined && spec.network !== '') throw new ModelGap(`WorkloadEntry ${o.namespace}/${o.name} is on network ${String(spec.network)}, which is not modelled here`);
      if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(String(spec.address ?? ''))) throw new ModelGap(`WorkloadEntry ${o.namespace}/${o.name} has address ${String(spec.address ?? '(none)')}, not an IPv4 address: not modelled here`);
      out.push({address: spec.address, labels: spec.labels, ports: spec.ports});
    } else if (o.group === '' && o.kind === 'Pod' && selects(o.value)) {
      const ready = field(o.value, 'status', 'phase') === 'Running' && list(field(o.value, 'status', 'conditions')).some((c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True');
      const ip = field(o.value, 'status', 'podIP');
      if (!ready || typeof ip !== 'string') throw new ModelGap(`pod ${o.namespace}/${o.name}, which ${what} selects, is not Ready or has no IP: whether istiod lists it is not modelled here`);
      out.push({address: ip, labels: field(o.value, 'metadata', 'labels'), ports: podPortMap(o.value)});
    }
  }
  return out;
}

/** getPortMap: the first TCP container port of each name, then the native sidecars'. */
function podPortMap(pod: unknown): Record<string, number> {
  const map: Record<string, number> = {};
  const containers = [...list(field(pod, 'spec', 'containers')), ...list(field(pod, 'spec', 'initContainers')).filter((c) => field(c, 'restartPolicy') === 'Always')];
  for (const port of containers.flatMap((c) => list(field(c, 'ports')))) {
    const name = field(port, 'name');
    const protocol = field(port, 'protocol') ?? 'TCP';
    if (typeof name !== 'string' || name === '' || protocol !== 'TCP' || name in map) continue;
    map[name] = Number(field(port, 'containerPort'));
  }
  return map;
}
