/**
 * Exact outcome shares of a decision, and a deterministic sampled run of N requests.
 *
 * Envoy applies the fault filter before routing: an abort of share p answers p of the
 * requests itself; the rest is split by the route's relative weights (WeightedCluster),
 * and within a cluster spread evenly over its endpoints (round robin / least request with
 * equal weights tend to that): a workload's part is its pod count over the cluster's. A
 * delay does not change where a request goes.
 */
import type {Decision, DestinationDecision, DistributionEntry, FaultDecision} from './decision';
import type {PodSet} from './world';

/** What a destination contributes: its share and status, and its pods by name or by workload. */
export type DistributionSource = Pick<DestinationDecision, 'host' | 'subset' | 'share' | 'status' | 'flags' | 'pods' | 'waypointFault' | 'waypoint' | 'workloadWeights'> & {workloads?: readonly PodSet[]};

export function exactDistribution(destinations: readonly DistributionSource[], fault: FaultDecision | undefined): DistributionEntry[] {
  const entries: DistributionEntry[] = [];
  const abort = fault?.abort;
  const abortShare = abort ? abort.share : 0;
  if (abort && abortShare > 0) entries.push({share: abortShare, status: abort.status ?? 503, flags: 'FI'});
  const rest = 1 - abortShare;
  for (const d of destinations) {
    let share = rest * d.share;
    const via = d.waypoint ? {waypoint: `${d.waypoint.namespace}/${d.waypoint.name}`} : {};
    if (share <= 0) continue;
    // A waypoint's own fault filter aborts its share of what reaches it (ambient/ingress-waypoint.ts).
    const waypointAbort = d.status === 200 ? d.waypointFault?.fault.abort : undefined;
    if (waypointAbort && waypointAbort.share > 0) {
      entries.push({share: share * waypointAbort.share, status: waypointAbort.status ?? 503, flags: 'FI', host: d.host, subset: d.subset, ...via});
      share *= 1 - waypointAbort.share;
      if (share <= 0) continue;
    }
    const workloads: readonly PodSet[] = d.workloads ?? d.pods.map((name) => ({workload: name, namespace: '', labels: {}, count: 1, named: [name]}));
    // A workload weighs its pod count, unless locality weights say otherwise (locality-distribute.ts).
    const weightOf = (w: PodSet, i: number): number => d.workloadWeights?.[i] ?? w.count;
    const count = workloads.reduce((sum, w, i) => sum + weightOf(w, i), 0);
    if (d.status !== 200 || count === 0) {
      entries.push({share, status: d.status, flags: d.flags, host: d.host, subset: d.subset, ...via});
      continue;
    }
    // Pods of a workload share its part evenly: one entry per pod while all are named, one for
    // the workload when it has more pods than names.
    workloads.forEach((w, i) => {
      const part = (share * weightOf(w, i)) / count;
      if (part <= 0) return;
      if (w.named.length === w.count) for (const pod of w.named) entries.push({share: part / w.count, status: 200, host: d.host, subset: d.subset, pod, ...via});
      else entries.push({share: part, status: 200, host: d.host, subset: d.subset, workload: w.workload, pods: w.count, labels: w.labels, ...via});
    });
  }
  return entries;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
/**
 * The answer most of a distribution's requests get: its status and flags summed over entries, the
 * largest share first (a tie goes to the first met). A decision's headline status when a proxy's
 * answers (authorization, refused connections) replace some pods' 200.
 */
export function largestShare(distribution: readonly DistributionEntry[]): {status: number; flags?: string} | undefined {
  const byStatus = new Map<string, {status: number; flags?: string; share: number}>();
  for (const e of distribution) {
    const key = `${e.status} ${e.flags ?? ''}`;
    const current = byStatus.get(key) ?? {status: e.status, flags: e.flags, share: 0};
    current.share += e.share;
    byStatus.set(key, current);
  }
  const top = [...byStatus.values()].sort((a, b) => b.share - a.share)[0];
  return top && {status: top.status, flags: top.flags};
}

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampledEntry extends Omit<DistributionEntry, 'share'> {
  count: number;
}

/** Draws `count` requests from the exact distribution with a seeded PRNG: same seed, same counts. */
export function sampleRequests(decision: Decision, count: number, seed = 1): SampledEntry[] {
  const random = seededRandom(seed);
  const entries = decision.distribution;
  const counts = new Array<number>(entries.length).fill(0);
  for (let i = 0; i < count; i++) {
    let r = random();
    let picked = entries.length - 1;
    for (let j = 0; j < entries.length; j++) {
      r -= entries[j]!.share;
      if (r < 0) {
        picked = j;
        break;
      }
    }
    if (picked >= 0) counts[picked]!++;
  }
  return entries.map(({share: _share, ...entry}, i) => ({...entry, count: counts[i]!})).filter((e) => e.count > 0);
}
