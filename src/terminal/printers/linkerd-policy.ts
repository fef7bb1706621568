/**
 * `linkerd diagnostics policy [-n NS] po/NAME PORT [-o yaml|json]` (linkerd2 version-2.20
 * cli/cmd/policy.go): the policy controller's inbound answer for the pod's port
 * (./linkerd-policy-inbound.ts), turned into the protobuf message as
 * policy-controller/grpc/src/inbound.rs to_server builds it (an empty authorization's networks
 * become the cluster networks; labels beside metadata for older proxies), then printed as the CLI
 * prints the Go struct of linkerd2-proxy-api v0.20.0: encoding/json (a oneof is a field named after
 * the Go interface, `Kind`, holding one named after the wrapper's field, `Http1`; `omitempty` drops
 * empty fields), then sigs.k8s.io/yaml (keys sorted) or json.MarshalIndent with two spaces and no
 * final newline. For a Service, the OutboundPolicy of ./linkerd-policy-outbound.ts, printed the same way.
 */
import {goStructJsonIndent, goYaml} from './output';
import {ModelGap, type StateModel} from './model';
import {outboundPolicyMessage, tokenNamespace, type GoValue} from './linkerd-policy-outbound';
import {matchMessage, nonEmpty} from './linkerd-route-match';
import {inboundServer, policyClusterInfo, type Authorization, type InboundGrpcRoute, type InboundHttpRoute, type InboundServer, type NetworkMatch, type RateLimit} from './linkerd-policy-inbound';

export interface PolicyRequest {
  type: 'pod' | 'service';
  name: string;
  /** policy.go's own default is "default", not the kubeconfig context's namespace. */
  namespace: string;
  port: number;
  output: 'yaml' | 'json';
  /** `--token`, the TrafficSpec's source workload (outbound only): policy.go's default `default:diagnostics`. */
  token: string;
}


/** ipnet's address as linkerd2-proxy-api's IpNetwork: an IPv4 address as a u32, an IPv6 one as two u64 halves. */
export function ipNetwork(cidr: string): GoValue {
  const slash = cidr.indexOf('/');
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  const prefix = slash < 0 ? undefined : Number(cidr.slice(slash + 1));
  let ip: GoValue;
  if (address.includes(':')) {
    const [head, tail] = address.includes('::') ? address.split('::') as [string, string] : [address, undefined];
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
    if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) throw new ModelGap(`"${cidr}" is not a network the policy controller would have parsed`);
    const half = (parts: string[]): bigint => parts.reduce((sum, part) => (sum << 16n) | BigInt(parseInt(part, 16)), 0n);
    const first = half(groups.slice(0, 4));
    const last = half(groups.slice(4));
    ip = {Ip: {Ipv6: {first: first === 0n ? undefined : first, last: last === 0n ? undefined : last}}};
    if (prefix === undefined || !(prefix >= 0 && prefix <= 128)) throw new ModelGap(`"${cidr}" is not a network the policy controller would have parsed`);
  } else {
    const octets = address.split('.').map(Number);
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) throw new ModelGap(`"${cidr}" is not a network the policy controller would have parsed`);
    ip = {Ip: {Ipv4: ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!}};
    if (prefix === undefined || !(prefix >= 0 && prefix <= 32)) throw new ModelGap(`"${cidr}" is not a network the policy controller would have parsed`);
  }
  return {ip, prefix_len: prefix === 0 ? undefined : prefix};
}

const sortedLabels = (group: string, kind: string, name: string): GoValue => ({group, kind, name});


function network(match: NetworkMatch): GoValue {
  return {net: ipNetwork(match.net), except: nonEmpty(match.except.map(ipNetwork))};
}

/** grpc/src/inbound.rs to_authz. */
function authz(authorization: Authorization, clusterNetworks: readonly string[]): GoValue {
  const {kind, name} = authorization.reference;
  const group = kind === 'default' ? '' : 'policy.linkerd.io';
  const networks = authorization.networks.length === 0 ? clusterNetworks.map((net) => ({net, except: []})) : authorization.networks;
  const authentication = authorization.authentication;
  const permit: GoValue = authentication.kind === 'unauthenticated' ? {Unauthenticated: {}}
    : authentication.kind === 'tls-unauthenticated' ? {MeshTLS: {Clients: {Unauthenticated: {}}}}
      : {MeshTLS: {Clients: {Identities: {
        identities: nonEmpty(authentication.identities.flatMap((i) => ('exact' in i ? [{name: i.exact}] : []))),
        suffixes: nonEmpty(authentication.identities.flatMap((i) => ('suffix' in i ? [{parts: nonEmpty(i.suffix)}] : []))),
      }}}};
  return {
    networks: networks.map(network),
    authentication: {Permit: permit},
    labels: sortedLabels(group, kind, name),
    metadata: {Kind: kind === 'default' ? {Default: name} : {Resource: {group, kind, name}}},
  };
}

/** grpc/src/inbound/http.rs to_http_route: a default route's name, or the HTTPRoute as a resource; its rules' matches (no hosts, no filters). */
function httpRoute(route: InboundHttpRoute, clusterNetworks: readonly string[]): GoValue {
  return {
    metadata: {Kind: route.resource ? {Resource: {group: route.resource.group, kind: route.resource.kind, name: route.name}} : {Default: route.name}},
    authorizations: nonEmpty(route.authorizations.map((a) => authz(a, clusterNetworks))),
    rules: route.rules.map((rule) => ({matches: nonEmpty(rule.matches.map(matchMessage))})),
  };
}

/**
 * grpc/src/inbound/grpc.rs to_grpc_route for the default route: one rule matching any RPC (a GrpcRpcMatch
 * with no service and no method: a non-nil pointer to an empty struct, which `omitempty` keeps as `{}`).
 */
function grpcRoute(route: InboundGrpcRoute): GoValue {
  return {metadata: {Kind: {Default: route.name}}, rules: [{matches: [{rpc: {}}]}]};
}

/** grpc/src/inbound.rs to_rate_limit: the policy as a resource, its limits and overrides (json tag `requestsPerSecond`). */
function rateLimit(limit: RateLimit): GoValue {
  const perSecond = (rps: number | undefined): GoValue | undefined => (rps === undefined ? undefined : {requestsPerSecond: rps === 0 ? undefined : rps});
  return {
    metadata: {Kind: {Resource: {group: 'policy.linkerd.io', kind: 'HTTPLocalRateLimitPolicy', name: limit.name}}},
    total: perSecond(limit.total),
    identity: perSecond(limit.identity),
    overrides: nonEmpty(limit.overrides.map((o) => ({limit: perSecond(o.requestsPerSecond), clients: {identities: nonEmpty(o.identities.map((name) => ({name})))}}))),
  };
}

/** grpc/src/inbound.rs to_server. */
export function serverMessage(server: InboundServer, clusterNetworks: readonly string[]): GoValue {
  const routes = nonEmpty(server.httpRoutes.map((r) => httpRoute(r, clusterNetworks)));
  const limit = server.rateLimit && rateLimit(server.rateLimit);
  const protocol = server.protocol;
  const kind: GoValue = protocol.kind === 'detect' ? {Detect: {timeout: {seconds: protocol.timeoutSeconds}, http_routes: routes, http_local_rate_limit: limit}}
    : protocol.kind === 'http1' ? {Http1: {routes, local_rate_limit: limit}}
      : protocol.kind === 'http2' ? {Http2: {routes, local_rate_limit: limit}}
        : protocol.kind === 'opaque' ? {Opaque: {}}
          : protocol.kind === 'tls' ? {Tls: {}}
            // A gRPC server carries its gRPC routes and no rate limit (to_server sends none for Grpc).
            : {Grpc: {routes: nonEmpty(server.grpcRoutes.map(grpcRoute))}};
  const {kind: refKind, name} = server.reference;
  return {
    protocol: {Kind: kind},
    authorizations: nonEmpty(server.authorizations.map((a) => authz(a, clusterNetworks))),
    labels: refKind === 'default' ? sortedLabels('', 'default', name) : sortedLabels('policy.linkerd.io', 'server', name),
  };
}

/** encoding/json's view of the struct with `omitempty` applied, for sigs.k8s.io/yaml (which re-sorts the keys). */
function withoutOmitted(value: GoValue): unknown {
  if (Array.isArray(value)) return value.map(withoutOmitted);
  if (typeof value === 'object' && value !== null && typeof value !== 'bigint') {
    return Object.fromEntries(Object.entries(value).flatMap(([key, v]) => (v === undefined ? [] : [[key, withoutOmitted(v)]])));
  }
  return value;
}

export function printDiagnosticsPolicy(request: PolicyRequest, model: StateModel): string {
  // check_target (and, for a Service, the authority's port): outside 1..65535 the controller answers an error, which the CLI prints with its usage text.
  if (!(request.port >= 1 && request.port <= 65535)) throw new ModelGap(`port ${request.port} is refused by the policy controller (InvalidArgument), and the CLI prints that with its usage text (not reproduced)`);
  if (request.type === 'service') {
    const message = outboundPolicyMessage(model, request.namespace, request.name, request.port, tokenNamespace(request.token));
    return request.output === 'json' ? goStructJsonIndent(withoutOmitted(message), '  ') : goYaml(withoutOmitted(message) as Record<string, unknown>);
  }
  const server = inboundServer(model, request.namespace, request.name, request.port);
  const message = serverMessage(server, policyClusterInfo(model).networks);
  return request.output === 'json' ? goStructJsonIndent(withoutOmitted(message), '  ') : goYaml(withoutOmitted(message) as Record<string, unknown>);
}
