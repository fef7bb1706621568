/**
 * The rate limits on a request's path, read from the lab.
 *
 * - Linkerd: the HTTPLocalRateLimitPolicy whose targetRef is the Server that admitted the request at
 *   the destination pod (one policy per Server; the oldest when several name it): `total` for the
 *   pod's proxy, `identity` per client identity (unmeshed clients share one bucket), `overrides` for
 *   the clients their ServiceAccount clientRefs name, replacing `identity` (linkerd2 policy-controller
 *   k8s/api policy/ratelimit_policy.rs; linkerd2-proxy server-policy local_rate_limit.rs check).
 * - Istio: EnvoyFilters that insert `envoy.filters.http.local_ratelimit` as an HTTP_FILTER: in the
 *   workload's namespace or the root namespace, their workloadSelector matching the proxy's labels,
 *   at SIDECAR_INBOUND (the destination pod), SIDECAR_OUTBOUND (the client's sidecar), GATEWAY (a
 *   gateway client) or ANY; the token bucket in the filter's own config, written directly or in a
 *   udpa TypedStruct's `value`. `filter_enabled` and `filter_enforced` are 0% unless written.
 */
import {parseGoDuration} from '../../engine/istio/durations';
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import type {ResourceRef} from '../decision';
import {resourceRef} from '../outcome';
import {labelsInclude, locate, stringLabels, type Located, type World, type WorldResource} from '../world';
import {rootNamespaceOf} from '../egress/mesh-config';

export const LOCAL_RATELIMIT_FILTER = 'envoy.filters.http.local_ratelimit';

export interface LinkerdLimit {
  policy: ResourceRef;
  total?: number;
  identity?: number;
  /** Overrides by client identity (`sa.ns.serviceaccount.identity.linkerd.cluster.local`). */
  overrides: Array<{rps: number; identities: string[]; index: number}>;
}

export function linkerdLimitFor(world: World, server: {name: string; namespace: string}, identityOf: (serviceAccount: string, namespace: string) => string): LinkerdLimit | undefined {
  const policy = world.ofKind('policy.linkerd.io', 'HTTPLocalRateLimitPolicy').find((p) => {
    const target = asObject(p.spec.targetRef);
    return p.namespace === server.namespace && asString(target?.kind)?.toLowerCase() === 'server' && asString(target?.name) === server.name;
  });
  if (!policy) return undefined;
  const rps = (value: unknown): number | undefined => asNumber(asObject(value)?.requestsPerSecond);
  return {
    policy: {...resourceRef(policy), at: locate(policy, 'spec')},
    total: rps(policy.spec.total),
    identity: rps(policy.spec.identity),
    overrides: asArray(policy.spec.overrides).map(asObject).flatMap((o, index) => {
      const value = o && rps(o);
      if (!o || !value) return [];
      const identities = asArray(o.clientRefs).map(asObject).filter((r): r is Obj => r !== undefined && asString(r.kind) === 'ServiceAccount')
        .map((r) => identityOf(asString(r.name) ?? '', asString(r.namespace) || policy.namespace));
      return [{rps: value, identities, index}];
    }),
  };
}

export type EnvoyContext = 'SIDECAR_INBOUND' | 'SIDECAR_OUTBOUND' | 'GATEWAY';

export interface EnvoyLimit {
  filter: ResourceRef;
  at?: Located;
  context: EnvoyContext;
  maxTokens: number;
  tokensPerFill: number;
  fillIntervalNs: number;
  /** filter_enabled × filter_enforced, 0..1. */
  enforced: number;
  status: number;
  problem?: string;
}

const DENOMINATORS: Record<string, number> = {HUNDRED: 100, TEN_THOUSAND: 10_000, MILLION: 1_000_000};

export function fraction(value: unknown): number {
  const percent = asObject(asObject(value)?.default_value ?? asObject(value)?.defaultValue);
  if (!percent) return 0;
  const denominator = DENOMINATORS[asString(percent.denominator) ?? 'HUNDRED'] ?? 100;
  return Math.min(1, (asNumber(percent.numerator) ?? 0) / denominator);
}

/** A protobuf Duration as JSON: "60s", "0.5s", or {seconds, nanos}. */
export function durationNs(value: unknown): number | undefined {
  if (typeof value === 'string') return /^\d+(\.\d+)?s$/.test(value) ? parseGoDuration(value) : undefined;
  const object = asObject(value);
  if (!object) return undefined;
  return (asNumber(object.seconds) ?? 0) * 1e9 + (asNumber(object.nanos) ?? 0);
}

export function filterConfig(value: Obj): Obj | undefined {
  const typed = asObject(value.typed_config ?? value.typedConfig);
  if (!typed) return undefined;
  return asString(typed['@type'])?.endsWith('udpa.type.v1.TypedStruct') || asString(typed['@type'])?.endsWith('xds.type.v3.TypedStruct') ? asObject(typed.value) : typed;
}

/** The local rate limits an EnvoyFilter puts on a proxy with `labels` in `namespace`, at the contexts asked for. */
export function envoyLimitsFor(world: World, namespace: string, labels: Record<string, string>, contexts: readonly EnvoyContext[]): EnvoyLimit[] {
  const out: EnvoyLimit[] = [];
  for (const filter of world.ofKind('networking.istio.io', 'EnvoyFilter')) {
    if (filter.namespace !== namespace && filter.namespace !== rootNamespaceOf(world)) continue;
    const selector = asObject(filter.spec.workloadSelector);
    if (selector && !labelsInclude(labels, stringLabels(selector.labels))) continue;
    asArray(filter.spec.configPatches).forEach((value, index) => {
      const patch = asObject(value);
      const written = asString(asObject(patch?.match)?.context) ?? 'ANY';
      const contextsHere = written === 'ANY' ? contexts : contexts.filter((c) => c === written);
      const inserted = asObject(asObject(patch?.patch)?.value);
      if (!patch || asString(patch.applyTo) !== 'HTTP_FILTER' || contextsHere.length === 0 || asString(inserted?.name) !== LOCAL_RATELIMIT_FILTER) return;
      const config = filterConfig(inserted!);
      const bucket = asObject(config?.token_bucket ?? config?.tokenBucket);
      const fill = durationNs(bucket?.fill_interval ?? bucket?.fillInterval);
      const maxTokens = asNumber(bucket?.max_tokens ?? bucket?.maxTokens);
      const at = locate(filter, 'spec', 'configPatches', index);
      const base = {filter: resourceRef(filter), at, context: contextsHere[0]!, status: asNumber(asObject(config?.status)?.code) ?? 429};
      if (!bucket || maxTokens === undefined || !fill) {
        out.push({...base, maxTokens: 0, tokensPerFill: 0, fillIntervalNs: 0, enforced: 0, problem: 'no token_bucket with max_tokens and fill_interval in the filter config: it limits only the routes an HTTP_ROUTE patch gives a local rate limit of their own'});
        return;
      }
      const enforced = fraction(config?.filter_enabled ?? config?.filterEnabled) * fraction(config?.filter_enforced ?? config?.filterEnforced);
      out.push({...base, maxTokens, tokensPerFill: asNumber(bucket.tokens_per_fill ?? bucket.tokensPerFill) ?? 1, fillIntervalNs: fill, enforced});
    });
  }
  return out;
}

export function describeEnvoyLimit(limit: EnvoyLimit): string {
  if (limit.problem) return limit.problem;
  const per = limit.fillIntervalNs / 1e9;
  return `token bucket of ${limit.maxTokens}, ${limit.tokensPerFill} every ${per}s${limit.enforced < 1 ? `, enforced for ${Math.round(limit.enforced * 10000) / 100}% of requests` : ''}`;
}

export type {WorldResource};
