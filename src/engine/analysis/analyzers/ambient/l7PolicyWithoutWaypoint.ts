/**
 * ambient.L7PolicyWithoutWaypointAnalyzer (project): an AuthorizationPolicy with HTTP attributes that
 * reaches ambient workloads by `selector` (or namespace-wide) instead of `targetRefs`. Such a policy
 * goes to ztunnel, which cannot read HTTP: istiod drops the HTTP parts when it converts the policy
 * (pilot/pkg/serviceregistry/ambient/authorization.go convertAuthorizationPolicy, handleRule): an ALLOW
 * rule with any HTTP attribute matches nothing, a DENY rule is enforced without its HTTP attributes, so
 * both refuse more than written. Which attributes count as HTTP is istiod's list (httpOperations,
 * httpSources, l4WhenAttributes). Kiali flags the same policy (business/checkers/ambient_policy_checker.go,
 * authorizationpolicy.ambient.l7notargetrefs).
 */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {dataplaneMode} from '../../../model/ambient';
import {labelsInclude, stringLabels} from '../../../model/labels';
import type {Workload} from '../../../model/cluster';
import {meshRootNamespace, type AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';
import {targetRefsOf} from './policyTargetRefs';

export const l7PolicyWithoutWaypointAnalyzer: Analyzer = {
  name: 'ambient.L7PolicyWithoutWaypointAnalyzer',
  inputs: [KINDS.AuthorizationPolicy, KINDS.Namespace, KINDS.Pod, KINDS.Deployment, KINDS.MeshConfig],
  analyze(ctx) {
    // A policy is judged only where it reaches an ambient workload or namespace: without either
    // (most runs) none is read.
    if (ambientWorkloads(ctx, undefined).length === 0 && !hasAmbientNamespace(ctx)) return;
    for (const policy of ctx.resources('security.istio.io', 'AuthorizationPolicy')) check(ctx, policy);
  },
};

const OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const SOURCE_FIELDS = ['remoteIpBlocks', 'notRemoteIpBlocks', 'requestPrincipals', 'notRequestPrincipals'];
const L4_WHEN_KEYS = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

/** The HTTP attributes of a policy's rules, sorted and unique, as istiod lists them in its warning. */
export function httpAttributesOf(policy: AnalysisResource): string[] {
  const found = new Set<string>();
  for (const item of asArray(asObject(policy.value.spec)?.rules)) {
    const rule = asObject(item);
    for (const to of asArray(rule?.to)) {
      const operation = asObject(asObject(to)?.operation);
      for (const field of OPERATION_FIELDS) if (asArray(operation?.[field]).length > 0) found.add(field);
    }
    for (const from of asArray(rule?.from)) {
      const source = asObject(asObject(from)?.source);
      for (const field of SOURCE_FIELDS) if (asArray(source?.[field]).length > 0) found.add(field);
    }
    for (const when of asArray(rule?.when)) {
      const key = stringOr(asObject(when)?.key);
      if (key && !L4_WHEN_KEYS.has(key)) found.add(key);
    }
  }
  return [...found].sort();
}

function check(ctx: AnalyzerContext, policy: AnalysisResource): void {
  const spec = asObject(policy.value.spec) ?? {};
  if (targetRefsOf(policy).length > 0) return;
  const action = stringOr(spec.action, 'ALLOW');
  if (action !== 'ALLOW' && action !== 'DENY') return;
  const rootNamespace = meshRootNamespace(ctx.meshConfig);
  const scope = policy.namespace === rootNamespace ? undefined : policy.namespace;
  const selector = asObject(spec.selector) ? stringLabels(asObject(spec.selector)?.matchLabels) : undefined;
  const inScope = ambientWorkloads(ctx, scope);
  const ambient = (selector === undefined ? inScope : inScope.filter((w) => labelsInclude(w.labels, selector))).map((w) => `${w.namespace}/${w.name}`);
  const namespaceWide = selector === undefined && scope !== undefined && dataplaneMode(ctx.cluster.namespaces.get(scope) ?? {}, {}) === 'ambient';
  if (ambient.length === 0 && !namespaceWide) return;
  // Read last: a run without ambient workloads (most) has no policy to judge.
  const attributes = httpAttributesOf(policy);
  if (attributes.length === 0) return;
  const workloads = ambient.length > 0 ? ambient.join(', ') : `namespace ${scope}`;
  const attachment = selector === undefined ? (scope === undefined ? 'no selector in the root namespace (mesh-wide)' : 'no selector (namespace-wide)') : 'its selector';
  const effect = action === 'ALLOW'
    ? 'its rules that use them never match, so it allows less than written (with no other ALLOW rule matching, requests are denied).'
    : 'its rules are enforced without those attributes, so it denies more than written.';
  ctx.report(policy, 'AmbientL7PolicyWithoutWaypoint', [`${policy.namespace}/${policy.name}`, workloads, attachment, attributes.join(', '), effect],
    {path: selector === undefined ? '/metadata/name' : '/spec/selector', at: selector === undefined ? 'value' : 'key'});
}

function hasAmbientNamespace(ctx: AnalyzerContext): boolean {
  for (const labels of ctx.cluster.namespaces.values()) if (dataplaneMode(labels, {}) === 'ambient') return true;
  return false;
}

const ambientByScope = new WeakMap<AnalyzerContext, Map<string | undefined, Workload[]>>();

/**
 * The ambient workloads of a namespace (of every namespace when undefined), in the cluster's
 * order, found once per run: each policy with HTTP attributes asked the data plane mode of every
 * workload of its namespace again.
 */
function ambientWorkloads(ctx: AnalyzerContext, scope: string | undefined): Workload[] {
  let byScope = ambientByScope.get(ctx);
  if (!byScope) ambientByScope.set(ctx, (byScope = new Map()));
  let found = byScope.get(scope);
  if (!found) {
    const pool = scope === undefined ? ctx.cluster.workloads : (ctx.cluster.workloadsByNamespace.get(scope) ?? []);
    found = pool.filter((w) => dataplaneMode(ctx.cluster.namespaces.get(w.namespace) ?? {}, w.labels) === 'ambient');
    byScope.set(scope, found);
  }
  return found;
}
