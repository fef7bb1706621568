/**
 * The Envoy listeners of `istioctl proxy-config listener -o json|yaml` (istioctl 1.30.3
 * configdump/listener.go PrintListenerDump: the listeners of the config dump that pass
 * ListenerFilter.Verify, unsorted, each through jsonpb as ./cluster-json.ts prints clusters), as
 * istiod 1.30.3 builds a sidecar's listeners for the model (pilot/pkg/networking/core):
 * - outbound listeners (listener.go buildListenerFromEntry): named BIND_PORT, OUTBOUND,
 *   `continueOnListenerFiltersTimeout`, `bindToPort: false` (iptables sends them connections through
 *   virtualOutbound), the http_inspector where a chain matches on ALPNs (then the mesh's
 *   protocolDetectionTimeout, else a zero listener_filters_timeout), the match-all chain of a
 *   listener with others as its default_filter_chain, else buildListenerFromEntry's own
 *   PassthroughFilterChain; the chains built from options carry transport_socket_connect_timeout
 *   (PILOT_GATEWAY_TRANSPORT_SOCKET_CONNECT_TIMEOUT, 15s);
 * - virtualOutbound 0.0.0.0:15001 (listener_builder.go buildVirtualOutboundListener): useOriginalDst,
 *   OUTBOUND, max_connections_to_accept_per_socket_event 1 (MAX_CONNECTIONS_PER_SOCKET_EVENT_LOOP),
 *   its blackhole and catch-all chains;
 * - a TCP chain's filters (networkfilter.go buildCompleteNetworkFilters and
 *   buildOutboundCatchAllNetworkFiltersOnly): the telemetry's istio.stats filter
 *   (model/telemetry.go generateStatsConfig, for the prometheus metrics provider the mesh config
 *   names as default), then tcp_proxy with the cluster as stat prefix.
 * The dump lists listeners in the order Envoy added them: the LDS response's, getListeners' outbound
 * listeners, virtualOutbound, the inbound ones, then the bootstrap's static listeners. istiod makes
 * the outbound listeners from a Go map (finalizeOutboundListeners), so two of them in one dump are in
 * an order no model decides: a gap. Also gaps: HTTP connection managers (HTTP chains), virtualInbound,
 * the bootstrap's listeners, a gateway's listeners, and what changes the filters here (Telemetry,
 * WasmPlugin, EnvoyFilter and AuthorizationPolicy objects, the mesh's access logs, a rule's TCP
 * settings).
 */
import {asArray, asObject} from '../../engine/istio/access';
import {field, list, ModelGap, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {meshConfig} from './sidecar-clusters';
import {protoDuration} from './cluster-json';
import type {JsonObject} from './route-json';
import type {ChainSpec, EnvoyListener, FilterChain} from './sidecar-listeners';

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

/** xdsfilters.HTTPInspector. */
const HTTP_INSPECTOR: JsonObject = {name: 'envoy.filters.listener.http_inspector', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.filters.listener.http_inspector.v3.HttpInspector`}};

/** What the mesh and the cluster's objects make of a chain's filters, or a gap for what is not followed here. */
interface FilterContext {
  /** Whether the prometheus metrics provider is a default provider (mergeMetrics without Telemetry objects). */
  stats: boolean;
  protocolDetectionTimeout: string;
}

const POLICY_KINDS: readonly (readonly [string, string])[] = [
  ['telemetry.istio.io', 'Telemetry'], ['extensions.istio.io', 'WasmPlugin'], ['networking.istio.io', 'EnvoyFilter'], ['security.istio.io', 'AuthorizationPolicy'],
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
  for (const key of ['accessLogFile', 'enableEnvoyAccessLogService']) {
    const value = field(mesh, key);
    if (value !== undefined && value !== '' && value !== false) throw new ModelGap(`the mesh config sets ${key}, whose access log filters are not translated to Envoy's JSON here`);
  }
  if (list(field(mesh, 'defaultProviders', 'accessLogging')).length > 0) throw new ModelGap('the mesh config names default access log providers, whose filters are not translated to Envoy\'s JSON here');
  const rule = model.objects.find((o) => o.group === 'networking.istio.io' && o.kind === 'DestinationRule' && setsTcpField(o.value.spec) !== undefined);
  if (rule) throw new ModelGap(`DestinationRule ${rule.namespace}/${rule.name} sets ${setsTcpField(rule.value.spec)}, which changes the TCP proxies: not translated to Envoy's JSON here`);
  const idle = list(field(proxy.pod.value, 'spec', 'containers')).find((c) => field(c, 'name') === 'istio-proxy' && list(field(c, 'env')).some((e) => field(e, 'name') === 'ISTIO_META_IDLE_TIMEOUT'));
  if (idle) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} sets ISTIO_META_IDLE_TIMEOUT, whose idle timeouts are not translated to Envoy's JSON here`);
  const providers = list(field(mesh, 'defaultProviders', 'metrics'));
  if (providers.some((p) => p !== 'prometheus')) throw new ModelGap(`the mesh config's default metrics providers (${providers.join(', ')}) are not translated to Envoy's JSON here`);
  const detection = field(mesh, 'protocolDetectionTimeout');
  if (detection !== undefined && detection !== '0s') throw new ModelGap('the mesh config sets protocolDetectionTimeout, which is not translated to Envoy\'s JSON here');
  return {stats: providers.includes('prometheus'), protocolDetectionTimeout: protoDuration(0)};
}

/** generateStatsConfig for a sidecar's outbound class: host header fallback kept, so an empty PluginConfig. */
const STATS_OUTBOUND: JsonObject = {name: 'istio.stats', typedConfig: {'@type': `${TYPE_PREFIX}stats.PluginConfig`}};

/** A TCP chain's filters: the metrics filter, then the TCP proxy (stat_prefix, then the cluster specifier). */
function tcpFilters(cluster: string, context: FilterContext): JsonObject[] {
  const proxy = {name: 'envoy.filters.network.tcp_proxy', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`, statPrefix: cluster, cluster}};
  return [...(context.stats ? [STATS_OUTBOUND] : []), proxy];
}

/** toFilterChainMatch, in FilterChainMatch's declaration order (destination_port, server_names, transport_protocol, application_protocols). */
function chainMatchJson(match: ChainSpec['match']): JsonObject {
  return ordered(['destinationPort', 'serverNames', 'transportProtocol', 'applicationProtocols'], {
    destinationPort: match.port, serverNames: match.sni, transportProtocol: match.transport, applicationProtocols: match.alpns,
  });
}

function chainJson(chain: FilterChain, listener: EnvoyListener, context: FilterContext): JsonObject {
  const spec = chain.envoy;
  if (!spec) throw new ModelGap(`listener ${listener.name ?? `${listener.address}_${listener.port}`}'s chain "${chain.match}" is not translated to Envoy's JSON here`);
  if ('rds' in spec.terminal) throw new ModelGap(`listener ${listener.name}'s HTTP chain (route ${spec.terminal.rds}): its HTTP connection manager is not translated to Envoy's JSON here`);
  const match = chainMatchJson(spec.match);
  // A chain without match criteria: istiod leaves the match unset, except on its own PassthroughFilterChain (an empty FilterChainMatch).
  const filterChainMatch = Object.keys(match).length > 0 || spec.name === 'PassthroughFilterChain' ? match : undefined;
  return ordered(CHAIN_FIELDS, {
    filterChainMatch: spec.isDefault && spec.name !== 'PassthroughFilterChain' ? undefined : filterChainMatch,
    filters: tcpFilters(spec.terminal.cluster, context),
    transportSocketConnectTimeout: spec.connectTimeout ? TRANSPORT_SOCKET_CONNECT_TIMEOUT : undefined,
    name: spec.name,
  });
}

function listenerJson(listener: EnvoyListener, context: FilterContext): JsonObject {
  const chains = listener.chains.filter((c) => !c.envoy?.isDefault).map((c) => chainJson(c, listener, context));
  const fallback = listener.chains.find((c) => c.envoy?.isDefault);
  const common = {name: listener.name, address: socketAddress(listener.address, listener.port), filterChains: chains, trafficDirection: 'OUTBOUND'};
  if (listener.role === 'virtualOutbound') {
    return ordered(LISTENER_FIELDS, {...common, useOriginalDst: true, maxConnectionsToAcceptPerSocketEvent: CONNECTIONS_PER_SOCKET_EVENT});
  }
  if (listener.role === 'outbound') {
    const inspectHttp = listener.chains.some((c) => (c.envoy?.match.alpns?.length ?? 0) > 0);
    return ordered(LISTENER_FIELDS, {
      ...common,
      defaultFilterChain: fallback ? chainJson(fallback, listener, context) : undefined,
      listenerFilters: inspectHttp ? [HTTP_INSPECTOR] : undefined,
      listenerFiltersTimeout: context.protocolDetectionTimeout,
      continueOnListenerFiltersTimeout: true,
      bindToPort: false,
    });
  }
  const what = listener.role === 'virtualInbound' ? 'virtualInbound, its inbound chains\' TLS contexts and HTTP connection managers,'
    : listener.role === 'bootstrap' ? `the bootstrap's listener 0.0.0.0_${listener.port}` : `a gateway's listener ${listener.address}_${listener.port}`;
  throw new ModelGap(`${what} is not translated to Envoy's JSON here`);
}

/** The order of the LDS response (getListeners), then the bootstrap's static listeners. */
const ROLE_ORDER: Readonly<Record<string, number>> = {outbound: 0, virtualOutbound: 1, virtualInbound: 2, bootstrap: 3};

/** The listeners PrintListenerDump prints (already filtered), as Envoy's JSON, or a gap. */
export function listenerDump(listeners: readonly EnvoyListener[], proxy: Proxy, model: StateModel): JsonObject[] {
  if (proxy.type === 'router') throw new ModelGap('a gateway\'s listeners are not translated to Envoy\'s JSON here');
  if (listeners.filter((l) => l.role === 'outbound').length > 1) {
    throw new ModelGap('istiod builds outbound listeners from a Go map (finalizeOutboundListeners), so the order of several in the dump is not in the model: filter with --port or --address');
  }
  const context = filterContext(proxy, model);
  return [...listeners].sort((a, b) => (ROLE_ORDER[a.role ?? 'bootstrap']! - ROLE_ORDER[b.role ?? 'bootstrap']!)).map((l) => listenerJson(l, context));
}
