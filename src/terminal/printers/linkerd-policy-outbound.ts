/**
 * What Linkerd 2.20's policy controller answers OutboundPolicies.Get for a Service's authority
 * (`linkerd diagnostics policy svc/NAME PORT` asks for `NAME.NS.svc:PORT` with its `--token`, by
 * default `default:diagnostics`: a client in namespace `default`), computed from the model as
 * policy-controller/k8s/index/src/outbound/index.rs indexes a Service (its port's appProtocol or
 * opaque ports, `balancer.linkerd.io/failure-accrual*`, `timeout.linkerd.io/*`, `retry.linkerd.io/*`)
 * and the routes the Service accepted (./linkerd-outbound-routes.ts), then built into
 * linkerd2-proxy-api v0.20.0's OutboundPolicy as policy-controller/grpc/src/outbound.rs to_proto and
 * outbound/{http,grpc,tls,tcp}.rs build it. The protocol: an appProtocol's (HTTP/1; HTTP/2, or gRPC
 * when GRPCRoutes attach; opaque, with at most one TCPRoute), else the first kind with routes of
 * GRPCRoute, HTTPRoute, TLSRoute, TCPRoute, else Detect (10 s) with the opaque route and the HTTP/1
 * and HTTP/2 routes. Each backend is a P2C balancer over the destination service's authority with the
 * default queue.
 *
 * The CLI asks by name, never by IP:PORT, so an EgressNetwork is never the parent here: an
 * EgressNetwork backend is an invalid backend (http.rs convert_backend's (ParentInfo::Service, _) arm).
 * A Service's load biaser (`balancer.alpha.linkerd.io/penalize-failures`) makes its balancers'
 * estimator PenaltyPeakEwma (outbound.rs service_balancer_config): its own backend's (unless the port
 * is explicitly opaque) and its HTTP and gRPC routes' Service backends'; TLS and TCP route backends keep
 * PeakEwma. What the model does not decide is a gap: a route without a status, and a Service in a
 * namespace whose Services the model does not keep track of.
 */
import {field, heldKey, list, ModelGap, type ModelObject, type StateModel} from './model';
import {annotationsOf, objectsOf} from './linkerd-model';
import {policyClusterInfo} from './linkerd-policy-inbound';
import {installValue, linkerdConfigValues} from './linkerd-values';
import {base64, grpcMatchMessage, matchMessage, nonEmpty} from './linkerd-route-match';
import {orDefault, parseAccrual, parseBool, parseGrpcRetry, parseHttpRetry, parseLoadBiaser, parseTimeouts, type Accrual, type LoadBiaser, type AppProtocol, type Backoff, type GrpcRetry, type Retry, type Timeouts} from './linkerd-outbound-annotations';
import {linkerdAppProtocol as appProtocol, linkerdPortSet as portSet} from '../../engine/model/linkerd-ports';
import {serviceRoutes, type HostMatch, type OutboundRoute, type RouteBackend, type RouteFilter, type RouteRule} from './linkerd-outbound-routes';

/** An encoding/json view of a Go struct: undefined fields are `omitempty`'s, dropped. */
export type GoValue = string | number | bigint | boolean | null | GoValue[] | {[key: string]: GoValue | undefined};

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const POLICY_GROUP = 'policy.linkerd.io';


/** index.rs ResourceInfo: what the controller keeps of a Service's annotations and ports. */
interface ServiceInfo {
  appProtocol?: AppProtocol;
  accrual?: Accrual;
  honorRetryAfter: boolean;
  timeouts: Timeouts;
  retry?: Retry;
  grpcRetry?: GrpcRetry;
  loadBiaser?: LoadBiaser;
}

/** The IndexNamespacedResource<Service> apply: what the controller keeps of the Service for this port (an annotation it refuses is left at its default). */
function serviceInfo(service: ModelObject, port: number, defaultOpaquePorts: string): ServiceInfo {
  const annotations = annotationsOf(service);
  const servicePort = list(field(service.value, 'spec', 'ports')).find((p) => field(p, 'port') === port);
  const declared = field(servicePort, 'appProtocol');
  const opaque = portSet(annotations['config.linkerd.io/opaque-ports'] ?? defaultOpaquePorts) ?? portSet(defaultOpaquePorts) ?? new Set<number>();
  return {
    appProtocol: typeof declared === 'string' ? appProtocol(declared) : opaque.has(port) ? 'opaque' : undefined,
    accrual: parseAccrual(annotations),
    honorRetryAfter: parseBool(annotations['balancer.alpha.linkerd.io/failure-accrual-honor-retry-after']),
    timeouts: orDefault(parseTimeouts(annotations), {}),
    retry: orDefault(parseHttpRetry(annotations), undefined),
    grpcRetry: orDefault(parseGrpcRetry(annotations), undefined),
    loadBiaser: parseLoadBiaser(annotations),
  };
}

// --- the protobuf message ----------------------------------------------------------------------

/** A prost Duration through durationpb's Go struct: seconds and nanos, zeros omitted. */
function duration(ms: number): GoValue {
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms % 1000) * 1_000_000;
  return {seconds: seconds === 0 ? undefined : seconds, nanos: nanos === 0 ? undefined : nanos};
}

/** outbound.rs default_queue_config: 100 requests, fail fast after 3 s. */
const QUEUE: GoValue = {capacity: 100, failfast_timeout: duration(3000)};

/** outbound.rs default_balancer_config: PeakEwma with a 30 ms default RTT and a 10 s decay. */
const PEAK_EWMA: GoValue = {PeakEwma: {default_rtt: duration(30), decay: duration(10_000)}};

/**
 * service_balancer_config: with a load biaser, PenaltyPeakEwma in linkerd2-proxy-api v0.20.0's field
 * order (default_rtt, decay, penalty, max_retry_after, penalty_decay, the last always the 10 s default).
 */
function serviceLoad(biaser: LoadBiaser | undefined): GoValue {
  if (!biaser) return PEAK_EWMA;
  return {PenaltyPeakEwma: {default_rtt: duration(30), decay: duration(10_000), penalty: duration(biaser.penaltyMs),
    max_retry_after: duration(biaser.maxRetryAfterMs), penalty_decay: duration(10_000)}};
}

/** What a route's Service backends are built with: the cluster domain and the parent Service's load estimator. */
interface Balancing {
  clusterDomain: string;
  load: GoValue;
}

const resource = (group: string, kind: string, name: string, namespace: string, port?: number): GoValue =>
  ({Kind: {Resource: {group, kind, name, namespace, port}}});

function balancerBackend(name: string, namespace: string, port: number, clusterDomain: string, load: GoValue): GoValue {
  return {
    metadata: resource('core', 'Service', name, namespace, port),
    Kind: {Balancer: {discovery: {Kind: {Dst: {path: `${name}.${namespace}.svc.${clusterDomain}:${port}`}}}, Load: load}},
    queue: QUEUE,
  };
}

function backoff(b: Backoff, respectRetryAfter: boolean): GoValue {
  return {min_backoff: duration(b.minMs), max_backoff: duration(b.maxMs), jitter_ratio: b.jitter === 0 ? undefined : b.jitter, respect_retry_after_hint: respectRetryAfter || undefined};
}

/** to_proto's accrual: consecutive failures, or the unified breaker (its window on the wire as `decay`). */
function failureAccrual(accrual: Accrual, honorRetryAfter: boolean): GoValue {
  if (accrual.kind === 'consecutive') return {Kind: {ConsecutiveFailures: {max_failures: accrual.maxFailures || undefined, backoff: backoff(accrual.backoff, false)}}};
  return {Kind: {Unified: {
    success_rate_threshold: accrual.threshold || undefined, decay: duration(accrual.windowMs), min_requests: accrual.minRequests || undefined,
    max_consecutive_failures: accrual.maxFailures || undefined, backoff: backoff(accrual.backoff, honorRetryAfter),
  }}};
}

/** http.rs convert_timeouts. */
const timeoutsMessage = (t: Timeouts): GoValue => ({
  response: t.responseMs === undefined ? undefined : duration(t.responseMs),
  request: t.requestMs === undefined ? undefined : duration(t.requestMs),
  idle: t.idleMs === undefined ? undefined : duration(t.idleMs),
});

/** The retry both route kinds send: 64 KiB of body, 25 to 250 ms backoff with full jitter, the conditions. */
const retryMessage = (r: {limit: number; timeoutMs?: number}, conditions: GoValue): GoValue => ({
  max_retries: r.limit,
  max_request_bytes: 64 * 1024,
  conditions,
  timeout: r.timeoutMs === undefined ? undefined : duration(r.timeoutMs),
  backoff: {min_backoff: duration(25), max_backoff: duration(250), jitter_ratio: 1},
});

/** http.rs convert_retry: status ranges. */
const httpRetryMessage = (r: Retry): GoValue => retryMessage(r, {status_ranges: nonEmpty((r.conditions ?? []).map((c) => ({start: c.min, end: c.max})))});

/** grpc.rs: one flag per status code (the proto's field is spelled `deadine_exceeded`). */
const grpcRetryMessage = (r: GrpcRetry): GoValue => {
  const on = (condition: string): true | undefined => (r.conditions ?? []).includes(condition as never) || undefined;
  return retryMessage(r, {cancelled: on('cancelled'), deadine_exceeded: on('deadline-exceeded'), resource_exhausted: on('resource-exhausted'), internal: on('internal'), unavailable: on('unavailable')});
};

/** A rule's timeouts and retry as the Rule message carries them (requestTimeout kept for older proxies). */
function ruleTiming(timeouts: Timeouts, retry: GoValue | undefined): Record<string, GoValue | undefined> {
  return {
    requestTimeout: timeouts.requestMs === undefined ? undefined : duration(timeouts.requestMs),
    timeouts: timeoutsMessage(timeouts),
    retry,
  };
}

/** http.rs default_outbound_service_route: every path to the Service's own backend. */
function defaultHttpRoute(backend: GoValue, info: ServiceInfo): GoValue {
  return {
    metadata: {Kind: {Default: 'http'}},
    rules: [{matches: [{path: {Kind: {Prefix: '/'}}}], backends: {Kind: {FirstAvailable: {backends: [{backend}]}}}, ...ruleTiming(info.timeouts, info.retry && httpRetryMessage(info.retry))}],
  };
}

/** routes.rs convert_host_match / convert_sni_match. */
const hostMessage = (h: HostMatch): GoValue => ({Match: 'exact' in h ? {Exact: h.exact} : {Suffix: {reverse_labels: nonEmpty(h.reverseLabels)}}});

/** http_types Headers: each value as bytes; an empty list still sends the (empty) message. */
const headers = (pairs: [string, string][]): GoValue => ({headers: nonEmpty(pairs.map(([name, value]) => ({name, value: base64(value) || undefined})))});

/** routes.rs convert_{request,response}_header_modifier_filter and convert_redirect_filter, as an http_route Filter's Kind. */
function filterKind(f: RouteFilter): GoValue {
  if (f.kind === 'RequestRedirect') {
    return {Redirect: {
      scheme: f.scheme === undefined ? undefined : {Type: {Registered: f.scheme === 'http' ? 0 : 1}},
      host: f.host || undefined,
      path: f.path === undefined ? undefined : {Replace: 'full' in f.path ? {Full: f.path.full} : {Prefix: f.path.prefix}},
      port: f.port,
      status: f.status,
    }};
  }
  return {[f.kind]: {add: headers(f.add), set: headers(f.set), remove: nonEmpty(f.remove)}};
}

/** grpc.rs convert_to_filter: only a request header modifier is a gRPC filter; the others are sent without a kind (a nil oneof, `null`). */
const grpcFilter = (f: RouteFilter): GoValue => ({Kind: f.kind === 'RequestHeaderModifier' ? filterKind(f) : null});

type Protocol = 'http' | 'grpc' | 'tls' | 'tcp';

/** The failure filter of an invalid backend: HTTP's and gRPC's a 500 failure injector, TLS's and TCP's an Invalid filter. */
function invalidFilter(protocol: Protocol, message: string): GoValue {
  if (protocol === 'http') return {Kind: {FailureInjector: {status: 500, message}}};
  if (protocol === 'grpc') return {Kind: {FailureInjector: {code: 500, message}}};
  return {Kind: {Invalid: {message}}};
}

/** {http,grpc,tls,tcp}.rs convert_backend for a Service (a balancer, or an invalid backend when the controller does not know it) or an invalid backend. */
function weightedBackend(b: RouteBackend, protocol: Protocol, balancing: Balancing): GoValue {
  // An invalid backend has no kind: its Backend's oneof is nil.
  const invalid = (metadata: GoValue, message: string): GoValue => ({
    backend: {backend: {metadata, Kind: null, queue: QUEUE}, filters: [invalidFilter(protocol, message)]},
    weight: b.weight || undefined,
  });
  if (b.kind === 'invalid') return invalid({Kind: {Default: 'invalid'}}, b.message);
  // A named lookup's parent is a Service, never an EgressNetwork (egress_net_meta: the backend's port, else
  // the original destination's, which a named lookup lacks: 0, left out).
  if (b.kind === 'egress') {
    return invalid(resource(POLICY_GROUP, 'EgressNetwork', b.name, b.namespace, b.port),
      b.exists ? 'EgressNetwork backends attach to EgressNetwork parents only' : `EgressNetwork not found ${b.name}`);
  }
  if (!b.exists) return invalid(resource('core', 'Service', b.name, b.namespace, b.port), `Service not found ${b.name}`);
  const filters = protocol === 'http' ? b.filters.map((f) => ({Kind: filterKind(f)})) : protocol === 'grpc' ? b.filters.map(grpcFilter) : [];
  // http.rs and grpc.rs hand the parent's estimator to every Service backend; tls.rs and tcp.rs build the plain one.
  const load = protocol === 'http' || protocol === 'grpc' ? balancing.load : PEAK_EWMA;
  return {backend: {backend: balancerBackend(b.name, b.namespace, b.port, balancing.clusterDomain, load), filters: nonEmpty(filters)}, weight: b.weight || undefined};
}

/** A rule's distribution: its backends at random by weight, or (none) the Service's own backend. */
function distribution(backends: RouteBackend[], protocol: Protocol, ownBackend: GoValue, balancing: Balancing): GoValue {
  return backends.length === 0 ? {Kind: {FirstAvailable: {backends: [{backend: ownBackend}]}}}
    : {Kind: {RandomAvailable: {backends: backends.map((b) => weightedBackend(b, protocol, balancing))}}};
}

const routeMetadata = (route: OutboundRoute): GoValue => resource(route.group, route.kind, route.name, route.namespace);

/** How an HTTP or gRPC rule's parts are sent: its matches, its filters, its retry (else the Service's). */
interface RuleEncoding<Match, R> {
  protocol: 'http' | 'grpc';
  match: (m: Match) => GoValue;
  filter: (f: RouteFilter) => GoValue;
  retry: (r: R) => GoValue;
  serviceRetry?: R;
}

/**
 * http.rs / grpc.rs convert_outbound_route: the route as a resource, its hosts, and each rule; a rule with no
 * timeouts of its own takes the Service's, and so does one with no retry.
 */
function requestRouteMessage<Match, R>(route: OutboundRoute & {hostnames: HostMatch[]; rules: RouteRule<Match, R>[]}, encoding: RuleEncoding<Match, R>, ownBackend: GoValue, info: ServiceInfo, balancing: Balancing): GoValue {
  return {
    metadata: routeMetadata(route),
    hosts: nonEmpty(route.hostnames.map(hostMessage)),
    rules: route.rules.map((rule) => {
      const retry = rule.retry ?? encoding.serviceRetry;
      return {
        matches: nonEmpty(rule.matches.map(encoding.match)),
        filters: nonEmpty(rule.filters.map(encoding.filter)),
        backends: distribution(rule.backends, encoding.protocol, ownBackend, balancing),
        ...ruleTiming(Object.keys(rule.timeouts).length === 0 ? info.timeouts : rule.timeouts, retry && encoding.retry(retry)),
      };
    }),
  };
}

function routeMessage(route: OutboundRoute, ownBackend: GoValue, info: ServiceInfo, balancing: Balancing): GoValue {
  if (route.protocol === 'http') {
    return requestRouteMessage(route, {protocol: 'http', match: matchMessage, filter: (f) => ({Kind: filterKind(f)}), retry: httpRetryMessage, serviceRetry: info.retry}, ownBackend, info, balancing);
  }
  if (route.protocol === 'grpc') {
    return requestRouteMessage(route, {protocol: 'grpc', match: grpcMatchMessage, filter: grpcFilter, retry: grpcRetryMessage, serviceRetry: info.grpcRetry}, ownBackend, info, balancing);
  }
  // tls.rs / tcp.rs convert_outbound_route: one rule, no filters of the route's own.
  const rules = [{backends: distribution(route.backends, route.protocol, ownBackend, balancing)}];
  return route.protocol === 'tls' ? {metadata: routeMetadata(route), snis: nonEmpty(route.hostnames.map(hostMessage)), rules} : {metadata: routeMetadata(route), rules};
}

/** outbound.rs default_outbound_opaq_route for a Service. */
const opaqueRoute = (backend: GoValue): GoValue =>
  ({metadata: {Kind: {Default: 'opaq'}}, rules: [{backends: {Kind: {FirstAvailable: {backends: [{backend}]}}}}]});

/** tcp.rs protocol: only the first TCPRoute (there is no way to choose between them), else the Service's opaque route. */
function opaqueProtocol(tcpRoutes: GoValue[], ownBackend: GoValue): GoValue {
  return {Opaque: {routes: tcpRoutes.length > 0 ? tcpRoutes.slice(0, 1) : [opaqueRoute(ownBackend)]}};
}

/** The `workload::Workload` of a TrafficSpec's source_workload: `ns:name`, or JSON with `ns` and `pod` or `external_workload`. */
export function tokenNamespace(token: string): string {
  if (token.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(token);
    } catch {
      parsed = undefined;
    }
    const ns = field(parsed, 'ns');
    if (typeof ns === 'string' && (typeof field(parsed, 'pod') === 'string' || typeof field(parsed, 'external_workload') === 'string')) return ns;
  } else {
    const colon = token.indexOf(':');
    if (colon > 0 && colon < token.length - 1) return token.slice(0, colon);
  }
  throw new ModelGap(`the policy controller refuses the token: InvalidArgument "Invalid workload: ${token.slice(0, 100)}", which the CLI prints with its usage text (not reproduced)`);
}

/** OutboundPolicies.Get for `NAME.NS.svc:PORT` from a client in `sourceNamespace`, as encoding/json sees the Go struct. */
export function outboundPolicyMessage(model: StateModel, namespace: string, name: string, port: number, sourceNamespace: string): GoValue {
  const values = linkerdConfigValues(model, 'the policy controller (its cluster networks and default policy)');
  policyClusterInfo(model); // the same linkerd-config the inbound answers read, or its gap
  const clusterDomain = installValue(values, 'clusterDomain');
  const defaultOpaquePorts = installValue(values, 'proxy.opaquePorts');
  const service = objectsOf(model, '', 'Service', namespace).find((s) => s.name === name);
  if (!service && model.held && !model.held.includes(heldKey('', 'Service', namespace))) {
    throw new ModelGap(`the model does not keep track of namespace ${namespace}'s Services: whether the controller indexes Service ${name} is not known`);
  }
  // Without the Service the controller still answers, from defaults (outbound_policy_rx, no ResourceInfo).
  const info: ServiceInfo = service ? serviceInfo(service, port, defaultOpaquePorts) : {honorRetryAfter: false, timeouts: {}};
  const routes = serviceRoutes(model, namespace, name, port, sourceNamespace);
  const balancing: Balancing = {clusterDomain, load: serviceLoad(info.loadBiaser)};
  // default_backend: an explicitly opaque port keeps the plain estimator; one without appProtocol takes the penalty one (Detect's opaque route too).
  const ownLoad = info.appProtocol === 'opaque' || info.appProtocol === 'unknown' ? PEAK_EWMA : balancing.load;
  const ownBackend = balancerBackend(name, namespace, port, clusterDomain, ownLoad);
  const accrual = info.accrual && failureAccrual(info.accrual, info.honorRetryAfter);
  const messages = (kind: Protocol): GoValue[] => routes[kind].map((r) => routeMessage(r, ownBackend, info, balancing));
  const http = (): GoValue => ({routes: routes.http.length > 0 ? messages('http') : [defaultHttpRoute(ownBackend, info)], failure_accrual: accrual});
  const grpc = (): GoValue => ({Grpc: {routes: messages('grpc'), failure_accrual: accrual}});
  let kind: GoValue;
  switch (info.appProtocol) {
    case 'http1': kind = {Http1: http()}; break;
    case 'http2': kind = routes.grpc.length > 0 ? grpc() : {Http2: http()}; break;
    case 'opaque': case 'unknown': kind = opaqueProtocol(messages('tcp'), ownBackend); break;
    default:
      // to_proto's precedence when the port declares no protocol: gRPC, HTTP, TLS, then TCP routes; none is Detect.
      kind = routes.grpc.length > 0 ? grpc()
        : routes.http.length > 0 ? {Detect: {timeout: duration(10_000), opaque: {routes: [opaqueRoute(ownBackend)]}, http1: http(), http2: http()}}
          : routes.tls.length > 0 ? {Tls: {routes: messages('tls')}}
            : routes.tcp.length > 0 ? opaqueProtocol(messages('tcp'), ownBackend)
              : {Detect: {timeout: duration(10_000), opaque: {routes: [opaqueRoute(ownBackend)]}, http1: http(), http2: http()}};
  }
  return {protocol: {Kind: kind}, metadata: resource('core', 'Service', name, namespace, port)};
}
