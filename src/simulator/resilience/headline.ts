/**
 * What a client receives under an upstream behaviour script, in one line: the timeline decides,
 * not the routing answer (which assumes every pod answers 200). The most frequent answer leads,
 * then the count of each answer over the requests, then the longest wait seen. Types only are
 * imported, so a page can bundle it.
 */
import type {TimelineRequest} from './timeline';

export interface TimelineHeadline {
  /** The most frequent answer: `503 UF,URX`, `200`, or `no response`. */
  status: string;
  /** `10 requests under the upstream script: 7 × 503 UF,URX, 3 × 200; the longest took 250 ms`. */
  text: string;
}

function answerOf(r: TimelineRequest): string {
  return r.status === null ? 'no response' : `${r.status}${r.flags ? ` ${r.flags}` : ''}`;
}

export function timelineHeadline(requests: readonly TimelineRequest[]): TimelineHeadline | undefined {
  if (requests.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(answerOf(r), (counts.get(answerOf(r)) ?? 0) + 1);
  // Most frequent first; ties keep the order in which the answers first appeared.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const hangs = requests.some((r) => r.end === null);
  const longest = Math.max(0, ...requests.filter((r) => r.end !== null).map((r) => r.end! - r.start));
  const waited = hangs ? 'a request never ends' : `the longest took ${longest} ms`;
  const plural = requests.length === 1 ? 'request' : 'requests';
  return {
    status: ranked[0]![0],
    text: `${requests.length} ${plural} under the upstream script: ${ranked.map(([answer, n]) => `${n} × ${answer}`).join(', ')}; ${waited}`,
  };
}
