/**
 * A destination's pods in the routing diagram, for a VirtualService destination and a Gateway
 * API backend alike: the first few named, the rest counted, and a problem node when none is
 * selected. `label` is the diagram's (diagram.ts), which writes reader text as Mermaid text.
 */
import {countPods, podSample} from './destinations';
import {formatCount} from './pods';
import type {PodSet} from './world';

/**
 * A problem node's text: the HTTP answer (`503 UH: no pods selected`), or for a TCP or TLS route the
 * closed connection, which has no HTTP status (`connection closed (UH): no pods selected`).
 */
export function failureLabel(l4: boolean, http: {status: number; flags?: string}, what: string): string {
  return l4 ? `connection closed${http.flags ? ` (${http.flags})` : ''}: ${what}` : `${http.status}${http.flags ? ` ${http.flags}` : ''}: ${what}`;
}

/** Pods drawn per destination; the others are counted in one more node. */
const PODS_DRAWN = 3;

export function drawPods(lines: string[], node: string, workloads: PodSet[], label: (text: string) => string, noPods: string | undefined): void {
  const count = countPods(workloads);
  if (noPods !== undefined && count === 0) {
    lines.push(`  ${node}_x["${label(noPods)}"]:::problem`);
    lines.push(`  ${node} --> ${node}_x`);
  }
  const shown = podSample(workloads, PODS_DRAWN);
  shown.forEach((pod, podIndex) => {
    lines.push(`  ${node}p${podIndex}[/"${label(pod)}"/]`);
    lines.push(`  ${node} --> ${node}p${podIndex}`);
  });
  if (count > shown.length) {
    lines.push(`  ${node}_more[/"${label(`and ${formatCount(count - shown.length)} more pods`)}"/]`);
    lines.push(`  ${node} --> ${node}_more`);
  }
}
