/**
 * Mesh routes for a Service (GAMMA): the HTTPRoutes and GRPCRoutes whose parentRef is the
 * Service (`group: ""`, `kind: Service`), for a client in `clientNamespace` calling it on
 * `port`.
 *
 * - A parentRef with a `port` applies to that Service port only (Istio's augmentPortMatch).
 * - Only a route in the client's namespace (a consumer route) or in the Service's namespace
 *   (a producer route) applies: istiod drops the others for that client
 *   (route.go buildSidecarVirtualHostsForVirtualService, "Gateway allows only routes from the
 *   namespace of the proxy, or namespace of the destination").
 * - istiod merges a namespace's routes for one Service into one virtual service per namespace
 *   (routeKey = the route's namespace), and a sidecar imports its own namespace's first
 *   (SelectVirtualServices with PILOT_UNIFIED_SIDECAR_SCOPE): consumer routes replace the
 *   producer's rather than merging with them, as GAMMA says consumer routes take precedence.
 * - Linkerd merges instead (policy-controller k8s/index/src/outbound/index.rs: producer routes,
 *   in the Service's namespace, go to every namespace's watch; consumer routes, in another
 *   namespace, only to that namespace's): a client sees its namespace's routes and the
 *   producer's together, ordered by precedence.
 * - Linkerd skips a route its policy controller cannot convert (linkerd-conversion.ts), and
 *   also routes by its own policy.linkerd.io HTTPRoutes, which Istio never reads.
 * - Linkerd's policy controller sends one protocol per Service port (grpc/src/outbound.rs to_proto):
 *   an `appProtocol: http` port gets HTTP/1 and its HTTPRoutes only; any other port that GRPCRoutes
 *   attach to gets the gRPC protocol with those alone, so the HTTPRoutes never reach the proxy.
 * - Istio does not read a mesh route's hostnames (the Service's name is the host); Linkerd's
 *   proxy matches the request's host against them when the route has any.
 */
import type {WorldResource} from '../world';
import {asArray, asObject, asString} from '../../engine/istio/access';
import {linkerdRefusal} from './linkerd-conversion';
import {linkerdAppProtocol} from '../../engine/model/linkerd-ports';
import {hostSubsetOf} from '../../engine/model/hosts';
import {GATEWAY_API_GROUP, hostnamesOf, parentRefs, type AnyGatewayRoute, type GatewayRoute} from './resources';
import {readsServiceIn} from '../../engine/model/service-reference';
import type {LinkerdPortProtocol} from '../linkerd/service-protocol';

export interface ServiceRoutes {
  /** The namespace whose routes apply. */
  namespace: string;
  /** `consumer`: the client's own namespace; `producer`: the Service's. */
  role: 'consumer' | 'producer';
  routes: GatewayRoute[];
  /** The Service port their parentRefs name, if they name one. */
  port?: number;
  /** Routes that name the Service but do not apply to this client, with why. */
  ignored: Array<{route: GatewayRoute; reason: string}>;
}

/** Whether a parentRef of the route names the Service (and port), as the mesh reads a Service reference. */
export function attachedToService(route: AnyGatewayRoute, service: WorldResource, port: number, mesh: 'istio' | 'linkerd'): boolean {
  const readsService = readsServiceIn(mesh);
  return parentRefs(route).some((ref) => readsService(ref.group, ref.kind) && ref.namespace === service.namespace && ref.name === service.name && (ref.port === undefined || ref.port === port));
}

/** Linkerd's client sees a route in the Service's namespace (a producer route) or in its own (a consumer route). */
export function linkerdClientSees(route: AnyGatewayRoute, service: WorldResource, clientNamespace: string): boolean {
  return route.resource.namespace === service.namespace || route.resource.namespace === clientNamespace;
}

/**
 * `requestHost`: the host as the client wrote it, which Linkerd's proxy compares with a route's hostnames;
 * `linkerdPort`: the port's protocol as Linkerd's controller reads it (linkerd/service-protocol.ts), by
 * default its appProtocol alone.
 */
export function serviceRoutes(routes: readonly GatewayRoute[], service: WorldResource, port: number, clientNamespace: string, mesh: 'istio' | 'linkerd', requestHost: string, linkerdPort?: LinkerdPortProtocol): ServiceRoutes | undefined {
  const named = routes.filter((route) => (mesh === 'linkerd' || route.group === GATEWAY_API_GROUP) && attachedToService(route, service, port, mesh));
  if (named.length === 0) return undefined;
  const refused = mesh === 'linkerd' ? named.flatMap((route) => {
    const reason = linkerdRefusal(route);
    if (reason) return [{route, reason: `Linkerd's policy controller refuses to convert it (${reason}), so no proxy gets it`}];
    const hostnames = hostnamesOf(route);
    return hostnames.length > 0 && !hostnames.some((h) => hostSubsetOf(requestHost, h))
      ? [{route, reason: `its hostnames (${hostnames.join(', ')}) do not include ${requestHost}, which Linkerd's proxy compares them with`}] : [];
  }) : [];
  const attached = named.filter((route) => !refused.some((r) => r.route === route));
  // A route in the Service's own namespace is the producer's, even for a client of that namespace.
  const consumer = clientNamespace === service.namespace ? [] : attached.filter((r) => r.resource.namespace === clientNamespace);
  const producer = attached.filter((r) => r.resource.namespace === service.namespace);
  const [role, applied] = mesh === 'linkerd' ? [consumer.length > 0 ? 'consumer' : 'producer', [...new Set([...consumer, ...producer])]] as const
    : consumer.length > 0 ? ['consumer', consumer] as const : ['producer', producer] as const;
  const ignored = [...refused, ...attached.filter((r) => !applied.includes(r)).map((route) => ({
    route,
    reason: route.resource.namespace === service.namespace
      ? `a route in the client's namespace ${clientNamespace} replaces the Service namespace's routes`
      : `it is in namespace ${route.resource.namespace}, neither the client's (${clientNamespace}) nor the Service's (${service.namespace})`,
  }))];
  const sent = mesh === 'linkerd' ? linkerdProtocolRoutes(applied, service, port, linkerdPort ?? appProtocolOnly(service, port)) : {routes: [...applied], dropped: []};
  ignored.push(...sent.dropped);
  if (sent.routes.length === 0) return {namespace: service.namespace, role: 'producer', routes: [], ignored};
  const portNamed = sent.routes.some((route) => parentRefs(route).some((ref) => ref.kind === 'Service' && ref.name === service.name && ref.port === port));
  return {namespace: role === 'consumer' ? clientNamespace : service.namespace, role, routes: sent.routes, port: portNamed ? port : undefined, ignored};
}

/** The port's protocol when the caller has not read the opaque ports: its appProtocol, else none. */
function appProtocolOnly(service: WorldResource, port: number): LinkerdPortProtocol {
  const servicePort = asArray(service.spec.ports).map((p) => asObject(p) ?? {}).find((p) => p.port === port);
  const declared = asString(servicePort?.appProtocol);
  return declared === undefined ? {because: `port ${port} declares no appProtocol`} : {protocol: linkerdAppProtocol(declared), because: `appProtocol ${declared}`};
}

/**
 * to_proto's choice of a port's protocol: `http` (HTTP/1) without GRPCRoutes; `kubernetes.io/h2c` or none is
 * gRPC when GRPCRoutes attach, else HTTP; opaque (an opaque appProtocol or port, or an appProtocol Linkerd
 * does not know) has no HTTP or gRPC route at all.
 */
function linkerdProtocolRoutes(applied: readonly GatewayRoute[], service: WorldResource, port: number, protocol: LinkerdPortProtocol): {routes: GatewayRoute[]; dropped: Array<{route: GatewayRoute; reason: string}>} {
  const drop = (routes: readonly GatewayRoute[], reason: string) => routes.map((route) => ({route, reason}));
  if (protocol.protocol === 'opaque' || protocol.protocol === 'unknown') {
    return {routes: [], dropped: drop(applied, `Linkerd's policy controller sends ${service.name}:${port} as opaque TCP (${protocol.because}), without HTTP or gRPC routes`)};
  }
  const keepGrpc = protocol.protocol !== 'http1' && applied.some((route) => route.kind === 'GRPCRoute');
  const reason = keepGrpc
    ? `Linkerd's policy controller sends the gRPC protocol for ${service.name}:${port}, where GRPCRoutes attach, so its HTTPRoutes are not sent`
    : `Linkerd's policy controller sends HTTP/1 for ${service.name}:${port} (appProtocol http), without its GRPCRoutes`;
  const routes = applied.filter((route) => (route.kind === 'GRPCRoute') === keepGrpc);
  return {routes, dropped: drop(applied.filter((route) => !routes.includes(route)), reason)};
}
