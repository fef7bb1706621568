/**
 * The "RBAC policies" istioctl x describe prints (istioctl 1.30.3 describe.go getIstioRBACPolicies):
 * the policy names of the first RBAC filter in the first HTTP connection manager of the sidecar's
 * virtualInbound listener, listed in Go map order.
 *
 * What istiod puts there (pilot/pkg/security/authz/builder/builder.go, listener_builder.go): the CUSTOM
 * filters first, then one RBAC filter per action in the order AUDIT, DENY, ALLOW, each built from the
 * AuthorizationPolicies of that action that attach to the workload (by selector, from its namespace or
 * the root namespace: ../../simulator/istio-authz/policies.ts), one name per rule,
 * `ns[NS]-policy[NAME]-rule[I]`, and `-rule[0]` for a policy without rules. Every inbound HTTP chain
 * carries the same filters, so the port does not change the answer.
 *
 * Gaps: a CUSTOM policy (its filters come first, with provider-prefixed names), a filter whose
 * policies are all dry-run (its enforced rules are nil, which istioctl dereferences), several names
 * (Go map order).
 */
import {attachment, readAuthorizationPolicy, type AuthzPolicy} from '../../simulator/istio-authz/policies';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

const ROOT_NAMESPACE = 'istio-system';

/** builder.go policyName for the non-CUSTOM builder. */
const policyName = (policy: AuthzPolicy, rule: number): string => `ns[${policy.namespace}]-policy[${policy.name}]-rule[${rule}]`;

/** The RBAC filter's action order in the HTTP filter chain (builder.go build). */
const ORDER = ['AUDIT', 'DENY', 'ALLOW'] as const;

export function rbacPolicyNames(pod: ModelObject, model: StateModel): string[] {
  const target = {kind: 'workload' as const, namespace: pod.namespace, labels: stringMap(field(pod.value, 'metadata', 'labels'))};
  const attached = model.objects.filter((o) => o.group === 'security.istio.io' && o.kind === 'AuthorizationPolicy')
    .map((o, order) => readAuthorizationPolicy({...o, metadata: (field(o.value, 'metadata') ?? {}) as Record<string, unknown>, spec: (field(o.value, 'spec') ?? {}) as Record<string, unknown>, order}))
    .filter((p): p is AuthzPolicy => p !== undefined && attachment(p, target, ROOT_NAMESPACE) !== undefined);
  if (attached.some((p) => p.action === 'CUSTOM')) throw new ModelGap('a CUSTOM AuthorizationPolicy puts its ext_authz and shadow RBAC filters first, whose names istioctl then reads: not modelled here');
  for (const action of ORDER) {
    const policies = attached.filter((p) => p.action === action);
    if (policies.length === 0) continue;
    const enforced = policies.filter((p) => !p.dryRun);
    if (enforced.length === 0) throw new ModelGap(`every ${action} AuthorizationPolicy of the pod is dry-run: the RBAC filter has no enforced rules, which istioctl 1.30.3 dereferences`);
    const names = enforced.flatMap((p) => (p.rules.length === 0 ? [policyName(p, 0)] : p.rules.map((_, i) => policyName(p, i))));
    if (names.length > 1) throw new ModelGap(`the pod's ${action} RBAC filter holds ${names.length} policies (${names.join(', ')}), which istioctl lists in Go map order, varying from run to run`);
    return names;
  }
  return [];
}
