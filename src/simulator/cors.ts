/**
 * CORS as Istio 1.30's Envoy answers it, for a VirtualService's `corsPolicy` and for a Gateway API
 * HTTPRoute's `CORS` filter (which istiod turns into a `corsPolicy`).
 *
 * istiod (pilot/pkg/networking/core/route/route.go TranslateCORSPolicy): origins as Envoy string
 * matchers (`allowOrigins` exact/prefix/regex, else the deprecated `allowOrigin` as exact), methods,
 * headers and expose headers joined with `,`, `maxAge` in whole seconds, `allowCredentials` as
 * written, and `forward_not_matching_preflights` false only for `unmatchedPreflights: IGNORE`.
 * The Gateway API filter (pilot/pkg/config/kube/gateway/conversion.go createCorsFilter): `*` a
 * regex for any `scheme://host[:port]`, an origin without `*` exact, one trailing `*` a prefix,
 * other wildcards a regex (`*` → `.*`, anchored), credentials only when true, `maxAge` when > 0
 * (the CRD defaults it to 5), and always `IGNORE`.
 *
 * Envoy's filter (source/extensions/filters/http/cors/cors_filter.cc), which Istio puts in every
 * HTTP chain after the fault filter and before the router, acts on a route that forwards (not on
 * a redirect or direct response) when the request carries a non-empty Origin:
 * - an origin is allowed when a matcher matches it, or matches the text `*`;
 * - a preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin, or from any
 *   origin when preflights are not forwarded, is answered by the proxy with 200: allow-origin (the
 *   request's Origin, when allowed), allow-credentials, allow-methods (`*` echoes the requested
 *   method), allow-headers (`*` echoes the requested headers), max-age; the answer then passes the
 *   filter's own encoder, which adds expose-headers for an allowed origin. It never reaches the backend;
 * - any other request is forwarded, and for an allowed origin the response gets allow-origin (the
 *   Origin), allow-credentials and expose-headers. A disallowed origin gets no CORS header.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {parseGoDuration} from '../engine/istio/durations';
import {corsHeaderText, type CorsDecision, type Decision, type TraceStep} from './decision';
import {finish} from './outcome';
import {re2Matches} from './regex';
import type {SimRequest} from './request';

export type OriginMatcher = {exact: string} | {prefix: string} | {regex: string};

/** Envoy's CorsPolicy as istiod writes it into a route's typed_per_filter_config. */
export interface CorsPolicy {
  allowOrigins: OriginMatcher[];
  allowMethods: string;
  allowHeaders: string;
  exposeHeaders: string;
  /** Seconds, as text; '' when not set. */
  maxAge: string;
  allowCredentials: boolean;
  forwardNotMatchingPreflights: boolean;
}

const strings = (value: unknown): string[] => asArray(value).filter((s): s is string => typeof s === 'string');

function originMatcher(value: unknown): OriginMatcher | undefined {
  const match = asObject(value);
  const exact = asString(match?.exact);
  if (exact !== undefined) return {exact};
  const prefix = asString(match?.prefix);
  if (prefix !== undefined) return {prefix};
  const regex = asString(match?.regex);
  return regex !== undefined ? {regex} : undefined;
}

/** TranslateCORSPolicy over a VirtualService http route's `corsPolicy`. */
export function corsFromVirtualService(policy: Obj): CorsPolicy {
  const origins = policy.allowOrigins !== undefined && policy.allowOrigins !== null
    ? asArray(policy.allowOrigins).map(originMatcher).filter((m): m is OriginMatcher => m !== undefined)
    : strings(policy.allowOrigin).map((exact) => ({exact}));
  const maxAge = asString(policy.maxAge);
  const nanos = maxAge === undefined ? undefined : parseGoDuration(maxAge);
  return {
    allowOrigins: origins,
    allowMethods: strings(policy.allowMethods).join(','),
    allowHeaders: strings(policy.allowHeaders).join(','),
    exposeHeaders: strings(policy.exposeHeaders).join(','),
    // durationpb GetSeconds: whole seconds, truncated.
    maxAge: nanos === undefined ? '' : String(Math.trunc(nanos / 1e9)),
    allowCredentials: policy.allowCredentials === true,
    forwardNotMatchingPreflights: policy.unmatchedPreflights !== 'IGNORE',
  };
}

/** Go's regexp.QuoteMeta. */
const quoteMeta = (text: string): string => text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

/** The regex createCorsFilter writes for the origin `*`: any valid `scheme://host[:port]`. */
export const ANY_ORIGIN_REGEX = '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$';

/** createCorsFilter: an origin pattern of the Gateway API filter as an Istio StringMatch. */
export function gatewayOriginMatcher(origin: string): OriginMatcher | undefined {
  if (origin === '') return undefined;
  if (origin === '*') return {regex: ANY_ORIGIN_REGEX};
  if (!origin.includes('*')) return {exact: origin};
  if (origin.indexOf('*') === origin.length - 1) return {prefix: origin.slice(0, -1)};
  return {regex: `^${quoteMeta(origin).replaceAll('\\*', '.*')}$`};
}

/** createCorsFilter then TranslateCORSPolicy over an HTTPRoute rule's `cors` (HTTPCORSFilter). */
export function corsFromHttpRouteFilter(filter: Obj): CorsPolicy {
  const maxAge = asNumber(filter.maxAge);
  return {
    allowOrigins: strings(filter.allowOrigins).map(gatewayOriginMatcher).filter((m): m is OriginMatcher => m !== undefined),
    allowMethods: strings(filter.allowMethods).join(','),
    allowHeaders: strings(filter.allowHeaders).join(','),
    exposeHeaders: strings(filter.exposeHeaders).join(','),
    maxAge: maxAge !== undefined && maxAge > 0 ? String(Math.trunc(maxAge)) : '',
    allowCredentials: filter.allowCredentials === true,
    forwardNotMatchingPreflights: false,
  };
}

function matches(matcher: OriginMatcher, value: string): boolean {
  if ('exact' in matcher) return value === matcher.exact;
  if ('prefix' in matcher) return value.startsWith(matcher.prefix);
  return re2Matches(matcher.regex, value);
}

/** isOriginAllowed: a matcher matches the origin, or the text `*` (an `exact: "*"` allows every origin). */
export function originAllowed(policy: CorsPolicy, origin: string): boolean {
  return policy.allowOrigins.some((m) => matches(m, '*') || matches(m, origin));
}

/** What the CORS filter does with the request; undefined when it carries no Origin (the filter stands aside). */
export function applyCors(policy: CorsPolicy, request: Pick<SimRequest, 'method' | 'headers'>, from: CorsDecision['from']): CorsDecision | undefined {
  const origin = request.headers.origin;
  if (origin === undefined || origin === '') return undefined;
  const allowed = originAllowed(policy, origin);
  const requestedMethod = request.headers['access-control-request-method'] ?? '';
  const preflight = request.method === 'OPTIONS' && requestedMethod !== '';
  const set: Record<string, string> = {};
  const answered = preflight && (allowed || !policy.forwardNotMatchingPreflights);
  if (answered) {
    if (allowed) set['access-control-allow-origin'] = origin;
    if (policy.allowCredentials) set['access-control-allow-credentials'] = 'true';
    if (policy.allowMethods) set['access-control-allow-methods'] = policy.allowMethods === '*' ? requestedMethod : policy.allowMethods;
    if (policy.allowHeaders) set['access-control-allow-headers'] = policy.allowHeaders === '*' ? request.headers['access-control-request-headers'] ?? '' : policy.allowHeaders;
    if (policy.maxAge) set['access-control-max-age'] = policy.maxAge;
  }
  // encodeHeaders: on the backend's response, and on the filter's own preflight answer.
  if (allowed) {
    set['access-control-allow-origin'] = origin;
    if (policy.allowCredentials) set['access-control-allow-credentials'] = 'true';
    if (policy.exposeHeaders) set['access-control-expose-headers'] = policy.exposeHeaders;
  }
  return {from, origin, originAllowed: allowed, preflight, answered, ...(Object.keys(set).length > 0 ? {responseHeaders: {set}} : {})};
}

/** The trace's words for what the filter did (undefined: the request had no Origin). */
export function describeCors(cors: CorsDecision | undefined): string {
  if (!cors) return 'CORS: the request has no Origin header, so the CORS filter adds nothing';
  const origin = `origin ${cors.origin} ${cors.originAllowed ? 'is allowed' : 'is not allowed'} by the ${cors.from}`;
  const added = cors.responseHeaders ? `sets ${corsHeaderText(cors)}` : 'sets no CORS header';
  if (cors.answered) return `CORS preflight: ${origin}; Envoy's CORS filter answers 200 itself (the request never reaches the backend) and ${added}`;
  if (cors.preflight) return `CORS preflight: ${origin}; Envoy forwards it to the backend (unmatchedPreflights is not IGNORE), whose answer gets no CORS header`;
  return `CORS: ${origin}; the request is forwarded and Envoy's CORS filter ${added} on the response`;
}

/**
 * A preflight the filter answers: 200 from the proxy, no destination. The fault filter runs first, so
 * a route's abort still answers its share (flag FI), without CORS headers: the CORS filter never saw it.
 */
export function finishCorsPreflight(decision: Decision, cors: CorsDecision, trace: TraceStep[]): Decision {
  const abort = decision.fault?.abort;
  const summary = `200: CORS preflight from ${cors.origin} answered by the proxy's CORS filter (never reaches the backend)`;
  const finished = finish({...decision, cors, outcome: 'direct-response', status: 200, flags: undefined, directResponse: {status: 200}, destinations: [], summary}, trace);
  if (!abort || abort.share <= 0) return finished;
  const distribution = [{share: abort.share, status: abort.status ?? 503, flags: 'FI'}, {share: 1 - abort.share, status: 200}].filter((e) => e.share > 0);
  return {...finished, distribution, ...(abort.share > 0.5 ? {status: abort.status ?? 503, flags: 'FI'} : {})};
}
