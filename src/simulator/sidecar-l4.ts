/**
 * A client sidecar's outbound listener for a Service or ServiceEntry port Istio reads as TCP or TLS (a Service's
 * ConvertProtocol, a ServiceEntry's `protocol`; src/engine/model/istio-protocol.ts), as istiod 1.30.3 builds it
 * (pilot/pkg/networking/core/listener.go buildSidecarOutboundTCPListenerOpts, buildListenerFromEntry; tls.go
 * buildSidecarOutboundTLSFilterChainOpts, buildSidecarOutboundTCPFilterChainOpts) and Envoy picks a filter chain. Such
 * a port carries connections, not requests: a VirtualService's `http` routes never apply there, and without `tcp`/`tls`
 * routes the default chain proxies every connection to the Service or entry (no HTTP routing, retries, timeout or
 * status). A port that declares no protocol is sniffed: an `http://` request stays with the HTTP routes (simulate.ts),
 * an `https://` one (TLS from the client itself) takes the TCP chains, as no TLS chain is built for such a port; TLS to
 * an HTTP port misses its plaintext chain. A ServiceEntry without addresses listens on 0.0.0.0 (no DNS capture), its
 * TLS default chain matched on its host as SNI. A UDP port has no listener and is not captured.
 *
 * The routes come from every VirtualService for the Service's host (getConfigsForHost), oldest first:
 * - static predicates, read when istiod builds the config (matchTLS, matchTCP): `port` (0 or the Service
 *   port), `sourceLabels` (a subset of the client's labels), `sourceNamespace`, `gateways` (none, or `mesh`);
 * - TCP: a route without `match`, or a holding match without `destinationSubnets`, is the last chain; a route
 *   whose holding matches all have subnets is a chain on those subnets, and the list goes on; no last chain:
 *   the default chain to the Service;
 * - TLS: one chain per holding match (a repeated sniHosts|destinationSubnets pair skipped), on its sniHosts and
 *   on its subnets (tls.go reassigns its CIDR list, so a match's subnets carry over to the chains after it);
 *   no holding match: the default chain; some, but none for the SNI: the listener's passthrough default chain.
 * Envoy matches the destination address before the SNI, without going back: the chains whose subnets hold the
 * listener's address (a Service's ClusterIP, a ServiceEntry's address; service-address.ts), longest prefix first, else
 * the chains without subnets; then the SNI (exact, longest wildcard, a chain without names); no chain: the listener's
 * default chain, PassthroughFilterChain (PassthroughCluster, or BlackHoleCluster under REGISTRY_ONLY). Each share of
 * the TCP proxy is established to a pod or closed (NC, UH), as at the ingress gateway (gateway-l4.ts).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {fqdn, hostSpecificity, hostSubsetOf} from '../engine/model/hosts';
import {convertProtocol, isTlsProtocol, parseProtocol, protocolHandling} from '../engine/model/istio-protocol';
import type {SidecarRouting} from './ambient/sidecar-routing';
import type {Decision, SidecarConnection, TraceStep} from './decision';
import {resolveBackend, type ResolvedBackend} from './destinations';
import {parseNet} from './linkerd/networks';
import {qualifyGatewayName} from './match';
import {routeUnregistered} from './egress/istio';
import {finish, finishConnection, resourceRef, weightedDestinations} from './outcome';
import type {SimRequest} from './request';
import {dnsCaptureOf, type DnsCapture} from './dns-capture';
import {listenerDestination, subnetHolds, type ListenerDestination} from './service-address';
import type {SimSource} from './source';
import {sharedWildcardOwner, type ListenerOwner} from './shared-tcp-listener';
import {outboundPolicyOf, sidecarScopeOf} from './egress/outbound-policy';
import {labelsInclude, locate, stringLabels, type World, type WorldResource} from './world';

/**
 * A registered port as istiod reads its protocol: a Service's by ConvertProtocol (a TCP port before a UDP one of
 * the same number, since the lab's request is TCP), a ServiceEntry's by protocol.Parse of its `protocol`.
 */
export function registeredPort(resource: WorldResource, port: number): {entry: Obj; protocol: string} | undefined {
  const ports = asArray(resource.spec.ports).map((p) => asObject(p) ?? {});
  if (resource.kind === 'ServiceEntry') {
    const entry = ports.find((p) => asNumber(p.number) === port);
    return entry && {entry, protocol: parseProtocol(asString(entry.protocol) ?? '')};
  }
  const same = ports.filter((p) => asNumber(p.port) === port).map((entry) => ({entry, protocol: convertProtocol(entry)}));
  return same.find((p) => p.protocol !== 'UDP') ?? same[0];
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
function tlsChains(configs: readonly WorldResource[], port: number, source: SimSource, trace: TraceStep[], defaultSni?: string[]): Chain[] {
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
  return chains.length > 0 ? chains : [{sniHosts: defaultSni}];
}

/** Envoy's destination address level: the chains whose subnets hold the listener's address (longest prefix), else those without subnets. */
function byAddress(chains: readonly Chain[], destination: ListenerDestination, protocol: 'tcp' | 'tls', trace: TraceStep[]): Chain[] {
  const prefixOf = new Map<Chain, number>();
  for (const chain of chains) {
    if (!chain.cidrs || !chain.route) continue;
    const {vs, index} = chain.route;
    const verdicts = chain.cidrs.map((cidr) => ({cidr, verdict: subnetHolds(cidr, destination)}));
    const holding = verdicts.filter((v) => v.verdict === 'holds');
    const unknown = verdicts.filter((v) => v.verdict === 'unknown').map((v) => v.cidr);
    const at = locate(vs, 'spec', protocol, index);
    const matches = `${configOf(vs)} ${protocol}[${index}]'s chain matches destination`;
    if (holding.length > 0) {
      prefixOf.set(chain, Math.max(...holding.map((v) => parseNet(v.cidr)!.prefix)));
      trace.push({message: `${matches} ${holding.map((v) => v.cidr).join(', ')}: ${destination.why} ${destination.kind === 'address' ? 'is in it' : 'is surely in it'}`, at});
    } else if (unknown.length > 0) {
      const decide = destination.kind === 'any' ? 'write spec.addresses to decide' : destination.why.startsWith('the ClusterIP') ? 'write spec.clusterIP to decide' : 'record the allocated address in status.addresses to decide';
      trace.push({message: `${matches} ${unknown.join(', ')}: ${destination.kind === 'any' ? `${destination.why}, and the destination is the address DNS gives the application, which the lab does not know` : `${destination.why} may or may not be in it`}; the simulator takes it as outside (${decide})`, at});
    } else {
      trace.push({message: `${matches} ${chain.cidrs.join(', ')}: ${destination.why} is not in it`, at});
    }
  }
  const longest = Math.max(-1, ...prefixOf.values());
  return longest >= 0 ? chains.filter((c) => prefixOf.get(c) === longest) : chains.filter((c) => !c.cidrs);
}

/** Envoy's server name level: exact, then the longest wildcard, then a chain without names (the only kind a connection without SNI can take). */
function bySni(chains: readonly Chain[], sni: string | undefined): Chain | undefined {
  if (sni === undefined) return chains.find((c) => !c.sniHosts);
  const scored = chains.filter((c) => c.sniHosts).map((c) => ({c, score: Math.max(-1, ...c.sniHosts!.filter((h) => hostSubsetOf(sni, h)).map(hostSpecificity))}));
  const best = scored.filter((s) => s.score >= 0).sort((a, b) => b.score - a.score)[0]?.c;
  return best ?? chains.find((c) => !c.sniHosts);
}

/** The ServiceEntry host that registers `host` (the most specific), the name its TLS chain matches as SNI. */
function entryHost(entry: WorldResource, host: string): string {
  return strings(entry.spec.hosts).filter((h) => hostSubsetOf(host, h)).sort((x, y) => hostSpecificity(y) - hostSpecificity(x))[0] ?? host;
}

/**
 * Where a ServiceEntry port listens at a sidecar (listener.go buildSidecarOutboundListeners, GetAddressForProxy; service-address.ts)
 * and what its cluster is (resolution NONE: ORIGINAL_DST, the address the application dialed; DNS: the host or its endpoints by
 * DNS; STATIC: the endpoints).
 */
function entryListener(entry: WorldResource, port: number, protocol: 'tcp' | 'tls', host: string, destination: ListenerDestination, capture: DnsCapture): string {
  const resolution = asString(entry.spec.resolution) ?? 'NONE';
  const endpoints = asArray(entry.spec.endpoints).length;
  const bound = destination.kind !== 'any';
  const where = destination.kind === 'address' ? `${destination.ip}:${port} (${destination.why})`
    : destination.kind === 'allocated' ? `its allocated address on port ${port} (${destination.why})`
      : resolution === 'NONE' && endpoints > 0 ? `each endpoint's address on port ${port} (resolution NONE without addresses: a connection is taken only when DNS gives the application one of them${capture.on ? ', as the sidecar\'s DNS proxy does' : ''})`
        : `0.0.0.0:${port}, as ${destination.why}`;
  const dns = bound && capture.on && asArray(entry.spec.addresses).length === 0 ? `; the sidecar's DNS proxy answers ${entryHost(entry, host)} with that address, so the application's connection arrives there` : '';
  const shared = !bound && protocol === 'tcp' && !(resolution === 'NONE' && endpoints > 0)
    ? `: a TCP chain there cannot tell hosts apart, so every TCP connection this pod opens to port ${port}, whatever its host, takes it`
    : !bound && protocol === 'tls' ? `, its chain matched on SNI ${entryHost(entry, host)}` : '';
  const cluster = resolution === 'NONE' ? 'an ORIGINAL_DST cluster: the connection goes to the address the application dialed, still through the entry\'s own cluster (its DestinationRule applies), not PassthroughCluster'
    : resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN' ? `resolved by DNS (${endpoints > 0 ? 'its endpoints\' addresses' : 'the host itself'})` : 'its endpoints';
  return `ServiceEntry ${entry.namespace}/${entry.name} port ${port} (resolution ${resolution}) listens on ${where}${dns}${shared}; its cluster is ${cluster}`;
}

/**
 * buildListenerFromEntry: a connection no filter chain takes meets the listener's default chain, PassthroughFilterChain
 * (buildOutboundCatchAllNetworkFiltersOnly): PassthroughCluster, the original destination, under ALLOW_ANY; BlackHoleCluster,
 * no endpoint, under REGISTRY_ONLY. Either way the mesh's cluster for the host is not used (no DestinationRule, no mTLS).
 */
function defaultFilterChain(world: World, source: SimSource, base: Decision, connection: Omit<SidecarConnection, 'state' | 'reason'>, trace: TraceStep[],
  why: string, destination: string): Decision {
  const policy = outboundPolicyOf(world, source);
  if (policy.mode === 'REGISTRY_ONLY') {
    trace.push({message: `${why}: the listener's default chain (PassthroughFilterChain) sends it to BlackHoleCluster under REGISTRY_ONLY (${policy.from}), which has no endpoint: the connection is reset`, at: policy.at});
    return finishConnection(base, connection, trace, {reason: `${why}: reset by BlackHoleCluster (REGISTRY_ONLY)`});
  }
  trace.push({message: `${why}: the listener's default chain (PassthroughFilterChain) sends it to PassthroughCluster, the original destination ${destination}, its bytes as the client wrote them: no DestinationRule, no mTLS from the sidecar`, at: policy.at});
  return finish({...base, outcome: 'passthrough', status: null, connection: {...connection, state: 'established'}, destinations: [],
    summary: `${why}: passed through to the original destination ${destination} (PassthroughCluster)`}, trace);
}

/**
 * TLS from the client (`https://`) to a port Istio reads as HTTP: the 0.0.0.0:PORT listener's HTTP chain matches only
 * raw_buffer with a plaintext HTTP ALPN (listener.go buildSidecarOutboundListener, plaintextHTTPALPNs), which the HTTP
 * inspector cannot find in a TLS ClientHello, so the listener's default chain takes the connection: no HTTP route applies.
 */
function tlsToHttpPort(world: World, source: SimSource, registered: WorldResource, port: number, base: Decision, request: SimRequest, trace: TraceStep[]): Decision {
  const what = `${registered.kind} ${registered.namespace}/${registered.name}`;
  const because = `${what} port ${port} is HTTP, and the client speaks TLS`;
  trace.push({message: `${because}: the sidecar's 0.0.0.0:${port} listener routes HTTP only on plaintext connections (transport raw_buffer, ALPN http/1.1 or h2c, which the HTTP inspector cannot read from a TLS ClientHello), so no HTTP route, retry, timeout or status applies`, at: locate(registered, 'spec', 'ports')});
  return defaultFilterChain(world, source, base, {proxy: 'sidecar', protocol: 'tls', sni: request.host, because}, trace, `no chain of the HTTP listener takes TLS on port ${port}`, `${request.host}:${port}`);
}

/**
 * A UDP port: istiod builds no listener or cluster for it (listener.go "UDP or other protocols"), and istio-iptables
 * redirects only TCP (UDP to port 53 only with DNS capture), so the mesh never sees UDP. The lab's request is HTTP, over
 * TCP: to a Service, kube-proxy has no TCP rule for that port; to a ServiceEntry, no TCP port registers the host.
 */
function udpPort(world: World, request: SimRequest, source: SimSource, registered: WorldResource, host: string, port: number, base: Decision, trace: TraceStep[]): Decision {
  const what = `${registered.kind} ${registered.namespace}/${registered.name}`;
  trace.push({message: `${what} port ${port} is UDP: istiod builds no listener or cluster for it, and the sidecar's iptables rules redirect only TCP (UDP only to port 53, when DNS capture is on): UDP datagrams leave the pod uncaptured, with no route, mTLS, policy or telemetry of the mesh`, at: locate(registered, 'spec', 'ports')});
  if (registered.kind === 'ServiceEntry') {
    trace.push({message: `the lab's request is HTTP, over TCP, and ${what} registers no TCP port ${port}: the sidecar treats it as an unregistered destination`});
    return routeUnregistered(world, request, source, host, port, base, trace);
  }
  const policy = outboundPolicyOf(world, source);
  const end = policy.mode === 'REGISTRY_ONLY'
    ? `the sidecar's virtualOutbound listener has no chain for it and sends it to BlackHoleCluster (REGISTRY_ONLY, ${policy.from}): reset`
    : 'the sidecar\'s virtualOutbound listener passes it through to the ClusterIP, where kube-proxy forwards only the protocols the Service declares: nothing answers';
  trace.push({message: `the lab's request is HTTP, over TCP, and the Service carries only UDP on port ${port}: ${end}`, at: policy.at});
  return finish({...base, outcome: 'unreachable', status: null, summary: `${what} port ${port} is UDP, which the mesh neither captures nor routes; a TCP connection to it fails`}, trace);
}

/**
 * The connection a sidecar makes to a Service or ServiceEntry port Istio reads as TCP or TLS, by the `tcp`/`tls` routes of
 * the VirtualServices for its host (oldest first; none: the default chain); a UDP port's answer (udpPort); undefined when
 * the port is HTTP or sniffed.
 */
export function routeSidecarL4(world: World, request: SimRequest, source: SimSource, port: number, base: Decision, trace: TraceStep[],
  routing: Pick<SidecarRouting, 'resolveDestination'>, configs: readonly WorldResource[], backend: ResolvedBackend, host: string): Decision | undefined {
  const registered = backend.kind === 'unknown' ? undefined : backend.resource;
  const found = registered && registeredPort(registered, port);
  if (!registered || !found) return undefined;
  const handling = protocolHandling(found.protocol);
  if (handling === 'udp') return udpPort(world, request, source, registered, host, port, base, trace);
  // A port declaring no protocol is sniffed (listener.go ListenerProtocolAuto: TCP chains, then an HTTP chain that wants
  // raw_buffer with an HTTP ALPN): a client that speaks TLS itself (https) is not HTTP to it, so the TCP chains take it
  // (TLS chains are only built for a TLS port).
  const sniffedTls = request.scheme === 'https' && handling === 'sniffed';
  if (request.scheme === 'https' && handling === 'http') return tlsToHttpPort(world, source, registered, port, base, request, trace);
  const protocol = handling === 'tcp' ? (isTlsProtocol(found.protocol) ? 'tls' : 'tcp') : sniffedTls ? 'tcp' : undefined;
  if (!protocol) return undefined;
  const what = `${registered.kind} ${registered.namespace}/${registered.name}`;
  // Only the client's own TLS (https) carries an SNI: the sidecar originates none on a TLS port, it reads the ClientHello.
  const sni = request.scheme === 'https' && (protocol === 'tls' || sniffedTls) ? request.host : undefined;
  const plaintextToTls = protocol === 'tls' && sni === undefined;
  const routed = configs.filter((vs) => asArray(vs.spec[protocol]).length > 0);
  const kind = sniffedTls ? 'sniffed, and the client speaks TLS, not HTTP, so its TCP chains apply' : protocol.toUpperCase();
  const because = `${what} port ${port} is ${kind}: ${routed.length > 0 ? `${routed.map(configOf).join(', ')}'s ${protocol} routes apply` : `no VirtualService has ${protocol} routes for it, so the default TCP proxy to the ${registered.kind} applies`}`;
  const connection = {proxy: 'sidecar' as const, protocol: sni ? 'tls' as const : 'tcp' as const, ...(sni ? {sni} : {}), because};
  trace.push({message: `${because}; the client's sidecar ${sni ? `reads the client's TLS ClientHello, SNI ${sni} (the request's host)` : plaintextToTls ? 'sees plaintext (http://) on a TLS port: no ClientHello, so no SNI, and only a chain without server names can take it' : 'proxies a plain TCP connection'}: method, path and headers play no part`, at: routed[0] ? locate(routed[0], 'spec', protocol) : registered.at});
  const external = registered.kind === 'ServiceEntry';
  const capture = external ? dnsCaptureOf(world, source) : {on: false, why: 'a Service has a ClusterIP'};
  const destination = listenerDestination(world, registered, entryHost(registered, host), capture);
  const listenerAt = destination;
  if (external && capture.on) trace.push({message: `the client's sidecar captures DNS: ${capture.why}`, at: capture.at});
  if (external) trace.push({message: entryListener(registered, port, protocol, host, destination, capture), at: locate(registered, 'spec', 'ports')});
  for (const vs of configs) {
    const unread = (['http', protocol === 'tcp' ? 'tls' : 'tcp'] as const).filter((section) => asArray(vs.spec[section]).length > 0);
    if (unread.length > 0) trace.push({message: `${configOf(vs)}'s ${unread.join(' and ')} routes do not apply to ${sniffedTls ? 'a TLS connection on a sniffed port: no HTTP is seen there' : `a ${protocol.toUpperCase()} port: istiod builds no HTTP route there`}${unread.includes('http') ? ' (no retries, timeout, fault or HTTP status)' : ''}`, at: locate(vs, 'spec', unread[0]!)});
  }
  // tls.go: without tls matches, the default chain of a ServiceEntry port listening on 0.0.0.0 (or a CIDR), or of a DYNAMIC_DNS
  // wildcard host, matches its host as SNI.
  const wildcardDynamic = entryHost(registered, host).startsWith('*') && asString(registered.spec.resolution) === 'DYNAMIC_DNS';
  const defaultSni = external && protocol === 'tls' && (destination.kind === 'any' || wildcardDynamic) ? [entryHost(registered, host)] : undefined;
  const chains = protocol === 'tcp' ? tcpChains(configs, port, source, trace) : tlsChains(configs, port, source, trace, defaultSni);
  const candidates = byAddress(chains, destination, protocol, trace);
  const chosen = bySni(candidates, sni);
  const virtualServices = configs.map(resourceRef);
  if (!chosen) {
    const why = `no tls chain ${candidates.length < chains.length ? 'for this destination address ' : ''}takes ${sni === undefined ? 'a connection without SNI' : `SNI ${sni}`}`;
    return defaultFilterChain(world, source, {...base, virtualServices}, connection, trace, why, `${request.host}:${port}`);
  }
  if (!chosen.route) {
    const owner = external && protocol === 'tcp' && listenerAt.kind === 'any' && configs.length === 0 ? wildcardOwner(world, source, port, capture) : undefined;
    if (owner && owner.host !== entryHost(registered, host)) {
      trace.push({message: `ServiceEntry ${owner.entry.namespace}/${owner.entry.name}'s host ${owner.host} also listens on 0.0.0.0:${port} and comes first in the sidecar's order (creation time, then hostname): istiod built the listener with its match-all chain and dropped ${what}'s identical one, so this connection to ${host} is proxied to ${owner.host}'s cluster (give the entries addresses, or turn on DNS capture so each host gets its own auto-allocated address)`, at: locate(owner.entry, 'spec', 'hosts')});
      const ownerBackend = resolveBackend(world, owner.host);
      const resolved = routing.resolveDestination(world, {host: owner.host, port}, owner.host, ownerBackend, port, source.namespace, undefined, undefined, trace);
      return finishConnection({...base, virtualServices, timeout: null, retries: null, destinations: [{...resolved, share: 1}]}, connection, trace);
    }
    trace.push({message: `${routed.length > 0 ? `no ${protocol} route applies: ` : ''}the default chain proxies the connection to ${host}: a TCP proxy, no HTTP routing, retries or timeout`});
    const destination = routing.resolveDestination(world, {host, port}, host, backend, port, source.namespace, undefined, undefined, trace);
    return plaintextAtTlsServer(finishConnection({...base, virtualServices, timeout: null, retries: null, destinations: [{...destination, share: 1}]}, connection, trace), plaintextToTls);
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
  return plaintextAtTlsServer(finishConnection({...base, virtualServices, route: {index, section: protocol, virtualService: resourceRef(vs), at}, timeout: null, retries: null, destinations}, connection, trace), plaintextToTls);
}

/**
 * Plaintext on a TLS port that a chain without server names took: the TCP proxy forwards the bytes as written (a sidecar
 * originates no TLS for a TLS port), so the server, which expects a ClientHello, fails the handshake after the proxy connected.
 */
function plaintextAtTlsServer(decision: Decision, plaintext: boolean): Decision {
  if (!plaintext || decision.connection?.state !== 'established') return decision;
  decision.trace.push({message: 'the client sent plaintext to a TLS port: the sidecar forwards the bytes unchanged, and the server, expecting a TLS ClientHello, fails the handshake and closes the connection (send https:// to speak TLS)'});
  return {...decision, summary: `${decision.summary}; plaintext to a TLS port: the server fails the TLS handshake`};
}

/** sharedWildcardOwner for the client's sidecar, whose Sidecar (with egress listeners) narrows what it imports. */
function wildcardOwner(world: World, source: SimSource, port: number, capture: DnsCapture): ListenerOwner | undefined {
  const sidecar = sidecarScopeOf(world, source.namespace, source.labels);
  return sharedWildcardOwner(world, source.namespace, sidecar && asArray(sidecar.spec.egress).length > 0 ? sidecar : undefined, port, capture);
}

const configOf = (vs: WorldResource): string => `VirtualService ${vs.namespace}/${vs.name}`;
