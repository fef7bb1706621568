import type {ReactNode} from 'react';
import type {LabTimeline} from '@site/src/simulator/lab-request';
import {EVENT_WORDS} from '@site/src/simulator/resilience/outlier';
import styles from './styles.module.css';

/**
 * The resilience timeline drawn: one row per request, its tries as bars on a shared time
 * axis (a retry's back-off is the gap between bars), what the client received, and the
 * outlier detector's ejections. The numbers come from the simulator (resilience/timeline.ts).
 */
export default function TimelineView({timeline}: {timeline: LabTimeline}): ReactNode {
  const {requests, events, worstCase, policy} = timeline;
  const spanOf = (r: LabTimeline['requests'][number]): number => (r.end ?? Math.max(r.start, ...r.attempts.map((a) => a.end ?? a.start))) - r.start;
  const longest = Math.max(1, ...requests.map(spanOf));
  return (
    <div className={styles.timeline} data-timeline>
      <p className={styles.timelineWorst} data-worst-case={worstCase.boundMs ?? 'unbounded'}>
        Worst case: <strong>{worstCase.boundMs === null ? 'unbounded' : `${worstCase.boundMs} ms`}</strong> ({worstCase.explanation})
      </p>
      <ol className={styles.timelineRequests} aria-label="Timeline of requests">
        {requests.map((r) => (
          <li key={r.index} data-status={r.status ?? 'none'} data-attempts={r.attempts.length}>
            <span className={styles.timelineLabel}>
              #{r.index} at {r.start} ms: {r.status === null ? 'no response' : `${r.status}${r.flags ? ` ${r.flags}` : ''}`} {r.end === null ? 'never' : `after ${r.end - r.start} ms`}
            </span>
            <span className={styles.timelineTrack} aria-hidden="true">
              {r.attempts.map((a) => (
                <span
                  key={a.attempt}
                  className={styles.timelineTry}
                  data-result={a.result}
                  title={`try ${a.attempt}${a.pod ? ` ${a.pod}` : ''}: ${a.result}`}
                  style={{left: `${((a.start - r.start) / longest) * 100}%`, width: `max(2px, ${(((a.end ?? a.start + longest) - a.start) / longest) * 100}%)`}}
                />
              ))}
            </span>
            <span className={styles.timelineSummary}>{r.summary}</span>
          </li>
        ))}
      </ol>
      {events.length > 0 && (
        <ul className={styles.authorization} aria-label={policy.linkerd ? 'Failure accrual and fail-fast' : 'Outlier detection'}>
          {events.map((e, index) => (
            <li key={index} data-event={e.kind}>
              {e.at} ms: {e.pod} {EVENT_WORDS[e.kind]}{e.by ? ` by ${e.by}` : ''}: {e.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
