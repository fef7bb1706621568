/**
 * Exact outcome shares of a decision, and a deterministic sampled run of N requests.
 *
 * Envoy applies the fault filter before routing: an abort of share p answers p of the
 * requests itself; the rest is split by the route's relative weights (WeightedCluster),
 * and within a cluster spread evenly over its endpoints (round robin / least request with
 * equal weights tend to that): a workload's part is its pod count over the cluster's. A
 * delay does not change where a request goes.
 */
import {reachesPods, type ConnectionState, type Decision, type DestinationDecision, type DistributionEntry, type FaultDecision} from './decision';
import type {PodSet} from './world';

/** What a destination contributes: its share and answer (an HTTP status, or an L4 connection's state), and its pods by name or by workload. */
export type DistributionSource = Pick<DestinationDecision, 'host' | 'subset' | 'share' | 'status' | 'connection' | 'flags' | 'pods' | 'waypointFault' | 'waypoint' | 'workloadWeights'> & {workloads?: readonly PodSet[]};

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
    if (!reachesPods(d) || count === 0) {
      entries.push({share, ...answerOf(d), flags: d.flags, host: d.host, subset: d.subset, ...via});
      continue;
    }
    // Pods of a workload share its part evenly: one entry per pod while all are named, one for
    // the workload when it has more pods than names.
    const answered = answerOf(d);
    workloads.forEach((w, i) => {
      const part = (share * weightOf(w, i)) / count;
      if (part <= 0) return;
      if (w.named.length === w.count) for (const pod of w.named) entries.push({share: part / w.count, ...answered, host: d.host, subset: d.subset, pod, ...via});
      else entries.push({share: part, ...answered, host: d.host, subset: d.subset, workload: w.workload, pods: w.count, labels: w.labels, ...via});
    });
  }
  return entries;
}

/** A destination's answer as its shares carry it: an HTTP status, or an L4 connection's state. */
const answerOf = (d: Pick<DestinationDecision, 'status' | 'connection'>): Pick<DistributionEntry, 'status' | 'connection'> =>
  (d.connection !== undefined ? {connection: d.connection} : {status: d.status});

type Answer = Pick<DistributionEntry, 'status' | 'connection' | 'flags'>;

/**
 * The answer most of a distribution's requests (or connections) get: its status or connection state
 * and flags summed over entries, the largest share first (a tie goes to the first met). A decision's
 * headline when a proxy's answers (authorization, refused connections) replace some pods' answers.
 */
export function largestShare(distribution: readonly DistributionEntry[]): Answer | undefined {
  const byAnswer = new Map<string, Answer & {share: number}>();
  for (const e of distribution) {
    const key = `${e.status ?? e.connection} ${e.flags ?? ''}`;
    const current = byAnswer.get(key) ?? {...answerOf(e), flags: e.flags, share: 0};
    current.share += e.share;
    byAnswer.set(key, current);
  }
  const top = [...byAnswer.values()].sort((a, b) => b.share - a.share)[0];
  return top && {...answerOf(top), flags: top.flags};
}

/**
 * A decision's headline from its shares: the largest share's HTTP status and flags, or for an L4
 * connection its state (status null), with `closedBecause` (else the decision's own reason) when closed.
 */
export function headline(decision: Decision, distribution: readonly DistributionEntry[], closedBecause?: string): Pick<Decision, 'status' | 'flags' | 'connection'> {
  const top = largestShare(distribution);
  const connection = decision.connection;
  if (!connection) return {status: top?.status ?? decision.status, flags: top ? top.flags : decision.flags};
  const state: ConnectionState = top?.connection ?? connection.state;
  const reason = state === 'closed' ? closedBecause ?? connection.reason : undefined;
  const {reason: _reason, ...facts} = connection;
  return {status: null, flags: top ? top.flags : decision.flags, connection: {...facts, state, ...(reason === undefined ? {} : {reason})}};
}

/** A share that fails at a proxy (authorization, mTLS): its HTTP answer, or for an L4 connection closed, as it has no HTTP status. */
export function failedShare(entry: DistributionEntry, http: {status: number; flags?: string}): DistributionEntry {
  if (entry.connection === undefined) return {...entry, status: http.status, flags: http.flags};
  const {flags: _flags, ...rest} = entry;
  return {...rest, connection: 'closed'};
}

/** Every routed share refused before any answer (authorization, mTLS): no HTTP response, or an L4 connection closed, and why. */
export function refusedEverywhere<T extends Decision>(decision: T, summary: string, reason: string): T {
  const connection = decision.connection && {...decision.connection, state: 'closed' as const, reason};
  return {...decision, outcome: 'unreachable', status: null, flags: undefined, summary,
    ...(connection ? {connection, distribution: [{share: 1, connection: 'closed'}]} : {distribution: []})};
}

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
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
