/**
 * ambient.UseWaypointAnalyzer (project): a Namespace, Service or workload labelled
 * `istio.io/use-waypoint` binds to a waypoint as istiod binds it (pilot/pkg/serviceregistry/ambient/
 * waypoints.go fetchWaypointForTarget, fetchWaypointForService, fetchWaypointForWorkload):
 * - the named Gateway is missing: istiod reports WaypointIsNotReady and the traffic skips the waypoint
 *   (Kiali: business/checkers/ambient/ambient_workload_checker.go referencesNonExistentWaypoint);
 * - the waypoint's `istio.io/waypoint-for` does not cover the traffic the binding needs: a Service needs
 *   `service` or `all`, a workload labelled itself `workload` or `all` (UnsupportedTrafficType). A
 *   workload that inherits a service waypoint from its namespace is skipped silently, as istiod does,
 *   while the namespace's Services are refused: the Namespace is reported when one of them inherits it;
 * - the waypoint's listener (the inbound binding's, else the HBONE one on 15008) does not admit the
 *   object's namespace in `allowedRoutes.namespaces` (Same by default): istiod denies the attachment
 *   (AttachmentDenied). istioctl 1.30.3 has no analyzer for either; istiod writes it in the object's
 *   istio.io/WaypointBound condition.
 */
import {waypointServes, USE_WAYPOINT, useWaypointOf} from '../../../model/ambient';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';
import {ref} from '../gatewayapi/routes';
import {deniesAttachment, GATEWAY_GROUP, knowsGatewaysIn, labelsOf, podMetadataOf, podResources, POD_KINDS, trafficTypeOf, waypointGateway} from './waypoints';

export const useWaypointAnalyzer: Analyzer = {
  name: 'ambient.UseWaypointAnalyzer',
  inputs: [KINDS.Namespace, KINDS.Service, ...POD_KINDS.map(({group, kind}) => ref(group, kind)), ref(GATEWAY_GROUP, 'Gateway'), ref(GATEWAY_GROUP, 'GatewayClass')],
  reports: [KINDS.Namespace, KINDS.Service, ...POD_KINDS],
  analyze(ctx) {
    for (const namespace of ctx.resources('', 'Namespace')) check(ctx, namespace, labelsOf(namespace), '', 'namespace', namespace.name);
    for (const service of ctx.resources('', 'Service')) check(ctx, service, labelsOf(service), '', 'service', service.namespace);
    for (const workload of podResources(ctx)) {
      const pod = podMetadataOf(workload);
      if (pod) check(ctx, workload, pod.labels, pod.templatePath, 'workload', workload.namespace);
    }
  },
};

type Target = 'namespace' | 'service' | 'workload';

function check(ctx: AnalyzerContext, resource: AnalysisResource, labels: Record<string, string>, base: string, target: Target, namespace: string): void {
  const waypoint = useWaypointOf(labels, namespace);
  if (!waypoint || waypoint === 'none') return;
  const path = at(base, 'metadata', 'labels', USE_WAYPOINT);
  const name = `${waypoint.namespace}/${waypoint.name}`;
  const gateway = waypointGateway(ctx, waypoint);
  if (!gateway) {
    if (knowsGatewaysIn(ctx, waypoint.namespace)) ctx.report(resource, 'AmbientUseWaypointNotFound', [resource.kind, display(resource), waypoint.name, name, name], {path});
    return;
  }
  if (deniesAttachment(ctx, gateway, target === 'namespace' ? labels : ctx.cluster.namespaces.get(namespace), namespace)) {
    ctx.report(resource, 'AmbientWaypointAttachmentDenied', [resource.kind, display(resource), name, namespace, name], {path});
    return;
  }
  const trafficType = trafficTypeOf(ctx, gateway);
  const needs = target === 'namespace' ? namespaceNeeds(ctx, namespace, trafficType) : target;
  if (needs && !waypointServes(trafficType, needs)) {
    ctx.report(resource, 'AmbientWaypointTrafficTypeMismatch', [resource.kind, display(resource), name, needs, trafficType, needs], {path});
  }
}

/**
 * A namespace's binding is refused for its Services when the waypoint does not serve service traffic
 * and one of them inherits it; its workloads are skipped silently (fetchWaypointForWorkload).
 */
function namespaceNeeds(ctx: AnalyzerContext, namespace: string, trafficType: string): 'service' | undefined {
  if (waypointServes(trafficType, 'service')) return undefined;
  const inherits = inheritingNamespaces(ctx).has(namespace);
  return inherits || !waypointServes(trafficType, 'workload') ? 'service' : undefined;
}

const inheriting = new WeakMap<AnalyzerContext, Set<string>>();

/** The namespaces with a Service that has no use-waypoint label of its own, built once per run. */
function inheritingNamespaces(ctx: AnalyzerContext): Set<string> {
  let namespaces = inheriting.get(ctx);
  if (!namespaces) {
    namespaces = new Set(ctx.resources('', 'Service').filter((service) => useWaypointOf(labelsOf(service), service.namespace) === undefined).map((service) => service.namespace));
    inheriting.set(ctx, namespaces);
  }
  return namespaces;
}

function display(resource: AnalysisResource): string {
  return resource.kind === 'Namespace' ? resource.name : `${resource.namespace}/${resource.name}`;
}
