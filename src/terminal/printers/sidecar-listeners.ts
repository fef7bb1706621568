/**
 * The listeners a 1.30.3 sidecar holds, each filter chain as istioctl's listener.go describes it
 * (getMatches: `SNI: …; Trans: …; App: …; Addr: …` or ALL; getFilterType: `Route: NAME` for RDS, the
 * cluster of an inline match-all route or a TCP proxy, `Cluster: NAME` unless the name holds
 * "Cluster", `Inline Route: …`, Non-HTTP/Non-TCP for a TCP proxy to BlackHoleCluster):
 * - outbound (pilot/pkg/networking/core/listener.go buildSidecarOutboundListener and
 *   buildListenerFromEntry): an HTTP Service port listens on 0.0.0.0:PORT, shared by every HTTP
 *   Service with that port, with its HTTP chain matched on raw_buffer and the plaintext ALPNs
 *   (http/1.1, h2c; features.HTTP10 off) and a default chain to PassthroughCluster; a TCP port on each
 *   address ./outbound-services.ts gives it (a cluster IP, a ServiceEntry's address, a headless
 *   Service's pod IPs, a NONE entry's endpoints, or 0.0.0.0), one match-all chain to its cluster or the
 *   chains of VirtualServices' tcp routes (./sidecar-tcp-chains.ts); an HTTPS or TLS port the chains of
 *   tls routes, else one to its cluster, on 0.0.0.0 matched on the host as SNI, several hosts' chains
 *   merged there (mergeTCPFilterChains, a chain matching what one already matches dropped); a sniffed
 *   port on each such address, its TCP chains, then an HTTP chain to its own route `FQDN:PORT`;
 *   buildListenerFromEntry makes the (last) match-all chain the default one, else adds the
 *   PassthroughFilterChain; two services wanting one address and port otherwise (a listener
 *   conflict) are a gap;
 * - virtualOutbound 0.0.0.0:15001 (listener_builder.go buildVirtualOutboundListener): a blackhole
 *   chain for the port itself, then the catch-all to PassthroughCluster (BlackHoleCluster under
 *   REGISTRY_ONLY);
 * - virtualInbound 0.0.0.0:15006 (listener_inbound.go): the blackhole chain for 15006, the
 *   passthrough chains, then each inbound port's chains, as filterchain_options.go gives them for
 *   the mTLS mode the PeerAuthentications compose (./peer-authentication.ts; PERMISSIVE without any);
 * - the bootstrap's 0.0.0.0:15090 (prometheus) and 0.0.0.0:15021 (health) listeners.
 */
import {field, list, ModelGap, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {inboundPorts, meshConfig} from './sidecar-clusters';
import {type PortHandling} from './sidecar-services';
import {isTlsProtocol} from '../../engine/model/istio-protocol';
import {listenAddresses, outboundServices, WILDCARD, type OutboundService} from './outbound-services';
import {inboundMtls, type MtlsMode} from './peer-authentication';
import {bootstrapListeners} from './bootstrap-listeners';
import {sidecarTcpChains, sidecarTlsChains, type TcpChainOptions} from './sidecar-tcp-chains';
import type {GatewayServer} from './gateway-servers';

export interface FilterChain {
  match: string;
  destination: string;
  /** For retrieveListenerType: an HCM, a TCP proxy (not to BlackHoleCluster), or neither. */
  kind: 'http' | 'tcp' | 'other';
  /** What the chain is in Envoy's terms, for `-o json` (./listener-json.ts); the strings above are read from it. */
  envoy?: ChainSpec;
}

/** A filter chain as istiod builds it: its FilterChainMatch, its terminal filter, and where it sits. */
export interface ChainSpec {
  match: ChainMatch;
  /** An HTTP connection manager over RDS or with an inbound chain's inline route, or a TCP proxy to a cluster (its stat prefix the cluster's name). */
  terminal: {rds: string} | {cluster: string} | {weighted: WeightedClusters} | {inbound: InboundRoute};
  /** An inbound chain that terminates Istio mTLS (FilterChainMatchOptions.TLS), with the context for its protocol. */
  tls?: 'http' | 'tcp';
  /** A gateway server whose TLS the chain terminates (gateway.go buildGatewayListenerTLSContext), read for `-o json` only. */
  gatewayTls?: GatewayServer;
  /** FilterChain.name, where istiod names the chain. */
  name?: string;
  /** buildListenerFromEntry: the match-all chain of a listener with other chains is its default_filter_chain. */
  isDefault?: boolean;
  /** FilterChain.metadata's istio config path (util.BuildConfigInfoMetadata), on a VirtualService's match-all tcp chain. */
  config?: string;
  /** buildListenerFromEntry sets transport_socket_connect_timeout on the chains it builds from options (not on its own passthrough chain). */
  connectTimeout?: boolean;
}

/** A TCP proxy's weighted clusters (buildOutboundNetworkFiltersWithWeightedClusters): its stat prefix and each cluster's weight. */
export interface WeightedClusters {
  statPrefix: string;
  clusters: readonly {name: string; weight: number}[];
}

/** What buildSidecarInboundHTTPOpts reads for an inbound HTTP chain: its cluster and the Service port behind it (none for the passthrough). */
export interface InboundRoute {
  cluster: string;
  servicePort: number;
  /** telemetry.TraceOperation: `HOST:PORT/*`, `:0/*` for the passthrough. */
  operation: string;
  protocol: string;
}

/** The FilterChainMatch fields istiod sets on a sidecar's chains. */
export interface ChainMatch {
  port?: number;
  /** prefix_ranges as `ADDRESS/LENGTH` (toFilterChainMatch: a VirtualService's destinationSubnets, sorted). */
  prefixRanges?: readonly string[];
  sni?: readonly string[];
  transport?: 'tls' | 'raw_buffer';
  alpns?: readonly string[];
}

/** Which builder made a listener, for `-o json`: its listener-level fields and its place in the LDS response. */
export type ListenerRole = 'outbound' | 'virtualOutbound' | 'virtualInbound' | 'gateway' | 'bootstrap';

export interface EnvoyListener {
  address: string;
  port: number;
  /** FilterChains, then DefaultFilterChain (getFilterChains). */
  chains: FilterChain[];
  /** Listener.name (getListenerName: BIND_PORT; the virtual listeners' names). */
  name?: string;
  role?: ListenerRole;
}

const PLAINTEXT_HTTP_ALPNS = ['http/1.1', 'h2c'];
const MTLS_HTTP_ALPNS = ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'];
const ALL_ISTIO_MTLS_ALPNS = ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'];
const MTLS_TCP_WITH_MXC_ALPNS = ['istio-peer-exchange', 'istio'];
/** The proxy's own ports (mesh config defaults and the bootstrap's), which an HTTP Service port, listening on 0.0.0.0, would collide with. */
const PROXY_PORTS = new Set([15000, 15001, 15004, 15006, 15020, 15021, 15053, 15090]);

/** listener.go protDescrs: ALPN lists istioctl names. */
const PROTOCOL_DESCRIPTIONS: readonly [string, readonly string[]][] = [
  ['App: HTTP TLS', ['http/1.0', 'http/1.1', 'h2c', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: Istio HTTP Plain', ['istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: TCP TLS', ['istio-peer-exchange', 'istio']],
  ['App: HTTP', ['http/1.0', 'http/1.1', 'h2c']],
];

/** listener.go getMatches for a filter chain match with these fields. */
export function describeChainMatch(match: ChainMatch): string {
  const descriptions: string[] = [];
  if (match.sni && match.sni.length > 0) descriptions.push(`SNI: ${match.sni.join(',')}`);
  if (match.transport) descriptions.push(`Trans: ${match.transport}`);
  if (match.alpns && match.alpns.length > 0) {
    const named = PROTOCOL_DESCRIPTIONS.find(([, alpns]) => alpns.length === match.alpns!.length && alpns.every((a, i) => a === match.alpns![i]));
    descriptions.push(named ? named[0] : `App: ${match.alpns.join(',')}`);
  }
  const port = match.port !== undefined ? `:${match.port}` : '';
  if (match.prefixRanges && match.prefixRanges.length > 0) descriptions.push(`Addr: ${match.prefixRanges.join(',')}${port}`);
  else if (port) descriptions.push(`Addr: *${port}`);
  return descriptions.length === 0 ? 'ALL' : descriptions.join('; ');
}

/** getFilterType of a TCP proxy or a match-all inline route to `cluster`. */
const toCluster = (cluster: string): string => (cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`);

/** A chain from what istiod builds, with istioctl's MATCH and DESTINATION read from it (getMatches, getFilterType). */
export function specChain(spec: ChainSpec): FilterChain {
  const match = describeChainMatch(spec.match);
  if ('rds' in spec.terminal) return {match, destination: `Route: ${spec.terminal.rds}`, kind: 'http', envoy: spec};
  // getFilterType: an inline route whose one virtual host matches everything names its cluster.
  if ('inbound' in spec.terminal) return {match, destination: toCluster(spec.terminal.inbound.cluster), kind: 'http', envoy: spec};
  // getFilterType: a TCP proxy without a single cluster names none.
  if ('weighted' in spec.terminal) return {match, destination: 'Cluster: ', kind: 'tcp', envoy: spec};
  const cluster = spec.terminal.cluster;
  // retrieveListenerType and getFilterType: a TCP proxy to BlackHoleCluster is neither HTTP nor TCP.
  if (cluster === 'BlackHoleCluster') return {match, destination: 'Non-HTTP/Non-TCP', kind: 'other', envoy: spec};
  return {match, destination: toCluster(cluster), kind: 'tcp', envoy: spec};
}

/** A filter chain option of buildSidecarOutboundListener: its match and terminal, and the VirtualService it comes from. */
interface ChainOption {
  match: ChainMatch;
  terminal: ChainSpec['terminal'];
  config?: string;
}

/** filterChainOpts.isMatchAll (toFilterChainMatch has left out a `*` SNI host already). */
const isMatchAll = (match: ChainMatch): boolean => !match.sni?.length && !match.alpns?.length && !match.transport && !match.prefixRanges?.length;

/** filterChainOpts.conflictsWith for the options a sidecar's outbound chains carry: same transport, ALPNs, SNI hosts and prefix ranges. */
function conflictsWith(a: ChainMatch, b: ChainMatch): boolean {
  const same = (x: readonly string[] | undefined, y: readonly string[] | undefined): boolean => [...new Set(x ?? [])].sort().join() === [...new Set(y ?? [])].sort().join();
  return a.transport === b.transport && (a.alpns ?? []).join() === (b.alpns ?? []).join() && same(a.sni, b.sni) && same(a.prefixRanges, b.prefixRanges);
}

export function sidecarListeners(proxy: Proxy, model: StateModel): EnvoyListener[] {
  const mesh = meshConfig(model);
  if (field(mesh, 'outboundTrafficPolicy', 'egressProxy') !== undefined) throw new ModelGap('the mesh config sends unknown traffic to an egress proxy, which is not modelled here');
  if (list(field(proxy.pod.value, 'status', 'podIPs')).length > 1) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} is dual-stack, whose listeners are not modelled here`);
  const registryOnly = field(mesh, 'outboundTrafficPolicy', 'mode') === 'REGISTRY_ONLY';
  // buildOutboundCatchAllNetworkFiltersOnly: where unknown traffic goes.
  const catchAllCluster = registryOnly ? 'BlackHoleCluster' : 'PassthroughCluster';
  const listeners: EnvoyListener[] = [];
  const httpPorts = new Set<number>();
  const byAddress = new Map<string, {listener: EnvoyListener; options: ChainOption[]; sni?: boolean}>();
  const conflict = (service: OutboundService, key: string): ModelGap => new ModelGap(`${service.external ? 'ServiceEntry' : 'Service'} ${service.namespace}/${service.object.name} needs listener ${key}, which another service's port already holds: how istiod resolves the conflict is not modelled here`);
  const add = (address: string, port: number, options: ChainOption[], sni?: boolean): void => {
    const listener: EnvoyListener = {address, port, chains: [], name: `${address}_${port}`, role: 'outbound'};
    // A listener taking over another's key (AutoOverHTTP) takes its place too.
    const replaced = byAddress.get(`${address}:${port}`);
    byAddress.set(`${address}:${port}`, {listener, options, ...(sni ? {sni} : {})});
    if (replaced) listeners.splice(listeners.indexOf(replaced.listener), 1, listener);
    else listeners.push(listener);
  };
  // Ports whose 0.0.0.0 listener sniffs (ListenerProtocolAuto): HTTP services of the port join it (HTTPOverAuto exits early).
  const sniffedWildcardPorts = new Set<number>();
  const stream = (o: TcpChainOptions): ChainOption => ({match: {...(o.sni ? {sni: o.sni} : {}), ...(o.prefixRanges ? {prefixRanges: o.prefixRanges} : {})}, terminal: o.terminal, ...(o.config ? {config: o.config} : {})});
  for (const service of outboundServices(proxy, model)) {
    for (const port of service.ports) {
      if (port.handling === 'udp') continue;
      const what = `${service.external ? 'ServiceEntry' : 'Service'} ${service.namespace}/${service.object.name}`;
      if (port.handling === 'http' && PROXY_PORTS.has(port.port)) throw new ModelGap(`${what} serves HTTP on port ${port.port}, one of the proxy's own, on 0.0.0.0: how istiod resolves that is not modelled here`);
      const cluster = `outbound|${port.port}||${service.hostname}`;
      // buildSidecarOutboundHTTPListenerOpts with the plaintext ALPNs the HTTP inspector finds.
      const http = (route: string): ChainOption => ({match: {transport: 'raw_buffer', alpns: PLAINTEXT_HTTP_ALPNS}, terminal: {rds: route}});
      if (port.handling === 'http') {
        // HTTP ports share 0.0.0.0:PORT, whatever the service's address.
        const key = `${WILDCARD}:${port.port}`;
        const existing = byAddress.get(key);
        if (sniffedWildcardPorts.has(port.port)) continue;
        if (existing && !httpPorts.has(port.port)) throw conflict(service, key);
        if (!existing) {
          httpPorts.add(port.port);
          add(WILDCARD, port.port, [http(String(port.port))]);
        }
        continue;
      }
      for (const address of listenAddresses(service, proxy, model)) {
        const key = `${address}:${port.port}`;
        const existing = byAddress.get(key);
        // A sniffed port on 0.0.0.0 (buildSidecarOutboundListener, ListenerProtocolAuto at the wildcard): it takes over the port's
        // HTTP listener (AutoOverHTTP); another sniffed or TCP listener there merges with it in the services' order (not modelled).
        const sniffedWildcard = address === WILDCARD && port.handling === 'sniffed';
        if (sniffedWildcard && existing && (!httpPorts.has(port.port) || sniffedWildcardPorts.has(port.port))) {
          throw new ModelGap(`${what} has port ${port.port} of no declared protocol on 0.0.0.0, whose sniffing listener another service's TCP or sniffed port shares: how istiod merges them is not modelled here`);
        }
        // buildSidecarOutboundTCPListenerOpts: a TLS or HTTPS port's TLS options (./sidecar-tcp-chains.ts), any other's TCP options.
        // protocol IsTLS: the ports whose chains buildSidecarOutboundTLSFilterChainOpts builds.
        const tls = isTlsProtocol(port.protocol);
        const streams = (tls
          ? sidecarTlsChains(service.hostname, port.port, cluster, address === WILDCARD, proxy, model)
          : sidecarTcpChains(service.hostname, port.port, cluster, proxy, model)).map(stream);
        if (existing?.sni && tls) {
          // mergeTCPFilterChains: another host's chains on a wildcard TLS listener, each unless one already there matches the same.
          existing.options.push(...streams.filter((incoming) => !existing.options.some((o) => conflictsWith(o.match, incoming.match))));
          continue;
        }
        if (existing && !sniffedWildcard) throw conflict(service, key);
        if (sniffedWildcard) sniffedWildcardPorts.add(port.port);
        // A sniffed port: the TCP options, then the HTTP chain to the service's own route (listener.go rdsName: the port's
        // shared one at the wildcard, else HOST:PORT).
        add(address, port.port, port.handling === 'tcp' ? streams : [...streams, http(sniffedWildcard ? String(port.port) : `${service.hostname}:${port.port}`)], address === WILDCARD && tls);
      }
    }
  }
  for (const {listener, options} of byAddress.values()) listener.chains = listenerChains(options, catchAllCluster);
  // buildVirtualOutboundListener: the blackhole chain for the listener's own port, then the catch-all.
  listeners.push({address: WILDCARD, port: 15001, name: 'virtualOutbound', role: 'virtualOutbound', chains: [
    specChain({match: {port: 15001}, terminal: {cluster: 'BlackHoleCluster'}, name: 'virtualOutbound-blackhole'}),
    specChain({match: {}, terminal: {cluster: catchAllCluster}, name: 'virtualOutbound-catchall-tcp'}),
  ]});
  // buildInboundBlackhole: the inbound listener's own port.
  const blackhole = specChain({match: {port: 15006}, terminal: {cluster: 'BlackHoleCluster'}, name: 'virtualInbound-blackhole'});
  listeners.push({address: WILDCARD, port: 15006, name: 'virtualInbound', role: 'virtualInbound', chains: [blackhole, ...virtualInboundChains(proxy, model)]});
  listeners.push(...bootstrapListeners());
  return listeners;
}

/**
 * buildListenerFromEntry: chains with a match in order, the (last) match-all one as the default chain, or alone when
 * nothing else is there; without one, istiod's PassthroughFilterChain (an empty match) to `catchAllCluster`. Each
 * chain built from options gets a transport socket connect timeout.
 */
function listenerChains(options: readonly ChainOption[], catchAllCluster: string): FilterChain[] {
  const chain = (o: ChainOption, isDefault: boolean): FilterChain => specChain({match: o.match, terminal: o.terminal, connectTimeout: true, ...(isDefault ? {isDefault} : {}), ...(o.config ? {config: o.config} : {})});
  const matched = options.filter((o) => !isMatchAll(o.match));
  const fallback = options.filter((o) => isMatchAll(o.match)).at(-1);
  if (matched.length === 0 && fallback) return [chain(fallback, false)];
  const passthrough = specChain({match: {}, terminal: {cluster: catchAllCluster}, name: 'PassthroughFilterChain', isDefault: true});
  return [...matched.map((o) => chain(o, false)), fallback ? chain(fallback, true) : passthrough];
}

/** A filter chain match option of filterchain_options.go: its transport, ALPNs, the filter it leads to, and whether it terminates Istio mTLS (TLS). */
type MatchOption = readonly [transport: 'tls' | 'raw_buffer', alpns: readonly string[] | undefined, kind: 'http' | 'tcp', terminates: boolean];

/** getFilterChainMatchOptions: the chains a listener protocol (HTTP, TCP, or sniffed: auto) gets under an mTLS mode. */
const MATCH_OPTIONS: Readonly<Record<'http' | 'tcp' | 'auto', Readonly<Record<MtlsMode, readonly MatchOption[]>>>> = {
  http: {
    PERMISSIVE: [['tls', ALL_ISTIO_MTLS_ALPNS, 'http', true], ['raw_buffer', undefined, 'http', false]],
    STRICT: [['tls', undefined, 'http', true]],
    DISABLE: [['raw_buffer', undefined, 'http', false]],
  },
  tcp: {
    // The second chain lets non-Istio TLS through untouched.
    PERMISSIVE: [['tls', ALL_ISTIO_MTLS_ALPNS, 'tcp', true], ['tls', undefined, 'tcp', false], ['raw_buffer', undefined, 'tcp', false]],
    STRICT: [['tls', undefined, 'tcp', true]],
    DISABLE: [['raw_buffer', undefined, 'tcp', false]],
  },
  auto: {
    PERMISSIVE: [['tls', MTLS_HTTP_ALPNS, 'http', true], ['raw_buffer', PLAINTEXT_HTTP_ALPNS, 'http', false], ['tls', MTLS_TCP_WITH_MXC_ALPNS, 'tcp', true], ['raw_buffer', undefined, 'tcp', false], ['tls', undefined, 'tcp', false]],
    STRICT: [['tls', MTLS_HTTP_ALPNS, 'http', true], ['tls', undefined, 'tcp', true]],
    DISABLE: [['raw_buffer', PLAINTEXT_HTTP_ALPNS, 'http', false], ['raw_buffer', undefined, 'tcp', false]],
  },
};

/** buildInboundPassthroughChains' inbound route: no Service, port 0. */
const PASSTHROUGH_ROUTE: InboundRoute = {cluster: 'InboundPassthroughCluster', servicePort: 0, operation: ':0/*', protocol: ''};

/**
 * inboundChainForOpts: the chains for one port (undefined: the passthrough) under `mode`, HTTP ones
 * with `route`'s inline route, TCP ones proxying to its cluster; named by inboundChainConfig.Name
 * (the passthrough's fixed names, else BIND_PORT).
 */
export function inboundChains(port: number | undefined, handling: 'http' | 'tcp' | 'auto', mode: MtlsMode, route: InboundRoute = PASSTHROUGH_ROUTE): FilterChain[] {
  return MATCH_OPTIONS[handling][mode].map(([transport, alpns, kind, terminates]) => specChain({
    match: {port, transport, alpns},
    terminal: kind === 'http' ? {inbound: route} : {cluster: route.cluster},
    name: port !== undefined ? `${WILDCARD}_${port}` : kind === 'http' ? 'virtualInbound-catchall-http' : 'virtualInbound',
    ...(terminates ? {tls: kind} : {}),
  }));
}

/**
 * listener_inbound.go after the blackhole chain: the passthrough chains (buildInboundPassthroughChains,
 * protocol auto, the workload's mode), then each inbound port's chains under its own mode
 * (ForPort: a port-level mode, else the workload's), by target port (buildInboundChainConfigs). A
 * port-level mode for a port no Service targets adds passthrough chains of its own, in Go map
 * order: a gap.
 */
export function virtualInboundChains(proxy: Proxy, model: StateModel): FilterChain[] {
  const mtls = inboundMtls(proxy.pod, model);
  const ports = [...inboundPorts(proxy, model)].sort((a, b) => a.targetPort - b.targetPort);
  const extra = [...mtls.perPort.keys()].find((port) => !ports.some((p) => p.targetPort === port));
  if (extra !== undefined) throw new ModelGap(`a PeerAuthentication sets port ${extra}'s mTLS mode on pod ${proxy.pod.namespace}/${proxy.pod.name}, where no Service targets it: its passthrough chains are not modelled here`);
  const handling = (h: PortHandling): 'http' | 'tcp' | 'auto' => (h === 'sniffed' ? 'auto' : h === 'http' ? 'http' : 'tcp');
  return [
    ...inboundChains(undefined, 'auto', mtls.mode),
    ...ports.flatMap(({targetPort, service, servicePort}) => inboundChains(targetPort, handling(servicePort.handling), mtls.perPort.get(targetPort) ?? mtls.mode, {
      cluster: `inbound|${targetPort}||`, servicePort: servicePort.port, operation: `${service.hostname}:${servicePort.port}/*`, protocol: servicePort.protocol,
    })),
  ];
}

/** retrieveListenerType: HTTP, TCP, HTTP+TCP or UNKNOWN by the chains' filters. */
export function listenerType(listener: EnvoyListener): string {
  const http = listener.chains.some((c) => c.kind === 'http');
  const tcp = listener.chains.some((c) => c.kind === 'tcp');
  if (http) return tcp ? 'HTTP+TCP' : 'HTTP';
  return tcp ? 'TCP' : 'UNKNOWN';
}
