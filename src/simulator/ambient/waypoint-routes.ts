/**
 * The routes a waypoint applies to a request addressed to a Service it serves, as istiod 1.30.3 builds
 * them (pilot/pkg/networking/core/listener_waypoint.go buildWaypointInboundHTTPRouteConfig):
 *
 * - HTTPRoutes with the Service as parent, in the Service's namespace: routed as the Gateway API's
 *   GAMMA routes are (gatewayapi/), with the Service's namespace as the client's.
 * - Otherwise the VirtualServices visible to the waypoint (exported to its namespace, bound to `mesh`)
 *   whose hosts match the Service, from the Service's or the waypoint's own namespace
 *   (getVirtualServiceForWaypoint), merged in creation order as a gateway merges them, not deduplicated
 *   as a sidecar does. Each is translated for the waypoint (waypointInboundRoute): a match with
 *   `sourceLabels` is dropped, `sourceNamespace` is compared with the waypoint's namespace (match.ts
 *   waypointSourceCheck); a VirtualService left with no route is omitted, and with none left the
 *   waypoint's default route sends every request to the Service's pods.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {fqdn, hostSubsetOf} from '../../engine/model/hosts';
import {retriesOf} from '../actions';
import type {Decision, TraceStep} from '../decision';
import {expandRoutes, type CandidateRoute} from '../delegates';
import {resolveBackend} from '../destinations';
import {gatewayRoutes} from '../gatewayapi/resources';
import {serviceRoutes} from '../gatewayapi/service-parent';
import {translationCheck, type MatchSource} from '../match';
import {baseDecision, finish, resourceRef} from '../outcome';
import type {SimRequest} from '../request';
import type {SimSource} from '../source';
import {exportedTo, locate, type World, type WorldResource} from '../world';
import type {SidecarRouting} from './sidecar-routing';

export interface WaypointName {
  namespace: string;
  name: string;
}

/** The waypoint's routing of `request` to `service` (host: its FQDN); the trace receives each step. */
export function routeAtWaypoint(world: World, request: SimRequest, host: string, service: WorldResource, waypoint: WaypointName,
  trace: TraceStep[], routing: SidecarRouting): Decision {
  const backend = resolveBackend(world, host);
  const port = request.port ?? backend.ports[0] ?? (request.scheme === 'https' ? 443 : 80);
  const readable = new Set([service.namespace, waypoint.namespace]);
  for (const vs of world.virtualServices.filter((v) => !readable.has(v.namespace) && claims(v, host))) {
    trace.push({message: `VirtualService ${vs.namespace}/${vs.name} is not applied by the waypoint: it reads VirtualServices only from the Service's namespace or its own`, at: locate(vs, 'spec', 'hosts')});
  }
  const candidates = world.virtualServices.filter((v) => readable.has(v.namespace) && claims(v, host));
  if (candidates.length > 0) {
    trace.push({message: 'a VirtualService on a waypoint is Alpha in ambient mode (istiod 1.30.3 applies it without a flag); HTTPRoute is the supported way'});
  }
  trace.push({message: `the waypoint ${waypoint.namespace}/${waypoint.name} applies the Service's routes (those in namespace ${service.namespace}):`});
  const producer: SimSource = {kind: 'sidecar', namespace: service.namespace, labels: {}};
  const gamma = serviceRoutes(gatewayRoutes(world), service, port, service.namespace, 'istio', host);
  if (gamma && gamma.routes.length > 0) {
    // HTTPRoutes (and a VirtualService beside them, by istiod's import order) as the sidecar router chooses them.
    const view: World = Object.create(world, {virtualServices: {get: () => candidates}});
    return routing.routeAsSidecar(view, {...request, host}, producer, trace);
  }
  const visible = candidates.filter((vs) => {
    if (exportedTo(vs, waypoint.namespace)) return true;
    trace.push({message: `VirtualService ${vs.namespace}/${vs.name} is not exported to namespace ${waypoint.namespace}: the waypoint does not see it`, at: locate(vs, 'spec', 'exportTo')});
    return false;
  }).sort((a, b) => a.order - b.order);
  const source: MatchSource = {gatewayNames: new Set(['mesh']), labels: {}, namespace: waypoint.namespace, waypoint};
  const merged: CandidateRoute[] = [];
  const applied: WorldResource[] = [];
  for (const vs of visible) {
    const routes = expandRoutes(world, vs, trace);
    if (!routes.some((route) => translates(route, source, port))) {
      trace.push({message: `VirtualService ${vs.namespace}/${vs.name} is left out: none of its routes survives istiod's translation for the waypoint (matches with sourceLabels are dropped, sourceNamespace is the waypoint's)`, at: locate(vs, 'spec', 'http')});
      continue;
    }
    merged.push(...routes);
    applied.push(vs);
  }
  const base = baseDecision({...request, host}, producer, host, port);
  if (merged.length === 0) {
    trace.push({message: `no VirtualService route for ${host} reaches the waypoint: its default route sends every request to any pod of the Service`});
    const destination = routing.resolveDestination(world, {host: request.host, port: undefined}, host, backend, port, service.namespace, undefined, undefined, trace);
    return finish({...base, outcome: 'routed', status: destination.status, flags: destination.flags, summary: '', destinations: [{...destination, share: 1}], timeout: null, retries: retriesOf({})}, trace);
  }
  if (applied.length > 1) trace.push({message: `the waypoint merges the routes of ${applied.map((vs) => `${vs.namespace}/${vs.name}`).join(', ')} in creation order`});
  return routing.routeThrough(world, merged, request, source, port, producer, {...base, virtualServices: applied.map(resourceRef)}, trace);
}

/** Whether istiod emits at least one Envoy route for this HTTP route at the waypoint. */
function translates(route: CandidateRoute, source: MatchSource, port: number): boolean {
  const matches = asArray(route.http.match).map((m) => asObject(m) ?? {});
  return matches.length === 0 || matches.some((match) => translationCheck(match, {listenerPort: port, source, vsNamespace: route.vs.namespace}).matched);
}

/** A mesh VirtualService whose hosts match the Service's host (host.Name.Matches). */
export function claims(vs: WorldResource, host: string): boolean {
  const gateways = asArray(vs.spec.gateways).filter((g): g is string => typeof g === 'string');
  if (gateways.length > 0 && !gateways.includes('mesh')) return false;
  return asArray(vs.spec.hosts).some((h) => typeof h === 'string' && hostSubsetOf(host, fqdn(h, vs.namespace)));
}
