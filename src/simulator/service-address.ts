/**
 * A Service's virtual address, the destination a sidecar's outbound TCP listener sees: istiod binds the
 * listener of a TCP or TLS Service port to the Service's ClusterIP (listener.go buildSidecarOutboundListener:
 * "we listen on the service VIP"), so a VirtualService's `destinationSubnets` is compared with that address.
 *
 * A lab Service often writes no ClusterIP: the API server allocates one at creation from the cluster's service
 * ranges (cluster-networks.ts). Then a subnet holding every range surely holds, one outside them surely does not,
 * and one inside depends on the address allocated: `unknown`, for the caller to say so. A ServiceEntry's listener is
 * its first address, else, at a sidecar that captures DNS, the address istiod allocates its host (dns-capture.ts),
 * else 0.0.0.0, where the destination is whatever DNS gives the application.
 */
import {asArray, asString} from '../engine/istio/access';
import {netsText, serviceNetworks} from './cluster-networks';
import {allocatedAddress, type DnsCapture} from './dns-capture';
import {netContains, parseAddress, parseNet, type IpNet} from './linkerd/networks';
import type {World, WorldResource} from './world';

/** The ClusterIP a client connects to: `spec.clusterIPs[0]`, else `spec.clusterIP`; undefined when the lab writes none (or it is no address). */
export function serviceClusterIp(service: WorldResource): string | undefined {
  const written = asString(asArray(service.spec.clusterIPs)[0]) ?? asString(service.spec.clusterIP);
  return written !== undefined && parseAddress(written) ? written : undefined;
}

/**
 * Where a sidecar's TCP listener for a Service or ServiceEntry port is bound, the destination its chains see (GetAddressForProxy):
 * - `address`: a known address (a written ClusterIP, a ServiceEntry's address, an allocated one its status records);
 * - `allocated`: an address the lab does not record, allocated from `nets` (a ClusterIP, an entry host's auto-allocated one);
 * - `any`: a ServiceEntry on 0.0.0.0 (or a CIDR address, matched by range): the address DNS gives the application.
 * `why` says where it comes from, for the trace.
 */
export type ListenerDestination =
  | {kind: 'address'; ip: string; why: string}
  | {kind: 'allocated'; nets: IpNet[]; why: string}
  | {kind: 'any'; why: string};

export function listenerDestination(world: World, resource: WorldResource, host: string, capture: DnsCapture): ListenerDestination {
  const what = `${resource.kind} ${resource.namespace}/${resource.name}`;
  if (resource.kind !== 'ServiceEntry') {
    const ip = serviceClusterIp(resource);
    if (ip !== undefined) return {kind: 'address', ip, why: `${what}'s ClusterIP ${ip}`};
    const networks = serviceNetworks(world);
    return {kind: 'allocated', nets: networks.nets, why: `the ClusterIP the API server allocates ${what} in ${netsText(networks.nets)} (${networks.from})`};
  }
  const first = asString(asArray(resource.spec.addresses)[0]);
  if (first !== undefined && parseAddress(first)) return {kind: 'address', ip: first, why: `${what}'s address ${first}`};
  if (first !== undefined) return {kind: 'any', why: `${what}'s address ${first} is a range, matched by the chains' own ranges`};
  if (!capture.on) return {kind: 'any', why: `${what} has no address, and the client's sidecar does not capture DNS (${capture.why})`};
  const allocated = allocatedAddress(resource, host);
  if ('none' in allocated) return {kind: 'any', why: `${what} has no address, and although the client's sidecar captures DNS, istiod allocates it none: ${allocated.none}`};
  return allocated.ip ? {kind: 'address', ip: allocated.ip, why: `${what}'s allocated address: ${allocated.why}`}
    : {kind: 'allocated', nets: [allocated.net], why: `${what}'s allocated address: ${allocated.why}`};
}

export type SubnetVerdict = 'holds' | 'misses' | 'unknown' | 'invalid';

/** Whether a `destinationSubnets` entry takes connections to the listener's destination, or that it depends on an address the lab does not give. */
export function subnetHolds(subnet: string, destination: ListenerDestination): SubnetVerdict {
  const net = parseNet(subnet);
  if (!net) return 'invalid';
  if (destination.kind === 'address') return netContains(net, parseAddress(destination.ip)!) ? 'holds' : 'misses';
  // An external host's address is DNS's answer, which only a range of every address surely holds.
  if (destination.kind === 'any') return net.prefix === 0 ? 'holds' : 'unknown';
  if (destination.nets.every((range) => covers(net, range))) return 'holds';
  return destination.nets.some((range) => covers(range, net) || covers(net, range)) ? 'unknown' : 'misses';
}

/** Two prefixes are nested or disjoint: `outer` covers `inner` when it is no longer and contains its base. */
const covers = (outer: IpNet, inner: IpNet): boolean => outer.prefix <= inner.prefix && netContains(outer, inner.bytes);
