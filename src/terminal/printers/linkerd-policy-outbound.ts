/**
 * What Linkerd 2.20's policy controller answers OutboundPolicies.Get for a Service's authority
 * (`linkerd diagnostics policy svc/NAME PORT` asks for `NAME.NS.svc:PORT`), computed from the model as
 * policy-controller/k8s/index/src/outbound/index.rs indexes a Service (its port's appProtocol or
 * opaque ports, `balancer.linkerd.io/failure-accrual*`, `timeout.linkerd.io/*`, `retry.linkerd.io/*`)
 * and the HTTPRoutes whose status says the Service accepted them (index/http.rs convert_route), then
 * built into linkerd2-proxy-api v0.20.0's OutboundPolicy as policy-controller/grpc/src/outbound.rs
 * to_proto and outbound/http.rs build it: Detect (10 s) with the opaque route and the HTTP/1 and HTTP/2
 * routes, or one protocol for an appProtocol; each backend a P2C balancer over the destination
 * service's authority with the default queue.
 *
 * What the model does not decide is a gap: GRPCRoutes, TLSRoutes and TCPRoutes on the Service, routes
 * from other namespaces (they depend on the client's namespace), route hostnames and filters, regular
 * expression matches, the load biaser (`balancer.alpha.linkerd.io/penalize-failures`), a route without
 * a status, and a Service in a namespace whose Services the model does not keep track of.
 */
import {field, heldKey, isRecord, list, ModelGap, type ModelObject, type StateModel} from './model';
import {annotationsOf, CONTROL_PLANE_NAMESPACE, objectsOf} from './linkerd-model';
import {policyClusterInfo, valuesScalar} from './linkerd-policy-inbound';
import {matchMessage, nonEmpty, routeMatch, type RouteMatch} from './linkerd-route-match';

/** An encoding/json view of a Go struct: undefined fields are `omitempty`'s, dropped. */
export type GoValue = string | number | bigint | boolean | GoValue[] | {[key: string]: GoValue | undefined};

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const POLICY_GROUP = 'policy.linkerd.io';

/** linkerd-control-plane 2.20 values.yaml proxy.opaquePorts, passed as --default-opaque-ports. */
const CHART_OPAQUE_PORTS = '25,587,3306,4444,5432,6379,9300,11211';

/** core/src/outbound.rs: the unified accrual's success-rate defaults. */
const SUCCESS_RATE_DEFAULTS = {threshold: 0.8, windowMs: 10_000, minRequests: 5};

type AppProtocol = 'http1' | 'http2' | 'opaque' | 'unknown';

interface Backoff {
  minMs: number;
  maxMs: number;
  jitter: number;
}

type Accrual = {kind: 'consecutive'; maxFailures: number; backoff: Backoff}
  | {kind: 'unified'; maxFailures: number; backoff: Backoff; threshold: number; windowMs: number; minRequests: number};

interface Timeouts {
  responseMs?: number;
  requestMs?: number;
  idleMs?: number;
}

interface Retry {
  limit: number;
  timeoutMs?: number;
  conditions?: {min: number; max: number}[];
}

/** index.rs ResourceInfo: what the controller keeps of a Service's annotations and ports. */
interface ServiceInfo {
  appProtocol?: AppProtocol;
  accrual?: Accrual;
  honorRetryAfter: boolean;
  timeouts: Timeouts;
  retry?: Retry;
}

/** index.rs parse_duration: one whole magnitude and a unit (ms, s, m, h, d; a bare 0); undefined for what it rejects. */
export function parseLinkerdDuration(text: string): number | undefined {
  const match = /^\+?(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const magnitude = Number(match[1]);
  if (!Number.isSafeInteger(magnitude)) return undefined;
  const unit = match[2];
  if (unit === undefined) return magnitude === 0 ? 0 : undefined;
  return magnitude * {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}[unit as 'ms'];
}

/** Rust's `str::parse::<u32>()` (an optional `+`, digits, in range). */
function parseUnsigned(text: string, max: number): number | undefined {
  if (!/^\+?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

/** Rust's `str::parse::<f32>()`/`<f64>()` for decimal text (inf and NaN are refused by every check that follows). */
function parseFloatText(text: string): number | undefined {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * A float32 as encoding/json writes it: the shortest decimal that reads back as the same float32
 * (strconv.FormatFloat with bitSize 32), kept as the JavaScript number of that decimal.
 */
function float32(value: number): number {
  const single = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}

/** parse_consecutive_params: max failures (7), penalties (1 s to 60 s) and jitter (0.5), or why they are refused. */
function consecutiveParams(annotations: Readonly<Record<string, string>>): {maxFailures: number; backoff: Backoff} | undefined {
  const get = (suffix: string): string | undefined => annotations[`balancer.linkerd.io/failure-accrual-consecutive-${suffix}`];
  const maxText = get('max-failures');
  const maxFailures = maxText === undefined ? 7 : parseUnsigned(maxText.trim(), 0xffffffff);
  const maxText2 = get('max-penalty');
  const maxMs = maxText2 === undefined ? 60_000 : parseLinkerdDuration(maxText2);
  const minText = get('min-penalty');
  const minMs = minText === undefined ? 1000 : parseLinkerdDuration(minText);
  const jitterText = get('jitter-ratio');
  const jitter = jitterText === undefined ? 0.5 : parseFloatText(jitterText.trim());
  if (maxFailures === undefined || maxMs === undefined || minMs === undefined || jitter === undefined) return undefined;
  if (minMs > maxMs || maxMs === 0 || !(jitter >= 0 && jitter <= 100)) return undefined;
  return {maxFailures, backoff: {minMs, maxMs, jitter: float32(jitter)}};
}

/** parse_accrual_config: none without `balancer.linkerd.io/failure-accrual`; an unparsable configuration is dropped (a warning). */
function parseAccrual(annotations: Readonly<Record<string, string>>): Accrual | undefined {
  const mode = annotations['balancer.linkerd.io/failure-accrual'];
  if (mode !== 'consecutive' && mode !== 'unified') return undefined;
  const params = consecutiveParams(annotations);
  if (!params) return undefined;
  if (mode === 'consecutive') return {kind: 'consecutive', ...params};
  // parse_success_rate_params.
  const key = (suffix: string): string | undefined => annotations[`balancer.alpha.linkerd.io/failure-accrual-success-rate${suffix}`];
  const thresholdText = key('-threshold');
  const threshold = thresholdText === undefined ? SUCCESS_RATE_DEFAULTS.threshold : parseFloatText(thresholdText.trim());
  const windowText = key('-window');
  const windowMs = windowText === undefined ? SUCCESS_RATE_DEFAULTS.windowMs : parseLinkerdDuration(windowText);
  const minText = key('-min-requests');
  const minRequests = minText === undefined ? SUCCESS_RATE_DEFAULTS.minRequests : parseUnsigned(minText.trim(), 0xffffffff);
  if (threshold === undefined || windowMs === undefined || minRequests === undefined) return undefined;
  if (!(threshold >= 0 && threshold <= 1) || windowMs === 0) return undefined;
  if (threshold !== 0 && (windowMs < 10 || minRequests > 1_000_000)) return undefined;
  return {kind: 'unified', ...params, threshold, windowMs, minRequests};
}

/** parse_bool_annotation: strconv.ParseBool's tokens; an unknown one is refused (then the default, false). */
function parseBool(text: string | undefined): boolean {
  return text !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text.trim());
}

/** parse_timeouts: response, request and idle; one unparsable value drops all three (a warning). */
function parseTimeouts(annotations: Readonly<Record<string, string>>): Timeouts {
  const timeouts: Timeouts = {};
  for (const [key, name] of [['response', 'responseMs'], ['request', 'requestMs'], ['idle', 'idleMs']] as const) {
    const text = annotations[`timeout.linkerd.io/${key}`];
    if (text === undefined) continue;
    const ms = parseLinkerdDuration(text);
    if (ms === undefined) return {};
    timeouts[name] = ms;
  }
  return timeouts;
}

/** index/http.rs to_code: a status code from 100 to 599. */
function statusCode(text: string): number | undefined {
  const code = parseUnsigned(text, 0xffffffff);
  return code !== undefined && code >= 100 && code < 600 ? code : undefined;
}

/** index/http.rs parse_http_retry: limit (0 is none; 1 when only other keys are set), timeout, conditions; unparsable drops it. */
function parseHttpRetry(annotations: Readonly<Record<string, string>>): Retry | undefined {
  const limitText = annotations['retry.linkerd.io/limit'];
  let limit = limitText === undefined ? undefined : parseUnsigned(limitText, 0xffff);
  if (limitText !== undefined && limit === undefined) return undefined;
  if (limit === 0) limit = undefined;
  const timeoutText = annotations['retry.linkerd.io/timeout'];
  let timeoutMs = timeoutText === undefined ? undefined : parseLinkerdDuration(timeoutText);
  if (timeoutText !== undefined && timeoutMs === undefined) return undefined;
  if (timeoutMs === 0) timeoutMs = undefined;
  const conditionsText = annotations['retry.linkerd.io/http'];
  let conditions: {min: number; max: number}[] | undefined;
  if (conditionsText !== undefined) {
    conditions = [];
    for (const condition of conditionsText.split(',')) {
      if (condition.toLowerCase() === '5xx') conditions.push({min: 500, max: 599});
      else if (condition.toLowerCase() === 'gateway-error') conditions.push({min: 502, max: 504});
      else if (statusCode(condition) !== undefined) conditions.push({min: statusCode(condition)!, max: statusCode(condition)!});
      else {
        const dash = condition.indexOf('-');
        const start = dash < 0 ? undefined : statusCode(condition.slice(0, dash));
        const end = dash < 0 ? undefined : statusCode(condition.slice(dash + 1));
        if (start === undefined || end === undefined || start > end) return undefined;
        conditions.push({min: start, max: end});
      }
    }
  }
  if (limit === undefined && timeoutMs === undefined && conditions === undefined) return undefined;
  return {limit: limit ?? 1, timeoutMs, conditions};
}

/** core AppProtocol::from_str. */
function appProtocol(text: string): AppProtocol {
  switch (text.toLowerCase()) {
    case 'http': return 'http1';
    case 'kubernetes.io/h2c': return 'http2';
    case 'linkerd.io/tcp': case 'linkerd.io/opaque': return 'opaque';
    default: return 'unknown';
  }
}

/** ports.rs parse_portset as ports_annotation reads it: undefined for an invalid list (the annotation is then ignored). */
function portSet(text: string): Set<number> | undefined {
  const ports = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const low = range ? Number(range[1]) : NaN;
    const high = range?.[2] === undefined ? low : Number(range[2]);
    if (!(low >= 1 && high <= 65535 && low <= high)) return undefined;
    for (let port = low; port <= high; port++) ports.add(port);
  }
  return ports;
}

/** The IndexNamespacedResource<Service> apply: what the controller keeps of the Service for this port. */
function serviceInfo(service: ModelObject, port: number, defaultOpaquePorts: string): ServiceInfo {
  const annotations = annotationsOf(service);
  if (parseBool(annotations['balancer.alpha.linkerd.io/penalize-failures'])) {
    throw new ModelGap(`Service ${service.name} asks for the load biaser (balancer.alpha.linkerd.io/penalize-failures), whose PenaltyPeakEwma balancer is not modelled`);
  }
  const servicePort = list(field(service.value, 'spec', 'ports')).find((p) => field(p, 'port') === port);
  const declared = field(servicePort, 'appProtocol');
  const opaque = portSet(annotations['config.linkerd.io/opaque-ports'] ?? defaultOpaquePorts) ?? portSet(defaultOpaquePorts) ?? new Set<number>();
  return {
    appProtocol: typeof declared === 'string' ? appProtocol(declared) : opaque.has(port) ? 'opaque' : undefined,
    accrual: parseAccrual(annotations),
    honorRetryAfter: parseBool(annotations['balancer.alpha.linkerd.io/failure-accrual-honor-retry-after']),
    timeouts: parseTimeouts(annotations),
    retry: parseHttpRetry(annotations),
  };
}

// --- routes -----------------------------------------------------------------------------------

type RouteBackend = {kind: 'service'; weight: number; name: string; namespace: string; port: number; exists: boolean}
  | {kind: 'invalid'; weight: number; message: string};

interface RouteRule {
  matches: RouteMatch[];
  backends: RouteBackend[];
  timeouts: Timeouts;
  retry?: Retry;
}

interface OutboundRoute {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  created?: string;
  rules: RouteRule[];
}

const coreGroup = (group: unknown): string => (typeof group === 'string' && group !== '' ? group : 'core');

/** index/http.rs route_accepted_by_resource_port and route_accepted_by_service: a parent status for the Service (this port, or none) with Accepted True. */
function acceptedByService(route: ModelObject, service: string, port: number): boolean {
  return list(field(route.value, 'status', 'parents')).some((status) => {
    const ref = field(status, 'parentRef');
    const statusPort = field(ref, 'port');
    return field(ref, 'name') === service && field(ref, 'kind') === 'Service' && coreGroup(field(ref, 'group')) === 'core'
      && (statusPort === undefined || statusPort === port)
      && list(field(status, 'conditions')).some((c) => field(c, 'type') === 'Accepted' && field(c, 'status') === 'True');
  });
}

/** index.rs is_parent_service: a parentRef of kind Service in the core group. */
const namesService = (ref: unknown, service: string): boolean =>
  field(ref, 'kind') === 'Service' && coreGroup(field(ref, 'group')) === 'core' && field(ref, 'name') === service;

/** index/http.rs convert_backend: a Service with its port (whether the controller indexes it), else an invalid backend. */
function routeBackend(ref: unknown, namespace: string, model: StateModel): RouteBackend {
  const weight = typeof field(ref, 'weight') === 'number' ? field(ref, 'weight') as number : 1;
  const kind = typeof field(ref, 'kind') === 'string' ? field(ref, 'kind') as string : 'Service';
  const group = field(ref, 'group');
  if (kind === 'EgressNetwork' && group === POLICY_GROUP) throw new ModelGap('an EgressNetwork backend is not modelled');
  if (kind !== 'Service' || coreGroup(group) !== 'core') return {kind: 'invalid', weight, message: `unsupported backend type ${typeof group === 'string' && group !== '' ? group : 'core'} ${kind}`};
  if (list(field(ref, 'filters')).length > 0) throw new ModelGap('backend filters are not modelled');
  const name = String(field(ref, 'name') ?? '');
  const port = field(ref, 'port');
  if (typeof port !== 'number' || port < 1 || port > 65535) return {kind: 'invalid', weight, message: `missing port for backend Service ${name}`};
  const backendNamespace = typeof field(ref, 'namespace') === 'string' ? field(ref, 'namespace') as string : namespace;
  const exists = objectsOf(model, '', 'Service', backendNamespace).some((s) => s.name === name);
  if (!exists && model.held && !model.held.includes(heldKey('', 'Service', backendNamespace))) {
    throw new ModelGap(`the model does not keep track of namespace ${backendNamespace}'s Services, so whether backend Service ${name} exists is not known`);
  }
  return {kind: 'service', weight, name, namespace: backendNamespace, port, exists};
}

/** index/http.rs convert_route: the route's annotations' timeouts and retry, then each rule (CRD default: one rule matching every path). */
function outboundRoute(route: ModelObject, model: StateModel): OutboundRoute {
  if (list(field(route.value, 'spec', 'hostnames')).length > 0) throw new ModelGap(`${route.kind} ${route.name} has hostnames, whose host matches are not modelled`);
  const annotations = annotationsOf(route);
  const timeouts = parseTimeouts(annotations);
  const retry = parseHttpRetry(annotations);
  const rules = Array.isArray(field(route.value, 'spec', 'rules')) ? list(field(route.value, 'spec', 'rules')) : [{}];
  return {
    group: route.group, kind: route.kind, namespace: route.namespace, name: route.name,
    created: typeof field(route.value, 'metadata', 'creationTimestamp') === 'string' ? field(route.value, 'metadata', 'creationTimestamp') as string : undefined,
    rules: rules.map((rule) => {
      if (list(field(rule, 'filters')).length > 0) throw new ModelGap(`${route.kind} ${route.name} has filters, which are not modelled`);
      const matches = Array.isArray(field(rule, 'matches')) ? list(field(rule, 'matches')) : [{}];
      // A rule's timeouts.request fills the route's when the annotations set none (zero is none, GEP-1742).
      const ruleRequest = field(rule, 'timeouts', 'request');
      const ruleMs = typeof ruleRequest === 'string' ? parseLinkerdDuration(ruleRequest) : undefined;
      if (typeof ruleRequest === 'string' && ruleMs === undefined && route.group === POLICY_GROUP) {
        throw new ModelGap(`${route.kind} ${route.name}'s request timeout "${ruleRequest}" has several units, which this model does not parse as the Gateway API duration type`);
      }
      return {
        matches: matches.map((m) => routeMatch(m, route)),
        backends: list(field(rule, 'backendRefs')).map((ref) => routeBackend(ref, route.namespace, model)),
        timeouts: timeouts.requestMs === undefined && ruleMs !== undefined && ruleMs !== 0 ? {...timeouts, requestMs: ruleMs} : timeouts,
        retry,
      };
    }),
  };
}

/** The HTTPRoutes the Service accepted, sorted as to_proto sorts them (timestamp_then_name); the other route kinds are gaps. */
function serviceRoutes(model: StateModel, namespace: string, service: string, port: number): OutboundRoute[] {
  const candidates = model.objects.filter((o) => ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'].includes(o.kind) && (o.group === GATEWAY_GROUP || o.group === POLICY_GROUP));
  const routes: ModelObject[] = [];
  for (const route of candidates) {
    const refs = list(field(route.value, 'spec', 'parentRefs')).filter((ref) => namesService(ref, service)
      && (typeof field(ref, 'namespace') === 'string' ? field(ref, 'namespace') : route.namespace) === namespace
      && (field(ref, 'port') === undefined || field(ref, 'port') === port));
    if (refs.length === 0) continue;
    if (route.kind !== 'HTTPRoute') throw new ModelGap(`${route.kind} ${route.name} names Service ${service}: outbound ${route.kind}s are not modelled`);
    if (route.namespace !== namespace) throw new ModelGap(`HTTPRoute ${route.namespace}/${route.name} is a consumer route for Service ${service}: it applies to clients in its own namespace only, which the diagnostics token decides`);
    if (!isRecord(field(route.value, 'status'))) throw new ModelGap(`HTTPRoute ${route.name} names Service ${service} and the model holds no status for it: whether the Service accepted it is the status controller's answer, which the model does not run`);
    if (acceptedByService(route, service, port)) routes.push(route);
  }
  const converted = routes.map((route) => outboundRoute(route, model));
  return converted.sort((a, b) => {
    if (a.created !== b.created) {
      if (a.created === undefined) return 1;
      if (b.created === undefined) return -1;
      const diff = Date.parse(a.created) - Date.parse(b.created);
      if (diff !== 0) return diff;
    }
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
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

const resource = (group: string, kind: string, name: string, namespace: string, port?: number): GoValue =>
  ({Kind: {Resource: {group, kind, name, namespace, port}}});

function balancerBackend(name: string, namespace: string, port: number, clusterDomain: string): GoValue {
  return {
    metadata: resource('core', 'Service', name, namespace, port),
    Kind: {Balancer: {discovery: {Kind: {Dst: {path: `${name}.${namespace}.svc.${clusterDomain}:${port}`}}}, Load: PEAK_EWMA}},
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

/** http.rs convert_retry: 64 KiB of body, 25 to 250 ms backoff with full jitter, the status ranges. */
const retryMessage = (r: Retry): GoValue => ({
  max_retries: r.limit,
  max_request_bytes: 64 * 1024,
  conditions: {status_ranges: nonEmpty((r.conditions ?? []).map((c) => ({start: c.min, end: c.max})))},
  timeout: r.timeoutMs === undefined ? undefined : duration(r.timeoutMs),
  backoff: {min_backoff: duration(25), max_backoff: duration(250), jitter_ratio: 1},
});

/** A rule's timeouts and retry as the Rule message carries them (requestTimeout kept for older proxies). */
function ruleTiming(timeouts: Timeouts, retry: Retry | undefined): Record<string, GoValue | undefined> {
  return {
    requestTimeout: timeouts.requestMs === undefined ? undefined : duration(timeouts.requestMs),
    timeouts: timeoutsMessage(timeouts),
    retry: retry && retryMessage(retry),
  };
}

/** http.rs default_outbound_service_route: every path to the Service's own backend. */
function defaultHttpRoute(backend: GoValue, info: ServiceInfo): GoValue {
  return {
    metadata: {Kind: {Default: 'http'}},
    rules: [{matches: [{path: {Kind: {Prefix: '/'}}}], backends: {Kind: {FirstAvailable: {backends: [{backend}]}}}, ...ruleTiming(info.timeouts, info.retry)}],
  };
}

/** http.rs convert_backend for a Service (a balancer, or a 500 failure injector when the controller does not know it) or an invalid backend. */
function weightedBackend(b: RouteBackend, clusterDomain: string): GoValue {
  const invalid = (metadata: GoValue, message: string): GoValue => ({
    backend: {backend: {metadata, queue: QUEUE}, filters: [{Kind: {FailureInjector: {status: 500, message}}}]},
    weight: b.weight || undefined,
  });
  if (b.kind === 'invalid') return invalid({Kind: {Default: 'invalid'}}, b.message);
  if (!b.exists) return invalid(resource('core', 'Service', b.name, b.namespace, b.port), `Service not found ${b.name}`);
  return {backend: {backend: balancerBackend(b.name, b.namespace, b.port, clusterDomain)}, weight: b.weight || undefined};
}

/** http.rs convert_outbound_route: the route as a resource; a rule without backends goes to the Service's own. */
function httpRouteMessage(route: OutboundRoute, backend: GoValue, info: ServiceInfo, clusterDomain: string): GoValue {
  return {
    metadata: resource(route.group, route.kind, route.name, route.namespace),
    rules: route.rules.map((rule) => ({
      matches: nonEmpty(rule.matches.map(matchMessage)),
      backends: rule.backends.length === 0 ? {Kind: {FirstAvailable: {backends: [{backend}]}}} : {Kind: {RandomAvailable: {backends: rule.backends.map((b) => weightedBackend(b, clusterDomain))}}},
      // A rule with no timeouts of its own takes the Service's, and so does one with no retry.
      ...ruleTiming(Object.keys(rule.timeouts).length === 0 ? info.timeouts : rule.timeouts, rule.retry ?? info.retry),
    })),
  };
}

/** outbound.rs default_outbound_opaq_route for a Service. */
const opaqueRoute = (backend: GoValue): GoValue =>
  ({metadata: {Kind: {Default: 'opaq'}}, rules: [{backends: {Kind: {FirstAvailable: {backends: [{backend}]}}}}]});

/** OutboundPolicies.Get for `NAME.NS.svc:PORT`, as encoding/json sees the Go struct. */
export function outboundPolicyMessage(model: StateModel, namespace: string, name: string, port: number): GoValue {
  const config = model.objects.find((o) => o.group === '' && o.kind === 'ConfigMap' && o.namespace === CONTROL_PLANE_NAMESPACE && o.name === 'linkerd-config');
  const values = field(config?.value, 'data', 'values');
  policyClusterInfo(model); // the same linkerd-config the inbound answers read, or its gap
  const clusterDomain = (typeof values === 'string' ? valuesScalar(values, ['clusterDomain']) : undefined) ?? 'cluster.local';
  const defaultOpaquePorts = (typeof values === 'string' ? valuesScalar(values, ['proxy', 'opaquePorts']) : undefined) ?? CHART_OPAQUE_PORTS;
  const service = objectsOf(model, '', 'Service', namespace).find((s) => s.name === name);
  if (!service && model.held && !model.held.includes(heldKey('', 'Service', namespace))) {
    throw new ModelGap(`the model does not keep track of namespace ${namespace}'s Services: whether the controller indexes Service ${name} is not known`);
  }
  // Without the Service the controller still answers, from defaults (outbound_policy_rx, no ResourceInfo).
  const info: ServiceInfo = service ? serviceInfo(service, port, defaultOpaquePorts) : {honorRetryAfter: false, timeouts: {}};
  const routes = serviceRoutes(model, namespace, name, port);
  const ownBackend = balancerBackend(name, namespace, port, clusterDomain);
  const accrual = info.accrual && failureAccrual(info.accrual, info.honorRetryAfter);
  const httpRoutes = routes.length > 0 ? routes.map((r) => httpRouteMessage(r, ownBackend, info, clusterDomain)) : [defaultHttpRoute(ownBackend, info)];
  const kind: GoValue = info.appProtocol === 'http1' ? {Http1: {routes: httpRoutes, failure_accrual: accrual}}
    : info.appProtocol === 'http2' ? {Http2: {routes: httpRoutes, failure_accrual: accrual}}
      // An opaque (or unknown) appProtocol: TCPRoutes aside, the opaque route alone.
      : info.appProtocol === 'opaque' || info.appProtocol === 'unknown' ? {Opaque: {routes: [opaqueRoute(ownBackend)]}}
        : {Detect: {timeout: duration(10_000), opaque: {routes: [opaqueRoute(ownBackend)]}, http1: {routes: httpRoutes, failure_accrual: accrual}, http2: {routes: httpRoutes, failure_accrual: accrual}}};
  return {protocol: {Kind: kind}, metadata: resource('core', 'Service', name, namespace, port)};
}
