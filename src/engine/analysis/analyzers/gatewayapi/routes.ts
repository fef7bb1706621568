/**
 * What the Gateway API analyzers share: the route kinds and how a route's references read once
 * defaulted as the API server and the implementations default them (gateway-api v1.5.1 apis/v1
 * shared_types.go ParentReference, BackendObjectReference; Istio's toInternalParentReference and
 * NormalizeReference in pilot/pkg/config/kube/gateway), and what a run knows per namespace.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {readOnce} from '../../../model/read-once';
import {joinPointer as at} from '../../../pointer';
import type {AnalyzerContext, KindRef} from '../../analyzer';
import {linkerdReadsService} from '../../../model/service-reference';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** The route kinds Istio and Linkerd serve (GetCommonRouteInfo), in that order; TCPRoute has no hostnames. */
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export const ref = (group: string, kind: string): KindRef => ({group, kind});
export const ROUTE_INPUTS: readonly KindRef[] = ROUTE_KINDS.map((kind) => ref(GATEWAY_GROUP, kind));

/** Every route of the kinds above, kind by kind, in input order. */
export function routesOf(ctx: AnalyzerContext): AnalysisResource[] {
  return ROUTE_KINDS.flatMap((kind) => ctx.resources(GATEWAY_GROUP, kind));
}

/** `HTTPRoute default/web`: how the messages name a resource. */
export const named = (resource: {kind: string; namespace: string; name: string}) => `${resource.kind} ${resource.namespace}/${resource.name}`;


export interface ParentRef {
  group: string;
  kind: string;
  name: string;
  /** Unset namespace means the route's own. */
  namespace: string;
  namespaceSet: boolean;
  sectionName?: string;
  port?: number;
  /** The parentRef's pointer (/spec/parentRefs/N). */
  path: string;
}

/** spec.parentRefs, defaulted: group gateway.networking.k8s.io and kind Gateway when unset; read once per route (several analyzers ask). */
export const parentRefsOf: (route: AnalysisResource) => readonly ParentRef[] = readOnce(readParentRefs);

function readParentRefs(route: AnalysisResource): ParentRef[] {
  const refs: ParentRef[] = [];
  asArray(asObject(route.value.spec)?.parentRefs).forEach((item, i) => {
    const entry = asObject(item);
    const name = asString(entry?.name);
    if (!entry || !name) return;
    const namespace = asString(entry.namespace);
    refs.push({
      group: asString(entry.group) ?? GATEWAY_GROUP,
      kind: asString(entry.kind) ?? 'Gateway',
      name,
      namespace: namespace || route.namespace,
      namespaceSet: Boolean(namespace),
      sectionName: asString(entry.sectionName) || undefined,
      port: asNumber(entry.port),
      path: at('/spec/parentRefs', i),
    });
  });
  return refs;
}

export const isGatewayParent = (parent: ParentRef) => parent.group === GATEWAY_GROUP && parent.kind === 'Gateway';
/** A Service parent (GAMMA), read as Linkerd reads it: the wider of the two meshes' readings (istiod refuses "core" as an unsupported parent). */
export const isServiceParent = (parent: ParentRef) => linkerdReadsService(parent.group, parent.kind);
/** A parent the mesh serves the route for (istiod's computeRoute `mesh`): a Service, or an Istio ServiceEntry. */
export const isMeshParent = (parent: ParentRef) => isServiceParent(parent) || (parent.group === 'networking.istio.io' && parent.kind === 'ServiceEntry');

/** The route's hostnames (HTTPRoute, GRPCRoute, TLSRoute); none means any, as Istio's hostnameToStringList reads it. */
export function hostnamesOf(route: AnalysisResource): string[] {
  if (route.kind === 'TCPRoute') return [];
  return asArray(asObject(route.value.spec)?.hostnames).filter((h): h is string => typeof h === 'string');
}

export interface BackendRef {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  namespaceSet: boolean;
  port?: number;
  /** A rule's backendRef's weight (1 when unset); undefined for a RequestMirror's, which takes none. */
  weight?: number;
  /** The backendRef's pointer. */
  path: string;
}

/**
 * Every backend a route sends requests to: rules[].backendRefs[], and the RequestMirror filters'
 * backendRef of HTTPRoute and GRPCRoute rules and backendRefs. Group "" and kind Service by default.
 */
export const backendRefsOf: (route: AnalysisResource) => readonly BackendRef[] = readOnce(readBackendRefs);

/**
 * The backendRefs the implementations look up and judge: istiod drops a backendRef of weight 0
 * before resolving it (conversion.go buildHTTPDestination, buildGRPCDestination,
 * buildTCPDestination: `if wt == 0 { continue }`), so on a route of Gateway parents a missing or
 * unpermitted one sets no condition and no request reaches it; Linkerd's status controller judges
 * every backendRef of a route with a Service parent whatever its weight (policy-controller
 * k8s/status index.rs backend_condition), so there they all count.
 */
export function resolvedBackendRefsOf(route: AnalysisResource): readonly BackendRef[] {
  const refs = backendRefsOf(route);
  if (!refs.some((backend) => backend.weight === 0) || parentRefsOf(route).some(isServiceParent)) return refs;
  return refs.filter((backend) => backend.weight !== 0);
}

function readBackendRefs(route: AnalysisResource): BackendRef[] {
  const refs: BackendRef[] = [];
  const mirrors = route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute';
  const add = (value: unknown, path: string, weighted: boolean) => {
    const entry = asObject(value);
    const name = asString(entry?.name);
    if (!entry || !name) return;
    const namespace = asString(entry.namespace);
    refs.push({
      group: asString(entry.group) ?? '',
      kind: asString(entry.kind) ?? 'Service',
      name,
      namespace: namespace || route.namespace,
      namespaceSet: Boolean(namespace),
      port: asNumber(entry.port),
      weight: weighted ? (asNumber(entry.weight) ?? 1) : undefined,
      path,
    });
  };
  const addMirrors = (owner: Obj, path: string) => {
    if (!mirrors) return;
    asArray(owner.filters).forEach((filter, k) => {
      // The pointer only for a mirror's reference: most filters are of other types.
      const mirrored = asObject(asObject(filter)?.requestMirror)?.backendRef;
      if (mirrored !== undefined) add(mirrored, at(path, 'filters', k, 'requestMirror', 'backendRef'), false);
    });
  };
  asArray(asObject(route.value.spec)?.rules).forEach((item, i) => {
    const rule = asObject(item);
    if (!rule) return;
    const rulePath = at('/spec/rules', i);
    asArray(rule.backendRefs).forEach((backend, j) => {
      const path = at(rulePath, 'backendRefs', j);
      add(backend, path, true);
      const owner = asObject(backend);
      if (owner) addMirrors(owner, path);
    });
    addMirrors(rule, rulePath);
  });
  return refs;
}

const known = new WeakMap<AnalyzerContext, Map<string, Set<string>>>();

/**
 * Whether the absence of a `group/kind` object in `namespace` means anything: always in a closed
 * world (istioctl's files, a lab or --context cluster); in validateYaml's open world only where
 * the run holds at least one object of that kind in that namespace, so that a lone route is not
 * blamed for a Gateway or Service its cluster surely has.
 */
export function knowsIn(ctx: AnalyzerContext, group: string, kind: string, namespace: string): boolean {
  if (ctx.closedWorld) return true;
  let byKind = known.get(ctx);
  if (!byKind) known.set(ctx, (byKind = new Map()));
  const key = `${group}/${kind}`;
  let namespaces = byKind.get(key);
  if (!namespaces) byKind.set(key, (namespaces = new Set(ctx.resources(group, kind).map((resource) => resource.namespace))));
  return namespaces.has(namespace);
}

const indexes = new WeakMap<AnalyzerContext, Map<string, Map<string, AnalysisResource>>>();

/** The object `group/kind` named `namespace/name`, through an index built once per run. */
export function lookup(ctx: AnalyzerContext, group: string, kind: string, namespace: string, name: string): AnalysisResource | undefined {
  let byKind = indexes.get(ctx);
  if (!byKind) indexes.set(ctx, (byKind = new Map()));
  const key = `${group}/${kind}`;
  let index = byKind.get(key);
  if (!index) {
    index = new Map();
    for (const resource of ctx.resources(group, kind)) index.set(`${resource.namespace}/${resource.name}`, resource);
    byKind.set(key, index);
  }
  return index.get(`${namespace}/${name}`);
}
