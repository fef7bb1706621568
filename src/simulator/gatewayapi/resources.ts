/**
 * Gateway API routes as the API server stores them: the CRD's structural defaults applied
 * (the schema's own `default`s, src/engine/schema/defaults.ts), so a rule without `matches`
 * has the match `PathPrefix /`, a match without `path` has it too, a header or query match
 * without `type` is `Exact`, a backendRef without `weight` weighs 1, a parentRef without
 * `kind` names a Gateway and a RequestRedirect without `statusCode` answers 302. Istio and
 * Linkerd read these decoded objects, never the YAML as written.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {applyDefaults} from '../../engine/schema/defaults';
import {catalogEntry, schemaFor} from '../../engine/schema/catalog';
import type {World, WorldResource} from '../world';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** Linkerd's own HTTPRoute, of the same shape: Linkerd's proxies route by it too, Istio never reads it. */
export const LINKERD_POLICY_GROUP = 'policy.linkerd.io';
export type RouteKind = 'HTTPRoute' | 'GRPCRoute';
/** Routes of a connection, not of a request: Linkerd's proxies route TLS by SNI and TCP by backend weights. */
export type L4RouteKind = 'TLSRoute' | 'TCPRoute';
const ROUTE_KINDS: ReadonlyArray<{group: string; kind: RouteKind}> = [
  {group: GATEWAY_API_GROUP, kind: 'HTTPRoute'},
  {group: GATEWAY_API_GROUP, kind: 'GRPCRoute'},
  {group: LINKERD_POLICY_GROUP, kind: 'HTTPRoute'},
];

export interface GatewayRoute<K extends RouteKind | L4RouteKind = RouteKind> {
  group: string;
  kind: K;
  resource: WorldResource;
  /** The spec with the CRD's defaults applied. */
  spec: Obj;
}

/** A parentRef with the CRD's defaults (group gateway.networking.k8s.io, kind Gateway) and the namespace defaulting to the route's. */
export interface ParentRef {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  port?: number;
  index: number;
}

const decoded = new WeakMap<WorldResource, AnyGatewayRoute>();

export type AnyGatewayRoute = GatewayRoute<RouteKind | L4RouteKind>;

/** Every HTTPRoute and GRPCRoute of the world, oldest first, as the API server stores them. */
export function gatewayRoutes(world: World): GatewayRoute[] {
  return ROUTE_KINDS.flatMap(({group, kind}) => world.ofKind(group, kind).map((resource) => decode(group, kind, resource)))
    .sort((a, b) => a.resource.order - b.resource.order);
}

/** Every TLSRoute and TCPRoute of the world, oldest first. */
export function l4Routes(world: World): GatewayRoute<L4RouteKind>[] {
  return (['TLSRoute', 'TCPRoute'] as const).flatMap((kind) => world.ofKind(GATEWAY_API_GROUP, kind).map((resource) => decode(GATEWAY_API_GROUP, kind, resource)))
    .sort((a, b) => a.resource.order - b.resource.order);
}

function decode<K extends RouteKind | L4RouteKind>(group: string, kind: K, resource: WorldResource): GatewayRoute<K> {
  let route = decoded.get(resource) as GatewayRoute<K> | undefined;
  if (!route) {
    route = {group, kind, resource, spec: storedSpec(resource, kind)};
    decoded.set(resource, route);
  }
  return route;
}

/** A resource's spec as the API server stores it: its CRD's structural defaults applied. */
export function storedSpec(resource: WorldResource, kind: string): Obj {
  const entry = catalogEntry(asString(resource.value.apiVersion) ?? '', kind);
  const value = entry ? asObject(applyDefaults(schemaFor(entry), resource.value)) ?? resource.value : resource.value;
  return asObject(value.spec) ?? {};
}

export function parentRefs(route: Pick<AnyGatewayRoute, 'spec' | 'resource'>): ParentRef[] {
  return asArray(route.spec.parentRefs).flatMap((value, index) => {
    const ref = asObject(value);
    const name = asString(ref?.name);
    if (!ref || !name) return [];
    return [{
      // as written: istiod and Linkerd read "core" differently (engine/model/service-reference.ts)
      group: asString(ref.group) ?? GATEWAY_API_GROUP,
      kind: asString(ref.kind) ?? 'Gateway',
      namespace: asString(ref.namespace) || route.resource.namespace,
      name,
      sectionName: asString(ref.sectionName),
      port: asNumber(ref.port),
      index,
    }];
  });
}

export function rulesOf(route: AnyGatewayRoute): Obj[] {
  return asArray(route.spec.rules).map((rule) => asObject(rule) ?? {});
}

export function hostnamesOf(route: AnyGatewayRoute): string[] {
  return asArray(route.spec.hostnames).filter((h): h is string => typeof h === 'string').map((h) => h.toLowerCase());
}

/** `HTTPRoute`, or `HTTPRoute (policy.linkerd.io)` for Linkerd's own. */
export function routeKindLabel(route: AnyGatewayRoute): string {
  return `${route.kind}${route.group === LINKERD_POLICY_GROUP ? ` (${LINKERD_POLICY_GROUP})` : ''}`;
}

export function routeRef(route: AnyGatewayRoute): string {
  return `${routeKindLabel(route)} ${route.resource.namespace}/${route.resource.name}`;
}

/**
 * When the API server created a resource, at creationTimestamp's one-second resolution: the
 * lab's context was there before, the reader's YAML is created by one `kubectl apply`, all
 * of it within the same second. So routes of the context are older than the reader's, and
 * among the reader's own the tie falls to the next rule (namespace, then name).
 */
export function creationSecond(resource: WorldResource): number {
  return resource.at === undefined ? 0 : 1;
}
