/**
 * An Istio ingress gateway's TCP, TLS and passthrough servers: the connection's filter chain and
 * where its TCP proxy sends it, as istiod 1.30.3 builds them and Envoy picks one.
 *
 * istiod (pilot/pkg/networking/core/gateway.go buildGatewayTCPBasedFilterChains,
 * createGatewayTCPFilterChainOpts):
 * - a plaintext HTTP server makes the whole port HTTP (the routes of simulate.ts);
 * - an HTTPS server that terminates TLS is an HTTP chain on its SNI hosts (routed as HTTP);
 * - a TCP server (no `tls`): one match-all chain, a TCP proxy to the routes of the first `tcp`
 *   route of the first VirtualService bound to the Gateway whose hosts meet the server's
 *   (pickMatchingGatewayHosts: for TCP the request's host plays no part) whose matches hold
 *   (l4MultiMatch: only `port` and `gateways` are read, `sourceLabels` and `sourceNamespace` are
 *   not) and which has destinations (buildGatewayNetworkFiltersFromTCPRoutes); no such route: no chain;
 * - a TLS server that terminates (SIMPLE, MUTUAL, ISTIO_MUTUAL, OPTIONAL_MUTUAL): the same `tcp`
 *   routes behind the server's SNI hosts;
 * - PASSTHROUGH (the mode's default: the enum's zero value): one chain per `tls` match whose port and
 *   gateways hold, on its `sniHosts`; a match repeating an SNI host another chain of the port
 *   already has is skipped (CheckDuplicates) (buildGatewayNetworkFiltersFromTLSRoutes);
 * - AUTO_PASSTHROUGH: chains on `outbound_.PORT_.SUBSET_.HOST` SNIs that also require Istio's mTLS
 *   ALPNs (builtAutoPassthroughFilterChains), which only a mesh proxy sends: auto-passthrough.ts.
 * VirtualServices are taken in VirtualServicesForGateway's order: private to the gateway's
 * namespace, exported to it by name, then public, each oldest first. A `*` among sniHosts makes the
 * chain match any SNI (toFilterChainMatch).
 *
 * Envoy (filter chain match): the chain whose server_names hold the SNI exactly, else the longest
 * wildcard `*.suffix` that covers it, else a chain without server_names; none: the connection is
 * closed (response flag NR, "no matching filter chain"). The TCP proxy sends the connection to one
 * cluster (GetDestinationCluster) or, with several destinations, to weighted clusters (those of
 * weight 0 dropped; one destination's weight ignored): buildOutboundNetworkFilters. A TCP proxy has
 * no HTTP fault, timeout, retries or mirrors, and no HTTP status: the connection is established to a
 * pod, or closed when its cluster does not exist (tcp_proxy.cc: flag NC) or has no healthy host (UH),
 * the access log's response code 0 (Decision.connection, outcome.ts finishConnection).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {fqdn, hostsOverlap, hostSpecificity, hostSubsetOf} from '../engine/model/hosts';
import {waypointImportOrder} from './ambient/waypoint-import';
import type {SidecarRouting} from './ambient/sidecar-routing';
import type {Decision, GatewayConnection, TraceStep} from './decision';
import {autoPassthroughChain, type AutoPassthroughTarget} from './auto-passthrough';
import {clusterName, resolveBackend} from './destinations';
import {qualifyGatewayName} from './match';
import {finishConnection, resourceRef, weightedDestinations} from './outcome';
import type {SimRequest} from './request';
import type {SimSource} from './source';
import {exportedTo, locate, type WorldResource, type World} from './world';

/** pkg/config/protocol IsHTTP: servers whose port is one HTTP connection manager. */
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY']);
export const isHttpProtocol = (protocol: string): boolean => HTTP_PROTOCOLS.has(protocol.toUpperCase());

/** A converted destination's backendRef index (not part of the VirtualService istiod writes; only for pointing at the route). */
export const BACKEND_REF_INDEX = 'backendRefIndex';

/** Why istiod left a converted destination empty (an invalid backendRef: gatewayapi/l4-routes.ts); not part of the VirtualService either. */
export const INVALID_BACKEND = 'invalidBackend';

/** route.go GetDestinationCluster's cluster for an empty destination ("only happens when the gateway-api BackendRef is invalid"): Envoy has none of that name. */
const UNKNOWN_SERVICE_CLUSTER = 'UnknownService';

/** ServerTLSSettings.mode as istiod reads it: PASSTHROUGH when a `tls` block leaves it unset. */
export function serverTlsMode(server: Obj): string | undefined {
  const tls = asObject(server.tls);
  return tls ? asString(tls.mode) ?? 'PASSTHROUGH' : undefined;
}

export const isPassthroughMode = (mode: string | undefined): boolean => mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';

/** gateway.IsHTTPServer: plaintext HTTP, or HTTPS that terminates TLS. */
export function isHttpServer(server: Obj): boolean {
  const protocol = (asString(asObject(server.port)?.protocol) ?? '').toUpperCase();
  return HTTP_PROTOCOLS.has(protocol) || (protocol === 'HTTPS' && !isPassthroughMode(serverTlsMode(server)));
}

interface Chain {
  /** Envoy's server_names; undefined: any SNI, or none. */
  serverNames?: string[];
  /** An HTTPS server's chain: routed as HTTP. */
  http?: boolean;
  /** A chain only for Istio's mTLS ALPNs (AUTO_PASSTHROUGH). */
  meshOnly?: boolean;
  /** The server's place in the port's `servers`. */
  serverIndex: number;
  vs?: WorldResource;
  section?: 'tcp' | 'tls';
  index?: number;
  routes?: Obj[];
  why: string;
}

/** A port's servers and the VirtualServices they may use, as istiod hands them to the listener builder. */
export interface L4Gateway {
  /** The gateway's name in messages, `ns/name`. */
  name: string;
  resource: WorldResource;
  /**
   * Each server with the Istio Gateway it belongs to (a Gateway API listener is its own, route_collections.go;
   * an Istio gateway proxy's servers come from every Gateway selecting it, gateway-merge.ts) and, when not
   * `resource`, the Gateway it is written in.
   */
  servers: ReadonlyArray<{server: Obj; index: number; gatewayName: string; resource?: WorldResource}>;
  /** VirtualServices bound to those Gateways, in VirtualServicesForGateway's order. */
  virtualServices: readonly WorldResource[];
}

/** The routes a gateway's VirtualServices give a TCP or TLS port, or undefined when the port is HTTP. */
export function routeGatewayL4(world: World, request: SimRequest, source: SimSource, port: number, base: Decision, trace: TraceStep[], routing: Pick<SidecarRouting, 'resolveDestination'>,
  servers: L4Gateway['servers']): Decision | undefined {
  const gateway = source.gatewayResource!;
  const names = [...new Set(servers.map((s) => s.gatewayName))];
  const gatewayName = names.length > 1 ? names.join(', ') : `${gateway.namespace}/${gateway.name}`;
  const bound = world.virtualServices.filter((vs) => names.some((name) => bindsTo(vs, name)));
  const ordered = waypointImportOrder(source.namespace, '', bound.filter((vs) => exportedTo(vs, source.namespace)), [])
    .flatMap((set) => (set.kind === 'virtual-service' ? [set.vs] : []));
  return routeL4(world, request, source, port, base, trace, routing, {name: gatewayName, resource: gateway, servers, virtualServices: ordered});
}

/** The filter chain a connection to a TCP or TLS port takes and where it goes; undefined when the port is HTTP. */
export function routeL4(world: World, request: SimRequest, source: SimSource, port: number, base: Decision, trace: TraceStep[], routing: Pick<SidecarRouting, 'resolveDestination'>, l4: L4Gateway): Decision | undefined {
  const {name: gatewayName, resource: gateway, servers, virtualServices: ordered} = l4;
  const first = servers[0];
  if (!first || HTTP_PROTOCOLS.has((asString(asObject(first.server.port)?.protocol) ?? '').toUpperCase())) return undefined;
  if (servers.every(({server}) => isHttpServer(server))) return undefined;
  // Chains name their server by its place in `servers` (several Gateways' servers share a port).
  const serverAt = (slot: number) => {
    const {resource = gateway, index} = servers[slot]!;
    return locate(resource, 'spec', resource.spec.servers ? 'servers' : 'listeners', index);
  };
  const merged = servers.some((s) => s.resource !== undefined && s.resource !== gateway);
  const labelOf = (slot: number) => `${merged ? `${servers[slot]!.gatewayName}'s ` : ''}server ${servers[slot]!.index}`;
  // The SNI hosts already served on the port, shared by its servers (buildGatewayListeners' tlsHostsByPort).
  const seenSni = new Set<string>();
  const chains = servers.flatMap(({server, gatewayName: own}, slot) => chainsOf(server, slot, labelOf(slot), port, own, ordered.filter((vs) => bindsTo(vs, own)), seenSni));
  const tls = servers.some(({server}) => serverTlsMode(server) !== undefined);
  const sni = tls ? request.host : undefined;
  // AUTO_PASSTHROUGH chains are exact outbound_ SNIs, built from the registry rather than VirtualServices (auto-passthrough.ts).
  const auto = sni === undefined ? [] : servers.flatMap(({server}, slot) => (serverTlsMode(server) === 'AUTO_PASSTHROUGH' ? [{slot, ...autoPassthroughChain(world, server, sni, source.namespace)}] : []));
  const autoTarget = auto.find((a): a is {slot: number; target: AutoPassthroughTarget} => 'target' in a);
  const chosen = autoTarget ? undefined : pickChain(chains, sni);
  if (chosen?.http) return undefined;
  const serverOf = (slot: number): GatewayConnection['server'] => {
    const {server, index, gatewayName: own} = servers[slot]!;
    const mode = serverTlsMode(server);
    return {index, protocol: (asString(asObject(server.port)?.protocol) ?? '').toUpperCase(), ...(mode ? {tlsMode: mode} : {}), ...(merged ? {gateway: own} : {})};
  };
  const connection = {proxy: 'gateway' as const, protocol: tls ? 'tls' as const : 'tcp' as const, ...(sni ? {sni} : {}), server: serverOf(autoTarget?.slot ?? chosen?.serverIndex ?? 0), chains: chains.length};
  const opened = tls ? `a TLS connection with SNI ${sni} (the request's host)` : 'a plain TCP connection (its host only picks the address)';
  trace.push({message: `Gateway ${gatewayName} port ${port} is not HTTP: the client opens ${opened}; method, path and headers play no part`, at: serverAt(0)});
  for (const chain of chains) trace.push({message: chain.why, at: chain.vs && chain.index !== undefined ? routeAt(chain.vs, chain.section!, chain.index) : serverAt(chain.serverIndex)});
  if (autoTarget) {
    const {target, slot} = autoTarget;
    const at = serverAt(slot);
    trace.push({message: `SNI ${sni} is Istio's outbound cluster name, as a mesh proxy of another cluster sends it with Istio's mTLS ALPNs: ${labelOf(slot)} (AUTO_PASSTHROUGH) has a chain for it, built from the registry without any VirtualService, and passes the connection, still encrypted, to ${clusterName(target.host, target.port, target.subset)}`, at});
    const destination = routing.resolveDestination(world, {host: target.host, port: target.port}, target.host, resolveBackend(world, target.host), target.port, source.namespace, target.subset, at, trace);
    trace.push({message: 'a TCP proxy: no HTTP fault, timeout, retries or mirrors apply to the connection; the destination\'s sidecar ends the client\'s mTLS'});
    return finishConnection({...base, timeout: null, retries: null, destinations: [{...destination, share: 1}]}, connection, trace);
  }
  for (const a of auto) if ('why' in a) trace.push({message: `${labelOf(a.slot)} (AUTO_PASSTHROUGH) has no chain for SNI ${sni}: ${a.why}`, at: serverAt(a.slot)});
  if (!chosen) {
    const why = chains.length === 0
      ? `istiod built no filter chain for port ${port}: no VirtualService bound to ${gatewayName} has a ${servers.some(({server}) => isPassthroughMode(serverTlsMode(server))) ? 'tls route whose match takes this port and gateway' : 'tcp route that applies'}`
      : `no filter chain of port ${port} takes ${sni ? `SNI ${sni}` : 'a connection without SNI'}${chains.some((c) => c.meshOnly) ? ' (the AUTO_PASSTHROUGH chains also need Istio\'s mTLS ALPNs, which only a mesh proxy sends)' : ''}`;
    trace.push({message: `${why}: Envoy closes the connection (response flag NR)`});
    return finishConnection(base, connection, trace, {reason: `no filter chain on gateway ${gatewayName} port ${port} matches${sni ? ` SNI ${sni}` : ''}`, flags: 'NR'});
  }
  const vs = chosen.vs!;
  const index = chosen.index!;
  const section = chosen.section!;
  const at = routeAt(vs, section, index);
  trace.push({message: `Envoy picks the chain ${chosen.serverNames ? `for ${chosen.serverNames.join(', ')}` : 'without server names'}: ${configName(vs)} ${section}[${index}] proxies the connection`, at});
  const decision: Decision = {...base, virtualServices: [resourceRef(vs)], route: {index, section, virtualService: resourceRef(vs), at}, timeout: null, retries: null};
  const {written, weighted, share} = weightedDestinations(chosen.routes ?? []);
  for (const w of written.filter((d) => !weighted.includes(d))) trace.push({message: `route[${w.j}] has weight 0 (or none beside weighted destinations): it receives nothing`, at: routeAt(vs, section, index, w)});
  decision.destinations = weighted.map((w) => {
    const destination = asObject(w.d.destination) ?? {};
    const written = asString(destination.host) ?? '';
    const invalid = asString(w.d[INVALID_BACKEND]);
    if (!written && invalid) {
      const at = routeAt(vs, section, index, w);
      trace.push({message: `${invalid}: istiod writes an empty destination, whose cluster ${UNKNOWN_SERVICE_CLUSTER} Envoy does not have: the TCP proxy closes ${weighted.length > 1 ? 'its share of ' : ''}the connection${weighted.length > 1 ? 's' : ''} (NC)`, at});
      return {host: '', port, cluster: UNKNOWN_SERVICE_CLUSTER, status: 503, flags: 'NC' as const, problem: invalid, pods: [], podCount: 0, workloads: [], at,
        weight: weighted.length === 1 ? undefined : asNumber(w.d.weight), share: share(w)};
    }
    const host = fqdn(written, vs.namespace);
    const resolved = routing.resolveDestination(world, {host: written, port: asNumber(asObject(destination.port)?.number)}, host, resolveBackend(world, host), port,
      source.namespace, asString(destination.subset), routeAt(vs, section, index, w), trace);
    return {...resolved, weight: weighted.length === 1 ? undefined : asNumber(w.d.weight), share: share(w)};
  });
  trace.push({message: 'a TCP proxy: no HTTP fault, timeout, retries or mirrors apply to the connection; a cluster that does not exist (NC) or has no pod (UH) closes it'});
  return finishConnection(decision, connection, trace);
}

/** A VirtualService, or a Gateway API route istiod converted into one (gatewayapi/l4-routes.ts). */
function configName(vs: WorldResource): string {
  return vs.kind === 'VirtualService' ? `VirtualService ${vs.namespace}/${vs.name}` : `${vs.kind} ${vs.namespace}/${vs.name} (as istiod's VirtualService)`;
}

/** Where a route (and one of its destinations) was written: a converted Gateway API route's rule and backendRef (gatewayapi/l4-routes.ts). */
function routeAt(vs: WorldResource, section: 'tcp' | 'tls', index: number, destination?: {d: Obj; j: number}) {
  if (vs.kind === 'VirtualService') return destination ? locate(vs, 'spec', section, index, 'route', destination.j) : locate(vs, 'spec', section, index);
  const ref = destination && asNumber(destination.d[BACKEND_REF_INDEX]);
  return ref === undefined ? locate(vs, 'spec', 'rules', index) : locate(vs, 'spec', 'rules', index, 'backendRefs', ref);
}

const bindsTo = (vs: WorldResource, gatewayName: string): boolean =>
  asArray(vs.spec.gateways).some((g) => typeof g === 'string' && qualifyGatewayName(g, vs.namespace) === gatewayName);

/** pickMatchingGatewayHosts: a VirtualService host meets a server host (an `ns/` prefix must be the VirtualService's namespace). */
function meetsServerHosts(server: Obj, vs: WorldResource, gatewayNamespace: string): boolean {
  const serverHosts = asArray(server.hosts).filter((h): h is string => typeof h === 'string').map((h) => {
    const slash = h.indexOf('/');
    if (slash < 0) return {namespace: '*', host: h};
    const namespace = h.slice(0, slash);
    return {namespace: namespace === '.' ? gatewayNamespace : namespace, host: h.slice(slash + 1)};
  });
  const vsHosts = asArray(vs.spec.hosts).filter((h): h is string => typeof h === 'string').map((h) => fqdn(h, vs.namespace));
  return vsHosts.some((vh) => serverHosts.some((sh) => (sh.namespace === '*' || sh.namespace === vs.namespace) && hostsOverlap(sh.host, vh)));
}

/** l4SingleMatch: the match's port, if any, is the server's; its gateways, if any, name this Gateway. */
function l4Holds(match: Obj, port: number, gatewayName: string, vs: WorldResource): string | undefined {
  const wanted = asNumber(match.port);
  if (wanted !== undefined && wanted !== 0 && wanted !== port) return `port ${wanted}, not ${port}`;
  const gateways = asArray(match.gateways).filter((g): g is string => typeof g === 'string');
  if (gateways.length > 0 && !gateways.some((g) => qualifyGatewayName(g, vs.namespace) === gatewayName)) return `gateways [${gateways.join(', ')}] do not name ${gatewayName}`;
  return undefined;
}

function chainsOf(server: Obj, serverIndex: number, label: string, port: number, gatewayName: string, virtualServices: readonly WorldResource[], seenSni: Set<string>): Chain[] {
  const mode = serverTlsMode(server);
  const gatewayNamespace = gatewayName.split('/')[0]!;
  const serverHosts = [...new Set(asArray(server.hosts).filter((h): h is string => typeof h === 'string').map((h) => h.split('/').pop()!))];
  const namesOf = (hosts: string[]): string[] | undefined => (hosts.includes('*') || hosts.length === 0 ? undefined : hosts);
  if (isHttpServer(server)) return [{serverIndex, http: true, serverNames: namesOf(serverHosts), why: `${label} (HTTPS, TLS ${mode} ends at the gateway): an HTTP chain on ${serverHosts.join(', ')}`}];
  if (mode === 'AUTO_PASSTHROUGH') return [{serverIndex, meshOnly: true, why: `${label} is AUTO_PASSTHROUGH: chains on outbound_.PORT_.SUBSET_.HOST SNIs of the mesh's services within ${serverHosts.join(', ')}, for Istio's mTLS ALPNs only`}];
  const usable = virtualServices.filter((vs) => meetsServerHosts(server, vs, gatewayNamespace));
  if (!isPassthroughMode(mode)) {
    for (const vs of usable) {
      const tcp = asArray(vs.spec.tcp).map((t) => asObject(t) ?? {});
      const index = tcp.findIndex((t) => {
        const matches = asArray(t.match).map((m) => asObject(m) ?? {});
        return (matches.length === 0 || matches.some((m) => l4Holds(m, port, gatewayName, vs) === undefined)) && asArray(t.route).length > 0;
      });
      if (index < 0) {
        // A TLSRoute's VirtualService has only tls blocks: a terminating server takes the first whose match holds.
        const tls = vs.kind === 'TLSRoute' ? asArray(vs.spec.tls).map((t) => asObject(t) ?? {}).findIndex((t) => asArray(t.match).some((m) => l4Holds(asObject(m) ?? {}, port, gatewayName, vs) === undefined)) : -1;
        if (tls < 0) continue;
        return [{serverIndex, vs, section: 'tls', index: tls, routes: asArray(asObject(asArray(vs.spec.tls)[tls])?.route).map((r) => asObject(r) ?? {}), serverNames: namesOf(serverHosts),
          why: `${label} (TLS ${mode} ends at the gateway): a chain ${namesOf(serverHosts) ? `on ${serverHosts.join(', ')}` : 'for any SNI'} from ${configName(vs)} tls[${tls}], its first rule (a terminated TLSRoute is proxied as TCP)`}];
      }
      const terminates = mode ? `, TLS ${mode} ends at the gateway` : '';
      return [{serverIndex, vs, section: 'tcp', index, routes: asArray(tcp[index]!.route).map((r) => asObject(r) ?? {}), serverNames: mode ? namesOf(serverHosts) : undefined,
        why: `${label} (${(asString(asObject(server.port)?.protocol) ?? '').toUpperCase()}${terminates}): a chain ${mode && namesOf(serverHosts) ? `on ${serverHosts.join(', ')}` : 'for any connection'} from ${configName(vs)} tcp[${index}], its first tcp route whose match takes port ${port} and ${gatewayName} (sourceLabels and sourceNamespace are not read at a gateway)`}];
    }
    return [];
  }
  const chains: Chain[] = [];
  for (const vs of usable) {
    asArray(vs.spec.tls).map((t) => asObject(t) ?? {}).forEach((tls, index) => {
      if (asArray(tls.route).length === 0) return;
      for (const match of asArray(tls.match).map((m) => asObject(m) ?? {})) {
        if (l4Holds(match, port, gatewayName, vs) !== undefined) continue;
        const sniHosts = asArray(match.sniHosts).filter((h): h is string => typeof h === 'string');
        const repeated = sniHosts.filter((h) => seenSni.has(h));
        if (repeated.length > 0) continue;
        for (const h of sniHosts) seenSni.add(h);
        chains.push({serverIndex, vs, section: 'tls', index, routes: asArray(tls.route).map((r) => asObject(r) ?? {}), serverNames: namesOf(sniHosts),
          why: `${label} (PASSTHROUGH): a chain on SNI ${sniHosts.join(', ')} from ${configName(vs)} tls[${index}]`});
      }
    });
  }
  return chains;
}

/** Envoy's filter chain match on server_names: exact, then the longest covering wildcard, then a chain without names. */
function pickChain(chains: readonly Chain[], sni: string | undefined): Chain | undefined {
  const named = sni === undefined ? [] : chains.filter((c) => c.serverNames?.some((n) => hostSubsetOf(sni, n)));
  const best = named.map((c) => ({c, score: Math.max(...c.serverNames!.filter((n) => hostSubsetOf(sni!, n)).map(hostSpecificity))}))
    .sort((a, b) => b.score - a.score)[0]?.c;
  return best ?? chains.find((c) => c.serverNames === undefined && !c.meshOnly);
}
