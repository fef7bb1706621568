/**
 * A VirtualService's HTTP routes as istiod 1.30.3 translates them for one proxy and one listener
 * port (pilot/pkg/networking/core/route/route.go BuildHTTPRoutesForVirtualService and
 * TranslateRoute), shared by the sidecar's and the gateway's route configurations:
 * - a match with `port` applies only on that listener port;
 * - sourceMatchHTTP: a match naming `gateways` applies only to a proxy acting for one of them
 *   (`mesh` for sidecars, `NAMESPACE/NAME` for a gateway's servers); otherwise its `sourceLabels`
 *   must be a subset of the proxy's labels and its `sourceNamespace` the proxy's namespace;
 * - one route per remaining match (one for none), stopping after a catch-all;
 * - gateway names resolved as pilot/pkg/model/config.go resolveGatewayName does.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {ModelGap, type ModelObject} from './model';
import {virtualServiceRouteJson, type EnvoyJson} from './route-json';

export interface EnvoyRoute {
  /** route.go describeMatch of the route's match. */
  match: string;
  /** describeManagement: `name.namespace` of the VirtualService the route comes from, or ''. */
  virtualService: string;
  /** The route sends to PassthroughCluster (route.go isPassthrough leaves it out). */
  passthrough?: boolean;
  /** IsCatchAllRoute: every path, no other condition (gateways list these last). */
  catchAll?: boolean;
  /** The Envoy route as `-o json` prints it (./route-json.ts), or why it is not given. */
  json?: EnvoyJson;
}

/** A Service's port numbers by hostname (GetDestinationCluster's lookup), undefined for a host that is no Service. */
export type PortLookup = (hostname: string) => number[] | undefined;

/** Who asks: the proxy's labels and namespace, and the gateways it acts for. */
export interface RouteSource {
  labels: Readonly<Record<string, string>>;
  namespace: string;
  gatewayNames: ReadonlySet<string>;
}

export const MESH_GATEWAY = 'mesh';

/** resolveGatewayName: `name` → `NS/name`, `./name` → `NS/name`, legacy `name.ns[.svc…]` → `ns/name`; `mesh` stays. */
export function resolveGatewayName(name: string, namespace: string): string {
  if (name === MESH_GATEWAY) return name;
  const slash = name.indexOf('/');
  if (slash >= 0) return name.slice(0, slash) === '.' ? `${namespace}/${name.slice(slash + 1)}` : name;
  const dot = name.indexOf('.');
  if (dot < 0) return `${namespace}/${name}`;
  const rest = name.slice(dot + 1);
  const next = rest.indexOf('.');
  return `${next < 0 ? rest : rest.slice(0, next)}/${name.slice(0, dot)}`;
}

const MATCH_CONDITIONS = ['headers', 'withoutHeaders', 'queryParams', 'method', 'authority', 'scheme'];

const isSubset = (wanted: Record<string, unknown>, labels: Readonly<Record<string, string>>): boolean => Object.entries(wanted).every(([key, value]) => labels[key] === String(value));

/** sourceMatchHTTP. */
function sourceMatches(match: Record<string, unknown>, vs: ModelObject, source: RouteSource): boolean {
  const gateways = asArray(match.gateways).map(String);
  if (gateways.length > 0) return gateways.some((g) => source.gatewayNames.has(resolveGatewayName(g, vs.namespace)));
  if (!isSubset(asObject(match.sourceLabels) ?? {}, source.labels)) return false;
  const sourceNamespace = match.sourceNamespace;
  return sourceNamespace === undefined || sourceNamespace === '' || sourceNamespace === source.namespace;
}

/** BuildHTTPRoutesForVirtualService: the routes for `listenPort` and `source`, none when no match applies. */
export function virtualServiceRoutes(vs: ModelObject, listenPort: number, source: RouteSource, lookupPorts: PortLookup): EnvoyRoute[] {
  const name = `${vs.name}.${vs.namespace}`;
  const routes: EnvoyRoute[] = [];
  for (const http of asArray(asObject(vs.value.spec)?.http).map(asObject)) {
    if (http?.delegate !== undefined) throw new ModelGap(`VirtualService ${vs.namespace}/${vs.name} delegates, which is not modelled here`);
    const matches = asArray(http?.match).map((m) => asObject(m) ?? {});
    if (matches.length === 0) {
      routes.push({match: '/*', virtualService: name, catchAll: true, json: virtualServiceRouteJson(vs, http ?? {}, undefined, listenPort, lookupPorts)});
      break;
    }
    let catchAllSeen = false;
    for (const match of matches) {
      // TranslateRoute: a match for another destination port, or another source, gives no route.
      if (typeof match.port === 'number' && match.port !== 0 && match.port !== listenPort) continue;
      if (!sourceMatches(match, vs, source)) continue;
      const uri = asObject(match.uri);
      // IsCatchAllRoute: a prefix `/` (or regex `*`, `.*`) with no header or query condition.
      const everyPath = uri === undefined || uri.prefix === '/' || uri.regex === '.*' || uri.regex === '*';
      const catchAll = everyPath && !MATCH_CONDITIONS.some((key) => match[key] !== undefined && Object.keys(asObject(match[key]) ?? {}).length > 0);
      routes.push({match: describeUri(uri), virtualService: name, ...(catchAll ? {catchAll} : {}), json: virtualServiceRouteJson(vs, http ?? {}, match, listenPort, lookupPorts)});
      if (catchAll) {
        catchAllSeen = true;
        break;
      }
    }
    if (catchAllSeen) break;
  }
  return routes;
}

/** TranslateRouteMatch's path for a VirtualService (no gateway semantics), as describeMatch prints it. */
function describeUri(uri: Record<string, unknown> | undefined): string {
  if (uri === undefined) return '/*';
  if (typeof uri.exact === 'string') return uri.exact;
  if (typeof uri.prefix === 'string') return uri.prefix === '' ? '' : `${uri.prefix}*`;
  if (typeof uri.regex === 'string') return `regex ${uri.regex}`;
  return '/*';
}
