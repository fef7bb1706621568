/**
 * What a Gateway API rule's filters and timeouts do to a request, as Istio translates them
 * (pilot/pkg/config/kube/gateway/conversion.go convertHTTPRoute: createHeadersFilter,
 * createRedirectFilter, createRewriteFilter, createMirrorFilter, and `timeouts`) and Envoy
 * applies them (route.go ApplyRedirect with gateway semantics):
 *
 * - RequestRedirect: `statusCode` (302 by the CRD's default), `scheme`, `hostname` (else the
 *   request's host without port), `port` (else the request's port, or the new scheme's
 *   default when the scheme changes; :80 for http and :443 for https are not written), path
 *   `ReplaceFullPath` or `ReplacePrefixMatch` (the matched prefix replaced); the query kept.
 * - URLRewrite: `hostname` replaces the Host, path `ReplaceFullPath` the whole path,
 *   `ReplacePrefixMatch` the matched prefix (a trailing `/` of the replacement ignored, `/`
 *   removing the prefix: `/foo/bar` with prefix `/foo` → `/bar`).
 * - RequestMirror: the backend, `percent` or `fraction` (numerator/denominator, 100 by
 *   default), all requests when neither is set.
 * - timeouts: `request` is the route timeout; `backendRequest` becomes the per-try timeout
 *   when the rule retries, else it replaces the route timeout. `0s` means none.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {parseGoDuration} from '../../engine/istio/durations';
import {fqdn} from '../../engine/model/hosts';
import type {HeaderOperations} from '../decision';
import type {SimRequest} from '../request';
import type {PathMatch} from './match';

/** Where each filter type keeps its settings (HTTPRouteFilter's union members). */
export const FILTER_FIELDS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  RequestMirror: 'requestMirror',
  CORS: 'cors',
  ExtensionRef: 'extensionRef',
};

export type Filter = {type: string; spec: Obj; index: number};

export function filtersOf(rule: Obj): Filter[] {
  return asArray(rule.filters).flatMap((value, index) => {
    const filter = asObject(value);
    const type = asString(filter?.type);
    return filter && type ? [{type, spec: filter, index}] : [];
  });
}

export function headerOperations(filter: Obj | undefined): HeaderOperations | undefined {
  if (!filter) return undefined;
  const pairs = (list: unknown): Record<string, string> | undefined => {
    const entries = asArray(list).map(asObject).filter((h): h is Obj => asString(h?.name) !== undefined).map((h) => [asString(h.name)!.toLowerCase(), asString(h.value) ?? ''] as const);
    return entries.length ? Object.fromEntries(entries) : undefined;
  };
  const remove = asArray(filter.remove).filter((r): r is string => typeof r === 'string').map((r) => r.toLowerCase());
  const out: HeaderOperations = {set: pairs(filter.set), add: pairs(filter.add), remove: remove.length ? remove : undefined};
  return out.set || out.add || out.remove ? out : undefined;
}

/** The path after replacing the matched prefix, as the Gateway API's ReplacePrefixMatch says. */
export function replacePrefix(path: string, matched: PathMatch | undefined, replacement: string): string {
  const prefix = matched?.type === 'PathPrefix' && matched.value !== '/' ? matched.value : '';
  const rest = path.slice(prefix.length);
  const head = replacement.replace(/\/+$/, '');
  if (head === '') return rest.startsWith('/') ? rest : `/${rest}`;
  return rest === '' || rest.startsWith('/') ? `${head}${rest}` : `${head}/${rest}`;
}

function newPath(modifier: Obj | undefined, path: string, matched: PathMatch | undefined): string {
  if (!modifier) return path;
  if (asString(modifier.type) === 'ReplaceFullPath') return asString(modifier.replaceFullPath) ?? path;
  if (asString(modifier.type) === 'ReplacePrefixMatch') return replacePrefix(path, matched, asString(modifier.replacePrefixMatch) ?? '/');
  return path;
}

export function redirectLocation(filter: Obj, request: SimRequest, port: number, matched: PathMatch | undefined): {status: number; location: string} {
  const status = asNumber(filter.statusCode) ?? 302;
  const scheme = asString(filter.scheme) ?? request.scheme;
  const host = asString(filter.hostname) ?? request.host;
  // createRedirectFilter: the filter's port, else the protocol default when the scheme is set, else the request's port.
  const target = asNumber(filter.port) ?? (filter.scheme !== undefined ? undefined : port);
  const shown = target === undefined || (target === 80 && scheme === 'http') || (target === 443 && scheme === 'https') ? '' : `:${target}`;
  const path = newPath(asObject(filter.path), request.path, matched);
  return {status, location: `${scheme}://${host}${shown}${path}${request.query ? `?${request.query}` : ''}`};
}

export function rewriteOf(filter: Obj, request: SimRequest, matched: PathMatch | undefined): {authority?: string; path?: string} {
  const modifier = asObject(filter.path);
  return {authority: asString(filter.hostname), path: modifier ? newPath(modifier, request.path, matched) : undefined};
}

export function mirrorOf(filter: Obj, routeNamespace: string): {host: string; percentage: number} | undefined {
  const ref = asObject(filter.backendRef);
  const name = asString(ref?.name);
  if (!ref || !name) return undefined;
  const fraction = asObject(filter.fraction);
  const numerator = asNumber(fraction?.numerator);
  const percentage = numerator !== undefined ? (100 * numerator) / (asNumber(fraction?.denominator) ?? 100) : asNumber(filter.percent) ?? 100;
  return {host: fqdn(name, asString(ref.namespace) || routeNamespace), percentage};
}

/** The route timeout Istio sets from a rule's `timeouts` (null: none), given whether the rule retries. */
export function istioTimeout(timeouts: Obj | undefined, retries: boolean): {timeout: string | null; perTryTimeout?: string} {
  const nonZero = (value: unknown): string | undefined => {
    const text = asString(value);
    return text !== undefined && (parseGoDuration(text) ?? 0) > 0 ? text : undefined;
  };
  const request = nonZero(timeouts?.request);
  const backendRequest = nonZero(timeouts?.backendRequest);
  if (backendRequest !== undefined && retries) return {timeout: request ?? null, perTryTimeout: backendRequest};
  return {timeout: backendRequest ?? request ?? null};
}
