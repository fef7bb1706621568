/**
 * The two token buckets, run over evenly spaced requests. Deterministic: request i arrives at
 * i/rate seconds; times are integer nanoseconds.
 *
 * - Linkerd's proxy: governor's GCRA with Quota::per_second(n) (linkerd2-proxy
 *   proxy/server-policy local_rate_limit.rs RateLimit::direct/keyed): a burst of n, then one
 *   request every 1/n s (the interval is 1 s / n in whole nanoseconds, as Duration division makes it).
 * - Envoy's local rate limit: the bucket starts with `max_tokens`; every `fill_interval`,
 *   `tokens_per_fill` tokens are added, never above `max_tokens`; a request takes one token or
 *   is limited (envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit, TokenBucket).
 */

export const NANOS_PER_SECOND = 1_000_000_000;

export interface Limiter {
  /** Whether a request at `t` ns passes; a passing request takes its share of the limit. */
  check(t: number): boolean;
}

/** governor's GCRA for Quota::per_second(rps): allowed when t ≥ TAT − (burst − 1)·T, then TAT = max(TAT, t) + T. */
export class Gcra implements Limiter {
  private tat: number | undefined;
  private readonly interval: number;
  private readonly tolerance: number;

  constructor(readonly rps: number) {
    this.interval = Math.floor(NANOS_PER_SECOND / rps);
    this.tolerance = this.interval * (rps - 1);
  }

  check(t: number): boolean {
    const tat = this.tat ?? t;
    if (t < tat - this.tolerance) return false;
    this.tat = Math.max(tat, t) + this.interval;
    return true;
  }
}

/** Envoy's token bucket: full at the start, refilled by `perFill` at every whole `fillIntervalNs`. */
export class TokenBucket implements Limiter {
  private tokens: number;
  private fills = 0;

  constructor(readonly maxTokens: number, readonly perFill: number, readonly fillIntervalNs: number) {
    this.tokens = maxTokens;
  }

  check(t: number): boolean {
    const due = Math.floor(t / this.fillIntervalNs);
    if (due > this.fills) {
      this.tokens = Math.min(this.maxTokens, this.tokens + (due - this.fills) * this.perFill);
      this.fills = due;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Request arrival times for `rate` requests per second over `seconds`. */
export function arrivals(rate: number, seconds: number): number[] {
  const count = Math.floor(rate * seconds);
  return Array.from({length: count}, (_, i) => Math.floor((i * NANOS_PER_SECOND) / rate));
}
