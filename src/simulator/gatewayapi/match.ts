/**
 * One HTTPRouteMatch or GRPCRouteMatch against one request, as Istio translates it
 * (pilot/pkg/config/kube/gateway/conversion.go: createURIMatch, createHeadersMatch,
 * createQueryParamsMatch, createMethodMatch, createGRPCURIMatch) and Envoy evaluates it
 * (route.go TranslateRouteMatch with gateway semantics):
 *
 * - path `Exact` compares the path without its query; `PathPrefix` drops a trailing `/`
 *   and matches whole segments (Envoy's path_separated_prefix: `/foo` matches `/foo` and
 *   `/foo/bar`, not `/foobar`), `PathPrefix /` matches every path; `RegularExpression`
 *   must match the whole path (RE2, src/simulator/regex.ts).
 * - headers: names case-insensitive, `Exact` or `RegularExpression` on the value.
 * - queryParams: names case-sensitive, the first value compared.
 * - method: exact.
 * - GRPCRoute `method`: `/service/method` as a path (exact, prefix `/service/`, or a regex).
 */
import {asArray, asObject, asString, type Obj} from '../../engine/istio/access';
import {ownValue} from '../../engine/model/own';
import {re2Matches} from '../regex';
import {queryParams, type SimRequest} from '../request';
import type {RouteKind} from './resources';

export type PathMatch = {type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string};
interface ValueMatch {name: string; type: 'Exact' | 'RegularExpression'; value: string}

/** A match as the proxy holds it after translation. */
export interface TranslatedMatch {
  path?: PathMatch;
  method?: string;
  headers: ValueMatch[];
  queryParams: ValueMatch[];
}

export type MatchVerdict = {matched: true} | {matched: false; reason: string};

export function translateMatch(kind: RouteKind, match: Obj): TranslatedMatch {
  const headers = valueMatches(match.headers);
  if (kind === 'GRPCRoute') return {path: grpcPath(asObject(match.method)), headers, queryParams: []};
  const path = asObject(match.path);
  const type = (asString(path?.type) ?? 'PathPrefix') as PathMatch['type'];
  let value = asString(path?.value) ?? '/';
  // createURIMatch: "When specified, a trailing `/` is ignored."
  if (type === 'PathPrefix' && value !== '/') value = value.replace(/\/$/, '');
  return {path: {type, value}, method: asString(match.method), headers, queryParams: valueMatches(match.queryParams)};
}

function valueMatches(list: unknown): ValueMatch[] {
  return asArray(list).flatMap((entry) => {
    const item = asObject(entry);
    const name = asString(item?.name);
    if (!item || name === undefined) return [];
    return [{name, type: asString(item.type) === 'RegularExpression' ? 'RegularExpression' : 'Exact', value: asString(item.value) ?? ''}];
  });
}

/** createGRPCURIMatch: a gRPC method is the path `/<service>/<method>`. */
function grpcPath(method: Obj | undefined): PathMatch | undefined {
  if (!method) return undefined;
  const service = asString(method.service);
  const name = asString(method.method);
  const regex = asString(method.type) === 'RegularExpression';
  if (service === undefined && name === undefined) return undefined;
  if (name === undefined) return regex ? {type: 'RegularExpression', value: `/${service}/.+`} : {type: 'PathPrefix', value: `/${service}/`};
  if (service === undefined) return {type: 'RegularExpression', value: `/[^/]+/${name}`};
  return regex ? {type: 'RegularExpression', value: `/${service}/${name}`} : {type: 'Exact', value: `/${service}/${name}`};
}

export function evaluateMatch(match: TranslatedMatch, request: SimRequest): MatchVerdict {
  if (match.path && !pathMatches(match.path, request.path)) {
    return {matched: false, reason: `path ${describePath(match.path)} but the path is ${JSON.stringify(request.path)}`};
  }
  if (match.method !== undefined && match.method !== request.method) {
    return {matched: false, reason: `method ${match.method} but the request is ${request.method}`};
  }
  for (const header of match.headers) {
    const actual = ownValue(request.headers, header.name.toLowerCase());
    if (!valueMatchesOne(header, actual)) {
      return {matched: false, reason: `header ${header.name.toLowerCase()} ${describeValue(header)} but the request has ${actual === undefined ? `no ${header.name.toLowerCase()} header` : JSON.stringify(actual)}`};
    }
  }
  if (match.queryParams.length > 0) {
    const params = queryParams(request.query);
    for (const param of match.queryParams) {
      const actual = params.get(param.name);
      if (!valueMatchesOne(param, actual)) {
        return {matched: false, reason: `query parameter ${param.name} ${describeValue(param)} but the request has ${actual === undefined ? `no ${param.name} parameter` : JSON.stringify(actual)}`};
      }
    }
  }
  return {matched: true};
}

export function pathMatches(path: PathMatch, requestPath: string): boolean {
  switch (path.type) {
    case 'Exact': return requestPath === path.value;
    case 'PathPrefix': return path.value === '/' || path.value.endsWith('/') ? requestPath.startsWith(path.value) : requestPath === path.value || requestPath.startsWith(`${path.value}/`);
    case 'RegularExpression': return re2Matches(path.value, requestPath);
  }
}

function valueMatchesOne(match: ValueMatch, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return match.type === 'Exact' ? actual === match.value : re2Matches(match.value, actual);
}

export function describePath(path: PathMatch): string {
  return `${path.type} ${JSON.stringify(path.value)}`;
}

function describeValue(match: ValueMatch): string {
  return `${match.type === 'Exact' ? '=' : '~'} ${JSON.stringify(match.value)}`;
}

/** The match in a few words, e.g. `PathPrefix "/api", header x-user = "jason"`. */
export function describeMatch(match: TranslatedMatch): string {
  const parts: string[] = [];
  if (match.path) parts.push(describePath(match.path));
  if (match.method) parts.push(`method ${match.method}`);
  for (const h of match.headers) parts.push(`header ${h.name.toLowerCase()} ${describeValue(h)}`);
  for (const q of match.queryParams) parts.push(`query ${q.name} ${describeValue(q)}`);
  return parts.length > 0 ? parts.join(', ') : 'any request';
}
