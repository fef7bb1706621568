/**
 * admission.rs on routes: Validate<HttpRouteSpec> (policy.linkerd.io HTTPRoute) and, for the
 * Gateway API, Validate<gateway::HTTPRouteSpec>, <GRPCRouteSpec>, <TLSRouteSpec> and
 * <TCPRouteSpec>. Parent and backend references are read with the defaults the CRDs give
 * them (the API server defaults before the webhook sees the object).
 */
import {at, deny, isObj, list, obj, str, type Obj, type Path} from './deny';
import {formatK8sDuration, parseK8sDuration, type K8sDuration} from './durations';
import {headerMatch, headerModifier, httpMatch, requestRedirect} from './httpRules';
import {parseGrpcRetry, parseHttpRetry, parseTimeouts} from './annotations';
import {equalIgnoringAsciiCase, linkerdAdmissionReadsServiceBackend, linkerdReadsService} from '../../../model/service-reference';

/**
 * What every route kind asks of its parentRefs, read with its CRD's defaults (the Gateway API's
 * group, or policy.linkerd.io for Linkerd's HTTPRoute; kind Gateway): first, an EgressNetwork
 * parent names a port; then, whether a parent is a Service or an EgressNetwork (the route's retry
 * and timeout annotations are parsed when one is). One pass, no object per parent.
 */
function checkParents(spec: Obj, defaultGroup: string): {outbound: boolean} {
  const refs = list(spec.parentRefs);
  let outbound = false;
  for (let i = 0; i < refs.length; i++) {
    const ref = obj(refs[i]);
    const group = str(ref.group) ?? defaultGroup;
    const kind = str(ref.kind) ?? 'Gateway';
    if (isEgressNetwork(group, kind)) {
      if (ref.port === undefined || ref.port === null) deny(at('/spec/parentRefs', i), 'cannot target an EgressNetwork without specifying a port');
      outbound = true;
    } else if (!outbound && linkerdReadsService(group, kind)) outbound = true;
  }
  return {outbound};
}

/** outbound/index.rs is_egress_network (eq_ignore_ascii_case). */
const isEgressNetwork = (group: string, kind: string) => equalIgnoringAsciiCase(group, 'policy.linkerd.io') && equalIgnoringAsciiCase(kind, 'EgressNetwork');

/** Retry and timeout annotations, parsed when the route has a Service or EgressNetwork parent. */
function outboundAnnotations(metadata: Obj, parseRetry: (annotations: Obj) => void): void {
  // Absent annotations parse to no retry and no timeout.
  if (!isObj(metadata.annotations)) return;
  parseRetry(metadata.annotations);
  parseTimeouts(metadata.annotations);
}

const LINKERD_FILTERS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestRedirect: 'requestRedirect',
};

interface LinkerdRule {
  rule: Obj;
  path: Path;
  request?: K8sDuration;
  backendRequest?: K8sDuration;
}

/** serde's reading of a policy.linkerd.io HTTPRoute rule: its filters (an enum tagged by `type`) and its timeouts (K8sDuration). */
function readLinkerdRule(rule: Obj, path: Path): LinkerdRule {
  const filters = list(rule.filters);
  for (let i = 0; i < filters.length; i++) {
    const filter = obj(filters[i]);
    const type = str(filter.type) ?? '';
    const field = LINKERD_FILTERS[type];
    if (!field) deny(at(path, 'filters', i, 'type'), `unknown variant \`${type}\`, expected one of \`RequestHeaderModifier\`, \`ResponseHeaderModifier\`, \`RequestRedirect\``);
    if (!isObj(filter[field])) deny(at(path, 'filters', i), `missing field \`${field}\``);
  }
  const read: LinkerdRule = {rule, path};
  const given = obj(rule.timeouts);
  for (const key of ['request', 'backendRequest'] as const) {
    const text = str(given[key]);
    if (text === undefined) continue;
    const parsed = parseK8sDuration(text);
    if (typeof parsed === 'string') deny(at(path, 'timeouts', key), parsed);
    read[key] = parsed;
  }
  return read;
}

/** Validate<HttpRouteSpec>: policy.linkerd.io HTTPRoute. */
export function validateLinkerdHttpRoute(spec: Obj, metadata: Obj): void {
  const rules = list(spec.rules).map((rule, i) => readLinkerdRule(obj(rule), at('/spec/rules', i)));
  if (checkParents(spec, 'policy.linkerd.io').outbound) outboundAnnotations(metadata, parseHttpRetry);
  for (const {rule, path, request, backendRequest} of rules) {
    httpMatches(rule, path);
    const filters = list(rule.filters);
    for (let i = 0; i < filters.length; i++) {
      const filter = obj(filters[i]);
      const filterPath = at(path, 'filters', i);
      if (filter.type === 'RequestRedirect') requestRedirect(obj(filter.requestRedirect), at(filterPath, 'requestRedirect'));
      else headerModifier(obj(filter[LINKERD_FILTERS[filter.type as string]!]), at(filterPath, LINKERD_FILTERS[filter.type as string]!));
    }
    if (backendRequest?.negative) deny(at(path, 'timeouts', 'backendRequest'), 'backendRequest timeout must not be negative');
    if (request?.negative) deny(at(path, 'timeouts', 'request'), 'request timeout must not be negative');
    if (request && backendRequest && request.nanos < backendRequest.nanos) {
      deny(at(path, 'timeouts', 'backendRequest'),
        `backendRequest timeout (${formatK8sDuration(backendRequest)}) must not be greater than request timeout (${formatK8sDuration(request)})`);
    }
  }
}

/** routes/http.rs try_match on each of a rule's matches. */
function httpMatches(rule: Obj, path: Path): void {
  const matches = list(rule.matches);
  for (let i = 0; i < matches.length; i++) httpMatch(obj(matches[i]), at(path, 'matches', i));
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** validate_{http,grpc}_backend_if_service: a Service backend, as admission reads one, needs a non-zero port. */
function serviceBackendsHavePorts(rule: Obj, path: Path): void {
  const refs = list(rule.backendRefs);
  for (let i = 0; i < refs.length; i++) {
    const ref = obj(refs[i]);
    const port = ref.port;
    if (linkerdAdmissionReadsServiceBackend(str(ref.group), str(ref.kind)) && (port === undefined || port === null || port === 0)) {
      // `.context("invalid backendRef")`: the denial's message is the context alone.
      deny(at(path, 'backendRefs', i), 'invalid backendRef');
    }
  }
}

/** The filters of a Gateway API rule, each modifier or redirect checked wherever it is given. */
function gatewayFilters(rule: Obj, path: Path, redirects: boolean): void {
  const filters = list(rule.filters);
  for (let i = 0; i < filters.length; i++) {
    const filter = obj(filters[i]);
    if (isObj(filter.requestHeaderModifier)) headerModifier(filter.requestHeaderModifier, at(path, 'filters', i, 'requestHeaderModifier'));
    if (isObj(filter.responseHeaderModifier)) headerModifier(filter.responseHeaderModifier, at(path, 'filters', i, 'responseHeaderModifier'));
    if (redirects && isObj(filter.requestRedirect)) requestRedirect(filter.requestRedirect, at(path, 'filters', i, 'requestRedirect'));
  }
}

/** Validate<gateway::HTTPRouteSpec>. */
export function validateGatewayHttpRoute(spec: Obj, metadata: Obj): void {
  if (checkParents(spec, GATEWAY_GROUP).outbound) outboundAnnotations(metadata, parseHttpRetry);
  const rules = list(spec.rules);
  for (let r = 0; r < rules.length; r++) {
    const rule = obj(rules[r]);
    const path = at('/spec/rules', r);
    httpMatches(rule, path);
    gatewayFilters(rule, path, true);
    serviceBackendsHavePorts(rule, path);
  }
}

/** Validate<gateway::GRPCRouteSpec>: routes/grpc.rs try_match refuses a RegularExpression method match. */
export function validateGatewayGrpcRoute(spec: Obj, metadata: Obj): void {
  if (checkParents(spec, GATEWAY_GROUP).outbound) outboundAnnotations(metadata, parseGrpcRetry);
  const rules = list(spec.rules);
  for (let r = 0; r < rules.length; r++) {
    const rule = obj(rules[r]);
    const path = at('/spec/rules', r);
    const matches = list(rule.matches);
    for (let i = 0; i < matches.length; i++) {
      const match = obj(matches[i]);
      const matchPath = at(path, 'matches', i);
      const headers = list(match.headers);
      for (let j = 0; j < headers.length; j++) headerMatch(obj(headers[j]), at(matchPath, 'headers', j));
      if (isObj(match.method) && match.method.type === 'RegularExpression') {
        deny(at(matchPath, 'method', 'type'), 'unsupported GRPCRoute method match type: Some(RegularExpression)');
      }
    }
    gatewayFilters(rule, path, false);
    serviceBackendsHavePorts(rule, path);
  }
}

/** Validate<gateway::TLSRouteSpec> and <TCPRouteSpec>: exactly one rule. */
function singleRuleRoute(name: string) {
  return (spec: Obj): void => {
    checkParents(spec, GATEWAY_GROUP);
    if (list(spec.rules).length !== 1) deny('/spec/rules', `${name} supports a single rule only`);
  };
}

export const validateGatewayTlsRoute = singleRuleRoute('TlsRoute');
export const validateGatewayTcpRoute = singleRuleRoute('TcpRoute');
