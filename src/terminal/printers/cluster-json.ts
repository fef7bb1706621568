/**
 * The Envoy clusters of `istioctl proxy-config cluster -o json|yaml` (istioctl 1.30.3
 * configdump/cluster.go PrintClusterDump: each cluster through golang/protobuf's jsonpb, so
 * lowerCamelCase names in the proto's declaration order, unset and zero fields left out, map keys
 * sorted, 64-bit integers as strings, durations as seconds), as istiod 1.30.3 builds them for the
 * model (pilot/pkg/networking/core):
 * - outbound EDS clusters of Kubernetes Services: cluster_builder.go buildCluster (alt_stat_name
 *   `NAME;`, an empty common_lb_config), setUpstreamProtocol (HTTP/2 for HTTP2 and gRPC ports;
 *   a sidecar's sniffed port uses the downstream protocol), addTelemetryMetadata, maybeApplyEdsConfig,
 *   applyMetadataExchange; cluster_traffic_policy.go applyTrafficPolicy with the DestinationRule's
 *   policy (the port's portLevelSettings entry replacing the rule's policy, a subset's parts over
 *   it: util.go MergeSubsetTrafficPolicy): applyH2Upgrade (the pool's h2UpgradePolicy, else the
 *   mesh's for HTTP ports), applyConnectionPool (the mesh's connect_timeout; thresholds at MaxUint32,
 *   track_remaining off by DISABLE_TRACK_REMAINING_CB_METRICS; the rule's TCP keepalive),
 *   applyOutlierDetection, applyLoadBalancer (LEAST_REQUEST by default); cluster_tls.go
 *   buildUpstreamTLSSettings and applyUpstreamTLSSettings (ISTIO_MUTUAL as transport_socket_matches
 *   when auto mTLS detects it, as the cluster's transport_socket when the rule asks; none under the
 *   namespace's PeerAuthentication DISABLE; SIMPLE and MUTUAL in ./cluster-tls-json.ts); the rule's config path,
 *   the subset name; the SANs are the service accounts of the Service's pods
 *   (push_context.go addServiceAccounts, sorted);
 * - inbound clusters (buildInboundCluster under the PASSTHROUGH inbound policy: ORIGINAL_DST, cleanup
 *   disabled, bound to 127.0.0.6), BlackHoleCluster, PassthroughCluster, InboundPassthroughCluster
 *   (whose alt_stat_name stays PassthroughCluster's);
 * - the bootstrap's static clusters as tools/packaging/common/envoy_bootstrap.json declares them,
 *   rendered with the mesh's defaults (IPv4 localhost, admin port 15000, status port 15020, config
 *   path ./etc/istio/proxy, identity socket `socket`);
 * - a headless Service's ORIGINAL_DST cluster (no EDS config, CLUSTER_PROVIDED, detected mTLS as
 *   the cluster's socket when every endpoint is meshed);
 * - ServiceEntry clusters, their DNS and original-destination parts from ./service-entry-cluster-json.ts.
 * What the model cannot decide, or what is not translated here, is a gap: SNI-DNAT
 * and PASSTHROUGH-load-balanced clusters, the zipkin cluster, an ambient-enabled istiod (HBONE transport socket matches),
 * DestinationRule fields beyond tls, outlier detection, simple load balancers, the connection limits,
 * h2UpgradePolicy and TCP keepalive; a mesh config setting TCP keepalive (which also reaches inbound
 * clusters) or locality load balancing, trust domain aliases.
 */
import {parseGoDuration} from '../../engine/istio/durations';
import {asArray, asObject} from '../../engine/istio/access';
import {ambientEnabled, isAmbientArtifact, MESH_CONTROLLER} from '../../engine/model/ambient';
import {portTrafficPolicy} from '../../engine/model/traffic-policy';
import {field, heldKey, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {meshConfig, type EnvoyCluster} from './sidecar-clusters';
import {selects, sidecarServices, targetPort, type MeshPort, type MeshService} from './sidecar-services';
import {destinationRulesFor} from '../../simulator/destination-rule-lookup';
import {rootNamespaceOf} from './root-namespace';
import {namespaceMtlsMode} from './peer-authentication';
import type {JsonObject} from './route-json';
import {hasWorkloadSelector, istioMutualSocket, TYPE_PREFIX, userTls} from './cluster-tls-json';
import {entryClusterFields} from './service-entry-cluster-json';

const HTTP_PROTOCOL_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const MAX_UINT32 = 4294967295;
/** cluster_builder.go maxSecondsValue: (MaxInt64 - 999999999) / 1e9 seconds, inbound clusters' cleanup interval. */
const MAX_SECONDS = '9223372035s';
/** listener_address.go InboundPassthroughBindIpv4: the source iptables lets through. */
const PASSTHROUGH_BIND = '127.0.0.6';

/** Cluster's fields in cluster.proto's declaration order, the order jsonpb writes them. */
const CLUSTER_FIELDS = [
  'transportSocketMatches', 'name', 'altStatName', 'type', 'edsClusterConfig', 'connectTimeout', 'lbPolicy', 'loadAssignment',
  'maxRequestsPerConnection', 'circuitBreakers', 'typedExtensionProtocolOptions', 'dnsRefreshRate', 'dnsJitter', 'respectDnsTtl',
  'dnsLookupFamily', 'typedDnsResolverConfig', 'outlierDetection', 'cleanupInterval', 'upstreamBindConfig', 'originalDstLbConfig',
  'commonLbConfig', 'transportSocket', 'metadata', 'upstreamConnectionOptions', 'filters',
] as const;
type ClusterField = typeof CLUSTER_FIELDS[number];

function inDeclarationOrder(fields: Partial<Record<ClusterField, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const key of CLUSTER_FIELDS) if (fields[key] !== undefined) out[key] = fields[key];
  return out;
}

/** jsonpb's Duration: whole seconds, else 3, 6 or 9 fractional digits. */
export function protoDuration(nanos: number): string {
  const seconds = Math.trunc(nanos / 1e9);
  const fraction = Math.round(nanos - seconds * 1e9);
  if (fraction === 0) return `${seconds}s`;
  const digits = String(fraction).padStart(9, '0');
  const kept = digits.endsWith('000000') ? digits.slice(0, 3) : digits.endsWith('000') ? digits.slice(0, 6) : digits;
  return `${seconds}.${kept}s`;
}

/** A Go duration the configuration wrote, as jsonpb prints it. */
function writtenDuration(value: unknown, what: string): string {
  const nanos = typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (nanos === undefined || nanos < 0) throw new ModelGap(`${what} ${JSON.stringify(value)} is not a duration the model reads`);
  return protoDuration(nanos);
}

/** xdsfilters.RawBufferTransportSocket. */
const RAW_BUFFER: JsonObject = {name: 'envoy.transport_sockets.raw_buffer', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer`}};

/** xdsfilters.TCPClusterMx: a TypedStruct (no METADATA_EXCHANGE_ADDITIONAL_LABELS). */
export const METADATA_EXCHANGE: JsonObject = {
  name: 'istio.metadata_exchange',
  typedConfig: {'@type': `${TYPE_PREFIX}udpa.type.v1.TypedStruct`, typeUrl: `${TYPE_PREFIX}envoy.tcp.metadataexchange.config.MetadataExchange`, value: {enable_discovery: true, protocol: 'istio-peer-exchange'}},
};

/** The upstream HTTP protocol istiod sets (setUpstreamProtocol), as typed_extension_protocol_options. */
type UpstreamProtocol = 'http2' | 'downstream' | undefined;

function protocolOptions(protocol: UpstreamProtocol, idleTimeout?: string, upstreamHttp?: JsonObject): JsonObject | undefined {
  if (protocol === undefined && idleTimeout === undefined && upstreamHttp === undefined) return undefined;
  const upstream = protocol === 'http2' ? {explicitHttpConfig: {http2ProtocolOptions: {}}}
    : protocol === 'downstream' ? {useDownstreamProtocolConfig: {httpProtocolOptions: {}, http2ProtocolOptions: {}}}
    // build(): an unset upstream protocol becomes explicit HTTP/1.
      : {explicitHttpConfig: {httpProtocolOptions: {}}};
  return {[HTTP_PROTOCOL_OPTIONS]: {'@type': `${TYPE_PREFIX}${HTTP_PROTOCOL_OPTIONS}`, ...(idleTimeout ? {commonHttpProtocolOptions: {idleTimeout}} : {}), ...(upstreamHttp ? {upstreamHttpProtocolOptions: upstreamHttp} : {}), ...upstream}};
}

/** setUpstreamProtocol for a port, before the traffic policy's shouldH2Upgrade. */
function upstreamProtocol(port: MeshPort, proxy: Proxy, http?: Record<string, unknown>, defaults?: MeshDefaults): UpstreamProtocol {
  // protocol.IsHTTP2: HTTP2, GRPC, GRPC-Web.
  if (port.protocol === 'HTTP2' || port.protocol === 'GRPC' || port.protocol === 'GRPC-Web') return 'http2';
  const protocol = port.handling === 'sniffed' && proxy.type === 'sidecar' ? 'downstream' : undefined;
  return http && defaults ? upgradedProtocol(protocol, port, http, defaults) : protocol;
}

/** shouldH2Upgrade for an outbound cluster: the pool's policy, else the mesh's for HTTP ports (setH2Options keeps a protocol already set). */
function upgradedProtocol(protocol: UpstreamProtocol, port: MeshPort, http: Record<string, unknown>, defaults: MeshDefaults): UpstreamProtocol {
  if (protocol !== undefined || http.useClientProtocol === true || http.h2UpgradePolicy === 'DO_NOT_UPGRADE') return protocol;
  if (http.h2UpgradePolicy === 'UPGRADE') return 'http2';
  // protocol.IsHTTP: HTTP and the HTTP/2 family (whose clusters already speak HTTP/2).
  return port.protocol === 'HTTP' && defaults.h2Upgrade ? 'http2' : protocol;
}

interface MeshDefaults {
  connectTimeout: string;
  h2Upgrade: boolean;
  trustDomain: string;
  autoMtls: boolean;
}

/** What the mesh config sets for clusters, refusing the settings not followed here. */
function meshDefaults(model: StateModel): MeshDefaults {
  const mesh = meshConfig(model);
  if (field(mesh, 'tcpKeepalive') !== undefined) throw new ModelGap('the mesh config sets tcpKeepalive, which is not translated to Envoy\'s JSON here');
  const locality = field(mesh, 'localityLbSetting');
  if (field(locality, 'distribute') !== undefined || field(locality, 'failover') !== undefined || field(locality, 'failoverPriority') !== undefined) {
    throw new ModelGap('the mesh config sets locality load balancing, which is not translated to Envoy\'s JSON here');
  }
  if (field(mesh, 'outboundClusterStatName') !== undefined || field(mesh, 'inboundClusterStatName') !== undefined) throw new ModelGap('the mesh config names cluster stats (outboundClusterStatName, inboundClusterStatName), whose alt_stat_name is not translated here');
  if (list(field(mesh, 'trustDomainAliases')).length > 0) throw new ModelGap('the mesh config has trust domain aliases, whose SANs are not translated here');
  const timeout = field(mesh, 'connectTimeout');
  const trustDomain = field(mesh, 'trustDomain');
  return {
    connectTimeout: timeout === undefined ? '10s' : writtenDuration(timeout, 'the mesh\'s connectTimeout'),
    h2Upgrade: field(mesh, 'h2UpgradePolicy') === 'UPGRADE',
    trustDomain: typeof trustDomain === 'string' && trustDomain !== '' ? trustDomain : 'cluster.local',
    autoMtls: field(mesh, 'enableAutoMtls') !== false,
  };
}

/**
 * An istiod with ambient on sends HBONE matches (registerAmbient's EnableHBONESend): ambient as
 * ../../engine/model/ambient.ts reads it from the model's istiod pods, ztunnels, waypoint class and
 * waypoint-managed objects.
 */
function ambientOn(model: StateModel): boolean {
  const pods = model.objects.filter((o) => o.group === '' && o.kind === 'Pod');
  const istiods = pods.filter((pod) => stringMap(field(pod.value, 'metadata', 'labels')).app === 'istiod');
  const istiodEnv = new Map<string, string>();
  for (const container of istiods.flatMap((pod) => list(field(pod.value, 'spec', 'containers')))) {
    for (const entry of list(field(container, 'env'))) {
      const [name, value] = [field(entry, 'name'), field(entry, 'value')];
      if (typeof name === 'string' && typeof value === 'string') istiodEnv.set(name, value);
    }
  }
  const ambientArtifacts = model.objects.some((o) => (o.group === '' && (o.kind === 'Pod' || o.kind === 'Service') && isAmbientArtifact(stringMap(field(o.value, 'metadata', 'labels'))))
    || (o.group === 'gateway.networking.k8s.io' && o.kind === 'GatewayClass' && field(o.value, 'spec', 'controllerName') === MESH_CONTROLLER));
  const istiodHeld = istiods.length > 0 && (model.held === undefined || model.held.includes(heldKey('', 'Pod', istiods[0]!.namespace)));
  // A model that cannot tell is read as it was written: without ambient.
  return ambientEnabled({istiodEnv, istiodHeld, ambientArtifacts}) === true;
}

/** The EndpointSlice's pods: those the Service selects with an IP that have not finished, ready or not. */
function endpointPods(service: MeshService, model: StateModel, what: string): ModelObject[] {
  if (model.held !== undefined && !model.held.includes(heldKey('', 'Pod', service.namespace))) throw new ModelGap(`the model holds no pods of namespace ${service.namespace}, ${what}`);
  return model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && o.namespace === service.namespace && typeof field(o.value, 'status', 'podIP') === 'string'
    && !['Succeeded', 'Failed'].includes(String(field(o.value, 'status', 'phase'))) && selects(service, o));
}

/** push_context.go ServiceAccounts: the SPIFFE identities of the Service's endpoints, sorted. */
function serviceAccounts(service: MeshService, model: StateModel, trustDomain: string): string[] {
  const annotations = stringMap(field(service.object.value, 'metadata', 'annotations'));
  if (Object.keys(annotations).some((key) => key.endsWith('-serviceaccounts'))) throw new ModelGap(`Service ${service.namespace}/${service.object.name} names its service accounts by annotation, which is not translated here`);
  const pods = endpointPods(service, model, 'whose service accounts the cluster\'s SANs name');
  const accounts = pods.map((pod) => `spiffe://${trustDomain}/ns/${pod.namespace}/sa/${String(field(pod.value, 'spec', 'serviceAccountName') ?? 'default')}`);
  return [...new Set(accounts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const TRAFFIC_POLICY_KEYS = new Set(['tls', 'outlierDetection', 'loadBalancer', 'connectionPool', 'portLevelSettings']);
const PORT_POLICY_KEYS = new Set(['port', 'tls', 'outlierDetection', 'loadBalancer', 'connectionPool']);
const OUTLIER_KEYS = new Set(['consecutive5xxErrors', 'consecutiveGatewayErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent', 'minHealthPercent']);
/** The policy's fields this printer translates, else a gap (the port's choice is ../../engine/model/traffic-policy.ts). */
function checkTranslated(policy: Record<string, unknown> | undefined, what: string): void {
  if (policy === undefined) return;
  const other = Object.keys(policy).find((key) => !TRAFFIC_POLICY_KEYS.has(key));
  if (other) throw new ModelGap(`${what} sets trafficPolicy.${other}, which is not translated to Envoy's JSON here`);
  for (const setting of asArray(policy.portLevelSettings).map(asObject)) {
    const extra = Object.keys(setting ?? {}).find((key) => !PORT_POLICY_KEYS.has(key));
    if (extra) throw new ModelGap(`${what} sets portLevelSettings ${extra}, which is not translated to Envoy's JSON here`);
  }
}

/** MergeSubsetTrafficPolicy for the cluster's port (`subset` '' for the Service's own cluster): the parts that are set. */
export function mergedPolicy(rule: ModelObject | undefined, subset: string, port: number): Record<string, unknown> {
  const what = rule ? `DestinationRule ${rule.namespace}/${rule.name}` : 'the cluster';
  const spec = asObject(rule?.value.spec);
  const rulePolicy = asObject(spec?.trafficPolicy);
  checkTranslated(rulePolicy, what);
  const subsetPolicy = subset === '' ? undefined : asObject(asArray(spec?.subsets).map(asObject).find((s) => s?.name === subset)?.trafficPolicy);
  checkTranslated(subsetPolicy, `${what}'s subset ${subset}`);
  return portTrafficPolicy(spec && {policy: rulePolicy, at: what}, subsetPolicy && {policy: subsetPolicy, at: `${what}'s subset ${subset}`}, port).parts;
}

/** applyConnectionPool: the thresholds and connect timeout the pool's limits set (other pool fields are gaps). */
function connectionPool(pool: unknown, defaults: MeshDefaults, what: string): {thresholds: JsonObject; connectTimeout: string; keepalive?: JsonObject} {
  const tcp = asObject(field(pool, 'tcp')) ?? {};
  const http = asObject(field(pool, 'http')) ?? {};
  const extra = [...Object.keys(tcp).filter((k) => !['maxConnections', 'connectTimeout', 'tcpKeepalive'].includes(k)),
    ...Object.keys(http).filter((k) => !['http1MaxPendingRequests', 'http2MaxRequests', 'maxRetries', 'h2UpgradePolicy', 'useClientProtocol'].includes(k))];
  if (extra.length > 0) throw new ModelGap(`${what} sets connectionPool ${extra[0]}, which is not translated to Envoy's JSON here`);
  const limit = (value: unknown): number => (typeof value === 'number' && value > 0 ? value : MAX_UINT32);
  return {
    // Thresholds in declaration order: max_connections, max_pending_requests, max_requests, max_retries.
    thresholds: {maxConnections: limit(tcp.maxConnections), maxPendingRequests: limit(http.http1MaxPendingRequests), maxRequests: limit(http.http2MaxRequests), maxRetries: limit(http.maxRetries)},
    connectTimeout: tcp.connectTimeout === undefined ? defaults.connectTimeout : writtenDuration(tcp.connectTimeout, `${what}'s connectTimeout`),
    keepalive: tcpKeepalive(asObject(tcp.tcpKeepalive), what),
  };
}

/** cluster.go setKeepAliveSettings: SO_KEEPALIVE with the OS's values, overridden by probes and whole seconds (uint32 wrappers, in TcpKeepalive's declaration order). */
function tcpKeepalive(keepalive: Record<string, unknown> | undefined, what: string): JsonObject | undefined {
  if (keepalive === undefined) return undefined;
  const other = Object.keys(keepalive).find((key) => !['probes', 'time', 'interval'].includes(key));
  if (other) throw new ModelGap(`${what} sets tcpKeepalive.${other}, which is not translated to Envoy's JSON here`);
  const seconds = (value: unknown, name: string): number => {
    const nanos = typeof value === 'string' ? parseGoDuration(value) : undefined;
    if (nanos === undefined || nanos < 0) throw new ModelGap(`${what}'s tcpKeepalive.${name} ${JSON.stringify(value)} is not a duration the model reads`);
    return Math.trunc(nanos / 1e9);
  };
  const json: JsonObject = {};
  if (typeof keepalive.probes === 'number' && keepalive.probes > 0) json.keepaliveProbes = keepalive.probes;
  if (keepalive.time !== undefined) json.keepaliveTime = seconds(keepalive.time, 'time');
  if (keepalive.interval !== undefined) json.keepaliveInterval = seconds(keepalive.interval, 'interval');
  return {tcpKeepalive: json};
}

/** applyOutlierDetection, in OutlierDetection's declaration order. */
function outlierDetection(outlier: Record<string, unknown>, what: string): JsonObject {
  const other = Object.keys(outlier).find((key) => !OUTLIER_KEYS.has(key));
  if (other) throw new ModelGap(`${what} sets outlierDetection.${other}, which is not translated to Envoy's JSON here`);
  const count = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
  const five = count(outlier.consecutive5xxErrors);
  const gateway = count(outlier.consecutiveGatewayErrors);
  const json: JsonObject = {};
  if (five !== undefined) json.consecutive5xx = five;
  if (outlier.interval !== undefined) json.interval = writtenDuration(outlier.interval, `${what}'s outlier interval`);
  if (outlier.baseEjectionTime !== undefined) json.baseEjectionTime = writtenDuration(outlier.baseEjectionTime, `${what}'s baseEjectionTime`);
  if (typeof outlier.maxEjectionPercent === 'number' && outlier.maxEjectionPercent > 0) json.maxEjectionPercent = outlier.maxEjectionPercent;
  if (five !== undefined) json.enforcingConsecutive5xx = five > 0 ? 100 : 0;
  json.enforcingSuccessRate = 0;
  if (gateway !== undefined) {
    json.consecutiveGatewayFailure = gateway;
    json.enforcingConsecutiveGatewayFailure = gateway > 0 ? 100 : 0;
  }
  return json;
}

/** applyLoadBalancer's lb_policy for a simple algorithm (ROUND_ROBIN is the enum's zero, left out). */
function lbPolicy(loadBalancer: Record<string, unknown> | undefined, what: string): string | undefined {
  if (loadBalancer === undefined) return 'LEAST_REQUEST';
  const other = Object.keys(loadBalancer).find((key) => key !== 'simple');
  if (other) throw new ModelGap(`${what} sets loadBalancer.${other}, which is not translated to Envoy's JSON here`);
  const simple = String(loadBalancer.simple ?? 'UNSPECIFIED');
  if (simple === 'ROUND_ROBIN') return undefined;
  if (simple === 'RANDOM') return 'RANDOM';
  if (['LEAST_REQUEST', 'LEAST_CONN', 'UNSPECIFIED'].includes(simple)) return 'LEAST_REQUEST';
  throw new ModelGap(`${what} asks for load balancer ${simple}, which is not translated to Envoy's JSON here`);
}

/** The istio filter metadata: keys sorted, as jsonpb writes a Struct. */
function istioMetadata(entries: Record<string, unknown>): JsonObject {
  const sorted = Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {filterMetadata: {istio: sorted}};
}

/** buildServiceMetadata: a ServiceEntry's service is named after its host (convertServices). */
const serviceMetadata = (service: MeshService): JsonObject => ({host: service.hostname, name: service.object.kind === 'ServiceEntry' ? service.hostname : service.object.name, namespace: service.namespace});

/** An outbound cluster of a Kubernetes Service, default or subset (buildCluster, applyDestinationRule, buildSubsetCluster). */
function outboundClusterJson(cluster: EnvoyCluster, proxy: Proxy, model: StateModel, defaults: MeshDefaults): JsonObject {
  const service = cluster.service!;
  const port = cluster.servicePort!;
  // convertResolution: a headless Service's passthrough resolution (PILOT_ENABLE_EDS_FOR_HEADLESS_SERVICES off); a PASSTHROUGH load balancer keeps its EDS config.
  const headless = cluster.type === 'ORIGINAL_DST' && service.headless;
  const rule = cluster.rule;
  const what = rule ? `DestinationRule ${rule.namespace}/${rule.name}` : 'the cluster';
  const policy = mergedPolicy(rule, cluster.subset, cluster.port);
  // A ServiceEntry's cluster: DNS and original-destination types, no auto mTLS outside the mesh.
  const entry = service.object.kind === 'ServiceEntry' ? entryClusterFields(cluster, proxy, model, policy) : undefined;
  if (cluster.type !== 'EDS' && !headless && !entry) throw new ModelGap(`${cluster.name} is an ${cluster.type} cluster, which is not translated to Envoy's JSON here`);
  if (field(service.object.value, 'spec', 'publishNotReadyAddresses') === true) throw new ModelGap(`Service ${service.namespace}/${service.object.name} publishes unready addresses, whose panic threshold is not translated here`);
  const passthrough = cluster.type === 'ORIGINAL_DST';
  const pool = connectionPool(policy.connectionPool, defaults, what);
  const protocol = upstreamProtocol(port, proxy, asObject(field(policy.connectionPool, 'http')) ?? {}, defaults);
  const outlier = asObject(policy.outlierDetection);
  const tls = asObject(policy.tls);
  if (tls && !['ISTIO_MUTUAL', 'DISABLE', 'SIMPLE', 'MUTUAL'].includes(String(tls.mode))) throw new ModelGap(`${what} sets TLS mode ${String(tls.mode)}, which is not translated to Envoy's JSON here`);
  const sni = `outbound_.${cluster.port}_.${cluster.subset}_.${cluster.host}`;
  // The identities the SANs name: a ServiceEntry's subjectAltNames, else the Service's pods' accounts.
  const accounts = (): string[] => entry?.serviceAccounts ?? serviceAccounts(service, model, defaults.trustDomain);
  // buildUpstreamTLSSettings: the rule's TLS as written (userSupplied), else auto mTLS unless the namespace's mode is DISABLE.
  let matches: unknown;
  let socket: unknown;
  let upstreamHttp: JsonObject | undefined;
  if (tls?.mode === 'ISTIO_MUTUAL') {
    const other = Object.keys(tls).find((key) => !['mode', 'sni', 'subjectAltNames'].includes(key));
    if (other) throw new ModelGap(`${what} sets tls.${other} beside ISTIO_MUTUAL, which is not translated to Envoy's JSON here`);
    // The rule's SNI and SANs where written (an empty list is proto's nil, so unwritten), else the generated SNI and the Service's accounts.
    const written = asArray(tls.subjectAltNames).map(String);
    const sans = written.length > 0 ? written : accounts();
    socket = istioMutualSocket(sans, typeof tls.sni === 'string' && tls.sni !== '' ? tls.sni : sni, protocol === 'http2');
  } else if (tls?.mode === 'SIMPLE' || tls?.mode === 'MUTUAL') {
    const user = userTls(tls, what, {
      sidecar: proxy.type === 'sidecar', ruleHasSelector: hasWorkloadSelector(rule?.value.spec), http2: protocol === 'http2',
      entrySans: entry?.serviceAccounts, tlsDefaults: field(meshConfig(model), 'tlsDefaults'),
    });
    socket = user.socket;
    upstreamHttp = user.upstreamHttpProtocolOptions;
  } else if (entry && !entry.autoMtls) {
    // buildUpstreamTLSSettings: no auto mTLS outside the mesh, nor to a NONE entry's plain-text endpoints.
  } else if (tls === undefined && defaults.autoMtls && namespaceMtlsMode(service.namespace, model) !== 'DISABLE' && headless) {
    // applyUpstreamTLSSettings keeps an ORIGINAL_DST cluster's detected mTLS as its socket, when every endpoint of the port has a sidecar (BestEffortInferServiceMTLSMode).
    if (passthroughEndpointsMeshed(service, port, model)) socket = istioMutualSocket(serviceAccounts(service, model, defaults.trustDomain), sni, protocol === 'http2');
  } else if (tls === undefined && defaults.autoMtls && namespaceMtlsMode(service.namespace, model) !== 'DISABLE') {
    matches = [{name: 'tlsMode-istio', match: {tlsMode: 'istio'}, transportSocket: istioMutualSocket(accounts(), sni, protocol === 'http2')}, {name: 'tlsMode-disabled', match: {}, transportSocket: RAW_BUFFER}];
  }
  const minHealth = outlier?.minHealthPercent;
  return inDeclarationOrder({
    transportSocketMatches: matches,
    name: cluster.name,
    altStatName: `${cluster.name};`,
    type: cluster.type,
    // maybeApplyEdsConfig: EDS clusters only.
    edsClusterConfig: cluster.type === 'EDS' ? {edsConfig: {ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'}, serviceName: cluster.name} : undefined,
    connectTimeout: pool.connectTimeout,
    // applyLoadBalancer: the original destination picks the endpoint.
    lbPolicy: passthrough ? 'CLUSTER_PROVIDED' : lbPolicy(asObject(policy.loadBalancer), what),
    circuitBreakers: {thresholds: [pool.thresholds]},
    typedExtensionProtocolOptions: protocolOptions(protocol, undefined, upstreamHttp),
    outlierDetection: outlier ? outlierDetection(outlier, what) : undefined,
    // applyOutlierDetection sets the panic threshold (0, jsonpb's empty Percent, unless minHealthPercent says otherwise).
    commonLbConfig: outlier ? {healthyPanicThreshold: typeof minHealth === 'number' && minHealth > 0 ? {value: minHealth} : {}} : {},
    transportSocket: socket,
    ...entry?.fields,
    metadata: istioMetadata({
      external: entry?.external ? true : undefined,
      // AddALPNOverrideToMetadata: a rule's own TLS keeps the application's ALPN from being overridden with Istio's.
      alpn_override: tls?.mode === 'SIMPLE' || tls?.mode === 'MUTUAL' ? 'false' : undefined,
      config: rule ? `/apis/networking.istio.io/v1/namespaces/${rule.namespace}/destination-rule/${rule.name}` : undefined,
      services: [serviceMetadata(service)],
      subset: cluster.subset === '' ? undefined : cluster.subset,
    }),
    upstreamConnectionOptions: pool.keepalive,
    filters: [METADATA_EXCHANGE],
  });
}

/** BestEffortInferServiceMTLSMode for passthrough: the port has endpoints and each is labelled security.istio.io/tlsMode=istio (kube PodTLSMode; unlabelled is disabled). */
function passthroughEndpointsMeshed(service: MeshService, port: MeshPort, model: StateModel): boolean {
  const pods = endpointPods(service, model, 'whose sidecars decide the cluster\'s mTLS').filter((pod) => targetPort(pod, port) !== undefined);
  return pods.length > 0 && pods.every((pod) => stringMap(field(pod.value, 'metadata', 'labels'))['security.istio.io/tlsMode'] === 'istio');
}

/** buildInboundCluster under the PASSTHROUGH inbound policy: the port's Service in the telemetry metadata, no DestinationRule policy. */
function inboundClusterJson(cluster: EnvoyCluster, proxy: Proxy, model: StateModel, defaults: MeshDefaults): JsonObject {
  const service = cluster.service!;
  const port = cluster.servicePort!;
  // The proxy's service targets on this target port; with several, their order (which names the metadata and the protocol) is istiod's registry's.
  const targets = sidecarServices(model, proxy.pod.namespace).filter((s) => selects(s, proxy.pod) && s.ports.some((p) => targetPort(proxy.pod, p) === cluster.port));
  if (targets.length > 1) throw new ModelGap(`${targets.length} Services target port ${cluster.port} of pod ${proxy.pod.namespace}/${proxy.pod.name}: the order istiod lists them in is not modelled here`);
  const rule = destinationRulesFor(model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'DestinationRule'), service.hostname, proxy.pod.namespace, service.namespace, rootNamespaceOf(model))[0];
  if (rule && asObject(rule.value.spec)?.trafficPolicy !== undefined) throw new ModelGap(`DestinationRule ${rule.namespace}/${rule.name} sets a traffic policy, whose connection pool also applies to ${cluster.name}: not translated to Envoy's JSON here`);
  return inDeclarationOrder({
    name: cluster.name,
    altStatName: `${cluster.name};`,
    type: 'ORIGINAL_DST',
    connectTimeout: defaults.connectTimeout,
    lbPolicy: 'CLUSTER_PROVIDED',
    circuitBreakers: {thresholds: [connectionPool(undefined, defaults, cluster.name).thresholds]},
    typedExtensionProtocolOptions: protocolOptions(upstreamProtocol(port, proxy)),
    cleanupInterval: MAX_SECONDS,
    upstreamBindConfig: {sourceAddress: {address: PASSTHROUGH_BIND, portValue: 0}},
    commonLbConfig: {},
    metadata: istioMetadata({services: [serviceMetadata(service)]}),
  });
}

/** buildDefaultPassthroughCluster (and its inbound copy): original destination, downstream protocol, a five-minute idle timeout. */
function passthroughClusterJson(name: 'PassthroughCluster' | 'InboundPassthroughCluster', defaults: MeshDefaults): JsonObject {
  return inDeclarationOrder({
    name,
    altStatName: 'PassthroughCluster;',
    type: 'ORIGINAL_DST',
    connectTimeout: defaults.connectTimeout,
    lbPolicy: 'CLUSTER_PROVIDED',
    circuitBreakers: {thresholds: [connectionPool(undefined, defaults, name).thresholds]},
    typedExtensionProtocolOptions: protocolOptions('downstream', '300s'),
    upstreamBindConfig: name === 'InboundPassthroughCluster' ? {sourceAddress: {address: PASSTHROUGH_BIND, portValue: 0}} : undefined,
    filters: name === 'PassthroughCluster' ? [METADATA_EXCHANGE] : undefined,
  });
}

/** envoy_bootstrap.json's static clusters, keyed by name. */
function bootstrapClusterJson(name: string): JsonObject | undefined {
  const endpoint = (address: JsonObject): JsonObject => ({clusterName: name, endpoints: [{lbEndpoints: [{endpoint: {address}}]}]});
  const http2 = protocolOptions('http2');
  switch (name) {
    case 'prometheus_stats':
    case 'agent':
      return inDeclarationOrder({name, altStatName: `${name};`, type: 'STATIC', connectTimeout: '0.250s', loadAssignment: endpoint({socketAddress: {address: '127.0.0.1', portValue: name === 'agent' ? 15020 : 15000}})});
    case 'sds-grpc':
      return inDeclarationOrder({name, altStatName: `${name};`, type: 'STATIC', connectTimeout: '1s', loadAssignment: endpoint({pipe: {path: './var/run/secrets/workload-spiffe-uds/socket'}}), typedExtensionProtocolOptions: http2});
    case 'xds-grpc': {
      const limits = {maxConnections: 100000, maxPendingRequests: 100000, maxRequests: 100000};
      return inDeclarationOrder({
        name, altStatName: `${name};`, type: 'STATIC', connectTimeout: '1s', loadAssignment: endpoint({pipe: {path: './etc/istio/proxy/XDS'}}),
        maxRequestsPerConnection: 1, circuitBreakers: {thresholds: [limits, {priority: 'HIGH', ...limits}]},
        typedExtensionProtocolOptions: http2, upstreamConnectionOptions: {tcpKeepalive: {keepaliveTime: 300}},
      });
    }
    default:
      return undefined;
  }
}

/** A cluster as `-o json` prints it, or a gap. */
export function clusterJson(cluster: EnvoyCluster, proxy: Proxy, model: StateModel): JsonObject {
  const defaults = meshDefaults(model);
  if (ambientOn(model)) throw new ModelGap('istiod runs with ambient enabled, which sends HBONE transport socket matches: not translated to Envoy\'s JSON here');
  if (cluster.direction === 'outbound') return outboundClusterJson(cluster, proxy, model, defaults);
  if (cluster.direction === 'inbound') return inboundClusterJson(cluster, proxy, model, defaults);
  if (cluster.name === 'BlackHoleCluster') return inDeclarationOrder({name: cluster.name, altStatName: `${cluster.name};`, type: 'STATIC', connectTimeout: defaults.connectTimeout});
  if (cluster.name === 'PassthroughCluster' || cluster.name === 'InboundPassthroughCluster') return passthroughClusterJson(cluster.name, defaults);
  const bootstrap = bootstrapClusterJson(cluster.name);
  if (bootstrap) return bootstrap;
  throw new ModelGap(`cluster ${cluster.name} is not translated to Envoy's JSON here`);
}
