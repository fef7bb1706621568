/**
 * Exercise checks on egress and rate limiting (exercises.ts, schemas/labs/exercise.schema.json):
 *
 * - `egress: allowed | blocked`: the request to a host outside the cluster leaves the mesh, or a
 *   proxy answers or resets it instead (Decision.egress); a request that never meets an egress
 *   decision (a host of the cluster) fails both.
 * - `servedPerSecond: {atMost, atLeast}`: with the client sending the request's `rate`, the
 *   requests served in the last second of a ten-second run (ratelimit/plan.ts).
 */
import type {Decision} from '../decision';
import {planRateLimit} from '../ratelimit/plan';
import type {World} from '../world';

export type EgressCheck =
  | {egress: 'allowed' | 'blocked'}
  | {servedPerSecond: {atMost?: number; atLeast?: number}};

type Result = {passed: boolean; reason: string};

export function isEgressCheck(check: object): check is EgressCheck {
  return 'egress' in check || 'servedPerSecond' in check;
}

export function evaluateEgressCheck(check: EgressCheck, world: World, decision: Decision, rate: number | undefined): Result {
  if ('egress' in check) {
    const egress = decision.egress;
    if (!egress) return {passed: false, reason: `the request does not leave the cluster (${decision.summary || decision.outcome})`};
    return {passed: egress.verdict === check.egress, reason: `${egress.verdict}: ${egress.answer}${egress.policy ? ` (${egress.policy.mode}, from ${egress.policy.from})` : ''}`};
  }
  if (rate === undefined) return {passed: false, reason: 'the check needs the request\'s rate (requests per second)'};
  const plan = planRateLimit(world, decision, rate);
  const {atMost, atLeast} = check.servedPerSecond;
  const passed = (atMost === undefined || plan.servedPerSecond <= atMost) && (atLeast === undefined || plan.servedPerSecond >= atLeast);
  const by = plan.enforcers.length ? plan.enforcers.map((e) => `${e.proxy}: ${e.limit}`).join('; ') : 'no rate limit applies';
  return {passed, reason: `at ${rate} requests per second, ${plan.servedPerSecond} are served per second (${by})`};
}
