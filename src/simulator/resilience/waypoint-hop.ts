/**
 * A waypoint between an ingress gateway and the pods is a router of its own (ambient/ingress-waypoint.ts):
 * each attempt the gateway forwards to it is routed again by the waypoint's route, with that route's own
 * timeout and retries, as istiod builds them for any HTTP route (route.go setTimeout, retry.go
 * ConvertPolicy: the mesh default of 2 retries when the route sets none). What comes back to the gateway is
 * always an HTTP answer: Envoy's router turns a reset or a refused connection it gives up on into 503 (UC,
 * UF), its route timeout into 504 UT, and its per-try timeout into 504 UT too (Envoy router docs, "Retry
 * semantics" and "Timeouts"). So the gateway never sees a reset from a pod behind a waypoint, and its own
 * retry policy retries the waypoint's 503s and 504s on its own terms.
 *
 * The waypoint's tries pick pods by the same round robin the gateway's would (a stand-in for its
 * LEAST_REQUEST), avoiding pods this gateway attempt already tried (previous_hosts), and are cut at the
 * gateway's own per-try timeout or deadline: a try the gateway no longer waits for is not made. The pods'
 * outlier detection sees the waypoint's tries as the waypoint concludes them; a try the gateway gives up on
 * first is cancelled, not counted.
 */
import type {AnswerClass, HostState} from './outlier';
import {backoffUpperBound, MAX_SIMULATED_RETRIES, type RetryPolicy} from './policy';

export interface WaypointPolicy {
  waypoint: string;
  retry: RetryPolicy;
  timeoutMs?: number;
}

export interface WaypointTry {
  pod?: string;
  start: number;
  end: number | null;
  result: string;
  rule?: number;
  retriedAfterMs?: number;
}

export interface WaypointOutcome {
  /** When the waypoint answers the gateway (Infinity: a hang nothing at the waypoint bounds). */
  at: number;
  answer: AnswerClass;
  result: string;
  /** The last pod tried, if any. */
  pod?: HostState;
  rule?: number;
  tries: WaypointTry[];
}

export interface WaypointHooks {
  pick(tried: Set<HostState>): HostState | undefined;
  answer(host: HostState, at: number): {at: number; answer: AnswerClass; result: string; rule?: number};
  /** What the pods' outlier detection sees of a try. */
  record(host: HostState, answer: AnswerClass, at: number): void;
}

interface Failure {
  status: number;
  flags?: string;
  retriable: boolean;
  why: string;
}

/** One gateway attempt through the waypoint: the waypoint's tries until one answers, its retries run out, or a timeout ends them. */
export function throughWaypoint(policy: WaypointPolicy, start: number, cutAt: number, hooks: WaypointHooks): WaypointOutcome {
  const {retry, waypoint} = policy;
  const deadline = policy.timeoutMs === undefined ? Infinity : start + policy.timeoutMs;
  const retries = Math.min(retry.retries, MAX_SIMULATED_RETRIES);
  const tries: WaypointTry[] = [];
  const tried = new Set<HostState>();
  const at = `waypoint ${waypoint}`;
  let now = start;
  for (let attempt = 0; ; attempt++) {
    const host = hooks.pick(tried);
    if (!host) {
      tries.push({start: now, end: now, result: 'no healthy host'});
      return {at: now, answer: {status: 503}, result: `503 UH from ${at}: every pod is ejected`, tries};
    }
    tried.add(host);
    const outcome = hooks.answer(host, now);
    const perTryEnd = retry.perTryTimeoutMs === undefined ? Infinity : now + retry.perTryTimeoutMs;
    const end = Math.min(outcome.at, perTryEnd, deadline);
    const entry: WaypointTry = {pod: host.name, start: now, end: end === Infinity ? null : end, result: outcome.result, rule: outcome.rule};
    tries.push(entry);
    const done = (status: number, result: string): WaypointOutcome => ({at: end, answer: {status}, result: `${result} (${describeTries(tries)})`, pod: host, rule: outcome.rule, tries});
    if (end === Infinity) return {at: Infinity, answer: {local: 'timeout'}, result: `${host.name} hangs and nothing at ${at} bounds the wait`, pod: host, rule: outcome.rule, tries};
    if (end > cutAt) {
      // The gateway stops waiting first: the waypoint's try is cancelled, which its outlier detection does not count.
      return {at: end, answer: end === outcome.at ? outcome.answer : {local: 'timeout'}, result: outcome.result, pod: host, rule: outcome.rule, tries};
    }
    let failure: Failure;
    if (end === deadline && deadline < outcome.at) {
      entry.result = `cut by ${at}'s route timeout`;
      hooks.record(host, {local: 'timeout'}, end);
      return done(504, `504 UT from ${at}: its route timeout (${policy.timeoutMs} ms) ends the request`);
    }
    if (end === perTryEnd && perTryEnd < outcome.at) {
      entry.result = `${at}'s per-try timeout`;
      hooks.record(host, {local: 'timeout'}, end);
      failure = {status: 504, flags: 'UT', retriable: hasAny(retry, '5xx', 'gateway-error', 'reset'), why: 'per-try timeout'};
    } else {
      hooks.record(host, outcome.answer, end);
      if ('status' in outcome.answer) {
        const status = outcome.answer.status;
        // The pod's own answer passes through; after retries, the answer names the waypoint's tries.
        if (!retriableStatus(retry, status)) return attempt === 0 ? {at: end, answer: {status}, result: outcome.result, pod: host, rule: outcome.rule, tries} : done(status, `${status} from ${host.name} through ${at}`);
        failure = {status, retriable: true, why: `${status} is retriable at ${at}`};
      } else if (outcome.answer.local === 'connect-failure') {
        failure = {status: 503, flags: 'UF', retriable: hasAny(retry, 'connect-failure', '5xx', 'gateway-error', 'reset'), why: 'connect failure'};
      } else {
        failure = {status: 503, flags: 'UC', retriable: hasAny(retry, '5xx', 'gateway-error', 'reset'), why: 'connection reset before a response'};
      }
    }
    if (!failure.retriable || attempt >= retries) {
      const exhausted = failure.retriable && retries > 0;
      const flags = [failure.flags, exhausted ? 'URX' : undefined].filter(Boolean).join(',');
      return done(failure.status, `${failure.status}${flags ? ` ${flags}` : ''} from ${at}: ${exhausted ? `its retries exhausted (${retries})` : failure.retriable ? 'its retries disabled' : `${failure.why}, not retriable under its retryOn ${[...retry.retryOn].join(',') || '(none)'}`}`);
    }
    const backoff = backoffUpperBound(retry, attempt + 1);
    entry.retriedAfterMs = backoff;
    if (end + backoff >= deadline) {
      return {at: deadline, answer: {status: 504}, result: `504 UT from ${at}: its route timeout (${policy.timeoutMs} ms) ends the request during the back-off (${describeTries(tries)})`, pod: host, tries};
    }
    if (end + backoff > cutAt) return {at: end + backoff, answer: {status: failure.status}, result: failure.why, pod: host, tries};
    now = end + backoff;
  }
}

function describeTries(tries: readonly WaypointTry[]): string {
  return tries.map((t, i) => `try ${i + 1}${t.pod ? ` ${t.pod}` : ''}: ${t.result}`).join('; ');
}

function hasAny(retry: RetryPolicy, ...conditions: string[]): boolean {
  return conditions.some((c) => retry.retryOn.has(c));
}

/** Envoy's retry_on for a status: 5xx, gateway-error (502, 503, 504), retriable-status-codes, retriable-4xx (409). */
function retriableStatus(retry: RetryPolicy, status: number): boolean {
  if (retry.retries <= 0) return false;
  return (status >= 500 && hasAny(retry, '5xx')) || ([502, 503, 504].includes(status) && hasAny(retry, 'gateway-error'))
    || (retry.retryOn.has('retriable-status-codes') && retry.retriableStatusCodes.has(status)) || (status === 409 && hasAny(retry, 'retriable-4xx'));
}

/**
 * The longest a waypoint takes to answer one forwarded attempt: its route timeout, else its tries ×
 * perTryTimeout plus back-offs, plus its fault delay; undefined when nothing at the waypoint bounds a hang.
 */
export function waypointBoundMs(policy: WaypointPolicy, delayMs: number): number | undefined {
  let tries = Infinity;
  if (policy.retry.perTryTimeoutMs !== undefined) {
    const attempts = Math.min(policy.retry.retries, MAX_SIMULATED_RETRIES) + 1;
    tries = attempts * policy.retry.perTryTimeoutMs;
    for (let n = 1; n < attempts; n++) tries += backoffUpperBound(policy.retry, n);
  }
  const own = Math.min(tries, policy.timeoutMs ?? Infinity);
  return own === Infinity ? undefined : own + delayMs;
}

/**
 * The gateway's worst case when every destination it can reach sits behind a waypoint that bounds its
 * answer and the gateway bounds nothing itself: each of the gateway's tries lasts at most the slowest
 * waypoint's bound, and the gateway backs off between them.
 */
export function boundThroughWaypoints(gatewayRetry: RetryPolicy, gatewayDelayMs: number, waypointBounds: readonly (number | undefined)[]): {boundMs: number; explanation: string} | undefined {
  if (waypointBounds.length === 0 || waypointBounds.some((b) => b === undefined)) return undefined;
  const perTry = Math.max(...(waypointBounds as number[]));
  const attempts = Math.min(gatewayRetry.retries, MAX_SIMULATED_RETRIES) + 1;
  let total = attempts * perTry + gatewayDelayMs;
  for (let n = 1; n < attempts; n++) total += backoffUpperBound(gatewayRetry, n);
  return {boundMs: total, explanation: `the gateway sets no timeout, but its waypoint answers each of its ${attempts} tries within ${perTry} ms (the waypoint's own timeouts): ${attempts} × ${perTry} ms + back-offs${gatewayDelayMs ? ` + fault delay ${gatewayDelayMs} ms` : ''} = ${total} ms`};
}
