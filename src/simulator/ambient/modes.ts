/**
 * Each workload's data plane in a lab, from its labels and its namespace's (src/engine/model/ambient.ts):
 * sidecar, ambient (captured by the node's ztunnel) or none. Modes are those of pods created under the
 * current labels: relabelling a namespace changes running pods only when they restart (a sidecar stays
 * injected until then), which the simulator does not model.
 *
 * Ambient semantics apply only to a lab that shows ambient mode: some namespace or pod template labelled
 * `istio.io/dataplane-mode=ambient`, or a waypoint Gateway (class istio-waypoint). Other labs keep the
 * simulator's sidecar reading, where every client is a sidecar.
 */
import {asObject, asString} from '../../engine/istio/access';
import {DATAPLANE_MODE, dataplaneMode, type DataplaneMode, WAYPOINT_CLASS} from '../../engine/model/ambient';
import {stringLabels} from '../../engine/model/labels';
import {ownValue} from '../../engine/model/own';
import {workloadPods} from '../../engine/model/pods';
import type {World, WorldResource} from '../world';

export type {DataplaneMode};

const shown = new WeakMap<World, boolean>();

/** Whether the lab shows ambient mode at all (computed once per world). */
export function showsAmbient(world: World): boolean {
  let answer = shown.get(world);
  if (answer === undefined) {
    answer = world.resources.some((r) => {
      if (r.group === '' && r.kind === 'Namespace') return ownValue(stringLabels(r.metadata.labels), DATAPLANE_MODE) === 'ambient';
      if (r.group === 'gateway.networking.k8s.io' && r.kind === 'Gateway') return asString(r.spec.gatewayClassName) === WAYPOINT_CLASS;
      const pods = workloadPods(r);
      return pods !== undefined && ownValue(pods.labels, DATAPLANE_MODE) === 'ambient';
    });
    shown.set(world, answer);
  }
  return answer;
}

export function namespaceLabels(world: World, namespace: string): Record<string, string> {
  const resource = world.ofKind('', 'Namespace').find((n) => n.name === namespace);
  return resource ? stringLabels(resource.metadata.labels) : {};
}

/** The workload resource (Deployment, Pod, …) of a name in a namespace. */
export function workloadResource(world: World, namespace: string, name: string): WorldResource | undefined {
  return world.resources.find((r) => r.name === name && r.namespace === namespace && workloadPods(r) !== undefined);
}

/** A workload's mode; a client without a workload (a bare namespace) is a pod without labels there. */
export function workloadMode(world: World, namespace: string, name: string | undefined): DataplaneMode {
  const resource = name === undefined ? undefined : workloadResource(world, namespace, name);
  const pods = resource ? workloadPods(resource) : undefined;
  const template = resource?.kind === 'Pod' ? resource.metadata : asObject(asObject(resource?.spec.template)?.metadata);
  return dataplaneMode(namespaceLabels(world, namespace), pods?.labels ?? {}, stringLabels(asObject(template)?.annotations));
}
