/** authz/authorizationpolicies.go (AuthorizationPoliciesAnalyzer): IST0127, IST0101 namespace. */
import {asArray, asObject} from '../../../istio/access';
import {formatLabels, stringLabels} from '../../../model/cluster';
import {ROOT_NAMESPACE, type AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';

export const authorizationPoliciesAnalyzer: Analyzer = {
  name: 'auth.AuthorizationPoliciesAnalyzer',
  inputs: [KINDS.AuthorizationPolicy, KINDS.Namespace, KINDS.Pod, KINDS.MeshConfig],
  analyze(ctx) {
    for (const policy of ctx.resources('security.istio.io', 'AuthorizationPolicy')) {
      analyzeNoMatchingWorkloads(ctx, policy);
      analyzeNamespaceNotFound(ctx, policy);
    }
  },
};

/**
 * IST0127: a selector matching no workload (in the policy's namespace; any namespace for the root
 * namespace's), or a namespace-wide policy (not in the root namespace) where no pod runs.
 */
function analyzeNoMatchingWorkloads(ctx: AnalyzerContext, policy: AnalysisResource): void {
  const spec = asObject(policy.value.spec) ?? {};
  const namespace = policy.namespace === ROOT_NAMESPACE ? undefined : policy.namespace;
  if (!ctx.knowsWorkloadsIn(namespace)) return;
  if (spec.selector === undefined || spec.selector === null) {
    if (namespace !== undefined && ctx.cluster.workloadsMatching({}, namespace).length === 0) {
      ctx.report(policy, 'NoMatchingWorkloadsFound', [''], {path: '/metadata/name'});
    }
    return;
  }
  const selector = stringLabels(asObject(spec.selector)?.matchLabels);
  if (Object.keys(selector).length === 0) return;
  if (ctx.cluster.workloadsMatching(selector, namespace).length === 0) {
    ctx.report(policy, 'NoMatchingWorkloadsFound', [formatLabels(selector)], {path: '/spec/selector', at: 'key'});
  }
}

/** analyzeNamespaceNotFound: from.source.namespaces must name existing namespaces. */
function analyzeNamespaceNotFound(ctx: AnalyzerContext, policy: AnalysisResource): void {
  if (!ctx.knows('Namespace')) return;
  asArray(asObject(policy.value.spec)?.rules).forEach((rule, i) => {
    asArray(asObject(rule)?.from).forEach((from, j) => {
      asArray(asObject(asObject(from)?.source)?.namespaces).forEach((namespace, k) => {
        // Namespace patterns (`*`, `prod-*`) are matched by Envoy, not looked up.
        if (typeof namespace !== 'string' || namespace === '' || namespace.includes('*') || ctx.cluster.namespaces.has(namespace)) return;
        ctx.report(policy, 'ReferencedResourceNotFound', ['namespace', namespace], {path: at('/spec/rules', i, 'from', j, 'source', 'namespaces', k)});
      });
    });
  });
}
