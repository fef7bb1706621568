/**
 * Servers as the policy controller reads them (k8s/index/src/inbound/server.rs, index.rs
 * Pod::reindex_servers and select_ports): a pod selector picks pods of the Server's namespace,
 * a port number selects that port whether or not a container declares it, a port name selects
 * every TCP container port of that name; and what authorizes a Server's clients
 * (PolicyIndex::client_authzs, http_routes, route_client_authzs).
 */
import {asArray, asObject, asString} from '../../../istio/access';
import {stringLabels, type Labels} from '../../../model/labels';
import type {AnalysisResource} from '../../../model/resource';
import {readOnce} from '../../../model/read-once';
import type {AnalyzerContext} from '../../analyzer';
import {pushTo} from '../../related';
import {mapUnder} from '../../../model/groups';
import {GATEWAY_GROUP, knowsKind, POLICY_GROUP, stringOf, targetsKind, type ContainerPort, type MeshPod} from './model';
import {linkerdSelector, type Matcher} from './selector';

export interface Server {
  resource: AnalysisResource;
  labels: Labels;
  /** Selector::Pod; undefined for an externalWorkloadSelector. */
  selectsPod?: Matcher;
  port: number | string | undefined;
}

/** A Server's spec as the analyzers read it: once per Server, though three analyzers ask. */
export const serverOf: (resource: AnalysisResource) => Server = readOnce(readServer);

function readServer(resource: AnalysisResource): Server {
  const spec = asObject(resource.value.spec) ?? {};
  const port = typeof spec.port === 'number' || typeof spec.port === 'string' ? spec.port : undefined;
  return {
    resource,
    labels: stringLabels(asObject(resource.value.metadata)?.labels),
    selectsPod: spec.podSelector !== undefined && spec.podSelector !== null ? linkerdSelector(spec.podSelector) : undefined,
    port,
  };
}

/** Pod::select_ports: the pod ports a Server's port selects (a number always; a name, each TCP port of that name). */
export function selectedPorts(server: Server, pod: MeshPod): number[] {
  if (typeof server.port === 'number') return [server.port];
  if (typeof server.port !== 'string') return [];
  const named = (port: ContainerPort) => port.name === server.port;
  return [...pod.ports.filter(named), ...pod.injectedPorts.filter(named)].map((port) => port.port);
}

/** The default policies that allow some clients (defaults.rs DefaultPolicy::default_authzs: all but `deny`). */
export const ALLOWING_POLICIES: ReadonlySet<string> = new Set(['all-authenticated', 'all-unauthenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'audit']);

/** The AuthorizationPolicy kinds a route target may name (authorization_policy.rs target()). */
export const ROUTE_TARGETS = [
  {group: POLICY_GROUP, kind: 'HTTPRoute'},
  {group: GATEWAY_GROUP, kind: 'HTTPRoute'},
  {group: GATEWAY_GROUP, kind: 'GRPCRoute'},
] as const;

/**
 * routes.rs ParentRef::from_http_parent_ref: the Servers a route attaches to (parentRefs of
 * kind Server in policy.linkerd.io, in the route's namespace, without port or sectionName).
 */
export function routeServers(route: AnalysisResource): string[] {
  const names: string[] = [];
  for (const entry of asArray(asObject(route.value.spec)?.parentRefs)) {
    const ref = asObject(entry);
    // No kind, or no group (the CRD's defaults are Gateway and gateway.networking.k8s.io), names no Server.
    if (!ref || !targetsKind(ref, POLICY_GROUP, 'Server')) continue;
    const name = stringOf(ref.name);
    if (!name || (ref.namespace !== undefined && ref.namespace !== route.namespace) || ref.port !== undefined || ref.sectionName !== undefined) continue;
    names.push(name);
  }
  return names;
}

/**
 * The policies that may authorize a Server, indexed once per run (no scan of one kind per
 * resource of another), by namespace first: nested maps, no key string joined per resource.
 */
interface AuthorizationIndex {
  /** AuthorizationPolicies by namespace, then by what they target. */
  policies: Map<string, PoliciesOfNamespace>;
  /** By namespace, then Server name: the keys (routeKey) of the routes attached to it. */
  routesOf: Map<string, Map<string, string[]>>;
  /** By namespace: the Server names ServerAuthorizations name, and those selecting Servers by label. */
  sazByName: Map<string, Set<string>>;
  sazBySelector: Map<string, Matcher[]>;
  /** By kind (MeshTLS or Network), then namespace: the names of the authentications. */
  authentications: Map<string, Map<string, Set<string>>>;
}

interface PoliciesOfNamespace {
  /** Targeting a Server, by its name. */
  byServer: Map<string, AnalysisResource[]>;
  /** Targeting the namespace. */
  onNamespace: AnalysisResource[];
  /** Targeting anything else, by routeKey (a route, or a kind no Server takes). */
  byRoute: Map<string, AnalysisResource[]>;
}

const indexes = new WeakMap<AnalyzerContext, AuthorizationIndex>();

const routeKey = (group: string, kind: string, name: string) => `${group}/${kind}/${name}`.toLowerCase();

function authorizationIndex(ctx: AnalyzerContext): AuthorizationIndex {
  let index = indexes.get(ctx);
  if (index) return index;
  index = {policies: new Map(), routesOf: new Map(), sazByName: new Map(), sazBySelector: new Map(), authentications: new Map()};
  for (const kind of ['MeshTLSAuthentication', 'NetworkAuthentication']) {
    const byNamespace = mapUnder(index.authentications, kind);
    for (const authn of ctx.resources(POLICY_GROUP, kind)) {
      const names = byNamespace.get(authn.namespace);
      if (names) names.add(authn.name);
      else byNamespace.set(authn.namespace, new Set([authn.name]));
    }
  }
  for (const {group, kind} of ROUTE_TARGETS) {
    for (const route of ctx.resources(group, kind)) {
      const servers = routeServers(route);
      if (servers.length === 0) continue;
      const key = routeKey(group, kind, route.name);
      const ofNamespace = mapUnder(index.routesOf, route.namespace);
      for (const server of servers) pushTo(ofNamespace, server, key);
    }
  }
  for (const policy of ctx.resources(POLICY_GROUP, 'AuthorizationPolicy')) {
    const target = asObject(asObject(policy.value.spec)?.targetRef) ?? {};
    let ofNamespace = index.policies.get(policy.namespace);
    if (!ofNamespace) index.policies.set(policy.namespace, (ofNamespace = {byServer: new Map(), onNamespace: [], byRoute: new Map()}));
    if (targetsKind(target, POLICY_GROUP, 'Server')) pushTo(ofNamespace.byServer, stringOf(target.name), policy);
    else if (targetsKind(target, '', 'Namespace')) ofNamespace.onNamespace.push(policy);
    else pushTo(ofNamespace.byRoute, routeKey(asString(target.group) ?? '', stringOf(target.kind), stringOf(target.name)), policy);
  }
  for (const saz of ctx.resources(POLICY_GROUP, 'ServerAuthorization')) {
    const selector = asObject(asObject(saz.value.spec)?.server) ?? {};
    const name = asString(selector.name);
    if (name !== undefined) {
      const names = index.sazByName.get(saz.namespace);
      if (names) names.add(name);
      else index.sazByName.set(saz.namespace, new Set([name]));
    } else pushTo(index.sazBySelector, saz.namespace, linkerdSelector(selector.selector));
  }
  indexes.set(ctx, index);
  return index;
}

/**
 * Whether anything lets a client reach a Server: a ServerAuthorization selecting it, an
 * AuthorizationPolicy targeting it or its namespace (authentications found), an allowing
 * accessPolicy, or an AuthorizationPolicy on a route attached to it. `authorized: false` means
 * every request is refused, as the policy controller computes authorizations (index.rs
 * client_authzs); `ignored` are the policies that would apply but that the index drops for an
 * authentication it cannot find.
 */
export function serverAuthorization(ctx: AnalyzerContext, server: Server): {authorized: boolean; ignored: AnalysisResource[]} {
  const {resource} = server;
  const accessPolicy = asString(asObject(resource.value.spec)?.accessPolicy);
  if (accessPolicy !== undefined && ALLOWING_POLICIES.has(accessPolicy)) return {authorized: true, ignored: []};
  const index = authorizationIndex(ctx);
  const {namespace, name} = resource;
  if (index.sazByName.get(namespace)?.has(name)) return {authorized: true, ignored: []};
  if ((index.sazBySelector.get(namespace) ?? []).some((matches) => matches(server.labels))) return {authorized: true, ignored: []};
  const ignored: AnalysisResource[] = [];
  const policies = index.policies.get(namespace);
  if (!policies) return {authorized: false, ignored};
  // The Server's own policies, its namespace's, then those of each route attached to it.
  const lists = [policies.byServer.get(name), policies.onNamespace];
  for (const route of index.routesOf.get(namespace)?.get(name) ?? []) lists.push(policies.byRoute.get(route));
  for (const list of lists) {
    for (const policy of list ?? []) {
      if (missingAuthentications(ctx, policy).length === 0) return {authorized: true, ignored: []};
      ignored.push(policy);
    }
  }
  return {authorized: false, ignored};
}

export interface AuthenticationRef {
  kind: 'MeshTLSAuthentication' | 'NetworkAuthentication' | 'ServiceAccount';
  namespace: string;
  name: string;
  path: string;
}

/**
 * requiredAuthenticationRefs, with the namespace the index defaults to (the policy's: index.rs
 * policy_client_authz); read once per policy (each Server it may authorize asks, and three analyzers).
 */
export const authenticationRefs: (policy: AnalysisResource) => readonly AuthenticationRef[] = readOnce(readAuthenticationRefs);

function readAuthenticationRefs(policy: AnalysisResource): AuthenticationRef[] {
  const refs: AuthenticationRef[] = [];
  asArray(asObject(policy.value.spec)?.requiredAuthenticationRefs).forEach((entry, i) => {
    const ref = asObject(entry);
    if (!ref) return;
    const kind = targetsKind(ref, POLICY_GROUP, 'MeshTLSAuthentication') ? 'MeshTLSAuthentication'
      : targetsKind(ref, POLICY_GROUP, 'NetworkAuthentication') ? 'NetworkAuthentication'
        : targetsKind(ref, '', 'ServiceAccount') ? 'ServiceAccount' : undefined;
    if (!kind) return;
    refs.push({kind, namespace: asString(ref.namespace) || policy.namespace, name: stringOf(ref.name), path: `/spec/requiredAuthenticationRefs/${i}/name`});
  });
  return refs;
}

/**
 * The MeshTLS and Network authentications a policy requires that the run knows are absent: the
 * index then ignores the whole policy ("could not find MeshTLSAuthentication {name} in namespace {ns}").
 */
export function missingAuthentications(ctx: AnalyzerContext, policy: AnalysisResource): readonly AuthenticationRef[] {
  let missing: AuthenticationRef[] | undefined;
  for (const ref of authenticationRefs(policy)) {
    if (ref.kind === 'ServiceAccount' || !knowsKind(ctx, POLICY_GROUP, ref.kind)) continue;
    if (!authorizationIndex(ctx).authentications.get(ref.kind)?.get(ref.namespace)?.has(ref.name)) (missing ??= []).push(ref);
  }
  return missing ?? NONE_MISSING;
}

const NONE_MISSING: readonly AuthenticationRef[] = [];
