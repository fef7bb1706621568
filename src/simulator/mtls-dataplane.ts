/**
 * Which Istio data plane a pod runs: a sidecar, ambient (ztunnel), or none.
 *
 * - Sidecar: the injector's webhooks (istio 1.30.3 manifests/charts/istio-control/istio-discovery/
 *   templates/mutatingwebhook.yaml): the namespace label `istio-injection=enabled`, or an
 *   `istio.io/rev` label when `istio-injection` is absent, injects every pod that does not
 *   carry `sidecar.istio.io/inject=false`; the pod label `sidecar.istio.io/inject=true`
 *   injects in a namespace not labelled `istio-injection=disabled`.
 * - Ambient: `istio.io/dataplane-mode=ambient` on the namespace or the pod, unless the pod
 *   opts out with `istio.io/dataplane-mode=none`; a pod with a sidecar is never captured by
 *   ztunnel (the CNI skips injected pods).
 */
import {stringLabels} from './world';
import type {World} from './world';

export type Dataplane = 'sidecar' | 'ambient' | 'none';

export interface DataplaneDecision {
  dataplane: Dataplane;
  because: string;
}

export function namespaceLabels(world: World, namespace: string): Record<string, string> {
  const resource = world.ofKind('', 'Namespace').find((n) => n.name === namespace);
  return stringLabels(resource?.metadata.labels);
}

export function dataplaneOf(world: World, namespace: string, podLabels: Record<string, string>): DataplaneDecision {
  const ns = namespaceLabels(world, namespace);
  const podInject = podLabels['sidecar.istio.io/inject'];
  const injection = ns['istio-injection'];
  if (podInject !== 'false' && injection !== 'disabled') {
    if (injection === 'enabled') return {dataplane: 'sidecar', because: `namespace ${namespace} has istio-injection=enabled`};
    if (injection === undefined && ns['istio.io/rev'] !== undefined) return {dataplane: 'sidecar', because: `namespace ${namespace} has istio.io/rev=${ns['istio.io/rev']}`};
    if (podInject === 'true') return {dataplane: 'sidecar', because: 'the pod has sidecar.istio.io/inject=true'};
  }
  const podMode = podLabels['istio.io/dataplane-mode'];
  if (podMode !== 'none' && (podMode === 'ambient' || ns['istio.io/dataplane-mode'] === 'ambient')) {
    return {dataplane: 'ambient', because: podMode === 'ambient' ? 'the pod has istio.io/dataplane-mode=ambient' : `namespace ${namespace} has istio.io/dataplane-mode=ambient`};
  }
  return {dataplane: 'none', because: podInject === 'false' ? 'the pod has sidecar.istio.io/inject=false' : `namespace ${namespace} enables neither injection nor ambient`};
}
