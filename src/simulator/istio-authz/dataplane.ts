/**
 * Which Istio proxy stands in front of a workload and who a client is to it. Its data plane is the
 * engine's cluster model's (src/engine/model/ambient.ts dataplaneModeOf: a sidecar wins, then
 * `istio.io/dataplane-mode` on the pod, then on its namespace), with the namespace's labels read as
 * the mTLS matrix reads them (ambient/modes.ts namespaceLabels): a namespace the lab does not define
 * has no labels, so its pods are not injected. Which waypoint a request crosses is the routing's
 * answer (the decision's data plane), read by attach.ts.
 * A workload's identity is `cluster.local/ns/NS/sa/SA`, SA its pod's serviceAccountName (else
 * `default`); a waypoint's is its Gateway's name (gatewaycommon GetDefaultName: waypoints
 * take no class suffix).
 */
import {asObject, asString} from '../../engine/istio/access';
import {dataplaneModeOf, type DataplaneMode} from '../../engine/model/ambient';
import {namespaceLabels} from '../ambient/modes';
import {stringLabels} from '../../engine/model/labels';
import {podName} from '../../engine/model/pods';
import type {World, WorldResource} from '../world';
import {findWorkload, podAddress, podTemplateOf} from '../linkerd/workloads';
import {principalOf} from './identity';

export const TRUST_DOMAIN = 'cluster.local';

export type Dataplane = DataplaneMode;

export interface IstioWorkload {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
  principal: string;
  dataplane: Dataplane;
  /** Why it has that dataplane, in words. */
  because: string;
  /** The first pod's name and a stable address for it (10.244.0.0/16). */
  pod: string;
  address: string;
  resource?: WorldResource;
}

function dataplaneOf(world: World, namespace: string, podLabels: Record<string, string>, podAnnotations: Record<string, string>): {dataplane: Dataplane; because: string} {
  const {mode, because} = dataplaneModeOf(namespace, namespaceLabels(world, namespace), podLabels, podAnnotations);
  return {dataplane: mode, because};
}

/** A workload (Deployment, Pod, …) as Istio sees it; undefined when it runs no pods. */
export function istioWorkload(world: World, namespace: string, name: string): IstioWorkload | undefined {
  const resource = findWorkload(world, namespace, name);
  const template = resource && podTemplateOf(resource);
  if (!resource || !template) return undefined;
  const metadata = asObject(template.metadata);
  const labels = stringLabels(metadata?.labels);
  const spec = asObject(template.spec) ?? {};
  const serviceAccount = asString(spec.serviceAccountName) || asString(spec.serviceAccount) || 'default';
  const pod = resource.kind === 'Pod' ? resource.name : podName(resource.kind, resource.name, namespace, 0);
  return {
    name, namespace, labels, serviceAccount, principal: principalOf(TRUST_DOMAIN, namespace, serviceAccount),
    ...dataplaneOf(world, namespace, labels, stringLabels(metadata?.annotations)), pod, address: podAddress(namespace, pod), resource,
  };
}

/**
 * A client with no workload: a pod without labels in a namespace (service account default).
 * `defaultClient`: the simulator's client when none is named, a sidecar (source.ts), as the
 * routing and the mTLS matrix take it.
 */
export function namespaceClient(world: World, namespace: string, defaultClient = false): IstioWorkload {
  const pod = `client-in-${namespace}`;
  const dataplane = defaultClient ? {dataplane: 'sidecar' as const, because: 'the default client is a sidecar (--from picks a workload)'} : dataplaneOf(world, namespace, {}, {});
  return {
    name: pod, namespace, labels: {}, serviceAccount: 'default', principal: principalOf(TRUST_DOMAIN, namespace, 'default'),
    ...dataplane, pod, address: podAddress(namespace, pod),
  };
}

export interface Waypoint {
  name: string;
  namespace: string;
  principal: string;
  gateway: WorldResource;
}

/**
 * A waypoint the routing put on a request's path (ambient/path.ts, a waypoint hop), with the identity it
 * presents: its Gateway's gateway.istio.io/service-account annotation, else the Gateway's name.
 */
export function waypointIdentity(world: World, ref: {namespace: string; name: string}): Waypoint | undefined {
  const gateway = world.ofKind('gateway.networking.k8s.io', 'Gateway').find((g) => g.name === ref.name && g.namespace === ref.namespace);
  if (!gateway) return undefined;
  const sa = stringLabels(asObject(gateway.metadata)?.annotations)['gateway.istio.io/service-account'] ?? ref.name;
  return {name: ref.name, namespace: ref.namespace, principal: principalOf(TRUST_DOMAIN, ref.namespace, sa), gateway};
}
