/**
 * ambient.PolicyTargetRefAnalyzer (project): an AuthorizationPolicy's targetRef(s) to a Gateway
 * (a waypoint) or a Service that does not exist. istiod binds such a policy to nothing and sets its
 * WaypointAccepted condition to TargetNotFound (pilot/pkg/serviceregistry/ambient/policies.go,
 * WaypointPolicyStatusCollection); ztunnel ignores policies with targetRefs (authorization.go
 * convertAuthorizationPolicy), so the policy applies nowhere. Reported only where the run knows that
 * kind in that namespace.
 */
import {asArray, asObject, stringOr} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';
import {knowsIn, lookup, ref} from '../gatewayapi/routes';
import {GATEWAY_GROUP} from './waypoints';

export const policyTargetRefAnalyzer: Analyzer = {
  name: 'ambient.PolicyTargetRefAnalyzer',
  inputs: [KINDS.AuthorizationPolicy, KINDS.Service, ref(GATEWAY_GROUP, 'Gateway')],
  analyze(ctx) {
    for (const policy of ctx.resources('security.istio.io', 'AuthorizationPolicy')) {
      for (const target of targetRefsOf(policy)) checkTarget(ctx, policy, target);
    }
  },
};

export interface PolicyTarget {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  path: string;
}

/** spec.targetRef and spec.targetRefs (model.GetTargetRefs), with the namespace defaulted to the policy's. */
export function targetRefsOf(policy: AnalysisResource): PolicyTarget[] {
  const spec = asObject(policy.value.spec) ?? {};
  const refs: PolicyTarget[] = [];
  const add = (value: unknown, path: string) => {
    const target = asObject(value);
    const name = stringOr(target?.name);
    if (!target || !name) return;
    refs.push({group: stringOr(target.group) ?? '', kind: stringOr(target.kind) ?? '', name, namespace: stringOr(target.namespace) || policy.namespace, path});
  };
  add(spec.targetRef, '/spec/targetRef');
  asArray(spec.targetRefs).forEach((target, i) => add(target, at('/spec/targetRefs', i)));
  return refs;
}

function checkTarget(ctx: AnalyzerContext, policy: AnalysisResource, target: PolicyTarget): void {
  const group = target.kind === 'Gateway' && target.group === GATEWAY_GROUP ? GATEWAY_GROUP : target.kind === 'Service' && (target.group === '' || target.group === 'core') ? '' : undefined;
  if (group === undefined) return;
  if (lookup(ctx, group, target.kind, target.namespace, target.name)) return;
  if (!knowsIn(ctx, group, target.kind, target.namespace)) return;
  ctx.report(policy, 'AmbientPolicyTargetNotFound', [policy.kind, `${policy.namespace}/${policy.name}`, target.kind, `${target.namespace}/${target.name}`], {path: at(target.path, 'name')});
}
