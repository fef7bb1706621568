/**
 * Linkerd's retry back-off (policy-controller grpc/src/outbound/http.rs convert_retry: min 25 ms,
 * max 250 ms, jitter ratio 1.0; linkerd2-proxy linkerd/exp-backoff: base min × 2^k capped at max,
 * plus up to base × jitter, never above max). Its own module so that policy.ts reads it without
 * importing the rest of linkerd.ts.
 */
export const LINKERD_RETRY_BACKOFF = {minMs: 25, maxMs: 250, jitter: 1};

/** Upper bound of Linkerd's wait before retry n (from 1): min(25 × 2^n, 250) ms. */
export function linkerdBackoffUpperBound(n: number): number {
  const {minMs, maxMs, jitter} = LINKERD_RETRY_BACKOFF;
  const base = Math.min(minMs * 2 ** Math.min(n - 1, 30), maxMs);
  return Math.min(base + base * jitter, maxMs);
}
