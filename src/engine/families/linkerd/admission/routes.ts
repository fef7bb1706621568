/**
 * admission.rs on routes: Validate<HttpRouteSpec> (policy.linkerd.io HTTPRoute) and, for the
 * Gateway API, Validate<gateway::HTTPRouteSpec>, <GRPCRouteSpec>, <TLSRouteSpec> and
 * <TCPRouteSpec>. Parent and backend references are read with the defaults the CRDs give
 * them (the API server defaults before the webhook sees the object).
 */
import {at, deny, isObj, list, obj, str, type Obj} from './deny';
import {formatK8sDuration, parseK8sDuration, type K8sDuration} from './durations';
import {headerMatch, headerModifier, httpMatch, requestRedirect} from './httpRules';
import {parseGrpcRetry, parseHttpRetry, parseTimeouts} from './annotations';
import {linkerdAdmissionReadsServiceBackend, linkerdReadsService} from '../../../model/service-reference';

interface Parent {
  group: string;
  kind: string;
  ref: Obj;
  path: string;
}

/** A route's parentRefs with its CRD's defaults: the Gateway API's group, or policy.linkerd.io for Linkerd's HTTPRoute; kind Gateway. */
function parents(spec: Obj, defaultGroup: string): Parent[] {
  return list(spec.parentRefs).map((value, i) => {
    const ref = obj(value);
    return {group: str(ref.group) ?? defaultGroup, kind: str(ref.kind) ?? 'Gateway', ref, path: at('/spec/parentRefs', i)};
  });
}

/** outbound/index.rs is_service. */
const isService = (p: Parent) => linkerdReadsService(p.group, p.kind);
/** outbound/index.rs is_egress_network. */
const isEgressNetwork = (p: Parent) => p.group.toLowerCase() === 'policy.linkerd.io' && p.kind.toLowerCase() === 'egressnetwork';

/** Every route kind's first check: an EgressNetwork parent names a port. */
function egressParentsHavePorts(all: readonly Parent[]): void {
  for (const parent of all) {
    if (isEgressNetwork(parent) && (parent.ref.port === undefined || parent.ref.port === null)) {
      deny(parent.path, 'cannot target an EgressNetwork without specifying a port');
    }
  }
}

/** Retry and timeout annotations are parsed when the route has a Service or EgressNetwork parent. */
function outboundAnnotations(all: readonly Parent[], metadata: Obj, parseRetry: (annotations: Obj) => void): void {
  if (!all.some((p) => isService(p) || isEgressNetwork(p))) return;
  const annotations = obj(metadata.annotations);
  parseRetry(annotations);
  parseTimeouts(annotations);
}

const rulesOf = (spec: Obj) => list(spec.rules).map((rule, i) => ({rule: obj(rule), path: at('/spec/rules', i)}));

const LINKERD_FILTERS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestRedirect: 'requestRedirect',
};

/** serde's reading of a policy.linkerd.io HTTPRoute rule: its filters (an enum tagged by `type`) and its timeouts (K8sDuration). */
function readLinkerdRule(rule: Obj, path: string): {request?: K8sDuration; backendRequest?: K8sDuration} {
  list(rule.filters).forEach((value, i) => {
    const filter = obj(value);
    const type = str(filter.type) ?? '';
    const field = LINKERD_FILTERS[type];
    if (!field) deny(at(path, 'filters', i, 'type'), `unknown variant \`${type}\`, expected one of \`RequestHeaderModifier\`, \`ResponseHeaderModifier\`, \`RequestRedirect\``);
    if (!isObj(filter[field])) deny(at(path, 'filters', i), `missing field \`${field}\``);
  });
  const timeouts: {request?: K8sDuration; backendRequest?: K8sDuration} = {};
  const given = obj(rule.timeouts);
  for (const key of ['request', 'backendRequest'] as const) {
    const text = str(given[key]);
    if (text === undefined) continue;
    const parsed = parseK8sDuration(text);
    if (typeof parsed === 'string') deny(at(path, 'timeouts', key), parsed);
    timeouts[key] = parsed;
  }
  return timeouts;
}

/** Validate<HttpRouteSpec>: policy.linkerd.io HTTPRoute. */
export function validateLinkerdHttpRoute(spec: Obj, metadata: Obj): void {
  const rules = rulesOf(spec).map(({rule, path}) => ({rule, path, timeouts: readLinkerdRule(rule, path)}));
  const all = parents(spec, 'policy.linkerd.io');
  egressParentsHavePorts(all);
  outboundAnnotations(all, metadata, parseHttpRetry);
  for (const {rule, path, timeouts} of rules) {
    list(rule.matches).forEach((match, i) => httpMatch(obj(match), at(path, 'matches', i)));
    list(rule.filters).forEach((value, i) => {
      const filter = obj(value);
      const filterPath = at(path, 'filters', i);
      if (filter.type === 'RequestRedirect') requestRedirect(obj(filter.requestRedirect), at(filterPath, 'requestRedirect'));
      else headerModifier(obj(filter[LINKERD_FILTERS[filter.type as string]!]), at(filterPath, LINKERD_FILTERS[filter.type as string]!));
    });
    const {request, backendRequest} = timeouts;
    if (backendRequest?.negative) deny(at(path, 'timeouts', 'backendRequest'), 'backendRequest timeout must not be negative');
    if (request?.negative) deny(at(path, 'timeouts', 'request'), 'request timeout must not be negative');
    if (request && backendRequest && request.nanos < backendRequest.nanos) {
      deny(at(path, 'timeouts', 'backendRequest'),
        `backendRequest timeout (${formatK8sDuration(backendRequest)}) must not be greater than request timeout (${formatK8sDuration(request)})`);
    }
  }
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** validate_{http,grpc}_backend_if_service: a Service backend, as admission reads one, needs a non-zero port. */
function serviceBackendsHavePorts(rule: Obj, path: string): void {
  list(rule.backendRefs).forEach((value, i) => {
    const ref = obj(value);
    const port = ref.port;
    if (linkerdAdmissionReadsServiceBackend(str(ref.group), str(ref.kind)) && (port === undefined || port === null || port === 0)) {
      // `.context("invalid backendRef")`: the denial's message is the context alone.
      deny(at(path, 'backendRefs', i), 'invalid backendRef');
    }
  });
}

/** The filters of a Gateway API rule, each modifier or redirect checked wherever it is given. */
function gatewayFilters(rule: Obj, path: string, redirects: boolean): void {
  list(rule.filters).forEach((value, i) => {
    const filter = obj(value);
    const filterPath = at(path, 'filters', i);
    if (isObj(filter.requestHeaderModifier)) headerModifier(filter.requestHeaderModifier, at(filterPath, 'requestHeaderModifier'));
    if (isObj(filter.responseHeaderModifier)) headerModifier(filter.responseHeaderModifier, at(filterPath, 'responseHeaderModifier'));
    if (redirects && isObj(filter.requestRedirect)) requestRedirect(filter.requestRedirect, at(filterPath, 'requestRedirect'));
  });
}

/** Validate<gateway::HTTPRouteSpec>. */
export function validateGatewayHttpRoute(spec: Obj, metadata: Obj): void {
  const all = parents(spec, GATEWAY_GROUP);
  egressParentsHavePorts(all);
  outboundAnnotations(all, metadata, parseHttpRetry);
  for (const {rule, path} of rulesOf(spec)) {
    list(rule.matches).forEach((match, i) => httpMatch(obj(match), at(path, 'matches', i)));
    gatewayFilters(rule, path, true);
    serviceBackendsHavePorts(rule, path);
  }
}

/** Validate<gateway::GRPCRouteSpec>: routes/grpc.rs try_match refuses a RegularExpression method match. */
export function validateGatewayGrpcRoute(spec: Obj, metadata: Obj): void {
  const all = parents(spec, GATEWAY_GROUP);
  egressParentsHavePorts(all);
  outboundAnnotations(all, metadata, parseGrpcRetry);
  for (const {rule, path} of rulesOf(spec)) {
    list(rule.matches).forEach((value, i) => {
      const match = obj(value);
      const matchPath = at(path, 'matches', i);
      list(match.headers).forEach((header, j) => headerMatch(obj(header), at(matchPath, 'headers', j)));
      if (isObj(match.method) && match.method.type === 'RegularExpression') {
        deny(at(matchPath, 'method', 'type'), 'unsupported GRPCRoute method match type: Some(RegularExpression)');
      }
    });
    gatewayFilters(rule, path, false);
    serviceBackendsHavePorts(rule, path);
  }
}

/** Validate<gateway::TLSRouteSpec> and <TCPRouteSpec>: exactly one rule. */
function singleRuleRoute(name: string) {
  return (spec: Obj): void => {
    egressParentsHavePorts(parents(spec, GATEWAY_GROUP));
    if (list(spec.rules).length !== 1) deny('/spec/rules', `${name} supports a single rule only`);
  };
}

export const validateGatewayTlsRoute = singleRuleRoute('TlsRoute');
export const validateGatewayTcpRoute = singleRuleRoute('TcpRoute');
