/**
 * The TCP proxy istiod 1.30.3 ends a VirtualService's `tcp` or `tls` route with, at a gateway or a sidecar
 * (pilot/pkg/networking/core/networkfilter.go buildOutboundNetworkFilters): one destination's cluster
 * (GetDestinationCluster: `outbound|PORT|SUBSET|HOST`, the destination's port, else its service's only port, else
 * the listener's), or several destinations' weighted clusters (those with a weight), the VirtualService's
 * `NAME.NAMESPACE` as stat prefix (buildOutboundNetworkFiltersWithWeightedClusters), which istioctl prints as `Cluster: `.
 */
import {asObject} from '../../engine/istio/access';
import {ModelGap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {sidecarServices, CLUSTER_DOMAIN} from './sidecar-services';
import {serviceEntryServices} from './service-entries';

/** A TCP proxy's cluster, or its weighted clusters (sidecar-listeners.ts ChainSpec's terminals of a TCP proxy). */
export type TcpTerminal = {cluster: string} | {weighted: {statPrefix: string; clusters: readonly {name: string; weight: number}[]}};

/** ResolveShortnameToFQDN. */
export const resolveHost = (host: string, namespace: string): string => (host.includes('.') || host.includes('*') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`);

/** buildOutboundNetworkFilters for `routes` on a listener of `listenPort`. */
export function tcpProxyTerminal(routes: Record<string, unknown>[], listenPort: number, vs: ModelObject, proxy: Proxy, model: StateModel): TcpTerminal {
  const cluster = (route: Record<string, unknown>): string => destinationCluster(asObject(route.destination) ?? {}, listenPort, vs, proxy, model);
  if (routes.length === 1) return {cluster: cluster(routes[0]!)};
  const clusters = routes.filter((r) => typeof r.weight === 'number' && r.weight > 0).map((r) => ({name: cluster(r), weight: r.weight as number}));
  return {weighted: {statPrefix: `${vs.name}.${vs.namespace}`, clusters}};
}

/** GetDestinationCluster: the destination's port, else the service's only port, else the listener's. */
function destinationCluster(destination: Record<string, unknown>, listenPort: number, vs: ModelObject, proxy: Proxy, model: StateModel): string {
  const hostname = resolveHost(String(destination.host ?? ''), vs.namespace);
  if (String(destination.host ?? '') === '') return 'UnknownService';
  const services = [...sidecarServices(model, proxy.pod.namespace), ...serviceEntryServices(proxy, model).map((e) => e.service)];
  const service = services.find((s) => s.hostname === hostname);
  if (service?.object.kind === 'Service' && asObject(service.object.value.spec)?.type === 'ExternalName') throw new ModelGap(`Service ${service.namespace}/${service.object.name} is an ExternalName Service, which is not modelled here`);
  const explicit = Number(asObject(destination.port)?.number ?? 0);
  const port = explicit !== 0 ? explicit : service !== undefined && service.ports.length === 1 ? service.ports[0]!.port : listenPort;
  return `outbound|${port}|${String(destination.subset ?? '')}|${hostname}`;
}
