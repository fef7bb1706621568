/**
 * Which mesh's proxy routes a client's requests: Linkerd's when its pod is injected by
 * Linkerd (`linkerd.io/inject: enabled` or `ingress` on the pod template, else on its
 * namespace; a pod's own `disabled` wins over its namespace), Istio's otherwise. Linkerd's
 * proxy reads only Gateway API routes (and Linkerd's own), never a VirtualService.
 */
import {asObject, asString} from '../../engine/istio/access';
import type {SimSource} from '../source';
import type {World} from '../world';

export type Mesh = 'istio' | 'linkerd';

const INJECTED = new Set(['enabled', 'ingress']);

export function meshOf(world: World, source: SimSource): Mesh {
  if (source.kind === 'gateway') return 'istio';
  const workload = source.workload === undefined ? undefined
    : world.resources.find((r) => r.name === source.workload && r.namespace === source.namespace && r.kind !== 'Service');
  const template = asObject(asObject(workload?.spec.template)?.metadata) ?? (workload?.kind === 'Pod' ? workload.metadata : undefined);
  const podValue = asString(asObject(template?.annotations)?.['linkerd.io/inject']);
  if (podValue !== undefined) return INJECTED.has(podValue) ? 'linkerd' : 'istio';
  const namespace = world.ofKind('', 'Namespace').find((n) => n.name === source.namespace);
  return INJECTED.has(asString(asObject(namespace?.metadata.annotations)?.['linkerd.io/inject']) ?? '') ? 'linkerd' : 'istio';
}
