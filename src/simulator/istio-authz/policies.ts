/**
 * AuthorizationPolicies as istiod reads them (istio 1.30.3 pilot/pkg/model/authorization.go):
 * oldest first, grouped by action (ALLOW, the default, DENY, AUDIT, CUSTOM), and the ones that
 * attach to a proxy: those in the root namespace (istio-system) and in the workload's namespace
 * (ListAuthorizationPolicies), chosen as policyattachment.go ShouldAttachPolicy chooses them:
 * - a sidecar or ztunnel: `selector` (none: every workload of the namespace, or of the mesh
 *   for the root namespace); a policy with `targetRefs` never applies to it;
 * - a waypoint: only `targetRefs`, to the waypoint's Gateway (same namespace), to a Service in
 *   the policy's namespace whose traffic the waypoint serves, or, from the root namespace, to
 *   the GatewayClass `istio-waypoint`; a policy with a `selector` only never applies to it;
 * - an ingress gateway: a classic one (istio-ingressgateway) as a sidecar, by `selector`; a Gateway
 *   API gateway (pods labelled gateway.networking.k8s.io/gateway-name) by `targetRefs` to its
 *   Gateway (same namespace), and, without targetRefs, by `selector`
 *   (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY, on by default).
 */
import {asArray, asObject, asString, type Obj} from '../../engine/istio/access';
import {labelsInclude, stringLabels} from '../../engine/model/labels';
import {istiodPolicyTargets} from '../../engine/model/service-reference';
import {WAYPOINT_CLASS} from '../../engine/model/ambient';
import {locate, type Located, type World, type WorldResource} from '../world';
import {rootNamespaceOf} from '../egress/mesh-config';
import {isGoTrue} from '../../engine/go/strconv-bool';

export type PolicyAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

export interface AuthzPolicy {
  name: string;
  namespace: string;
  action: PolicyAction;
  /** CUSTOM: the ext_authz extension provider it names. */
  provider?: string;
  /** `istio.io/dry-run` parsed as Go's strconv.ParseBool (anything else: enforced, as isDryRun logs and goes on). */
  dryRun: boolean;
  /** `spec.rules` as written; undefined or empty: the policy has no rules. */
  rules: Obj[];
  selector?: Record<string, string>;
  targetRefs: Array<{group: string; kind: string; name: string; namespace?: string}>;
  resource: WorldResource;
  at?: Located;
}

const DRY_RUN = 'istio.io/dry-run';
const ACTIONS = new Set<PolicyAction>(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);

/** One AuthorizationPolicy as istiod reads it; undefined for an action it does not know. */
export function readAuthorizationPolicy(resource: WorldResource): AuthzPolicy | undefined {
  const spec = resource.spec;
  const written = asString(spec.action) ?? 'ALLOW';
  if (!ACTIONS.has(written as PolicyAction)) return undefined;
  const annotations = stringLabels(asObject(resource.metadata)?.annotations);
  const selector = asObject(spec.selector);
  const refs = [...asArray(spec.targetRefs), ...(spec.targetRef !== undefined && asArray(spec.targetRefs).length === 0 ? [spec.targetRef] : [])];
  return {
    name: resource.name,
    namespace: resource.namespace,
    action: written as PolicyAction,
    provider: asString(asObject(spec.provider)?.name),
    dryRun: isGoTrue(annotations[DRY_RUN]),
    rules: asArray(spec.rules).map((r) => asObject(r) ?? {}),
    selector: selector ? stringLabels(selector.matchLabels) : undefined,
    targetRefs: refs.map(asObject).filter((r): r is Obj => r !== undefined).map((r) => ({
      group: asString(r.group) ?? '', kind: asString(r.kind) ?? '', name: asString(r.name) ?? '', namespace: asString(r.namespace),
    })),
    resource,
    at: resource.at,
  };
}

/** Every AuthorizationPolicy of the cluster, oldest first. */
export function authorizationPolicies(world: World): AuthzPolicy[] {
  return world.ofKind('security.istio.io', 'AuthorizationPolicy').map(readAuthorizationPolicy).filter((p): p is AuthzPolicy => p !== undefined);
}

/** The proxy that enforces: a workload's sidecar or its node's ztunnel (both by selector), or a waypoint (by targetRefs). */
export type AttachTarget =
  | {kind: 'workload'; namespace: string; labels: Record<string, string>; name?: string}
  /** An ingress gateway's Envoy; `gatewayName`: the Gateway API Gateway it runs (its pods' gateway.networking.k8s.io/gateway-name). */
  | {kind: 'gateway'; namespace: string; labels: Record<string, string>; name: string; gatewayName?: string}
  | {kind: 'waypoint'; namespace: string; gateway: string; services: Array<{name: string; namespace: string}>};

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** policyattachment.go matchesGroupKind for gvk.KubernetesGateway (model/service-reference.ts). */
const isGatewayRef = (ref: AuthzPolicy['targetRefs'][number]) => istiodPolicyTargets(ref, {group: GATEWAY_GROUP, kind: 'Gateway'});

/** Why a policy attaches to the target, or undefined when it does not. */
export function attachment(policy: AuthzPolicy, target: AttachTarget, rootNamespace: string): string | undefined {
  if (policy.namespace !== rootNamespace && policy.namespace !== target.namespace) return undefined;
  const bySelector = (labels: Record<string, string>): string | undefined => {
    if (policy.selector === undefined) return policy.namespace === rootNamespace ? 'mesh-wide (root namespace, no selector)' : 'namespace-wide (no selector)';
    return labelsInclude(labels, policy.selector) ? 'its selector matches the pod labels' : undefined;
  };
  if (target.kind === 'workload' || (target.kind === 'gateway' && target.gatewayName === undefined)) {
    if (policy.targetRefs.length > 0) return undefined;
    return bySelector(target.labels);
  }
  if (target.kind === 'gateway') {
    // policyattachment.go ShouldAttachPolicy for a Gateway API gateway's pods.
    if (policy.targetRefs.length === 0) return bySelector(target.labels);
    if (policy.namespace !== target.namespace) return undefined;
    const ref = policy.targetRefs.find((r) => isGatewayRef(r) && r.name === target.gatewayName && (r.namespace === undefined || r.namespace === '' || r.namespace === target.namespace));
    return ref ? `targetRefs Gateway ${target.namespace}/${target.gatewayName}` : undefined;
  }
  for (const ref of policy.targetRefs) {
    if (istiodPolicyTargets(ref, {group: '', kind: 'Service'}) && target.services.some((s) => s.name === ref.name && s.namespace === policy.namespace)) {
      return `targetRefs Service ${policy.namespace}/${ref.name}, served by the waypoint`;
    }
    if (policy.namespace === rootNamespace && istiodPolicyTargets(ref, {group: GATEWAY_GROUP, kind: 'GatewayClass'}) && ref.name === WAYPOINT_CLASS) {
      return `targetRefs GatewayClass ${WAYPOINT_CLASS} (root namespace): every waypoint`;
    }
    if (policy.namespace !== target.namespace || (ref.namespace !== undefined && ref.namespace !== '' && ref.namespace !== target.namespace)) continue;
    if (isGatewayRef(ref) && ref.name === target.gateway) return `targetRefs Gateway ${target.namespace}/${target.gateway}`;
  }
  return undefined;
}

export interface AttachedPolicy {
  policy: AuthzPolicy;
  because: string;
}

/** The policies that attach to the target, in istiod's order (root namespace first, then the workload's; oldest first in each). */
export function attachedPolicies(world: World, target: AttachTarget): AttachedPolicy[] {
  const all = authorizationPolicies(world);
  const namespaces = [...new Set([rootNamespaceOf(world), target.namespace])];
  const out: AttachedPolicy[] = [];
  for (const ns of namespaces) {
    for (const policy of all.filter((p) => p.namespace === ns)) {
      const because = attachment(policy, target, rootNamespaceOf(world));
      if (because) out.push({policy, because});
    }
  }
  return out;
}

export function policyRef(policy: AuthzPolicy): string {
  return `${policy.namespace}/${policy.name}`;
}

export function ruleAt(policy: AuthzPolicy, index: number, ...rest: Array<string | number>): Located | undefined {
  return locate(policy.resource, 'spec', 'rules', index, ...rest);
}
