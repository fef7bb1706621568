/**
 * Linkerd 2.20's connection routes for a Service port: TLSRoutes and TCPRoutes whose parentRef is the
 * Service, as the policy controller sends them (grpc/src/outbound.rs to_proto) and the proxy uses them.
 *
 * - An opaque port (appProtocol, or opaque ports: linkerd/service-protocol.ts) gets the Opaque protocol:
 *   its first TCPRoute by creation time then name (tcp.rs: at most one is sent), else the Service itself;
 *   TLSRoutes are not sent.
 * - A port that declares nothing gets, when no HTTPRoute or GRPCRoute is sent, the Tls protocol with its
 *   TLSRoutes, else the Opaque protocol with its first TCPRoute.
 * - The controller converts a TLSRoute or TCPRoute only with exactly one rule (index/{tls,tcp}.rs
 *   convert_route "needs to have one rule"), and a client sees the Service namespace's routes and its
 *   own namespace's (outbound/index.rs, as for HTTPRoutes).
 * - A TLSRoute matches the connection's SNI against its hostnames (exact, or `*.` as a suffix; none:
 *   any), the most specific hostname first; no TLSRoute matching fails the connection. The lab's
 *   request has no SNI of its own: the host the client asks for is taken as the SNI it sends.
 * - The rule's backends share connections by weight (RandomAvailable); without backendRefs the
 *   connection goes to the Service. No HTTP routing happens: the destination's policy decides per
 *   connection, at L4.
 * - A connection has no HTTP status: each share is established to a pod, or closed where the proxy's
 *   forward fails (a backend that does not exist, or has no pod), as Decision.connection says.
 */
import {hostSpecificity, hostSubsetOf} from '../../engine/model/hosts';
import type {Decision, LinkerdConnection, TraceStep} from '../decision';
import {finishConnection, resourceRef} from '../outcome';
import type {SimRequest} from '../request';
import {locate, type World, type WorldResource} from '../world';
import type {LinkerdPortProtocol} from '../linkerd/service-protocol';
import {backendRefsOf, resolveBackendRefs} from './backends';
import {creationSecond, hostnamesOf, l4Routes, routeRef, rulesOf, type GatewayRoute, type L4RouteKind} from './resources';
import {attachedToService, linkerdClientSees} from './service-parent';

type L4Route = GatewayRoute<L4RouteKind>;

export interface LinkerdL4Input {
  world: World;
  request: SimRequest;
  service: WorldResource;
  port: number;
  clientNamespace: string;
  protocol: LinkerdPortProtocol;
  /** Whether HTTPRoutes or GRPCRoutes are sent for the port (they take it before TLS and TCP routes). */
  requestRoutesSent: boolean;
  base: Decision;
  trace: TraceStep[];
}

/** grpc/src/outbound.rs timestamp_then_name: the older first, then by name. */
const timestampThenName = (a: L4Route, b: L4Route): number =>
  creationSecond(a.resource) - creationSecond(b.resource) || (a.resource.name < b.resource.name ? -1 : a.resource.name > b.resource.name ? 1 : 0);

/** The TLSRoutes and TCPRoutes the controller sends this client for the port, each kind in to_proto's order. */
function indexedRoutes(input: LinkerdL4Input): {tls: L4Route[]; tcp: L4Route[]} {
  const {world, service, port, clientNamespace, trace} = input;
  const seen = l4Routes(world).filter((route) => attachedToService(route, service, port, 'linkerd') && linkerdClientSees(route, service, clientNamespace));
  const converted = seen.filter((route) => {
    if (rulesOf(route).length === 1) return true;
    trace.push({message: `${routeRef(route)} has ${rulesOf(route).length} rules: Linkerd's policy controller refuses to convert it (${route.kind} needs to have one rule), so no proxy gets it`, at: locate(route.resource, 'spec', 'rules')});
    return false;
  }).sort(timestampThenName);
  return {tls: converted.filter((r) => r.kind === 'TLSRoute'), tcp: converted.filter((r) => r.kind === 'TCPRoute')};
}

/** The most specific hostname of the route that covers the SNI (no hostnames: any SNI, least specific). */
function sniSpecificity(route: L4Route, sni: string): number | undefined {
  const hostnames = hostnamesOf(route);
  if (hostnames.length === 0) return -1;
  const matching = hostnames.filter((h) => hostSubsetOf(sni, h)).map(hostSpecificity);
  return matching.length > 0 ? Math.max(...matching) : undefined;
}

function routeConnection(input: LinkerdL4Input, route: L4Route, why: string, connection: Omit<LinkerdConnection, 'state' | 'reason'>): Decision {
  const {world, service, port, base, trace} = input;
  trace.push({message: why, at: locate(route.resource, 'spec')});
  const rule = rulesOf(route)[0]!;
  const refs = backendRefsOf(rule, route);
  const routeField = {index: 0, virtualService: resourceRef(route.resource)};
  const l4 = {timeout: null, retries: null};
  if (refs.length === 0) {
    const destinations = resolveBackendRefs(world, route, 0, [{group: '', kind: 'Service', name: service.name, namespace: service.namespace, port, weight: 1, index: 0}], 'linkerd', []);
    trace.push({message: `${routeRef(route)} names no backend: the connection goes to Service ${service.namespace}/${service.name}`, at: locate(route.resource, 'spec', 'rules', 0)});
    return finishConnection({...base, ...l4, destinations, route: routeField}, connection, trace);
  }
  const destinations = resolveBackendRefs(world, route, 0, refs, 'linkerd', trace);
  if (destinations.length === 0) {
    trace.push({message: `every backend of ${routeRef(route)} has weight 0: the proxy has nowhere to send the connection and fails it`, at: locate(route.resource, 'spec', 'rules', 0, 'backendRefs')});
    return finishConnection({...base, route: routeField}, connection, trace, {reason: `${routeRef(route)} has no backend with a positive weight`});
  }
  trace.push({message: `no HTTP routing on ${service.name}:${port}: no path, header, timeout or retry applies, and the destination's policy authorizes the connection (L4); a backend that does not exist or has no pod fails the connection`});
  return finishConnection({...base, ...l4, destinations, route: routeField}, connection, trace);
}

/**
 * The decision for a Linkerd client's connection to a Service port carried by a TLS or TCP route, or
 * undefined when HTTP routing (or, on an opaque port without TCPRoute, the Service itself) serves it.
 */
export function routeLinkerdL4(input: LinkerdL4Input): Decision | undefined {
  const {request, service, port, protocol, base, trace} = input;
  const {tls, tcp} = indexedRoutes(input);
  if (tls.length + tcp.length === 0) return undefined;
  const opaque = protocol.protocol === 'opaque' || protocol.protocol === 'unknown';
  const unsent = (routes: L4Route[], why: string) => {
    for (const route of routes) trace.push({message: `${routeRef(route)} is not sent: ${why}`, at: locate(route.resource, 'spec', 'parentRefs')});
  };
  if (!opaque && (protocol.protocol !== undefined || input.requestRoutesSent)) {
    unsent([...tls, ...tcp], protocol.protocol !== undefined
      ? `Linkerd's policy controller sends ${service.name}:${port} as HTTP (${protocol.because})`
      : `HTTPRoutes or GRPCRoutes take ${service.name}:${port} first`);
    return undefined;
  }
  if (opaque || tls.length === 0) {
    unsent(tls, `${service.name}:${port} is opaque TCP (${protocol.because}), which carries TCPRoutes only`);
    if (tcp.length === 0) return undefined;
    unsent(tcp.slice(1), `the controller sends one TCPRoute per port, the oldest (then first by name): ${routeRef(tcp[0]!)}`);
    const because = opaque ? `opaque TCP: ${protocol.because}` : 'opaque TCP, as no HTTP, gRPC or TLS route is sent';
    return routeConnection(input, tcp[0]!, `${routeRef(tcp[0]!)} carries every connection to ${service.name}:${port} (${because})`, {proxy: 'linkerd', protocol: 'tcp', because: `${routeRef(tcp[0]!)} (${because})`});
  }
  unsent(tcp, `TLSRoutes take ${service.name}:${port} first (the Tls protocol)`);
  const sni = request.host.toLowerCase();
  const ranked = tls.map((route, order) => ({route, order, specificity: sniSpecificity(route, sni)}));
  for (const {route, specificity} of ranked) {
    if (specificity === undefined) trace.push({message: `${routeRef(route)} does not match SNI ${sni} (hostnames ${hostnamesOf(route).join(', ')})`, at: locate(route.resource, 'spec', 'hostnames')});
  }
  const best = ranked.filter((r) => r.specificity !== undefined).sort((a, b) => b.specificity! - a.specificity! || a.order - b.order)[0];
  const connection = {proxy: 'linkerd' as const, protocol: 'tls' as const, sni, because: best ? `${routeRef(best.route)} (TLS by SNI)` : `the TLSRoutes of ${service.name}:${port} (TLS by SNI)`};
  if (!best) {
    trace.push({message: `no TLSRoute of Service ${service.namespace}/${service.name} matches SNI ${sni}: Linkerd's proxy fails the connection`});
    return finishConnection(base, connection, trace, {reason: `no TLSRoute of ${service.name}:${port} matches SNI ${sni}`});
  }
  return routeConnection(input, best.route, `${routeRef(best.route)} matches SNI ${sni} (the lab takes the host the client asks for as the TLS SNI it sends)`, connection);
}
