/**
 * What the Gateway API analyzers share: the route kinds and how a route's references read once
 * defaulted as the API server and the implementations default them (gateway-api v1.5.1 apis/v1
 * shared_types.go ParentReference, BackendObjectReference; Istio's toInternalParentReference and
 * NormalizeReference in pilot/pkg/config/kube/gateway), and what a run knows per namespace.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {mapUnder} from '../../../model/groups';
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

/**
 * A route as the analyzers read it, once per run (several analyzers ask for every route): its
 * references and hostnames, read when the run first asks for its routes.
 */
export class RouteReading {
  /** spec.parentRefs, defaulted: group gateway.networking.k8s.io and kind Gateway when unset. */
  readonly parents: readonly ParentRef[];
  /**
   * Every backend the route sends requests to: rules[].backendRefs[], and the RequestMirror filters'
   * backendRef of HTTPRoute and GRPCRoute rules and backendRefs. Group "" and kind Service by default.
   */
  readonly backends: readonly BackendRef[];
  /**
   * The backendRefs the implementations look up and judge: istiod drops a backendRef of weight 0
   * before resolving it (conversion.go buildHTTPDestination, buildGRPCDestination,
   * buildTCPDestination: `if wt == 0 { continue }`), so on a route of Gateway parents a missing or
   * unpermitted one sets no condition and no request reaches it; Linkerd's status controller judges
   * every backendRef of a route with a Service parent whatever its weight (policy-controller
   * k8s/status index.rs backend_condition), so there they all count.
   */
  readonly resolvedBackends: readonly BackendRef[];
  /** The route's hostnames (HTTPRoute, GRPCRoute, TLSRoute); none means any, as Istio's hostnameToStringList reads it. */
  readonly hostnames: string[];

  constructor(readonly route: AnalysisResource) {
    this.parents = readParentRefs(route);
    this.backends = readBackendRefs(route);
    const unweighted = this.backends.some((backend) => backend.weight === 0) && !this.parents.some(isServiceParent);
    this.resolvedBackends = unweighted ? this.backends.filter((backend) => backend.weight !== 0) : this.backends;
    this.hostnames = hostnamesOf(route);
  }
}

const readingsByRun = new WeakMap<AnalyzerContext, {all: readonly RouteReading[]; byKind: ReadonlyMap<string, readonly RouteReading[]>}>();

function readingsOfRun(ctx: AnalyzerContext) {
  let readings = readingsByRun.get(ctx);
  if (!readings) {
    const byKind = new Map<string, RouteReading[]>(ROUTE_KINDS.map((kind) => [kind, ctx.resources(GATEWAY_GROUP, kind).map((route) => new RouteReading(route))]));
    readings = {all: ROUTE_KINDS.flatMap((kind) => byKind.get(kind)!), byKind};
    readingsByRun.set(ctx, readings);
  }
  return readings;
}

/** Every route of the kinds above, kind by kind, in input order, as read for this run. */
export function routeReadings(ctx: AnalyzerContext): readonly RouteReading[] {
  return readingsOfRun(ctx).all;
}

/** The routes of one kind, in input order, as read for this run. */
export function routeReadingsOf(ctx: AnalyzerContext, kind: RouteKind): readonly RouteReading[] {
  return readingsOfRun(ctx).byKind.get(kind)!;
}

/** `HTTPRoute default/web`: how the messages name a resource. */
export const named = (resource: {kind: string; namespace: string; name: string}) => `${resource.kind} ${resource.namespace}/${resource.name}`;


/** A parentRef, defaulted; its pointer (/spec/parentRefs/N) written only when a message needs it. */
export class ParentRef {
  readonly group: string;
  readonly kind: string;
  /** Unset namespace means the route's own. */
  readonly namespace: string;
  readonly namespaceSet: boolean;
  readonly sectionName?: string;
  readonly port?: number;

  constructor(entry: Obj, readonly name: string, routeNamespace: string, private readonly index: number) {
    const namespace = asString(entry.namespace);
    this.group = asString(entry.group) ?? GATEWAY_GROUP;
    this.kind = asString(entry.kind) ?? 'Gateway';
    this.namespace = namespace || routeNamespace;
    this.namespaceSet = Boolean(namespace);
    this.sectionName = asString(entry.sectionName) || undefined;
    this.port = asNumber(entry.port);
  }

  get path(): string {
    return at('/spec/parentRefs', this.index);
  }
}

function readParentRefs(route: AnalysisResource): ParentRef[] {
  const refs: ParentRef[] = [];
  asArray(asObject(route.value.spec)?.parentRefs).forEach((item, i) => {
    const entry = asObject(item);
    const name = asString(entry?.name);
    if (entry && name) refs.push(new ParentRef(entry, name, route.namespace, i));
  });
  return refs;
}

/** A Service's port numbers, read once per Service (its backendRefs and parentRefs ask). */
export const servicePortsOf: (service: AnalysisResource) => readonly number[] = readOnce((service) =>
  asArray(asObject(service.value.spec)?.ports).map((p) => asNumber(asObject(p)?.port)).filter((p): p is number => p !== undefined));

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

/** A backendRef, defaulted; its pointer written only when a message needs it. */
export class BackendRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly namespaceSet: boolean;
  readonly port?: number;
  /** A rule's backendRef's weight (1 when unset); undefined for a RequestMirror's, which takes none. */
  readonly weight?: number;

  /**
   * Where it is: rules[rule].backendRefs[backend] (backend -1: the rule itself), or that one's
   * filters[filter].requestMirror.backendRef (filter -1: none).
   */
  constructor(entry: Obj, readonly name: string, routeNamespace: string, weighted: boolean,
    private readonly rule: number, private readonly backend: number, private readonly filter: number) {
    const namespace = asString(entry.namespace);
    this.group = asString(entry.group) ?? '';
    this.kind = asString(entry.kind) ?? 'Service';
    this.namespace = namespace || routeNamespace;
    this.namespaceSet = Boolean(namespace);
    this.port = asNumber(entry.port);
    this.weight = weighted ? (asNumber(entry.weight) ?? 1) : undefined;
  }

  get path(): string {
    const owner = this.backend < 0 ? at('/spec/rules', this.rule) : at('/spec/rules', this.rule, 'backendRefs', this.backend);
    return this.filter < 0 ? owner : at(owner, 'filters', this.filter, 'requestMirror', 'backendRef');
  }
}

function readBackendRefs(route: AnalysisResource): BackendRef[] {
  const refs: BackendRef[] = [];
  const mirrors = route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute';
  const rules = asArray(asObject(route.value.spec)?.rules);
  for (let i = 0; i < rules.length; i++) {
    const rule = asObject(rules[i]);
    if (!rule) continue;
    const backends = asArray(rule.backendRefs);
    for (let j = 0; j < backends.length; j++) {
      const backend = asObject(backends[j]);
      if (!backend) continue;
      addBackendRef(refs, route, backend, i, j, -1);
      if (mirrors && backend.filters !== undefined) addMirrors(refs, route, backend, i, j);
    }
    if (mirrors && rule.filters !== undefined) addMirrors(refs, route, rule, i, -1);
  }
  return refs;
}

function addBackendRef(refs: BackendRef[], route: AnalysisResource, entry: Obj, i: number, j: number, k: number): void {
  const name = asString(entry.name);
  if (name) refs.push(new BackendRef(entry, name, route.namespace, k < 0, i, j, k));
}

/** The RequestMirror filters' backendRefs of a rule or backendRef (most filters are of other types). */
function addMirrors(refs: BackendRef[], route: AnalysisResource, owner: Obj, i: number, j: number): void {
  const filters = asArray(owner.filters);
  for (let k = 0; k < filters.length; k++) {
    const mirrored = asObject(asObject(asObject(filters[k])?.requestMirror)?.backendRef);
    if (mirrored) addBackendRef(refs, route, mirrored, i, j, k);
  }
}

type ByKind<T> = Map<string, Map<string, T>>;

/** What `build` makes of one group and kind, made once per run: maps by group then kind, which build no joined key per call. */
function perKind<T>(cache: WeakMap<AnalyzerContext, ByKind<T>>, ctx: AnalyzerContext, group: string, kind: string,
  build: (ctx: AnalyzerContext, group: string, kind: string) => T): T {
  let byGroup = cache.get(ctx);
  if (!byGroup) cache.set(ctx, (byGroup = new Map()));
  const byKind = mapUnder(byGroup, group);
  let made = byKind.get(kind);
  if (made === undefined) byKind.set(kind, (made = build(ctx, group, kind)));
  return made;
}

const known = new WeakMap<AnalyzerContext, ByKind<Set<string>>>();

/**
 * Whether the absence of a `group/kind` object in `namespace` means anything: always in a closed
 * world (istioctl's files, a lab or --context cluster); in validateYaml's open world only where
 * the run holds at least one object of that kind in that namespace, so that a lone route is not
 * blamed for a Gateway or Service its cluster surely has.
 */
export function knowsIn(ctx: AnalyzerContext, group: string, kind: string, namespace: string): boolean {
  if (ctx.closedWorld) return true;
  return perKind(known, ctx, group, kind, namespacesOf).has(namespace);
}

const namespacesOf = (ctx: AnalyzerContext, group: string, kind: string) => new Set(ctx.resources(group, kind).map((resource) => resource.namespace));

const indexes = new WeakMap<AnalyzerContext, ByKind<Map<string, Map<string, AnalysisResource>>>>();

/** The object `group/kind` named `namespace/name`, through an index by namespace then name built once per run. */
export function lookup(ctx: AnalyzerContext, group: string, kind: string, namespace: string, name: string): AnalysisResource | undefined {
  return perKind(indexes, ctx, group, kind, indexOf).get(namespace)?.get(name);
}

function indexOf(ctx: AnalyzerContext, group: string, kind: string): Map<string, Map<string, AnalysisResource>> {
  const index = new Map<string, Map<string, AnalysisResource>>();
  for (const resource of ctx.resources(group, kind)) mapUnder(index, resource.namespace).set(resource.name, resource);
  return index;
}
