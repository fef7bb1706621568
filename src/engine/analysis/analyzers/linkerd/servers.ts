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
import {GATEWAY_GROUP, knowsKind, POLICY_GROUP, stringOf, targetsKind, type ContainerPort, type MeshPod} from './model';
import {linkerdSelector, type Matcher} from './selector';

export interface Server {
  resource: AnalysisResource;
  labels: Labels;
  /** Selector::Pod; undefined for an externalWorkloadSelector. */
  selectsPod?: Matcher;
  port: number | string | undefined;
}

export function serverOf(resource: AnalysisResource): Server {
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

/** The policies that may authorize a Server, indexed once per run (no scan of one kind per resource of another). */
interface AuthorizationIndex {
  /** AuthorizationPolicies by `namespace/target`: `Server/<name>`, `Namespace`, `<group>/<kind>/<name>` of a route (lower case). */
  policies: Map<string, AnalysisResource[]>;
  /** Route keys attached to each `namespace/server`. */
  routesOf: Map<string, string[]>;
  /** ServerAuthorizations naming a Server, by `namespace/name`; those selecting by label, by namespace. */
  sazByName: Map<string, AnalysisResource[]>;
  sazBySelector: Map<string, Array<{saz: AnalysisResource; matches: Matcher}>>;
  /** `kind/namespace/name` of every MeshTLS and Network authentication. */
  authentications: Set<string>;
}

const indexes = new WeakMap<AnalyzerContext, AuthorizationIndex>();

const routeKey = (group: string, kind: string, name: string) => `${group}/${kind}/${name}`.toLowerCase();

function authorizationIndex(ctx: AnalyzerContext): AuthorizationIndex {
  let index = indexes.get(ctx);
  if (index) return index;
  index = {policies: new Map(), routesOf: new Map(), sazByName: new Map(), sazBySelector: new Map(), authentications: new Set()};
  for (const kind of ['MeshTLSAuthentication', 'NetworkAuthentication']) {
    for (const authn of ctx.resources(POLICY_GROUP, kind)) index.authentications.add(`${kind}/${authn.namespace}/${authn.name}`);
  }
  for (const {group, kind} of ROUTE_TARGETS) {
    for (const route of ctx.resources(group, kind)) {
      for (const server of routeServers(route)) pushTo(index.routesOf, `${route.namespace}/${server}`, routeKey(group, kind, route.name));
    }
  }
  for (const policy of ctx.resources(POLICY_GROUP, 'AuthorizationPolicy')) {
    const target = asObject(asObject(policy.value.spec)?.targetRef) ?? {};
    const key = targetsKind(target, POLICY_GROUP, 'Server') ? `Server/${stringOf(target.name)}`
      : targetsKind(target, '', 'Namespace') ? 'Namespace'
        : routeKey(asString(target.group) ?? '', stringOf(target.kind), stringOf(target.name));
    pushTo(index.policies, `${policy.namespace}/${key}`, policy);
  }
  for (const saz of ctx.resources(POLICY_GROUP, 'ServerAuthorization')) {
    const selector = asObject(asObject(saz.value.spec)?.server) ?? {};
    const name = asString(selector.name);
    if (name !== undefined) pushTo(index.sazByName, `${saz.namespace}/${name}`, saz);
    else pushTo(index.sazBySelector, saz.namespace, {saz, matches: linkerdSelector(selector.selector)});
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
  if (index.sazByName.has(`${namespace}/${name}`)) return {authorized: true, ignored: []};
  if ((index.sazBySelector.get(namespace) ?? []).some(({matches}) => matches(server.labels))) return {authorized: true, ignored: []};
  const ignored: AnalysisResource[] = [];
  for (const target of [`Server/${name}`, 'Namespace', ...(index.routesOf.get(`${namespace}/${name}`) ?? [])]) {
    for (const policy of index.policies.get(`${namespace}/${target}`) ?? []) {
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
export function missingAuthentications(ctx: AnalyzerContext, policy: AnalysisResource): AuthenticationRef[] {
  return authenticationRefs(policy).filter((ref) => {
    if (ref.kind === 'ServiceAccount') return false;
    if (!knowsKind(ctx, POLICY_GROUP, ref.kind)) return false;
    return !authorizationIndex(ctx).authentications.has(`${ref.kind}/${ref.namespace}/${ref.name}`);
  });
}
