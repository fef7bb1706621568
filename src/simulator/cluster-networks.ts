/**
 * The cluster's address ranges, for the addresses a lab does not write. Stated as data: the book's cluster is kind's
 * (Kubernetes 1.33), whose kubeadm config gives the API server `--service-cluster-ip-range` 10.96.0.0/16 and the nodes'
 * pods 10.244.0.0/16 (kind v1alpha4 Networking defaults serviceSubnet, podSubnet; the recorded sessions' ClusterIPs and
 * pod addresses are all in them). A lab can say otherwise for Services with ServiceCIDR objects (networking.k8s.io/v1,
 * GA in 1.33): the API server allocates a ClusterIP from any ServiceCIDR's ranges, the default one, `kubernetes`,
 * holding its flag's range (pkg/registry/core/service/ipallocator/cidrallocator.go).
 */
import {asArray, asString} from '../engine/istio/access';
import {parseNet, type IpNet} from './linkerd/networks';
import type {World} from './world';

/** kind's `networking.serviceSubnet` default, the API server's `--service-cluster-ip-range`. */
export const KIND_SERVICE_SUBNET = '10.96.0.0/16';
/** kind's `networking.podSubnet` default, where the nodes' pods get their addresses. */
export const KIND_POD_SUBNET = '10.244.0.0/16';

export interface ServiceNetworks {
  /** The IPv4 ranges a single-stack Service's ClusterIP is allocated from. */
  nets: IpNet[];
  /** Where they come from, in words. */
  from: string;
}

/** The IPv4 ranges of the lab's ServiceCIDRs (a range that does not parse is skipped, as the API server refuses it), else kind's. */
export function serviceNetworks(world: World): ServiceNetworks {
  const written = world.ofKind('networking.k8s.io', 'ServiceCIDR').flatMap((cidr) => asArray(cidr.spec.cidrs)
    .map((c) => parseNet(asString(c) ?? '')).filter((net): net is IpNet => net !== undefined && net.bytes.length === 4)
    .map((net) => ({net, name: cidr.name})));
  if (written.length > 0) {
    const names = [...new Set(written.map((w) => w.name))];
    return {nets: written.map((w) => w.net), from: `ServiceCIDR${names.length > 1 ? 's' : ''} ${names.join(', ')}`};
  }
  return {nets: [parseNet(KIND_SERVICE_SUBNET)!], from: "kind's service subnet (the lab holds no ServiceCIDR)"};
}

/** The ranges as the trace writes them: `10.96.0.0/16`, `10.96.0.0/16 and 10.100.0.0/16`. */
export const netsText = (nets: readonly IpNet[]): string => nets.map((n) => n.text).join(' and ');
