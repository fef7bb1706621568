/**
 * `istioctl ztunnel-config workloads|services|policies` (istioctl 1.30.3) answered from a state's
 * cluster model. Two halves:
 * - what ztunnel holds (its config dump's workloads, services and policies), derived from the
 *   model's objects as istiod derives what it pushes to ztunnel (pilot/pkg/serviceregistry/ambient:
 *   workloads.go podWorkloadBuilder, endpointSlicesBuilder and setTunnelProtocol, waypoints.go fetchWaypointForTarget,
 *   fetchWaypointForService and fetchWaypointForWorkload, authorization.go convertAuthorizationPolicy), and
 *   what ztunnel 1.30.3 keeps of it (src/state/workload.rs WorkloadStore::insert, src/state/service.rs
 *   insert_endpoint, src/state.rs ProxyState's serialization: the admin config dump);
 * - the summaries printed from it as istioctl/pkg/writer/ztunnel/configdump prints them
 *   (workload.go PrintWorkloadSummary and waypointName, services.go PrintServiceSummary,
 *   policies.go PrintPolicySummary), through tabwriter.Init(w, 0, 8, 1, ' ', 0).
 * The command's flags follow istioctl/pkg/ztunnelconfig/ztunnelconfig.go.
 */
import {resolvePlaceholders} from '../normalize';
import {splitWords} from '../shell-words';
import {byteOrder} from './jsonpath';
import {field, heldKey, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {tabwrite} from './tabwriter';
import {rootNamespaceOf} from './root-namespace';

/** The parts of ztunnel's config dump (configdump/api.go) the summaries print. */
export interface ZtunnelWorkload {
  uid: string;
  name: string;
  namespace: string;
  workloadIps: string[];
  hostname: string;
  node: string;
  /** GatewayAddress.destination: `network/ip` or `namespace/hostname`. */
  waypoint?: string;
  protocol: 'HBONE' | 'TCP';
  status: 'Healthy' | 'Unhealthy';
  /**
   * NetworkMode HOST_NETWORK: a host-network pod, or an EndpointSlice's address with no Pod behind it. ztunnel
   * does not look such workloads up by address (their address is shared), but keeps them by uid, so its config
   * dump, and istioctl's table, lists them with their address like any other.
   */
  hostNetwork?: boolean;
}

export interface ZtunnelService {
  name: string;
  namespace: string;
  hostname: string;
  /** `network/ip`. */
  addresses: string[];
  waypoint?: string;
  endpoints: {workloadUid: string}[];
}

export interface ZtunnelPolicy {
  name: string;
  namespace: string;
  action: 'Allow' | 'Deny';
  scope: 'Global' | 'Namespace' | 'WorkloadSelector';
}

export interface ZtunnelDump {
  workloads: ZtunnelWorkload[];
  services: ZtunnelService[];
  policies: ZtunnelPolicy[];
}

// ---------------------------------------------------------------- printing (configdump/*.go)

const tab = (rows: string[][]): string => tabwrite(`${rows.map((row) => row.join('\t')).join('\n')}\n`, 0, 1);

/** workload.go waypointName / serviceWaypointName: the Service whose hostname or address is the destination. */
function waypointName(destination: string | undefined, services: readonly ZtunnelService[]): string {
  if (destination === undefined) return 'None';
  for (const svc of services) {
    if (`${svc.namespace}/${svc.hostname}` === destination) return svc.name;
    if (svc.addresses.includes(destination)) return svc.name;
  }
  return 'NA';
}

export interface WorkloadFilter {
  namespace?: string;
  node?: string;
  address?: string;
}

/** WorkloadFilter.Verify: fields compared without regard to case. */
function verifyWorkload(filter: WorkloadFilter, workload: ZtunnelWorkload): boolean {
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  if (filter.namespace && !same(workload.namespace, filter.namespace)) return false;
  if (filter.address && !workload.workloadIps.some((ip) => same(ip, filter.address!))) return false;
  if (filter.node && !same(workload.node, filter.node)) return false;
  return true;
}

/** PrintWorkloadSummary: sorted by namespace.name, then node. */
export function printWorkloadSummary(dump: ZtunnelDump, filter: WorkloadFilter = {}): string {
  const workloads = dump.workloads.filter((w) => verifyWorkload(filter, w)).sort((a, b) => byteOrder(`${a.namespace}.${a.name}`, `${b.namespace}.${b.name}`) || byteOrder(a.node, b.node));
  return tab([
    ['NAMESPACE', 'POD NAME', 'ADDRESS', 'NODE', 'WAYPOINT', 'PROTOCOL'],
    ...workloads.map((w) => [w.namespace, w.name, w.workloadIps.join(',') || w.hostname, w.node, waypointName(w.waypoint, dump.services), w.protocol]),
  ]);
}

/** PrintServiceSummary: sorted by namespace, name, hostname; ENDPOINTS counts the healthy workloads among the endpoints. */
export function printServiceSummary(dump: ZtunnelDump, namespace = ''): string {
  const byUid = new Map(dump.workloads.map((w) => [w.uid, w]));
  const services = dump.services
    .filter((s) => namespace === '' || s.namespace.toLowerCase() === namespace.toLowerCase())
    .sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name) || byteOrder(a.hostname, b.hostname));
  return tab([
    ['NAMESPACE', 'SERVICE NAME', 'SERVICE VIP', 'WAYPOINT', 'ENDPOINTS'],
    ...services.map((s) => {
      const healthy = s.endpoints.filter((e) => byUid.get(e.workloadUid)?.status === 'Healthy').length;
      const ips = s.addresses.map((address) => address.slice(address.indexOf('/') + 1));
      return [s.namespace, s.name, ips.join(','), waypointName(s.waypoint, dump.services), `${healthy}/${s.endpoints.length}`];
    }),
  ]);
}

/** PrintPolicySummary: sorted by namespace, then name. */
export function printPolicySummary(dump: ZtunnelDump, namespace = ''): string {
  const policies = dump.policies
    .filter((p) => namespace === '' || p.namespace.toLowerCase() === namespace.toLowerCase())
    .sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name));
  return tab([['NAMESPACE', 'POLICY NAME', 'ACTION', 'SCOPE'], ...policies.map((p) => [p.namespace, p.name, p.action, p.scope])]);
}

// ---------------------------------------------------------------- the dump, from the model (istiod's ambient index)

const DOMAIN = 'cluster.local';
const CLUSTER_ID = 'Kubernetes';
const WAYPOINT_CLASS = 'istio-waypoint';

const labelsOf = (object: ModelObject): Record<string, string> => stringMap(field(object.value, 'metadata', 'labels'));
const annotationsOf = (object: ModelObject): Record<string, string> => stringMap(field(object.value, 'metadata', 'annotations'));
const of = (model: StateModel, group: string, kind: string): ModelObject[] => model.objects.filter((o) => o.group === group && o.kind === kind);

interface Waypoint {
  namespace: string;
  name: string;
  /** The GatewayAddress ztunnel is given (`network/ip` or `namespace/hostname`). */
  address: string;
  /** istio.io/waypoint-for, default "service" (waypoints.go: label on the Gateway, else on its class). */
  trafficType: string;
}

/**
 * waypoints.go: a Gateway of class istio-waypoint becomes a Waypoint once istiod has given it an
 * address (status.addresses; getGatewayAddress takes the first, an IP as `network/ip`, a hostname
 * as `namespace/hostname`). Without one, objects that name it have no waypoint (ReportWaypointIsNotReady).
 */
function waypoints(model: StateModel): Waypoint[] {
  const classes = new Map(of(model, 'gateway.networking.k8s.io', 'GatewayClass').map((c) => [c.name, c]));
  return of(model, 'gateway.networking.k8s.io', 'Gateway').flatMap((gateway) => {
    if (field(gateway.value, 'spec', 'gatewayClassName') !== WAYPOINT_CLASS) return [];
    const address = list(field(gateway.value, 'status', 'addresses')).find(isRecord);
    if (!address || typeof address.value !== 'string') return [];
    const destination = address.type === 'Hostname' ? `${gateway.namespace}/${address.value}` : `/${address.value}`;
    const klass = classes.get(WAYPOINT_CLASS);
    const trafficType = labelsOf(gateway)['istio.io/waypoint-for'] ?? (klass ? labelsOf(klass)['istio.io/waypoint-for'] : undefined) ?? 'service';
    return [{namespace: gateway.namespace, name: gateway.name, address: destination, trafficType}];
  });
}

/** getUseWaypoint: `name` or `namespace/name`; "none" opts out. */
function useWaypoint(labels: Record<string, string>, namespace: string): {none: true} | {key: string} | undefined {
  const value = labels['istio.io/use-waypoint'];
  if (value === undefined || value === '') return undefined;
  if (value === 'none') return {none: true};
  const namespaced = labels['istio.io/use-waypoint-namespace'];
  return {key: value.includes('/') ? value : `${namespaced || namespace}/${value}`};
}

/**
 * fetchWaypointForTarget: the object's own istio.io/use-waypoint, else its namespace's. (A
 * waypoint's allowedRoutes from other namespaces are not modelled: same-namespace waypoints only.)
 */
function waypointForTarget(object: ModelObject, model: StateModel, all: readonly Waypoint[]): Waypoint | undefined {
  const find = (key: string): Waypoint | undefined => all.find((w) => `${w.namespace}/${w.name}` === key);
  const own = useWaypoint(labelsOf(object), object.namespace);
  if (own) return 'none' in own ? undefined : find(own.key);
  const namespace = model.objects.find((o) => o.group === '' && o.kind === 'Namespace' && o.name === object.namespace);
  const inherited = namespace ? useWaypoint(labelsOf(namespace), object.namespace) : undefined;
  return inherited && 'key' in inherited ? find(inherited.key) : undefined;
}

/** gateway.istio.io/managed on the waypoint's own Service and pods (constants.ManagedGatewayMeshControllerLabel). */
const isWaypointInstance = (object: ModelObject): boolean => labelsOf(object)['gateway.istio.io/managed'] === 'istio.io-mesh-controller';

/** IsPodReady: the Ready condition is True. */
function podReady(pod: ModelObject): boolean {
  return list(field(pod.value, 'status', 'conditions')).some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

/** getPodIPs: status.podIPs, else status.podIP. */
function podIps(pod: ModelObject): string[] {
  const ips = list(field(pod.value, 'status', 'podIPs')).flatMap((entry) => (isRecord(entry) && typeof entry.ip === 'string' ? [entry.ip] : []));
  const single = field(pod.value, 'status', 'podIP');
  return ips.length > 0 ? ips : typeof single === 'string' && single !== '' ? [single] : [];
}

const podUid = (pod: ModelObject): string => `${CLUSTER_ID}//Pod/${pod.namespace}/${pod.name}`;

function selectorOf(service: ModelObject): Record<string, string> | undefined {
  const selector = field(service.value, 'spec', 'selector');
  return isRecord(selector) && Object.keys(selector).length > 0 ? stringMap(selector) : undefined;
}

/**
 * endpointSlicesBuilder: an EndpointSlice of a Service (label kubernetes.io/service-name naming a Service
 * the model holds; not of address type FQDN) makes a workload of each endpoint with no Pod behind it (a
 * Pod's endpoint is the Pod's workload already): uid `Kubernetes/discovery.k8s.io/EndpointSlice/ns/name/ip`,
 * named after the slice, healthy unless `conditions.ready` is false, in the host network mode, no node, no
 * waypoint, plain TCP. The API server's own Service kubernetes is served this way.
 */
function endpointSliceWorkloads(model: StateModel, services: readonly ModelObject[]): Array<{workload: ZtunnelWorkload; service: ModelObject}> {
  return of(model, 'discovery.k8s.io', 'EndpointSlice').flatMap((slice) => {
    const serviceName = labelsOf(slice)['kubernetes.io/service-name'];
    if (serviceName === undefined || field(slice.value, 'addressType') === 'FQDN') return [];
    const service = services.find((svc) => svc.namespace === slice.namespace && svc.name === serviceName);
    if (!service) return [];
    const seen = new Set<string>();
    return list(field(slice.value, 'endpoints')).flatMap((endpoint) => {
      if (!isRecord(endpoint)) return [];
      if (isRecord(endpoint.targetRef) && endpoint.targetRef.kind === 'Pod') return [];
      const addresses = list(endpoint.addresses).filter((a): a is string => typeof a === 'string');
      const key = addresses[0];
      if (key === undefined || seen.has(key)) return [];
      seen.add(key);
      const ready = isRecord(endpoint.conditions) ? endpoint.conditions.ready : undefined;
      return [{service, workload: {
        uid: `${CLUSTER_ID}/discovery.k8s.io/EndpointSlice/${slice.namespace}/${slice.name}/${key}`,
        name: slice.name, namespace: slice.namespace, workloadIps: addresses, hostname: '', node: '',
        protocol: 'TCP' as const, status: ready === false ? 'Unhealthy' as const : 'Healthy' as const, hostNetwork: true,
      }}];
    });
  });
}

/**
 * service.rs should_include_endpoint: ztunnel adds a workload to a Service's endpoints only when it is
 * healthy, unless the Service publishes not-ready addresses (services.go: health policy ALLOW_ALL).
 */
function acceptsEndpoint(service: ModelObject, workload: ZtunnelWorkload): boolean {
  return workload.status === 'Healthy' || field(service.value, 'spec', 'publishNotReadyAddresses') === true;
}

/**
 * What ztunnel holds in the state's cluster. A model that cannot say it truthfully is a gap: pods
 * without their IPs, a terminal pod, PeerAuthentications (whose conversion for ztunnel is not
 * modelled here), a service without a cluster IP the model does not state.
 */
export function ztunnelDump(model: StateModel): ZtunnelDump {
  if (!of(model, '', 'Pod').some((p) => p.namespace === 'istio-system' && labelsOf(p).app === 'ztunnel')) {
    throw new ModelGap('the model runs no ztunnel pod (the ambient profile\'s DaemonSet in istio-system): istioctl ztunnel-config has no ztunnel to ask');
  }
  if (of(model, 'security.istio.io', 'PeerAuthentication').length > 0) throw new ModelGap('PeerAuthentications\' conversion into ztunnel policies is not modelled');
  const rootNamespace = rootNamespaceOf(model);
  const all = waypoints(model);

  const pods = of(model, '', 'Pod').filter((pod) => {
    const phase = field(pod.value, 'status', 'phase');
    if (phase === undefined) throw new ModelGap(`the model does not say whether pod ${pod.namespace}/${pod.name} runs (status.phase)`);
    // CheckPodTerminal: Succeeded and Failed pods are not workloads; neither are pods without an IP.
    return phase !== 'Succeeded' && phase !== 'Failed' && podIps(pod).length > 0;
  });
  const workloads: ZtunnelWorkload[] = pods.map((pod) => {
    const labels = labelsOf(pod);
    const instance = all.some((w) => w.namespace === pod.namespace && labels['gateway.networking.k8s.io/gateway-name'] === w.name);
    // fetchWaypointForWorkload: only a waypoint for workload or all traffic serves a workload.
    const waypoint = instance ? undefined : waypointForTarget(pod, model, all);
    const servesWorkloads = waypoint && (waypoint.trafficType === 'workload' || waypoint.trafficType === 'all');
    // setTunnelProtocol: the CNI node agent's ambient.istio.io/redirection=enabled, or a native tunnel label.
    const hbone = annotationsOf(pod)['ambient.istio.io/redirection'] === 'enabled' || labels['networking.istio.io/tunnel'] === 'http';
    const node = field(pod.value, 'spec', 'nodeName');
    return {
      uid: podUid(pod),
      name: pod.name,
      namespace: pod.namespace,
      workloadIps: podIps(pod),
      hostname: '',
      node: typeof node === 'string' ? node : '',
      ...(servesWorkloads ? {waypoint: waypoint.address} : {}),
      protocol: hbone ? 'HBONE' : 'TCP',
      status: podReady(pod) && field(pod.value, 'metadata', 'deletionTimestamp') === undefined ? 'Healthy' : 'Unhealthy',
      ...(field(pod.value, 'spec', 'hostNetwork') === true ? {hostNetwork: true} : {}),
    };
  });

  const kubeServices = of(model, '', 'Service');
  const fromSlices = endpointSliceWorkloads(model, kubeServices);
  workloads.push(...fromSlices.map((entry) => entry.workload));
  const byUid = new Map(workloads.map((w) => [w.uid, w]));
  const services: ZtunnelService[] = kubeServices.map((service) => {
    const clusterIp = field(service.value, 'spec', 'clusterIP');
    if (typeof clusterIp !== 'string') throw new ModelGap(`the model does not give service ${service.namespace}/${service.name} its cluster IP (spec.clusterIP)`);
    const selector = selectorOf(service);
    if (selector === undefined && model.held !== undefined && !model.held.includes(heldKey('discovery.k8s.io', 'EndpointSlice', service.namespace))) {
      throw new ModelGap(`service ${service.namespace}/${service.name} has no selector, and the model does not keep track of the EndpointSlices of namespace ${service.namespace} that give it endpoints`);
    }
    const selected = selector === undefined ? [] : pods
      .filter((pod) => pod.namespace === service.namespace && Object.entries(selector).every(([key, value]) => labelsOf(pod)[key] === value))
      .map((pod) => byUid.get(podUid(pod))!);
    const sliced = fromSlices.filter((entry) => entry.service === service).map((entry) => entry.workload);
    const endpoints = [...selected, ...sliced].filter((workload) => acceptsEndpoint(service, workload)).map((workload) => ({workloadUid: workload.uid}));
    // fetchWaypointForService: a waypoint's own Service has none; only a waypoint for service or all traffic serves a Service.
    const waypoint = isWaypointInstance(service) ? undefined : waypointForTarget(service, model, all);
    const servesServices = waypoint && (waypoint.trafficType === 'service' || waypoint.trafficType === 'all');
    return {
      name: service.name,
      namespace: service.namespace,
      hostname: `${service.name}.${service.namespace}.svc.${DOMAIN}`,
      addresses: clusterIp === 'None' || clusterIp === '' ? [] : [`/${clusterIp}`],
      ...(servesServices ? {waypoint: waypoint.address} : {}),
      endpoints,
    };
  });

  // convertAuthorizationPolicy: a policy with targetRefs is for waypoints, not ztunnel; ztunnel supports ALLOW and DENY only.
  const policies: ZtunnelPolicy[] = of(model, 'security.istio.io', 'AuthorizationPolicy').flatMap((policy) => {
    const spec = isRecord(policy.value.spec) ? policy.value.spec : {};
    if (list(spec.targetRefs).length > 0 || isRecord(spec.targetRef)) return [];
    const action = spec.action === undefined || spec.action === 'ALLOW' ? 'Allow' : spec.action === 'DENY' ? 'Deny' : undefined;
    if (action === undefined) return [];
    const scope = spec.selector !== undefined ? 'WorkloadSelector' : policy.namespace === rootNamespace ? 'Global' : 'Namespace';
    return [{name: policy.name, namespace: policy.namespace, action, scope}];
  });
  return {workloads, services, policies};
}

// ---------------------------------------------------------------- the command line (ztunnelconfig.go)

export type ZtunnelConfigRequest =
  | {what: 'workloads'; filter: WorkloadFilter}
  | {what: 'services'; namespace: string}
  | {what: 'policies'; namespace: string};

const SUBCOMMANDS: Record<string, ZtunnelConfigRequest['what']> = {
  workload: 'workloads', workloads: 'workloads', w: 'workloads',
  service: 'services', services: 'services', s: 'services', svc: 'services',
  policy: 'policies', policies: 'policies', p: 'policies', pol: 'policies',
};

const FILTER_FLAGS: Record<ZtunnelConfigRequest['what'], Record<string, string>> = {
  workloads: {'--workload-namespace': 'namespace', '--workload-node': 'node', '--address': 'address'},
  services: {'--service-namespace': 'namespace'},
  policies: {'--policy-namespace': 'namespace'},
};

/**
 * `istioctl ztunnel-config|zc workloads|services|policies` with the summary output and the
 * subcommand's filter flags; undefined for anything else (a ztunnel or workload pod named as an
 * argument, `-o json|yaml`, another subcommand): the session refuses it. `-n` is accepted and,
 * as in istioctl, filters nothing: it names the namespace of a pod argument.
 */
export function parseZtunnelConfig(line: string, placeholders: Readonly<Record<string, string>> = {}): ZtunnelConfigRequest | undefined {
  const words = splitWords(resolvePlaceholders(line, placeholders));
  if (words.some((word) => word.kind !== 'word')) return undefined;
  const [program, command, sub, ...args] = words.map((word) => (word as {text: string}).text);
  if (program !== 'istioctl' || (command !== 'ztunnel-config' && command !== 'zc') || sub === undefined) return undefined;
  const what = SUBCOMMANDS[sub];
  if (what === undefined) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.startsWith('--') && args[i]!.includes('=') ? [args[i]!.slice(0, args[i]!.indexOf('=')), args[i]!.slice(args[i]!.indexOf('=') + 1)] : [args[i]!, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '-n' || flag === '--namespace') {
      if (value() === undefined) return undefined;
    } else if (flag === '-o' || flag === '--output') {
      if (value() !== 'short') return undefined;
    } else if (FILTER_FLAGS[what][flag] !== undefined) {
      const given = value();
      if (given === undefined) return undefined;
      values[FILTER_FLAGS[what][flag]!] = given;
    } else return undefined;
  }
  if (what === 'workloads') return {what, filter: values};
  return {what, namespace: values.namespace ?? ''};
}

/** Whether the model holds every pod (or service) of the namespaces it knows: an unfiltered table needs them all. */
function holdsAll(model: StateModel, kind: 'Pod' | 'Service', namespace: string | undefined): void {
  if (model.held === undefined) return;
  const namespaces = namespace ? [namespace] : of(model, '', 'Namespace').map((n) => n.name);
  for (const ns of namespaces) {
    if (!model.held.includes(heldKey('', kind, ns))) {
      throw new ModelGap(`the model does not keep track of the ${kind === 'Pod' ? 'pods' : 'services'} of namespace ${ns}, which ztunnel knows too`);
    }
  }
}

export function printZtunnelConfig(request: ZtunnelConfigRequest, model: StateModel): string {
  const dump = ztunnelDump(model);
  switch (request.what) {
    case 'workloads':
      if (!request.filter.address && !request.filter.node) holdsAll(model, 'Pod', request.filter.namespace);
      else holdsAll(model, 'Pod', undefined);
      return printWorkloadSummary(dump, request.filter);
    case 'services':
      holdsAll(model, 'Service', request.namespace || undefined);
      holdsAll(model, 'Pod', request.namespace || undefined);
      return printServiceSummary(dump, request.namespace);
    case 'policies':
      return printPolicySummary(dump, request.namespace);
  }
}
