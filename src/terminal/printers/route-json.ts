/**
 * The Envoy route objects istiod 1.30.3 builds, as istioctl's `proxy-config route -o json` prints
 * them: jsonpb (lowerCamelCase names, fields in the proto's declaration order, defaults left out,
 * int64 as strings, durations as "0s") from envoy/config/route/v3 RouteConfiguration, VirtualHost,
 * Route, RouteMatch, RouteAction, RetryPolicy. What istiod sets comes from
 * pilot/pkg/networking/core/route/route.go (TranslateRoute, TranslateRouteMatch,
 * applyHTTPRouteDestination, setTimeout, GetRouteOperation, BuildDefaultHTTPOutboundRoute),
 * route/retry/retry.go (the mesh's default policy), util.go AddConfigInfoMetadata and
 * httproute.go (virtual hosts, buildCatchAllVirtualHost, the route configuration's fields).
 * A route field the model does not translate here leaves the route a `gap` (its summary row stays printable).
 */
import {asArray, asObject} from '../../engine/istio/access';
import {ModelGap, type ModelObject} from './model';

export type JsonObject = Record<string, unknown>;
/** An Envoy object, or why the model cannot give it. */
export type EnvoyJson = JsonObject | {gap: string};

const NO_TIMEOUT = '0s';
/** route.DefaultMaxDirectResponseBodySizeBytes. */
const MAX_DIRECT_RESPONSE_BODY = 1048576;

/** retry.go cachedDefaultPolicy (no defaultHttpRetryPolicy in the mesh config). */
export const DEFAULT_RETRY_POLICY: JsonObject = {
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  numRetries: 2,
  retryHostPredicate: [{name: 'envoy.retry_host_predicates.previous_hosts', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate'}}],
  hostSelectionRetryMaxAttempts: '5',
};

/** setTimeout with no VirtualService timeout: no timeout, and no gRPC timeout either. */
const action = (specifier: JsonObject, retry: boolean): JsonObject => ({...specifier, timeout: NO_TIMEOUT, ...(retry ? {retryPolicy: DEFAULT_RETRY_POLICY} : {}), maxGrpcTimeout: NO_TIMEOUT});

/** BuildDefaultHTTPOutboundRoute: the route of a Service without a VirtualService. */
export function defaultOutboundRoute(cluster: string, hostname: string, port: number): JsonObject {
  return {name: 'default', match: {prefix: '/'}, route: action({cluster}, true), decorator: {operation: `${hostname}:${port}/*`}};
}

/** buildCatchAllVirtualHost's route: allow_any to PassthroughCluster, or block_all's 502. */
export function catchAllRoute(registryOnly: boolean): JsonObject {
  return registryOnly
    ? {name: 'block_all', match: {prefix: '/'}, directResponse: {status: 502}}
    : {name: 'allow_any', match: {prefix: '/'}, route: action({cluster: 'PassthroughCluster'}, false)};
}

/**
 * A VirtualHost in its declaration order (name, domains, routes, require_tls, …,
 * include_request_attempt_count): require_tls `ALL` where a gateway server redirects to HTTPS
 * (gateway.go buildGatewayHTTPRouteConfig), left out at its default NONE.
 */
export function virtualHostJson(name: string, domains: readonly string[], routes: readonly EnvoyJson[], includeRequestAttemptCount = true, requireTls?: 'ALL'): EnvoyJson {
  const gap = routes.find((r): r is {gap: string} => 'gap' in r);
  if (gap) return gap;
  return {name, domains, ...(routes.length > 0 ? {routes} : {}), ...(requireTls ? {requireTls} : {}), ...(includeRequestAttemptCount ? {includeRequestAttemptCount: true} : {})};
}

/** The RDS route configuration as httproute.go (and gateway.go) fill it. */
export function routeConfigurationJson(name: string, virtualHosts: readonly EnvoyJson[]): EnvoyJson {
  const gap = virtualHosts.find((v): v is {gap: string} => 'gap' in v);
  if (gap) return gap;
  return {name, virtualHosts, validateClusters: false, maxDirectResponseBodySizeBytes: MAX_DIRECT_RESPONSE_BODY, ignorePortInHostMatching: true};
}

/**
 * The inline route configuration of a bootstrap listener (tools/packaging/common/envoy_bootstrap.json:
 * prometheus on 15090, health on 15021), as Envoy keeps it: no name, one `backend` virtual host
 * routing a path prefix to a bootstrap cluster.
 */
export function bootstrapRouteConfigurationJson(prefix: string, cluster: string): JsonObject {
  return {virtualHosts: [{name: 'backend', domains: ['*'], routes: [{match: {prefix}, route: {cluster}}]}]};
}

/**
 * httproute.go buildSidecarInboundHTTPRouteConfig: the inline configuration of an inbound HTTP chain,
 * named by its cluster, one virtual host `inbound|http|PORT` on `*` (buildRouteVHostDomains) with
 * route.go BuildDefaultHTTPInboundRoute: no timeout, no stream duration limit, and two retries of
 * resets before the request except for gRPC; no max direct response size (sidecars leave it unset).
 */
export function inboundRouteConfigurationJson(cluster: string, servicePort: number, operation: string, grpc: boolean): JsonObject {
  const action = {cluster, timeout: NO_TIMEOUT, ...(grpc ? {} : {retryPolicy: {retryOn: 'reset-before-request', numRetries: 2}}), maxStreamDuration: {maxStreamDuration: NO_TIMEOUT, grpcTimeoutHeaderMax: NO_TIMEOUT}};
  return {name: cluster, virtualHosts: [{name: `inbound|http|${servicePort}`, domains: ['*'], routes: [{name: 'default', match: {prefix: '/'}, route: action, decorator: {operation}}]}], validateClusters: false};
}

/** util.ConvertToEnvoyMatch for exact, prefix and regex. */
function stringMatcher(match: Record<string, unknown>): JsonObject {
  if (typeof match.exact === 'string') return {exact: match.exact};
  if (typeof match.prefix === 'string' && match.prefix !== '') return {prefix: match.prefix};
  if (typeof match.regex === 'string' && match.regex !== '*' && match.regex !== '.*' && match.regex !== '') return {safeRegex: {regex: match.regex}};
  throw new ModelGap('a header match that istiod turns into a presence match is not translated here');
}

const TRANSLATED_MATCH_KEYS = new Set(['uri', 'headers', 'port', 'sourceLabels', 'gateways', 'sourceNamespace']);

/** TranslateRouteMatch for a VirtualService without gateway semantics. */
function routeMatch(match: Record<string, unknown> | undefined): JsonObject {
  if (match === undefined) return {prefix: '/'};
  const other = Object.keys(match).find((key) => !TRANSLATED_MATCH_KEYS.has(key));
  if (other) throw new ModelGap(`a match on ${other} is not translated to Envoy's JSON here`);
  const uri = asObject(match.uri);
  let path: JsonObject = {prefix: '/'};
  if (typeof uri?.exact === 'string') path = {path: uri.exact};
  else if (typeof uri?.prefix === 'string') path = {prefix: uri.prefix};
  else if (typeof uri?.regex === 'string') path = {safeRegex: {regex: uri.regex}};
  // Go map order, then sort.Slice by name: names are unique keys, so the order is the names'.
  const headers = Object.entries(asObject(match.headers) ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({name, stringMatch: stringMatcher(asObject(value) ?? {})}));
  return {...path, caseSensitive: true, ...(headers.length > 0 ? {headers} : {})};
}

const ROUTE_KEYS = new Set(['match', 'route', 'name']);
const DESTINATION_KEYS = new Set(['destination', 'weight']);

/**
 * TranslateRoute for one match (undefined: none) of a VirtualService's HTTP route on `listenPort`,
 * destinations as GetDestinationCluster names them (`lookupPorts`: a Service's ports by hostname).
 */
export function virtualServiceRouteJson(vs: ModelObject, http: Record<string, unknown>, match: Record<string, unknown> | undefined, listenPort: number, lookupPorts: (hostname: string) => number[] | undefined): EnvoyJson {
  try {
    const other = Object.keys(http).find((key) => !ROUTE_KEYS.has(key));
    if (other) throw new ModelGap(`VirtualService ${vs.namespace}/${vs.name} sets ${other}, which is not translated to Envoy's JSON here`);
    if (typeof http.name === 'string' || typeof match?.name === 'string') throw new ModelGap('named routes are not translated to Envoy\'s JSON here');
    const destinations = asArray(http.route).map((d) => asObject(d) ?? {});
    const cluster = (d: Record<string, unknown>): string => {
      const extra = Object.keys(d).find((key) => !DESTINATION_KEYS.has(key));
      if (extra) throw new ModelGap(`a route destination's ${extra} is not translated to Envoy's JSON here`);
      const destination = asObject(d.destination) ?? {};
      const host = String(destination.host ?? '');
      const hostname = host.includes('.') ? host : `${host}.${vs.namespace}.svc.cluster.local`;
      const ports = lookupPorts(hostname);
      const number = asObject(destination.port)?.number;
      const port = typeof number === 'number' ? number : ports?.length === 1 ? ports[0]! : listenPort;
      return `outbound|${port}|${typeof destination.subset === 'string' ? destination.subset : ''}|${hostname}`;
    };
    const weighted = destinations.filter((d) => destinations.length === 1 || Number(d.weight ?? 0) !== 0);
    const specifier = destinations.length === 1 ? {cluster: cluster(destinations[0]!)} : {weightedClusters: {clusters: weighted.map((d) => ({name: cluster(d), weight: Number(d.weight)}))}};
    const json = routeMatch(match);
    const path = typeof json.path === 'string' ? json.path : typeof json.prefix === 'string' ? `${json.prefix}*` : String(asObject(json.safeRegex)?.regex ?? '');
    // GetRouteOperation: the cluster's host and port, or (weighted) the VirtualService's name and the listener port.
    const parsed = typeof specifier.cluster === 'string' ? /^outbound\|(\d+)\|[^|]*\|(.+)$/.exec(specifier.cluster) : null;
    const operation = parsed ? `${parsed[2]}:${parsed[1]}${path}` : `${vs.name}:${listenPort}${path}`;
    return {
      match: json,
      route: action(specifier, true),
      metadata: {filterMetadata: {istio: {config: `/apis/networking.istio.io/v1/namespaces/${vs.namespace}/virtual-service/${vs.name}`}}},
      decorator: {operation},
    };
  } catch (error) {
    if (error instanceof ModelGap) return {gap: error.message};
    throw error;
  }
}

/** istioctl's output: json.MarshalIndent with four spaces (HTML characters escaped), then a newline. */
export function printJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
