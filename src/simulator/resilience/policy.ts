/**
 * The numbers a timeline runs on, read from the routing decision and the DestinationRule as
 * istiod hands them to Envoy:
 *
 * - Route `timeout`: none unless the route sets one (Istio writes 0, disabling Envoy's 15 s
 *   default: route.go setTimeout). It bounds the whole request, retries included; when it
 *   fires the client gets 504 with flag UT.
 * - Retries (route/retry/retry.go ConvertPolicy): `attempts` retries (mesh default 2), each try
 *   bounded by `perTryTimeout` (none by default), on `retryOn`; integers in `retryOn` are
 *   retriable status codes. Back-off (Envoy router docs, "x-envoy-max-retries"): fully
 *   jittered exponential, retry N waits in [0, (2^N - 1) × base) with base 25 ms (or the
 *   route's `retries.backoff`), capped at 10 × base (250 ms). The timeline takes the upper
 *   bound of each wait: the worst case, and deterministic.
 * - Outlier detection (cluster_traffic_policy.go applyOutlierDetection; Envoy outlier
 *   detection docs): `consecutive5xxErrors` (Envoy's default 5 applies when unset, enforced),
 *   `consecutiveGatewayErrors` (off unless set), `interval` 10 s, `baseEjectionTime` 30 s,
 *   `maxEjectionPercent` 10 (Envoy's default; Istio passes a value only when > 0), Envoy's
 *   `max_ejection_time` 300 s. Without `outlierDetection` nothing is ejected. A subset's
 *   trafficPolicy replaces the rule's `outlierDetection` for that subset, and a `portLevelSettings`
 *   entry for the destination's port replaces its policy's, unset parts included (util.go
 *   MergeSubsetTrafficPolicy).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {parseGoDuration} from '../../engine/istio/durations';
import type {Decision, DestinationDecision} from '../decision';
import {destinationRuleFor} from '../destinations';
import type {World, WorldResource} from '../world';
import {portTrafficPolicy, type PortTrafficPolicy} from '../../engine/model/traffic-policy';
import {LINKERD_RETRY_BACKOFF, linkerdBackoffUpperBound} from './linkerd-backoff';

export const ENVOY_BACKOFF_BASE_MS = 25;
/** Envoy caps a retry's back-off at ten times the base interval. */
export const ENVOY_BACKOFF_MAX_FACTOR = 10;
/** Retries a timeline follows per request: Istio accepts any int32, a timeline stops here. */
export const MAX_SIMULATED_RETRIES = 100;

export interface RetryPolicy {
  retries: number;
  perTryTimeoutMs?: number;
  retryOn: Set<string>;
  retriableStatusCodes: Set<number>;
  backoffBaseMs: number;
  backoffMaxMs: number;
  from: 'route' | 'mesh default' | 'disabled';
  /** Linkerd's proxy backs off by its own rule (linkerd.ts); Envoy's otherwise. */
  backoffKind?: 'linkerd';
}

export interface OutlierPolicy {
  consecutive5xx?: number;
  consecutiveGateway?: number;
  intervalMs: number;
  baseEjectionMs: number;
  maxEjectionPercent: number;
  maxEjectionMs: number;
  from: string;
}

export function ms(duration: string | undefined): number | undefined {
  if (duration === undefined) return undefined;
  const nanos = parseGoDuration(duration);
  return nanos === undefined ? undefined : nanos / 1e6;
}

export function timeoutMs(decision: Decision): number | undefined {
  const value = decision.timeout ? ms(decision.timeout) : undefined;
  return value !== undefined && value > 0 ? value : undefined;
}

/** The retry policy of a routed decision; `backoff` is read from the route (decisions keep only what routing needs). */
export function retryPolicy(decision: Decision, backoff: string | undefined): RetryPolicy {
  const r = decision.retries;
  const baseMs = ms(backoff) ?? ENVOY_BACKOFF_BASE_MS;
  if (!r) return {retries: 0, retryOn: new Set(), retriableStatusCodes: new Set(), backoffBaseMs: baseMs, backoffMaxMs: baseMs * ENVOY_BACKOFF_MAX_FACTOR, from: 'disabled'};
  const conditions = r.retryOn.split(',').map((c) => c.trim()).filter(Boolean);
  const codes = new Set(conditions.filter((c) => /^\d+$/.test(c)).map(Number));
  const retryOn = new Set(conditions.filter((c) => !/^\d+$/.test(c)));
  if (codes.size > 0) retryOn.add('retriable-status-codes');
  const perTry = ms(r.perTryTimeout);
  return {
    retries: r.attempts, perTryTimeoutMs: perTry !== undefined && perTry > 0 ? perTry : undefined, retryOn, retriableStatusCodes: codes,
    backoffBaseMs: baseMs, backoffMaxMs: baseMs * ENVOY_BACKOFF_MAX_FACTOR, from: r.from,
  };
}

/** Upper bound of the wait before retry `n` (from 1): (2^n - 1) × base, capped. */
export function backoffUpperBound(policy: RetryPolicy, n: number): number {
  if (policy.backoffKind === 'linkerd') return linkerdBackoffUpperBound(n);
  return Math.min((2 ** Math.min(n, 30) - 1) * policy.backoffBaseMs, policy.backoffMaxMs);
}

/** Linkerd's retries: the route's limit and per-try timeout, the controller's fixed back-off (linkerd.ts). */
export function linkerdRetryPolicy(decision: Decision): RetryPolicy {
  const base = retryPolicy(decision, undefined);
  return {...base, backoffBaseMs: LINKERD_RETRY_BACKOFF.minMs, backoffMaxMs: LINKERD_RETRY_BACKOFF.maxMs, backoffKind: 'linkerd'};
}

/** The route's `retries.backoff`, found again from the decision's route location. */
export function routeBackoff(world: World, decision: Decision): string | undefined {
  const ref = decision.route?.virtualService;
  if (!ref || ref.kind !== 'VirtualService') return undefined;
  const vs = world.virtualServices.find((v) => v.name === ref.name && v.namespace === ref.namespace);
  return asString(asObject(asObject(asArray(vs?.spec.http)[decision.route!.index])?.retries)?.backoff);
}

/**
 * The traffic policy of the destination's cluster at a proxy in namespace `proxyNamespace`: the merged
 * DestinationRules' trafficPolicy (the first that has one, as destination_rule.go mergeDestinationRule
 * keeps it) and the subset's (its first definition), for the destination's port
 * (../../engine/model/traffic-policy.ts).
 */
export function destinationTrafficPolicy(world: World, destination: DestinationDecision, proxyNamespace: string): PortTrafficPolicy {
  const service = world.serviceByFqdn(destination.host);
  const rules = destinationRuleFor(world, destination.host, proxyNamespace, service?.namespace);
  const named = (rule: WorldResource): string => `DestinationRule ${rule.namespace}/${rule.name}`;
  const withPolicy = rules.find((rule) => asObject(rule.spec.trafficPolicy) !== undefined);
  const subsetOf = (rule: WorldResource): Obj | undefined => asArray(rule.spec.subsets).map(asObject).find((s) => asString(s?.name) === destination.subset);
  const withSubset = destination.subset === undefined ? undefined : rules.find((rule) => subsetOf(rule) !== undefined);
  return portTrafficPolicy(
    withPolicy && {policy: asObject(withPolicy.spec.trafficPolicy), at: named(withPolicy)},
    withSubset && {policy: asObject(subsetOf(withSubset)!.trafficPolicy), at: `${named(withSubset)} subset ${destination.subset}`},
    destination.port,
  );
}

/** The outlier detection a proxy in namespace `proxyNamespace` (the client's, by default) applies to the destination. */
export function outlierPolicy(world: World, decision: Decision, destination: DestinationDecision, proxyNamespace = decision.source.namespace): OutlierPolicy | undefined {
  const chosen = destinationTrafficPolicy(world, destination, proxyNamespace);
  const outlier = asObject(chosen.parts.outlierDetection);
  return outlier && readOutlier(outlier, chosen.where.outlierDetection!);
}

function readOutlier(o: Obj, from: string): OutlierPolicy {
  const five = asNumber(o.consecutive5xxErrors);
  const gateway = asNumber(o.consecutiveGatewayErrors);
  const max = asNumber(o.maxEjectionPercent);
  return {
    consecutive5xx: five === undefined ? 5 : five > 0 ? five : undefined,
    consecutiveGateway: gateway !== undefined && gateway > 0 ? gateway : undefined,
    intervalMs: positive(ms(asString(o.interval))) ?? 10_000,
    baseEjectionMs: positive(ms(asString(o.baseEjectionTime))) ?? 30_000,
    maxEjectionPercent: max !== undefined && max > 0 ? Math.min(max, 100) : 10,
    maxEjectionMs: 300_000,
    from,
  };
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}
