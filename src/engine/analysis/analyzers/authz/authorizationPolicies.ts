/** authz/authorizationpolicies.go (AuthorizationPoliciesAnalyzer): IST0127, IST0101 namespace. */
import {asArray, asObject} from '../../../istio/access';
import {formatLabels, stringLabels} from '../../../model/cluster';
import {meshRootNamespace, type AnalysisResource} from '../../../model/resource';
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
 * IST0127: a selector matching no workload (in the policy's namespace; any namespace for the mesh
 * config's root namespace's), or a namespace-wide policy (not in the root namespace) where no pod runs.
 */
function analyzeNoMatchingWorkloads(ctx: AnalyzerContext, policy: AnalysisResource): void {
  const spec = asObject(policy.value.spec) ?? {};
  const rootNamespace = meshRootNamespace(ctx.meshConfig);
  const namespace = policy.namespace === rootNamespace ? undefined : policy.namespace;
  if (!ctx.knowsWorkloadsIn(namespace)) return;
  if (spec.selector === undefined || spec.selector === null) {
    if (namespace !== undefined && !ctx.cluster.anyWorkloadMatching({}, namespace)) {
      ctx.report(policy, 'NoMatchingWorkloadsFound', [''], {path: '/metadata/name', lineAt: null});
    }
    return;
  }
  const selector = stringLabels(asObject(spec.selector)?.matchLabels);
  if (Object.keys(selector).length === 0) return;
  if (!ctx.cluster.anyWorkloadMatching(selector, namespace)) {
    ctx.report(policy, 'NoMatchingWorkloadsFound', [formatLabels(selector)], {path: '/spec/selector', at: 'key', lineAt: null});
  }
}

/**
 * analyzeNamespaceNotFound: each from.source.namespaces and notNamespaces entry must match an existing
 * Namespace: `*` any, `*suffix` and `prefix*` as patterns, others by name (case-insensitively).
 */
function analyzeNamespaceNotFound(ctx: AnalyzerContext, policy: AnalysisResource): void {
  if (!ctx.knows('Namespace')) return;
  asArray(asObject(policy.value.spec)?.rules).forEach((rule, i) => {
    asArray(asObject(rule)?.from).forEach((from, j) => {
      const source = asObject(asObject(from)?.source);
      for (const field of ['namespaces', 'notNamespaces'] as const) {
        asArray(source?.[field]).forEach((namespace, k) => {
          if (typeof namespace !== 'string' || matchesSomeNamespace(ctx, namespace)) return;
          // istioctl's line: namespaces[k] for either list (util.AuthorizationPolicyNameSpace).
          ctx.report(policy, 'ReferencedResourceNotFound', ['namespace', namespace], {path: at('/spec/rules', i, 'from', j, 'source', field, k), lineAt: at('/spec/rules', i, 'from', j, 'source', 'namespaces', k)});
        });
      }
    });
  });
}

function matchesSomeNamespace(ctx: AnalyzerContext, pattern: string): boolean {
  if (pattern === '*') return true;
  const names = ctx.cluster.namespaces;
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    for (const name of names.keys()) if (name.endsWith(suffix)) return true;
    return false;
  }
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    for (const name of names.keys()) if (name.startsWith(prefix)) return true;
    return false;
  }
  if (names.has(pattern)) return true;
  // strings.EqualFold: the exact name first (the common case), then regardless of case.
  const lower = pattern.toLowerCase();
  for (const name of names.keys()) if (name.toLowerCase() === lower) return true;
  return false;
}
