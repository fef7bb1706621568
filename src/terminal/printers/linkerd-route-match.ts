/**
 * Route matches as Linkerd 2.20's policy controller reads them from HTTPRoutes and GRPCRoutes
 * (policy-controller/k8s/index/src/routes/http.rs and routes/grpc.rs try_match, over the CRDs'
 * defaults) and sends them (grpc/src/routes/http.rs and routes/grpc.rs convert_match,
 * linkerd2-proxy-api v0.20.0's http_route.HttpRouteMatch and grpc_route.GrpcRouteMatch as
 * encoding/json sees the Go structs), for the inbound and outbound views of `diagnostics policy`.
 *
 * A match the controller cannot convert (a regex that does not compile, a header name or value
 * the `http` crate refuses, a relative path, a gRPC method matched by regex) fails the whole route:
 * the index logs "Failed to convert route" and leaves the route out. That is RouteConversionError.
 */
import {field, list, type ModelObject} from './model';
import type {GoValue} from './linkerd-policy-outbound';
import {Denied} from '../../engine/families/linkerd/admission/deny';
import {headerName, headerValue, regex} from '../../engine/families/linkerd/admission/httpRules';

/** An `anyhow` error of the index's convert_route: the route is dropped. */
export class RouteConversionError extends Error {
  override name = 'RouteConversionError';
}

/** Runs one of the webhook's checks (the same `parse` calls the index makes) and turns its denial into a conversion error. */
export function converted<T>(route: ModelObject, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Denied) throw new RouteConversionError(`${route.kind} ${route.name}: ${error.message}`);
    throw error;
  }
}

type PathMatch = {exact: string} | {prefix: string} | {regex: string};

/** A header or query parameter matched exactly or by regex (HeaderMatch / QueryParamMatch). */
export type ValueMatch = {name: string; exact: string} | {name: string; regex: string};

export interface RouteMatch {
  path?: PathMatch;
  headers: ValueMatch[];
  queryParams: ValueMatch[];
  method?: string;
}

/** routes/{http,grpc}.rs header_match: HeaderName::from_str lowercases the name; an exact value is a HeaderValue, else a compiled regex. */
function headerMatch(m: unknown, route: ModelObject): ValueMatch {
  const name = String(field(m, 'name') ?? '');
  const value = String(field(m, 'value') ?? '');
  return converted(route, () => {
    headerName(name, '');
    if ((field(m, 'type') ?? 'Exact') === 'RegularExpression') {
      regex(value, '');
      return {name: name.toLowerCase(), regex: value};
    }
    headerValue(value, '');
    return {name: name.toLowerCase(), exact: value};
  });
}

/** routes/http.rs try_match over the CRDs' defaults (a match's path: PathPrefix `/`; header and query matches: Exact). */
export function routeMatch(match: unknown, route: ModelObject): RouteMatch {
  const path = field(match, 'path') ?? {type: 'PathPrefix', value: '/'};
  const type = field(path, 'type') ?? 'PathPrefix';
  const value = String(field(path, 'value') ?? '/');
  const pathMatch: PathMatch = converted(route, () => {
    if (type === 'RegularExpression') {
      regex(value, '');
      return {regex: value};
    }
    if (!value.startsWith('/')) throw new RouteConversionError(`${route.kind} ${route.name}: HttpPathMatch paths must be absolute (begin with \`/\`)`);
    return type === 'Exact' ? {exact: value} : {prefix: value};
  });
  // A query parameter's name is kept as written; its regex is compiled.
  const queryParams = list(field(match, 'queryParams')).map((m): ValueMatch => {
    const name = String(field(m, 'name'));
    const text = String(field(m, 'value') ?? '');
    if ((field(m, 'type') ?? 'Exact') !== 'RegularExpression') return {name, exact: text};
    converted(route, () => regex(text, ''));
    return {name, regex: text};
  });
  const method = field(match, 'method');
  return {path: pathMatch, headers: list(field(match, 'headers')).map((m) => headerMatch(m, route)), queryParams, method: typeof method === 'string' ? method : undefined};
}

export interface GrpcMatch {
  rpc?: {service?: string; method?: string};
  headers: ValueMatch[];
}

/** routes/grpc.rs try_match: headers, and the method's service and name (a regex method match fails the route). */
export function grpcMatch(match: unknown, route: ModelObject): GrpcMatch {
  const method = field(match, 'method');
  if (method !== undefined && field(method, 'type') === 'RegularExpression') {
    throw new RouteConversionError(`${route.kind} ${route.name}: unsupported GRPCRoute method match type: Some(RegularExpression)`);
  }
  const text = (key: string): string | undefined => (typeof field(method, key) === 'string' ? field(method, key) as string : undefined);
  return {
    rpc: method === undefined ? undefined : {service: text('service'), method: text('method')},
    headers: list(field(match, 'headers')).map((m) => headerMatch(m, route)),
  };
}

/** A repeated field as encoding/json sees it under `omitempty`: an empty list is left out. */
export const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length === 0 ? undefined : items);

/** http_types HttpMethod's Registered enum. */
const METHODS: Record<string, number> = {GET: 0, POST: 1, PUT: 2, DELETE: 3, PATCH: 4, OPTIONS: 5, CONNECT: 6, HEAD: 7, TRACE: 8};

/** encoding/json's []byte: the UTF-8 bytes in standard base64 (btoa, which the browser has as well as Node). */
export const base64 = (text: string): string => btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(''));

/** A HeaderMatch's `value` oneof: exact bytes, or the regex as text. */
const headerMessage = (h: ValueMatch): GoValue => ({name: h.name, Value: 'exact' in h ? {Exact: base64(h.exact)} : {Regex: h.regex}});

/** routes/http.rs convert_match; a header's exact value is bytes, a query parameter's a string. */
export const matchMessage = (m: RouteMatch): GoValue => ({
  path: m.path === undefined ? undefined : {Kind: 'exact' in m.path ? {Exact: m.path.exact} : 'prefix' in m.path ? {Prefix: m.path.prefix} : {Regex: m.path.regex}},
  headers: nonEmpty(m.headers.map(headerMessage)),
  query_params: nonEmpty(m.queryParams.map((q) => ({name: q.name, Value: 'exact' in q ? {Exact: q.exact} : {Regex: q.regex}}))),
  method: m.method === undefined ? undefined : {Type: {Registered: METHODS[m.method]}},
});

/** routes/grpc.rs convert_match: the rpc (an unset service or method is the empty string, dropped by `omitempty`), then the headers. */
export const grpcMatchMessage = (m: GrpcMatch): GoValue => ({
  rpc: m.rpc && {service: m.rpc.service || undefined, method: m.rpc.method || undefined},
  headers: nonEmpty(m.headers.map(headerMessage)),
});
