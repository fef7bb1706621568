/**
 * Linkerd's fail-fast: the state of one backend's balancer queue when no endpoint is ready
 * (linkerd2-proxy proxy/balance/queue/src/failfast.rs and worker.rs; the policy controller gives
 * each backend `queue: {capacity: 100, failfast_timeout: 3s}`):
 *
 * - A request that finds no ready endpoint (every one in a failure-accrual penalty) waits in the
 *   queue; the worker's failfast timer starts with that wait (State::Waiting). An endpoint that
 *   becomes ready first (its penalty over: probation) takes the request and clears the timer.
 * - When the timer fires the queue enters fail-fast: the waiting request fails with
 *   FailFastError ("service in fail-fast") and the queue's gate shuts. The client's proxy answers
 *   it 504 with `l5d-proxy-error: service in fail-fast` (app/outbound http/server.rs ServerRescue:
 *   gateway_timeout) unless a retry takes it: a fail-fast error is retryable (route/retry.rs
 *   retryable_error), since a retry may draw another backend.
 * - While the gate is shut the route's LoadShed layer fails a request at once with LoadShedError
 *   ("service unavailable"): 503 with `l5d-proxy-error: service unavailable`, never retried. The
 *   route's distribution skips a backend that is not ready (distribute random.rs poll_ready
 *   disables it for the draw), so another backendRef still serves.
 * - The queue leaves fail-fast as soon as an endpoint is ready again (PoolDriver::drive,
 *   "Available; exited failfast").
 * - A request cut by its own timeout while waiting leaves the timer running: the worker still
 *   waits for the pool on its behalf.
 */
import type {OutlierEvent} from './outlier';

/** linkerd2-proxy env.rs DEFAULT_OUTBOUND_HTTP_FAILFAST_TIMEOUT, and the controller's backend queue: a request waits this long for an available endpoint. */
export const LINKERD_FAILFAST_MS = 3000;

/** errors/respond.rs: what the client's proxy answers and writes in `l5d-proxy-error`. */
export const FAIL_FAST_ANSWER = {status: 504, error: 'service in fail-fast'} as const;
export const LOAD_SHED_ANSWER = {status: 503, error: 'service unavailable'} as const;

export class FailFastQueue {
  private waiting?: {since: number; readyAt?: number};
  private failfast?: {since: number; until?: number};

  constructor(readonly backend: string, readonly events: OutlierEvent[], readonly timeoutMs = LINKERD_FAILFAST_MS) {}

  /** Runs the queue's timers up to `t`: a wait ends (ready, or fail-fast entered), fail-fast ends when an endpoint is ready. */
  advance(t: number): void {
    const w = this.waiting;
    if (w) {
      const fires = w.since + this.timeoutMs;
      if (w.readyAt !== undefined && w.readyAt <= fires && w.readyAt <= t) this.waiting = undefined;
      else if (fires <= t) {
        this.waiting = undefined;
        this.failfast = {since: fires, until: w.readyAt};
        this.events.push({at: fires, kind: 'fail-fast', pod: this.backend,
          reason: `no endpoint became ready within the ${this.timeoutMs} ms fail-fast timeout: the waiting request fails (504, l5d-proxy-error: ${FAIL_FAST_ANSWER.error}) and the queue's gate shuts, so later requests are shed at once (503, l5d-proxy-error: ${LOAD_SHED_ANSWER.error})${w.readyAt === undefined ? '' : ` until ${w.readyAt} ms`}`});
      }
    }
    const f = this.failfast;
    if (f && f.until !== undefined && f.until <= t) {
      this.failfast = undefined;
      this.events.push({at: f.until, kind: 'available', pod: this.backend, reason: `an endpoint is ready again: the balancer leaves fail-fast after ${f.until - f.since} ms and takes requests`});
    }
  }

  /** The gate is shut: the route sheds a request sent to this backend. */
  shut(): boolean {
    return this.failfast !== undefined;
  }

  /**
   * A request at `now` finds no ready endpoint; `readyAt` is when the first endpoint leaves its
   * penalty. Returns when the wait ends: the endpoint ready, or the queue giving up (fail-fast).
   */
  wait(now: number, readyAt: number | undefined): {readyAt?: number; failFastAt: number} {
    this.waiting ??= {since: now, readyAt};
    const failFastAt = this.waiting.since + this.timeoutMs;
    const ready = this.waiting.readyAt;
    return ready !== undefined && ready <= failFastAt ? {readyAt: Math.max(ready, now), failFastAt} : {failFastAt};
  }
}
