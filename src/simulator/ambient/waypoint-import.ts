/**
 * The order in which a waypoint holds the route sets for one Service, HTTPRoutes and VirtualServices
 * alike, as istiod 1.30.3 imports them.
 *
 * istiod turns a namespace's HTTPRoutes for a Service into one VirtualService bound to `mesh`, with no
 * exportTo (so public), created when the oldest of them was (pilot/pkg/config/kube/gateway/
 * route_collections.go HTTPRouteCollection, mergeHTTPRoutes). The waypoint's sidecar scope imports
 * every mesh VirtualService in three lists, each oldest first: those private to the waypoint's
 * namespace, those exported to it by name, then the public ones (push_context.go initVirtualServices);
 * within each list, those made from Gateway API routes in the waypoint's own namespace come first
 * (virtualservice.go SelectVirtualServices, PILOT_UNIFIED_SIDECAR_SCOPE). The waypoint keeps those of
 * the Service's or its own namespace whose hosts match the Service (listener_waypoint.go
 * getVirtualServiceForWaypoint) and appends their routes in that order (buildWaypointInboundHTTPRouteConfig):
 * unlike a sidecar, which keeps only the first for a host, the waypoint merges them.
 */
import {asArray} from '../../engine/istio/access';
import {derivedVirtualServiceName} from '../gatewayapi/mesh-routes';
import {creationSecond} from '../gatewayapi/resources';
import type {ServiceRoutes} from '../gatewayapi/service-parent';
import type {WorldResource} from '../world';

export type WaypointRouteSet =
  | {kind: 'virtual-service'; vs: WorldResource}
  | {kind: 'http-routes'; gamma: ServiceRoutes};

/**
 * `virtualServices`: those the waypoint sees (exported to its namespace), in the lab's creation order;
 * `routeSets`: the HTTPRoutes of the Service's namespace and of the waypoint's, one set per namespace.
 */
export function waypointImportOrder(waypointNamespace: string, host: string, virtualServices: readonly WorldResource[], routeSets: readonly ServiceRoutes[]): WaypointRouteSet[] {
  const privateList: WaypointRouteSet[] = [];
  const exportedList: WaypointRouteSet[] = [];
  const publicList: WaypointRouteSet[] = [];
  for (const vs of virtualServices) {
    const exportTo = asArray(vs.spec.exportTo).filter((e): e is string => typeof e === 'string');
    const set: WaypointRouteSet = {kind: 'virtual-service', vs};
    if (exportTo.length === 0 || exportTo.includes('*')) publicList.push(set);
    else if (vs.namespace === waypointNamespace) privateList.push(set);
    else exportedList.push(set);
  }
  const own = routeSets.filter((gamma) => gamma.namespace === waypointNamespace).map((gamma): WaypointRouteSet => ({kind: 'http-routes', gamma}));
  const placed = [...publicList];
  for (const gamma of routeSets.filter((g) => g.namespace !== waypointNamespace)) {
    const before = placed.findIndex((set) => set.kind === 'virtual-service' && derivedIsOlder(gamma, host, set.vs));
    placed.splice(before === -1 ? placed.length : before, 0, {kind: 'http-routes', gamma});
  }
  return [...privateList, ...exportedList, ...own, ...placed];
}

/** sortConfigByCreationTime: the made VirtualService against a written one, by creation second, then namespace, then name. */
function derivedIsOlder(gamma: ServiceRoutes, host: string, vs: WorldResource): boolean {
  const routesCreated = Math.min(...gamma.routes.map((r) => creationSecond(r.resource)));
  const vsCreated = creationSecond(vs);
  if (routesCreated !== vsCreated) return routesCreated < vsCreated;
  const name = derivedVirtualServiceName(gamma, host);
  return gamma.namespace < vs.namespace || (gamma.namespace === vs.namespace && name < vs.name);
}
