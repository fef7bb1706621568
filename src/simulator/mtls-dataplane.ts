/**
 * Which Istio data plane a pod runs, a sidecar, ambient (ztunnel) or none, as the engine's
 * cluster model reads it for analysis too (src/engine/model/ambient.ts dataplaneModeOf: a sidecar
 * wins, since istio-cni skips injected pods; then `istio.io/dataplane-mode` on the pod, then on
 * its namespace), with the label that decided it.
 */
import {dataplaneModeOf, type DataplaneMode} from '../engine/model/ambient';
import {namespaceLabels} from './ambient/modes';
import type {World} from './world';

export type Dataplane = DataplaneMode;

export interface DataplaneDecision {
  dataplane: Dataplane;
  because: string;
}

export function dataplaneOf(world: World, namespace: string, podLabels: Record<string, string>): DataplaneDecision {
  const {mode, because} = dataplaneModeOf(namespace, namespaceLabels(world, namespace), podLabels);
  return {dataplane: mode, because};
}
