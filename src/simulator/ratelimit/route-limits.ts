/**
 * Envoy's per-route local rate limits, as Istio's EnvoyFilters write them (the istio.io task
 * "Enabling Rate Limits using Envoy", local rate limit): an HTTP_FILTER patch inserts
 * `envoy.filters.http.local_ratelimit` into the chain (often with no bucket of its own), and an
 * HTTP_ROUTE patch MERGEs onto the routes
 *
 * - `typed_per_filter_config["envoy.filters.http.local_ratelimit"]`: a LocalRateLimit that replaces
 *   the filter's own config on those routes (the filter "applies a token bucket rate limit when the
 *   request's route or virtual host has a per filter local rate limit configuration"), with a
 *   default `token_bucket` and `descriptors`, each a list of `entries` (key, value) and its own
 *   `token_bucket`;
 * - `rate_limits`: each entry's `actions` build one descriptor for the request, entry by entry
 *   (`request_headers` header → descriptor_key, `generic_key` (key `generic_key` unless
 *   `descriptor_key`), `header_value_match` (key `header_match`, when the headers match as
 *   `expect_match` says, true by default)); an action that cannot produce its entry (a missing
 *   header) drops that descriptor (Envoy RateLimit route config: "If an action cannot append a
 *   descriptor entry, no descriptor is generated for the configuration").
 *
 * A request's descriptors that equal a configured one (same entries, same order) take a token
 * from its bucket, the slowest-filling first; the default bucket is also consumed, when no
 * descriptor matched or `always_consume_default_token_bucket` (true unless written false) says so.
 * Routes are matched by `routeConfiguration.vhost.route.name` (the VirtualService http route's
 * name; inbound routes are named `default`) or `action: ANY`, and an inbound vhost name
 * `inbound|http|<port>`; at an ingress gateway (GATEWAY) by the virtual host `host:port` and
 * `portNumber`, the server's port. Actions beyond these three are not simulated: their descriptor is
 * dropped, and the plan says so.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';

const asBoolean = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
import type {ResourceRef} from '../decision';
import {resourceRef} from '../outcome';
import {labelsInclude, stringLabels, type World} from '../world';
import {durationNs, filterConfig, fraction, LOCAL_RATELIMIT_FILTER, type EnvoyContext} from './policies';
import {rootNamespaceOf} from '../egress/mesh-config';

export interface Bucket {
  maxTokens: number;
  tokensPerFill: number;
  fillIntervalNs: number;
}

export interface RouteLimit {
  filter: ResourceRef;
  /** The route's default bucket, if written. */
  bucket?: Bucket;
  /** The descriptors the request produced that match a configured one, slowest-filling first. */
  matched: Array<{entries: string; bucket: Bucket}>;
  /** The descriptors the request produced, as `key=value, key=value`. */
  produced: string[];
  consumeDefault: boolean;
  enforced: number;
  status: number;
  notes: string[];
}

export interface RouteRequest {
  method: string;
  host: string;
  path: string;
  headers: Record<string, string>;
  port: number;
  /** The VirtualService http route's name, when the request took a named route. */
  routeName?: string;
  /** At a gateway: the virtual host that served the request, `host:port` (gateway.go util.DomainName of the server's port). */
  virtualHost?: string;
}

function bucketOf(value: unknown): Bucket | undefined {
  const b = asObject(value);
  const maxTokens = asNumber(b?.max_tokens ?? b?.maxTokens);
  const fill = durationNs(b?.fill_interval ?? b?.fillInterval);
  if (!b || maxTokens === undefined || !fill) return undefined;
  return {maxTokens, tokensPerFill: asNumber(b.tokens_per_fill ?? b.tokensPerFill) ?? 1, fillIntervalNs: fill};
}

function header(request: RouteRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === ':path') return request.path;
  if (lower === ':method') return request.method;
  if (lower === ':authority' || lower === 'host') return request.host;
  return request.headers[lower];
}

function headerMatches(request: RouteRequest, matcher: Obj): boolean {
  const value = header(request, asString(matcher.name) ?? '');
  const invert = asBoolean(matcher.invert_match ?? matcher.invertMatch) === true;
  let ok: boolean;
  const string = asObject(matcher.string_match ?? matcher.stringMatch);
  if (matcher.present_match !== undefined || matcher.presentMatch !== undefined) ok = value !== undefined;
  else if (value === undefined) ok = false;
  else if (string) {
    const ignore = asBoolean(string.ignore_case ?? string.ignoreCase) === true;
    const v = ignore ? value.toLowerCase() : value;
    const cmp = (x: unknown) => (ignore ? asString(x)?.toLowerCase() : asString(x));
    ok = string.exact !== undefined ? v === cmp(string.exact) : string.prefix !== undefined ? v.startsWith(cmp(string.prefix) ?? '\0')
      : string.suffix !== undefined ? v.endsWith(cmp(string.suffix) ?? '\0') : string.contains !== undefined ? v.includes(cmp(string.contains) ?? '\0') : false;
  } else if (matcher.exact_match !== undefined) ok = value === asString(matcher.exact_match);
  else if (matcher.prefix_match !== undefined) ok = value.startsWith(asString(matcher.prefix_match) ?? '\0');
  else ok = true;
  return invert ? !ok : ok;
}

/** One rate_limits entry's descriptor for the request, or why it has none. */
function descriptorFor(request: RouteRequest, rateLimit: Obj): {entries?: Array<[string, string]>; unsupported?: string} {
  const entries: Array<[string, string]> = [];
  for (const value of asArray(rateLimit.actions)) {
    const action = asObject(value) ?? {};
    const requestHeaders = asObject(action.request_headers ?? action.requestHeaders);
    const generic = asObject(action.generic_key ?? action.genericKey);
    const match = asObject(action.header_value_match ?? action.headerValueMatch);
    if (requestHeaders) {
      const found = header(request, asString(requestHeaders.header_name ?? requestHeaders.headerName) ?? '');
      if (found === undefined) {
        if (asBoolean(requestHeaders.skip_if_absent ?? requestHeaders.skipIfAbsent) === true) continue;
        return {};
      }
      entries.push([asString(requestHeaders.descriptor_key ?? requestHeaders.descriptorKey) ?? '', found]);
    } else if (generic) {
      entries.push([asString(generic.descriptor_key ?? generic.descriptorKey) ?? 'generic_key', asString(generic.descriptor_value ?? generic.descriptorValue) ?? '']);
    } else if (match) {
      const expect = asBoolean(match.expect_match ?? match.expectMatch) !== false;
      const all = asArray(match.headers).map(asObject).every((h) => h !== undefined && headerMatches(request, h));
      if (all !== expect) return {};
      entries.push([asString(match.descriptor_key ?? match.descriptorKey) ?? 'header_match', asString(match.descriptor_value ?? match.descriptorValue) ?? '']);
    } else {
      return {unsupported: Object.keys(action)[0] ?? 'an empty action'};
    }
  }
  return entries.length ? {entries} : {};
}

const text = (entries: ReadonlyArray<readonly [string, string]>): string => entries.map(([k, v]) => `${k}=${v}`).join(', ');

/**
 * rc_patch.go routeConfigurationMatch, vhostMatch, routeMatch. At a gateway the route configuration
 * of a plaintext HTTP server is `http.<pod port>`: its `portNumber` is matched through the gateway's
 * port map, so the server's (the Service's) port matches, and it has no port name or gateway
 * (ParseGatewayRDSRouteName), so a match naming either never holds; its virtual hosts are `host:port`.
 */
function routeMatches(patch: Obj, request: RouteRequest, context: EnvoyContext): boolean {
  const configuration = asObject(asObject(patch.match)?.routeConfiguration);
  const vhost = asObject(configuration?.vhost);
  const vhostName = asString(vhost?.name);
  if (vhostName !== undefined && context === 'SIDECAR_INBOUND' && vhostName !== `inbound|http|${request.port}`) return false;
  if (context === 'GATEWAY') {
    const portNumber = asNumber(configuration?.portNumber);
    if (portNumber !== undefined && portNumber !== 0 && portNumber !== request.port) return false;
    if (asString(configuration?.portName) || asString(configuration?.gateway)) return false;
    if (vhostName !== undefined && vhostName !== request.virtualHost) return false;
  }
  const route = asObject(vhost?.route);
  const name = asString(route?.name);
  if (name !== undefined) return name === (context === 'SIDECAR_INBOUND' ? 'default' : request.routeName);
  const action = asString(route?.action) ?? 'ANY';
  return action === 'ANY' || action === 'ROUTE';
}

/** The per-route local rate limit an EnvoyFilter MERGEs onto the request's route at this proxy, if any (the last patch wins). */
export function routeLimitFor(world: World, namespace: string, labels: Record<string, string>, context: EnvoyContext, request: RouteRequest): RouteLimit | undefined {
  let found: RouteLimit | undefined;
  for (const filter of world.ofKind('networking.istio.io', 'EnvoyFilter')) {
    if (filter.namespace !== namespace && filter.namespace !== rootNamespaceOf(world)) continue;
    const selector = asObject(filter.spec.workloadSelector);
    if (selector && !labelsInclude(labels, stringLabels(selector.labels))) continue;
    for (const value of asArray(filter.spec.configPatches)) {
      const patch = asObject(value);
      const written = asString(asObject(patch?.match)?.context) ?? 'ANY';
      if (!patch || asString(patch.applyTo) !== 'HTTP_ROUTE' || (written !== 'ANY' && written !== context) || !routeMatches(patch, request, context)) continue;
      const merged = asObject(asObject(patch.patch)?.value);
      const perFilter = asObject(asObject(merged?.typed_per_filter_config ?? merged?.typedPerFilterConfig)?.[LOCAL_RATELIMIT_FILTER]);
      if (!merged || !perFilter) continue;
      const config = filterConfig({typed_config: perFilter}) ?? {};
      const notes: string[] = [];
      const configured = asArray(config.descriptors).map(asObject).flatMap((d) => {
        const entries = asArray(d?.entries).map(asObject).map((e) => [asString(e?.key) ?? '', asString(e?.value) ?? ''] as [string, string]);
        const bucket = bucketOf(d?.token_bucket ?? d?.tokenBucket);
        return bucket && entries.length ? [{entries: text(entries), bucket}] : [];
      });
      const produced: string[] = [];
      for (const rateLimit of asArray(merged.rate_limits ?? merged.rateLimits).map(asObject)) {
        if (!rateLimit) continue;
        const {entries, unsupported} = descriptorFor(request, rateLimit);
        if (unsupported) notes.push(`EnvoyFilter ${filter.namespace}/${filter.name}: the rate_limits action ${unsupported} is not simulated: its descriptor is left out`);
        if (entries) produced.push(text(entries));
      }
      // Envoy checks the matched buckets slowest-filling first, by fillRate(): tokens_per_fill over
      // fill_interval in seconds as a double, so 15 per 1s comes before 10 per 0.5s (envoy
      // local_ratelimit_impl.cc, RateLimitTokenBucket's constructor and LocalRateLimiterImpl::requestAllowed;
      // older Envoys divided by whole seconds). std::sort is not stable, so between equal fill rates
      // the order is unspecified: we keep the order the descriptors are configured in.
      const matched = configured.filter((d) => produced.includes(d.entries))
        .sort((a, b) => a.bucket.tokensPerFill / a.bucket.fillIntervalNs - b.bucket.tokensPerFill / b.bucket.fillIntervalNs);
      found = {
        filter: resourceRef(filter), bucket: bucketOf(config.token_bucket ?? config.tokenBucket), matched, produced,
        consumeDefault: asBoolean(config.always_consume_default_token_bucket ?? config.alwaysConsumeDefaultTokenBucket) !== false,
        enforced: fraction(config.filter_enabled ?? config.filterEnabled) * fraction(config.filter_enforced ?? config.filterEnforced),
        status: asNumber(asObject(config.status)?.code) ?? 429, notes,
      };
    }
  }
  return found;
}

export function describeBucket(bucket: Bucket): string {
  return `token bucket of ${bucket.maxTokens}, ${bucket.tokensPerFill} every ${bucket.fillIntervalNs / 1e9}s`;
}
