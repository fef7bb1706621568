/**
 * The routes Linkerd 2.20's outbound index holds for one Service port, as a given client's namespace
 * sees them (policy-controller/k8s/index/src/outbound/index.rs):
 * - HTTPRoutes (policy.linkerd.io and gateway.networking.k8s.io), GRPCRoutes, TLSRoutes and TCPRoutes
 *   whose parentRef is the Service (kind Service in the core group, ASCII case ignored; a parentRef's
 *   group defaults to gateway.networking.k8s.io in the CRDs, so `group: ""` or `core` must be written),
 *   for this port or for every port, with a parent status for it whose Accepted condition is True;
 * - a route in the Service's namespace is a producer route and applies to every client; a route in
 *   another namespace is a consumer route and applies only to clients in its own namespace
 *   (resource_routes_or_default, watch_for_ns_or_default: the two sets are merged);
 * - each route converted as index/{http,grpc,tls,tcp}.rs convert_route does it: a route the
 *   controller cannot convert (an unparsable annotation, a regex that does not compile, a filter it
 *   does not support, a TLS or TCP route without exactly one rule) is dropped with a warning.
 */
import {field, heldKey, isRecord, list, ModelGap, type ModelObject, type StateModel} from './model';
import {linkerdReadsEgressNetwork, linkerdReadsService, linkerdStatusNamesService} from '../../engine/model/service-reference';
import {annotationsOf, objectsOf} from './linkerd-model';
import {converted, grpcMatch, routeMatch, RouteConversionError, type GrpcMatch, type RouteMatch} from './linkerd-route-match';
import {INVALID, parseGrpcRetry, parseHttpRetry, parseLinkerdDuration, parseTimeouts, type GrpcRetry, type Retry, type Timeouts} from './linkerd-outbound-annotations';
import {Denied} from '../../engine/families/linkerd/admission/deny';
import {headerModifier, requestRedirect} from '../../engine/families/linkerd/admission/httpRules';
import {parseK8sDuration} from '../../engine/families/linkerd/admission/durations';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const POLICY_GROUP = 'policy.linkerd.io';

export type RouteBackend = {kind: 'service'; weight: number; name: string; namespace: string; port: number; exists: boolean; filters: RouteFilter[]}
  /** An EgressNetwork backend (port optional: egress_net_meta falls back to the original destination's). */
  | {kind: 'egress'; weight: number; name: string; namespace: string; port: number | undefined; exists: boolean}
  | {kind: 'invalid'; weight: number; message: string};

/** routes.rs host_match: `*.example.com` is a suffix, kept as its labels in reverse order without the `*`. */
export type HostMatch = {exact: string} | {reverseLabels: string[]};

interface HeaderModifier {
  add: [string, string][];
  set: [string, string][];
  remove: string[];
}

/** core routes Filter, as index/{http,grpc}.rs convert_*_filter build it. */
export type RouteFilter = ({kind: 'RequestHeaderModifier' | 'ResponseHeaderModifier'} & HeaderModifier)
  | {kind: 'RequestRedirect'; scheme?: 'http' | 'https'; host?: string; path?: {full: string} | {prefix: string}; port?: number; status?: number};

export interface RouteRule<Match, R> {
  matches: Match[];
  backends: RouteBackend[];
  filters: RouteFilter[];
  timeouts: Timeouts;
  retry?: R;
}

interface RouteBase {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  created?: string;
}

export type OutboundRoute = RouteBase & (
  | {protocol: 'http'; hostnames: HostMatch[]; rules: RouteRule<RouteMatch, Retry>[]}
  | {protocol: 'grpc'; hostnames: HostMatch[]; rules: RouteRule<GrpcMatch, GrpcRetry>[]}
  | {protocol: 'tls'; hostnames: HostMatch[]; backends: RouteBackend[]}
  | {protocol: 'tcp'; backends: RouteBackend[]});

export type RouteProtocol = OutboundRoute['protocol'];

const ROUTE_KINDS: Record<string, {protocol: RouteProtocol; groups: readonly string[]}> = {
  HTTPRoute: {protocol: 'http', groups: [GATEWAY_GROUP, POLICY_GROUP]},
  GRPCRoute: {protocol: 'grpc', groups: [GATEWAY_GROUP]},
  TLSRoute: {protocol: 'tls', groups: [GATEWAY_GROUP]},
  TCPRoute: {protocol: 'tcp', groups: [GATEWAY_GROUP]},
};

/** A reference's field as written, when it is text. */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** {http,grpc,tls,tcp}.rs route_accepted_by_resource_port (a parentRef with a port) or route_accepted_by_service (without). */
function accepted(route: ModelObject, service: string, port: number | undefined): boolean {
  return list(field(route.value, 'status', 'parents')).some((status) => {
    const ref = field(status, 'parentRef');
    const statusPort = field(ref, 'port');
    return field(ref, 'name') === service && linkerdStatusNamesService(text(field(ref, 'group')), text(field(ref, 'kind')))
      && (port === undefined || statusPort === undefined || statusPort === port)
      && list(field(status, 'conditions')).some((c) => field(c, 'type') === 'Accepted' && field(c, 'status') === 'True');
  });
}

/** routes.rs host_match. */
export function hostMatch(hostname: string): HostMatch {
  return hostname.startsWith('*.') ? {reverseLabels: hostname.split('.').slice(1).reverse()} : {exact: hostname};
}

const hostnames = (route: ModelObject): HostMatch[] => list(field(route.value, 'spec', 'hostnames')).map((h) => hostMatch(String(h)));

/** Whether the controller indexes the named object (its `resources` map); a namespace the model does not track is a gap. */
function indexed(model: StateModel, group: string, kind: string, namespace: string, name: string): boolean {
  const exists = objectsOf(model, group, kind, namespace).some((o) => o.name === name);
  if (!exists && model.held && !model.held.includes(heldKey(group, kind, namespace))) {
    throw new ModelGap(`the model does not keep track of namespace ${namespace}'s ${kind}s, so whether backend ${kind} ${name} exists is not known`);
  }
  return exists;
}

/**
 * index/*.rs convert_backend: a Service with its port (whether the controller indexes it), an
 * EgressNetwork (policy.linkerd.io, kind case-insensitive as backend_kind reads it; its port optional),
 * else an invalid backend.
 */
function routeBackend(ref: unknown, route: ModelObject, model: StateModel, withFilters: boolean): RouteBackend {
  const weight = typeof field(ref, 'weight') === 'number' ? field(ref, 'weight') as number : 1;
  const kind = field(ref, 'kind');
  const group = field(ref, 'group');
  const isEgress = typeof group === 'string' && typeof kind === 'string' && linkerdReadsEgressNetwork(group, kind);
  // backend_kind: a backend's kind defaults to Service (the CRDs' default), its group to core; then is_service.
  if (!isEgress && !linkerdReadsService(text(group) ?? '', kind === undefined ? 'Service' : text(kind) ?? '')) {
    return {kind: 'invalid', weight, message: `unsupported backend type ${typeof group === 'string' ? group : 'core'} ${typeof kind === 'string' ? kind : '<empty>'}`};
  }
  let filters: RouteFilter[] = [];
  if (withFilters) {
    try {
      filters = list(field(ref, 'filters')).map((f) => routeFilter(f, route, 'backend'));
    } catch (error) {
      if (error instanceof RouteConversionError) return {kind: 'invalid', weight, message: `unsupported backend filter: ${error.message.slice(error.message.indexOf(': ') + 2)}`};
      throw error;
    }
  }
  const name = String(field(ref, 'name') ?? '');
  const port = field(ref, 'port');
  const validPort = typeof port === 'number' && port >= 1 && port <= 65535 ? port : undefined;
  const backendNamespace = typeof field(ref, 'namespace') === 'string' ? field(ref, 'namespace') as string : route.namespace;
  // Its filters are only sent with an EgressNetwork parent; a Service parent's invalid backend drops them.
  if (isEgress) {
    return {kind: 'egress', weight, name, namespace: backendNamespace, port: validPort, exists: indexed(model, POLICY_GROUP, 'EgressNetwork', backendNamespace, name)};
  }
  if (validPort === undefined) return {kind: 'invalid', weight, message: `missing port for backend Service ${name}`};
  return {kind: 'service', weight, name, namespace: backendNamespace, port: validPort, exists: indexed(model, '', 'Service', backendNamespace, name), filters};
}

const FILTER_FIELDS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier', ResponseHeaderModifier: 'responseHeaderModifier', RequestRedirect: 'requestRedirect',
  RequestMirror: 'requestMirror', URLRewrite: 'urlRewrite', ExtensionRef: 'extensionRef',
};

/**
 * index/{http,grpc}.rs convert_*_filter: header modifiers and (HTTP only) a redirect; a mirror, rewrite or
 * extension is "not supported". The convert functions test the filter's fields in a fixed order, not its
 * `type`. A policy.linkerd.io HTTPRoute's ResponseHeaderModifier becomes a RequestHeaderModifier filter
 * (convert_linkerd_filter does so in 2.20).
 */
function routeFilter(filter: unknown, route: ModelObject, where: 'rule' | 'backend'): RouteFilter {
  const has = (type: string): boolean => isRecord(field(filter, FILTER_FIELDS[type]!));
  const fail = (message: string): never => {
    throw new RouteConversionError(`${route.kind} ${route.name}: ${message}`);
  };
  const grpc = route.kind === 'GRPCRoute';
  const modifier = (key: string): HeaderModifier => converted(route, () => {
    const value = field(filter, key) as Record<string, unknown>;
    headerModifier(value, '');
    const pairs = (list: unknown[]): [string, string][] => list.map((h) => [String(field(h, 'name')).toLowerCase(), String(field(h, 'value') ?? '')]);
    return {add: pairs(list(field(value, 'add'))), set: pairs(list(field(value, 'set'))), remove: list(field(value, 'remove')).map((n) => String(n).toLowerCase())};
  });
  if (has('RequestHeaderModifier')) return {kind: 'RequestHeaderModifier', ...modifier('requestHeaderModifier')};
  if (has('ResponseHeaderModifier')) {
    const linkerdRule = route.group === POLICY_GROUP && where === 'rule';
    return {kind: linkerdRule ? 'RequestHeaderModifier' : 'ResponseHeaderModifier', ...modifier('responseHeaderModifier')};
  }
  if (!grpc && has('RequestRedirect')) {
    const redirect = field(filter, 'requestRedirect') as Record<string, unknown>;
    converted(route, () => requestRedirect(redirect, ''));
    const scheme = field(redirect, 'scheme');
    const path = field(redirect, 'path');
    const full = field(path, 'replaceFullPath');
    const prefix = field(path, 'replacePrefixMatch');
    const port = field(redirect, 'port');
    const status = field(redirect, 'statusCode');
    return {
      kind: 'RequestRedirect',
      scheme: scheme === 'http' ? 'http' : scheme === 'https' ? 'https' : undefined,
      host: typeof field(redirect, 'hostname') === 'string' ? field(redirect, 'hostname') as string : undefined,
      path: typeof full === 'string' ? {full} : typeof prefix === 'string' ? {prefix} : undefined,
      port: typeof port === 'number' && port >= 1 && port <= 65535 ? port : undefined,
      // The CRD defaults statusCode to 302 (the controller itself would send 200 for none).
      status: typeof status === 'number' ? status : 302,
    };
  }
  if (has('RequestMirror')) return fail('RequestMirror filter is not supported');
  if (!grpc && has('URLRewrite')) return fail('URLRewrite filter is not supported');
  if (has('ExtensionRef')) return fail('ExtensionRef filter is not supported');
  return fail('unknown filter');
}

/**
 * A rule's `timeouts.request` fills the route's when its annotations set none (zero is none, GEP-1742).
 * A Gateway API HTTPRoute's duration is read with the annotations' parser (`.ok()?`: one it cannot read is
 * none); a policy.linkerd.io HTTPRoute's is a K8sDuration, Go's syntax.
 */
function ruleTimeouts(rule: unknown, route: ModelObject, timeouts: Timeouts): Timeouts {
  const text = field(rule, 'timeouts', 'request');
  if (typeof text !== 'string' || timeouts.requestMs !== undefined) return timeouts;
  let ms = parseLinkerdDuration(text);
  if (route.group === POLICY_GROUP) {
    const parsed = parseK8sDuration(text);
    if (typeof parsed === 'string' || parsed.negative || parsed.nanos % 1_000_000n !== 0n) {
      throw new ModelGap(`${route.kind} ${route.name}'s request timeout "${text}" is not a whole number of milliseconds, which this model of the policy controller does not send`);
    }
    ms = Number(parsed.nanos / 1_000_000n);
  }
  return ms === undefined || ms === 0 ? timeouts : {...timeouts, requestMs: ms};
}

/** index/{http,grpc,tls,tcp}.rs convert_route; throws RouteConversionError where the controller's conversion fails. */
function convertRoute(route: ModelObject, protocol: RouteProtocol, model: StateModel): OutboundRoute {
  const base: RouteBase = {
    group: route.group, kind: route.kind, namespace: route.namespace, name: route.name,
    created: typeof field(route.value, 'metadata', 'creationTimestamp') === 'string' ? field(route.value, 'metadata', 'creationTimestamp') as string : undefined,
  };
  const specRules = list(field(route.value, 'spec', 'rules'));
  if (protocol === 'tls' || protocol === 'tcp') {
    if (specRules.length !== 1) throw new RouteConversionError(`${protocol === 'tls' ? 'TLSRoute' : 'TCPRoute'} needs to have one rule`);
    const backends = list(field(specRules[0], 'backendRefs')).map((ref) => routeBackend(ref, route, model, false));
    return protocol === 'tls' ? {...base, protocol, hostnames: hostnames(route), backends} : {...base, protocol, backends};
  }
  const annotations = annotationsOf(route);
  const timeouts = parseTimeouts(annotations);
  if (timeouts === INVALID) throw new RouteConversionError(`${route.kind} ${route.name}: a timeout.linkerd.io annotation is not a duration`);
  // An HTTPRoute without rules has the CRD's default: one rule matching every path. A GRPCRoute has no such default.
  const rules = protocol === 'http' && !Array.isArray(field(route.value, 'spec', 'rules')) ? [{}] : specRules;
  const common = (rule: unknown) => ({
    backends: list(field(rule, 'backendRefs')).map((ref) => routeBackend(ref, route, model, true)),
    filters: list(field(rule, 'filters')).map((f) => routeFilter(f, route, 'rule')),
  });
  if (protocol === 'grpc') {
    const retry = parseGrpcRetry(annotations);
    if (retry === INVALID) throw new RouteConversionError(`${route.kind} ${route.name}: a retry.linkerd.io annotation is not valid`);
    // GRPCRoute rules carry no timeouts the controller reads: only the annotations'.
    return {...base, protocol, hostnames: hostnames(route), rules: rules.map((rule) => ({matches: list(field(rule, 'matches')).map((m) => grpcMatch(m, route)), ...common(rule), timeouts, retry}))};
  }
  const retry = parseHttpRetry(annotations);
  if (retry === INVALID) throw new RouteConversionError(`${route.kind} ${route.name}: a retry.linkerd.io annotation is not valid`);
  return {
    ...base, protocol, hostnames: hostnames(route),
    rules: rules.map((rule) => {
      const matches = Array.isArray(field(rule, 'matches')) ? list(field(rule, 'matches')) : [{}];
      return {matches: matches.map((m) => routeMatch(m, route)), ...common(rule), timeouts: ruleTimeouts(rule, route, timeouts), retry};
    }),
  };
}

/** grpc/src/outbound.rs timestamp_then_name: routes with a creation time first, oldest first, then by name. */
function timestampThenName(a: RouteBase, b: RouteBase): number {
  if (a.created !== b.created) {
    if (a.created === undefined) return 1;
    if (b.created === undefined) return -1;
    const diff = Date.parse(a.created) - Date.parse(b.created);
    if (diff !== 0) return diff;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The routes of each kind the index holds for `namespace/service:port` as seen from `sourceNamespace`,
 * each kind ordered as to_proto orders it.
 */
export function serviceRoutes(model: StateModel, namespace: string, service: string, port: number, sourceNamespace: string): Record<RouteProtocol, OutboundRoute[]> {
  const routes: Record<RouteProtocol, OutboundRoute[]> = {http: [], grpc: [], tls: [], tcp: []};
  for (const route of model.objects) {
    const known = ROUTE_KINDS[route.kind];
    if (!known || !known.groups.includes(route.group)) continue;
    // is_parent_service: a parentRef needs a kind; its group, when left out, is the CRD's default (the Gateway API's).
    const refs = list(field(route.value, 'spec', 'parentRefs')).filter((ref) => text(field(ref, 'kind')) !== undefined && linkerdReadsService(text(field(ref, 'group')) ?? GATEWAY_GROUP, text(field(ref, 'kind'))!)
      && field(ref, 'name') === service && (typeof field(ref, 'namespace') === 'string' ? field(ref, 'namespace') : route.namespace) === namespace
      && (field(ref, 'port') === undefined || field(ref, 'port') === port));
    if (refs.length === 0) continue;
    // A consumer route applies to its own namespace's clients only.
    if (route.namespace !== namespace && route.namespace !== sourceNamespace) continue;
    if (!isRecord(field(route.value, 'status'))) throw new ModelGap(`${route.kind} ${route.namespace}/${route.name} names Service ${service} and the model holds no status for it: whether the Service accepted it is the status controller's answer, which the model does not run`);
    if (!refs.some((ref) => accepted(route, service, typeof field(ref, 'port') === 'number' ? port : undefined))) continue;
    try {
      routes[known.protocol].push(convertRoute(route, known.protocol, model));
    } catch (error) {
      if (!(error instanceof RouteConversionError || error instanceof Denied)) throw error;
      // "Failed to convert route": the index leaves the route out.
    }
  }
  for (const list of Object.values(routes)) list.sort(timestampThenName);
  return routes;
}
