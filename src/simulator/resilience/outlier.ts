/**
 * Outlier detection over the hosts of one cluster, as Envoy runs it (Envoy docs,
 * "Outlier detection"; source/common/upstream/outlier_detection_impl.cc):
 *
 * - Every answer updates the host's consecutive counters: a 5xx (and, with Istio's default
 *   split_external_local_origin_errors false, a local error: timeout, reset, connect failure)
 *   adds one to the 5xx count; 502, 503, 504 and local errors add one to the gateway count;
 *   any other answer zeroes both.
 * - A count reaching its threshold ejects the host at once, unless ejecting it would make the
 *   ejected share exceed `maxEjectionPercent` ((ejected + 1) / hosts × 100 > max: with the
 *   default 10% and fewer than ten hosts nothing is ever ejected). Ejection zeroes the counts.
 * - An ejection lasts baseEjectionTime × the host's ejection count (capped at
 *   max_ejection_time), and ends at the first `interval` tick after that (ticks every
 *   interval from t=0: the detector's timer unejects hosts). At each tick a host that is not
 *   ejected has its ejection count decremented (the multiplier "decreases with time").
 * - Istio disables Envoy's panic threshold (minHealthPercent 0): with every host ejected, no
 *   host is chosen and the client gets 503 UH.
 */
import type {OutlierPolicy} from './policy';

export interface HostState {
  name: string;
  workload: string;
  position: number;
  consecutive5xx: number;
  consecutiveGateway: number;
  ejections: number;
  ejectedAt?: number;
  ejectedUntil?: number;
}

export interface OutlierEvent {
  at: number;
  /** `fail-fast` and `available`: a Linkerd backend's balancer queue (linkerd-failfast.ts); `pod` names the backend. */
  kind: 'ejected' | 'returned' | 'not-ejected' | 'fail-fast' | 'available';
  pod: string;
  /** For `ejected`: the ejection's length and the host's ejection count. */
  durationMs?: number;
  ejections?: number;
  /** For `ejected`: the consecutive errors that triggered it. */
  consecutive?: number;
  reason: string;
  /** The proxy whose outlier detection this is (ejector.ts), when the timeline names it. */
  by?: string;
}

/** How an event reads, the same in `meshdive route` and the lab. */
export const EVENT_WORDS: Record<OutlierEvent['kind'], string> = {
  'ejected': 'ejected', 'returned': 'returns', 'not-ejected': 'not ejected', 'fail-fast': 'enters fail-fast', 'available': 'leaves fail-fast',
};

export type AnswerClass = {status: number} | {local: 'timeout' | 'reset' | 'connect-failure'};

export class OutlierDetector {
  private nextTick: number;
  private readonly events: {push(event: OutlierEvent): void};
  /** `by`: the proxy running this detector, stamped on its events (ejector.ts). */
  constructor(readonly hosts: HostState[], readonly policy: OutlierPolicy | undefined, events: OutlierEvent[], by?: string) {
    this.nextTick = policy ? policy.intervalMs : Infinity;
    this.events = by === undefined ? events : {push: (event) => events.push({...event, by})};
  }

  /** Runs the detector's timer up to time `t`. */
  advance(t: number): void {
    if (!this.policy) return;
    const interval = this.policy.intervalMs;
    while (this.nextTick <= t) {
      // Ticks where nothing returns only decrement counts: skip them in one step, so a 1 ms
      // interval over hours of timeline costs no more than a 10 s one.
      const returns = Math.min(...this.hosts.map((h) => h.ejectedUntil ?? Infinity));
      const lastTick = this.nextTick + Math.floor((t - this.nextTick) / interval) * interval;
      const target = Math.min(lastTick, returns === Infinity ? Infinity : this.nextTick + Math.max(0, Math.ceil((returns - this.nextTick) / interval)) * interval);
      const skipped = Math.round((target - this.nextTick) / interval);
      if (skipped > 0) {
        for (const host of this.hosts) if (host.ejectedUntil === undefined) host.ejections = Math.max(0, host.ejections - skipped);
        this.nextTick = target;
      }
      const tick = this.nextTick;
      for (const host of this.hosts) {
        if (host.ejectedUntil === undefined) {
          if (host.ejections > 0) host.ejections--;
        } else if (host.ejectedUntil <= tick) {
          this.events.push({at: tick, kind: 'returned', pod: host.name, reason: `ejected at ${host.ejectedAt} ms for ${host.ejectedUntil - host.ejectedAt!} ms; back at the detector's interval tick`});
          host.ejectedAt = undefined;
          host.ejectedUntil = undefined;
        }
      }
      this.nextTick = tick + interval;
    }
  }

  healthy(): HostState[] {
    return this.hosts.filter((h) => h.ejectedUntil === undefined);
  }

  record(host: HostState, answer: AnswerClass, at: number): void {
    if (!this.policy) return;
    const status = 'status' in answer ? answer.status : undefined;
    const is5xx = status === undefined || status >= 500;
    const isGateway = status === undefined || status === 502 || status === 503 || status === 504;
    host.consecutive5xx = is5xx ? host.consecutive5xx + 1 : 0;
    host.consecutiveGateway = isGateway ? host.consecutiveGateway + 1 : 0;
    if (host.ejectedUntil !== undefined) return;
    const {consecutive5xx, consecutiveGateway} = this.policy;
    const count = consecutive5xx !== undefined && host.consecutive5xx >= consecutive5xx ? host.consecutive5xx : host.consecutiveGateway;
    const trigger = consecutive5xx !== undefined && host.consecutive5xx >= consecutive5xx ? `${host.consecutive5xx} consecutive 5xx (consecutive5xxErrors ${consecutive5xx})`
      : consecutiveGateway !== undefined && host.consecutiveGateway >= consecutiveGateway ? `${host.consecutiveGateway} consecutive gateway errors (consecutiveGatewayErrors ${consecutiveGateway})` : undefined;
    if (!trigger) return;
    const ejected = this.hosts.filter((h) => h.ejectedUntil !== undefined).length;
    const percent = ((ejected + 1) / this.hosts.length) * 100;
    if (percent > this.policy.maxEjectionPercent) {
      this.events.push({at, kind: 'not-ejected', pod: host.name, reason: `${trigger}, but ejecting it would eject ${formatPercent(percent)} of ${this.hosts.length} hosts, over maxEjectionPercent ${this.policy.maxEjectionPercent}`});
      return;
    }
    host.ejections++;
    const consecutive = count;
    const duration = Math.min(this.policy.baseEjectionMs * host.ejections, Math.max(this.policy.maxEjectionMs, this.policy.baseEjectionMs));
    host.ejectedAt = at;
    host.ejectedUntil = at + duration;
    host.consecutive5xx = 0;
    host.consecutiveGateway = 0;
    this.events.push({at, kind: 'ejected', pod: host.name, durationMs: duration, ejections: host.ejections, consecutive, reason: `${trigger}: ejected for baseEjectionTime × ${host.ejections} = ${duration} ms`});
  }
}

function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}
