/**
 * The lab panel's reading of a rate-limit plan (plan.ts): for each limit on the path, which of the
 * recorded requests it answered with its status, as numbered runs (`#11–#14, #16`), so the drawn
 * strip of requests has its words. Pure: the panel only lays the result out.
 */
import type {RateLimitPlan} from './plan';

export interface RateLimitLegendEntry {
  /** Index in `plan.enforcers`. */
  index: number;
  proxy: string;
  policy: string;
  limit: string;
  /** Over the whole run. */
  limited: number;
  sent: number;
  /** The recorded requests this limit refused, as runs of request numbers (from 1). */
  recorded: string;
}

/** `[1, 2, 3, 5]` → `#1–#3, #5`; at most `maxRuns` runs, then how many more. */
export function requestRuns(numbers: readonly number[], maxRuns = 12): string {
  const runs: Array<[number, number]> = [];
  for (const n of numbers) {
    const last = runs[runs.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  const shown = runs.slice(0, maxRuns).map(([a, b]) => (a === b ? `#${a}` : `#${a}–#${b}`));
  if (runs.length > maxRuns) shown.push(`and ${runs.length - maxRuns} more runs`);
  return shown.join(', ');
}

export function rateLimitLegend(plan: RateLimitPlan): RateLimitLegendEntry[] {
  return plan.enforcers.map((e, index) => {
    const numbers = plan.requests.flatMap((r, i) => (r.outcome === 'limited' && r.by === index ? [i + 1] : []));
    return {
      index, proxy: e.proxy, policy: `${e.policy.kind} ${e.policy.namespace}/${e.policy.name}`, limit: e.limit,
      limited: e.limited, sent: e.sent, recorded: numbers.length ? requestRuns(numbers) : 'none',
    };
  });
}
