/** The data-plane view of a decision in ambient mode (path.ts builds it): shared with decision.ts without importing it. */
import type {DataplaneMode} from '../../engine/model/ambient';

export type ProxyKind = 'sidecar' | 'ztunnel' | 'waypoint' | 'gateway';
export type Transport = 'HBONE' | 'mTLS' | 'plaintext';

export interface Hop {
  proxy: ProxyKind;
  side: 'client' | 'waypoint' | 'destination';
  /** The workload, gateway or waypoint the proxy serves. */
  serves: string;
  /** The destination's policy this proxy enforces. */
  enforces?: 'L4' | 'L7' | 'L4+L7';
  /** How the request leaves this proxy: to the next hop, or to the destination's application. */
  next: Transport | 'local';
  /** A waypoint hop's Gateway, and the Service whose traffic it receives (none: the request is addressed to a pod). */
  waypoint?: WaypointHop;
}

export interface WaypointHop {
  namespace: string;
  name: string;
  service?: {namespace: string; name: string};
  /**
   * Behind an ingress gateway: the gateway's cluster for `service`, with the DestinationRule subset its
   * route named. The waypoint does not keep the subset; the gateway's cluster does (resilience/ejector.ts).
   */
  gatewayCluster?: {name: string; subset?: string};
}

export interface DestinationPath {
  namespace: string;
  workload: string;
  /** The destination hosts (Services) whose traffic to this workload takes this path. */
  hosts: string[];
  mode: DataplaneMode;
  /** How the client's application reaches the first hop: in-pod redirection (local), or the network. */
  entry: Transport | 'local';
  hops: Hop[];
  crosses: ProxyKind[];
  text: string;
}

export type RoutedBy = 'sidecar' | 'waypoint' | 'gateway' | 'none';

export interface DataplaneDecision {
  client: DataplaneMode | 'gateway';
  /** The waypoint on the path, and why. */
  waypoint?: {namespace: string; name: string; reason: string};
  /** Why no waypoint is on the path (none bound, a refused binding, a client that bypasses it). */
  noWaypoint?: string;
  /** Which proxy applied the route: the client's sidecar, the waypoint, the gateway, or none (L4 only). */
  routedBy: RoutedBy;
  routing: string;
  /** The proxies crossed to the first destination (or up to the proxy that answered when none is reached). */
  crosses: ProxyKind[];
  paths: DestinationPath[];
}
