import type {ReactNode} from 'react';
import type {RateLimitPlan} from '@site/src/simulator/ratelimit/plan';
import {rateLimitLegend} from '@site/src/simulator/ratelimit/draw';
import styles from './styles.module.css';

/**
 * The rate field's answer drawn: one cell per request of the run's start (served, limited, or
 * refused by authorization first), and, for each limit on the path, which of them it answered
 * with its status. The numbers are the simulator's (ratelimit/plan.ts, draw.ts).
 */
export default function RateLimitView({plan}: {plan: RateLimitPlan}): ReactNode {
  const legend = rateLimitLegend(plan);
  const spacing = plan.requests.length > 1 ? plan.requests[1]!.atMs - plan.requests[0]!.atMs : 0;
  const title = (r: RateLimitPlan['requests'][number], n: number): string =>
    `#${n} at ${round(r.atMs)} ms${r.to ? ` to ${r.to}` : ''}: ${r.outcome === 'limited' ? `${plan.status} from ${legend[r.by ?? -1]?.policy ?? 'a limit'}` : r.outcome === 'denied' ? 'refused by authorization' : 'served'}`;
  return (
    <div className={styles.rateLimit} data-rate-limit data-served-per-second={plan.servedPerSecond}>
      <p className={styles.timelineWorst}>
        At {plan.rate} requests per second for {plan.seconds} s: <strong>{plan.served} served</strong>, {plan.limited} answered {plan.status}
        {plan.denied ? `, ${plan.denied} refused by authorization` : ''}; once any burst is spent, <strong data-last-second>{plan.servedPerSecond} served per second</strong>.
      </p>
      <p className={styles.fieldLabel}>
        The first {plan.requests.length} requests, {round(spacing)} ms apart, one cell each:
      </p>
      {/* The strip is the legend below drawn: screen readers get the legend's words. */}
      <ol className={styles.rateStrip} aria-hidden="true">
        {plan.requests.map((r, i) => (
          <li key={i} data-outcome={r.outcome} data-by={r.by ?? ''} title={title(r, i + 1)} className={styles.rateCell} />
        ))}
      </ol>
      <ul className={styles.authorization} aria-label="Rate limits on the path">
        {legend.length === 0 && <li data-enforcer="none">No rate limit applies on this path.</li>}
        {legend.map((e) => (
          <li key={e.index} data-enforcer={e.index} data-limited={e.limited}>
            <span className={styles.rateSwatch} data-by={e.index} aria-hidden="true" /> {e.proxy}: {e.policy} ({e.limit}): {plan.status} to {e.limited} of {e.sent}; among the first {plan.requests.length}: {e.recorded}
          </li>
        ))}
      </ul>
      {plan.notes.map((note, i) => (
        <p key={i} className={styles.fieldLabel}>
          {note}
        </p>
      ))}
    </div>
  );
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
