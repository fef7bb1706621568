/**
 * The routes a Server serves, and which one a request takes, as the policy controller indexes
 * them and the inbound proxy finds them.
 *
 * Attached routes (policy-controller/k8s/index/src/inbound/routes.rs ParentRef, index.rs
 * PolicyIndex::http_routes / grpc_routes): HTTPRoutes of policy.linkerd.io and
 * gateway.networking.k8s.io, and GRPCRoutes, in the Server's namespace, whose parentRefs name
 * the Server (group policy.linkerd.io, kind Server). A parentRef to a Server in another
 * namespace, or with a `port` or `sectionName`, makes the controller ignore the whole route.
 * A Server speaking gRPC uses the GRPCRoutes; every other protocol the HTTPRoutes
 * (grpc/src/inbound.rs to_server). Without any, one default route matches every request.
 *
 * Choice (linkerd2-proxy http-route: `find` over the routes ordered oldest first, then by
 * name, grpc/src/inbound/http.rs to_route_list): the best match wins, the first on ties. A
 * match ranks by host (exact over wildcard), then path length (exact, regex or prefix: the
 * characters matched), then method, then the number of headers, then of query parameters
 * (http/match.rs RequestMatch::cmp). Matches are full matches: a prefix is whole path segments,
 * a regex must match the whole value (path.rs, header.rs).
 */
import {asArray, asObject, asString, type Obj} from '../../engine/istio/access';
import type {SimRequest} from '../request';
import {queryParams} from '../request';
import {re2Matches} from '../regex';
import {locate, type Located, type World, type WorldResource} from '../world';
import {refTargets} from './authentications';

export interface InboundRoute {
  resource: WorldResource;
  group: string;
  kind: 'HTTPRoute' | 'GRPCRoute';
}

export interface RouteChoice {
  route: InboundRoute;
  rule: number;
  match?: number;
  at?: Located;
}

const ROUTE_KINDS: Array<{group: string; kind: 'HTTPRoute' | 'GRPCRoute'}> = [
  {group: 'policy.linkerd.io', kind: 'HTTPRoute'},
  {group: 'gateway.networking.k8s.io', kind: 'HTTPRoute'},
  {group: 'gateway.networking.k8s.io', kind: 'GRPCRoute'},
];

/** routes.rs from_http_parent_ref: the Servers a route names, or why the controller ignores the route. */
function serverParents(route: WorldResource): {servers: string[]} | {invalid: string} {
  const servers: string[] = [];
  for (const parent of asArray(route.spec.parentRefs).map((p) => asObject(p) ?? {})) {
    const name = asString(parent.name) ?? '';
    if (!refTargets(parent, 'policy.linkerd.io', 'Server') || name === '') continue;
    const namespace = asString(parent.namespace);
    if (namespace !== undefined && namespace !== route.namespace) return {invalid: 'route resource may not reference a parent Server in an other namespace'};
    if (parent.port !== undefined && parent.port !== null) return {invalid: 'route resource may not reference a parent by port'};
    if (parent.sectionName !== undefined && parent.sectionName !== null) return {invalid: 'route resource may not reference a parent by section name'};
    servers.push(name);
  }
  return {servers};
}

/**
 * Filters the inbound index cannot convert make it ignore the whole route ("Ignoring HTTPRoute"):
 * inbound/index/http.rs try_gateway_filter (RequestMirror, URLRewrite, ExtensionRef) and
 * index/grpc.rs (RequestMirror, ExtensionRef). A Gateway API `CORS` filter is none of the kinds
 * try_gateway_filter converts or names, so it ends in "No filter specified" (linkerd2 version-2.20).
 */
function unsupportedFilter(route: WorldResource, kind: 'HTTPRoute' | 'GRPCRoute'): string | undefined {
  const gatewayHttpRoute = kind === 'HTTPRoute' && route.group === 'gateway.networking.k8s.io';
  const refused: Record<string, string> = kind === 'HTTPRoute'
    ? {requestMirror: 'RequestMirror', urlRewrite: 'URLRewrite', extensionRef: 'ExtensionRef'}
    : {requestMirror: 'RequestMirror', extensionRef: 'ExtensionRef'};
  for (const rule of asArray(route.spec.rules).map((r) => asObject(r) ?? {})) {
    for (const filter of asArray(rule.filters).map((f) => asObject(f) ?? {})) {
      const field = Object.keys(refused).find((name) => filter[name] !== undefined && filter[name] !== null);
      if (field) return `${refused[field]} filter is not supported`;
      if (gatewayHttpRoute && filter.type === 'CORS') return 'No filter specified';
    }
  }
  return undefined;
}

function byAge(a: WorldResource, b: WorldResource): number {
  return a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export interface AttachedRoutes {
  routes: InboundRoute[];
  /** Routes naming the Server that the controller ignores, with its reason. */
  ignored: Array<{route: InboundRoute; reason: string}>;
}

/**
 * The routes attached to a Server for its protocol, oldest first. An HTTPRoute on a Server that
 * a GRPCRoute also names is not accepted (k8s/status/src/index.rs parent_has_conflicting_routes:
 * RouteConflicted), so the index leaves it out (routes.rs accepted_by_server).
 */
export function routesFor(world: World, server: WorldResource, grpc: boolean): AttachedRoutes {
  const routes: InboundRoute[] = [];
  const ignored: AttachedRoutes['ignored'] = [];
  const namesServer = (resource: WorldResource) => {
    const parents = serverParents(resource);
    return resource.namespace === server.namespace && 'servers' in parents && parents.servers.includes(server.name);
  };
  const grpcRoute = world.ofKind('gateway.networking.k8s.io', 'GRPCRoute').find(namesServer);
  for (const {group, kind} of ROUTE_KINDS) {
    if ((kind === 'GRPCRoute') !== grpc) continue;
    for (const resource of world.ofKind(group, kind)) {
      if (kind === 'HTTPRoute' && grpcRoute && namesServer(resource)) {
        ignored.push({route: {resource, group, kind}, reason: `not accepted (RouteConflicted): GRPCRoute ${grpcRoute.name} is attached to Server ${server.name}`});
        continue;
      }
      if (resource.namespace !== server.namespace) continue;
      const parents = serverParents(resource);
      const route = {resource, group, kind};
      const filter = 'servers' in parents && parents.servers.includes(server.name) ? unsupportedFilter(resource, kind) : undefined;
      if (filter) ignored.push({route, reason: filter});
      else if ('invalid' in parents) {
        const names = asArray(resource.spec.parentRefs).map((p) => asString(asObject(p)?.name));
        if (names.includes(server.name)) ignored.push({route, reason: parents.invalid});
      } else if (parents.servers.includes(server.name)) routes.push(route);
    }
  }
  routes.sort((a, b) => byAge(a.resource, b.resource));
  return {routes, ignored};
}

/** A match's rank: host, then path length, method, headers, query parameters (compared in that order). */
type Rank = [number, number, number, number, number];

function compareRank(a: Rank, b: Rank): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** host.rs: an exact hostname outranks any wildcard; wildcards rank by the labels they fix. No hostnames: any host, lowest. */
function hostRank(route: WorldResource, host: string): number | undefined {
  const hostnames = asArray(route.spec.hostnames).filter((h): h is string => typeof h === 'string');
  if (hostnames.length === 0) return 0;
  let best: number | undefined;
  for (const name of hostnames.map((h) => h.toLowerCase())) {
    let rank: number | undefined;
    if (name.startsWith('*.')) {
      const suffix = name.slice(1);
      if (host.endsWith(suffix) && host.length > suffix.length) rank = suffix.split('.').length;
    } else if (name === host) rank = 1000 + name.length;
    if (rank !== undefined && (best === undefined || rank > best)) best = rank;
  }
  return best;
}

function pathLength(path: Obj | undefined, requestPath: string): number | undefined {
  if (!path) return 1;
  const type = asString(path.type) ?? 'PathPrefix';
  const value = asString(path.value) ?? '/';
  if (type === 'Exact') return value === requestPath ? value.length : undefined;
  if (type === 'RegularExpression') return re2Matches(value, requestPath) ? requestPath.length : undefined;
  if (value === '/') return 1;
  const prefix = value.replace(/\/+$/, '');
  const rest = requestPath.replace(/\/+$/, '');
  if (!rest.startsWith(prefix)) return undefined;
  const suffix = rest.slice(prefix.length);
  return suffix === '' || suffix.startsWith('/') ? prefix.length : undefined;
}

function valueMatches(spec: Obj, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const value = asString(spec.value) ?? '';
  return (asString(spec.type) ?? 'Exact') === 'RegularExpression' ? re2Matches(value, actual) : value === actual;
}

function httpMatchRank(match: Obj, request: SimRequest): [number, number, number, number] | undefined {
  const method = asString(match.method);
  if (method !== undefined && method !== request.method) return undefined;
  const length = pathLength(asObject(match.path), request.path);
  if (length === undefined) return undefined;
  const headers = asArray(match.headers).map((h) => asObject(h) ?? {});
  if (!headers.every((h) => valueMatches(h, request.headers[(asString(h.name) ?? '').toLowerCase()]))) return undefined;
  const query = queryParams(request.query);
  const params = asArray(match.queryParams).map((q) => asObject(q) ?? {});
  if (!params.every((q) => valueMatches(q, query.get(asString(q.name) ?? '')))) return undefined;
  return [length, method !== undefined ? 1 : 0, headers.length, params.length];
}

/** grpc/match.rs: `/service/method`; a match ranks by the service and method it fixes, then headers. */
function grpcMatchRank(match: Obj, request: SimRequest): [number, number, number, number] | undefined {
  const [, service = '', method = ''] = /^\/([^/]*)\/([^/]*)$/.exec(request.path) ?? [];
  const rpc = asObject(match.method);
  const wantService = asString(rpc?.service);
  const wantMethod = asString(rpc?.method);
  const regex = asString(rpc?.type) === 'RegularExpression';
  const test = (want: string | undefined, actual: string) => want === undefined || (regex ? re2Matches(want, actual) : want === actual);
  if (!test(wantService, service) || !test(wantMethod, method)) return undefined;
  const headers = asArray(match.headers).map((h) => asObject(h) ?? {});
  if (!headers.every((h) => valueMatches(h, request.headers[(asString(h.name) ?? '').toLowerCase()]))) return undefined;
  return [wantService?.length ?? 0, wantMethod?.length ?? 0, headers.length, 0];
}

/** The route and rule a request takes, or undefined (the proxy's 404, "no route found for request"). */
export function chooseRoute(routes: readonly InboundRoute[], request: SimRequest): RouteChoice | undefined {
  let best: {choice: RouteChoice; rank: Rank} | undefined;
  for (const route of routes) {
    const host = hostRank(route.resource, request.host);
    if (host === undefined) continue;
    // The CRDs default absent rules to one rule matching every request (PathPrefix /).
    const rules = route.resource.spec.rules === undefined ? [{}] : asArray(route.resource.spec.rules).map((r) => asObject(r) ?? {});
    rules.forEach((rule, ruleIndex) => {
      const matches = asArray(rule.matches).map((m) => asObject(m) ?? {});
      const candidates = matches.length ? matches.map((m, i) => ({i, rank: route.kind === 'GRPCRoute' ? grpcMatchRank(m, request) : httpMatchRank(m, request)}))
        : [{i: undefined, rank: [1, 0, 0, 0] as [number, number, number, number]}];
      for (const {i, rank} of candidates) {
        if (!rank) continue;
        const full: Rank = [host, ...rank];
        if (!best || compareRank(full, best.rank) > 0) {
          best = {rank: full, choice: {route, rule: ruleIndex, match: i, at: locate(route.resource, 'spec', 'rules', ruleIndex, ...(i === undefined ? [] : ['matches', i]))}};
        }
      }
    });
  }
  return best?.choice;
}
