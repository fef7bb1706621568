/**
 * What ztunnel holds (its config dump's workloads, services and policies) in a state's cluster,
 * derived from the model's objects as istiod 1.30.3 derives what it pushes to ztunnel
 * (pilot/pkg/serviceregistry/ambient: workloads.go podWorkloadBuilder, endpointSlicesBuilder and
 * setTunnelProtocol, waypoints.go fetchWaypointForTarget, fetchWaypointForService and
 * fetchWaypointForWorkload; policies through ./ztunnel-policies.ts), and what ztunnel 1.30.3 keeps of
 * it (src/state/workload.rs WorkloadStore::insert, src/state/service.rs insert_endpoint, src/state.rs
 * ProxyState's serialization: the admin config dump).
 */
import {field, heldKey, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {inboundBindingOf, WAYPOINT_CLASS, waypointAdmitsNamespace, waypointBindingOf, waypointServes, waypointTrafficType, type InboundBinding} from '../../engine/model/ambient';
import {findPort} from '../../engine/model/find-port';
import {workloadPolicyNames, ztunnelPolicies, type ZtunnelPolicy} from './ztunnel-policies';
import {canonicalService} from './canonical-service';

export type {ZtunnelPolicy};

/** A port map, service port to target port (ztunnel's HashMap<u16, u16>), in istiod's port order. */
export type PortMap = ReadonlyArray<readonly [servicePort: number, targetPort: number]>;

/** What ztunnel's config dump holds of a workload (state/workload.rs Workload, as configdump/api.go reads it). */
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
  /** The service account ("default" when istiod sends none, as ztunnel fills it in). */
  serviceAccount: string;
  workloadName: string;
  /** WorkloadType in lower case: istiod sends POD for pods and leaves EndpointSlice addresses at DEPLOYMENT (0). */
  workloadType: 'pod' | 'deployment';
  canonicalName: string;
  canonicalRevision: string;
  trustDomain: string;
  /** The node's locality; unknown (a gap only for what prints it) when the model does not keep track of the node. */
  locality: {region: string; zone: string; subzone: string} | {unknown: string};
  /** A waypoint instance's inbound binding (`ambient.istio.io/waypoint-inbound-binding`). */
  applicationTunnel?: {protocol: 'NONE' | 'PROXY'; port?: number};
  /** The selector policies and PeerAuthentication conversions attached to the workload, `namespace/name`. */
  authorizationPolicies: string[];
}

/** LoadBalancer of state/service.rs, as serde names its enums. */
export interface ZtunnelLoadBalancer {
  mode: 'Standard' | 'Strict' | 'Failover';
  routingPreferences: string[];
  healthPolicy: 'OnlyHealthy' | 'AllowAll';
}

export interface ZtunnelService {
  name: string;
  namespace: string;
  hostname: string;
  /** `network/ip`. */
  addresses: string[];
  waypoint?: string;
  endpoints: {workloadUid: string; port: PortMap}[];
  /** Service port to target port (a named target port as 0). */
  ports: PortMap;
  loadBalancer?: ZtunnelLoadBalancer;
  /** IpFamily (none for AUTOMATIC); unknown (a gap only for what prints it) when the model leaves it out. */
  ipFamilies?: 'IPv4' | 'IPv6' | 'Dual' | {unknown: string};
}

export interface ZtunnelDump {
  workloads: ZtunnelWorkload[];
  services: ZtunnelService[];
  policies: ZtunnelPolicy[];
}

// ---------------------------------------------------------------- the dump, from the model (istiod's ambient index)

const DOMAIN = 'cluster.local';
const CLUSTER_ID = 'Kubernetes';

export const labelsOf = (object: ModelObject): Record<string, string> => stringMap(field(object.value, 'metadata', 'labels'));
const annotationsOf = (object: ModelObject): Record<string, string> => stringMap(field(object.value, 'metadata', 'annotations'));

/** Whether ztunnel proxies a pod: the CNI node agent marks the pods whose traffic it redirected to ztunnel. */
export const capturedByZtunnel = (pod: unknown): boolean => field(pod, 'metadata', 'annotations', 'ambient.istio.io/redirection') === 'enabled';
export const of = (model: StateModel, group: string, kind: string): ModelObject[] => model.objects.filter((o) => o.group === group && o.kind === kind);

interface Waypoint {
  namespace: string;
  name: string;
  /** The GatewayAddress ztunnel is given (`network/ip` or `namespace/hostname`). */
  address: string;
  /** istio.io/waypoint-for, default "service" (waypoints.go: label on the Gateway, else on its class). */
  trafficType: string;
  gateway: ModelObject;
  /** makeInboundBinding: the Gateway's, else its class's, `ambient.istio.io/waypoint-inbound-binding`. */
  binding?: InboundBinding;
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
    const trafficType = waypointTrafficType(labelsOf(gateway), klass ? labelsOf(klass) : undefined);
    const binding = inboundBindingOf(annotationsOf(gateway), klass ? annotationsOf(klass) : undefined);
    return [{namespace: gateway.namespace, name: gateway.name, address: destination, trafficType, gateway, ...(binding ? {binding} : {})}];
  });
}

/**
 * fetchWaypointForTarget: the object's own istio.io/use-waypoint (`none` opts out), else its
 * namespace's, naming a waypoint in `istio.io/use-waypoint-namespace` or the object's namespace. A
 * waypoint that is not ready (no such Gateway, or no address) or whose bound listener's
 * allowedRoutes does not admit the object's namespace (AttachmentDenied) gives it none.
 */
function waypointForTarget(object: ModelObject, model: StateModel, all: readonly Waypoint[]): Waypoint | undefined {
  const namespace = model.objects.find((o) => o.group === '' && o.kind === 'Namespace' && o.name === object.namespace);
  const namespaceLabels = namespace ? labelsOf(namespace) : undefined;
  const binding = waypointBindingOf(labelsOf(object), namespaceLabels, object.namespace);
  if (!binding) return undefined;
  const waypoint = all.find((w) => w.namespace === binding.waypoint.namespace && w.name === binding.waypoint.name);
  if (!waypoint) return undefined;
  const admitted = waypointAdmitsNamespace(field(waypoint.gateway.value, 'spec'), waypoint.namespace, waypoint.binding, object.namespace, namespaceLabels);
  return admitted ? waypoint : undefined;
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
function endpointSliceWorkloads(model: StateModel, services: readonly ModelObject[]): Array<{workload: ZtunnelWorkload; service: ModelObject; port: PortMap}> {
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
      return [{service, port: slicePorts(slice, service), workload: {
        uid: `${CLUSTER_ID}/discovery.k8s.io/EndpointSlice/${slice.namespace}/${slice.name}/${key}`,
        name: slice.name, namespace: slice.namespace, workloadIps: addresses, hostname: '', node: '',
        protocol: 'TCP' as const, status: ready === false ? 'Unhealthy' as const : 'Healthy' as const, hostNetwork: true,
        // No service account, workload name, type or canonical service: istiod knows none for an address.
        serviceAccount: 'default', workloadName: '', workloadType: 'deployment' as const, canonicalName: '', canonicalRevision: '',
        trustDomain: trustDomainOf(model), locality: NO_LOCALITY, authorizationPolicies: [],
      }}];
    });
  });
}

/**
 * matchingServicesWithoutSelectors through endpointSliceAddressIndex: the pods a Service's EndpointSlices
 * (kubernetes.io/service-name, not FQDN) name by targetRef, kind Pod with the same namespace, name and uid
 * (absent on both sides: equal). A Service without a selector gets its pods this way.
 */
function podsNamedBySlices(model: StateModel, service: ModelObject, pods: readonly ModelObject[]): ModelObject[] {
  const refs = of(model, 'discovery.k8s.io', 'EndpointSlice')
    .filter((slice) => slice.namespace === service.namespace && labelsOf(slice)['kubernetes.io/service-name'] === service.name && field(slice.value, 'addressType') !== 'FQDN')
    .flatMap((slice) => list(field(slice.value, 'endpoints')).map((endpoint) => field(endpoint, 'targetRef')).filter(isRecord).filter((ref) => ref.kind === 'Pod'));
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return pods.filter((pod) => refs.some((ref) => text(ref.namespace) === pod.namespace && text(ref.name) === pod.name && text(ref.uid) === text(field(pod.value, 'metadata', 'uid'))));
}

/**
 * service.rs should_include_endpoint: ztunnel adds a workload to a Service's endpoints only when it is
 * healthy, unless the Service publishes not-ready addresses (services.go: health policy ALLOW_ALL).
 */
function acceptsEndpoint(service: ModelObject, workload: ZtunnelWorkload): boolean {
  return workload.status === 'Healthy' || field(service.value, 'spec', 'publishNotReadyAddresses') === true;
}

/**
 * kubeutil.GetWorkloadMetaFromPod: a generated pod's controller, a ReplicaSet without its
 * `-<pod-template-hash>` (a Deployment), a Job without a `-<8 to 10 digits>` suffix (a CronJob); else
 * the pod's name; the label service.istio.io/workload-name over all. The model may leave out
 * metadata.generateName: the controllers named below always generate their pods' names (a
 * StatefulSet's and a static pod's are not generated).
 */
function workloadNameOf(pod: ModelObject): string {
  const labels = labelsOf(pod);
  const own = labels['service.istio.io/workload-name'];
  if (own !== undefined) return own;
  const controller = list(field(pod.value, 'metadata', 'ownerReferences')).find((ref) => isRecord(ref) && ref.controller === true);
  if (!isRecord(controller) || typeof controller.name !== 'string') return pod.name;
  const generated = typeof field(pod.value, 'metadata', 'generateName') === 'string'
    ? field(pod.value, 'metadata', 'generateName') !== ''
    : ['ReplicaSet', 'DaemonSet', 'Job', 'ReplicationController'].includes(String(controller.kind));
  if (!generated) return pod.name;
  const hash = labels['pod-template-hash'];
  // strings.TrimSuffix(name, "-"+hash), once the name ends with the hash.
  const trim = (name: string, suffix: string): string => (name.endsWith(`-${suffix}`) ? name.slice(0, -suffix.length - 1) : name) || pod.name;
  if (controller.kind === 'ReplicaSet' && hash && controller.name.endsWith(hash)) return trim(controller.name, hash);
  const rollout = labels['rollouts-pod-template-hash'];
  if (controller.kind === 'ReplicaSet' && rollout && controller.name.endsWith(rollout)) return trim(controller.name, rollout);
  if (controller.kind === 'ReplicationController' && labels.deploymentconfig) return labels.deploymentconfig;
  if (controller.kind === 'Job') return /^(.+)-\d{8,10}$/.exec(controller.name)?.[1] ?? controller.name;
  return controller.name || pod.name;
}

const NO_LOCALITY = {region: '', zone: '', subzone: ''};

/** The mesh's trust domain: pickTrustDomain sends none for cluster.local, which ztunnel then assumes. */
const trustDomainOf = (model: StateModel): string => {
  const domain = field(model.meshConfig, 'trustDomain');
  return typeof domain === 'string' && domain !== '' ? domain : 'cluster.local';
};

/** `{key: value}` when there is a value, else nothing (a field serde skips). */
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : {[key]: value} as Record<K, V>);

/**
 * getPodLocality through NodesCollection: the pod's Node's topology.kubernetes.io/region and zone and
 * topology.istio.io/subzone.
 */
function localityOf(pod: ModelObject, model: StateModel): ZtunnelWorkload['locality'] {
  const nodeName = field(pod.value, 'spec', 'nodeName');
  if (typeof nodeName !== 'string' || nodeName === '') return NO_LOCALITY;
  const node = of(model, '', 'Node').find((n) => n.name === nodeName);
  // A node istiod does not find gives no locality; one the model does not keep track of is unknown.
  if (!node && model.held !== undefined && !model.held.includes(heldKey('', 'Node', ''))) {
    return {unknown: `the model does not keep track of node ${nodeName}, whose topology labels give pod ${pod.namespace}/${pod.name} its locality`};
  }
  if (!node) return NO_LOCALITY;
  const labels = labelsOf(node);
  return {region: labels['topology.kubernetes.io/region'] ?? '', zone: labels['topology.kubernetes.io/zone'] ?? '', subzone: labels['topology.istio.io/subzone'] ?? ''};
}

/** The waypoint instance's application tunnel (makeInboundBinding; ztunnel reads the port as a u16). */
function inboundBinding(waypoint: Waypoint): ZtunnelWorkload['applicationTunnel'] {
  if (!waypoint.binding) return undefined;
  const port = waypoint.binding.port % 65536;
  return {protocol: waypoint.binding.protocol, ...(port !== 0 ? {port} : {})};
}

/** constructService's ports: the target port as a number (a named one is 0; absent, the API server's default, the port). */
function servicePorts(service: ModelObject): PortMap {
  return list(field(service.value, 'spec', 'ports')).filter(isRecord).map((port) => {
    const target = port.targetPort ?? port.port;
    return [Number(port.port), typeof target === 'number' ? target : 0] as const;
  });
}

/** constructServices: a pod's ports for a Service, named target ports found among its TCP container ports (FindPortName), others dropped. */
function podServicePorts(pod: ModelObject, service: ModelObject): PortMap {
  return list(field(service.value, 'spec', 'ports')).filter(isRecord).flatMap((port) => {
    if (typeof port.targetPort !== 'string') return [[Number(port.port), Number(port.targetPort ?? port.port)] as const];
    const found = findPort(field(pod.value, 'spec'), {targetPort: port.targetPort, protocol: 'TCP'});
    return found === undefined ? [] : [[Number(port.port), found] as const];
  });
}

/** endpointSlicesBuilder's port list: each named TCP slice port joined to the Service port of that name. */
function slicePorts(slice: ModelObject, service: ModelObject): PortMap {
  const named = list(field(service.value, 'spec', 'ports')).filter(isRecord);
  return list(field(slice.value, 'ports')).filter(isRecord).flatMap((port) => {
    if (typeof port.name !== 'string' || typeof port.port !== 'number' || port.protocol !== 'TCP') return [];
    const match = named.find((svcPort) => (typeof svcPort.name === 'string' ? svcPort.name : '') === port.name);
    return match ? [[Number(match.port), port.port] as const] : [];
  });
}

/** model.GetTrafficDistribution: spec.trafficDistribution, else the Service's, else its namespace's annotation. */
function trafficDistribution(service: ModelObject, model: StateModel): 'PreferSameZone' | 'PreferSameNode' | undefined {
  const spec = field(service.value, 'spec', 'trafficDistribution');
  if (spec === 'PreferSameZone' || spec === 'PreferClose') return 'PreferSameZone';
  if (spec === 'PreferSameNode') return 'PreferSameNode';
  const key = 'networking.istio.io/traffic-distribution';
  const namespace = model.objects.find((o) => o.group === '' && o.kind === 'Namespace' && o.name === service.namespace);
  for (const value of [annotationsOf(service)[key], namespace ? annotationsOf(namespace)[key] : undefined]) {
    if (!value) continue;
    const lower = value.toLowerCase();
    return lower === 'preferclose' || lower === 'prefersamezone' ? 'PreferSameZone' : lower === 'prefersamenode' ? 'PreferSameNode' : undefined;
  }
  return undefined;
}

/** constructService's LoadBalancing: internalTrafficPolicy Local, else the traffic distribution; publishNotReadyAddresses allows all. */
function loadBalancerOf(service: ModelObject, model: StateModel): ZtunnelLoadBalancer | undefined {
  let lb: ZtunnelLoadBalancer | undefined;
  if (field(service.value, 'spec', 'internalTrafficPolicy') === 'Local') lb = {mode: 'Strict', routingPreferences: ['Node'], healthPolicy: 'OnlyHealthy'};
  else {
    const distribution = trafficDistribution(service, model);
    if (distribution === 'PreferSameZone') lb = {mode: 'Failover', routingPreferences: ['Network', 'Region', 'Zone'], healthPolicy: 'OnlyHealthy'};
    if (distribution === 'PreferSameNode') lb = {mode: 'Failover', routingPreferences: ['Network', 'Region', 'Zone', 'Subzone', 'Node'], healthPolicy: 'OnlyHealthy'};
  }
  if (field(service.value, 'spec', 'publishNotReadyAddresses') === true) lb = {...(lb ?? {mode: 'Standard', routingPreferences: []}), healthPolicy: 'AllowAll'};
  return lb;
}

/**
 * constructService's IPFamilies: two families Dual, one IPv4 or IPv6, none AUTOMATIC. The API server
 * fills spec.ipFamilies from the cluster IPs; a model that writes neither, for a Service with a
 * cluster IP, is read from that address.
 */
function ipFamiliesOf(service: ModelObject, clusterIp: string): ZtunnelService['ipFamilies'] {
  const written = list(field(service.value, 'spec', 'ipFamilies'));
  const families = written.length > 0 ? written : clusterIp === 'None' || clusterIp === '' ? [] : [clusterIp.includes(':') ? 'IPv6' : 'IPv4'];
  if (written.length === 0 && (clusterIp === 'None' || clusterIp === '') && field(service.value, 'spec', 'type') !== 'ExternalName') {
    return {unknown: `the model does not give headless service ${service.namespace}/${service.name} its IP families (spec.ipFamilies), which the API server sets`};
  }
  if (families.length === 2) return 'Dual';
  if (families.length === 1) return families[0] === 'IPv4' ? 'IPv4' : 'IPv6';
  return undefined;
}

/**
 * What ztunnel holds in the state's cluster. A model that cannot say it truthfully is a gap: a pod
 * without its phase, a Service without its cluster IP, PeerAuthentications of one level made in the
 * same second; a node's locality and a headless Service's IP families the model leaves out are gaps
 * only for `-o json|yaml`, which prints them.
 */
export function ztunnelDump(model: StateModel): ZtunnelDump {
  if (!of(model, '', 'Pod').some((p) => p.namespace === 'istio-system' && labelsOf(p).app === 'ztunnel')) {
    throw new ModelGap('the model runs no ztunnel pod (the ambient profile\'s DaemonSet in istio-system): istioctl ztunnel-config has no ztunnel to ask');
  }
  const all = waypoints(model);
  const policies = ztunnelPolicies(model);

  const pods = of(model, '', 'Pod').filter((pod) => {
    const phase = field(pod.value, 'status', 'phase');
    if (phase === undefined) throw new ModelGap(`the model does not say whether pod ${pod.namespace}/${pod.name} runs (status.phase)`);
    // CheckPodTerminal: Succeeded and Failed pods are not workloads; neither are pods without an IP.
    return phase !== 'Succeeded' && phase !== 'Failed' && podIps(pod).length > 0;
  });
  const workloads: ZtunnelWorkload[] = pods.map((pod) => {
    const labels = labelsOf(pod);
    // fetchWaypointForInstance: the waypoint whose pods these are.
    const instance = all.find((w) => w.namespace === pod.namespace && labels['gateway.networking.k8s.io/gateway-name'] === w.name);
    // fetchWaypointForWorkload: only a waypoint for workload or all traffic serves a workload.
    const waypoint = instance ? undefined : waypointForTarget(pod, model, all);
    const servesWorkloads = waypoint && waypointServes(waypoint.trafficType, 'workload');
    // setTunnelProtocol: the CNI node agent's ambient.istio.io/redirection=enabled, or a native tunnel label.
    const hbone = capturedByZtunnel(pod.value) || labels['networking.istio.io/tunnel'] === 'http';
    const node = field(pod.value, 'spec', 'nodeName');
    const serviceAccount = field(pod.value, 'spec', 'serviceAccountName');
    const workloadName = workloadNameOf(pod);
    const [canonicalName, canonicalRevision] = canonicalService(labels, workloadName);
    const applicationTunnel = instance ? inboundBinding(instance) : undefined;
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
      // The ServiceAccount admission plugin sets "default" on a pod that names none; so does ztunnel.
      serviceAccount: typeof serviceAccount === 'string' && serviceAccount !== '' ? serviceAccount : 'default',
      workloadName,
      workloadType: 'pod',
      canonicalName,
      canonicalRevision,
      trustDomain: trustDomainOf(model),
      locality: localityOf(pod, model),
      ...(applicationTunnel ? {applicationTunnel} : {}),
      authorizationPolicies: workloadPolicyNames(model, policies, pod.namespace, labels),
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
    const bySelector = selector === undefined ? [] : pods
      .filter((pod) => pod.namespace === service.namespace && Object.entries(selector).every(([key, value]) => labelsOf(pod)[key] === value));
    const selected = [...new Set([...bySelector, ...podsNamedBySlices(model, service, pods)])]
      .map((pod) => ({workload: byUid.get(podUid(pod))!, port: podServicePorts(pod, service)}));
    const sliced = fromSlices.filter((entry) => entry.service === service);
    const endpoints = [...selected, ...sliced].filter((entry) => acceptsEndpoint(service, entry.workload)).map((entry) => ({workloadUid: entry.workload.uid, port: entry.port}));
    // fetchWaypointForService: a waypoint's own Service has none; only a waypoint for service or all traffic serves a Service.
    const waypoint = isWaypointInstance(service) ? undefined : waypointForTarget(service, model, all);
    const servesServices = waypoint && waypointServes(waypoint.trafficType, 'service');
    return {
      name: service.name,
      namespace: service.namespace,
      hostname: `${service.name}.${service.namespace}.svc.${DOMAIN}`,
      addresses: clusterIp === 'None' || clusterIp === '' ? [] : [`/${clusterIp}`],
      ...(servesServices ? {waypoint: waypoint.address} : {}),
      endpoints,
      ports: servicePorts(service),
      ...optional('loadBalancer', loadBalancerOf(service, model)),
      ...optional('ipFamilies', ipFamiliesOf(service, clusterIp)),
    };
  });

  return {workloads, services, policies};
}
