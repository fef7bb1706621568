/**
 * The filter chains istiod 1.30.3 gives a gateway's TCP, TLS and passthrough servers
 * (pilot/pkg/networking/core/gateway.go createGatewayTCPFilterChainOpts), as istioctl's listener.go
 * describes them (getMatches, getFilterType):
 * - a TCP server (no TLS): one match-all chain, a TCP proxy to the first `tcp` route of the first
 *   bound VirtualService whose hosts meet the server's (pickMatchingGatewayHosts) and whose match
 *   takes the server's port and Gateway (l4MultiMatch); none when no route applies;
 * - a TLS server that terminates (SIMPLE, MUTUAL, ISTIO_MUTUAL, OPTIONAL_MUTUAL): the same TCP proxy
 *   behind the server's SNI hosts;
 * - PASSTHROUGH (buildGatewayNetworkFiltersFromTLSRoutes): one chain per `tls` match taking the
 *   server's port and Gateway, matched on its sniHosts (a match repeating an SNI host already
 *   served on the listener is skipped, CheckDuplicates);
 * - AUTO_PASSTHROUGH (builtAutoPassthroughFilterChains): one chain per port of each mesh-internal
 *   service whose hostname is within the server's hosts, and per subset of its DestinationRule,
 *   matched on the SNI `outbound_.PORT_.SUBSET_.HOST` and Istio's mTLS ALPNs, proxying to the
 *   SNI-DNAT cluster of that name.
 * The TCP proxy's cluster is GetDestinationCluster's `outbound|PORT|SUBSET|HOST` (the destination's
 * port, else the Service's only port, else the server's); several destinations make weighted
 * clusters of those with a weight, the VirtualService's `NAME.NAMESPACE` as stat prefix
 * (buildOutboundNetworkFiltersWithWeightedClusters), which istioctl prints as `Cluster: `.
 * (./tcp-proxy-terminal.ts). toFilterChainMatch sorts SNI hosts and drops them when one is `*`. Each chain carries its
 * ChainSpec, for `-o json` (./listener-json.ts).
 */
import {asArray, asObject} from '../../engine/istio/access';
import {type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import type {FilterChain} from './sidecar-listeners';
import {specChain, type ChainSpec} from './sidecar-listeners';
import {resolveHost, tcpProxyTerminal, type TcpTerminal} from './tcp-proxy-terminal';
import {outboundClusters} from './sidecar-clusters';
import {resolveGatewayName} from './virtual-service-routes';
import {isPassthrough, sniHostsFor, type GatewayServer} from './gateway-servers';

export {resolveHost};

/** ALPNs of allIstioMtlsALPNs (listener.go). */
const ALL_ISTIO_MTLS_ALPNS = ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'];

/** host.Name.Matches: the names overlap, wildcards read either way. */
export function hostsMatch(n: string, o: string): boolean {
  const nw = n.startsWith('*');
  const ow = o.startsWith('*');
  if (nw && ow) return n.length < o.length ? o.slice(1).endsWith(n.slice(1)) : n.slice(1).endsWith(o.slice(1));
  if (nw) return o.endsWith(n.slice(1));
  if (ow) return n.endsWith(o.slice(1));
  return n === o;
}

/** host.Name.SubsetOf. */
function subsetOf(a: string, b: string): boolean {
  if (b.startsWith('*')) return a.startsWith('*') ? a.length >= b.length && a.slice(1).endsWith(b.slice(1)) : a.endsWith(b.slice(1));
  return !a.startsWith('*') && a === b;
}

/** pickMatchingGatewayHosts: some VirtualService host meets a server host (namespace first, for `NS/host`). */
function matchesServerHosts(server: GatewayServer, vs: ModelObject): boolean {
  const vsHosts = asArray(asObject(vs.value.spec)?.hosts).map((h) => resolveHost(String(h), vs.namespace));
  return vsHosts.some((vh) => server.hosts.some((gh) => {
    const slash = gh.indexOf('/');
    if (slash >= 0 && gh.slice(0, slash) !== vs.namespace) return false;
    return hostsMatch(slash >= 0 ? gh.slice(slash + 1) : gh, vh);
  }));
}

/** l4SingleMatch: the match's port (if any) is the server's, its gateways (if any) name the server's Gateway. */
function l4Matches(match: Record<string, unknown>, server: GatewayServer, vs: ModelObject): boolean {
  const port = typeof match.port === 'number' ? match.port : 0;
  if (port !== 0 && port !== server.port) return false;
  const gateways = asArray(match.gateways).map((g) => resolveGatewayName(String(g), vs.namespace));
  return gateways.length === 0 || gateways.includes(server.gatewayName);
}

const sortedSni = (hosts: readonly string[]): string[] | undefined => (hosts.includes('*') || hosts.length === 0 ? undefined : [...hosts].sort());

/** A TCP proxy behind the SNI hosts; `terminates` the server whose TLS the chain ends. */
function chainFor(sni: string[] | undefined, terminal: TcpTerminal, terminates?: GatewayServer): FilterChain {
  return specChain({match: sni === undefined ? {} : {sni}, terminal, connectTimeout: true, ...(terminates ? {gatewayTls: terminates} : {})});
}

/** buildGatewayNetworkFiltersFromTCPRoutes: the TCP proxy of the first applying `tcp` route, or none. */
function tcpRouteTerminal(server: GatewayServer, virtualServices: ModelObject[], proxy: Proxy, model: StateModel): TcpTerminal | undefined {
  for (const vs of virtualServices) {
    if (!matchesServerHosts(server, vs)) continue;
    for (const tcp of asArray(asObject(vs.value.spec)?.tcp).map((t) => asObject(t) ?? {})) {
      const matches = asArray(tcp.match).map((m) => asObject(m) ?? {});
      if (matches.length > 0 && !matches.some((m) => l4Matches(m, server, vs))) continue;
      return tcpProxyTerminal(asArray(tcp.route).map((r) => asObject(r) ?? {}), server.port, vs, proxy, model);
    }
  }
  return undefined;
}

/**
 * createGatewayTCPFilterChainOpts for one server; `tlsHosts` is the listener's SNI hosts so far
 * (buildGatewayListeners' tlsHostsByPort), shared by the servers of one listener.
 */
export function streamChains(server: GatewayServer, virtualServices: ModelObject[], tlsHosts: Map<string, string>, proxy: Proxy, model: StateModel): FilterChain[] {
  if (server.tlsMode === undefined || !isPassthrough(server)) {
    const terminal = tcpRouteTerminal(server, virtualServices, proxy, model);
    if (terminal === undefined) return [];
    if (server.tlsMode === undefined) return [chainFor(undefined, terminal)];
    return [chainFor(sortedSni(sniHostsFor(server)), terminal, server)];
  }
  if (server.tlsMode === 'AUTO_PASSTHROUGH') return autoPassthroughChains(server, proxy, model);
  const chains: FilterChain[] = [];
  for (const vs of virtualServices) {
    if (!matchesServerHosts(server, vs)) continue;
    for (const tls of asArray(asObject(vs.value.spec)?.tls).map((t) => asObject(t) ?? {})) {
      for (const match of asArray(tls.match).map((m) => asObject(m) ?? {})) {
        if (!l4Matches(match, server, vs)) continue;
        const sniHosts = asArray(match.sniHosts).map(String);
        if (sniHosts.some((h) => tlsHosts.get(h) === server.bind)) continue;
        for (const h of sniHosts) tlsHosts.set(h, server.bind);
        chains.push(chainFor(sortedSni(sniHosts), tcpProxyTerminal(asArray(tls.route).map((r) => asObject(r) ?? {}), server.port, vs, proxy, model)));
      }
    }
  }
  return chains;
}

/** builtAutoPassthroughFilterChains over the proxy's mesh-internal services' clusters. */
function autoPassthroughChains(server: GatewayServer, proxy: Proxy, model: StateModel): FilterChain[] {
  const hosts = sniHostsFor(server);
  return outboundClusters(proxy, model)
    .filter((c) => !(c.service?.object.kind === 'ServiceEntry' && asObject(c.service.object.value.spec)?.location !== 'MESH_INTERNAL'))
    .filter((c) => hosts.some((h) => subsetOf(c.host, h)))
    .map((c) => {
      const sniName = `outbound_.${c.port}_.${c.subset}_.${c.host}`;
      // Matched on the SNI-DNAT cluster's name and Istio's mTLS ALPNs, a TCP proxy to that cluster (its name the stat prefix).
      return specChain({match: {sni: [sniName], alpns: ALL_ISTIO_MTLS_ALPNS}, terminal: {cluster: sniName}, connectTimeout: true});
    });
}
