/**
 * Exercise checks on resilience, mirroring and mTLS (exercises.ts, schemas/labs/exercise.schema.json):
 *
 * - `worstCaseLatency: {atMost}`: the longest a client can wait under the route (timeline.ts
 *   bound) and the longest seen on the timeline under the request's `upstream` script are both
 *   at most `atMost`.
 * - `ejected: {after, for}`: on the timeline, a pod is ejected after `after` consecutive errors,
 *   for `for` (its first ejection: baseEjectionTime).
 * - `mirrored: {percent, to, neverSeen}`: `percent` of the requests are copied to the target
 *   (host, subset or pod labels); with `neverSeen`, no user answer comes from the target.
 * - `connection`: every destination workload's mTLS result (mtls-attach.ts).
 */
import {parseGoDuration} from '../../engine/istio/durations';
import type {Decision} from '../decision';
import type {MirrorPlan} from '../mirroring';
import {labelsInclude, type World} from '../world';
import {timeline, type Timeline} from './timeline';
import type {RouteQuery} from '../simulate';

export interface TimelineRequestSpec {
  /** The upstream behaviour script. */
  upstream?: string;
  requests?: number;
  every?: string;
}

export interface MirrorTarget {
  host?: string;
  subset?: string;
  labels?: Record<string, string>;
}

export type ResilienceCheck =
  | {worstCaseLatency: {atMost: string}}
  | {ejected: {after: number; for: string}}
  | {mirrored: {percent: number; to: MirrorTarget; neverSeen?: boolean; tolerance?: number}}
  | {connection: 'mtls' | 'plaintext' | 'failed'};

type Result = {passed: boolean; reason: string};

export function isResilienceCheck(check: object): check is ResilienceCheck {
  return 'worstCaseLatency' in check || 'ejected' in check || 'mirrored' in check || 'connection' in check;
}

export function runTimeline(world: World, query: RouteQuery, spec: TimelineRequestSpec): Timeline {
  const every = spec.every === undefined ? 0 : (parseGoDuration(spec.every) ?? NaN) / 1e6;
  return timeline(world, query, spec.upstream ?? '', {requests: spec.requests ?? 1, everyMs: every});
}

export function evaluateResilienceCheck(check: ResilienceCheck, world: World, query: RouteQuery, spec: TimelineRequestSpec, decision: Decision): Result {
  if ('worstCaseLatency' in check) {
    const limit = (parseGoDuration(check.worstCaseLatency.atMost) ?? NaN) / 1e6;
    if (!Number.isFinite(limit)) return {passed: false, reason: `atMost ${JSON.stringify(check.worstCaseLatency.atMost)} is not a duration`};
    const t = runTimeline(world, query, spec);
    const {boundMs, observedMs, explanation} = t.worstCase;
    const passed = boundMs !== null && boundMs <= limit && observedMs !== null && observedMs <= limit;
    return {passed, reason: `worst case ${boundMs === null ? 'unbounded' : `${boundMs} ms`} (${explanation}); longest seen ${observedMs === null ? 'never answered' : `${observedMs} ms`}; expected at most ${limit} ms`};
  }
  if ('ejected' in check) {
    const forMs = (parseGoDuration(check.ejected.for) ?? NaN) / 1e6;
    const t = runTimeline(world, query, spec);
    const first = t.events.find((e) => e.kind === 'ejected');
    const refused = t.events.find((e) => e.kind === 'not-ejected');
    if (!first) return {passed: false, reason: refused ? `no pod is ejected: ${refused.reason}` : t.policy.outlier ? 'no pod is ejected on this timeline' : 'no pod is ejected: no DestinationRule sets outlierDetection'};
    const passed = first.consecutive === check.ejected.after && first.durationMs === forMs;
    return {passed, reason: `${first.pod} is ejected at ${first.at} ms after ${first.consecutive} consecutive errors, for ${first.durationMs} ms (expected after ${check.ejected.after}, for ${forMs} ms)`};
  }
  if ('mirrored' in check) return evaluateMirrored(check.mirrored, world, decision);
  const connections = decision.destinations.flatMap((d) => d.mtls ?? []);
  if (connections.length === 0) return {passed: false, reason: `no destination workload to connect to (${decision.summary})`};
  const wrong = connections.filter((c) => c.result !== check.connection);
  return {passed: wrong.length === 0, reason: connections.map((c) => `${c.namespace}/${c.workload}: ${c.result}${c.result === 'failed' ? ` (${c.reason})` : ''}`).join('; ')};
}

function evaluateMirrored(expected: {percent: number; to: MirrorTarget; neverSeen?: boolean; tolerance?: number}, world: World, decision: Decision): Result {
  const plans = (decision.mirroring ?? []).filter((m) => mirrorMatches(m, expected.to));
  const share = plans.reduce((sum, m) => sum + m.share, 0);
  const tolerance = expected.tolerance ?? 0.005;
  const problems: string[] = [];
  if (Math.abs(share - expected.percent / 100) > tolerance + 1e-9) problems.push(`${formatPercent(share)} of requests are mirrored there, expected ${expected.percent}%`);
  if (expected.neverSeen) {
    const pods = new Map(world.pods.map((p) => [p.name, p.labels]));
    const seen = decision.distribution.filter((e) => e.status === 200 && (expected.to.host === undefined || e.host === expected.to.host || e.host?.startsWith(`${expected.to.host}.`))
      && (expected.to.subset === undefined || e.subset === expected.to.subset)
      && (expected.to.labels === undefined || labelsInclude(e.labels ?? pods.get(e.pod ?? '') ?? {}, expected.to.labels)));
    const seenShare = seen.reduce((sum, e) => sum + e.share, 0);
    if (seenShare > 1e-9) problems.push(`${formatPercent(seenShare)} of users get their answer from it`);
  }
  const what = plans.length ? plans.map((m) => `${formatPercent(m.share)} to ${m.cluster}${m.problem ? ` (${m.problem})` : ''}`).join(', ') : `no mirror to the target (${(decision.mirroring ?? []).map((m) => m.cluster).join(', ') || 'no mirror at all'})`;
  return problems.length ? {passed: false, reason: `${problems.join('; ')}: ${what}`} : {passed: true, reason: `${what}; its answers are discarded${expected.neverSeen ? ' and no user answer comes from it' : ''}`};
}

function mirrorMatches(m: MirrorPlan, to: MirrorTarget): boolean {
  if (to.host !== undefined && m.host !== to.host && !m.host.startsWith(`${to.host}.`)) return false;
  if (to.subset !== undefined && m.subset !== to.subset) return false;
  return to.labels === undefined || m.workloads.some((w) => labelsInclude(w.labels, to.labels!));
}

function formatPercent(share: number): string {
  const value = Math.round(share * 1000) / 10;
  return `${value}%`;
}
