/** deployment/pod.go (ApplicationUIDAnalyzer): IST0144. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';

const PROXY_UID = 1337;
const EXEMPT_CONTAINERS = new Set(['istio-proxy', 'istio-operator']);

/**
 * A Pod or Deployment (not other controllers) whose pod securityContext, or the securityContext of a
 * container other than istio-proxy, runs as UID 1337. Control-plane resources (label `istio`, or
 * release=istio) are skipped. The messages are identical, so istioctl prints one: reported at the first.
 */
export const applicationUidAnalyzer: Analyzer = {
  name: 'applicationUID.Analyzer',
  inputs: [KINDS.Pod, KINDS.Deployment],
  reports: [KINDS.Pod, KINDS.Deployment],
  analyze(ctx) {
    for (const pod of ctx.resources('', 'Pod')) analyzeWorkload(ctx, pod);
    for (const deployment of ctx.resources('apps', 'Deployment')) analyzeWorkload(ctx, deployment);
  },
};

function analyzeWorkload(ctx: AnalyzerContext, resource: AnalysisResource): void {
  const labels = asObject(asObject(resource.value.metadata)?.labels) ?? {};
  if (labels.istio !== undefined || labels.release === 'istio') return;
  const base = resource.kind === 'Pod' ? '/spec' : '/spec/template/spec';
  const podSpec = resource.kind === 'Pod' ? asObject(resource.value.spec) : asObject(asObject(asObject(resource.value.spec)?.template)?.spec);
  if (!podSpec) return;
  let path: string | undefined;
  if (asObject(podSpec.securityContext)?.runAsUser === PROXY_UID) path = at(base, 'securityContext', 'runAsUser');
  else {
    const containers = asArray(podSpec.containers);
    const i = containers.findIndex((c) => !EXEMPT_CONTAINERS.has(stringOr(asObject(c)?.name)) && asObject(asObject(c)?.securityContext)?.runAsUser === PROXY_UID);
    if (i >= 0) path = at(base, 'containers', i, 'securityContext', 'runAsUser');
  }
  if (path) ctx.report(resource, 'InvalidApplicationUID', [], {path, lineAt: null});
}
