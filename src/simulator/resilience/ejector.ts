/**
 * Which proxy's outlier detection counts a destination's answers, and so which one ejects its pods.
 * Outlier detection belongs to an Envoy cluster (cluster_traffic_policy.go applyOutlierDetection), so
 * it runs in the proxy that load-balances over the pods, with the DestinationRule that proxy's own
 * namespace scope selects (its namespace, the Service's, the root namespace):
 *
 * - a sidecar client, or an ingress gateway whose Service has no waypoint for ingress: that Envoy;
 * - a waypoint, for east-west traffic an ambient client's ztunnel sends it, and for what an ingress
 *   gateway sends it under `istio.io/ingress-use-waypoint`: its inbound VIP cluster applies the
 *   DestinationRule of the Service (cluster_waypoint.go buildWaypointInboundVIP, read through the
 *   waypoint's own scope);
 * - ztunnel does none: it is L4 and balances connections over the Service's endpoints
 *   (ztunnel 1.30.3 has no outlier detection; client-proxy.ts).
 *
 * Behind an ingress gateway the waypoint is also the gateway's endpoint: istiod gives the gateway's
 * cluster for that Service the waypoint's pods instead of the Service's (xds/endpoints/endpoint_builder.go
 * findServiceWaypoint), so the gateway's own outlier detection, when a DestinationRule gives it one,
 * counts the waypoint's answers and can eject the waypoint itself. A subset the gateway's route names
 * keeps its own cluster there (`outbound|PORT|SUBSET|HOST`, cluster_builder.go buildSubsetCluster, with
 * the subset's trafficPolicy merged over the rule's: MergeSubsetTrafficPolicy), and its endpoints are
 * the waypoint's all the same: findServiceWaypoint looks the Service up by hostname and fills the
 * cluster with the waypoint Service's endpoints, no subset labels applied. So the subset's
 * outlierDetection, where it sets one, is what watches the waypoint's pods.
 */
import type {Decision, DestinationDecision} from '../decision';
import type {World} from '../world';
import {outlierPolicy, type OutlierPolicy} from './policy';

/** label.IoK8sNetworkingGatewayGatewayName: the pods istiod's deployment controller runs for a Gateway. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

export interface PodEjector {
  /** The proxy that ejects the destination's pods, in words (`the client's sidecar`, `waypoint default/waypoint`). */
  by: string;
  /** The client's own proxy (its sidecar), which the timeline leaves unnamed in its events. */
  client?: true;
  policy?: OutlierPolicy;
}

/** The proxy whose outlier detection watches the destination's pods, with the policy it reads. */
export function podEjector(world: World, decision: Decision, destination: DestinationDecision): PodEjector {
  const waypoint = destination.waypoint ?? (decision.dataplane?.routedBy === 'waypoint' ? decision.dataplane.waypoint : undefined);
  if (waypoint) return {by: `waypoint ${waypoint.namespace}/${waypoint.name}`, policy: outlierPolicy(world, decision, destination, waypoint.namespace)};
  const policy = outlierPolicy(world, decision, destination);
  if (decision.source.kind === 'gateway') return {by: `gateway ${decision.source.gateway ?? decision.source.namespace}`, policy};
  return {by: 'the client\'s sidecar', client: true, policy};
}

/** Why nothing ejects a destination's pods when the client has no proxy: ztunnel or the application itself. */
export function noEjector(world: World, decision: Decision, destination: DestinationDecision): string | undefined {
  const ignored = outlierPolicy(world, decision, destination);
  if (!ignored) return undefined;
  const who = decision.dataplane?.client === 'ambient'
    ? 'ztunnel, the client\'s only proxy, is L4: it balances connections over the endpoints and does no outlier detection, and no waypoint serves the Service'
    : 'the client has no proxy to apply it';
  return `${ignored.from}'s outlierDetection for ${destination.host} ejects nothing here: ${who}`;
}

export interface GatewayWaypointView {
  /** The gateway's endpoints for the Service: the waypoint's pods (one stand-in when the lab runs none). */
  pods: string[];
  by: string;
  policy: OutlierPolicy;
  note: string;
}

/**
 * Behind an ingress gateway that sends a Service's traffic to its waypoint: the gateway's outlier
 * detection over the waypoint's pods, when the gateway's DestinationRule for the Service has one.
 */
export function gatewayWaypointView(world: World, decision: Decision, destination: DestinationDecision): GatewayWaypointView | undefined {
  const waypoint = destination.waypoint;
  if (!waypoint || decision.source.kind !== 'gateway') return undefined;
  const service = waypoint.service ?? {namespace: waypoint.namespace, name: waypoint.name};
  const host = `${service.name}.${service.namespace}.svc.cluster.local`;
  // The gateway's cluster is the one its route named, subset included, though the waypoint does not keep the subset.
  const subset = waypoint.gatewayCluster?.subset;
  const policy = outlierPolicy(world, decision, {...destination, host, subset});
  if (!policy) return undefined;
  const cluster = subset === undefined ? `for ${host}` : `in ${waypoint.gatewayCluster!.name} (subset ${subset} of ${host})`;
  const named = world.pods.filter((p) => p.namespace === waypoint.namespace && p.labels[GATEWAY_NAME_LABEL] === waypoint.name).map((p) => p.name);
  const pods = named.length > 0 ? named : [`${waypoint.name} (waypoint ${waypoint.namespace}/${waypoint.name}'s pod)`];
  const by = `gateway ${decision.source.gateway ?? decision.source.namespace}`;
  return {pods, by, policy, note: `${by}'s endpoints ${cluster} are waypoint ${waypoint.namespace}/${waypoint.name}'s pods (${pods.join(', ')}), not the Service's: its outlier detection (${policy.from}) counts the waypoint's answers and ejects the waypoint, never a pod behind it`};
}
