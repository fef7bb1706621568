/**
 * What Linkerd's control plane is installed with, as the chart's defaults set it
 * (charts/linkerd-control-plane/values.yaml, version-2.20): the cluster networks, the
 * cluster-wide default inbound policy, the default opaque ports and the identity names
 * (policy-controller/k8s/index/src/cluster_info.rs ClusterInfo).
 */
import {parseNet, type IpNet} from './networks';
import type {DefaultPolicy} from './policy-names';

export interface ClusterInfo {
  /** `clusterNetworks`: where pods live; the `cluster-*` policies allow only these. */
  networks: IpNet[];
  /** `proxy.defaultInboundPolicy`. */
  defaultPolicy: DefaultPolicy;
  /** `proxy.opaquePorts`: what the proxy injector marks opaque on a pod that exposes them. */
  defaultOpaquePorts: ReadonlySet<number>;
  /** `probeNetworks`: where the kubelet's probes come from; every address by default. */
  probeNetworks: IpNet[];
  controlPlaneNamespace: string;
  identityDomain: string;
}

const CLUSTER_NETWORKS = '10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8';
const OPAQUE_PORTS = [25, 587, 3306, 4444, 5432, 6379, 9300, 11211];

export const DEFAULT_CLUSTER_INFO: ClusterInfo = {
  networks: CLUSTER_NETWORKS.split(',').map((n) => parseNet(n)!),
  defaultPolicy: 'all-unauthenticated',
  defaultOpaquePorts: new Set(OPAQUE_PORTS),
  probeNetworks: [parseNet('0.0.0.0/0')!, parseNet('::/0')!],
  controlPlaneNamespace: 'linkerd',
  identityDomain: 'cluster.local',
};

/** cluster_info.rs service_account_identity: `sa.ns.serviceaccount.identity.linkerd.cluster.local`. */
export function serviceAccountIdentity(cluster: ClusterInfo, namespace: string, serviceAccount: string): string {
  return `${serviceAccount}.${namespace}.serviceaccount.identity.${cluster.controlPlaneNamespace}.${cluster.identityDomain}`;
}

/** cluster_info.rs namespace_identity: every service account of a namespace. */
export function namespaceIdentity(cluster: ClusterInfo, namespace: string): string {
  return `*.${namespace}.serviceaccount.identity.${cluster.controlPlaneNamespace}.${cluster.identityDomain}`;
}
