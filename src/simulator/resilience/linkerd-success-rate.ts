/**
 * The success-rate dimension of Linkerd's unified failure accrual, as linkerd2-proxy v2.359.0
 * computes it (app/outbound/src/http/breaker/success_rate.rs SuccessRateWindow): a ring of ten
 * fixed-width buckets spanning the window, each counting successes and totals of the responses
 * classified in its slice. Recording first rolls the ring to `now`, clearing every slice it moves
 * onto (all of them after a gap of ten widths or more), and anchors the current slice on a
 * bucket-width boundary. The endpoint trips when the window holds at least `minRequests`
 * responses and their exact success ratio is under the threshold.
 */

/** success_rate.rs BUCKETS. */
const BUCKETS = 10;
/** success_rate.rs MIN_WINDOW: one millisecond per bucket. */
const MIN_WINDOW_MS = BUCKETS;

export class SuccessRateWindow {
  private readonly successes = new Array<number>(BUCKETS).fill(0);
  private readonly totals = new Array<number>(BUCKETS).fill(0);
  private readonly bucketWidth: number;
  private current = 0;
  private lastRoll: number;

  constructor(windowMs: number, now: number) {
    this.bucketWidth = Math.max(windowMs, MIN_WINDOW_MS) / BUCKETS;
    this.lastRoll = now;
  }

  private roll(now: number): void {
    const elapsed = Math.max(0, now - this.lastRoll);
    const steps = Math.floor(elapsed / this.bucketWidth);
    if (steps === 0) return;
    for (let i = 1; i <= Math.min(steps, BUCKETS); i++) {
      const index = (this.current + i) % BUCKETS;
      this.successes[index] = 0;
      this.totals[index] = 0;
    }
    this.current = (this.current + steps) % BUCKETS;
    this.lastRoll += steps * this.bucketWidth;
  }

  /** One classified response; `success` false when it degrades the ratio (a failure or a 429). */
  record(success: boolean, now: number): void {
    this.roll(now);
    this.totals[this.current]!++;
    if (success) this.successes[this.current]!++;
  }

  /** The responses in the window and their success ratio (undefined when there are none). */
  counts(): {successes: number; total: number; ratio?: number} {
    const successes = this.successes.reduce((a, b) => a + b, 0);
    const total = this.totals.reduce((a, b) => a + b, 0);
    return total === 0 ? {successes, total} : {successes, total, ratio: successes / total};
  }

  /** success_rate.rs should_trip: enough responses, and a ratio under the threshold. */
  shouldTrip(minRequests: number, threshold: number): boolean {
    const {total, ratio} = this.counts();
    return ratio !== undefined && total >= minRequests && ratio < threshold;
  }

  /** Recovery starts cold: every bucket cleared, anchored at `now`. */
  reset(now: number): void {
    this.successes.fill(0);
    this.totals.fill(0);
    this.current = 0;
    this.lastRoll = now;
  }
}
