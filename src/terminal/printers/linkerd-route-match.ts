/**
 * An HTTP route match as Linkerd 2.20's policy controller reads it from an HTTPRoute
 * (policy-controller/k8s/index/src/routes/http.rs try_match, over the CRDs' defaults) and sends it
 * (grpc/src/routes/http.rs convert_match, linkerd2-proxy-api v0.20.0's http_route.HttpRouteMatch as
 * encoding/json sees the Go struct), for the inbound and outbound views of `diagnostics policy`.
 */
import {field, list, ModelGap, type ModelObject} from './model';
import type {GoValue} from './linkerd-policy-outbound';

type PathMatch = {exact: string} | {prefix: string};

export interface RouteMatch {
  path?: PathMatch;
  headers: {name: string; exact: string}[];
  queryParams: {name: string; exact: string}[];
  method?: string;
}

/** routes/http.rs try_match over the CRDs' defaults (a match's path: PathPrefix `/`; header and query matches: Exact). */
export function routeMatch(match: unknown, route: ModelObject): RouteMatch {
  const path = field(match, 'path') ?? {type: 'PathPrefix', value: '/'};
  const type = field(path, 'type') ?? 'PathPrefix';
  const value = String(field(path, 'value') ?? '/');
  if (type === 'RegularExpression') throw new ModelGap(`${route.kind} ${route.name} matches a path by regular expression, which this model of the policy controller does not compile`);
  const exactOnly = (key: string): {name: string; exact: string}[] => list(field(match, key)).map((m) => {
    if ((field(m, 'type') ?? 'Exact') !== 'Exact') throw new ModelGap(`${route.kind} ${route.name} matches ${key === 'headers' ? 'a header' : 'a query parameter'} by regular expression, which this model of the policy controller does not compile`);
    // HeaderName::from_str lowercases a header's name; a query parameter's is kept.
    return {name: key === 'headers' ? String(field(m, 'name')).toLowerCase() : String(field(m, 'name')), exact: String(field(m, 'value') ?? '')};
  });
  const method = field(match, 'method');
  return {path: type === 'Exact' ? {exact: value} : {prefix: value}, headers: exactOnly('headers'), queryParams: exactOnly('queryParams'), method: typeof method === 'string' ? method : undefined};
}

/** A repeated field as encoding/json sees it under `omitempty`: an empty list is left out. */
export const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length === 0 ? undefined : items);

/** http_types HttpMethod's Registered enum. */
const METHODS: Record<string, number> = {GET: 0, POST: 1, PUT: 2, DELETE: 3, PATCH: 4, OPTIONS: 5, CONNECT: 6, HEAD: 7, TRACE: 8};

/** encoding/json's []byte: the UTF-8 bytes in standard base64 (btoa, which the browser has as well as Node). */
const base64 = (text: string): string => btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(''));

/** routes/http.rs convert_match; a header's exact value is bytes. */
export const matchMessage = (m: RouteMatch): GoValue => ({
  path: m.path === undefined ? undefined : {Kind: 'exact' in m.path ? {Exact: m.path.exact} : {Prefix: m.path.prefix}},
  headers: nonEmpty(m.headers.map((h) => ({name: h.name, Value: {Exact: base64(h.exact)}}))),
  query_params: nonEmpty(m.queryParams.map((q) => ({name: q.name, Value: {Exact: q.exact}}))),
  method: m.method === undefined ? undefined : {Type: {Registered: METHODS[m.method]}},
});
