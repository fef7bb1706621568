/**
 * An ingress gateway's request that reaches a Service's waypoint is routed a second time there.
 *
 * With `istio.io/ingress-use-waypoint=true` on the Service (or its namespace), istiod gives the
 * gateway's cluster for the Service the waypoint's endpoints instead of the Service's pods
 * (pilot/pkg/xds/endpoints/endpoint_builder.go findServiceWaypoint, built for routers only). The
 * gateway tunnels the request to the waypoint with the Service's address as the target, and the
 * waypoint routes it by the Service's own routes (waypoint-routes.ts), as it routes any request
 * addressed to the Service. What the gateway's route chose beyond the Service is not kept: its subset
 * (the waypoint cluster is built without the subset's labels) and its pods; its rewrites are, since the
 * waypoint receives the request the gateway forwarded. The gateway's own cluster for the subset stays,
 * with the subset's traffic policy over the waypoint's pods: each destination names it (`gatewayCluster`).
 *
 * Each proxy applies its own route's actions: the gateway's fault filter first, then the waypoint's on
 * what reaches it (marked on the destinations it forwards to, `waypointFault`, as Envoy's fault filter
 * sits in front of the waypoint's router: route.go translateFault); the waypoint's mirrors copy what it
 * forwards, a share of the gateway's requests.
 */
import type {Decision, DestinationDecision, TraceStep} from '../decision';
import {finish, percent} from '../outcome';
import {mirroringOf} from '../mirroring';
import type {SimRequest} from '../request';
import type {World} from '../world';
import type {SidecarRouting} from './sidecar-routing';
import {ingressUsesWaypoint, serviceWaypoint} from './waypoint';
import {routeAtWaypoint, type WaypointName} from './waypoint-routes';
import {routeBackoff} from '../resilience/policy';

export interface IngressWaypointHop {
  /** The gateway's destination that was sent to the waypoint. */
  gatewayDestination: DestinationDecision;
  waypoint: WaypointName & {reason: string; service: WaypointName};
  /** The waypoint's own decision for the Service. */
  decision: Decision;
}

export interface IngressThroughWaypoints {
  decision: Decision;
  hops: IngressWaypointHop[];
  /** The waypoint each final destination came through. */
  waypointOf: Map<DestinationDecision, WaypointName & {reason: string; service: WaypointName}>;
}

/** The gateway's decision with each destination that goes through a waypoint replaced by the waypoint's routing; undefined when none does. */
export function routeIngressThroughWaypoints(world: World, request: SimRequest, decision: Decision, routing: SidecarRouting): IngressThroughWaypoints | undefined {
  if (decision.source.kind !== 'gateway' || decision.outcome !== 'routed') return undefined;
  const hops: IngressWaypointHop[] = [];
  const trace: TraceStep[] = [...decision.trace];
  const destinations: DestinationDecision[] = [];
  const waypointOf = new Map<DestinationDecision, WaypointName & {reason: string; service: WaypointName}>();
  for (const destination of decision.destinations) {
    const service = destination.share > 0 && destination.flags !== 'NC' ? world.serviceByFqdn(destination.host) : undefined;
    const bound = service ? serviceWaypoint(world, service) : undefined;
    if (!service || !bound?.bound || !ingressUsesWaypoint(world, service)) {
      destinations.push(destination);
      continue;
    }
    const waypoint = {...bound.waypoint, reason: `${bound.reason}, and istio.io/ingress-use-waypoint=true sends ingress traffic there too`,
      service: {namespace: service.namespace, name: service.name}};
    trace.push({message: `gateway ${decision.source.gateway} sends ${decision.destinations.length > 1 ? `its ${percent(destination.share)} for ` : ''}${destination.host} to waypoint ${waypoint.namespace}/${waypoint.name}: ${waypoint.reason} (the gateway's cluster ${destination.cluster} has the waypoint as its endpoints), and the waypoint routes the request again`, at: bound.gateway.at});
    if (destination.subset) trace.push({message: `the gateway's subset ${destination.subset} is not kept: the waypoint receives the request for the Service and picks the pods by its own routes`, at: destination.at});
    const inner = routeAtWaypoint(world, forwardedRequest(request, decision, destination), destination.host, service, bound.waypoint, trace, routing);
    hops.push({gatewayDestination: destination, waypoint, decision: inner});
    for (const reached of reachedThrough(world, inner, destination, waypoint, trace)) {
      destinations.push(reached);
      waypointOf.set(reached, waypoint);
    }
  }
  if (hops.length === 0) return undefined;
  // The gateway's fault filter acts first; each waypoint's acts on what reaches it (waypointFault, counted by the distribution).
  const gatewayAbort = decision.fault?.abort?.share ?? 0;
  for (const hop of hops) {
    const {abort, delay} = hop.decision.fault ?? {};
    const what = [abort && abort.share > 0 ? `aborts ${percent(abort.share)} with ${abort.status ?? abort.grpcStatus}` : '', delay && delay.share > 0 ? `delays ${percent(delay.share)} by ${delay.fixedDelay}` : ''].filter(Boolean);
    if (what.length > 0) trace.push({message: `waypoint ${hop.waypoint.namespace}/${hop.waypoint.name}'s fault filter ${what.join(' and ')} of what it receives from the gateway${gatewayAbort > 0 ? ' (after the gateway\'s own aborts)' : ''}`});
  }
  const mirroring = hops.flatMap((hop) => hop.decision.mirrors ? mirroringOf(world, hop.decision).map((plan) => ({
    ...plan, share: plan.share * hop.gatewayDestination.share * (1 - gatewayAbort), by: `waypoint ${hop.waypoint.namespace}/${hop.waypoint.name}`,
  })) : []);
  for (const plan of mirroring) trace.push({message: `${plan.by} mirrors ${percent(plan.share)} of the gateway's requests to ${plan.cluster}${plan.problem ? `: ${plan.problem}` : ''}; the copies' responses are discarded`});
  const combined = finish({...decision, destinations, status: null, flags: undefined, summary: '', ...(mirroring.length > 0 ? {mirroring} : {})}, trace);
  return {decision: combined, hops, waypointOf};
}

/** The request as the gateway forwards it to the Service's port: its route's path and host rewrites applied. */
function forwardedRequest(request: SimRequest, decision: Decision, destination: DestinationDecision): SimRequest {
  return {...request, scheme: 'http', host: decision.rewrite?.authority ?? request.host, port: destination.port, path: decision.rewrite?.path ?? request.path};
}

/** The destinations the waypoint's routing reaches, their shares scaled by the gateway's; or the waypoint's own answer as one. */
function reachedThrough(world: World, inner: Decision, destination: DestinationDecision, waypoint: IngressWaypointHop['waypoint'], trace: TraceStep[]): DestinationDecision[] {
  // Each destination names the waypoint it came through: two waypoints may route their shares to the same host.
  const via = {waypoint: {namespace: waypoint.namespace, name: waypoint.name, service: waypoint.service,
    gatewayCluster: {name: destination.cluster, ...(destination.subset ? {subset: destination.subset} : {})}}};
  if (inner.outcome === 'routed' && inner.destinations.length > 0) {
    // The waypoint's route keeps its own timeout and retries (the mesh default when it sets none): resilience/waypoint-hop.ts.
    const backoff = routeBackoff(world, inner);
    const waypointRoute = {timeout: inner.timeout ?? null, retries: inner.retries ?? null, ...(backoff ? {backoff} : {})};
    const fault = inner.fault && (inner.fault.abort || inner.fault.delay) ? {waypoint: `${waypoint.namespace}/${waypoint.name}`, fault: inner.fault} : undefined;
    return inner.destinations.map((reached) => ({...reached, weight: undefined, share: reached.share * destination.share, ...via, waypointRoute, ...(fault ? {waypointFault: fault} : {})}));
  }
  trace.push({message: `the waypoint answers the gateway itself: ${inner.summary}`});
  const flags = inner.flags === 'NR' || inner.flags === 'NC' || inner.flags === 'UH' ? inner.flags : undefined;
  return [{host: destination.host, port: destination.port, cluster: destination.cluster, share: destination.share, status: inner.status ?? 503, flags,
    problem: `the waypoint answers ${inner.summary}`, pods: [], podCount: 0, workloads: [], at: destination.at, ...via}];
}
