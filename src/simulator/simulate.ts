/**
 * The routing decision for one request, as the client's proxy would make it.
 *
 * Which VirtualService applies:
 * - Sidecar (the default `mesh` gateway): VirtualServices without `gateways` or listing
 *   `mesh`, exported to the client's namespace. Envoy picks the virtual host whose domain
 *   matches the Host best (exact, then the longest wildcard). When several VirtualServices
 *   claim the same host, istiod keeps only the first in creation order and drops the rest
 *   as duplicate domains (httproute.go BuildSidecarOutboundVirtualHosts, `vhosts`/
 *   dedupeDomains; istioctl analyze reports IST0109): the oldest wins, no merging.
 * - Gateway: VirtualServices bound to the gateway (`ns/name`, or a short name in the
 *   VirtualService's namespace), hosts intersected with the server's hosts; several
 *   VirtualServices for one host are merged, their routes appended in creation order
 *   (gateway.go buildGatewayHTTPRouteConfig, vHostDedupMap).
 *
 * - Gateway API (gatewayapi/): HTTPRoutes and GRPCRoutes whose parent is the Service take the
 *   host instead when istiod's import order puts them first (gatewayapi/mesh-routes.ts), and
 *   always for a Linkerd client; a Gateway API Gateway given as `gateway` routes by its
 *   listeners and attached routes (gatewayapi/ingress.ts).
 *
 * Routes that delegate are first replaced by their delegate's routes (delegates.ts). Then
 * the first HTTP route whose match holds (match.ts), and its destinations
 * (destinations.ts). Weights are relative; with one destination its weight is ignored,
 * with several a weight of 0 drops the destination (applyHTTPRouteDestination).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {applyCors, corsFromVirtualService, describeCors, finishCorsPreflight} from './cors';
import {directResponseOf, faultOf, mirrorsOf, redirectOf, retriesOf, rewriteOf, timeoutOf} from './actions';
import type {Decision, DestinationDecision, ResourceRef, TraceStep} from './decision';
import {expandRoutes, type CandidateRoute} from './delegates';
import {clusterName, countPods, destinationRuleFor, endpointsOf, podSample, refusedSelected, resolveBackend, resolveSubset, type ResolvedBackend} from './destinations';
import {chooseMeshRoutes, type MeshRouteChoice} from './gatewayapi/mesh-routes';
import {meshOf} from './gatewayapi/mesh';
import {simulateGatewayApiGateway} from './gatewayapi/ingress';
import {gatewayRoutes, routeRef} from './gatewayapi/resources';
import {routeGatewayApi} from './gatewayapi/router';
import {serviceRoutes} from './gatewayapi/service-parent';
import {baseDecision, describeRetries, finish, finishConnection, percent, resourceRef, weightedDestinations} from './outcome';
import {routeGatewayL4} from './gateway-l4';
import {registeredPort, routeSidecarL4} from './sidecar-l4';
import {protocolHandling} from '../engine/model/istio-protocol';
import {gatewayListener, hostsSharedAcrossGateways, httpServersFor, servesPlaintext, type GatewayServer} from './gateway-merge';
import {withLocalityDistribution} from './locality-distribute';
import {tlsMismatch, tlsTermination, type ServerTls} from './gateway-tls';
import {routeLinkerdL4} from './gatewayapi/linkerd-l4';
import {linkerdPortProtocol} from './linkerd/service-protocol';
import {fqdn, hostIntersection, hostSubsetOf, hostSpecificity, requestHostCandidates} from '../engine/model/hosts';
import {evaluateMatch, qualifyGatewayName, type MatchSource} from './match';
import {describePods, formatCount} from './pods';
import {formatRequest, type SimRequest} from './request';
import {resolveSource, type SimSource, type SourceSpec} from './source';
import {withMtls} from './mtls-attach';
import {mirroringOf} from './mirroring';
import {withLinkerdAuthorization, type LinkerdClientSpec} from './linkerd/attach';
import {withIstioAuthorization, type IstioClientSpec} from './istio-authz/attach';
import {routeAmbient, withDataplane, type SidecarRouting} from './ambient/route';
import {registeredEntry, routeUnregistered, serviceEntryEgress} from './egress/istio';
import {sidecarEgressGap} from './egress/sidecar-hosts';
import {sidecarScopeOf} from './egress/outbound-policy';
import {egressListenerFor, importedThroughVirtualService, listenerImportsVirtualService} from './egress/sidecar-virtual-services';
import {dataplaneOf} from './mtls-dataplane';
import {throughEgressGateway} from './egress/gateway-hop';
import {routeLinkerdEgress} from './egress/linkerd';
import {exportedTo, formatLabels, locate, NAMED_PODS_PER_WORKLOAD, type World, type WorldResource} from './world';

export {percent};

export interface RouteQuery extends SourceSpec, LinkerdClientSpec, IstioClientSpec {
  request: SimRequest;
}


export function simulate(world: World, query: RouteQuery): Decision {
  // The proxies an ambient request crosses (ambient/route.ts); what the meshed destinations'
  // Linkerd proxies answer this client (linkerd/attach.ts); what Istio's AuthorizationPolicies
  // answer at the others (istio-authz/attach.ts); then Istio's mTLS between the client and each
  // destination workload (mtls-attach.ts), last because a failed handshake never reaches RBAC.
  const decision = withEgress(world, withMtls(world, withIstioAuthorization(world, withLinkerdAuthorization(world, withDataplane(world, withLocalityDistribution(world, routeRequest(world, query)), query.request, SIDECAR_ROUTING), query), query), query), query);
  // Where the route's mirrors send their copies (mirroring.ts): they never change the answer. A waypoint's come after (ambient/ingress-waypoint.ts).
  const mirroring = [...(decision.mirrors ? mirroringOf(world, decision) : []), ...(decision.mirroring ?? [])];
  return mirroring.length > 0 ? {...decision, mirroring} : decision;
}

/** A request to a registered external host: its ServiceEntry, and the hops through an egress gateway (egress/). */
function withEgress(world: World, decision: Decision, query: RouteQuery): Decision {
  if (decision.egress) return decision;
  const hop = query.gateway === undefined ? throughEgressGateway(world, decision, (gateway, port) => simulate(world, {request: {...query.request, port}, gateway})) : undefined;
  if (hop) return {...decision, egress: hop};
  const {kind, namespace, labels, workload, gateway} = decision.source;
  const source = {kind, namespace, labels, workload, gateway};
  const registered = serviceEntryEgress(world, decision, source);
  return registered ? {...decision, egress: registered} : decision;
}

function routeRequest(world: World, query: RouteQuery): Decision {
  const trace: TraceStep[] = [];
  const source = resolveSource(world, query, trace);
  if (source.kind === 'gateway') {
    return source.gatewayApi ? simulateGatewayApiGateway(world, query.request, source, trace, SIDECAR_ROUTING) : simulateGateway(world, query.request, source, trace);
  }
  // Ambient mode (ambient/route.ts): a client in ambient mode or without a proxy is not routed by a sidecar.
  return routeAmbient(world, query.request, source, trace, SIDECAR_ROUTING) ?? simulateSidecar(world, query.request, source, trace);
}

const SIDECAR_ROUTING: SidecarRouting = {routeAsSidecar: simulateSidecar, resolveDestination, listenerPortFor, routeThrough};

function simulateSidecar(world: World, request: SimRequest, source: SimSource, trace: TraceStep[]): Decision {
  const candidates = requestHostCandidates(request.host, source.namespace);
  const resolved = candidates.map((host) => resolveBackend(world, host)).find((b) => b.kind !== 'unknown');
  const host = resolved?.host ?? candidates[candidates.length - 1]!;
  const backend = resolved ?? resolveBackend(world, host);
  if (backend.kind === 'service') trace.push({message: `host ${request.host} → ${host} (Service ${backend.resource!.namespace}/${backend.resource!.name})`, at: backend.resource!.at});
  else if (backend.kind === 'service-entry') trace.push({message: `host ${request.host} → ${host} (ServiceEntry ${backend.resource!.namespace}/${backend.resource!.name})`, at: backend.resource!.at});
  else trace.push({message: `host ${request.host}: no Service or ServiceEntry in the mesh registry`});

  const port = listenerPortFor(request, backend, trace);
  const base = baseDecision(request, source, host, port);
  const mesh = meshOf(world, source);
  // Linkerd reads no ServiceEntry: every host outside the cluster's Services meets its EgressNetworks (egress/linkerd.ts).
  if (mesh === 'linkerd' && backend.kind !== 'service') return routeLinkerdEgress(world, request, source, host, port, base, trace);
  // A ServiceEntry registers its host only for the namespaces it is exported to, and only on its ports (egress/istio.ts).
  const entryGap = backend.kind === 'service-entry' ? registeredEntry(backend.resource!, source.namespace, port) : undefined;
  if (entryGap && !entryGap.registered) trace.push({message: entryGap.why, at: locate(backend.resource!, 'spec')});
  const unregistered = backend.kind === 'unknown' || (entryGap !== undefined && !entryGap.registered);
  // A Sidecar's egress hosts narrow what the client's sidecar knows, its VirtualServices too (egress/sidecar-hosts.ts,
  // sidecar-virtual-services.ts): a host left out is routed as unregistered, unless an imported VirtualService sends to it.
  const scope = mesh === 'linkerd' ? undefined : sidecarScope(world, source);
  const listener = scope && egressListenerFor(scope, port);
  const visible = mesh === 'linkerd' ? [] : world.virtualServices.filter((vs) => boundToMesh(vs) && exportedTo(vs, source.namespace));
  const imported = scope ? visible.filter((vs) => {
    const entry = listener && listenerImportsVirtualService(listener, scope.namespace, vs);
    if (!entry && bestHost(vs, host)) trace.push({message: `VirtualService ${ref(vs)} claims ${host} but Sidecar ${ref(scope)} does not import it: no egress hosts entry of namespace ${vs.namespace} or * matches its hosts`, at: locate(scope, 'spec', 'egress')});
    return entry !== undefined;
  }) : visible;
  const gap = unregistered || !scope ? undefined : sidecarEgressGap(scope, backend.resource!.namespace, host, port);
  const bringer = gap && listener ? importedThroughVirtualService(listener, scope!.namespace, imported, host, port, backend.ports) : undefined;
  if (bringer) trace.push({message: `Sidecar ${ref(scope!)} imports VirtualService ${ref(bringer)}, which sends to ${host}: the service is imported with it`, at: locate(bringer, 'spec')});
  const narrowed = bringer ? undefined : gap;
  if (narrowed) {
    trace.push({message: narrowed.why, at: narrowed.at});
    return routeUnregistered(world, request, source, host, port, base, trace);
  }
  if (!unregistered && backend.kind !== 'unknown' && backend.ports.length > 0 && !backend.ports.includes(port)) {
    trace.push({message: `${host} has no port ${port} (ports: ${backend.ports.join(', ')}): no route configuration serves it`});
    return finish({...base, outcome: 'unreachable', status: null, summary: `${host} does not listen on port ${port}: the connection fails`}, trace);
  }

  const claims = imported
    .map((vs) => ({vs, pattern: bestHost(vs, host)}))
    .filter((c): c is {vs: WorldResource; pattern: string} => c.pattern !== undefined)
    .sort((a, b) => hostSpecificity(b.pattern) - hostSpecificity(a.pattern) || a.vs.order - b.vs.order);
  const chosen = claims[0];
  const linkerdPort = mesh === 'linkerd' && backend.kind === 'service' ? linkerdPortProtocol(world, backend.resource!, port) : undefined;
  const gamma = backend.kind === 'service' ? serviceRoutes(gatewayRoutes(world), backend.resource!, port, source.namespace, mesh, request.host, linkerdPort) : undefined;
  for (const {route, reason} of gamma?.ignored ?? []) trace.push({message: `${routeRef(route)} has Service ${backend.resource!.namespace}/${backend.resource!.name} as parent but does not apply to this client: ${reason}`, at: locate(route.resource, 'spec', 'parentRefs')});
  if (linkerdPort) {
    const connection = routeLinkerdL4({world, request, service: backend.resource!, port, clientNamespace: source.namespace, protocol: linkerdPort, requestRoutesSent: (gamma?.routes.length ?? 0) > 0, base, trace});
    if (connection) return connection;
  }
  // A port Istio reads as TCP or TLS carries connections: the tcp/tls routes of every VirtualService for the host,
  // else the default TCP proxy; http routes and HTTPRoutes play no part (sidecar-l4.ts).
  const l4 = mesh === 'istio' ? routeSidecarL4(world, request, source, port, base, trace, SIDECAR_ROUTING, [...claims].sort((a, b) => a.vs.order - b.vs.order).map((c) => c.vs), backend, host) : undefined;
  if (l4) {
    for (const route of gamma?.routes ?? []) trace.push({message: `${routeRef(route)} has Service ${backend.resource!.namespace}/${backend.resource!.name} as parent, but its HTTP rules do not apply on a TCP port`, at: locate(route.resource, 'spec', 'parentRefs')});
    return l4;
  }
  let choice: MeshRouteChoice | undefined;
  if (gamma && gamma.routes.length > 0) {
    choice = chooseMeshRoutes(mesh, gamma, source.namespace, host, chosen, gamma.port);
    trace.push({message: choice.reason, at: choice.applies === 'virtual-service' ? locate(chosen!.vs, 'spec', 'hosts') : locate(gamma.routes[0]!.resource, 'spec', 'parentRefs')});
    if (choice.applies === 'http-routes') {
      const service = backend.resource!;
      const decision = routeGatewayApi({
        world, request, port, routes: gamma.routes, mesh, host, trace, base,
        parent: {kind: 'Service', namespace: service.namespace, name: service.name, role: gamma.role},
        parentService: {name: service.name, namespace: service.namespace},
      });
      return chosen ? {...decision, meshRouting: {applied: 'HTTPRoute', dropped: [resourceRef(chosen.vs)], reason: choice.reason}} : decision;
    }
  }
  if (!chosen && mesh === 'linkerd' && backend.kind === 'service') {
    const opaque = linkerdPort?.protocol === 'opaque' || linkerdPort?.protocol === 'unknown';
    if (opaque) trace.push({message: `${backend.resource!.name}:${port} is opaque TCP (${linkerdPort!.because}): Linkerd's proxy forwards each connection to one of the Service's pods without HTTP routing, and the destination's policy authorizes the connection (L4)`});
    else trace.push({message: `no HTTPRoute has Service ${backend.resource!.namespace}/${backend.resource!.name} as parent: Linkerd's proxy balances every request over the Service's pods, without timeout or retries`});
    const destination = resolveDestination(world, {host: request.host, port: undefined}, host, backend, port, source.namespace, undefined, undefined, trace);
    const routed: Decision = {...base, outcome: 'routed', status: destination.status ?? null, flags: destination.flags, summary: '', destinations: [{...destination, share: 1}], timeout: null, retries: null};
    return opaque ? finishConnection(routed, {proxy: 'linkerd', protocol: 'tcp', because: `opaque TCP: ${linkerdPort!.because}`}, trace) : finish(routed, trace);
  }
  if (!chosen) {
    if (unregistered) return routeUnregistered(world, request, source, host, port, base, trace);
    trace.push({message: `no VirtualService for ${host} is visible to a sidecar in ${source.namespace}: the default route sends every request to any pod of the service`});
    const destination = resolveDestination(world, {host: request.host, port: undefined}, host, backend, port, source.namespace, undefined, undefined, trace);
    const decision: Decision = {...base, outcome: 'routed', status: destination.status ?? null, flags: destination.flags, summary: '', destinations: [{...destination, share: 1}], timeout: null, retries: retriesOf({})};
    return finish(decision, trace);
  }
  trace.push({message: `VirtualService ${ref(chosen.vs)} applies (host ${chosen.pattern}${chosen.vs.spec.gateways ? ', gateways include mesh' : ', bound to mesh'})`, at: locate(chosen.vs, 'spec', 'hosts')});
  for (const shadowed of claims.slice(1).filter((c) => c.pattern === chosen.pattern)) {
    trace.push({message: `VirtualService ${ref(shadowed.vs)} also claims ${shadowed.pattern} and is ignored: for sidecars the oldest VirtualService for a host wins (IST0109)`, at: locate(shadowed.vs, 'spec', 'hosts')});
  }
  const routes = expandRoutes(world, chosen.vs, trace);
  const matchSource: MatchSource = {gatewayNames: new Set(['mesh']), labels: source.labels, namespace: source.namespace};
  const decision = routeThrough(world, routes, request, matchSource, port, source, {...base, virtualServices: [resourceRef(chosen.vs)]}, trace);
  return choice && gamma ? {...decision, httpRoutes: gamma.routes.map((r) => resourceRef(r.resource)), meshRouting: {applied: 'VirtualService', dropped: gamma.routes.map((r) => resourceRef(r.resource)), reason: choice.reason}} : decision;
}

/**
 * The Sidecar whose scope the client's sidecar has, if it has egress listeners. Only sidecars read a
 * Sidecar: a client without a proxy, an ambient one, and a waypoint routing as its Service's namespace have none.
 */
function sidecarScope(world: World, source: SimSource): WorldResource | undefined {
  if (world.namespaceExists(source.namespace) && dataplaneOf(world, source.namespace, source.labels).dataplane !== 'sidecar') return undefined;
  const sidecar = sidecarScopeOf(world, source.namespace, source.labels);
  return sidecar && asArray(sidecar.spec.egress).length > 0 ? sidecar : undefined;
}

function simulateGateway(world: World, request: SimRequest, source: SimSource, trace: TraceStep[]): Decision {
  const gateway = source.gatewayResource!;
  const gatewayName = `${gateway.namespace}/${gateway.name}`;
  const port = request.port ?? (request.scheme === 'https' ? 443 : 80);
  const base = baseDecision(request, source, request.host, port);
  // istiod builds the proxy's listeners from every Gateway selecting it, not only the named one (gateway-merge.ts).
  // The Service port leads to a pod port; the listener there holds the servers whose port resolves to it (gateway-ports.ts).
  const listener = gatewayListener(world, source, port);
  if ('refused' in listener) {
    trace.push({message: listener.refused, at: listener.at});
    return finish({...base, outcome: 'unreachable', status: null, summary: `${listener.reason}: the connection is not established`}, trace);
  }
  const {servers: onPort, skipped, gateways, listenerPort} = listener;
  if (listener.why) trace.push({message: listener.why, at: listener.serviceAt});
  const others = gateways.filter((g) => g !== gateway).map(ref);
  for (const s of skipped) trace.push({message: `istiod skips ${s.gatewayName}'s server ${s.index} on port ${port}: ${s.why}`, at: locate(s.resource, 'spec', 'servers', s.index)});
  for (const s of listener.unbound) trace.push({message: `${s.gatewayName}'s server ${s.index} has bind ${asString(s.server.bind)}: its listener ${asString(s.server.bind)}:${listenerPort} is not the address a connection through the Service arrives at (the proxy pod's own), so it never sees this request`, at: locate(s.resource, 'spec', 'servers', s.index, 'bind')});
  if (onPort.length === 0) {
    const pod = listenerPort !== port ? ` (pod port ${listenerPort})` : '';
    trace.push({message: `Gateway ${gatewayName} has no server on port ${port}${others.length ? ` (nor the other Gateways selecting its proxy: ${others.join(', ')})` : ''}${listener.why ? `, and none whose port resolves to pod port ${listenerPort}` : ''}: Envoy has no listener there, so the connection is refused`, at: locate(gateway, 'spec', 'servers')});
    return finish({...base, outcome: 'unreachable', status: null, summary: `gateway ${gatewayName} does not listen on port ${port}${pod}: connection refused`}, trace);
  }
  const merging = onPort.some((s) => s.resource !== gateway);
  if (merging) {
    trace.push({message: `port ${port} of the proxy merges the servers of every Gateway selecting it, oldest first: ${onPort.map((s) => `${s.gatewayName} server ${s.index}`).join(', ')}`, at: locate(onPort[0]!.resource, 'spec', 'servers', onPort[0]!.index)});
    for (const shared of hostsSharedAcrossGateways(onPort)) trace.push({message: `Gateways ${shared.gateways.join(', ')} both declare ${shared.host} on port ${port}: istioctl analyze reports IST0145 ConflictingGateways; the HTTP routes of both reach the same virtual host, first Gateway first`});
  }
  // TCP, TLS and passthrough servers: a filter chain and a TCP proxy, not HTTP routes (gateway-l4.ts).
  const l4 = routeGatewayL4(world, request, source, port, base, trace, SIDECAR_ROUTING, onPort);
  if (l4) return l4;
  // Virtual hosts: server host ∩ VirtualService host, each with the VirtualServices merged into it, per server in
  // merge order; a VirtualService comes in through the servers of the Gateways it binds to (gateway.go buildGatewayHTTPRouteConfig).
  const serving = httpServersFor(onPort, request.host);
  const servingTls = serving.map((s) => serverTls(s, merging));
  const mismatch = tlsMismatch(request, servingTls, port);
  if (mismatch) {
    trace.push({message: mismatch.why, at: locate(serving[0]!.resource, 'spec', 'servers', serving[0]!.index)});
    return finish({...base, outcome: 'unreachable', status: null, ...(mismatch.flags ? {flags: mismatch.flags} : {}), summary: mismatch.summary}, trace);
  }
  const terminated = tlsTermination(request, servingTls[0]);
  if (terminated) trace.push({message: terminated.why, at: locate(serving[0]!.resource, 'spec', 'servers', serving[0]!.index, 'tls')});
  const vhosts = new Map<string, Array<{vs: WorldResource; gateway: string; server: GatewayServer}>>();
  for (const server of serving) {
    const visible = world.virtualServices.filter((vs) => exportedTo(vs, source.namespace) &&
      asArray(vs.spec.gateways).some((g) => typeof g === 'string' && qualifyGatewayName(g, vs.namespace) === server.gatewayName)).sort((a, b) => a.order - b.order);
    const hosts = stringList(server.server.hosts).map((h) => splitServerHost(h, server.resource.namespace));
    for (const vs of visible) {
      for (const vsHost of stringList(vs.spec.hosts).map((h) => fqdn(h, vs.namespace))) {
        for (const host of hosts) {
          if (host.namespace !== '*' && host.namespace !== vs.namespace) continue;
          const key = hostIntersection(host.host, vsHost);
          if (key === undefined) continue;
          const list = vhosts.get(key) ?? [];
          if (!list.some((e) => e.vs === vs && e.gateway === server.gatewayName)) list.push({vs, gateway: server.gatewayName, server});
          vhosts.set(key, list);
        }
      }
    }
  }
  const named = merging ? `the Gateways ${[...new Set(serving.map((s) => s.gatewayName))].join(', ')}` : `Gateway ${gatewayName}`;
  const key = [...vhosts.keys()].filter((k) => hostSubsetOf(request.host, k)).sort((a, b) => hostSpecificity(b) - hostSpecificity(a))[0];
  if (key === undefined) {
    const serverHosts = serving.flatMap((s) => stringList(s.server.hosts).map((h) => splitServerHost(h, s.resource.namespace)));
    const served = serverHosts.some((s) => hostSubsetOf(request.host, s.host));
    trace.push({message: served
      ? `${named} accept${merging ? '' : 's'} ${request.host} on port ${port}, but no VirtualService bound to ${merging ? 'them' : 'it'} (and exported to ${source.namespace}) routes that host`
      : `${named} ${merging ? 'do' : 'does'} not accept host ${request.host} on port ${port} (hosts: ${serverHosts.map((s) => s.host).join(', ')})`, at: locate(gateway, 'spec', 'servers')});
    return finish({...base, outcome: 'no-route', status: 404, flags: 'NR', summary: `404 NR: gateway ${gatewayName} has no route for ${request.host}`}, trace);
  }
  const entries = vhosts.get(key)!;
  const merged = [...new Set(entries.map((e) => e.vs))];
  const through = merging ? ` (through ${[...new Set(entries.map((e) => `${e.gateway}'s server ${e.server.index}`))].join(', ')})` : '';
  trace.push({message: `Gateway ${merging ? [...new Set(entries.map((e) => e.gateway))].join(', ') : gatewayName} port ${port}, host ${key}: VirtualService${merged.length > 1 ? 's' : ''} ${merged.map(ref).join(', ')}${merged.length > 1 ? ' (merged in creation order)' : ''}${through}`, at: locate(merged[0]!, 'spec', 'hosts')});
  // A route's `gateways` match reads the Gateway whose server brought its VirtualService in (BuildHTTPRoutesForVirtualService's gateway set).
  const routes = entries.flatMap((e) => expandRoutes(world, e.vs, trace).map((r) => ({...r, gateway: e.gateway})));
  const matchSource: MatchSource = {gatewayNames: new Set([gatewayName]), labels: source.labels, namespace: source.namespace};
  const decision = routeThrough(world, routes, request, matchSource, port, source, {...base, virtualServices: merged.map(resourceRef)}, trace);
  if (merging && decision.route) {
    const winner = entries.find((e) => e.vs.name === decision.route!.virtualService.name && e.vs.namespace === decision.route!.virtualService.namespace);
    if (winner) trace.push({message: `the request was taken by ${winner.gateway}'s server ${winner.server.index} (port ${port}, hosts ${stringList(winner.server.server.hosts).join(', ')})`, at: locate(winner.server.resource, 'spec', 'servers', winner.server.index)});
  }
  // The virtual host's name, which an EnvoyFilter's route configuration match names (ratelimit/route-limits.ts).
  const routed = decision.route ? {...decision, route: {...decision.route, virtualHost: `${key}:${port}`}} : decision;
  return terminated ? {...routed, tlsTermination: terminated.facts} : routed;
}

/** An Istio Gateway server as far as TLS goes (gateway-tls.ts): named as the panel and trace name it, its hosts as server names. */
function serverTls(s: GatewayServer, merging: boolean): ServerTls {
  const tls = asObject(s.server.tls) ?? {};
  const mode = asString(tls.mode) ?? 'SIMPLE';
  const protocol = (asString(asObject(s.server.port)?.protocol) ?? '').toUpperCase();
  const credential = asString(tls.credentialName);
  return {label: `${merging ? `${s.gatewayName}'s` : "the Gateway's"} server ${s.index} (${protocol || 'no protocol'}${servesPlaintext(s) ? '' : `, ${mode}`})`, plaintext: servesPlaintext(s), mode,
    sniHosts: stringList(s.server.hosts).map((h) => h.slice(h.indexOf('/') + 1)), ...(credential ? {credential: `of credentialName ${credential}`} : {})};
}

function routeThrough(world: World, routes: CandidateRoute[], request: SimRequest, matchSource: MatchSource, port: number,
  source: SimSource, base: Decision, trace: TraceStep[]): Decision {
  for (const route of routes) {
    const delegated = route.root ? ` (delegated from ${route.root.vs.name} http[${route.root.index}])` : '';
    const label = `${route.vs.name} http[${route.index}]${asString(route.http.name) ? ` "${asString(route.http.name)}"` : ''}${delegated}`;
    const matches = asArray(route.http.match).map((m) => asObject(m) ?? {});
    const routeSource = route.gateway ? {...matchSource, gatewayNames: new Set([route.gateway])} : matchSource;
    let matchIndex: number | undefined;
    if (matches.length === 0) {
      trace.push({message: `${label} matches: no match conditions (catch-all)`, at: locate(route.vs, 'spec', 'http', route.index)});
    } else {
      const reasons: string[] = [];
      for (let j = 0; j < matches.length; j++) {
        const result = evaluateMatch(matches[j]!, {request, listenerPort: port, source: routeSource, vsNamespace: route.vs.namespace});
        if (result.matched) {
          matchIndex = j;
          break;
        }
        reasons.push(`match[${j}]: ${result.reason}`);
      }
      if (matchIndex === undefined) {
        trace.push({message: `${label} does not match: ${reasons.join('; ')}`, at: locate(route.vs, 'spec', 'http', route.index)});
        continue;
      }
      trace.push({message: `${label} matches: match[${matchIndex}] holds${matchIndex > 0 ? ` (${reasons.join('; ')})` : ''}`, at: matchLocation(route, matchIndex)});
    }
    return applyRoute(world, route, matchIndex === undefined ? undefined : matches[matchIndex], matchIndex, request, port, source, base, trace);
  }
  trace.push({message: 'no HTTP route matches: Envoy answers 404 with response flag NR'});
  return finish({...base, outcome: 'no-route', status: 404, flags: 'NR', summary: '404 NR: no route matched'}, trace);
}

function applyRoute(world: World, route: CandidateRoute, match: Obj | undefined, matchIndex: number | undefined, request: SimRequest,
  port: number, source: SimSource, base: Decision, trace: TraceStep[]): Decision {
  const {vs, index, http} = route;
  const decision: Decision = {
    ...base,
    route: {index, name: asString(http.name), matchIndex, virtualService: resourceRef(vs), at: locate(vs, 'spec', 'http', index),
      matchAt: matchIndex === undefined ? undefined : matchLocation(route, matchIndex)},
  };
  const redirect = redirectOf(http, request, port);
  if (redirect) {
    trace.push({message: `redirect: ${redirect.status} to ${redirect.location}`, at: locate(vs, 'spec', 'http', index, 'redirect')});
    return finish({...decision, outcome: 'redirect', status: redirect.status, redirect, summary: `${redirect.status} redirect to ${redirect.location}`}, trace);
  }
  const direct = directResponseOf(http);
  if (direct) {
    trace.push({message: `direct response ${direct.status}`, at: locate(vs, 'spec', 'http', index, 'directResponse')});
    return finish({...decision, outcome: 'direct-response', status: direct.status, directResponse: direct, summary: `direct response ${direct.status}`}, trace);
  }
  decision.fault = faultOf(http);
  decision.timeout = timeoutOf(http);
  decision.retries = retriesOf(http);
  decision.rewrite = rewriteOf(http, match, request);
  decision.mirrors = mirrorsOf(http);

  const {written, weighted, share: shareOf} = weightedDestinations(asArray(http.route));
  for (const {j} of written) {
    if (!weighted.some((w) => w.j === j)) trace.push({message: `route[${j}] has weight 0 (or none beside weighted destinations): it receives nothing`, at: locate(vs, 'spec', 'http', index, 'route', j)});
  }
  decision.destinations = weighted.map(({d, j}) => {
    const destination = asObject(d.destination) ?? {};
    const host = fqdn(asString(destination.host) ?? '', vs.namespace);
    const backend = resolveBackend(world, host);
    const weight = asNumber(d.weight);
    const share = shareOf({d});
    const resolved = resolveDestination(world, {host: asString(destination.host) ?? '', port: asNumber(asObject(destination.port)?.number)}, host, backend, port,
      source.namespace, asString(destination.subset), locate(vs, 'spec', 'http', index, 'route', j), trace);
    const l4 = resolved.status === 200 && backend.resource ? registeredPort(backend.resource, resolved.port) : undefined;
    if (l4 && protocolHandling(l4.protocol) === 'tcp') {
      trace.push({message: `destination ${host} port ${resolved.port} is ${l4.protocol}, not HTTP: istiod builds its cluster all the same, and this HTTP route sends the request over it as HTTP/1.1; ${backend.kind === 'service' ? 'the pod\'s sidecar, whose inbound chain for a TCP port has no HTTP filter, hands it on as bytes (no HTTP telemetry or path rules there), and ' : ''}the answer is the application's: one that does not speak HTTP on that port closes the connection, which Envoy answers 503 UC`, at: locate(vs, 'spec', 'http', index, 'route', j)});
    }
    return {...resolved, weight: weighted.length === 1 ? undefined : weight, share};
  });
  if (decision.destinations.length === 0) {
    trace.push({message: 'the route has no destination with a positive weight: the proxy cannot forward', at: locate(vs, 'spec', 'http', index)});
    return finish({...decision, outcome: 'routed', status: 503, flags: 'NC', summary: '503 NC: the route has no destination'}, trace);
  }
  if (decision.fault?.abort) trace.push({message: `fault: abort ${decision.fault.abort.status ?? decision.fault.abort.grpcStatus} for ${percent(decision.fault.abort.share)} of requests`, at: locate(vs, 'spec', 'http', index, 'fault', 'abort')});
  if (decision.fault?.delay) trace.push({message: `fault: delay ${decision.fault.delay.fixedDelay} for ${percent(decision.fault.delay.share)} of requests`, at: locate(vs, 'spec', 'http', index, 'fault', 'delay')});
  const corsPolicy = asObject(http.corsPolicy);
  if (corsPolicy) {
    const cors = applyCors(corsFromVirtualService(corsPolicy), request, 'VirtualService corsPolicy');
    trace.push({message: describeCors(cors), at: locate(vs, 'spec', 'http', index, 'corsPolicy')});
    if (cors?.answered) return finishCorsPreflight(decision, cors, trace);
    decision.cors = cors;
  }
  trace.push({message: decision.timeout ? `timeout ${decision.timeout}` : 'no timeout (Istio disables the route timeout unless the route sets one)', at: decision.timeout ? locate(vs, 'spec', 'http', index, 'timeout') : undefined});
  trace.push({message: describeRetries(decision), at: asObject(http.retries) ? locate(vs, 'spec', 'http', index, 'retries') : undefined});
  return finish({...decision, outcome: 'routed', status: null, summary: ''}, trace);
}

function resolveDestination(world: World, written: {host: string; port: number | undefined}, host: string, backend: ResolvedBackend, listenerPort: number,
  clientNamespace: string, subset: string | undefined, at: DestinationDecision['at'], trace: TraceStep[]): Omit<DestinationDecision, 'share'> {
  // GetDestinationCluster: the destination's port, else the service's only port, else the listener port.
  const port = written.port ?? (backend.ports.length === 1 ? backend.ports[0]! : listenerPort);
  const cluster = clusterName(host, port, subset);
  const out: Omit<DestinationDecision, 'share'> = {host, port, subset, cluster, status: 200, pods: [], podCount: 0, workloads: [], at};
  if (backend.kind === 'unknown') {
    trace.push({message: `destination ${written.host} → ${host}: no such Service or ServiceEntry, so cluster ${cluster} does not exist: 503 NC`, at});
    return {...out, status: 503, flags: 'NC', problem: `no Service or ServiceEntry ${host}`};
  }
  if (backend.ports.length > 0 && !backend.ports.includes(port)) {
    trace.push({message: `destination ${host} port ${port}: the service has no such port, so cluster ${cluster} does not exist: 503 NC`, at});
    return {...out, status: 503, flags: 'NC', problem: `${host} has no port ${port}`};
  }
  if (backend.resource && registeredPort(backend.resource, port)?.protocol === 'UDP') {
    trace.push({message: `destination ${host} port ${port} is UDP: istiod builds no cluster for a UDP port, so cluster ${cluster} does not exist: 503 NC`, at});
    return {...out, status: 503, flags: 'NC', problem: `${host} port ${port} is UDP`};
  }
  const rules = destinationRuleFor(world, host, clientNamespace, backend.kind === 'service' ? backend.resource!.namespace : undefined);
  const resolution = resolveSubset(rules, subset);
  if (resolution.destinationRule) out.destinationRule = {kind: 'DestinationRule', ...resolution.destinationRule};
  if (!resolution.defined) {
    const where = rules.length ? `DestinationRule ${rules.map(ref).join(', ')} has no subset ${subset}` : `no DestinationRule for ${host} is visible to ${clientNamespace}`;
    trace.push({message: `destination ${host} subset ${subset}: ${where}, so cluster ${cluster} does not exist: 503 NC`, at});
    return {...out, status: 503, flags: 'NC', problem: `subset ${subset} is not defined`};
  }
  out.subsetLabels = resolution.labels;
  const workloads = endpointsOf(world, backend, resolution.labels);
  const podCount = countPods(workloads);
  const pods = podSample(workloads, NAMED_PODS_PER_WORKLOAD);
  const subsetText = subset ? ` subset ${subset} (${formatLabels(resolution.labels ?? {}) || 'no labels'}, DestinationRule ${resolution.destinationRule!.namespace}/${resolution.destinationRule!.name})` : '';
  for (const refused of refusedSelected(world, backend, resolution.labels)) {
    trace.push({message: `${refused.kind} ${refused.namespace}/${refused.name} runs no pods: the API server refuses it (${refused.message})`, at: refused.at});
  }
  if (podCount === 0) {
    trace.push({message: `destination ${host}${subsetText}: no pod has these labels, cluster ${cluster} is empty: 503 UH`, at: resolution.subsetAt ?? at});
    return {...out, status: 503, flags: 'UH', problem: subset ? `subset ${subset} selects no pod` : `${host} has no pods`};
  }
  trace.push({message: `destination ${host}${subsetText} → ${formatCount(podCount)} pod${podCount === 1 ? '' : 's'}: ${describePods(pods, podCount)}`, at});
  return {...out, pods, podCount, workloads};
}

function listenerPortFor(request: SimRequest, backend: ResolvedBackend, trace: TraceStep[]): number {
  if (request.port !== undefined) return request.port;
  // An external host is called on its scheme's port, as the application's HTTP client does.
  if (backend.ports.length > 0 && backend.kind !== 'service-entry') {
    trace.push({message: `no port in the URL: using the service's port ${backend.ports[0]}`});
    return backend.ports[0]!;
  }
  return request.scheme === 'https' ? 443 : 80;
}

function matchLocation(route: CandidateRoute, matchIndex: number): TraceStep['at'] {
  return route.matchAt ? route.matchAt(matchIndex) : locate(route.vs, 'spec', 'http', route.index, 'match', matchIndex);
}

function boundToMesh(vs: WorldResource): boolean {
  const gateways = stringList(vs.spec.gateways);
  return gateways.length === 0 || gateways.includes('mesh');
}

/** The most specific of a VirtualService's hosts that covers `host`. */
function bestHost(vs: WorldResource, host: string): string | undefined {
  return stringList(vs.spec.hosts)
    .map((h) => fqdn(h, vs.namespace))
    .filter((h) => hostSubsetOf(host, h))
    .sort((a, b) => hostSpecificity(b) - hostSpecificity(a))[0];
}

/** Gateway server hosts are `[namespace/]host`; `.` is the Gateway's namespace, no prefix means any. */
function splitServerHost(host: string, gatewayNamespace: string): {namespace: string; host: string} {
  const slash = host.indexOf('/');
  if (slash < 0) return {namespace: '*', host};
  const namespace = host.slice(0, slash);
  return {namespace: namespace === '.' ? gatewayNamespace : namespace, host: host.slice(slash + 1)};
}

function stringList(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

function ref(resource: WorldResource): string {
  return `${resource.namespace}/${resource.name}`;
}

