/**
 * A Service's virtual address, the destination a sidecar's outbound TCP listener sees: istiod binds the
 * listener of a TCP or TLS Service port to the Service's ClusterIP (listener.go buildSidecarOutboundListener:
 * "we listen on the service VIP"), so a VirtualService's `destinationSubnets` is compared with that address.
 *
 * A lab Service often writes no ClusterIP: the API server allocates one at creation from the cluster's service
 * range, kind's 10.96.0.0/16 (the recorded sessions' Services are all in it). Then a subnet holding the whole
 * range surely holds, one outside it surely does not, and one inside it depends on the address allocated:
 * `unknown`, for the caller to say so.
 */
import {asArray, asString} from '../engine/istio/access';
import {netContains, parseAddress, parseNet, type IpNet} from './linkerd/networks';
import type {WorldResource} from './world';

/** kind's default `networking.serviceSubnet`, where the API server allocates ClusterIPs. */
export const SERVICE_NETWORK = '10.96.0.0/16';

/** The ClusterIP a client connects to: `spec.clusterIPs[0]`, else `spec.clusterIP`; undefined when the lab writes none (or it is no address). */
export function serviceClusterIp(service: WorldResource): string | undefined {
  const written = asString(asArray(service.spec.clusterIPs)[0]) ?? asString(service.spec.clusterIP);
  return written !== undefined && parseAddress(written) ? written : undefined;
}

/**
 * Where a sidecar's TCP listener for the resource's ports is bound, the destination its chains see: a Service's
 * ClusterIP, a ServiceEntry's first address when it is one (GetAddressForProxy); undefined when the lab does not
 * say (a Service without a written ClusterIP; a ServiceEntry without addresses listens on 0.0.0.0, and the
 * destination is whatever address DNS gives the application; a CIDR address is matched by range).
 */
export function listenerAddress(resource: WorldResource): string | undefined {
  if (resource.kind !== 'ServiceEntry') return serviceClusterIp(resource);
  const first = asString(asArray(resource.spec.addresses)[0]);
  return first !== undefined && parseAddress(first) ? first : undefined;
}

export type SubnetVerdict = 'holds' | 'misses' | 'unknown' | 'invalid';

/** Whether a `destinationSubnets` entry takes connections to the Service's (or ServiceEntry's) address, or that it depends on an address the lab does not give. */
export function subnetHolds(subnet: string, service: WorldResource): SubnetVerdict {
  const net = parseNet(subnet);
  if (!net) return 'invalid';
  const ip = listenerAddress(service);
  if (ip !== undefined) return netContains(net, parseAddress(ip)!) ? 'holds' : 'misses';
  // An external host's address is DNS's answer, which only a range of every address surely holds.
  if (service.kind === 'ServiceEntry') return net.prefix === 0 ? 'holds' : 'unknown';
  const range = parseNet(SERVICE_NETWORK)!;
  if (covers(net, range)) return 'holds';
  return covers(range, net) ? 'unknown' : 'misses';
}

/** Two prefixes are nested or disjoint: `outer` covers `inner` when it is no longer and contains its base. */
const covers = (outer: IpNet, inner: IpNet): boolean => outer.prefix <= inner.prefix && netContains(outer, inner.bytes);
