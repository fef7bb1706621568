/**
 * The waypoint a destination Service uses, as istiod binds it (pilot/pkg/serviceregistry/ambient/
 * waypoints.go fetchWaypointForService): the Service's own `istio.io/use-waypoint`, else its namespace's
 * (`none` on the Service opts out), naming a Gateway (gateway.networking.k8s.io) that exists and whose
 * `istio.io/waypoint-for` (the Gateway's, else its GatewayClass's, else `service`) takes service traffic.
 * A binding istiod refuses leaves the Service without a waypoint: the reason says why.
 */
import {asString} from '../../engine/istio/access';
import {waypointBindingOf, waypointServes, waypointTrafficType, type WaypointRef} from '../../engine/model/ambient';
import {stringLabels} from '../../engine/model/labels';
import type {Located, World, WorldResource} from '../world';
import {namespaceLabels} from './modes';

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
  const gateway = world.ofKind(GATEWAY_GROUP, 'Gateway').find((g) => g.name === waypoint.name && g.namespace === waypoint.namespace);
  if (!gateway) return {bound: false, reason: `${where} names waypoint ${name}, but there is no such Gateway: istiod reports it not ready and the traffic skips it`};
  const className = asString(gateway.spec.gatewayClassName);
  const gatewayClass = world.ofKind(GATEWAY_GROUP, 'GatewayClass').find((c) => c.name === className);
  const trafficType = waypointTrafficType(stringLabels(gateway.metadata.labels), gatewayClass ? stringLabels(gatewayClass.metadata.labels) : undefined);
  if (!waypointServes(trafficType, 'service')) {
    return {bound: false, reason: `${where} names waypoint ${name}, which is for ${trafficType} traffic (istio.io/waypoint-for): istiod refuses the binding (UnsupportedTrafficType)`, at: gateway.at};
  }
  return {bound: true, waypoint, gateway, from, reason: `${ref} uses waypoint ${name} (istio.io/use-waypoint on ${from === 'own' ? 'the Service' : `namespace ${service.namespace}`})`};
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * Whether ingress gateways send to the Service's waypoint too (ENABLE_INGRESS_WAYPOINT_ROUTING, on by
 * default): `istio.io/ingress-use-waypoint` on the Service, else on its namespace, read by Go's
 * strconv.ParseBool (services.go ingressUseWaypointFromLabels).
 */
export function ingressUsesWaypoint(world: World, service: WorldResource): boolean {
  const key = 'istio.io/ingress-use-waypoint';
  const own = stringLabels(service.metadata.labels);
  const value = Object.hasOwn(own, key) ? own[key] : namespaceLabels(world, service.namespace)[key];
  return value !== undefined && GO_TRUE.has(value);
}
