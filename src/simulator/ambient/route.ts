/**
 * Routing in a lab that shows ambient mode: which proxy applies the route, if any.
 *
 * - A client with a sidecar routes as it always did (simulate.ts), and sends straight to the
 *   destination: sidecars do not send to waypoints, so the waypoint's routes and L7 policy are bypassed
 *   (Red Hat OpenShift Service Mesh 3.2 coexistence notes, on Istio's ambient mode).
 * - An ambient client's ztunnel is L4: it never reads a route. When the destination Service has a
 *   waypoint (waypoint.ts), ztunnel sends the request there over HBONE and the waypoint routes it: the
 *   Service's HTTPRoutes (Service parent, in the Service's namespace) and, Alpha in ambient but applied by
 *   istiod 1.30.3 without any flag, VirtualServices in the Service's or the waypoint's namespace
 *   (pilot/pkg/networking/core/listener_waypoint.go getVirtualServiceForWaypoint).
 * - Without a waypoint, and for a client with no proxy at all, nothing routes: the connection goes to one
 *   of the Service's endpoints by L4 load balancing, and VirtualServices and HTTPRoutes are ignored.
 * - An ingress gateway routes as before, and sends to the Service's waypoint only when the Service (or its
 *   namespace) is labelled `istio.io/ingress-use-waypoint=true`; the waypoint then routes the request again
 *   by the Service's routes (ingress-waypoint.ts).
 */
import {requestHostCandidates} from '../../engine/model/hosts';
import type {Decision, TraceStep} from '../decision';
import {resolveBackend} from '../destinations';
import {gatewayRoutes, routeRef} from '../gatewayapi/resources';
import {serviceRoutes} from '../gatewayapi/service-parent';
import {baseDecision, finish} from '../outcome';
import type {SimRequest} from '../request';
import type {SimSource} from '../source';
import {exportedTo, type World, type WorldResource} from '../world';
import {type DataplaneMode, showsAmbient, workloadMode} from './modes';
import {dataplaneOf, type PathInputs} from './path';
import {ingressUsesWaypoint, serviceWaypoint, workloadWaypoint} from './waypoint';
import {claims, routeAtWaypoint} from './waypoint-routes';
import {routeIngressThroughWaypoints} from './ingress-waypoint';
import {isHeadless, routeWorkloadAddressed} from './workload-addressed';
import {ambiguousAddress, isIpAddress, podsAt, routePodAddressed} from './pod-addressed';
import type {SidecarRouting} from './sidecar-routing';
import {passthroughToPod} from './sidecar-pod-address';

export type {SidecarRouting} from './sidecar-routing';

function clientName(source: SimSource): string {
  return source.kind === 'gateway' ? `gateway ${source.gateway}` : source.workload ? `${source.namespace}/${source.workload}` : `namespace ${source.namespace}`;
}

/** The decision for a client in ambient mode or without a proxy; undefined when the sidecar router decides. */
export function routeAmbient(world: World, request: SimRequest, source: SimSource, trace: TraceStep[], routing: SidecarRouting): Decision | undefined {
  if (source.kind !== 'sidecar' || !showsAmbient(world)) return undefined;
  const mode = workloadMode(world, source.namespace, source.workload);
  if (mode === 'sidecar') return undefined;
  const name = clientName(source);
  trace.push({message: mode === 'ambient'
    ? `${name} is in ambient mode (istio.io/dataplane-mode=ambient): its node's ztunnel carries the request, and ztunnel is L4: it never reads a route`
    : `${name} has no proxy (no sidecar injection, not in ambient mode): nothing in its pod routes the request`});
  const inputsFor = (extra: Omit<PathInputs, 'client' | 'clientName'>): PathInputs => ({client: mode, clientName: name, ...extra});
  if (isIpAddress(request.host)) {
    const pods = podsAt(world, request.host);
    if (pods.length === 1) {
      const port = request.port ?? (request.scheme === 'https' ? 443 : 80);
      return routePodAddressed(world, request.host, port, pods[0]!, mode, baseDecision(request, source, request.host, port), trace, inputsFor);
    }
    if (pods.length > 1) trace.push({message: ambiguousAddress(request.host, pods)});
  }
  const candidates = requestHostCandidates(request.host, source.namespace);
  const resolved = candidates.map((host) => resolveBackend(world, host)).find((b) => b.kind !== 'unknown');
  const host = resolved?.host ?? candidates[candidates.length - 1]!;
  const backend = resolved ?? resolveBackend(world, host);
  const port = routing.listenerPortFor(request, backend, trace);
  const base = baseDecision(request, source, host, port);
  const inputs = inputsFor;

  if (backend.kind !== 'service') {
    const what = backend.kind === 'unknown' ? `${host} is no Service or ServiceEntry` : `${host} is a ServiceEntry`;
    trace.push({message: `${what}: the connection goes to the address the client resolved, with no L7 routing`, at: backend.resource?.at});
    // Egress: istiod's ambient registry (pilot/pkg/serviceregistry/ambient) gives ztunnel no outbound traffic policy; nothing here blocks an outside host.
    const egress = {mesh: 'istio' as const, host, port, verdict: 'allowed' as const,
      answer: mode === 'ambient' ? `${host} answers: ztunnel passes the connection through (no outbound traffic policy at L4)` : `${host} answers (no proxy in the way)`};
    const decision = finish({...base, outcome: 'passthrough', status: null, summary: `no L7 proxy on the path: ${host} is reached at the address the client resolved`, egress}, trace);
    return {...decision, dataplane: dataplaneOf(world, decision, inputs({noWaypoint: 'the destination is not a Service of the cluster', routedBy: 'none', routing: 'nothing routes: L4 only'}))};
  }
  const service = backend.resource!;
  if (backend.ports.length > 0 && !backend.ports.includes(port)) {
    trace.push({message: `${host} has no port ${port} (ports: ${backend.ports.join(', ')})`});
    const decision = finish({...base, outcome: 'unreachable', status: null, summary: `${host} does not listen on port ${port}: the connection fails`}, trace);
    return {...decision, dataplane: dataplaneOf(world, decision, inputs({routedBy: 'none', routing: 'nothing routes: L4 only'}))};
  }
  if (mode === 'ambient' && isHeadless(service)) return routeWorkloadAddressed(world, request, service, host, backend, port, base, trace, routing, inputs);
  let noWaypoint: string;
  if (mode === 'ambient') {
    const bound = serviceWaypoint(world, service);
    trace.push({message: bound.reason, at: bound.bound ? bound.gateway.at : bound.at});
    if (bound.bound) return viaWaypoint(world, request, source, base.request, host, service, bound.waypoint, bound.reason, trace, routing, mode, name);
    noWaypoint = bound.reason;
  } else {
    noWaypoint = 'a client without a proxy sends plaintext straight to a pod: no waypoint is involved';
  }
  const ignored = routesFor(world, service, host, port, source.namespace);
  const balancer = mode === 'ambient' ? 'ztunnel' : 'kube-proxy';
  trace.push({message: `${balancer} sends the connection to one of ${service.namespace}/${service.name}'s endpoints (L4 load balancing)${ignored.length > 0
    ? `: ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored, as no L7 proxy is on this path` : ''}`});
  const destination = routing.resolveDestination(world, {host: request.host, port: undefined}, host, backend, port, source.namespace, undefined, undefined, trace);
  if (mode === 'ambient') {
    for (const set of destination.workloads) {
      const own = workloadWaypoint(world, set.namespace, set.workload);
      if (own.bound) trace.push({message: `${own.reason}, but this request is addressed to the Service: ztunnel sends to a workload's waypoint only what is addressed to its pods`, at: own.gateway.at});
    }
  }
  const decision = finish({...base, outcome: 'routed', status: destination.status ?? null, flags: destination.flags, summary: '', destinations: [{...destination, share: 1}], timeout: null, retries: null}, trace);
  const routingText = `no route applies: ${balancer} balances connections over the Service's pods${ignored.length > 0 ? ` (${ignored.join(', ')} ignored)` : ''}`;
  return {...decision, dataplane: dataplaneOf(world, decision, inputs({noWaypoint, routedBy: 'none', routing: routingText}))};
}

function viaWaypoint(world: World, request: SimRequest, source: SimSource, shown: Decision['request'], host: string, service: WorldResource,
  waypoint: {name: string; namespace: string}, reason: string, trace: TraceStep[], routing: SidecarRouting, mode: DataplaneMode, name: string): Decision {
  const inner = routeAtWaypoint(world, request, host, service, waypoint, trace, routing);
  const decision: Decision = {...inner, request: shown, source: {kind: source.kind, namespace: source.namespace, workload: source.workload, labels: source.labels}};
  return {...decision, dataplane: dataplaneOf(world, decision, {client: mode, clientName: name, waypoint: {...waypoint, reason, service: {namespace: service.namespace, name: service.name}}, routedBy: 'waypoint', routing: `the waypoint routes by ${routedBy(decision)}`})};
}

export function routedBy(decision: Decision): string {
  return decision.route ? `${decision.route.virtualService.kind} ${decision.route.virtualService.namespace}/${decision.route.virtualService.name}` : 'its default route';
}

/** The routing resources a proxy would apply for this Service: mesh VirtualServices claiming its host, HTTPRoutes with it as parent. */
function routesFor(world: World, service: WorldResource, host: string, port: number, clientNamespace: string): string[] {
  const virtualServices = world.virtualServices.filter((vs) => claims(vs, host) && exportedTo(vs, clientNamespace)).map((vs) => `VirtualService ${vs.namespace}/${vs.name}`);
  const gamma = serviceRoutes(gatewayRoutes(world), service, port, clientNamespace, 'istio', host);
  return [...virtualServices, ...(gamma?.routes ?? []).map(routeRef)];
}

/** The data-plane view of a decision the sidecar or gateway router made, in a lab that shows ambient mode. */
export function withDataplane(world: World, decision: Decision, request: SimRequest, routing: SidecarRouting): Decision {
  if (decision.dataplane || !showsAmbient(world)) return decision;
  const source = decision.source;
  const first = decision.destinations[0];
  const service = first ? world.serviceByFqdn(first.host) : world.serviceByFqdn(decision.request.host);
  if (source.kind === 'gateway') {
    const name = `gateway ${source.gateway}`;
    const rerouted = routeIngressThroughWaypoints(world, request, decision, routing);
    if (rerouted) {
      const waypoints = [...new Map(rerouted.hops.map((hop) => [`${hop.waypoint.namespace}/${hop.waypoint.name}`, hop.waypoint])).values()];
      const again = rerouted.hops.map((hop) => `waypoint ${hop.waypoint.namespace}/${hop.waypoint.name} routes ${hop.gatewayDestination.host} again by ${routedBy(hop.decision)}`);
      return {...rerouted.decision, dataplane: dataplaneOf(world, rerouted.decision, {
        client: 'gateway', clientName: name, waypoint: waypoints.length === 1 ? waypoints[0] : undefined, waypointOf: (d) => rerouted.waypointOf.get(d),
        routedBy: 'gateway', routing: `the gateway applied ${routedBy(decision)}; then ${again.join('; ')}`,
      })};
    }
    const bound = service ? serviceWaypoint(world, service) : undefined;
    const inputs: PathInputs = {client: 'gateway', clientName: name, routedBy: 'gateway', routing: 'the gateway applied its routes',
      noWaypoint: bound?.bound ? `${bound.reason}, but ingress gateways skip waypoints unless istio.io/ingress-use-waypoint=true is set on the Service or its namespace` : bound?.reason ?? 'no Service'};
    return {...decision, dataplane: dataplaneOf(world, decision, inputs)};
  }
  const name = source.workload ? `${source.namespace}/${source.workload}` : `namespace ${source.namespace}`;
  const toPod = passthroughToPod(world, decision, request, name);
  if (toPod) return toPod;
  const bound = service ? serviceWaypoint(world, service) : undefined;
  const noWaypoint = bound?.bound
    ? `${bound.reason}, but a sidecar client does not send to waypoints: its own sidecar routes, and the waypoint's routes and L7 policy are bypassed`
    : bound?.reason ?? 'the destination is not a Service of the cluster';
  const mode = workloadMode(world, source.namespace, source.workload);
  return {...decision, dataplane: dataplaneOf(world, decision, {client: mode, clientName: name, noWaypoint, routedBy: 'sidecar', routing: `the client's sidecar routes by ${routedBy(decision)}`})};
}
