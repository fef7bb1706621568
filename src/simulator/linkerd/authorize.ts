/**
 * May this client reach this meshed pod's port? The answer Linkerd 2.20 gives, from the
 * policy controller's index (policy-controller/k8s/index/src/inbound/index.rs) and the inbound
 * proxy's checks (linkerd2-proxy app/inbound policy http.rs, tcp.rs):
 *
 * 1. The port's Server (servers.ts), else the pod's default inbound policy: its
 *    `config.linkerd.io/default-inbound-policy` (pod template, else namespace), else the
 *    cluster's (PolicyIndex::default_inbound_server).
 * 2. The protocol: the Server's `proxyProtocol`, else detected, except ports marked opaque.
 *    Opaque and TLS ports are checked per connection (tcp.rs check_authorized): a client no
 *    authorization admits has its connection refused.
 * 3. HTTP: the route the request takes (routes.ts); a Server whose routes all miss answers
 *    404 (HttpRouteNotFound, "no route found for request"). The route's authorizations, then
 *    the Server's, are tried; none admitting the client is a 403 (HttpRouteUnauthorized,
 *    "unauthorized request on route"; gRPC requests get grpc-status 7 PERMISSION_DENIED). The
 *    reason reaches the client in `l5d-proxy-error` only when the client is meshed (ServerRescue
 *    emits informational headers to meshed peers only).
 * 4. Audit: a request admitted only by the `audit` authorization (a default policy or a
 *    Server's `accessPolicy: audit`) passes and is logged ("Request allowed", authz.name=audit).
 */
import type {TraceStep} from '../decision';
import type {SimRequest} from '../request';
import type {Located, World} from '../world';
import {authorizes, describeRef, isAudit, type AuthorizationRef, type InboundClient} from './authorization';
import {DEFAULT_CLUSTER_INFO, type ClusterInfo} from './cluster-info';
import {defaultAuthorizations, requiringIdentity, type DefaultPolicy} from './defaults';
import {serverAuthorizations, routeAuthorizations, type ExplainedAuthorization} from './policies';
import {chooseRoute, routesFor} from './routes';
import {serverFor, type ProxyProtocol} from './servers';
import type {LinkerdWorkload} from './workloads';

export type LinkerdVerdict = 'allowed' | 'forbidden' | 'no-route' | 'refused';

export interface LinkerdClient extends InboundClient {
  /** How the answer names the client: `bookinfo/productpage-v1`, `an unmeshed client at 203.0.113.7`. */
  description: string;
  /** True when the address was derived (a pod address the reader did not give). */
  addressAssumed: boolean;
}

export interface LinkerdAuthorization {
  workload: {kind: string; name: string; namespace: string};
  port: number;
  client: {description: string; meshed: boolean; identity?: string; address: string; addressAssumed: boolean};
  server: {kind: 'Server'; name: string; namespace: string; at?: Located} | {kind: 'default'; policy: DefaultPolicy; from: 'pod' | 'namespace' | 'cluster'};
  protocol: ProxyProtocol;
  /** The route the request took: a route resource, or the Server's default route. */
  route?: {kind: 'HTTPRoute' | 'GRPCRoute'; group: string; name: string; namespace: string; rule: number; at?: Located} | {kind: 'default'; name?: 'probe'};
  verdict: LinkerdVerdict;
  /** The HTTP status the proxy answers with (403, 404), for HTTP requests it refuses. */
  status?: number;
  /** For a gRPC request (content-type application/grpc): the grpc-status instead (7, 5). */
  grpcStatus?: number;
  /** The `l5d-proxy-error` header, sent to meshed clients only. */
  proxyError?: string;
  /** The authorization that admitted the client. */
  authorizedBy?: AuthorizationRef & {authentications: string[]};
  /** Admitted by the audit authorization: allowed, and logged. */
  audit: boolean;
  /**
   * Every authorization that applies, in the order the proxy tries them (the route's, then the
   * Server's or the default policy's, the audit catch-all last), with what each did with the client.
   */
  checked: CheckedAuthorization[];
  summary: string;
  trace: TraceStep[];
}

/** Where an authorization comes from: the route's own policies, the Server's (or default policy's), the probe route's. */
export type AuthorizationOrigin = 'route' | 'server' | 'probe';

export interface CheckedAuthorization {
  ref: AuthorizationRef;
  authentications: string[];
  from: AuthorizationOrigin;
  /** `admits` (the first that does decides), `rejects` (with why), or `not-checked` (after the admitting one, or the request never got here). */
  result: 'admits' | 'rejects' | 'not-checked';
  why?: string;
}

type Candidate = ExplainedAuthorization & {from: AuthorizationOrigin};

export interface AuthorizeQuery {
  client: LinkerdClient;
  workload: LinkerdWorkload;
  port: number;
  request: SimRequest;
  cluster?: ClusterInfo;
}

const FORBIDDEN = 'unauthorized request on route';
const NOT_FOUND = 'no route found for request';

/** The client as the destination's proxy sees it, in words. */
export function describeClient(client: LinkerdClient): string {
  const address = `address ${client.addressText}${client.addressAssumed ? ' (a pod address; --client-ip sets another)' : ''}`;
  return client.meshed
    ? `Linkerd: the client ${client.description} is meshed: identity ${client.identity}, ${address}`
    : `Linkerd: the client ${client.description} is not meshed: no mesh identity, ${address}`;
}

export function authorizeInbound(world: World, query: AuthorizeQuery): LinkerdAuthorization {
  const {client, workload, port, request} = query;
  const cluster = query.cluster ?? DEFAULT_CLUSTER_INFO;
  const trace: TraceStep[] = [];
  const target = `${workload.namespace}/${workload.name} port ${port}`;
  trace.push({message: `Linkerd: ${workload.kind} ${workload.namespace}/${workload.name} is meshed (${workload.meshedBecause}); its proxy authorizes inbound traffic on port ${port}`, at: workload.resource?.at});
  const base = {
    workload: {kind: workload.kind, name: workload.name, namespace: workload.namespace},
    port,
    client: {description: client.description, meshed: client.meshed, identity: client.identity, address: client.addressText, addressAssumed: client.addressAssumed},
    audit: false,
    checked: [] as CheckedAuthorization[],
  };

  const selected = serverFor(world, workload, port);
  let server: LinkerdAuthorization['server'];
  let protocol: ProxyProtocol;
  let serverAuthz: Candidate[];
  if (selected) {
    server = {kind: 'Server', name: selected.resource.name, namespace: selected.resource.namespace, at: selected.resource.at};
    protocol = selected.protocol;
    trace.push({message: `Server ${selected.resource.namespace}/${selected.resource.name} selects ${target} (proxyProtocol ${protocol === 'detect' ? 'detected' : protocol}${selected.accessPolicy ? `, accessPolicy ${selected.accessPolicy}` : ', no accessPolicy: what no authorization admits is denied'})`, at: selected.resource.at});
    for (const skipped of selected.skipped) trace.push({message: `Server ${skipped.namespace}/${skipped.name} selects the same port and is skipped: the oldest Server takes it`, at: skipped.at});
    serverAuthz = serverAuthorizations(world, selected, cluster, trace).map((a) => ({...a, from: 'server' as const}));
  } else {
    const written = workload.defaultPolicy;
    const policy = written?.policy ?? cluster.defaultPolicy;
    const requireIdentity = workload.requireIdentityPorts.has(port);
    const effective = requireIdentity ? requiringIdentity(policy) : policy;
    server = {kind: 'default', policy: effective, from: written?.from ?? 'cluster'};
    protocol = workload.opaquePorts.has(port) ? 'opaque' : 'detect';
    const where = written ? `config.linkerd.io/default-inbound-policy on the ${written.from === 'pod' ? 'pod template' : 'namespace'}` : "the cluster's proxy.defaultInboundPolicy";
    trace.push({message: `no Server selects ${target}: the default policy ${policy} applies (${where})${effective !== policy ? `, ${effective} because the port is in config.linkerd.io/proxy-require-identity-inbound-ports` : ''}; AuthorizationPolicies apply only to Servers`});
    serverAuthz = defaultAuthorizations(policy, cluster, requireIdentity).map((a) => ({...a, authentications: [], from: 'server' as const}));
  }
  if (serverAuthz.length === 0) trace.push({message: `nothing authorizes ${target}${selected ? ' on the Server itself' : ''}`});

  if (protocol === 'opaque' || protocol === 'TLS') {
    trace.push({message: `port ${port} is ${protocol === 'opaque' ? 'opaque' : 'application TLS'}: the proxy authorizes each connection, not each request`});
    const decided = firstAdmitting(serverAuthz, client, trace, base.checked);
    if (!decided) {
      return {...base, server, protocol, verdict: 'refused', trace,
        summary: `connection refused: no authorization on ${describeServer(server)} admits ${client.description}`};
    }
    return allowed({...base, server, protocol, trace}, decided);
  }

  let route: LinkerdAuthorization['route'] = {kind: 'default'};
  let candidates: Candidate[] = serverAuthz;
  if (selected) {
    const attached = routesFor(world, selected.resource, protocol === 'gRPC');
    for (const {route: r, reason} of attached.ignored) trace.push({message: `${r.kind} ${r.resource.namespace}/${r.resource.name} is ignored by the policy controller: ${reason}`, at: r.resource.at});
    if (attached.routes.length > 0) {
      const choice = chooseRoute(attached.routes, request);
      const names = attached.routes.map((r) => `${r.kind} ${r.resource.name}`).join(', ');
      if (!choice) {
        trace.push({message: `the Server has routes (${names}) and none matches ${request.method} ${request.path}: the proxy answers 404`});
        const status = notFoundStatus(request);
        base.checked.push(...serverAuthz.map((a) => notChecked(a)));
        return {...base, server, protocol, verdict: 'no-route', ...status, proxyError: client.meshed ? NOT_FOUND : undefined, trace,
          summary: `${status.grpcStatus !== undefined ? 'grpc-status 5 NOT_FOUND' : '404'}: no route of Server ${selected.resource.name} matches the request`};
      }
      const r = choice.route;
      route = {kind: r.kind, group: r.group, name: r.resource.name, namespace: r.resource.namespace, rule: choice.rule, at: choice.at};
      trace.push({message: `${r.kind} ${r.resource.namespace}/${r.resource.name} rules[${choice.rule}]${choice.match === undefined ? '' : ` matches[${choice.match}]`} takes the request`, at: choice.at});
      const own = routeAuthorizations(world, r, cluster, trace);
      trace.push({message: own.length ? `route authorizations: ${own.map((a) => describeRef(a.ref)).join(', ')}; then the Server's` : 'no AuthorizationPolicy targets this route: only the Server\'s authorizations apply'});
      candidates = [...own.map((a) => ({...a, from: 'route' as const})), ...serverAuthz];
    } else if (selected) {
      trace.push({message: 'the Server has no routes: its default route takes every request'});
    }
  }
  if (route.kind === 'default') {
    const probe = probeAuthorization(workload, port, request, cluster);
    if (probe) {
      route = {kind: 'default', name: 'probe'};
      trace.push({message: `GET ${request.path} is a probe path of port ${port}: the default probe route takes it, open to the probe networks (${cluster.probeNetworks.map((n) => n.text).join(', ')}) before the Server's authorizations`});
      candidates = [{...probe, from: 'probe'}, ...candidates];
    }
  }
  const decided = firstAdmitting(candidates, client, trace, base.checked);
  if (!decided) {
    const grpc = isGrpc(request);
    return {...base, server, protocol, route, verdict: 'forbidden', trace,
      status: grpc ? 200 : 403, grpcStatus: grpc ? 7 : undefined, proxyError: client.meshed ? FORBIDDEN : undefined,
      summary: `${grpc ? 'grpc-status 7 PERMISSION_DENIED' : '403 Forbidden'}: no authorization on ${describeServer(server)}${route.kind === 'default' ? '' : ` or route ${route.name}`} admits ${client.description}`};
  }
  return allowed({...base, server, protocol, route, trace}, decided);
}

/**
 * index.rs ClusterInfo::default_inbound_http_routes: a port without routes also has a `probe`
 * route, GET on each probe path (exact), authorized (`probe`) from the probe networks without
 * authentication. It outranks the default route (prefix `/`) for any path longer than `/`; on
 * `/` itself the default route, listed first, wins the tie.
 */
function probeAuthorization(workload: LinkerdWorkload, port: number, request: SimRequest, cluster: ClusterInfo): ExplainedAuthorization | undefined {
  if (cluster.probeNetworks.length === 0 || request.method !== 'GET' || request.path.length <= 1) return undefined;
  if (!workload.probePaths.get(port)?.has(request.path)) return undefined;
  return {ref: {kind: 'default', name: 'probe'}, authz: {authentication: {kind: 'unauthenticated'}, networks: cluster.probeNetworks.map((net) => ({net, except: []}))}, authentications: []};
}

function notChecked(a: Candidate): CheckedAuthorization {
  return {ref: a.ref, authentications: a.authentications, from: a.from, result: 'not-checked'};
}

/** The first authorization admitting the client, an explicit one before the audit catch-all; each one tried is recorded in `checked`. */
function firstAdmitting(authorizations: readonly Candidate[], client: InboundClient, trace: TraceStep[], checked: CheckedAuthorization[]): Candidate | undefined {
  const ordered = [...authorizations.filter((a) => !isAudit(a.ref)), ...authorizations.filter((a) => isAudit(a.ref))];
  for (const [index, authorization] of ordered.entries()) {
    const result = authorizes(authorization, client);
    if (result.ok) {
      checked.push({ref: authorization.ref, authentications: authorization.authentications, from: authorization.from, result: 'admits'}, ...ordered.slice(index + 1).map(notChecked));
      return authorization;
    }
    checked.push({ref: authorization.ref, authentications: authorization.authentications, from: authorization.from, result: 'rejects', why: result.why});
    trace.push({message: `${describeRef(authorization.ref)} does not admit the client: ${result.why}`, at: authorization.ref.at});
  }
  return undefined;
}

function allowed(partial: Omit<LinkerdAuthorization, 'verdict' | 'summary' | 'audit' | 'client' | 'workload' | 'port' | 'checked'> & Pick<LinkerdAuthorization, 'client' | 'workload' | 'port' | 'checked'>, by: ExplainedAuthorization): LinkerdAuthorization {
  const audit = isAudit(by.ref);
  const via = by.authentications.length ? ` (${by.authentications.join(', ')})` : '';
  partial.trace.push({message: audit
    ? 'admitted by the audit authorization: the request passes, and the proxy logs it ("Request allowed", authz.name=audit)'
    : `${describeRef(by.ref)}${via} admits the client`, at: by.ref.at});
  return {...partial, verdict: 'allowed', audit, authorizedBy: {...by.ref, authentications: by.authentications},
    summary: audit ? `allowed in audit mode (logged) on ${describeServer(partial.server)}` : `allowed by ${describeRef(by.ref)}`};
}

function describeServer(server: LinkerdAuthorization['server']): string {
  return server.kind === 'Server' ? `Server ${server.namespace}/${server.name}` : `the default policy ${server.policy}`;
}

function isGrpc(request: SimRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/grpc');
}

function notFoundStatus(request: SimRequest): {status: number; grpcStatus?: number} {
  return isGrpc(request) ? {status: 200, grpcStatus: 5} : {status: 404};
}
