/** `meshdive route --rate`'s block: what a steady stream of requests gets, and from which proxy's limit. */
import type {RateLimitPlan} from './plan';

export function formatRateLimitText(plan: RateLimitPlan): string {
  const lines = [`Rate: ${plan.rate} requests per second for ${plan.seconds} s, spread over the destination pods`];
  if (plan.enforcers.length === 0) lines.push('  no rate limit applies on this path');
  for (const e of plan.enforcers) {
    lines.push(`  ${e.proxy}: ${e.policy.kind} ${e.policy.namespace}/${e.policy.name}: ${e.limit}; receives ${round(e.receives)}/s, answered ${plan.status} to ${e.limited} of ${e.sent}`);
  }
  lines.push(`Served: ${plan.served} of ${plan.sent}; ${plan.limited} answered ${plan.status}${plan.denied ? `; ${plan.denied} refused by authorization` : ''}`);
  lines.push(`  first second: ${plan.firstSecond.served} served, ${plan.firstSecond.limited} limited (the buckets start full); last second: ${plan.servedPerSecond} served`);
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
