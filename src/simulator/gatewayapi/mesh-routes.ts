/**
 * A sidecar's choice between a VirtualService and GAMMA routes for one Service host.
 *
 * istiod turns a namespace's HTTPRoutes for a Service into one VirtualService for the
 * Service's FQDN, created when the oldest of them was (route_collections.go
 * HTTPRouteCollection and mergeHTTPRoutes). A sidecar imports VirtualServices in this order
 * (virtualservice.go SelectVirtualServices with PILOT_UNIFIED_SIDECAR_SCOPE, the default): in
 * three lists, VirtualServices private to its namespace, then those exported to it by name, then
 * public ones (push_context.go initVirtualServices); the one made from routes is public (no
 * exportTo), and within its list those made from routes in the client's own namespace come first;
 * each list oldest first (creationTimestamp, then namespace, then name: sortConfigByCreationTime;
 * the VirtualService made from routes is named `<namespace>~[<port>~]<host>`). For one domain Envoy keeps the first virtual host (httproute.go
 * dedupeDomains): so a VirtualService exported only to some namespaces beats the routes, routes
 * in the client's namespace beat any public VirtualService, and otherwise the older applies. A VirtualService for a wildcard host is another, less
 * specific domain: the Service's exact name wins.
 *
 * Linkerd's proxy never reads a VirtualService.
 */
import {asArray} from '../../engine/istio/access';
import {hostSpecificity} from '../../engine/model/hosts';
import type {WorldResource} from '../world';
import type {Mesh} from './mesh';
import {creationSecond, routeRef} from './resources';
import type {ServiceRoutes} from './service-parent';

export type MeshRouteChoice = {applies: 'http-routes'; reason: string} | {applies: 'virtual-service'; reason: string};

/** `port`: the Service port the routes' parentRefs name, when they name one (it is part of the made VirtualService's name). */
export function chooseMeshRoutes(mesh: Mesh, gamma: ServiceRoutes, clientNamespace: string, host: string, vs: {vs: WorldResource; pattern: string} | undefined, port?: number): MeshRouteChoice {
  const names = gamma.routes.map(routeRef).join(', ');
  if (mesh === 'linkerd') return {applies: 'http-routes', reason: `Linkerd's proxy routes by ${names} (Service parent)${vs ? ` and never reads VirtualService ${vs.vs.namespace}/${vs.vs.name}` : ''}`};
  if (!vs) return {applies: 'http-routes', reason: `no VirtualService claims ${host}: ${names} ${gamma.routes.length === 1 ? 'applies' : 'apply'} (${gamma.role} route${gamma.routes.length === 1 ? '' : 's'}, Service parent)`};
  const vsName = `VirtualService ${vs.vs.namespace}/${vs.vs.name}`;
  if (hostSpecificity(vs.pattern) < hostSpecificity(host)) {
    return {applies: 'http-routes', reason: `${names} are for ${host} itself, more specific than ${vsName}'s ${vs.pattern}`};
  }
  // The VirtualService made from routes is public: one exported to some namespaces only is in an earlier list, whatever the routes' namespace.
  const exportTo = asArray(vs.vs.spec.exportTo).filter((e): e is string => typeof e === 'string');
  if (exportTo.length > 0 && !exportTo.includes('*')) {
    return {applies: 'virtual-service', reason: `${vsName} is exported to ${exportTo.join(', ')} only, and such VirtualServices are imported before public ones, the one istiod makes from ${names} among them: the HTTPRoutes are dropped for this host`};
  }
  if (gamma.namespace === clientNamespace) {
    return {applies: 'http-routes', reason: `${names} are in the client's namespace ${clientNamespace}: istiod's sidecar imports them before any public VirtualService, so ${vsName} for the same host is dropped`};
  }
  const routesCreated = Math.min(...gamma.routes.map((r) => creationSecond(r.resource)));
  const vsCreated = creationSecond(vs.vs);
  if (routesCreated !== vsCreated) {
    return routesCreated < vsCreated
      ? {applies: 'http-routes', reason: `${names} are older than ${vsName}: the older configuration for a host wins, the VirtualService is dropped`}
      : {applies: 'virtual-service', reason: `${vsName} is older than ${names}: the older configuration for a host wins, the HTTPRoutes are dropped for this client`};
  }
  // Created in the same second: istiod orders by namespace, then name.
  const derived = derivedVirtualServiceName({...gamma, port}, host);
  const routesFirst = gamma.namespace < vs.vs.namespace || (gamma.namespace === vs.vs.namespace && derived < vs.vs.name);
  return routesFirst
    ? {applies: 'http-routes', reason: `${names} and ${vsName} were created in the same second; istiod then orders by namespace and name, and the VirtualService it makes from the routes (${gamma.namespace}/${derived}) comes first: ${vsName} is dropped`}
    : {applies: 'virtual-service', reason: `${vsName} and ${names} were created in the same second; istiod then orders by namespace and name, and ${vsName} comes before the VirtualService it makes from the routes (${gamma.namespace}/${derived}): the HTTPRoutes are dropped for this client`};
}

/** The name istiod gives the VirtualService it makes from a namespace's routes for a Service (mergeHTTPRoutes: the merge key, `/` as `~`). */
export function derivedVirtualServiceName(gamma: Pick<ServiceRoutes, 'namespace' | 'port'>, host: string): string {
  return `${gamma.namespace}~${gamma.port === undefined ? '' : `${gamma.port}~`}${host}`;
}
