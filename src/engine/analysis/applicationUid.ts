/** deployment/pod.go (ApplicationUIDAnalyzer): IST0144. */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, stringOr} from '../istio/access';
import type {AnalysisContext} from './context';
import type {AnalysisResource} from '../model/resource';

const PROXY_UID = 1337;
const EXEMPT_CONTAINERS = new Set(['istio-proxy', 'istio-operator']);

/**
 * A Pod or Deployment (not other controllers) whose pod securityContext, or the securityContext of a
 * container other than istio-proxy, runs as UID 1337. Control-plane resources (label `istio`, or
 * release=istio) are skipped. The messages are identical, so istioctl prints one: reported at the first.
 */
export function analyzeApplicationUid(ctx: AnalysisContext, resource: AnalysisResource): void {
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
  if (path) ctx.report(resource, {path, at: 'value', severity: 'warning', code: CODES.invalidApplicationUID, message: 'User ID (UID) 1337 is reserved for the sidecar proxy.'});
}
