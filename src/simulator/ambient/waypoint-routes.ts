/**
 * The routes a waypoint applies to a request addressed to a Service it serves, as istiod 1.30.3 builds
 * them (pilot/pkg/networking/core/listener_waypoint.go buildWaypointInboundHTTPRouteConfig):
 *
 * - Every route set for the Service from the Service's or the waypoint's own namespace
 *   (getVirtualServiceForWaypoint): its HTTPRoutes (one VirtualService per namespace to istiod) and the
 *   VirtualServices visible to the waypoint (exported to its namespace, bound to `mesh`) whose hosts
 *   match the Service. They are merged in istiod's import order (waypoint-import.ts), not deduplicated
 *   as a sidecar does: the first route that matches, in any of them, wins.
 * - Each VirtualService is translated for the waypoint (waypointInboundRoute): a match with
 *   `sourceLabels` is dropped, `sourceNamespace` is compared with the waypoint's namespace (match.ts
 *   waypointSourceCheck); a VirtualService left with no route is omitted, and with none left the
 *   waypoint's default route sends every request to the Service's pods.
 * - HTTPRoutes keep the Gateway API's precedence among themselves (gatewayapi/router.ts).
 */
import {asArray, asObject} from '../../engine/istio/access';
import {fqdn, hostSubsetOf} from '../../engine/model/hosts';
import {retriesOf} from '../actions';
import type {Decision, TraceStep} from '../decision';
import {expandRoutes, type CandidateRoute} from '../delegates';
import {resolveBackend} from '../destinations';
import {gatewayRoutes, routeRef} from '../gatewayapi/resources';
import {routeGatewayApi} from '../gatewayapi/router';
import {serviceRoutes, type ServiceRoutes} from '../gatewayapi/service-parent';
import {translationCheck, type MatchSource} from '../match';
import {baseDecision, finish, resourceRef} from '../outcome';
import type {SimRequest} from '../request';
import type {SimSource} from '../source';
import {exportedTo, locate, type World, type WorldResource} from '../world';
import type {SidecarRouting} from './sidecar-routing';
import {waypointImportOrder} from './waypoint-import';

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
  trace.push({message: `the waypoint ${waypoint.namespace}/${waypoint.name} applies the Service's routes (those in namespace ${service.namespace}${waypoint.namespace === service.namespace ? '' : ` or ${waypoint.namespace}`}):`});
  const producer: SimSource = {kind: 'sidecar', namespace: service.namespace, labels: {}};
  const routeSets = waypointRouteSets(world, service, port, host, waypoint);
  const visible = candidates.filter((vs) => {
    if (exportedTo(vs, waypoint.namespace)) return true;
    trace.push({message: `VirtualService ${vs.namespace}/${vs.name} is not exported to namespace ${waypoint.namespace}: the waypoint does not see it`, at: locate(vs, 'spec', 'exportTo')});
    return false;
  }).sort((a, b) => a.order - b.order);
  const source: MatchSource = {gatewayNames: new Set(['mesh']), labels: {}, namespace: waypoint.namespace, waypoint};
  const sets: Array<{kind: 'virtual-service'; vs: WorldResource; routes: CandidateRoute[]} | {kind: 'http-routes'; gamma: ServiceRoutes}> = [];
  for (const set of waypointImportOrder(waypoint.namespace, host, visible, routeSets)) {
    if (set.kind === 'http-routes') {
      sets.push(set);
      continue;
    }
    const {vs} = set;
    const routes = expandRoutes(world, vs, trace);
    if (!routes.some((route) => translates(route, source, port))) {
      trace.push({message: `VirtualService ${vs.namespace}/${vs.name} is left out: none of its routes survives istiod's translation for the waypoint (matches with sourceLabels are dropped, sourceNamespace is the waypoint's)`, at: locate(vs, 'spec', 'http')});
      continue;
    }
    sets.push({kind: 'virtual-service', vs, routes});
  }
  const base = baseDecision({...request, host}, producer, host, port);
  if (sets.length === 0) {
    trace.push({message: `no VirtualService route or HTTPRoute for ${host} reaches the waypoint: its default route sends every request to any pod of the Service`});
    const destination = routing.resolveDestination(world, {host: request.host, port: undefined}, host, backend, port, service.namespace, undefined, undefined, trace);
    return finish({...base, outcome: 'routed', status: destination.status ?? null, flags: destination.flags, summary: '', destinations: [{...destination, share: 1}], timeout: null, retries: retriesOf({})}, trace);
  }
  const applied = sets.flatMap((set) => set.kind === 'virtual-service' ? [set.vs] : []);
  const httpRoutes = sets.flatMap((set) => set.kind === 'http-routes' ? set.gamma.routes.map((r) => resourceRef(r.resource)) : []);
  const names = sets.map(setName);
  if (sets.length > 1) trace.push({message: `the waypoint merges the routes of ${names.join(', ')}, in istiod's import order (a sidecar would keep only the first): the first route that matches wins`});
  const shared: Decision = {...base, virtualServices: applied.map(resourceRef), ...(httpRoutes.length > 0 ? {httpRoutes} : {})};
  // Consecutive VirtualServices form one list of routes; a namespace's HTTPRoutes are one VirtualService to istiod, ordered by Gateway API precedence.
  const segments: Array<{kind: 'virtual-service'; vs: WorldResource[]; routes: CandidateRoute[]} | {kind: 'http-routes'; gamma: ServiceRoutes}> = [];
  for (const set of sets) {
    const last = segments[segments.length - 1];
    if (set.kind === 'http-routes') segments.push(set);
    else if (last?.kind === 'virtual-service') {
      last.vs.push(set.vs);
      last.routes.push(...set.routes);
    } else segments.push({kind: 'virtual-service', vs: [set.vs], routes: [...set.routes]});
  }
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const local: TraceStep[] = [];
    const decision = segment.kind === 'virtual-service'
      ? routing.routeThrough(world, segment.routes, request, source, port, producer, {...shared}, local)
      : routeGatewayApi({world, request: {...request, host}, port, routes: segment.gamma.routes, mesh: 'istio', host, trace: local, base: {...shared},
        parent: {kind: 'Service', namespace: service.namespace, name: service.name, role: segment.gamma.role},
        parentService: {name: service.name, namespace: service.namespace}});
    const next = segments[i + 1];
    if (decision.outcome === 'no-route' && next) {
      // The 404 belongs to the whole route table: the next merged routes are tried first.
      trace.push(...local.slice(0, -1));
      trace.push({message: `no route of ${segmentName(segment)} matches: the waypoint tries the merged routes that follow, of ${segmentName(next)}`});
      continue;
    }
    trace.push(...local);
    return {...decision, trace, ...(httpRoutes.length > 0 ? {httpRoutes} : {}), virtualServices: applied.map(resourceRef)};
  }
  throw new Error('unreachable: the last segment always decides');
}

/** The HTTPRoutes of the Service's namespace (producer) and of the waypoint's (consumer routes there count too: getVirtualServiceForWaypoint). */
function waypointRouteSets(world: World, service: WorldResource, port: number, host: string, waypoint: WaypointName): ServiceRoutes[] {
  const routes = gatewayRoutes(world);
  const sets: ServiceRoutes[] = [];
  const producer = serviceRoutes(routes, service, port, service.namespace, 'istio', host);
  if (producer && producer.routes.length > 0) sets.push(producer);
  if (waypoint.namespace !== service.namespace) {
    const consumer = serviceRoutes(routes, service, port, waypoint.namespace, 'istio', host);
    if (consumer?.role === 'consumer' && consumer.routes.length > 0) sets.push(consumer);
  }
  return sets;
}

function setName(set: {kind: 'virtual-service'; vs: WorldResource} | {kind: 'http-routes'; gamma: ServiceRoutes}): string {
  return set.kind === 'virtual-service' ? `VirtualService ${set.vs.namespace}/${set.vs.name}` : set.gamma.routes.map(routeRef).join(', ');
}

function segmentName(segment: {kind: 'virtual-service'; vs: WorldResource[]} | {kind: 'http-routes'; gamma: ServiceRoutes}): string {
  return segment.kind === 'virtual-service' ? segment.vs.map((vs) => `VirtualService ${vs.namespace}/${vs.name}`).join(', ') : setName(segment);
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
