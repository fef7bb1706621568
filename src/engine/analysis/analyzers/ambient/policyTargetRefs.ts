/**
 * ambient.PolicyTargetRefAnalyzer (project): an AuthorizationPolicy's targetRef(s) to a Gateway
 * (a waypoint) or a Service that does not exist. istiod binds such a policy to nothing and sets its
 * WaypointAccepted condition to TargetNotFound (pilot/pkg/serviceregistry/ambient/policies.go,
 * WaypointPolicyStatusCollection); ztunnel ignores policies with targetRefs (authorization.go
 * convertAuthorizationPolicy), so the policy applies nowhere. Reported only where the run knows that
 * kind in that namespace. A Service target that exists but uses no waypoint (no istio.io/use-waypoint on
 * it or its namespace, `none`, a missing Gateway, or one not for service traffic) binds nothing either:
 * istiod says AncestorNotBound (Kiali: authorizationpolicy.ambient.l7nowaypoint).
 */
import {asArray, asObject, stringOr} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';
import {waypointBindingOf, waypointServes} from '../../../model/ambient';
import {istiodPolicyTargets} from '../../../model/service-reference';
import {knowsIn, lookup, ref} from '../gatewayapi/routes';
import {deniesAttachment, GATEWAY_GROUP, knowsGatewaysIn, labelsOf, trafficTypeOf, waypointGateway} from './waypoints';

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
  // The status switches on the kind alone, but validatePolicyTargetReference admits these kinds only in the group matchesGroupKind reads
  const group = istiodPolicyTargets(target, {group: GATEWAY_GROUP, kind: 'Gateway'}) ? GATEWAY_GROUP
    : istiodPolicyTargets(target, {group: '', kind: 'Service'}) ? '' : undefined;
  if (group === undefined) return;
  const found = lookup(ctx, group, target.kind, target.namespace, target.name);
  if (found) {
    if (group === '') checkServiceWaypoint(ctx, policy, target, found);
    return;
  }
  if (!knowsIn(ctx, group, target.kind, target.namespace)) return;
  ctx.report(policy, 'AmbientPolicyTargetNotFound', [policy.kind, `${policy.namespace}/${policy.name}`, target.kind, `${target.namespace}/${target.name}`], {path: at(target.path, 'name')});
}

/** fetchWaypointForService, as the policy's status sees it: the Service's binding, when the run can tell. */
function checkServiceWaypoint(ctx: AnalyzerContext, policy: AnalysisResource, target: PolicyTarget, service: AnalysisResource): void {
  const namespaceLabels = ctx.cluster.namespaces.get(service.namespace);
  const own = labelsOf(service);
  // Without the namespace, an unlabelled Service may inherit a binding the run does not show.
  if (!namespaceLabels && own['istio.io/use-waypoint'] === undefined) return;
  const binding = waypointBindingOf(own, namespaceLabels, service.namespace);
  let reason: string | undefined;
  if (!binding) reason = own['istio.io/use-waypoint'] === 'none' ? 'it is labelled istio.io/use-waypoint: none' : `neither it nor namespace ${service.namespace} is labelled istio.io/use-waypoint`;
  else {
    const gateway = waypointGateway(ctx, binding.waypoint);
    const name = `${binding.waypoint.namespace}/${binding.waypoint.name}`;
    if (!gateway) reason = knowsGatewaysIn(ctx, binding.waypoint.namespace) ? `its waypoint ${name} does not exist` : undefined;
    else if (deniesAttachment(ctx, gateway, namespaceLabels, service.namespace)) reason = `its waypoint ${name} does not admit namespace ${service.namespace} (allowedRoutes.namespaces: AttachmentDenied)`;
    else if (!waypointServes(trafficTypeOf(ctx, gateway), 'service')) reason = `its waypoint ${name} is not for service traffic`;
  }
  if (reason) ctx.report(policy, 'AmbientPolicyServiceWithoutWaypoint', [policy.kind, `${policy.namespace}/${policy.name}`, `${service.namespace}/${service.name}`, reason], {path: at(target.path, 'name')});
}
