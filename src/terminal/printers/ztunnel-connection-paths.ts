/**
 * Whether a state's recorded ztunnel connections (./ztunnel-connections.ts) are ones ztunnel could hold
 * in that state's cluster: the connection facts are authored, so the build holds them to the paths
 * ztunnel 1.30.3 takes, read from the same config dump the printers print.
 *
 * - Outbound (src/proxy/outbound.rs build_request, track_outbound): `src` is the captured pod's own
 *   address; `originalDst` is what the application dialled; for a Service's VIP whose Service has a
 *   waypoint, `actualDst` is a pod of that waypoint on 15008 (ztunnel picks a waypoint workload, never
 *   the waypoint Service's VIP), else an endpoint of the Service, on 15008 for an HBONE workload or on
 *   its target port in TCP.
 * - Inbound (src/proxy/inbound.rs, connection_manager.rs InboundConnectionDump): `actualDst` is the
 *   pod's own address on the application's port (15008 swapped for the real port); `originalDst` is
 *   the host of the CONNECT's `Forwarded` header, which a client's ztunnel sets to the Service's
 *   hostname (build_forwarded) and a waypoint's Envoy never sends (istiod's listener_waypoint.go
 *   buildConnectForwarder tunnels with the authority alone): a Service's hostname that has the pod as
 *   endpoint, or empty.
 * - Inbound plaintext (src/proxy/inbound_passthrough.rs): protocol TCP, as the dump calls a connection
 *   without a peer identity, and never a Forwarded host. Neither a waypoint nor a captured HBONE pod
 *   sends one to an HBONE pod (both tunnel). A connection the pod's policies refuse has no row at all:
 *   ConnectionManager.assert_rbac registers it for the check and releases it when the check fails
 *   (./ztunnel-rbac.ts). So a pod made STRICT, whose workload lists the DENY policy istiod converts the
 *   PeerAuthentication into (istio_converted_static_strict, or converted_peer_authentication_NAME for its
 *   ports: a match on no principal), holds no plaintext row on the ports it refuses; nor does a pod whose
 *   AuthorizationPolicies deny the client's address or port, or allow only peers with an identity.
 * - Inbound HBONE rows are held to the same check with the peer's identity (its certificate's: the
 *   captured client's or the waypoint's workload at the source address): a pod whose ALLOW policies name
 *   only the client, not the waypoint that tunnels its requests, holds no row from the waypoint.
 */
import type {RecordedConnection} from './ztunnel-connections';
import type {ZtunnelDump, ZtunnelService, ZtunnelWorkload} from './ztunnel-dump';
import {rbacRefusal, type PeerIdentity, type Refusal} from './ztunnel-rbac';

const HBONE_PORT = '15008';

/** `ip:port` or `[ip]:port` split at its last colon (the schema has already checked the form). */
function split(address: string): {ip: string; port: string} {
  const colon = address.lastIndexOf(':');
  return {ip: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: address.slice(colon + 1)};
}

const vipOf = (address: string): string => address.slice(address.indexOf('/') + 1);

/** The workloads behind a Service (its endpoints), as ztunnel resolves them. */
function endpointsOf(service: ZtunnelService, byUid: ReadonlyMap<string, ZtunnelWorkload>): ZtunnelWorkload[] {
  return service.endpoints.flatMap((e) => byUid.get(e.workloadUid) ?? []);
}

/** A peer in words: its SPIFFE identity, or none for plaintext. */
const peerOf = (identity: PeerIdentity | undefined): string => (identity
  ? `peer spiffe://${identity.trustDomain}/ns/${identity.namespace}/sa/${identity.serviceAccount}`
  : 'a connection without a peer identity');

/** What ztunnel's refusal of a connection comes from, in words. */
function refusalReason(refusal: Refusal, identity: PeerIdentity | undefined): string {
  if ('deniedBy' in refusal) {
    const {namespace, name, origin} = refusal.deniedBy;
    return origin === 'PeerAuthentication'
      ? `${namespace}/${name}, converted from a PeerAuthentication, denies ${peerOf(identity)}`
      : `AuthorizationPolicy ${namespace}/${name} denies it`;
  }
  const names = refusal.allowPolicies.map((p) => `${p.namespace}/${p.name}`).join(', ');
  return `no ALLOW policy of the pod matches ${peerOf(identity)} from its address: ${names}`;
}

/** The problem with an inbound connection the pod's policies refuse (ConnectionManager.assert_rbac keeps no row of it). */
function refusedProblems(c: RecordedConnection, where: string, pod: ZtunnelWorkload, policies: ZtunnelDump['policies'], identity: PeerIdentity | undefined): string[] {
  const dst = split(c.actualDst);
  const refusal = rbacRefusal(pod, {srcIp: split(c.src).ip, dstIp: dst.ip, dstPort: Number(dst.port), identity}, policies);
  const what = identity ? `${c.protocol} from ${peerOf(identity)}` : 'plaintext';
  return refusal ? [`${where}: ztunnel refuses ${what} to the pod on port ${dst.port} (${refusalReason(refusal, identity)}) and keeps no row for a refused connection`] : [];
}

/** The problems with one state's recorded connections, empty when ztunnel could hold them all. */
export function connectionPathProblems(connections: readonly RecordedConnection[], dump: ZtunnelDump): string[] {
  const byUid = new Map(dump.workloads.map((w) => [w.uid, w]));
  const serviceByVip = new Map(dump.services.flatMap((s) => s.addresses.map((a) => [vipOf(a), s] as const)));
  const waypointService = (address: string): ZtunnelService | undefined => (address.startsWith('/')
    ? serviceByVip.get(vipOf(address))
    : dump.services.find((s) => `${s.namespace}/${s.hostname}` === address));
  // The pods of every waypoint: what a waypoint's Envoy sends has no Forwarded host.
  const waypointIps = new Set(dump.services.flatMap((s) => (s.waypoint ? [waypointService(s.waypoint)] : []))
    .flatMap((s) => (s ? endpointsOf(s, byUid).flatMap((w) => w.workloadIps) : [])));
  /** An inbound plaintext connection: from a client that tunnels nothing, to a port the pod's policies admit it on. */
  const plaintextProblems = (c: RecordedConnection, where: string, pod: ZtunnelWorkload): string[] => {
    if (c.originalDst !== '') return [`${where}: a plaintext (TCP) connection carries no Forwarded host, so its REMOTE TARGET (originalDst) is empty, not ${c.originalDst}`];
    const srcIp = split(c.src).ip;
    if (waypointIps.has(srcIp)) return [`${where}: a waypoint reaches the pod over HBONE, not TCP`];
    const client = dump.workloads.find((w) => w.protocol === 'HBONE' && !w.hostNetwork && w.workloadIps.includes(srcIp));
    if (client && pod.protocol === 'HBONE') return [`${where}: ${client.namespace}/${client.name} is captured by ztunnel, which reaches ${pod.name} over HBONE, not TCP`];
    return refusedProblems(c, where, pod, dump.policies, undefined);
  };
  /**
   * An inbound HBONE connection's peer: the workload at its source address that speaks HBONE (a captured
   * pod, or a waypoint's pod), with the identity its certificate carries; undefined when the dump has none.
   */
  const hbonePeer = (c: RecordedConnection): PeerIdentity | undefined => {
    const ip = split(c.src).ip;
    const peer = dump.workloads.find((w) => !w.hostNetwork && w.workloadIps.includes(ip) && (w.protocol === 'HBONE' || waypointIps.has(ip)));
    return peer && {trustDomain: peer.trustDomain, namespace: peer.namespace, serviceAccount: peer.serviceAccount};
  };
  return connections.flatMap((c) => {
    const where = `${c.direction} connection of pod ${c.namespace}/${c.pod} from ${c.src}`;
    const pod = dump.workloads.find((w) => w.workloadType === 'pod' && w.namespace === c.namespace && w.name === c.pod);
    if (!pod) return [`${where}: the pod is not among ztunnel's workloads`];
    const own = (address: string): boolean => pod.workloadIps.includes(split(address).ip);
    if (c.direction === 'inbound') {
      if (!own(c.actualDst) || split(c.actualDst).port === HBONE_PORT) return [`${where}: its LOCAL (actualDst ${c.actualDst}) must be the pod's own address on the application's port`];
      if (c.protocol === 'TCP') return plaintextProblems(c, where, pod);
      const peer = hbonePeer(c);
      const refused = peer ? refusedProblems(c, where, pod, dump.policies, peer) : [];
      if (refused.length > 0) return refused;
      if (c.originalDst === '') return [];
      if (waypointIps.has(split(c.src).ip)) return [`${where}: a waypoint sends no Forwarded host, so its REMOTE TARGET (originalDst) is empty, not ${c.originalDst}`];
      const serves = dump.services.some((s) => s.hostname === c.originalDst && s.endpoints.some((e) => e.workloadUid === pod.uid));
      return serves ? [] : [`${where}: ${c.originalDst} is not the hostname of a Service the pod is an endpoint of`];
    }
    if (!own(c.src)) return [`${where}: an outbound connection starts at the pod's own address`];
    const service = serviceByVip.get(split(c.originalDst).ip);
    if (!service) return [];
    const target = split(c.actualDst);
    if (service.waypoint) {
      const waypoint = waypointService(service.waypoint);
      const pods = waypoint ? endpointsOf(waypoint, byUid) : [];
      const ok = c.protocol === 'HBONE' && target.port === HBONE_PORT && pods.some((w) => w.workloadIps.includes(target.ip));
      return ok ? [] : [`${where}: Service ${service.hostname} has waypoint ${service.waypoint}, so ztunnel sends it to a waypoint pod on ${HBONE_PORT} over HBONE, not to ${c.actualDst} over ${c.protocol}`];
    }
    const endpoint = endpointsOf(service, byUid).find((w) => w.workloadIps.includes(target.ip));
    if (!endpoint) return [`${where}: ${c.actualDst} is no endpoint of Service ${service.hostname}, which has no waypoint`];
    const hbone = endpoint.protocol === 'HBONE';
    const ok = hbone ? c.protocol === 'HBONE' && target.port === HBONE_PORT : c.protocol === 'TCP' && target.port !== HBONE_PORT;
    return ok ? [] : [`${where}: ${endpoint.name} is reached over ${endpoint.protocol}${hbone ? ` on ${HBONE_PORT}` : ' on its target port'}, not ${c.protocol} to ${c.actualDst}`];
  });
}
