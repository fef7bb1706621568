/**
 * What the ambient analyzers read of a run: the waypoint Gateway a use-waypoint label names, its
 * traffic type, and each workload's data plane (src/engine/model/ambient.ts), through indexes built once.
 */
import {asArray, asObject} from '../../../istio/access';
import {dataplaneMode, type DataplaneMode, inboundBindingOf, type TrafficType, waypointAdmitsNamespace, waypointAllowedRoutes, waypointTrafficType, type WaypointRef} from '../../../model/ambient';
import {stringLabels, type Labels} from '../../../model/labels';
import {workloadPods} from '../../../model/pods';
import type {AnalysisResource} from '../../../model/resource';
import type {AnalyzerContext} from '../../analyzer';
import {GATEWAY_GROUP, knowsIn, lookup} from '../gatewayapi/routes';

export {GATEWAY_GROUP};

/** The Gateway (gateway.networking.k8s.io) a waypoint reference names, if the run holds it. */
export function waypointGateway(ctx: AnalyzerContext, ref: WaypointRef): AnalysisResource | undefined {
  return lookup(ctx, GATEWAY_GROUP, 'Gateway', ref.namespace, ref.name);
}

/** Whether "no such Gateway" means anything in that namespace (a closed world, or the run holds one there). */
export function knowsGatewaysIn(ctx: AnalyzerContext, namespace: string): boolean {
  return knowsIn(ctx, GATEWAY_GROUP, 'Gateway', namespace);
}

/** The Gateway's GatewayClass, when the run holds it (cluster-scoped: found by name whatever namespace the run filed it under). */
export function classOf(ctx: AnalyzerContext, gateway: AnalysisResource): AnalysisResource | undefined {
  const className = asObject(gateway.value.spec)?.gatewayClassName;
  return typeof className === 'string' ? ctx.resources(GATEWAY_GROUP, 'GatewayClass').find((c) => c.name === className) : undefined;
}

/** The waypoint's traffic type: its own label, else its GatewayClass's (when the run holds the class), else service. */
export function trafficTypeOf(ctx: AnalyzerContext, gateway: AnalysisResource): TrafficType {
  const gatewayClass = classOf(ctx, gateway);
  return waypointTrafficType(labelsOf(gateway), gatewayClass ? labelsOf(gatewayClass) : undefined);
}

export function labelsOf(resource: AnalysisResource): Labels {
  return stringLabels(asObject(resource.value.metadata)?.labels);
}

export function annotationsOf(resource: AnalysisResource): Labels {
  return stringLabels(asObject(resource.value.metadata)?.annotations);
}

/** A pod-running resource's pod labels and annotations (its template's), or undefined for other kinds. */
export function podMetadataOf(resource: AnalysisResource): {labels: Labels; annotations: Labels; templatePath: string} | undefined {
  const pods = workloadPods(resource);
  if (!pods) return undefined;
  if (resource.kind === 'Pod') return {labels: pods.labels, annotations: stringLabels(asObject(resource.value.metadata)?.annotations), templatePath: ''};
  const template = asObject(asObject(resource.value.spec)?.template);
  return {labels: pods.labels, annotations: stringLabels(asObject(template?.metadata)?.annotations), templatePath: '/spec/template'};
}

/** The data plane of a pod-running resource, read with its namespace's labels (none known: no namespace label). */
export function modeOf(ctx: AnalyzerContext, resource: AnalysisResource): DataplaneMode | undefined {
  const pod = podMetadataOf(resource);
  if (!pod) return undefined;
  return dataplaneMode(ctx.cluster.namespaces.get(resource.namespace) ?? {}, pod.labels, pod.annotations);
}

/** The kinds that run pods, as analyzers list them (their templates hold the labels these checks read). */
export const POD_KINDS: ReadonlyArray<{group: string; kind: string}> = [
  {group: '', kind: 'Pod'}, {group: 'apps', kind: 'Deployment'}, {group: 'apps', kind: 'StatefulSet'},
  {group: 'apps', kind: 'DaemonSet'}, {group: 'apps', kind: 'ReplicaSet'},
];

export function podResources(ctx: AnalyzerContext): AnalysisResource[] {
  return POD_KINDS.flatMap(({group, kind}) => ctx.resources(group, kind));
}

/**
 * AllowsAttachmentFromNamespace over the listener makeAllowedRoutes picks; a Selector over the labels
 * of a namespace the run does not hold is not decided.
 */
export function deniesAttachment(ctx: AnalyzerContext, gateway: AnalysisResource, namespaceLabels: Record<string, string> | undefined, namespace: string): boolean {
  const gatewayClass = classOf(ctx, gateway);
  const binding = inboundBindingOf(annotationsOf(gateway), gatewayClass ? annotationsOf(gatewayClass) : undefined);
  const spec = gateway.value.spec;
  if (waypointAdmitsNamespace(spec, gateway.namespace, binding, namespace, namespaceLabels)) return false;
  const listeners = asArray(asObject(spec)?.listeners);
  return namespaceLabels !== undefined || waypointAllowedRoutes(listeners, binding).from !== 'Selector';
}
