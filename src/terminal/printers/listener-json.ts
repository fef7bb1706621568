/**
 * The Envoy listeners of `istioctl proxy-config listener -o json|yaml` (istioctl 1.30.3
 * configdump/listener.go PrintListenerDump: the listeners of the config dump that pass
 * ListenerFilter.Verify, unsorted, each through jsonpb as ./cluster-json.ts prints clusters), as
 * istiod 1.30.3 builds a sidecar's listeners for the model (pilot/pkg/networking/core):
 * - outbound listeners (listener.go buildListenerFromEntry): named BIND_PORT, OUTBOUND,
 *   `continueOnListenerFiltersTimeout`, `bindToPort: false` (iptables sends them connections through
 *   virtualOutbound), the tls_inspector where a chain matches on SNI, the http_inspector where one
 *   matches on ALPNs (then the mesh's
 *   protocolDetectionTimeout, else a zero listener_filters_timeout), the match-all chain of a
 *   listener with others as its default_filter_chain, else buildListenerFromEntry's own
 *   PassthroughFilterChain; the chains built from options carry transport_socket_connect_timeout
 *   (PILOT_GATEWAY_TRANSPORT_SOCKET_CONNECT_TIMEOUT, 15s);
 * - virtualOutbound 0.0.0.0:15001 (listener_builder.go buildVirtualOutboundListener): useOriginalDst,
 *   OUTBOUND, max_connections_to_accept_per_socket_event 1 (MAX_CONNECTIONS_PER_SOCKET_EVENT_LOOP),
 *   its blackhole and catch-all chains;
 * - virtualInbound 0.0.0.0:15006 (listener_inbound.go buildInboundListener): INBOUND, the listener
 *   filters populateListenerFilters picks, the blackhole chain, the passthrough chains and each
 *   port's (inboundChainForOpts: ToFilterChainMatch, BuildInboundTLS's transport socket on the
 *   chains that terminate Istio mTLS, the metadata exchange, then a connection manager with the
 *   inline inbound route or the stats filter and a TCP proxy);
 * - a gateway's listener of a plain-text HTTP server (gateway.go buildGatewayListener,
 *   createGatewayHTTPFilterChainOpts): bound to its port, one match-all chain to its RDS route with
 *   buildGatewayConnectionManager's settings (useRemoteAddress, SANITIZE_SET client certificates,
 *   an empty Http1ProtocolOptions, the server name istio-envoy);
 * - a TCP chain's filters (networkfilter.go buildCompleteNetworkFilters and
 *   buildOutboundCatchAllNetworkFiltersOnly): the telemetry's istio.stats filter
 *   (model/telemetry.go generateStatsConfig, for the prometheus metrics provider the mesh config
 *   names as default), then tcp_proxy with the cluster as stat prefix;
 * - an HTTP chain's connection manager (listener_builder.go buildHTTPConnectionManager, below), with
 *   the tracing the mesh config asks for (tracing.go, legacy path).
 * The dump lists listeners in the order Envoy added them: the LDS response's, getListeners' outbound
 * listeners, virtualOutbound, the inbound ones, then the bootstrap's static listeners. istiod makes
 * the outbound listeners from a Go map (finalizeOutboundListeners), so two of them in one dump are in
 * an order no model decides, a gap, as are several of a gateway's (buildGatewayListeners' map). The
 * bootstrap's listeners come from ./bootstrap-listeners.ts. A gateway's TLS and TCP chains
 * (gateway.go buildGatewayTCPBasedFilterChains: SNI matches, TCP proxies, an HTTPS server's
 * connection manager) carry the socket ./gateway-tls-json.ts builds where they terminate TLS, and
 * the listener its TLS inspector (weighted TCP proxies and AUTO_PASSTHROUGH chains included). Access
 * logs (the mesh's accessLogFile, the Telemetry API's) go where accesslog.go puts them, through
 * ./access-log-json.ts: connection managers, TCP proxies (not the blackhole chains), and
 * virtualOutbound, virtualInbound and gateway listeners with the NR filter. Also gaps: what changes
 * the filters here (Telemetry metrics and tracing, WasmPlugin, EnvoyFilter, AuthorizationPolicy and
 * RequestAuthentication objects, access log services, tracing providers, proxy headers and path
 * normalization, a rule's TCP settings, gRPC-Web ports).
 */
import {asArray, asObject} from '../../engine/istio/access';
import {field, list, ModelGap, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {meshConfig} from './sidecar-clusters';
import {METADATA_EXCHANGE, protoDuration} from './cluster-json';
import {sdsSecret} from './cluster-tls-json';
import {inboundRouteConfigurationJson, type JsonObject} from './route-json';
import type {ChainSpec, EnvoyListener, FilterChain, InboundRoute, WeightedClusters} from './sidecar-listeners';
import {bootstrapListenerJson} from './bootstrap-listeners';
import {gatewayDownstreamTls} from './gateway-tls-json';
import type {GatewayServer} from './gateway-servers';
import {accessLogBuilder, type AccessLogSite} from './access-log-json';

const TYPE_PREFIX = 'type.googleapis.com/';
/** MAX_CONNECTIONS_PER_SOCKET_EVENT_LOOP's default. */
const CONNECTIONS_PER_SOCKET_EVENT = 1;
/** PILOT_GATEWAY_TRANSPORT_SOCKET_CONNECT_TIMEOUT's default, on every chain buildListenerFromEntry builds from options. */
const TRANSPORT_SOCKET_CONNECT_TIMEOUT = '15s';

/** Listener's fields in listener.proto's declaration order, the order jsonpb writes them. */
const LISTENER_FIELDS = [
  'name', 'address', 'additionalAddresses', 'statPrefix', 'filterChains', 'useOriginalDst', 'defaultFilterChain', 'metadata', 'listenerFilters',
  'listenerFiltersTimeout', 'continueOnListenerFiltersTimeout', 'transparent', 'trafficDirection', 'accessLog', 'maxConnectionsToAcceptPerSocketEvent', 'bindToPort',
] as const;
/** FilterChain's fields in declaration order. */
const CHAIN_FIELDS = ['filterChainMatch', 'filters', 'metadata', 'transportSocket', 'transportSocketConnectTimeout', 'name'] as const;

function ordered<K extends string>(keys: readonly K[], fields: Partial<Record<K, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (fields[key] !== undefined) out[key] = fields[key];
  return out;
}

/** util.BuildAddress for an IP. */
const socketAddress = (address: string, port: number): JsonObject => ({socketAddress: {address, portValue: port}});

/** xdsfilters.HTTPInspector, TLSInspector (a 512-byte initial read buffer) and OriginalDestination. */
const HTTP_INSPECTOR: JsonObject = {name: 'envoy.filters.listener.http_inspector', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.filters.listener.http_inspector.v3.HttpInspector`}};
const TLS_INSPECTOR: JsonObject = {name: 'envoy.filters.listener.tls_inspector', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector`, initialReadBufferSize: 512}};
const ORIGINAL_DST: JsonObject = {name: 'envoy.filters.listener.original_dst', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.filters.listener.original_dst.v3.OriginalDst`}};

/** listenerPredicateExcludePorts: a destination port range per port, several under or_match. */
function excludePorts(ports: readonly number[]): JsonObject {
  const ranges = ports.map((port) => ({destinationPortRange: {start: port, end: port + 1}}));
  return ranges.length > 1 ? {orMatch: {rules: ranges}} : ranges[0]!;
}

/** An inspector turned off where `disabled` (sorted ports), as filter_disabled (ListenerFilter: name, typed_config, filter_disabled). */
const inspectorFor = (filter: JsonObject, disabled: readonly number[] | undefined): JsonObject => (disabled && disabled.length > 0 ? {...filter, filterDisabled: excludePorts(disabled)} : filter);

/**
 * listener_inbound.go populateListenerFilters for virtualInbound: original_dst, then the TLS
 * inspector where a chain matches TLS and the HTTP inspector where one matches http/1.1 or h2c,
 * each disabled on the ports that need none (buildTLSInspector: when the passthrough, port 0, needs
 * it, the other ports without; otherwise enabled on the ports with it only, through not_match;
 * buildHTTPInspector: disabled on every port without it, port 0 included).
 */
function inboundListenerFilters(chains: readonly FilterChain[]): JsonObject[] {
  const inspectors = new Map<number, {tls: boolean; http: boolean}>();
  for (const chain of chains) {
    const match = chain.envoy?.match ?? {};
    const port = match.port ?? 0;
    const seen = inspectors.get(port) ?? {tls: false, http: false};
    inspectors.set(port, {tls: seen.tls || match.transport === 'tls', http: seen.http || (match.alpns ?? []).some((a) => a === 'http/1.1' || a === 'h2c')});
  }
  const ports = (keep: (i: {tls: boolean; http: boolean}, port: number) => boolean): number[] => [...inspectors].filter(([port, i]) => keep(i, port)).map(([port]) => port).sort((a, b) => a - b);
  const filters = [ORIGINAL_DST];
  if ([...inspectors.values()].some((i) => i.tls)) {
    if (inspectors.get(0)?.tls) filters.push(inspectorFor(TLS_INSPECTOR, ports((i, port) => port !== 0 && !i.tls)));
    else {
      const enabled = ports((i, port) => port !== 0 && i.tls);
      filters.push(enabled.length === 0 ? TLS_INSPECTOR : {...TLS_INSPECTOR, filterDisabled: {notMatch: excludePorts(enabled)}});
    }
  }
  if ([...inspectors.values()].some((i) => i.http)) filters.push(inspectorFor(HTTP_INSPECTOR, ports((i) => !i.http)));
  return filters;
}

/** What the mesh and the cluster's objects make of a chain's filters, or a gap for what is not followed here. */
interface FilterContext {
  /** Whether the prometheus metrics provider is a default provider (mergeMetrics without Telemetry objects). */
  stats: boolean;
  protocolDetectionTimeout: string;
  /** The HCM's tracing (configureTracing's legacy mesh-config path), unset when the mesh disables tracing. */
  tracing?: JsonObject;
  /** BuildInboundTLS's TLS parameters: the mesh's meshMTLS minimum version and cipher suites. */
  tlsParams: JsonObject;
  /** The downstream TLS of a gateway server that terminates it (./gateway-tls-json.ts). */
  gatewayTls: (server: GatewayServer) => JsonObject;
  /** The access logs of a listener class at a site (./access-log-json.ts). */
  accessLogs: (listenerClass: ListenerClass, site: AccessLogSite) => JsonObject[];
}

/** authn/utils SupportedCiphers: the sidecar's server-side suites. */
const SUPPORTED_CIPHERS = ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-GCM-SHA256'];

/** GetMinTLSVersion and the mesh's cipher suites, in TlsParameters' declaration order. */
function inboundTlsParams(mesh: unknown): JsonObject {
  if (list(field(mesh, 'trustDomainAliases')).length > 0) throw new ModelGap('the mesh config has trust domain aliases, whose SAN matches are not translated to Envoy\'s JSON here');
  const suites = field(mesh, 'meshMTLS', 'cipherSuites');
  return {
    tlsMinimumProtocolVersion: field(mesh, 'meshMTLS', 'minProtocolVersion') === 'TLSV1_3' ? 'TLSv1_3' : 'TLSv1_2',
    tlsMaximumProtocolVersion: 'TLSv1_3',
    cipherSuites: Array.isArray(suites) ? suites : SUPPORTED_CIPHERS,
  };
}

const POLICY_KINDS: readonly (readonly [string, string])[] = [
  ['extensions.istio.io', 'WasmPlugin'], ['networking.istio.io', 'EnvoyFilter'], ['security.istio.io', 'AuthorizationPolicy'],
  ['security.istio.io', 'RequestAuthentication'],
];
/** Rule fields buildOutboundNetworkFiltersWithSingleDestination reads into a TCP proxy (idle timeout, connection duration, hash policy, tunnelling). */
const TCP_RULE_FIELDS = new Set(['idleTimeout', 'maxConnectionDuration', 'consistentHash', 'tunnel']);

function setsTcpField(value: unknown): string | undefined {
  const object = asObject(value);
  if (object) {
    for (const [key, inner] of Object.entries(object)) {
      if (TCP_RULE_FIELDS.has(key)) return key;
      const found = setsTcpField(inner);
      if (found) return found;
    }
  }
  for (const item of asArray(value)) {
    const found = setsTcpField(item);
    if (found) return found;
  }
  return undefined;
}

function filterContext(proxy: Proxy, model: StateModel): FilterContext {
  const mesh = meshConfig(model);
  const kind = model.objects.find((o) => POLICY_KINDS.some(([group, k]) => o.group === group && o.kind === k));
  if (kind) throw new ModelGap(`${kind.kind} ${kind.namespace}/${kind.name} changes the listeners' filters, which are not translated to Envoy's JSON here`);
  const accessLogs = accessLogBuilder(proxy, model, mesh);
  const rule = model.objects.find((o) => o.group === 'networking.istio.io' && o.kind === 'DestinationRule' && setsTcpField(o.value.spec) !== undefined);
  if (rule) throw new ModelGap(`DestinationRule ${rule.namespace}/${rule.name} sets ${setsTcpField(rule.value.spec)}, which changes the TCP proxies: not translated to Envoy's JSON here`);
  // The injected istio-proxy is a native sidecar: an init container.
  if (containerEnv(proxy.pod.value, 'istio-proxy', 'ISTIO_META_IDLE_TIMEOUT') !== undefined) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} sets ISTIO_META_IDLE_TIMEOUT, whose idle timeouts are not translated to Envoy's JSON here`);
  const providers = list(field(mesh, 'defaultProviders', 'metrics'));
  if (providers.some((p) => p !== 'prometheus')) throw new ModelGap(`the mesh config's default metrics providers (${providers.join(', ')}) are not translated to Envoy's JSON here`);
  if (field(mesh, 'pathNormalization') !== undefined) throw new ModelGap('the mesh config sets pathNormalization, which is not translated to Envoy\'s JSON here');
  const proxyDefaults = asObject(field(mesh, 'defaultConfig')) ?? {};
  const proxyKey = ['proxyHeaders', 'proxyMetadata'].find((key) => proxyDefaults[key] !== undefined);
  if (proxyKey) throw new ModelGap(`the mesh config's defaultConfig sets ${proxyKey}, which changes the HTTP connection managers: not translated to Envoy's JSON here`);
  const grpcWeb = model.objects.find((o) => o.group === '' && o.kind === 'Service' && list(field(o.value, 'spec', 'ports')).some((p) => /^grpc-web/i.test(String(field(p, 'appProtocol') ?? field(p, 'name') ?? ''))));
  if (grpcWeb) throw new ModelGap(`Service ${grpcWeb.namespace}/${grpcWeb.name} has a gRPC-Web port, whose listener's gRPC-Web filter is not translated to Envoy's JSON here`);
  const detection = field(mesh, 'protocolDetectionTimeout');
  if (detection !== undefined && detection !== '0s') throw new ModelGap('the mesh config sets protocolDetectionTimeout, which is not translated to Envoy\'s JSON here');
  return {
    stats: providers.includes('prometheus'), protocolDetectionTimeout: protoDuration(0), tracing: legacyTracing(proxy, mesh, model), tlsParams: inboundTlsParams(mesh),
    gatewayTls: (server) => gatewayDownstreamTls(server, model), accessLogs,
  };
}

/** An env value of the named container (or init container) of a pod. */
function containerEnv(pod: unknown, container: string, name: string): string | undefined {
  const containers = [...list(field(pod, 'spec', 'initContainers')), ...list(field(pod, 'spec', 'containers'))];
  const value = containers.filter((c) => field(c, 'name') === container).flatMap((c) => list(field(c, 'env'))).find((e) => field(e, 'name') === name);
  const text = field(value, 'value');
  return typeof text === 'string' ? text : undefined;
}

/** tracing.go dryRunPolicyTraceTag: the RBAC filter's shadow result in the request's metadata. */
const dryRunTag = (tag: string, key: string): JsonObject => ({tag, metadata: {kind: {request: {}}, metadataKey: {key: 'envoy.filters.http.rbac', path: [{key}]}}});
const literalTag = (tag: string, value: string): JsonObject => ({tag, literal: {value}});

/**
 * configureTracingFromTelemetry without Telemetry or a default tracing provider: the mesh's
 * enableTracing (default true) sets sampling (PILOT_TRACE_SAMPLING on istiod, default 1%, or the
 * mesh's defaultConfig.tracing.sampling) and configureCustomTags' Istio tags (buildServiceTags from
 * the pod's canonical labels and the proxy's ISTIO_META_MESH_ID and ISTIO_META_CLUSTER_ID, with
 * optionalPolicyTags), sorted by tag.
 */
function legacyTracing(proxy: Proxy, mesh: unknown, model: StateModel): JsonObject | undefined {
  if (list(field(mesh, 'defaultProviders', 'tracing')).length > 0) throw new ModelGap('the mesh config names a default tracing provider, whose tracing settings are not translated to Envoy\'s JSON here');
  if (field(mesh, 'enableTracing') === false) return undefined;
  const annotations = asObject(field(proxy.pod.value, 'metadata', 'annotations')) ?? {};
  if ('proxy.istio.io/config' in annotations) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} overrides its proxy config (proxy.istio.io/config), which is not translated to Envoy's JSON here`);
  const tracing = asObject(field(mesh, 'defaultConfig', 'tracing')) ?? {};
  const other = Object.keys(tracing).find((key) => key !== 'sampling' && key !== 'zipkin');
  if (other) throw new ModelGap(`the mesh config's defaultConfig.tracing sets ${other}, which is not translated to Envoy's JSON here`);
  const istiod = model.objects.find((o) => o.group === '' && o.kind === 'Pod' && asObject(field(o.value, 'metadata', 'labels'))?.app === 'istiod');
  const pilotSampling = Number(containerEnv(istiod?.value, 'discovery', 'PILOT_TRACE_SAMPLING') ?? '1');
  // proxyConfigSamplingValue: the proxy config's sampling when set (above 100 is read as 1), else PILOT_TRACE_SAMPLING (out of range is read as 1).
  const meshSampling = typeof tracing.sampling === 'number' && tracing.sampling !== 0 ? (tracing.sampling > 100 ? 1 : tracing.sampling) : undefined;
  const sampling = meshSampling ?? (Number.isFinite(pilotSampling) && pilotSampling >= 0 && pilotSampling <= 100 ? pilotSampling : 1);
  const labels = asObject(field(proxy.pod.value, 'metadata', 'labels')) ?? {};
  const label = (key: string, fallback: string): string => (typeof labels[key] === 'string' && labels[key] !== '' ? labels[key] : fallback);
  const env = (name: string): string => containerEnv(proxy.pod.value, 'istio-proxy', name) || 'unknown';
  const tags = [
    literalTag('istio.canonical_revision', label('service.istio.io/canonical-revision', 'latest')),
    literalTag('istio.canonical_service', label('service.istio.io/canonical-name', 'unknown')),
    literalTag('istio.mesh_id', env('ISTIO_META_MESH_ID')),
    literalTag('istio.namespace', proxy.pod.namespace || 'default'),
    literalTag('istio.cluster_id', env('ISTIO_META_CLUSTER_ID')),
    dryRunTag('istio.authorization.dry_run.allow_policy.name', 'istio_dry_run_allow_shadow_effective_policy_id'),
    dryRunTag('istio.authorization.dry_run.allow_policy.result', 'istio_dry_run_allow_shadow_engine_result'),
    dryRunTag('istio.authorization.dry_run.deny_policy.name', 'istio_dry_run_deny_shadow_effective_policy_id'),
    dryRunTag('istio.authorization.dry_run.deny_policy.result', 'istio_dry_run_deny_shadow_engine_result'),
  ].sort((a, b) => (String(a.tag) < String(b.tag) ? -1 : 1));
  // configureSampling: client and overall 100%, random the sampling; Tracing's fields in declaration order.
  return {clientSampling: {value: 100}, randomSampling: {value: sampling}, overallSampling: {value: 100}, customTags: tags};
}

/** generateStatsConfig: the host header fallback is disabled on the inbound and gateway classes (disableHostHeaderFallback). */
const statsFilter = (inbound: boolean): JsonObject => ({name: 'istio.stats', typedConfig: {'@type': `${TYPE_PREFIX}stats.PluginConfig`, ...(inbound ? {disableHostHeaderFallback: true} : {})}});

/**
 * A TCP chain's filters: on the inbound class the metadata exchange first (buildCompleteNetworkFilters
 * with includeMx, buildInboundBlackhole), the metrics filter of the chain's class, then the TCP proxy
 * (stat_prefix, then the cluster specifier).
 */
function tcpFilters(target: {cluster: string} | {weighted: WeightedClusters}, listenerClass: ListenerClass, context: FilterContext, includeMx: boolean, logged: boolean): JsonObject[] {
  // TcpProxy: stat_prefix, then the cluster specifier (one cluster, named as the prefix, or weighted clusters), then access_log.
  const specifier = 'cluster' in target ? {statPrefix: target.cluster, cluster: target.cluster} : {statPrefix: target.weighted.statPrefix, weightedClusters: {clusters: target.weighted.clusters}};
  const accessLog = logged ? context.accessLogs(listenerClass, 'tcp') : [];
  const proxy = {name: 'envoy.filters.network.tcp_proxy', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`, ...specifier, ...(accessLog.length > 0 ? {accessLog} : {})}};
  return [...(includeMx ? [METADATA_EXCHANGE] : []), ...(context.stats ? [statsFilter(listenerClass !== 'outbound')] : []), proxy];
}

const typed = (type: string, fields: JsonObject = {}): JsonObject => ({'@type': `${TYPE_PREFIX}${type}`, ...fields});

/** xdsfilters.SidecarOutboundMetadataFilter and SidecarInboundMetadataFilter: peer metadata discovered from and propagated to the other side (a TypedStruct, its Struct's keys sorted). */
const peerMetadata = (side: 'upstream' | 'downstream'): JsonObject => ({
  name: 'istio.metadata_exchange',
  typedConfig: typed('udpa.type.v1.TypedStruct', {typeUrl: `${TYPE_PREFIX}io.istio.http.peer_metadata.Config`, value: {[`${side}_discovery`]: [{istio_headers: {}}, {workload_discovery: {}}], [`${side}_propagation`]: [{istio_headers: {}}]}}),
});
/** xdsfilters.GrpcStats. */
const GRPC_STATS: JsonObject = {name: 'envoy.filters.http.grpc_stats', typedConfig: typed('envoy.extensions.filters.http.grpc_stats.v3.FilterConfig', {emitFilterState: true, statsForAllMethods: false})};
/** xdsfilters.Alpn: the ALPNs an upstream mTLS connection offers per HTTP version (HTTP10 is the enum's zero, left out). */
const ALPN: JsonObject = {
  name: 'istio.alpn',
  typedConfig: typed('istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig', {alpnOverride: [
    {alpnOverride: ['istio-http/1.0', 'istio', 'http/1.0']},
    {upstreamProtocol: 'HTTP11', alpnOverride: ['istio-http/1.1', 'istio', 'http/1.1']},
    {upstreamProtocol: 'HTTP2', alpnOverride: ['istio-h2', 'istio', 'h2']},
  ]}),
};
const FAULT: JsonObject = {name: 'envoy.filters.http.fault', typedConfig: typed('envoy.extensions.filters.http.fault.v3.HTTPFault')};
const CORS: JsonObject = {name: 'envoy.filters.http.cors', typedConfig: typed('envoy.extensions.filters.http.cors.v3.Cors')};
/** BuildRouterFilter without child spans or suppressed debug headers: an empty Router. */
const ROUTER: JsonObject = {name: 'envoy.filters.http.router', typedConfig: typed('envoy.extensions.filters.http.router.v3.Router')};
/** requestidextension.UUIDRequestIDExtension (the legacy tracing path passes no context). */
const REQUEST_ID: JsonObject = {typedConfig: typed('envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig', {useRequestIdForTraceSampling: true})};

/** istionetworking.ListenerClass. */
type ListenerClass = 'outbound' | 'inbound' | 'gateway';

/** What the chain builders hand buildHTTPConnectionManager (httpListenerOpts). */
interface HcmOptions {
  statPrefix: string;
  /** RDS over ADS (outbound), or the inbound chain's inline route configuration. */
  route: {rds: string} | {routeConfig: JsonObject};
  listenerClass: ListenerClass;
  /** buildSidecarInboundHTTPOpts: HTTP/2 options for an HTTP2 or gRPC port. */
  http2: boolean;
}

/**
 * listener_builder.go buildHTTPConnectionManager, in HttpConnectionManager's declaration order: the
 * HTTP filters in istiod's order (metadata exchange, gRPC stats, ALPN on the outbound class only,
 * fault, CORS, the telemetry's stats filter, router; no authn or authz filters without
 * RequestAuthentication and AuthorizationPolicy objects), the tracing, no stream idle timeout,
 * useRemoteAddress off, proxy_100_continue (ENABLE_100_CONTINUE_HEADERS), websocket upgrades, the
 * mesh's default path normalization, the UUID request ID extension; buildSidecarInboundHTTPOpts adds
 * the inbound server name and client certificate details (GetProxyHeaders' defaults: istio-envoy,
 * APPEND_FORWARD, subject, DNS and URI).
 */
function httpConnectionManager(options: HcmOptions, context: FilterContext): JsonObject {
  const inbound = options.listenerClass === 'inbound';
  const gateway = options.listenerClass === 'gateway';
  const accessLog = context.accessLogs(options.listenerClass, 'http');
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typedConfig: typed('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', {
      statPrefix: options.statPrefix,
      ...('rds' in options.route ? {rds: {configSource: {ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'}, routeConfigName: options.route.rds}} : {routeConfig: options.route.routeConfig}),
      // appendMxFilter: the inbound filter on the inbound class, the outbound one elsewhere; ALPN off the inbound class.
      httpFilters: [peerMetadata(inbound ? 'downstream' : 'upstream'), GRPC_STATS, ...(inbound ? [] : [ALPN]), FAULT, CORS, ...(context.stats ? [statsFilter(options.listenerClass !== 'outbound')] : []), ROUTER],
      ...(context.tracing ? {tracing: context.tracing} : {}),
      // buildGatewayConnectionManager: an empty Http1ProtocolOptions.
      ...(gateway ? {httpProtocolOptions: {}} : {}),
      ...(options.http2 ? {http2ProtocolOptions: {}} : {}),
      ...(options.listenerClass === 'outbound' ? {} : {serverName: 'istio-envoy'}),
      streamIdleTimeout: '0s',
      // setHTTPAccessLog: after the stream idle timeout in HttpConnectionManager's declaration order.
      ...(accessLog.length > 0 ? {accessLog} : {}),
      // Gateways see clients' addresses (createGatewayHTTPFilterChainOpts' useRemoteAddress).
      useRemoteAddress: gateway,
      ...(inbound ? {forwardClientCertDetails: 'APPEND_FORWARD', setCurrentClientCertDetails: {subject: true, dns: true, uri: true}} : {}),
      ...(gateway ? {forwardClientCertDetails: 'SANITIZE_SET', setCurrentClientCertDetails: {subject: true, cert: true, dns: true, uri: true}} : {}),
      proxy100Continue: true,
      upgradeConfigs: [{upgradeType: 'websocket'}],
      // The mesh's pathNormalization unset: DEFAULT, which normalizes.
      normalizePath: true,
      pathWithEscapedSlashesAction: 'KEEP_UNCHANGED',
      requestIdExtension: REQUEST_ID,
    }),
  };
}

/** protocol.IsHTTP2. */
const isHttp2 = (protocol: string): boolean => ['HTTP2', 'GRPC', 'GRPC-Web'].includes(protocol);

/** An inbound HTTP chain's filters: the TCP metadata exchange, then its connection manager with the inline route (route.go BuildDefaultHTTPInboundRoute through ./route-json.ts). */
function inboundHttpFilters(route: InboundRoute, port: number | undefined, context: FilterContext): JsonObject[] {
  // inboundChainConfig.StatPrefix: the passthrough's cluster, else inbound_BIND_PORT; util.DelimitedStatsPrefix's `;`.
  const statPrefix = `${port === undefined ? route.cluster : `inbound_0.0.0.0_${port}`};`;
  const grpc = route.protocol === 'GRPC' || route.protocol === 'GRPC-Web';
  const routeConfig = inboundRouteConfigurationJson(route.cluster, route.servicePort, route.operation, grpc);
  return [METADATA_EXCHANGE, httpConnectionManager({statPrefix, route: {routeConfig}, listenerClass: 'inbound', http2: isHttp2(route.protocol)}, context)];
}

/**
 * authn/utils BuildInboundTLS: the workload certificate over SDS, client certificates required and
 * validated against the root (no SANs), Istio's server ALPNs (with the metadata exchange's for TCP).
 */
function downstreamTls(protocol: 'http' | 'tcp', context: FilterContext): JsonObject {
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: typed('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', {
      commonTlsContext: {
        tlsParams: context.tlsParams,
        tlsCertificateSdsSecretConfigs: [sdsSecret('default')],
        combinedValidationContext: {defaultValidationContext: {}, validationContextSdsSecretConfig: sdsSecret('ROOTCA')},
        alpnProtocols: protocol === 'http' ? ['h2', 'http/1.1'] : ['istio-peer-exchange', 'h2', 'http/1.1'],
      },
      requireClientCertificate: true,
    }),
  };
}

/** toFilterChainMatch, in FilterChainMatch's declaration order (destination_port, prefix_ranges, server_names, transport_protocol, application_protocols). */
function chainMatchJson(match: ChainSpec['match']): JsonObject {
  const prefixRanges = match.prefixRanges?.map((range) => ({addressPrefix: range.slice(0, range.indexOf('/')), prefixLen: Number(range.slice(range.indexOf('/') + 1))}));
  return ordered(['destinationPort', 'prefixRanges', 'serverNames', 'transportProtocol', 'applicationProtocols'], {
    destinationPort: match.port, prefixRanges, serverNames: match.sni, transportProtocol: match.transport, applicationProtocols: match.alpns,
  });
}

function chainFilters(spec: ChainSpec, listener: EnvoyListener, inbound: boolean, context: FilterContext): JsonObject[] {
  const {terminal} = spec;
  if ('inbound' in terminal) return inboundHttpFilters(terminal.inbound, spec.match.port, context);
  const listenerClass: ListenerClass = inbound ? 'inbound' : listener.role === 'gateway' ? 'gateway' : 'outbound';
  // buildListenerFromEntry and MutableGatewayListener.build: the traffic direction and listener name, unless an HTTPS server is named (createGatewayHTTPFilterChainOpts).
  const statPrefix = spec.gatewayTls?.name ? spec.gatewayTls.name : `outbound_${listener.name};`;
  if ('rds' in terminal) return [httpConnectionManager({statPrefix, route: terminal, listenerClass, http2: false}, context)];
  // buildGatewayNetworkFiltersFromTCPRoutes: the metadata exchange behind a server terminating Istio mTLS.
  const includeMx = inbound || spec.gatewayTls?.tls?.mode === 'ISTIO_MUTUAL';
  if ('weighted' in terminal && terminal.weighted.clusters.length === 0) throw new ModelGap(`listener ${listener.name}'s TCP proxy has several destinations and none weighted, which istiod cannot build (it reads the first weighted cluster)`);
  // The blackhole chains of virtualOutbound and virtualInbound are built without setTCPAccessLog (blackholeFilterChain, buildInboundBlackhole).
  const logged = spec.name !== 'virtualOutbound-blackhole' && spec.name !== 'virtualInbound-blackhole';
  return tcpFilters(terminal, listenerClass, context, includeMx, logged);
}

function chainJson(chain: FilterChain, listener: EnvoyListener, context: FilterContext): JsonObject {
  const spec = chain.envoy;
  if (!spec) throw new ModelGap(`listener ${listener.name ?? `${listener.address}_${listener.port}`}'s chain "${chain.match}" is not translated to Envoy's JSON here`);
  const match = chainMatchJson(spec.match);
  const inbound = listener.role === 'virtualInbound';
  // A chain without match criteria: istiod leaves the match unset, except on its own PassthroughFilterChain (an empty FilterChainMatch) and inbound chains (ToFilterChainMatch).
  const filterChainMatch = Object.keys(match).length > 0 || spec.name === 'PassthroughFilterChain' || inbound ? match : undefined;
  return ordered(CHAIN_FIELDS, {
    filterChainMatch: spec.isDefault && spec.name !== 'PassthroughFilterChain' ? undefined : filterChainMatch,
    filters: chainFilters(spec, listener, inbound, context),
    metadata: spec.config ? {filterMetadata: {istio: {config: spec.config}}} : undefined,
    transportSocket: spec.tls ? downstreamTls(spec.tls, context) : spec.gatewayTls ? context.gatewayTls(spec.gatewayTls) : undefined,
    transportSocketConnectTimeout: spec.connectTimeout ? TRANSPORT_SOCKET_CONNECT_TIMEOUT : undefined,
    name: spec.name,
  });
}

function listenerJson(listener: EnvoyListener, context: FilterContext): JsonObject {
  if (listener.role === undefined || listener.role === 'bootstrap') throw new ModelGap(`listener 0.0.0.0_${listener.port} is not one istiod builds`);
  const chains = listener.chains.filter((c) => !c.envoy?.isDefault).map((c) => chainJson(c, listener, context));
  const fallback = listener.chains.find((c) => c.envoy?.isDefault);
  const common = {name: listener.name, address: socketAddress(listener.address, listener.port), filterChains: chains, trafficDirection: 'OUTBOUND'};
  // setListenerAccessLog: on virtualOutbound, virtualInbound and a gateway's listeners, not on a sidecar's outbound ones (buildListenerFromEntry).
  const listenerLogs = (listenerClass: ListenerClass): JsonObject[] | undefined => {
    const logs = context.accessLogs(listenerClass, 'listener');
    return logs.length > 0 ? logs : undefined;
  };
  if (listener.role === 'virtualOutbound') {
    return ordered(LISTENER_FIELDS, {...common, useOriginalDst: true, accessLog: listenerLogs('outbound'), maxConnectionsToAcceptPerSocketEvent: CONNECTIONS_PER_SOCKET_EVENT});
  }
  if (listener.role === 'gateway') {
    // listener.go buildGatewayListener: the TLS inspector when a chain matches SNI or terminates TLS (its ALPNs), bound to its port, Envoy's default filter timeout.
    const inspectTls = listener.chains.some((c) => (c.envoy?.match.sni?.length ?? 0) > 0 || c.envoy?.gatewayTls !== undefined);
    return ordered(LISTENER_FIELDS, {...common, listenerFilters: inspectTls ? [TLS_INSPECTOR] : undefined, accessLog: listenerLogs('gateway'), maxConnectionsToAcceptPerSocketEvent: CONNECTIONS_PER_SOCKET_EVENT});
  }
  if (listener.role === 'outbound') {
    // The TLS inspector where a chain matches SNI, the HTTP inspector where one matches ALPNs.
    const inspectTls = listener.chains.some((c) => (c.envoy?.match.sni?.length ?? 0) > 0);
    const inspectHttp = listener.chains.some((c) => (c.envoy?.match.alpns?.length ?? 0) > 0);
    const inspectors = [...(inspectTls ? [TLS_INSPECTOR] : []), ...(inspectHttp ? [HTTP_INSPECTOR] : [])];
    return ordered(LISTENER_FIELDS, {
      ...common,
      defaultFilterChain: fallback ? chainJson(fallback, listener, context) : undefined,
      listenerFilters: inspectors.length > 0 ? inspectors : undefined,
      listenerFiltersTimeout: context.protocolDetectionTimeout,
      continueOnListenerFiltersTimeout: true,
      bindToPort: false,
    });
  }
  if (listener.role === 'virtualInbound') {
    // buildInboundListener: not bound (iptables redirects to it), INBOUND, the mesh's protocolDetectionTimeout.
    return ordered(LISTENER_FIELDS, {
      ...common, trafficDirection: 'INBOUND', listenerFilters: inboundListenerFilters(listener.chains),
      listenerFiltersTimeout: context.protocolDetectionTimeout, continueOnListenerFiltersTimeout: true, accessLog: listenerLogs('inbound'), maxConnectionsToAcceptPerSocketEvent: CONNECTIONS_PER_SOCKET_EVENT,
    });
  }
  throw new ModelGap(`listener ${listener.name} is not translated to Envoy's JSON here`);
}

/** The order of the LDS response (getListeners), then the bootstrap's static listeners. */
const ROLE_ORDER: Readonly<Record<string, number>> = {gateway: 0, outbound: 0, virtualOutbound: 1, virtualInbound: 2, bootstrap: 3};

/** The listeners PrintListenerDump prints (already filtered), as Envoy's JSON, or a gap. */
export function listenerDump(listeners: readonly EnvoyListener[], proxy: Proxy, model: StateModel): JsonObject[] {
  if (listeners.filter((l) => l.role === 'outbound' || l.role === 'gateway').length > 1) {
    const builder = proxy.type === 'router' ? 'a gateway\'s listeners from a Go map (buildGatewayListeners)' : 'outbound listeners from a Go map (finalizeOutboundListeners)';
    throw new ModelGap(`istiod builds ${builder}, so the order of several in the dump is not in the model: filter with --port or --address`);
  }
  // The bootstrap's listeners owe nothing to istiod's filters, so only istiod's need what filterContext reads.
  const context = listeners.some((l) => l.role !== 'bootstrap') ? filterContext(proxy, model) : undefined;
  return [...listeners].sort((a, b) => (ROLE_ORDER[a.role ?? 'bootstrap']! - ROLE_ORDER[b.role ?? 'bootstrap']!))
    .map((l) => (l.role === 'bootstrap' ? bootstrapListenerJson(l, proxy, model) : listenerJson(l, context!)));
}
