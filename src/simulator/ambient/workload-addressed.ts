/**
 * Traffic addressed to pods rather than to a Service's address: a headless Service (`clusterIP: None`),
 * whose DNS name resolves to its pods' addresses. ztunnel looks a target address up as a Service first
 * and uses the Service's waypoint; an address that is no Service's is a workload's, and ztunnel then
 * sends to that workload's waypoint, if it has one for workload traffic (ztunnel 1.30.3
 * src/proxy/outbound.rs build_request: "Don't traverse waypoint if traffic was addressed to a
 * service"; istiod waypoints.go fetchWaypointForWorkload). The waypoint applies its L7 policy but no
 * route: istiod builds no VirtualService route for a request without a Service
 * (listener_waypoint.go buildWaypointInboundHTTPRouteConfig with no Service). So nothing routes: the
 * client picks a pod from the DNS answer.
 */
import {asString} from '../../engine/istio/access';
import type {Decision, TraceStep} from '../decision';
import type {ResolvedBackend} from '../destinations';
import {finish} from '../outcome';
import type {SimRequest} from '../request';
import type {World, WorldResource} from '../world';
import {dataplaneOf, type PathInputs} from './path';
import type {SidecarRouting} from './sidecar-routing';
import {serviceWaypoint, workloadWaypoint, type ServiceWaypoint} from './waypoint';

/** A Service without a cluster IP: its name resolves to pod addresses. */
export function isHeadless(service: WorldResource): boolean {
  return asString(service.spec.clusterIP) === 'None';
}

export function routeWorkloadAddressed(world: World, request: SimRequest, service: WorldResource, host: string, backend: ResolvedBackend, port: number,
  base: Decision, trace: TraceStep[], routing: SidecarRouting, inputs: (extra: Omit<PathInputs, 'client' | 'clientName'>) => PathInputs): Decision {
  trace.push({message: `Service ${service.namespace}/${service.name} is headless (clusterIP: None): its name resolves to its pods' addresses, so the request is addressed to a pod, not to a Service`, at: service.at});
  const own = serviceWaypoint(world, service);
  if (own.bound) trace.push({message: `${own.reason}, but ztunnel uses a Service's waypoint only for traffic addressed to the Service: a headless Service has no such address`, at: own.gateway.at});
  const destination = routing.resolveDestination(world, {host: request.host, port: undefined}, host, backend, port, service.namespace, undefined, undefined, trace);
  const waypoints = new Map<string, ServiceWaypoint & {bound: true}>();
  const reasons: string[] = [];
  for (const set of destination.workloads) {
    const bound = workloadWaypoint(world, set.namespace, set.workload);
    trace.push({message: bound.bound ? `${bound.reason}: ztunnel sends the request for them there over HBONE` : bound.reason, at: bound.bound ? bound.gateway.at : bound.at});
    if (bound.bound) waypoints.set(`${set.namespace}/${set.workload}`, bound);
    else reasons.push(bound.reason);
  }
  if (waypoints.size > 0) trace.push({message: 'a waypoint applies no VirtualService or HTTPRoute to a request addressed to a pod: it enforces its L7 policy and forwards to that pod'});
  trace.push({message: `the client picks one of the addresses DNS returns for ${host}: no proxy balances or routes the request`});
  const decision = finish({...base, outcome: 'routed', status: destination.status ?? null, flags: destination.flags, summary: '', destinations: [{...destination, share: 1}], timeout: null, retries: null}, trace);
  const distinct = [...new Map([...waypoints.values()].map((b) => [`${b.waypoint.namespace}/${b.waypoint.name}`, {...b.waypoint, reason: b.reason}])).values()];
  return {...decision, dataplane: dataplaneOf(world, decision, inputs({
    waypoint: distinct.length === 1 && reasons.length === 0 ? distinct[0] : undefined,
    waypointOf: (_destination, namespace, workload) => waypoints.get(`${namespace}/${workload}`)?.waypoint,
    noWaypoint: waypoints.size === 0 ? reasons.join('; ') : undefined,
    routedBy: 'none',
    routing: `nothing routes: the request is addressed to a pod${waypoints.size > 0 ? ', and a waypoint applies no route to it' : ''}`,
  }))};
}
