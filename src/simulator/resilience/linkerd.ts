/**
 * What changes in a timeline when Linkerd's proxy is the client (Linkerd 2.20; linkerd2-proxy
 * v2.359.0, the version linkerd2's `.proxy-version` names):
 *
 * - Retries sit above the route's backend distribution (app/outbound/src/http/logical/policy/
 *   route.rs: `NewHttpRetry` wraps `NewDistribute`), so every retry draws a weighted backendRef
 *   again: a request that met an error backend can be retried onto a healthy one. Envoy picks
 *   a weighted cluster once per request, and Istio's retries stay on it.
 * - Back-off (policy-controller grpc/src/outbound/http.rs convert_retry): min 25 ms, max 250 ms,
 *   jitter ratio 1.0, through the proxy's ExponentialBackoff (linkerd/exp-backoff: base
 *   min × 2^k capped at max, plus up to base × jitter, never above max): retry n waits at most
 *   min(25 × 2^n, 250) ms.
 * - What is retried (route/retry.rs RetryPolicy::is_retryable): responses whose status is in
 *   the annotation's ranges (`5xx` 500–599, `gateway-error` 502–504, codes, `lo-hi`), a
 *   per-try (response headers) timeout, and a fail-fast error; not a connection error or the
 *   error an invalid backend raises.
 * - The client's proxy answers its own errors (app/outbound/src/http/server.rs ServerRescue):
 *   504 for a timeout or fail-fast, 503 for a request shed while its backend is in fail-fast
 *   (linkerd-failfast.ts), 502 for a connection that failed; no Envoy response flags.
 * - No DestinationRule is read: instead, failure accrual from the annotations of the Service the
 *   request addresses (policy-controller k8s/index/src/outbound/index.rs parse_accrual_config):
 *   `balancer.linkerd.io/failure-accrual: consecutive` with `…-consecutive-max-failures` (7),
 *   `…-min-penalty` (1s), `…-max-penalty` (1m), `…-jitter-ratio` (0.5); `unified` adds the
 *   success rate (`balancer.alpha.linkerd.io/failure-accrual-success-rate-threshold` 0.8,
 *   `…-window` 10s, `…-min-requests` 5: policy-controller core/src/outbound.rs DEFAULT_SUCCESS_RATE_*);
 *   a value the controller cannot parse leaves the Service without failure accrual (it logs a warning).
 */
import {asObject, asString} from '../../engine/istio/access';
import type {Decision} from '../decision';
import {meshOf} from '../gatewayapi/mesh';
import {parseLinkerdDuration} from '../gatewayapi/linkerd-annotations';
import type {World} from '../world';
import type {AnswerClass, HostState, OutlierEvent} from './outlier';
import {SuccessRateWindow} from './linkerd-success-rate';


/** The unified mode's success-rate dimension; a threshold of 0 turns it off. */
export interface SuccessRatePolicy {
  threshold: number;
  windowMs: number;
  minRequests: number;
}

export interface AccrualPolicy {
  mode: 'consecutive' | 'unified';
  /** 0 turns the consecutive dimension off in the unified mode. */
  maxFailures: number;
  successRate?: SuccessRatePolicy;
  minPenaltyMs: number;
  maxPenaltyMs: number;
  jitter: number;
  from: string;
}

/** Whether Linkerd's proxy routes this decision (its route, or a Linkerd-meshed client). */
export function linkerdRoutes(world: World, decision: Decision): boolean {
  if (decision.gatewayApi) return decision.gatewayApi.mesh === 'linkerd';
  return decision.source.kind === 'sidecar' && meshOf(world, decision.source) === 'linkerd';
}

/** The statuses `retry.linkerd.io/http` retries (the router reads `5xx` when only a limit or timeout is given). */
export function linkerdRetryStatuses(conditions: string): (status: number) => boolean {
  const ranges: Array<[number, number]> = [];
  for (const raw of conditions.split(',')) {
    const c = raw.trim().toLowerCase();
    if (c === '5xx') ranges.push([500, 599]);
    else if (c === 'gateway-error') ranges.push([502, 504]);
    else if (/^\d+$/.test(c)) ranges.push([Number(c), Number(c)]);
    else if (/^\d+-\d+$/.test(c)) ranges.push(c.split('-').map(Number) as [number, number]);
  }
  return (status) => ranges.some(([lo, hi]) => status >= lo && status <= hi);
}

/** The failure accrual of the Service the request addresses, or why it has none. */
export function accrualPolicy(world: World, decision: Decision): {policy?: AccrualPolicy; problem?: string} {
  const parent = decision.gatewayApi?.parent.kind === 'Service' ? decision.gatewayApi.parent : undefined;
  const service = parent ? world.services.find((s) => s.name === parent.name && s.namespace === parent.namespace)
    : decision.destinations[0] ? world.serviceByFqdn(decision.destinations[0].host) : undefined;
  if (!service) return {};
  const annotations = asObject(service.metadata.annotations) ?? {};
  const read = (suffix: string): string | undefined => asString(annotations[`balancer.linkerd.io/failure-accrual${suffix}`]);
  const from = `Service ${service.namespace}/${service.name}`;
  const mode = read('');
  if (mode === undefined) return {};
  const fail = (why: string) => ({problem: `${from}: ${why}: the policy controller ignores its failure accrual (it logs a warning)`});
  if (mode !== 'consecutive' && mode !== 'unified') return fail(`unsupported failure accrual mode: ${mode}`);
  const maxText = read('-consecutive-max-failures');
  if (maxText !== undefined && !/^\d+$/.test(maxText.trim())) return fail(`failure-accrual-consecutive-max-failures "${maxText}" is not a whole number`);
  const duration = (suffix: string, fallback: number): number | string => {
    const text = read(suffix);
    if (text === undefined) return fallback;
    const parsed = parseLinkerdDuration(text);
    return typeof parsed === 'number' ? parsed : `failure-accrual${suffix}: ${parsed.error}`;
  };
  const max = duration('-consecutive-max-penalty', 60_000);
  const min = duration('-consecutive-min-penalty', 1000);
  if (typeof max === 'string') return fail(max);
  if (typeof min === 'string') return fail(min);
  const jitterText = read('-consecutive-jitter-ratio');
  const jitter = jitterText === undefined ? 0.5 : Number(jitterText.trim());
  if (jitterText !== undefined && (jitterText.trim() === '' || !Number.isFinite(jitter))) return fail(`failure-accrual-consecutive-jitter-ratio "${jitterText}" is not a number`);
  if (min > max) return fail(`min_penalty (${min} ms) cannot exceed max_penalty (${max} ms)`);
  if (max <= 0) return fail('max_penalty cannot be zero');
  if (jitter < 0 || jitter > 100) return fail('jitter must be from 0 to 100');
  const maxFailures = maxText === undefined ? 7 : Number(maxText.trim());
  if (mode === 'consecutive') return {policy: {mode, maxFailures, minPenaltyMs: min, maxPenaltyMs: max, jitter, from}};
  const successRate = successRatePolicy((suffix) => asString(annotations[`${SUCCESS_RATE_KEY}${suffix}`]));
  if (typeof successRate === 'string') return fail(successRate);
  return {policy: {mode, maxFailures, successRate, minPenaltyMs: min, maxPenaltyMs: max, jitter, from}};
}

/** index.rs success_rate_key!: the unified mode's annotations are still alpha. */
const SUCCESS_RATE_KEY = 'balancer.alpha.linkerd.io/failure-accrual-success-rate';
/** Rust's `str::parse::<f64>` accepts a decimal with an optional exponent (and inf/NaN, which the range check refuses). */
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const U32_MAX = 4_294_967_295;

/**
 * index.rs parse_success_rate_params: threshold in [0, 1] (0.8), window above zero and, with a
 * non-zero threshold, at least 10 ms (10s), min-requests a u32 and, with a non-zero threshold, at
 * most 1,000,000 (5). A string is the controller's refusal.
 */
function successRatePolicy(read: (suffix: string) => string | undefined): SuccessRatePolicy | string {
  const thresholdText = read('-threshold');
  const threshold = thresholdText === undefined ? 0.8 : FLOAT.test(thresholdText.trim()) ? Number(thresholdText.trim()) : NaN;
  if (thresholdText !== undefined && Number.isNaN(threshold)) return `failure-accrual-success-rate-threshold "${thresholdText}" is not a number`;
  if (!(threshold >= 0 && threshold <= 1)) return `success-rate threshold must be between 0.0 and 1.0, got ${threshold}`;
  const windowText = read('-window');
  const window = windowText === undefined ? 10_000 : parseLinkerdDuration(windowText);
  if (typeof window !== 'number') return `failure-accrual-success-rate-window: ${window.error}`;
  if (window <= 0) return 'success-rate-window must be greater than zero';
  if (threshold !== 0 && window < 10) return `success-rate-window must be at least 10ms, got ${window} ms`;
  const minText = read('-min-requests');
  const minRequests = minText === undefined ? 5 : /^\+?\d+$/.test(minText.trim()) ? Number(minText.trim()) : NaN;
  if (Number.isNaN(minRequests) || minRequests > U32_MAX) return `failure-accrual-success-rate-min-requests "${minText}" is not a whole number`;
  if (threshold !== 0 && minRequests > 1_000_000) return `success-rate-min-requests cannot exceed 1000000, got ${minRequests}`;
  return {threshold, windowMs: window, minRequests};
}

/**
 * Consecutive failure accrual per endpoint (linkerd2-proxy app/outbound/src/http/breaker/
 * consecutive_failures.rs): open until `maxFailures` consecutive failures (a 5xx or an error:
 * app/core classify.rs is_failure); then shut for a penalty, the backoff stream's k-th wait,
 * taken at its upper bound min(min × 2^k × (1 + jitter), max); then on probation: one request
 * is let through; its success opens the endpoint and resets the backoff, its failure shuts it
 * for the next, longer penalty. Responses while shut are ignored. `maxFailures` 0 never trips
 * (the count is compared for equality after an increment).
 *
 * The unified mode (breaker/unified.rs UnifiedBreaker) trips on either dimension, consecutive
 * first: `maxFailures` or more consecutive failures (0: off; a 429 is not one), or a success
 * ratio under the threshold over the window with at least `minRequests` responses in it (a 429
 * counts against the ratio: is_rate_limit_signal). A probe answered 429 fails; a probe that
 * succeeds clears both dimensions, so the endpoint must gather evidence again.
 */
export class FailureAccrual {
  private readonly state = new Map<HostState, {failures: number; shutUntil?: number; penalty: number; probation: boolean; probeInFlight: boolean; window?: SuccessRateWindow}>();

  constructor(readonly hosts: HostState[], readonly policy: AccrualPolicy | undefined, readonly events: OutlierEvent[]) {
    const rate = policy?.successRate;
    // unified.rs OpenState::new: the window exists only when the threshold is above zero.
    for (const host of hosts) this.state.set(host, {failures: 0, penalty: 0, probation: false, probeInFlight: false, ...(rate && rate.threshold > 0 ? {window: new SuccessRateWindow(rate.windowMs, 0)} : {})});
  }

  /** Penalties end: the endpoint goes on probation. */
  advance(t: number): void {
    for (const [host, s] of this.state) {
      if (s.shutUntil !== undefined && s.shutUntil <= t) {
        this.events.push({at: s.shutUntil, kind: 'returned', pod: host.name, reason: 'the penalty is over: on probation, one request is let through; its success opens the endpoint again'});
        s.shutUntil = undefined;
        s.probation = true;
      }
    }
  }

  healthy(): HostState[] {
    return this.hosts.filter((h) => {
      const s = this.state.get(h)!;
      return s.shutUntil === undefined && !(s.probation && s.probeInFlight);
    });
  }

  /** When the earliest shut endpoint goes on probation. */
  nextAvailable(): number | undefined {
    const times = [...this.state.values()].flatMap((s) => (s.shutUntil === undefined ? [] : [s.shutUntil]));
    return times.length ? Math.min(...times) : undefined;
  }

  /** A request is sent to the host (a probation endpoint admits one). */
  sent(host: HostState): void {
    const s = this.state.get(host)!;
    if (s.probation) s.probeInFlight = true;
  }

  record(host: HostState, answer: AnswerClass, at: number): void {
    if (!this.policy) return;
    const s = this.state.get(host)!;
    if (s.shutUntil !== undefined) return;
    const failure = !('status' in answer) || answer.status >= 500;
    const unified = this.policy.mode === 'unified';
    const rateLimited = 'status' in answer && answer.status === 429;
    if (s.probation) {
      s.probation = false;
      s.probeInFlight = false;
      if (!failure && !(unified && rateLimited)) {
        s.failures = 0;
        s.penalty = 0;
        s.window?.reset(at);
        return;
      }
      this.shut(host, s, at, 1, `the probation request failed${rateLimited ? ' (a 429 fails a probe in the unified mode)' : ''}`);
      return;
    }
    s.failures = failure ? s.failures + 1 : 0;
    const max = this.policy.maxFailures;
    if (!unified) {
      if (failure && s.failures === max) this.shut(host, s, at, s.failures, `${s.failures} consecutive failures (failure-accrual-consecutive-max-failures ${max})`);
      return;
    }
    s.window?.record(!failure && !rateLimited, at);
    if (max > 0 && s.failures >= max) {
      this.shut(host, s, at, s.failures, `${s.failures} consecutive failures (failure-accrual-consecutive-max-failures ${max}, unified mode)`);
      return;
    }
    const rate = this.policy.successRate!;
    if (s.window?.shouldTrip(rate.minRequests, rate.threshold)) {
      const {successes, total} = s.window.counts();
      this.shut(host, s, at, s.failures, `success rate ${successes}/${total} under the threshold ${rate.threshold} over the last ${rate.windowMs} ms (at least ${rate.minRequests} responses; unified mode)`);
    }
  }

  private shut(host: HostState, s: {failures: number; shutUntil?: number; penalty: number}, at: number, consecutive: number, why: string): void {
    const {minPenaltyMs, maxPenaltyMs, jitter} = this.policy!;
    const base = Math.min(minPenaltyMs * 2 ** Math.min(s.penalty, 40), maxPenaltyMs);
    const duration = Math.min(base + base * jitter, maxPenaltyMs);
    s.penalty++;
    s.failures = 0;
    s.shutUntil = at + duration;
    host.ejections = s.penalty;
    this.events.push({at, kind: 'ejected', pod: host.name, durationMs: duration, ejections: s.penalty, consecutive,
      reason: `${why}: no requests for ${duration} ms (penalty ${s.penalty}: ${base} ms × (1 + jitter ${jitter}) at most, capped at ${maxPenaltyMs} ms)`});
  }
}
