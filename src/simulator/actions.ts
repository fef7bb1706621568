/**
 * What a chosen HTTP route does besides picking destinations, as istiod translates it
 * (istio/istio pilot/pkg/networking/core/route/route.go and route/retry/retry.go):
 *
 * - fault: abort/delay `percentage.value` is the share of requests; without it no request
 *   is affected ("If not specified, no request will be aborted", VirtualService reference;
 *   TranslateFault only sets a percentage when one is given). The deprecated integer
 *   `percent` still counts for delays.
 * - timeout: the route's `timeout`, else none (setTimeout uses 0 = disabled).
 * - retries: the route's `retries`, else the mesh default (2 attempts, retryOn
 *   connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes). No status
 *   code is retriable by default: EXCLUDE_UNSAFE_503_FROM_DEFAULT_RETRY (true since 1.24)
 *   leaves 503 out. `attempts: 0` disables retries; status codes in retryOn become retriable codes.
 * - redirect: 301 unless redirectCode says otherwise (ApplyRedirect); without `authority` the
 *   Location keeps the request's Host header, port included, unless the redirect sets a port
 *   or changes the scheme (Envoy RouteEntryImplBase::newUri, processRequestHost).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import type {FaultDecision, RetryDecision} from './decision';
import {re2GlobalReplace, UnsupportedRegexError} from './regex';
import type {SimRequest} from './request';

const MESH_DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

export function faultOf(http: Obj): FaultDecision | undefined {
  const fault = asObject(http.fault);
  if (!fault) return undefined;
  const out: FaultDecision = {};
  const abort = asObject(fault.abort);
  if (abort) {
    const share = percentageShare(abort.percentage, undefined);
    out.abort = {status: asNumber(abort.httpStatus), grpcStatus: asString(abort.grpcStatus), share};
  }
  const delay = asObject(fault.delay);
  const fixedDelay = asString(delay?.fixedDelay);
  if (delay && fixedDelay) out.delay = {fixedDelay, share: percentageShare(delay.percentage, asNumber(delay.percent))};
  return out.abort || out.delay ? out : undefined;
}

function percentageShare(percentage: unknown, legacyPercent: number | undefined): number {
  const value = asNumber(asObject(percentage)?.value) ?? legacyPercent ?? 0;
  return Math.min(1, Math.max(0, value / 100));
}

export function retriesOf(http: Obj): RetryDecision | null {
  const retries = asObject(http.retries);
  if (!retries) return {attempts: 2, retryOn: MESH_DEFAULT_RETRY_ON, from: 'mesh default'};
  const attempts = asNumber(retries.attempts) ?? 0;
  if (attempts <= 0) return null;
  const retryOn = asString(retries.retryOn);
  return {
    attempts,
    perTryTimeout: asString(retries.perTryTimeout),
    retryOn: retryOn ? retryOn : MESH_DEFAULT_RETRY_ON,
    from: 'route',
  };
}

export function timeoutOf(http: Obj): string | null {
  const timeout = asString(http.timeout);
  return timeout && !/^0+(\.0+)?[a-zµ]*$/.test(timeout) ? timeout : null;
}

export function redirectOf(http: Obj, request: SimRequest, listenerPort: number): {status: number; location: string} | undefined {
  const redirect = asObject(http.redirect);
  if (!redirect) return undefined;
  const status = asNumber(redirect.redirectCode) || 301;
  const scheme = asString(redirect.scheme) || request.scheme;
  let port = asNumber(redirect.port);
  if (port === undefined && redirect.derivePort === 'FROM_REQUEST_PORT') port = listenerPort;
  const authority = asString(redirect.authority);
  const requestHost = request.headers.host ?? (request.port === undefined ? request.host : `${request.host}:${request.port}`);
  let host = authority || requestHost;
  if (!authority && port !== undefined) host = requestHost.replace(/:\d+$/, '');
  if (!authority && port === undefined && scheme !== request.scheme) {
    // A scheme redirect drops the old scheme's default port only.
    host = requestHost.replace(request.scheme === 'http' ? /:80$/ : /:443$/, '');
  }
  const shownPort = port === undefined || (port === 80 && scheme === 'http') || (port === 443 && scheme === 'https') ? '' : `:${port}`;
  const path = asString(redirect.uri) || request.path;
  return {status, location: `${scheme}://${host}${shownPort}${path}${request.query ? `?${request.query}` : ''}`};
}

export function directResponseOf(http: Obj): {status: number; body?: string} | undefined {
  const direct = asObject(http.directResponse);
  if (!direct) return undefined;
  const body = asObject(direct.body);
  return {status: asNumber(direct.status) ?? 200, body: asString(body?.string)};
}

/** The rewritten path: `rewrite.uri` replaces the matched prefix (or the whole path for exact/regex matches), Envoy's prefix_rewrite. */
export function rewriteOf(http: Obj, match: Obj | undefined, request: SimRequest): {uri?: string; authority?: string; path?: string} | undefined {
  const rewrite = asObject(http.rewrite);
  if (!rewrite) return undefined;
  const uri = asString(rewrite.uri);
  const authority = asString(rewrite.authority);
  let path: string | undefined;
  const uriMatch = asObject(match?.uri);
  if (uri !== undefined) {
    const prefix = asString(uriMatch?.prefix) ?? (uriMatch ? request.path : '/');
    path = uri + request.path.slice(Math.min(prefix.length, request.path.length));
  }
  const regexRewrite = asObject(rewrite.uriRegexRewrite);
  const regex = asString(regexRewrite?.match);
  if (regex !== undefined) {
    try {
      // Envoy regex_rewrite: RE2::GlobalReplace on the path without its query, groups written \1 in the substitution.
      path = re2GlobalReplace(regex, request.path, asString(regexRewrite?.rewrite) ?? '');
    } catch (error) {
      if (!(error instanceof UnsupportedRegexError)) throw error;
      path = undefined;
    }
  }
  return {uri, authority, path};
}

export function mirrorsOf(http: Obj): Array<{host: string; subset?: string; percentage: number}> | undefined {
  const list: Array<{host: string; subset?: string; percentage: number}> = [];
  const single = asObject(http.mirror);
  if (single) list.push({host: asString(single.host) ?? '', subset: asString(single.subset), percentage: asNumber(asObject(http.mirrorPercentage)?.value) ?? asNumber(http.mirrorPercent) ?? 100});
  for (const item of asArray(http.mirrors)) {
    const destination = asObject(asObject(item)?.destination);
    if (destination) list.push({host: asString(destination.host) ?? '', subset: asString(destination.subset), percentage: asNumber(asObject(asObject(item)?.percentage)?.value) ?? 100});
  }
  return list.length ? list : undefined;
}
