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
 * CUSTOM policies put their filters first (listener_builder.go: the CUSTOM builder's before the
 * others), one RBAC filter per provider in name order, its names `istio-ext-authz-PROVIDER-ns[NS]-…`.
 * When the provider cannot be used (builder.go buildHTTP: several providers with
 * PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS off, its default; or getExtAuthz finds no such
 * envoyExtAuthzHttp/Grpc provider in the mesh config), that filter enforces getBadCustomDenyRules:
 * the provider's enforced policies' names with `-deny-due-to-bad-CUSTOM-action`.
 *
 * Gaps: a CUSTOM policy whose provider the mesh config defines (whether istiod can use it depends on
 * processExtensionProvider's checks, LookupCluster among them; if it can, the filter's enforced rules
 * are its dry-run policies, else nil, which istioctl dereferences), a filter whose policies are all
 * dry-run (its enforced rules are nil: istioctl 1.30.3 panics), several names (Go map order).
 */
import {attachment, readAuthorizationPolicy, type AuthzPolicy} from '../../simulator/istio-authz/policies';
import {field, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {meshConfig} from './sidecar-clusters';
import {rootNamespaceOf} from './root-namespace';

/** builder.go policyName for the non-CUSTOM builder. */
const policyName = (policy: AuthzPolicy, rule: number): string => `ns[${policy.namespace}]-policy[${policy.name}]-rule[${rule}]`;

/** The RBAC filter's action order in the HTTP filter chain (builder.go build). */
const ORDER = ['AUDIT', 'DENY', 'ALLOW'] as const;

export function rbacPolicyNames(pod: ModelObject, model: StateModel): string[] {
  const target = {kind: 'workload' as const, namespace: pod.namespace, labels: stringMap(field(pod.value, 'metadata', 'labels'))};
  const rootNamespace = rootNamespaceOf(model);
  const attached = model.objects.filter((o) => o.group === 'security.istio.io' && o.kind === 'AuthorizationPolicy')
    .map((o, order) => readAuthorizationPolicy({...o, metadata: (field(o.value, 'metadata') ?? {}) as Record<string, unknown>, spec: (field(o.value, 'spec') ?? {}) as Record<string, unknown>, order}))
    .filter((p): p is AuthzPolicy => p !== undefined && attachment(p, target, rootNamespace) !== undefined);
  const custom = attached.filter((p) => p.action === 'CUSTOM');
  if (custom.length > 0) return oneName(customRbacNames(custom, model), 'CUSTOM');
  for (const action of ORDER) {
    const policies = attached.filter((p) => p.action === action);
    if (policies.length === 0) continue;
    const enforced = policies.filter((p) => !p.dryRun);
    if (enforced.length === 0) throw new ModelGap(`every ${action} AuthorizationPolicy of the pod is dry-run: the RBAC filter has no enforced rules, which istioctl 1.30.3 dereferences`);
    return oneName(ruleNames(enforced, policyName), action);
  }
  return [];
}

/** One name per rule of each policy, `rule[0]` for a policy without rules (builder.go build). */
const ruleNames = (policies: readonly AuthzPolicy[], name: (policy: AuthzPolicy, rule: number) => string): string[] =>
  policies.flatMap((p) => (p.rules.length === 0 ? [name(p, 0)] : p.rules.map((_, i) => name(p, i))));

/** istioctl ranges over the filter's policy map: more than one name comes out in Go map order. */
function oneName(names: string[], action: string): string[] {
  if (names.length > 1) throw new ModelGap(`the pod's ${action} RBAC filter holds ${names.length} policies (${names.join(', ')}), which istioctl lists in Go map order, varying from run to run`);
  return names;
}

/** extauthz.go extAuthzMatchPrefix and badCustomActionSuffix. */
const EXT_AUTHZ_PREFIX = 'istio-ext-authz';
const BAD_CUSTOM_SUFFIX = '-deny-due-to-bad-CUSTOM-action';

/** builder.go policyName for the CUSTOM builder: the provider in the prefix when it has one. */
const customPolicyName = (policy: AuthzPolicy, rule: number): string => `${EXT_AUTHZ_PREFIX}-${policy.provider ? `${policy.provider}-` : ''}${policyName(policy, rule)}`;

/** The names of the first CUSTOM RBAC filter's enforced rules (builder.go buildHTTP for the CUSTOM builder). */
function customRbacNames(custom: readonly AuthzPolicy[], model: StateModel): string[] {
  const providers = [...new Set(custom.map((p) => p.provider ?? ''))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const first = providers[0]!;
  const badDeny = (): string[] => ruleNames(custom.filter((p) => (p.provider ?? '') === first && !p.dryRun), customPolicyName).map((name) => `${name}${BAD_CUSTOM_SUFFIX}`);
  if (providers.length > 1) return badDeny();
  // processExtensionProvider resolves only ext_authz providers; getExtAuthz refuses a name it did not resolve.
  const defined = list(field(meshConfig(model), 'extensionProviders'))
    .filter((p) => field(p, 'envoyExtAuthzHttp') !== undefined || field(p, 'envoyExtAuthzGrpc') !== undefined)
    .map((p) => String(field(p, 'name') ?? ''));
  if (!defined.includes(first)) return badDeny();
  throw new ModelGap(`CUSTOM provider ${JSON.stringify(first)} is in the mesh config: whether istiod can use it (processExtensionProvider's checks, LookupCluster among them) decides the names istioctl reads, and when it can and no CUSTOM policy is dry-run, istioctl 1.30.3 dereferences the filter's nil rules`);
}
