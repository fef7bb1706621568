/**
 * One HTTPMatchRequest against one request, as istiod translates it to an Envoy RouteMatch
 * (istio/istio pilot/pkg/networking/core/route/route.go: translateRoute, sourceMatchHTTP,
 * TranslateRouteMatch, translateHeaderMatch, translateQueryParamMatch) and Envoy evaluates it.
 * All conditions of one match block must hold (AND); the caller ORs the blocks.
 *
 * - `port`: compared with the listener port; a mismatch drops the match.
 * - `gateways` in a match replace the source checks: when set, only the gateway (or `mesh`)
 *   matters and `sourceLabels`/`sourceNamespace` are not looked at (sourceMatchHTTP).
 * - `uri`: exact and regex compare the path without query string, prefix compares the start
 *   of `:path`; regexes must match the whole path (Envoy safe_regex). `ignoreUriCase` makes
 *   exact and prefix case-insensitive (Envoy RouteMatch.case_sensitive; ignored for regex).
 * - `headers`, `method`, `authority`, `scheme`: Envoy header matchers. An empty match or
 *   `regex: "*"` means "present" (canBeConvertedToPresentMatch); a missing header never
 *   matches exact/prefix/regex.
 * - `withoutHeaders`: the inverted matcher with treat_missing_header_as_empty, so a missing
 *   header counts as the empty string (and a "present" matcher matches when it is absent).
 * - `queryParams`: exact, prefix and regex are all translated by ConvertToEnvoyMatch (the
 *   API reference says prefix is unsupported, but istiod emits it and Envoy applies it);
 *   the first value of the parameter is compared.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {ownValue} from '../engine/model/own';
import {queryParams, type SimRequest} from './request';
import {re2Matches} from './regex';
import {labelsInclude, stringLabels} from './world';

/** Who sends the request, as the matching proxy sees it. */
export interface MatchSource {
  /** Gateway names the routes are built for: `mesh` for sidecars, `ns/name` for a gateway. */
  gatewayNames: ReadonlySet<string>;
  labels: Record<string, string>;
  namespace: string;
  /** Set when a waypoint routes: istiod builds its routes for the waypoint, not for the client (waypointSourceCheck). */
  waypoint?: {namespace: string; name: string};
}

export interface MatchContext {
  request: SimRequest;
  listenerPort: number;
  source: MatchSource;
  /** Namespace of the VirtualService, to complete short gateway names. */
  vsNamespace: string;
}

export type MatchResult = {matched: true} | {matched: false; reason: string; field: string};

const MATCHED: MatchResult = {matched: true};
const fail = (field: string, reason: string): MatchResult => ({matched: false, field, reason});

export function evaluateMatch(match: Obj, ctx: MatchContext): MatchResult {
  const checks: Array<() => MatchResult> = [
    () => portCheck(match, ctx),
    () => sourceCheck(match, ctx),
    () => uriCheck(match, ctx.request),
    () => stringField(match.method, 'method', ctx.request.method),
    () => stringField(match.authority, 'authority', authority(ctx.request, ctx.listenerPort)),
    () => stringField(match.scheme, 'scheme', ctx.request.scheme),
    () => headersCheck(match, ctx.request),
    () => withoutHeadersCheck(match, ctx.request),
    () => queryParamsCheck(match, ctx.request),
  ];
  for (const check of checks) {
    const result = check();
    if (!result.matched) return result;
  }
  return MATCHED;
}

function portCheck(match: Obj, ctx: MatchContext): MatchResult {
  const port = asNumber(match.port);
  if (port === undefined || port === 0 || port === ctx.listenerPort) return MATCHED;
  return fail('port', `port ${port} but the request is on port ${ctx.listenerPort}`);
}

/** The checks istiod makes while translating a match (port, source), before any request is seen: a match failing them is never emitted. */
export function translationCheck(match: Obj, ctx: Omit<MatchContext, 'request'>): MatchResult {
  const port = portCheck(match, ctx as MatchContext);
  return port.matched ? sourceCheck(match, ctx as MatchContext) : port;
}

function sourceCheck(match: Obj, ctx: MatchContext): MatchResult {
  if (ctx.source.waypoint) return waypointSourceCheck(match, ctx.source.waypoint, ctx);
  const gateways = asArray(match.gateways).filter((g): g is string => typeof g === 'string');
  if (gateways.length > 0) {
    const names = gateways.map((g) => qualifyGatewayName(g, ctx.vsNamespace));
    if (names.some((g) => ctx.source.gatewayNames.has(g))) return MATCHED;
    return fail('gateways', `gateways [${gateways.join(', ')}] but the request comes through ${[...ctx.source.gatewayNames].join(', ')}`);
  }
  const sourceLabels = stringLabels(match.sourceLabels);
  if (!labelsInclude(ctx.source.labels, sourceLabels)) {
    const missing = Object.entries(sourceLabels).filter(([k, v]) => ownValue(ctx.source.labels, k) !== v).map(([k, v]) => `${k}=${v}`);
    return fail('sourceLabels', `sourceLabels need ${missing.join(', ')} on the client, which has ${describeLabels(ctx.source.labels)}`);
  }
  const sourceNamespace = asString(match.sourceNamespace);
  if (sourceNamespace && sourceNamespace !== ctx.source.namespace) {
    return fail('sourceNamespace', `sourceNamespace ${sourceNamespace} but the client is in ${ctx.source.namespace}`);
  }
  return MATCHED;
}

/**
 * At a waypoint (listener_waypoint.go waypointInboundRoute, then route.go sourceMatchHTTP with the
 * waypoint as the node): a match with `sourceLabels` is dropped whoever the client is, since ambient has
 * no source labels (istio/istio#51565); `gateways` are compared with `mesh`; `sourceNamespace` with the
 * waypoint's own namespace, not the client's.
 */
function waypointSourceCheck(match: Obj, waypoint: {namespace: string; name: string}, ctx: MatchContext): MatchResult {
  const sourceLabels = stringLabels(match.sourceLabels);
  if (Object.keys(sourceLabels).length > 0) {
    return fail('sourceLabels', `sourceLabels ${describeLabels(sourceLabels)}: istiod leaves this match out of waypoint ${waypoint.namespace}/${waypoint.name}'s routes, whoever the client is (ambient has no source labels)`);
  }
  const gateways = asArray(match.gateways).filter((g): g is string => typeof g === 'string');
  if (gateways.length > 0) {
    const names = gateways.map((g) => qualifyGatewayName(g, ctx.vsNamespace));
    if (names.some((g) => ctx.source.gatewayNames.has(g))) return MATCHED;
    return fail('gateways', `gateways [${gateways.join(', ')}] but a waypoint's routes are built for mesh`);
  }
  const sourceNamespace = asString(match.sourceNamespace);
  if (sourceNamespace && sourceNamespace !== waypoint.namespace) {
    return fail('sourceNamespace', `sourceNamespace ${sourceNamespace}: istiod compares it with waypoint ${waypoint.namespace}/${waypoint.name}'s own namespace (${waypoint.namespace}), not the client's`);
  }
  return MATCHED;
}

/** `mesh` stays; `name` means `<vs namespace>/name`, as istiod resolves VirtualService gateway names. */
export function qualifyGatewayName(name: string, vsNamespace: string): string {
  if (name === 'mesh' || name.includes('/')) return name;
  // Legacy FQDN form name.namespace.svc.cluster.local
  const fqdn = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(name);
  return fqdn ? `${fqdn[2]}/${fqdn[1]}` : `${vsNamespace}/${name}`;
}

function uriCheck(match: Obj, request: SimRequest): MatchResult {
  const uri = asObject(match.uri);
  if (!uri) return MATCHED;
  const ignoreCase = match.ignoreUriCase === true;
  const fold = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  const fullPath = request.query ? `${request.path}?${request.query}` : request.path;
  if (typeof uri.exact === 'string') {
    return fold(request.path) === fold(uri.exact) ? MATCHED : fail('uri', `uri exact ${JSON.stringify(uri.exact)} but the path is ${JSON.stringify(request.path)}`);
  }
  if (typeof uri.prefix === 'string') {
    return fold(fullPath).startsWith(fold(uri.prefix)) ? MATCHED : fail('uri', `uri prefix ${JSON.stringify(uri.prefix)} but the path is ${JSON.stringify(request.path)}`);
  }
  if (typeof uri.regex === 'string') {
    return re2Matches(uri.regex, request.path) ? MATCHED : fail('uri', `uri regex ${JSON.stringify(uri.regex)} does not match all of ${JSON.stringify(request.path)}`);
  }
  return MATCHED;
}

function authority(request: SimRequest, port: number): string {
  const host = ownValue(request.headers, 'host');
  if (host !== undefined) return host;
  return request.port === undefined ? request.host : `${request.host}:${port}`;
}

type Matcher = {kind: 'present'} | {kind: 'exact' | 'prefix' | 'regex'; value: string};

function toMatcher(value: unknown): Matcher {
  const sm = asObject(value) ?? {};
  if (typeof sm.exact === 'string') return {kind: 'exact', value: sm.exact};
  if (typeof sm.prefix === 'string') return {kind: 'prefix', value: sm.prefix};
  if (typeof sm.regex === 'string' && sm.regex !== '*') return {kind: 'regex', value: sm.regex};
  return {kind: 'present'};
}

function matcherTest(matcher: Matcher, value: string | undefined): boolean {
  if (value === undefined) return false;
  switch (matcher.kind) {
    case 'present': return true;
    case 'exact': return value === matcher.value;
    case 'prefix': return value.startsWith(matcher.value);
    case 'regex': return re2Matches(matcher.value, value);
  }
}

function describeMatcher(matcher: Matcher): string {
  return matcher.kind === 'present' ? 'present' : `${matcher.kind} ${JSON.stringify(matcher.value)}`;
}

function stringField(value: unknown, field: string, actual: string): MatchResult {
  if (asObject(value) === undefined) return MATCHED;
  const matcher = toMatcher(value);
  return matcherTest(matcher, actual) ? MATCHED : fail(field, `${field} ${describeMatcher(matcher)} but the request has ${JSON.stringify(actual)}`);
}

function headersCheck(match: Obj, request: SimRequest): MatchResult {
  for (const [name, value] of Object.entries(asObject(match.headers) ?? {})) {
    const header = name.toLowerCase();
    const matcher = toMatcher(value);
    const actual = ownValue(request.headers, header);
    if (!matcherTest(matcher, actual)) {
      const has = actual === undefined ? `no ${header} header` : `${header}: ${JSON.stringify(actual)}`;
      return fail(`headers/${name}`, `header ${header} ${describeMatcher(matcher)} but the request has ${has}`);
    }
  }
  return MATCHED;
}

function withoutHeadersCheck(match: Obj, request: SimRequest): MatchResult {
  for (const [name, value] of Object.entries(asObject(match.withoutHeaders) ?? {})) {
    const header = name.toLowerCase();
    const matcher = toMatcher(value);
    const actual = ownValue(request.headers, header);
    // present_match is inverted as is; other matchers treat a missing header as "".
    const hit = matcher.kind === 'present' ? actual !== undefined : matcherTest(matcher, actual ?? '');
    if (hit) return fail(`withoutHeaders/${name}`, `withoutHeaders ${header} ${describeMatcher(matcher)} and the request has ${header}: ${JSON.stringify(actual)}`);
  }
  return MATCHED;
}

function queryParamsCheck(match: Obj, request: SimRequest): MatchResult {
  const entries = Object.entries(asObject(match.queryParams) ?? {});
  if (entries.length === 0) return MATCHED;
  const params = queryParams(request.query);
  for (const [name, value] of entries) {
    const matcher = toMatcher(value);
    const actual = params.get(name);
    if (!matcherTest(matcher, actual)) {
      const has = actual === undefined ? `no ${name} parameter` : `${name}=${JSON.stringify(actual)}`;
      return fail(`queryParams/${name}`, `query parameter ${name} ${describeMatcher(matcher)} but the request has ${has}`);
    }
  }
  return MATCHED;
}

function describeLabels(labels: Record<string, string>): string {
  const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
  return text ? text : 'no labels';
}
