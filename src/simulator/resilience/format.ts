/** A timeline as `meshdive route --upstream` prints it: the policy, each request and its attempts, ejections, the worst case. */
import {EVENT_WORDS} from './outlier';
import type {Timeline} from './timeline';

export function formatTimelineText(t: Timeline): string {
  const lines: string[] = ['Timeline:'];
  const p = t.policy;
  lines.push(`  timeout ${p.timeoutMs === undefined ? 'none' : `${p.timeoutMs} ms`}; retries ${p.retries}${p.perTryTimeoutMs === undefined ? '' : `, ${p.perTryTimeoutMs} ms per try`}${p.retries ? ` on ${p.retryOn.join(',') || '(nothing)'}` : ''}; back-off ${p.backoff.baseMs} ms base, ${p.backoff.maxMs} ms max (upper bounds)`);
  const o = p.outlier;
  const a = p.accrual;
  const rate = a?.successRate;
  const trips = a?.mode === 'unified' ? `unified, ${a.maxFailures === 0 ? 'no consecutive limit' : `${a.maxFailures} failures`} or ${rate!.threshold === 0 ? 'no success-rate limit' : `a success rate under ${rate!.threshold} over ${rate!.windowMs} ms (at least ${rate!.minRequests} responses)`}` : `consecutive, ${a?.maxFailures} failures`;
  if (p.linkerd) lines.push(a ? `  failure accrual (${a.from}): ${trips}, penalty ${a.minPenaltyMs} ms doubling to ${a.maxPenaltyMs} ms, jitter ratio ${a.jitter}`
    : '  failure accrual: none (the Service has no balancer.linkerd.io/failure-accrual annotation): no endpoint is ever shut');
  else lines.push(o ? `  outlier detection${p.outlierBy ? ` at ${p.outlierBy}` : ''} (${o.from}): ${o.consecutive5xx === undefined ? '' : `consecutive5xxErrors ${o.consecutive5xx}, `}${o.consecutiveGateway === undefined ? '' : `consecutiveGatewayErrors ${o.consecutiveGateway}, `}interval ${o.intervalMs} ms, baseEjectionTime ${o.baseEjectionMs} ms, maxEjectionPercent ${o.maxEjectionPercent}`
    : '  outlier detection: none (no DestinationRule outlierDetection): no host is ever ejected');
  const events = [...t.events];
  for (const r of t.requests) {
    lines.push(`  request ${r.index} at ${r.start} ms → ${r.status === null ? 'no response' : `${r.status}${r.flags ? ` ${r.flags}` : ''}`} at ${r.end === null ? 'never' : `${r.end} ms (${r.end - r.start} ms)`}: ${r.summary}`);
    for (const a of r.attempts) {
      lines.push(`    try ${a.attempt}${a.pod ? ` ${a.pod}` : ''} ${a.start}–${a.end === null ? '∞' : a.end} ms: ${a.result}${a.rule ? ` (script line ${a.rule})` : ''}${a.retried ? `; retry after ${a.retried.backoffMs} ms back-off: ${a.retried.because}` : ''}`);
      for (const [n, w] of (a.waypointTries ?? []).entries()) lines.push(`      waypoint try ${n + 1}${w.pod ? ` ${w.pod}` : ''} ${w.start}–${w.end === null ? '∞' : w.end} ms: ${w.result}${w.rule ? ` (script line ${w.rule})` : ''}${w.retriedAfterMs === undefined ? '' : `; retried after ${w.retriedAfterMs} ms`}`);
    }
    while (events.length > 0 && (r.end === null || events[0]!.at <= r.end)) lines.push(eventLine(events.shift()!));
  }
  for (const e of events) lines.push(eventLine(e));
  const w = t.worstCase;
  lines.push(`Worst case: ${w.boundMs === null ? 'unbounded' : `${w.boundMs} ms`} (${w.explanation}); longest seen here: ${w.observedMs === null ? 'never answered' : `${w.observedMs} ms`}`);
  for (const note of t.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

function eventLine(e: Timeline['events'][number]): string {
  return `  ${e.at} ms: ${e.pod} ${e.kind === 'ejected' ? 'EJECTED' : EVENT_WORDS[e.kind]}${e.by ? ` by ${e.by}` : ''}: ${e.reason}`;
}
