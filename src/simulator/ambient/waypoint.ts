/**
 * The waypoint a destination Service uses, as istiod binds it (pilot/pkg/serviceregistry/ambient/
 * waypoints.go fetchWaypointForService): the Service's own `istio.io/use-waypoint`, else its namespace's
 * (`none` on the Service opts out), naming a Gateway (gateway.networking.k8s.io) that exists and whose
 * `istio.io/waypoint-for` (the Gateway's, else its GatewayClass's, else `service`) takes service traffic.
 * A binding istiod refuses leaves the Service without a waypoint: the reason says why.
 */
import {asString} from '../../engine/istio/access';
import {inboundBindingOf, WAYPOINT_CLASS, waypointAdmitsNamespace, waypointBindingOf, waypointServes, waypointTrafficType, type WaypointRef} from '../../engine/model/ambient';
import {stringLabels} from '../../engine/model/labels';
import type {Located, World, WorldResource} from '../world';
import {ownValue} from '../../engine/model/own';
import {workloadPods} from '../../engine/model/pods';
import {namespaceLabels, workloadResource} from './modes';
import {isGoTrue} from '../../engine/go/strconv-bool';

/** label.IoK8sNetworkingGatewayGatewayName: the pods of a Gateway's deployment, a waypoint's own among them. */
const WAYPOINT_INSTANCE = 'gateway.networking.k8s.io/gateway-name';

export type ServiceWaypoint =
  | {bound: true; waypoint: WaypointRef; gateway: WorldResource; from: 'own' | 'namespace'; reason: string}
  | {bound: false; reason: string; at?: Located};

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export function serviceWaypoint(world: World, service: WorldResource): ServiceWaypoint {
  const labels = stringLabels(service.metadata.labels);
  const ref = `Service ${service.namespace}/${service.name}`;
  const binding = waypointBindingOf(labels, namespaceLabels(world, service.namespace), service.namespace);
  if (!binding) {
    const optedOut = labels['istio.io/use-waypoint'] === 'none';
    return {bound: false, reason: optedOut ? `${ref} opts out of waypoints (istio.io/use-waypoint: none)` : `neither ${ref} nor namespace ${service.namespace} is labelled istio.io/use-waypoint: no waypoint`};
  }
  const {waypoint, from} = binding;
  const name = `${waypoint.namespace}/${waypoint.name}`;
  const where = from === 'own' ? ref : `namespace ${service.namespace}`;
  const found = waypointGateway(world, waypoint);
  if (!found.gateway) return {bound: false, reason: `${where} names waypoint ${name}, but there is no such Gateway: istiod reports it not ready and the traffic skips it`};
  if (!found.admits(service.namespace)) return {bound: false, reason: attachmentDenied(where, 'names', name, service.namespace), at: found.gateway.at};
  if (!waypointServes(found.trafficType, 'service')) {
    return {bound: false, reason: `${where} names waypoint ${name}, which is for ${found.trafficType} traffic (istio.io/waypoint-for): istiod refuses the binding (UnsupportedTrafficType)`, at: found.gateway.at};
  }
  return {bound: true, waypoint, gateway: found.gateway, from, reason: `${ref} uses waypoint ${name} (istio.io/use-waypoint on ${from === 'own' ? 'the Service' : `namespace ${service.namespace}`})`};
}

/**
 * The Gateway a use-waypoint label names, the traffic it takes (gatewayToWaypointTransform), and
 * which namespaces may use it (makeAllowedRoutes over its inbound binding's listener).
 */
function waypointGateway(world: World, waypoint: WaypointRef): {gateway?: WorldResource; trafficType: string; admits: (namespace: string) => boolean} {
  const gateway = world.ofKind(GATEWAY_GROUP, 'Gateway').find((g) => g.name === waypoint.name && g.namespace === waypoint.namespace);
  if (!gateway) return {trafficType: 'service', admits: () => false};
  const className = asString(gateway.spec.gatewayClassName);
  const gatewayClass = world.ofKind(GATEWAY_GROUP, 'GatewayClass').find((c) => c.name === className);
  const classLabels = gatewayClass ? stringLabels(gatewayClass.metadata.labels) : undefined;
  const binding = inboundBindingOf(stringLabels(gateway.metadata.annotations), gatewayClass ? stringLabels(gatewayClass.metadata.annotations) : undefined);
  return {
    gateway,
    trafficType: waypointTrafficType(stringLabels(gateway.metadata.labels), classLabels),
    admits: (namespace) => waypointAdmitsNamespace(gateway.spec, gateway.namespace, binding, namespace, namespaceLabels(world, namespace)),
  };
}

/** ReportWaypointAttachmentDenied, as the simulator tells it. */
function attachmentDenied(where: string, verb: string, name: string, namespace: string): string {
  return `${where} ${verb} waypoint ${name}, whose listener's allowedRoutes.namespaces does not admit namespace ${namespace}: istiod denies the attachment (AttachmentDenied) and the traffic skips the waypoint`;
}

/**
 * The waypoint for traffic addressed to a workload's pods (waypoints.go fetchWaypointForWorkload): the
 * pod's `istio.io/use-waypoint`, else its namespace's, naming a Gateway for `workload` or `all` traffic.
 * A pod's own label naming a waypoint for services only is refused (UnsupportedTrafficType); the
 * namespace's is simply not for workloads. A waypoint's own pods never have one (fetchWaypointForInstance).
 */
export function workloadWaypoint(world: World, namespace: string, workload: string): ServiceWaypoint {
  const resource = workloadResource(world, namespace, workload);
  const labels = resource ? workloadPods(resource)?.labels ?? {} : {};
  const ref = `the pods of ${namespace}/${workload}`;
  const instanceOf = ownValue(labels, WAYPOINT_INSTANCE);
  if (instanceOf !== undefined && world.ofKind(GATEWAY_GROUP, 'Gateway').some((g) => g.name === instanceOf && g.namespace === namespace && asString(g.spec.gatewayClassName) === WAYPOINT_CLASS)) {
    return {bound: false, reason: `${ref} are waypoint ${namespace}/${instanceOf}'s own: they use no waypoint`};
  }
  const binding = waypointBindingOf(labels, namespaceLabels(world, namespace), namespace);
  if (!binding) {
    const optedOut = ownValue(labels, 'istio.io/use-waypoint') === 'none';
    return {bound: false, reason: optedOut ? `${ref} opt out of waypoints (istio.io/use-waypoint: none)` : `neither ${ref} nor namespace ${namespace} is labelled istio.io/use-waypoint: no waypoint`};
  }
  const {waypoint, from} = binding;
  const name = `${waypoint.namespace}/${waypoint.name}`;
  const where = from === 'own' ? ref : `namespace ${namespace}`;
  const found = waypointGateway(world, waypoint);
  if (!found.gateway) return {bound: false, reason: `${where} name${from === 'own' ? '' : 's'} waypoint ${name}, but there is no such Gateway: istiod reports it not ready and the traffic skips it`};
  if (!found.admits(namespace)) return {bound: false, reason: attachmentDenied(where, from === 'own' ? 'name' : 'names', name, namespace), at: found.gateway.at};
  if (!waypointServes(found.trafficType, 'workload')) {
    return {bound: false, at: found.gateway.at, reason: from === 'own'
      ? `${where} name waypoint ${name}, which is for ${found.trafficType} traffic (istio.io/waypoint-for): istiod refuses the binding (UnsupportedTrafficType)`
      : `namespace ${namespace} uses waypoint ${name}, which is for ${found.trafficType} traffic only (istio.io/waypoint-for): not for traffic addressed to pods`};
  }
  return {bound: true, waypoint, gateway: found.gateway, from, reason: `${ref} use waypoint ${name} for workload traffic (istio.io/use-waypoint on ${from === 'own' ? 'the pods' : `namespace ${namespace}`}, istio.io/waypoint-for: ${found.trafficType})`};
}

/**
 * Whether ingress gateways send to the Service's waypoint too (ENABLE_INGRESS_WAYPOINT_ROUTING, on by
 * default): `istio.io/ingress-use-waypoint` on the Service, else on its namespace, read by Go's
 * strconv.ParseBool (services.go ingressUseWaypointFromLabels).
 */
export function ingressUsesWaypoint(world: World, service: WorldResource): boolean {
  const key = 'istio.io/ingress-use-waypoint';
  const own = stringLabels(service.metadata.labels);
  const value = Object.hasOwn(own, key) ? own[key] : namespaceLabels(world, service.namespace)[key];
  return isGoTrue(value);
}
