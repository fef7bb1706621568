/**
 * What Linkerd 2.20's policy controller answers InboundServerPolicies.GetPort for a pod's port,
 * computed from the model as its index computes it (policy-controller/k8s/index/src/inbound/index.rs):
 * the first Server selecting the pod's port, by creation time then name (reindex_servers), or the
 * default server of the pod's `config.linkerd.io/default-inbound-policy` or the cluster's default
 * (default_inbound_server); a Server's authorizations from the AuthorizationPolicies targeting it or
 * its namespace (client_authzs: a policy naming a missing MeshTLSAuthentication or
 * NetworkAuthentication is dropped, policy_client_authz) plus its accessPolicy's default; routes as
 * ClusterInfo::default_inbound_http_routes adds them (`default`, and `probe` for the port's HTTP
 * probes; a gRPC Server's default gRPC route); ServerAuthorizations selecting the Server (by name or by
 * its labels); the accepted HTTPLocalRateLimitPolicy (client_ratelimit). Acceptance is the status
 * controller's: the model reads it from the statuses it holds; the HTTPRoutes a Server accepted replace its
 * default and probe routes (http_routes). What the model cannot decide is a gap: a route or rate limit without
 * a status, route filters and hostnames, accepted GRPCRoutes, and the order of two authorizations on one Server
 * or route (a Rust HashMap's).
 */
import {field, isRecord, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {annotationsOf, CONTROL_PLANE_NAMESPACE, labelsOf, objectsOf} from './linkerd-model';
import {routeMatch, RouteConversionError, type RouteMatch} from './linkerd-route-match';
import {linkerdTargetsKind} from '../../engine/model/service-reference';
import {installValue, linkerdConfigValues, valuesScalar} from './linkerd-values';

const POLICY_GROUP = 'policy.linkerd.io';

/** core IdentityMatch. */
export type IdentityMatch = {exact: string} | {suffix: string[]};

/** core ClientAuthentication. */
export type ClientAuthentication = {kind: 'unauthenticated'} | {kind: 'tls-unauthenticated'} | {kind: 'tls-authenticated'; identities: IdentityMatch[]};

export interface NetworkMatch {
  net: string;
  except: string[];
}

/** core AuthorizationRef with the ClientAuthorization it maps to. */
export interface Authorization {
  reference: {kind: 'default' | 'authorizationpolicy' | 'serverauthorization'; name: string};
  networks: NetworkMatch[];
  authentication: ClientAuthentication;
}

export interface InboundHttpRoute {
  /** RouteRef::Default's name, or the HTTPRoute's. */
  name: string;
  /** RouteRef::Resource: the HTTPRoute's group and kind; undefined for a default route. */
  resource?: {group: string; kind: string};
  /** Each rule's matches (a default route's: every path; the probe route's: GET on each probe path). */
  rules: {matches: RouteMatch[]}[];
  authorizations: Authorization[];
}

/** core InboundRoute<GrpcRouteMatch>: the default one only (every service and method, no authorizations of its own). */
export interface InboundGrpcRoute {
  name: string;
}

export type InboundProtocol = {kind: 'detect'; timeoutSeconds: number} | {kind: 'http1' | 'http2' | 'grpc' | 'opaque' | 'tls'};

/** core RateLimit: an accepted HTTPLocalRateLimitPolicy's limits, its overrides' clients as identities. */
export interface RateLimit {
  name: string;
  total?: number;
  identity?: number;
  overrides: {requestsPerSecond: number; identities: string[]}[];
}

/** core InboundServer. */
export interface InboundServer {
  reference: {kind: 'default' | 'server'; name: string};
  protocol: InboundProtocol;
  authorizations: Authorization[];
  httpRoutes: InboundHttpRoute[];
  /** Sent only for a gRPC Server. */
  grpcRoutes: InboundGrpcRoute[];
  rateLimit?: RateLimit;
}

/** ClusterInfo: the policy controller's arguments, from the chart's values as linkerd-config keeps them. */
export interface PolicyClusterInfo {
  networks: string[];
  defaultPolicy: string;
  probeNetworks: string[];
  identityDomain: string;
}

/** runtime/src/args.rs DETECT_TIMEOUT: the chart passes no --default-detect-timeout. */
const DETECT_TIMEOUT_SECONDS = 10;

/** The chart's policyController.probeNetworks, a flow list the values reader does not read. */
const PROBE_NETWORKS = ['0.0.0.0/0', '::/0'];

export function policyClusterInfo(model: StateModel): PolicyClusterInfo {
  const values = linkerdConfigValues(model, 'the policy controller (its cluster networks and default policy)');
  const networks = installValue(values, 'clusterNetworks').split(',').map((n) => n.trim()).filter(Boolean);
  const clusterDomain = installValue(values, 'clusterDomain');
  if (valuesScalar(values, ['policyController', 'probeNetworks']) !== undefined) throw new ModelGap('linkerd-config sets policyController.probeNetworks as a flow list, which this model does not read');
  return {
    networks,
    defaultPolicy: installValue(values, 'proxy.defaultInboundPolicy'),
    probeNetworks: PROBE_NETWORKS,
    identityDomain: installValue(values, 'identityTrustDomain') || clusterDomain,
  };
}

type DefaultPolicy = {kind: 'allow'; authenticatedOnly: boolean; clusterOnly: boolean} | {kind: 'deny'} | {kind: 'audit'};

/** defaults.rs DefaultPolicy::from_str; undefined for an invalid mode. */
function parseDefaultPolicy(text: string): DefaultPolicy | undefined {
  switch (text) {
    case 'all-authenticated': return {kind: 'allow', authenticatedOnly: true, clusterOnly: false};
    case 'all-unauthenticated': return {kind: 'allow', authenticatedOnly: false, clusterOnly: false};
    case 'cluster-authenticated': return {kind: 'allow', authenticatedOnly: true, clusterOnly: true};
    case 'cluster-unauthenticated': return {kind: 'allow', authenticatedOnly: false, clusterOnly: true};
    case 'deny': return {kind: 'deny'};
    case 'audit': return {kind: 'audit'};
    default: return undefined;
  }
}

function policyName(policy: DefaultPolicy): string {
  if (policy.kind !== 'allow') return policy.kind;
  return `${policy.clusterOnly ? 'cluster' : 'all'}-${policy.authenticatedOnly ? 'authenticated' : 'unauthenticated'}`;
}

const ANY_NETWORKS = ['0.0.0.0/0', '::/0'];

/** DefaultPolicy::default_authzs: an allow or audit policy's one authorization, none for deny. */
function defaultAuthorizations(policy: DefaultPolicy, cluster: PolicyClusterInfo): Authorization[] {
  if (policy.kind === 'deny') return [];
  const authenticatedOnly = policy.kind === 'allow' && policy.authenticatedOnly;
  const clusterOnly = policy.kind === 'allow' && policy.clusterOnly;
  return [{
    reference: {kind: 'default', name: policyName(policy)},
    authentication: authenticatedOnly ? {kind: 'tls-authenticated', identities: [{suffix: []}]} : {kind: 'unauthenticated'},
    networks: (clusterOnly ? cluster.networks : ANY_NETWORKS).map((net) => ({net, except: []})),
  }];
}

/** ports.rs parse_portset: ports and ranges, comma separated; an invalid list is empty (ports_annotation). */
function parsePortSet(text: string): Set<number> {
  const ports = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const low = range ? Number(range[1]) : NaN;
    const high = range?.[2] === undefined ? low : Number(range[2]);
    if (!(low >= 1 && high <= 65535 && low <= high)) return new Set();
    for (let port = low; port <= high && ports.size < 65536; port++) ports.add(port);
  }
  return ports;
}

interface PodSettings {
  defaultPolicy?: DefaultPolicy;
  opaquePorts: Set<number>;
  requireIdPorts: Set<number>;
}

/** workload.rs Settings::from_metadata: the pod's own annotations (the injector copies the namespace's onto it). */
function podSettings(pod: ModelObject): PodSettings {
  const annotations = annotationsOf(pod);
  const policy = annotations['config.linkerd.io/default-inbound-policy'];
  const opaque = annotations['config.linkerd.io/opaque-ports'];
  const requireId = annotations['config.linkerd.io/proxy-require-identity-inbound-ports'];
  return {
    defaultPolicy: policy === undefined ? undefined : parseDefaultPolicy(policy),
    opaquePorts: opaque === undefined ? new Set() : parsePortSet(opaque),
    requireIdPorts: requireId === undefined ? new Set() : parsePortSet(requireId),
  };
}

const podContainers = (pod: ModelObject): Record<string, unknown>[] =>
  [...list(field(pod.value, 'spec', 'containers')), ...list(field(pod.value, 'spec', 'initContainers'))].filter(isRecord);

/** workload.rs named_tcp_port: a named container port whose protocol is TCP (or unset). */
function namedTcpPorts(container: Record<string, unknown>): {port: number; name: string}[] {
  return list(container.ports).filter(isRecord).flatMap((port) => {
    if (typeof port.protocol === 'string' && port.protocol.toUpperCase() !== 'TCP') return [];
    if (typeof port.containerPort !== 'number' || typeof port.name !== 'string') return [];
    return [{port: port.containerPort, name: port.name}];
  });
}

/** workload.rs pod_http_probes for one port: the paths of the HTTP probes on it, sorted (a BTreeSet). */
function probePaths(pod: ModelObject, port: number): string[] {
  const paths = new Set<string>();
  for (const container of podContainers(pod)) {
    if (container.name === 'linkerd-proxy' && port === 4191 && !['livenessProbe', 'readinessProbe'].every((probe) => probe in container)) {
      throw new ModelGap(`the model does not write pod ${pod.namespace}/${pod.name}'s linkerd-proxy probes, which the injector puts on port 4191`);
    }
    for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const probe = field(container, key, 'httpGet');
      if (!isRecord(probe)) continue;
      const probePort = typeof probe.port === 'number' ? probe.port
        : namedTcpPorts(container).find((p) => typeof probe.port === 'string' && p.name.toLowerCase() === probe.port.toLowerCase())?.port;
      if (probePort !== port) continue;
      const path = typeof probe.path === 'string' ? probe.path : '/';
      paths.add(path.split('?')[0]! || '/');
    }
  }
  return [...paths].sort();
}

/** ClusterInfo::default_inbound_http_routes: `default` (every path) and `probe` (the probes' paths, GET, from the probe networks). */
function defaultHttpRoutes(cluster: PolicyClusterInfo, probes: readonly string[]): InboundHttpRoute[] {
  const routes: InboundHttpRoute[] = [{name: 'default', rules: [{matches: [{path: {prefix: '/'}, headers: [], queryParams: []}]}], authorizations: []}];
  if (cluster.probeNetworks.length === 0 || probes.length === 0) return routes;
  routes.push({
    name: 'probe',
    rules: [{matches: probes.map((path) => ({path: {exact: path}, headers: [], queryParams: [], method: 'GET'}))}],
    authorizations: [{reference: {kind: 'default', name: 'probe'}, authentication: {kind: 'unauthenticated'}, networks: cluster.probeNetworks.map((net) => ({net, except: []}))}],
  });
  return routes;
}

/** labels.rs Selector::matches: every expression, then every matchLabels pair. */
function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  for (const expression of list(field(selector, 'matchExpressions')).filter(isRecord)) {
    const key = String(expression.key);
    const values = Array.isArray(expression.values) ? expression.values.map(String) : undefined;
    const has = Object.hasOwn(labels, key);
    const ok = expression.operator === 'In' && values ? has && values.includes(labels[key]!)
      : expression.operator === 'NotIn' && values ? !has || !values.includes(labels[key]!)
        : expression.operator === 'Exists' && !values ? has
          : expression.operator === 'DoesNotExist' && !values ? !has : false;
    if (!ok) return false;
  }
  return Object.entries(stringMap(field(selector, 'matchLabels'))).every(([key, value]) => labels[key] === value);
}

const creation = (object: ModelObject): string | undefined => {
  const value = field(object.value, 'metadata', 'creationTimestamp');
  return typeof value === 'string' ? value : undefined;
};

/** reindex_servers: Servers by creation time (a Server without one first, as Rust orders None), then name. */
function byCreationThenName(a: ModelObject, b: ModelObject): number {
  const at = creation(a);
  const bt = creation(b);
  if (at !== bt) {
    if (at === undefined) return -1;
    if (bt === undefined) return 1;
    const diff = Date.parse(at) - Date.parse(bt);
    if (diff !== 0) return diff;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The first Server (by precedence) whose podSelector picks the pod and whose port is this one, by number or name. */
function selectingServer(model: StateModel, pod: ModelObject, port: number): ModelObject | undefined {
  const labels = labelsOf(pod);
  const names = new Set(podContainers(pod).flatMap(namedTcpPorts).filter((p) => p.port === port).map((p) => p.name));
  return objectsOf(model, POLICY_GROUP, 'Server', pod.namespace).sort(byCreationThenName).find((server) => {
    const selector = field(server.value, 'spec', 'podSelector');
    if (!isRecord(selector)) return false;
    if (!selectorMatches(selector, labels)) return false;
    const serverPort = field(server.value, 'spec', 'port');
    return typeof serverPort === 'number' ? serverPort === port : typeof serverPort === 'string' && names.has(serverPort);
  });
}

/** server.rs proxy_protocol. */
function serverProtocol(server: ModelObject): InboundProtocol {
  const protocol = field(server.value, 'spec', 'proxyProtocol');
  switch (protocol) {
    case 'HTTP/1': return {kind: 'http1'};
    case 'HTTP/2': return {kind: 'http2'};
    case 'gRPC': return {kind: 'grpc'};
    case 'opaque': return {kind: 'opaque'};
    case 'TLS': return {kind: 'tls'};
    default: return {kind: 'detect', timeoutSeconds: DETECT_TIMEOUT_SECONDS};
  }
}

/** k8s/api/src/policy.rs targets_kind (model/service-reference.ts). */
const targets = (ref: unknown, group: string, kind: string): boolean => linkerdTargetsKind(String(field(ref, 'group') ?? ''), String(field(ref, 'kind') ?? ''), {group, kind});

/** meshtls_authentication.rs Spec::try_from_resource: identities, then identityRefs (ServiceAccounts exact, Namespaces a suffix). */
function meshTlsMatches(authn: ModelObject, cluster: PolicyClusterInfo): IdentityMatch[] | undefined {
  const matches: IdentityMatch[] = list(field(authn.value, 'spec', 'identities')).map((identity) => parseIdentity(String(identity)));
  for (const ref of list(field(authn.value, 'spec', 'identityRefs'))) {
    const name = String(field(ref, 'name') ?? '');
    if (targets(ref, '', 'ServiceAccount')) matches.push({exact: serviceAccountIdentity(String(field(ref, 'namespace') ?? authn.namespace), name, cluster)});
    else if (targets(ref, '', 'Namespace')) matches.push(parseIdentity(`*.${name}.serviceaccount.identity.${CONTROL_PLANE_NAMESPACE}.${cluster.identityDomain}`));
    else return undefined;
  }
  return matches.length === 0 ? undefined : matches;
}

/** identity_match.rs IdentityMatch::from_str. */
function parseIdentity(text: string): IdentityMatch {
  if (text === '*') return {suffix: []};
  if (text.startsWith('*.')) return {suffix: text.split('.').slice(1)};
  return {exact: text};
}

const serviceAccountIdentity = (namespace: string, name: string, cluster: PolicyClusterInfo): string =>
  `${name}.${namespace}.serviceaccount.identity.${CONTROL_PLANE_NAMESPACE}.${cluster.identityDomain}`;

/**
 * policy_client_authz: a policy's required authentications resolved, or why the controller
 * ignores it (a missing or second MeshTLSAuthentication, ServiceAccount or NetworkAuthentication).
 */
function policyClientAuthz(model: StateModel, policy: ModelObject, cluster: PolicyClusterInfo): {networks: NetworkMatch[]; authentication: ClientAuthentication} | string {
  const refs = list(field(policy.value, 'spec', 'requiredAuthenticationRefs'));
  let identities: IdentityMatch[] | undefined;
  for (const ref of refs) {
    const namespace = String(field(ref, 'namespace') ?? policy.namespace);
    const name = String(field(ref, 'name') ?? '');
    if (targets(ref, POLICY_GROUP, 'MeshTLSAuthentication')) {
      const authn = objectsOf(model, POLICY_GROUP, 'MeshTLSAuthentication', namespace).find((o) => o.name === name);
      const matches = authn && meshTlsMatches(authn, cluster);
      if (!matches) return `could not find MeshTLSAuthentication ${name} in namespace ${namespace}`;
      if (identities) return 'policy must not include multiple MeshTLSAuthentications';
      identities = matches;
    } else if (targets(ref, '', 'ServiceAccount')) {
      if (identities) return 'policy must not include multiple ServiceAccounts';
      identities = [{exact: serviceAccountIdentity(namespace, name, cluster)}];
    }
  }
  let networks: NetworkMatch[] | undefined;
  for (const ref of refs) {
    if (!targets(ref, POLICY_GROUP, 'NetworkAuthentication')) continue;
    const namespace = String(field(ref, 'namespace') ?? policy.namespace);
    const name = String(field(ref, 'name') ?? '');
    const authn = objectsOf(model, POLICY_GROUP, 'NetworkAuthentication', namespace).find((o) => o.name === name);
    if (!authn) return `could not find NetworkAuthentication ${name} in namespace ${namespace}`;
    if (networks) return 'policy must not include multiple NetworkAuthentications';
    networks = list(field(authn.value, 'spec', 'networks')).map((n) => ({net: String(field(n, 'cidr')), except: list(field(n, 'except')).map(String)}));
  }
  return {
    authentication: identities ? {kind: 'tls-authenticated', identities} : {kind: 'unauthenticated'},
    networks: networks ?? ANY_NETWORKS.map((net) => ({net, except: []})),
  };
}

/** core/src/lib.rs POLICY_CONTROLLER_NAME: the controller whose route statuses the index reads. */
const POLICY_CONTROLLER_NAME = 'linkerd.io/policy-controller';

/**
 * server_authorization.rs ServerAuthz::from_resource: the client's networks and authentication, or
 * undefined when the controller refuses it (no authentication configured, or mesh TLS naming no client).
 */
function serverAuthorizationClient(saz: ModelObject, cluster: PolicyClusterInfo): Omit<Authorization, 'reference'> | undefined {
  const client = field(saz.value, 'spec', 'client');
  const networks = list(field(client, 'networks')).map((n) => ({net: String(field(n, 'cidr')), except: list(field(n, 'except')).map(String)}));
  if (field(client, 'unauthenticated') === true) return {networks, authentication: {kind: 'unauthenticated'}};
  const meshTls = field(client, 'meshTLS');
  if (!isRecord(meshTls)) return undefined; // "no client authentication configured"
  if (meshTls.unauthenticatedTLS === true) return {networks, authentication: {kind: 'tls-unauthenticated'}};
  const identities: IdentityMatch[] = [
    ...list(meshTls.identities).map((identity) => parseIdentity(String(identity))),
    ...list(meshTls.serviceAccounts).map((sa) => ({exact: serviceAccountIdentity(String(field(sa, 'namespace') ?? saz.namespace), String(field(sa, 'name') ?? ''), cluster)})),
  ];
  if (identities.length === 0) return undefined; // "authorization authorizes no clients"
  return {networks, authentication: {kind: 'tls-authenticated', identities}};
}

/** client_authzs' first loop: the ServerAuthorizations whose `server` names this Server or whose selector picks its labels (ServerSelector::selects). */
function serverAuthorizations(model: StateModel, server: ModelObject, cluster: PolicyClusterInfo): Authorization[] {
  return objectsOf(model, POLICY_GROUP, 'ServerAuthorization', server.namespace).flatMap((saz) => {
    const target = field(saz.value, 'spec', 'server');
    const name = field(target, 'name');
    const selects = typeof name === 'string' ? name === server.name : selectorMatches(field(target, 'selector') ?? {}, labelsOf(server));
    const client = selects ? serverAuthorizationClient(saz, cluster) : undefined;
    return client ? [{reference: {kind: 'serverauthorization' as const, name: saz.name}, ...client}] : [];
  });
}

/** A status condition list's Accepted condition, as routes.rs and ratelimit_policy.rs read it: true, false, or none. */
const acceptedCondition = (conditions: unknown): boolean =>
  list(conditions).some((c) => field(c, 'type') === 'Accepted' && field(c, 'status') === 'True');

/**
 * client_ratelimit: the HTTPLocalRateLimitPolicy targeting the Server that its status says was accepted
 * (ratelimit_policy.rs accepted_by_server), its overrides' ServiceAccounts as identities. The status is
 * the status controller's, which the model does not run: a policy the model holds without one is a gap.
 */
function serverRateLimit(model: StateModel, server: ModelObject, cluster: PolicyClusterInfo): RateLimit | undefined {
  const candidates = objectsOf(model, POLICY_GROUP, 'HTTPLocalRateLimitPolicy', server.namespace).filter((p) => {
    const target = field(p.value, 'spec', 'targetRef');
    return targets(target, POLICY_GROUP, 'Server') && field(target, 'name') === server.name;
  });
  const limits = candidates.flatMap((policy) => {
    if (!isRecord(field(policy.value, 'status'))) throw new ModelGap(`HTTPLocalRateLimitPolicy ${policy.name} targets Server ${server.name} but the model holds no status for it: its acceptance is written by the status controller, which the model does not run`);
    if (!acceptedCondition(field(policy.value, 'status', 'conditions'))) return [];
    const overrides: RateLimit['overrides'] = [];
    for (const override of list(field(policy.value, 'spec', 'overrides'))) {
      const refs = list(field(override, 'clientRefs'));
      // Spec::try_from: a client reference other than a ServiceAccount makes the whole policy illegal.
      if (!refs.every((ref) => targets(ref, '', 'ServiceAccount'))) return [];
      overrides.push({
        requestsPerSecond: Number(field(override, 'requestsPerSecond') ?? 0),
        identities: refs.map((ref) => serviceAccountIdentity(String(field(ref, 'namespace') ?? policy.namespace), String(field(ref, 'name') ?? ''), cluster)),
      });
    }
    const rps = (key: string): number | undefined => {
      const value = field(policy.value, 'spec', key, 'requestsPerSecond');
      return typeof value === 'number' ? value : undefined;
    };
    return [{name: policy.name, total: rps('total'), identity: rps('identity'), overrides}];
  });
  if (limits.length > 1) throw new ModelGap(`${limits.length} accepted HTTPLocalRateLimitPolicies target Server ${server.name}: the policy controller takes the first of a hash map, whose order is not known`);
  return limits[0];
}

/** routes.rs ParentRef::collect_from_http: a parentRef naming a Server in another namespace, by port or by section makes the route invalid (ignored). */
function validServerParents(route: ModelObject): boolean {
  return list(field(route.value, 'spec', 'parentRefs')).every((ref) => !targets(ref, POLICY_GROUP, 'Server') || !field(ref, 'name')
    || ((field(ref, 'namespace') === undefined || field(ref, 'namespace') === route.namespace) && field(ref, 'port') === undefined && field(ref, 'sectionName') === undefined));
}

/** route_client_authzs: the AuthorizationPolicies targeting the route (group, kind and name compared case-insensitively). */
function routeAuthorizations(model: StateModel, route: ModelObject, cluster: PolicyClusterInfo): Authorization[] {
  const same = (a: unknown, b: string): boolean => String(a ?? '').toLowerCase() === b.toLowerCase();
  const authorizations = objectsOf(model, POLICY_GROUP, 'AuthorizationPolicy', route.namespace).flatMap((policy) => {
    const target = field(policy.value, 'spec', 'targetRef');
    if (!(same(field(target, 'group'), route.group) && same(field(target, 'kind'), route.kind) && same(field(target, 'name'), route.name))) return [];
    const authz = policyClientAuthz(model, policy, cluster);
    return typeof authz === 'string' ? [] : [{reference: {kind: 'authorizationpolicy' as const, name: policy.name}, ...authz}];
  });
  if (authorizations.length > 1) throw new ModelGap(`${route.kind} ${route.name} has ${authorizations.length} authorizations, which the policy controller keeps in a hash map: the order it answers them in is not known`);
  return authorizations;
}

/**
 * PolicyIndex::http_routes and grpc_routes: the routes naming the Server as a parent that its status says it
 * accepted (routes.rs selects_server, accepted_by_server: a parent status of the policy controller, kind
 * Server, Accepted True), each with its rules' matches and the authorizations targeting it, in to_route_list's
 * order (creation time, then RouteRef: name, group, kind). A route without a status in the model is a gap
 * (the status controller decides), and so are an accepted route's filters and hostnames and accepted GRPCRoutes.
 */
function acceptedRoutes(model: StateModel, server: ModelObject, cluster: PolicyClusterInfo): InboundHttpRoute[] {
  const routes = [...objectsOf(model, POLICY_GROUP, 'HTTPRoute', server.namespace), ...objectsOf(model, 'gateway.networking.k8s.io', 'HTTPRoute', server.namespace), ...objectsOf(model, 'gateway.networking.k8s.io', 'GRPCRoute', server.namespace)];
  const accepted: ModelObject[] = [];
  for (const route of routes) {
    if (!list(field(route.value, 'spec', 'parentRefs')).some((ref) => targets(ref, POLICY_GROUP, 'Server') && field(ref, 'name') === server.name)) continue;
    const parents = field(route.value, 'status', 'parents');
    if (!Array.isArray(parents)) throw new ModelGap(`${route.kind} ${route.name} names Server ${server.name} as its parent and the model holds no status for it: whether the Server accepted it is the status controller's answer, which the model does not run`);
    const acceptedHere = parents.some((status) => field(status, 'controllerName') === POLICY_CONTROLLER_NAME && field(status, 'parentRef', 'kind') === 'Server'
      && field(status, 'parentRef', 'name') === server.name && acceptedCondition(field(status, 'conditions')));
    if (!acceptedHere || !validServerParents(route)) continue;
    if (route.kind === 'GRPCRoute') throw new ModelGap(`GRPCRoute ${route.name} is accepted by Server ${server.name}: inbound gRPC routes are not modelled`);
    if (list(field(route.value, 'spec', 'hostnames')).length > 0) throw new ModelGap(`HTTPRoute ${route.name} has hostnames, whose host matches are not modelled`);
    accepted.push(route);
  }
  const created = (route: ModelObject): number | undefined => {
    const at = field(route.value, 'metadata', 'creationTimestamp');
    return typeof at === 'string' ? Date.parse(at) : undefined;
  };
  const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  accepted.sort((a, b) => {
    const at = created(a);
    const bt = created(b);
    if (at !== undefined && bt === undefined) return -1;
    if (at === undefined && bt !== undefined) return 1;
    return (at !== undefined && bt !== undefined ? at - bt : 0) || text(a.name, b.name) || text(a.group, b.group) || text(a.kind, b.kind);
  });
  return accepted.map((route) => {
    const rules = Array.isArray(field(route.value, 'spec', 'rules')) ? list(field(route.value, 'spec', 'rules')) : [{}];
    return {
      name: route.name,
      resource: {group: route.group, kind: route.kind},
      rules: rules.map((rule) => {
        if (list(field(rule, 'filters')).length > 0) throw new ModelGap(`HTTPRoute ${route.name} has filters, which are not modelled`);
        const matches = Array.isArray(field(rule, 'matches')) ? list(field(rule, 'matches')) : [{}];
        try {
          return {matches: matches.map((m) => routeMatch(m, route))};
        } catch (error) {
          // The inbound index drops such a route too, but what it then answers for the Server is not modelled.
          if (error instanceof RouteConversionError) throw new ModelGap(`the policy controller cannot convert ${error.message}: the inbound index then drops the route, which is not modelled`);
          throw error;
        }
      }),
      authorizations: routeAuthorizations(model, route, cluster),
    };
  });
}

/** PolicyIndex::inbound_server: a Server's protocol, authorizations, rate limit and routes. */
function fromServer(model: StateModel, pod: ModelObject, port: number, server: ModelObject, cluster: PolicyClusterInfo): InboundServer {
  const namespace = server.namespace;
  const routes = acceptedRoutes(model, server, cluster);
  const protocol = serverProtocol(server);

  const authorizations: Authorization[] = serverAuthorizations(model, server, cluster);
  for (const policy of objectsOf(model, POLICY_GROUP, 'AuthorizationPolicy', namespace)) {
    const target = field(policy.value, 'spec', 'targetRef');
    const applies = (targets(target, POLICY_GROUP, 'Server') && field(target, 'name') === server.name) || targets(target, '', 'Namespace');
    if (!applies) continue;
    const authz = policyClientAuthz(model, policy, cluster);
    if (typeof authz === 'string') continue; // "Illegal AuthorizationPolicy; ignoring"
    authorizations.push({reference: {kind: 'authorizationpolicy', name: policy.name}, ...authz});
  }
  const access = field(server.value, 'spec', 'accessPolicy');
  const accessPolicy = typeof access === 'string' ? parseDefaultPolicy(access) : undefined;
  if (accessPolicy) authorizations.push(...defaultAuthorizations(accessPolicy, cluster));
  if (authorizations.length > 1) throw new ModelGap(`Server ${server.name} has ${authorizations.length} authorizations, which the policy controller keeps in a hash map: the order it answers them in is not known`);
  const rateLimit = serverRateLimit(model, server, cluster);
  return {
    reference: {kind: 'server', name: server.name}, protocol, authorizations,
    // http_routes: the accepted routes, else the default and probe routes.
    httpRoutes: routes.length > 0 ? routes : defaultHttpRoutes(cluster, probePaths(pod, port)),
    // grpc_routes: with no route attached, the default route (GrpcRoute::default: any service and method).
    grpcRoutes: [{name: 'default'}],
    ...(rateLimit ? {rateLimit} : {}),
  };
}

/** PolicyIndex::default_inbound_server. */
function defaultServer(pod: ModelObject, port: number, cluster: PolicyClusterInfo): InboundServer {
  const settings = podSettings(pod);
  let policy = settings.defaultPolicy ?? parseDefaultPolicy(cluster.defaultPolicy);
  if (!policy) throw new ModelGap(`linkerd-config's proxy.defaultInboundPolicy "${cluster.defaultPolicy}" is not a policy the controller accepts`);
  if (settings.requireIdPorts.has(port) && policy.kind === 'allow') policy = {...policy, authenticatedOnly: true};
  return {
    reference: {kind: 'default', name: policyName(policy)},
    protocol: settings.opaquePorts.has(port) ? {kind: 'opaque'} : {kind: 'detect', timeoutSeconds: DETECT_TIMEOUT_SECONDS},
    authorizations: defaultAuthorizations(policy, cluster),
    httpRoutes: defaultHttpRoutes(cluster, probePaths(pod, port)),
    // default_inbound_server: no gRPC routes (its protocol is never gRPC) and no rate limit.
    grpcRoutes: [],
  };
}

/** pod_server_rx then the port's server: a Server's, or the default one (port_server_or_default). */
export function inboundServer(model: StateModel, namespace: string, podName: string, port: number): InboundServer {
  const pod = objectsOf(model, '', 'Pod', namespace).find((o) => o.name === podName);
  if (!pod) throw new ModelGap(`pod ${podName} is not in namespace ${namespace}: the policy controller answers NotFound "unknown server", which the CLI prints with its usage text (not reproduced)`);
  const cluster = policyClusterInfo(model);
  const server = selectingServer(model, pod, port);
  return server ? fromServer(model, pod, port, server, cluster) : defaultServer(pod, port, cluster);
}
