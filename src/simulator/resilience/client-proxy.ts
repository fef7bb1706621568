/**
 * Whether a client's requests pass through a proxy that applies the route's resilience settings.
 * Retries, the route timeout, fault injection and outlier detection are the client-side Envoy's
 * (its outbound route and cluster: route.go, cluster_traffic_policy.go), or a waypoint's when it
 * routes. A client without one calls a pod directly: an application without a sidecar connects to
 * the Service address and kube-proxy picks a pod; an ambient client's ztunnel is L4 and never reads
 * a route (ambient/route.ts). A gateway's Envoy, a sidecar, the default client (a sidecar) and a
 * Linkerd-meshed client (its own proxy, gatewayapi/mesh.ts) keep the route's settings.
 */
import type {Decision} from '../decision';
import {meshOf} from '../gatewayapi/mesh';
import {dataplaneOf} from '../mtls-dataplane';
import type {RouteQuery} from '../simulate';
import type {World} from '../world';

/** Why the client calls pods directly, or undefined when a proxy applies the route. */
export function directClient(world: World, query: RouteQuery, decision: Decision): string | undefined {
  const source = decision.source;
  if (source.kind !== 'sidecar') return undefined;
  if (decision.dataplane) return decision.dataplane.routedBy === 'none' ? decision.dataplane.routing : undefined;
  if (query.from === undefined || meshOf(world, source) === 'linkerd') return undefined;
  const {dataplane, because} = dataplaneOf(world, source.namespace, source.labels);
  return dataplane === 'none' ? `the client has no sidecar (${because}): it calls a pod of the Service directly` : undefined;
}
