/**
 * The proxies a request crosses in a lab that shows ambient mode, in order, and how each hop carries it:
 * client sidecar | client ztunnel | gateway → [the destination Service's waypoint] → destination ztunnel |
 * destination sidecar. Between mesh proxies traffic is HBONE (mTLS tunnelled over HTTP/2 CONNECT to port
 * 15008), except sidecar (or gateway) to sidecar, which stays Istio's mTLS; to or from a workload without
 * a proxy it is plaintext. Per proxy: whether it enforces the destination's L4 policy (its ztunnel,
 * selector-based policies' L4 parts), L7 policy (the waypoint, targetRefs policies) or both (its sidecar);
 * the client's proxy enforces nothing for the destination. Which of those policies allow a request is
 * decided elsewhere: this module only places them.
 */
import type {Decision, DestinationDecision} from '../decision';
import type {World} from '../world';
import {type DataplaneMode, workloadMode} from './modes';
import type {DataplaneDecision, DestinationPath, Hop, ProxyKind, RoutedBy, Transport, WaypointHop} from './types';

export type {DataplaneDecision, DestinationPath, Hop, ProxyKind, RoutedBy, Transport, WaypointHop} from './types';

export interface PathInputs {
  client: DataplaneMode | 'gateway';
  clientName: string;
  waypoint?: WaypointHop & {reason: string};
  /** A waypoint per destination workload, when they differ (a gateway's destinations sent to their Services' waypoints, pods' own waypoints); else `waypoint`. */
  waypointOf?: (destination: DestinationDecision, namespace: string, workload: string) => WaypointHop | undefined;
  noWaypoint?: string;
  /** The client's sidecar passes the request through to an address (PassthroughCluster): plain text on every hop. */
  passthrough?: boolean;
  routedBy: RoutedBy;
  routing: string;
}

/** The data-plane view of a decision: its paths to every destination workload that receives traffic. */
export function dataplaneOf(world: World, decision: Decision, inputs: PathInputs): DataplaneDecision {
  // One path per workload and waypoint: a workload reached through two Services with different waypoints has two.
  const seen = new Map<string, DestinationPath>();
  const paths: DestinationPath[] = [];
  for (const destination of decision.destinations) {
    if (destination.share <= 0) continue;
    for (const set of destination.workloads) {
      const waypoint = inputs.waypointOf ? inputs.waypointOf(destination, set.namespace, set.workload) : inputs.waypoint;
      const key = `${set.namespace}/${set.workload} ${waypoint ? `${waypoint.namespace}/${waypoint.name} ${waypoint.service?.namespace ?? ''}/${waypoint.service?.name ?? ''}` : ''}`;
      const known = seen.get(key);
      if (known) {
        if (!known.hosts.includes(destination.host)) known.hosts.push(destination.host);
        continue;
      }
      const path = {...pathTo(inputs, waypoint, set.namespace, set.workload, workloadMode(world, set.namespace, set.workload)), hosts: [destination.host]};
      seen.set(key, path);
      paths.push(path);
    }
  }
  const upToRouter = clientHops(inputs, inputs.waypoint);
  return {
    client: inputs.client, waypoint: inputs.waypoint && {namespace: inputs.waypoint.namespace, name: inputs.waypoint.name, reason: inputs.waypoint.reason}, noWaypoint: inputs.noWaypoint, routedBy: inputs.routedBy, routing: inputs.routing,
    crosses: paths[0]?.crosses ?? upToRouter.map((hop) => hop.proxy), paths,
  };
}

function clientHops(inputs: PathInputs, waypoint: WaypointHop | undefined): Hop[] {
  const hops: Hop[] = [];
  if (inputs.client === 'sidecar') hops.push({proxy: 'sidecar', side: 'client', serves: inputs.clientName, next: 'plaintext'});
  else if (inputs.client === 'ambient') hops.push({proxy: 'ztunnel', side: 'client', serves: inputs.clientName, next: 'plaintext'});
  else if (inputs.client === 'gateway') hops.push({proxy: 'gateway', side: 'client', serves: inputs.clientName, next: 'plaintext'});
  if (waypoint) {
    const {namespace, name, service} = waypoint;
    hops.push({proxy: 'waypoint', side: 'waypoint', serves: `${namespace}/${name}`, enforces: 'L7', next: 'plaintext', waypoint: {namespace, name, ...(service ? {service} : {})}});
  }
  return hops;
}

function pathTo(inputs: PathInputs, waypoint: WaypointHop | undefined, namespace: string, workload: string, mode: DataplaneMode): Omit<DestinationPath, 'hosts'> {
  const hops = clientHops(inputs, waypoint);
  const serves = `${namespace}/${workload}`;
  if (mode === 'sidecar') hops.push({proxy: 'sidecar', side: 'destination', serves, enforces: 'L4+L7', next: 'local'});
  else if (mode === 'ambient') hops.push({proxy: 'ztunnel', side: 'destination', serves, enforces: 'L4', next: 'local'});
  for (let i = 0; i < hops.length - 1; i++) hops[i]!.next = inputs.passthrough ? 'plaintext' : transport(hops[i]!.proxy, hops[i + 1]!.proxy);
  // The last hop hands the request to the application: in its pod (its own sidecar or ztunnel), else over the network.
  const last = hops[hops.length - 1];
  if (last && last.side !== 'destination') last.next = 'plaintext';
  const entry: DestinationPath['entry'] = inputs.client === 'none' ? 'plaintext' : 'local';
  return {namespace, workload, mode, entry, hops, crosses: hops.map((hop) => hop.proxy), text: describe(inputs, hops, serves, entry)};
}

/** Sidecars and gateways keep Istio's mTLS to a sidecar; every other pair of mesh proxies speaks HBONE. */
function transport(from: ProxyKind, to: ProxyKind): Transport {
  if ((from === 'sidecar' || from === 'gateway') && to === 'sidecar') return 'mTLS';
  return 'HBONE';
}

const PROXY_NAMES: Record<ProxyKind, string> = {sidecar: 'sidecar', ztunnel: 'ztunnel', waypoint: 'waypoint', gateway: 'gateway'};

function describe(inputs: PathInputs, hops: Hop[], destination: string, entry: DestinationPath['entry']): string {
  const parts = [inputs.clientName];
  let link = entry === 'local' ? '→' : `—${entry}→`;
  for (const hop of hops) {
    parts.push(link, hop.side === 'waypoint' ? `waypoint ${hop.serves}` : `${PROXY_NAMES[hop.proxy]}${hop.side === 'destination' ? '' : ' (client)'}`);
    link = hop.next === 'local' ? '→' : `—${hop.next}→`;
  }
  parts.push(link, destination);
  return parts.join(' ');
}
