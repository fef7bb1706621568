/**
 * DNS capture at a client's sidecar, and the address istiod gives a ServiceEntry host there (istio 1.30.3).
 *
 * - Capture is the agent's ISTIO_META_DNS_CAPTURE, from the pod's proxyMetadata (proxy-config.ts), read as a Go bool
 *   (pilot-agent options.go DNSCaptureByAgent, the node metadata's StringBool). istio-iptables then also redirects the
 *   pod's DNS (UDP and TCP port 53) to the agent's DNS proxy. Only a sidecar's agent captures (agent.go).
 * - istiod's IP autoallocate controller (PILOT_ENABLE_IP_AUTOALLOCATE, on by default since 1.25; the older
 *   ISTIO_META_DNS_AUTO_ALLOCATE adds nothing then) writes each ServiceEntry host an address from
 *   PILOT_IP_AUTOALLOCATE_IPV4_PREFIX, 240.240.0.0/16, into the entry's status, unless the entry has `addresses`, its
 *   resolution is NONE, it is labelled networking.istio.io/enable-autoallocate-ip: "false", or the host is a wildcard
 *   without DYNAMIC_DNS (ip_autoallocation.go shouldV2AutoAllocateIPFromPieces, ipallocate.go keepHost).
 * - A proxy uses those addresses only when it captures DNS (service.go nodeUsesAutoallocatedIPs): its TCP and TLS
 *   listeners for the host are bound there (GetAddressForProxy) and its DNS proxy answers the host with it
 *   (pkg/dns/server/name_table.go BuildNameTable); without capture, the entry listens on 0.0.0.0.
 */
import {asArray, asObject, asString} from '../engine/istio/access';
import {podTemplateOf} from './linkerd/workloads';
import {parseAddress, parseNet, type IpNet} from './linkerd/networks';
import {parseGoBool} from '../engine/go/strconv-bool';
import {proxyMetadataValue} from './proxy-config';
import type {SimSource} from './source';
import {stringLabels, type Located, type World, type WorldResource} from './world';

/** PILOT_IP_AUTOALLOCATE_IPV4_PREFIX's default (pilot/pkg/features/pilot.go). */
export const AUTO_ALLOCATE_IPV4_PREFIX = '240.240.0.0/16';
const AUTOALLOCATE_LABEL = 'networking.istio.io/enable-autoallocate-ip';
const CAPTURE_KEY = 'ISTIO_META_DNS_CAPTURE';

export interface DnsCapture {
  on: boolean;
  /** Why, naming the level of proxyMetadata that set it. */
  why: string;
  at?: Located;
}

/** Whether the client's sidecar captures DNS. */
export function dnsCaptureOf(world: World, source: SimSource): DnsCapture {
  if (source.kind !== 'sidecar') return {on: false, why: 'a gateway\'s agent captures no DNS'};
  const workload = source.workload === undefined ? undefined
    : world.resources.find((r) => r.name === source.workload && r.namespace === source.namespace && podTemplateOf(r) !== undefined);
  const set = proxyMetadataValue(world, {namespace: source.namespace, labels: source.labels, template: workload && podTemplateOf(workload)}, CAPTURE_KEY);
  if (!set) return {on: false, why: `${CAPTURE_KEY} is set in no proxyMetadata (the mesh config's defaultConfig, a ProxyConfig, the pod's proxy.istio.io/config): DNS capture is off, Istio's default`};
  const on = parseGoBool(set.value);
  if (on === undefined) return {on: false, why: `${CAPTURE_KEY} is "${set.value.slice(0, 20)}" in ${set.from}, which Go's strconv.ParseBool does not read as a bool: DNS capture stays off`, at: set.at};
  return {on, why: `${CAPTURE_KEY} is "${set.value}" in ${set.from}: DNS capture is ${on ? 'on' : 'off'}`, at: set.at};
}

/** The address istiod's controller gives an entry's host: the one its status records, else one of the prefix; or why none. */
export type AllocatedAddress = {ip?: string; net: IpNet; why: string} | {none: string};

/** `entry`: a ServiceEntry's spec and whole object (a lab's WorldResource, or a recorded object's, as the terminal's listener printer reads it). */
export function allocatedAddress(entry: Pick<WorldResource, 'spec' | 'value'>, host: string): AllocatedAddress {
  const resolution = asString(entry.spec.resolution) ?? 'NONE';
  const label = stringLabels(asObject(entry.value.metadata)?.labels)[AUTOALLOCATE_LABEL];
  if (asArray(entry.spec.addresses).length > 0) return {none: 'it has addresses of its own'};
  if (resolution === 'NONE') return {none: 'its resolution is NONE (the address the application dialed is the destination, so none is allocated)'};
  if (label !== undefined && label.toLowerCase() === 'false') return {none: `it is labelled ${AUTOALLOCATE_LABEL}: "${label}"`};
  if (host.startsWith('*') && resolution !== 'DYNAMIC_DNS') return {none: `its host ${host} is a wildcard, which gets an address only with resolution DYNAMIC_DNS`};
  const net = parseNet(AUTO_ALLOCATE_IPV4_PREFIX)!;
  const recorded = asArray(asObject(entry.value.status)?.addresses).map((a) => asObject(a) ?? {})
    .find((a) => asString(a.host) === host && parseAddress(asString(a.value) ?? '')?.length === 4);
  const ip = recorded && asString(recorded.value);
  return ip ? {ip, net, why: `istiod's IP autoallocate controller gave ${host} ${ip} (the entry's status.addresses)`}
    : {net, why: `istiod's IP autoallocate controller gives ${host} an address in ${AUTO_ALLOCATE_IPV4_PREFIX} (PILOT_IP_AUTOALLOCATE_IPV4_PREFIX), which the lab does not record (status.addresses)`};
}
