/**
 * A client sidecar's outbound listener for a Service port Istio reads as TCP or TLS (appProtocol, else the
 * name's prefix; `tls`/`https` are TLS), as istiod 1.30.3 builds it (pilot/pkg/networking/core/listener.go
 * buildSidecarOutboundTCPListenerOpts; tls.go buildSidecarOutboundTLSFilterChainOpts,
 * buildSidecarOutboundTCPFilterChainOpts) and Envoy picks a filter chain. Such a port carries connections, not
 * requests: a VirtualService's `http` routes never apply there, and without `tcp`/`tls` routes the default chain
 * proxies every connection to the Service (no HTTP routing, retries, timeout or status). A port that declares
 * no protocol is sniffed: an `http://` request stays with the HTTP routes (simulate.ts), an `https://` one (TLS
 * from the client itself) takes the TCP chains, as no TLS chain is built for such a port.
 *
 * The routes come from every VirtualService for the Service's host (getConfigsForHost), oldest first:
 * - static predicates, read when istiod builds the config (matchTLS, matchTCP): `port` (0 or the Service
 *   port), `sourceLabels` (a subset of the client's labels), `sourceNamespace`, `gateways` (none, or `mesh`);
 * - TCP: a route without `match`, or a holding match without `destinationSubnets`, is the last chain; a route
 *   whose holding matches all have subnets is a chain on those subnets, and the list goes on; no last chain:
 *   the default chain to the Service;
 * - TLS: one chain per holding match (a repeated sniHosts|destinationSubnets pair skipped), on its sniHosts and
 *   on its subnets (tls.go reassigns its CIDR list, so a match's subnets carry over to the chains after it);
 *   no holding match: the default chain; some, but none for the SNI: no chain, closed (NR).
 * Envoy matches the destination address before the SNI, without going back: the chains whose subnets hold the
 * Service's ClusterIP (the listener's address; service-address.ts), longest prefix first, else the chains
 * without subnets; then the SNI (exact, longest wildcard, a chain without names). Each share of the TCP proxy
 * is established to a pod or closed (NC, UH), as at the ingress gateway (gateway-l4.ts).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {fqdn, hostSpecificity, hostSubsetOf} from '../engine/model/hosts';
import type {SidecarRouting} from './ambient/sidecar-routing';
import type {Decision, TraceStep} from './decision';
import {resolveBackend, type ResolvedBackend} from './destinations';
import {portProtocol} from './egress/istio';
import {parseNet} from './linkerd/networks';
import {qualifyGatewayName} from './match';
import {finishConnection, resourceRef, weightedDestinations} from './outcome';
import type {SimRequest} from './request';
import {SERVICE_NETWORK, serviceClusterIp, subnetHolds} from './service-address';
import type {SimSource} from './source';
import {labelsInclude, locate, stringLabels, type World, type WorldResource} from './world';

const servicePort = (service: WorldResource, port: number): Obj | undefined =>
  asArray(service.spec.ports).map((p) => asObject(p) ?? {}).find((p) => asNumber(p.port) === port);

/** A Service port's L4 protocol as Istio reads it (appProtocol, else the name's prefix), or undefined for HTTP or sniffed. */
export function serviceL4Protocol(service: WorldResource, port: number): 'tcp' | 'tls' | undefined {
  const entry = servicePort(service, port);
  if (!entry || portProtocol(asString(entry.name), asString(entry.appProtocol)) !== 'other') return undefined;
  const declared = (asString(entry.appProtocol) ?? asString(entry.name)?.split('-')[0] ?? '').toLowerCase();
  return declared === 'tls' || declared === 'https' ? 'tls' : 'tcp';
}

/** matchTLS / matchTCP: why a match's static predicates do not hold for this client, or undefined. */
function staticMismatch(match: Obj, port: number, source: SimSource, vs: WorldResource): string | undefined {
  const wanted = asNumber(match.port) ?? 0;
  if (wanted !== 0 && wanted !== port) return `port ${wanted}, not ${port}`;
  const labels = stringLabels(match.sourceLabels);
  if (!labelsInclude(source.labels, labels)) return `sourceLabels ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')} are not the client's`;
  const namespace = asString(match.sourceNamespace);
  if (namespace && namespace !== source.namespace) return `sourceNamespace ${namespace}, not ${source.namespace}`;
  const gateways = asArray(match.gateways).filter((g): g is string => typeof g === 'string');
  if (gateways.length > 0 && !gateways.some((g) => g === 'mesh' || qualifyGatewayName(g, vs.namespace) === 'mesh')) return `gateways [${gateways.join(', ')}] do not name mesh`;
  return undefined;
}

/** A filter chain of the listener: a route's (vs, index) or the default one to the Service. */
interface Chain {
  route?: {vs: WorldResource; index: number};
  /** destination_prefix_ranges; undefined: any address. */
  cidrs?: string[];
  /** server_names; undefined: any SNI. */
  sniHosts?: string[];
}

const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === 'string');

/** buildSidecarOutboundTCPFilterChainOpts: the chains of a TCP port, in istiod's order. */
function tcpChains(configs: readonly WorldResource[], port: number, source: SimSource, trace: TraceStep[]): Chain[] {
  const chains: Chain[] = [];
  for (const vs of configs) {
    for (const [index, block] of asArray(vs.spec.tcp).map((b) => asObject(b) ?? {}).entries()) {
      if (asArray(block.route).length === 0) continue;
      const matches = asArray(block.match).map((m) => asObject(m) ?? {});
      if (matches.length === 0) return [...chains, {route: {vs, index}}];
      const subnets: string[] = [];
      for (const [m, match] of matches.entries()) {
        const why = staticMismatch(match, port, source, vs);
        if (why) {
          trace.push({message: `${configOf(vs)} tcp[${index}].match[${m}] does not hold for this client: ${why}`, at: locate(vs, 'spec', 'tcp', index, 'match', m)});
          continue;
        }
        const written = strings(match.destinationSubnets);
        if (written.length === 0) return [...chains, {route: {vs, index}}];
        subnets.push(...written);
      }
      if (subnets.length > 0) chains.push({route: {vs, index}, cidrs: subnets});
    }
  }
  return [...chains, {}];
}

/** buildSidecarOutboundTLSFilterChainOpts: the chains of a TLS port, in istiod's order. */
function tlsChains(configs: readonly WorldResource[], port: number, source: SimSource, trace: TraceStep[]): Chain[] {
  const chains: Chain[] = [];
  const handled = new Set<string>();
  let cidrs: string[] | undefined;
  for (const vs of configs) {
    for (const [index, block] of asArray(vs.spec.tls).map((b) => asObject(b) ?? {}).entries()) {
      if (asArray(block.route).length === 0) continue;
      for (const [m, match] of asArray(block.match).map((x) => asObject(x) ?? {}).entries()) {
        const why = staticMismatch(match, port, source, vs);
        if (why) {
          trace.push({message: `${configOf(vs)} tls[${index}].match[${m}] does not hold for this client: ${why}`, at: locate(vs, 'spec', 'tls', index, 'match', m)});
          continue;
        }
        const subnets = strings(match.destinationSubnets);
        if (subnets.length > 0) cidrs = subnets;
        const sniHosts = strings(match.sniHosts);
        const key = `${sniHosts.join(',')}|${subnets.join(',')}`;
        if (handled.has(key)) continue;
        handled.add(key);
        chains.push({route: {vs, index}, cidrs, sniHosts: sniHosts.length === 0 || sniHosts.includes('*') ? undefined : sniHosts});
      }
    }
  }
  return chains.length > 0 ? chains : [{}];
}

/** Envoy's destination address level: the chains whose subnets hold the ClusterIP (longest prefix), else those without subnets. */
function byAddress(chains: readonly Chain[], service: WorldResource, protocol: 'tcp' | 'tls', trace: TraceStep[]): Chain[] {
  const ip = serviceClusterIp(service);
  const prefixOf = new Map<Chain, number>();
  for (const chain of chains) {
    if (!chain.cidrs || !chain.route) continue;
    const {vs, index} = chain.route;
    const verdicts = chain.cidrs.map((cidr) => ({cidr, verdict: subnetHolds(cidr, service)}));
    const holding = verdicts.filter((v) => v.verdict === 'holds');
    const unknown = verdicts.filter((v) => v.verdict === 'unknown').map((v) => v.cidr);
    const at = locate(vs, 'spec', protocol, index);
    if (holding.length > 0) {
      prefixOf.set(chain, Math.max(...holding.map((v) => parseNet(v.cidr)!.prefix)));
      trace.push({message: `${configOf(vs)} ${protocol}[${index}]'s chain matches destination ${holding.map((v) => v.cidr).join(', ')}: ${ip ? `Service ${service.namespace}/${service.name}'s ClusterIP ${ip} is in it` : `it holds all of ${SERVICE_NETWORK}, the range the lab's ClusterIPs are allocated from`}`, at});
    } else if (unknown.length > 0) {
      trace.push({message: `${configOf(vs)} ${protocol}[${index}]'s chain matches destination ${unknown.join(', ')}: the lab gives Service ${service.namespace}/${service.name} no ClusterIP, and the one the API server allocates in ${SERVICE_NETWORK} may or may not be in it; istiod leaves the test to Envoy, and the simulator takes the address as outside (write spec.clusterIP to decide)`, at});
    } else {
      trace.push({message: `${configOf(vs)} ${protocol}[${index}]'s chain matches destination ${chain.cidrs.join(', ')}: ${ip ? `Service ${service.namespace}/${service.name}'s ClusterIP ${ip} is not in it` : `outside ${SERVICE_NETWORK}, where the lab's ClusterIPs are allocated`}`, at});
    }
  }
  const longest = Math.max(-1, ...prefixOf.values());
  return longest >= 0 ? chains.filter((c) => prefixOf.get(c) === longest) : chains.filter((c) => !c.cidrs);
}

/** Envoy's server name level: exact, then the longest wildcard, then a chain without names. */
function bySni(chains: readonly Chain[], sni: string | undefined): Chain | undefined {
  if (sni === undefined) return chains[0];
  const scored = chains.filter((c) => c.sniHosts).map((c) => ({c, score: Math.max(-1, ...c.sniHosts!.filter((h) => hostSubsetOf(sni, h)).map(hostSpecificity))}));
  const best = scored.filter((s) => s.score >= 0).sort((a, b) => b.score - a.score)[0]?.c;
  return best ?? chains.find((c) => !c.sniHosts);
}

/**
 * The connection a sidecar makes to a Service port Istio reads as TCP or TLS, by the `tcp`/`tls` routes of the
 * VirtualServices for its host (oldest first; none: the default chain); undefined when the port is HTTP or sniffed.
 */
export function routeSidecarL4(world: World, request: SimRequest, source: SimSource, port: number, base: Decision, trace: TraceStep[],
  routing: Pick<SidecarRouting, 'resolveDestination'>, configs: readonly WorldResource[], backend: ResolvedBackend, host: string): Decision | undefined {
  const service = backend.kind === 'service' ? backend.resource! : undefined;
  const entry = service && servicePort(service, port);
  if (!service || !entry) return undefined;
  // A port declaring no protocol is sniffed (listener.go ListenerProtocolAuto: TCP chains, then an HTTP chain that wants
  // raw_buffer with an HTTP ALPN): a client that speaks TLS itself (https) is not HTTP to it, so the TCP chains take it
  // (TLS chains are only built for a TLS port).
  const sniffedTls = request.scheme === 'https' && portProtocol(asString(entry.name), asString(entry.appProtocol)) === 'sniffed';
  const protocol = serviceL4Protocol(service, port) ?? (sniffedTls ? 'tcp' : undefined);
  if (!protocol) return undefined;
  const sni = protocol === 'tls' || sniffedTls ? request.host : undefined;
  const routed = configs.filter((vs) => asArray(vs.spec[protocol]).length > 0);
  const kind = sniffedTls ? 'sniffed, and the client speaks TLS, not HTTP, so its TCP chains apply' : protocol.toUpperCase();
  const because = `Service ${service.namespace}/${service.name} port ${port} is ${kind}: ${routed.length > 0 ? `${routed.map(configOf).join(', ')}'s ${protocol} routes apply` : `no VirtualService has ${protocol} routes for it, so the default TCP proxy to the Service applies`}`;
  const connection = {proxy: 'sidecar' as const, protocol: sni ? 'tls' as const : 'tcp' as const, ...(sni ? {sni} : {}), because};
  trace.push({message: `${because}; the client's sidecar opens ${sni ? `a TLS connection with SNI ${sni} (the request's host)` : 'a plain TCP connection'}: method, path and headers play no part`, at: routed[0] ? locate(routed[0], 'spec', protocol) : service.at});
  for (const vs of configs) {
    const unread = (['http', protocol === 'tcp' ? 'tls' : 'tcp'] as const).filter((section) => asArray(vs.spec[section]).length > 0);
    if (unread.length > 0) trace.push({message: `${configOf(vs)}'s ${unread.join(' and ')} routes do not apply to ${sniffedTls ? 'a TLS connection on a sniffed port: no HTTP is seen there' : `a ${protocol.toUpperCase()} port: istiod builds no HTTP route there`}${unread.includes('http') ? ' (no retries, timeout, fault or HTTP status)' : ''}`, at: locate(vs, 'spec', unread[0]!)});
  }
  const chains = protocol === 'tcp' ? tcpChains(configs, port, source, trace) : tlsChains(configs, port, source, trace);
  const candidates = byAddress(chains, service, protocol, trace);
  const chosen = bySni(candidates, sni);
  const virtualServices = configs.map(resourceRef);
  if (!chosen) {
    trace.push({message: `no tls match ${candidates.length < chains.length ? 'of the chains for this destination address ' : ''}takes SNI ${sni}, and with tls matches istiod builds no default chain: Envoy closes the connection (response flag NR)`});
    return finishConnection({...base, virtualServices}, connection, trace, {reason: `no filter chain for SNI ${sni} on port ${port}`, flags: 'NR'});
  }
  if (!chosen.route) {
    trace.push({message: `${routed.length > 0 ? `no ${protocol} route applies: ` : ''}the default chain proxies the connection to ${host}: a TCP proxy, no HTTP routing, retries or timeout`});
    const destination = routing.resolveDestination(world, {host, port}, host, backend, port, source.namespace, undefined, undefined, trace);
    return finishConnection({...base, virtualServices, timeout: null, retries: null, destinations: [{...destination, share: 1}]}, connection, trace);
  }
  const {vs, index} = chosen.route;
  const at = locate(vs, 'spec', protocol, index);
  trace.push({message: `${configOf(vs)} ${protocol}[${index}] proxies the connection`, at});
  const {weighted, share} = weightedDestinations(asArray(asObject(asArray(vs.spec[protocol])[index])?.route));
  const destinations = weighted.map((w) => {
    const destination = asObject(w.d.destination) ?? {};
    const written = asString(destination.host) ?? '';
    const target = fqdn(written, vs.namespace);
    const resolved = routing.resolveDestination(world, {host: written, port: asNumber(asObject(destination.port)?.number)}, target, resolveBackend(world, target), port,
      source.namespace, asString(destination.subset), locate(vs, 'spec', protocol, index, 'route', w.j), trace);
    return {...resolved, weight: weighted.length === 1 ? undefined : asNumber(w.d.weight), share: share(w)};
  });
  trace.push({message: 'a TCP proxy: no HTTP fault, timeout, retries or mirrors apply to the connection; a cluster that does not exist (NC) or has no pod (UH) closes it'});
  return finishConnection({...base, virtualServices, route: {index, section: protocol, virtualService: resourceRef(vs), at}, timeout: null, retries: null, destinations}, connection, trace);
}

const configOf = (vs: WorldResource): string => `VirtualService ${vs.namespace}/${vs.name}`;
