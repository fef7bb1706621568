/**
 * `istioctl proxy-config endpoint|eds POD [--cluster NAME] [--address A] [--port P] [--status S] [-o short|json|yaml]`
 * as istioctl 1.30.3 prints them (istioctl/pkg/proxyconfig/proxyconfig.go endpointConfigCmd, edsConfigCmd):
 * - endpoint: istioctl/pkg/writer/envoy/clusters/clusters.go over Envoy's /clusters: PrintEndpointsSummary (ENDPOINT,
 *   STATUS, OUTLIER CHECK, CLUSTER; sorted by address, port, cluster), EndpointFilter.Verify (the address without its
 *   port, the port, the cluster and the status compared without case); a cluster's endpoints are the ready pods its
 *   Service and subset select, at the target port. Only `--cluster` of a Service whose namespace the model holds is
 *   printed: the other clusters' hosts (PASSTHROUGH's and DNS clusters') come from connections and resolutions.
 * - eds (hidden): configdump/endpoint.go over the config dump's EDS: PrintEndpointsSummary (NAME, STATUS, LOCALITY,
 *   CLUSTER) of retrieveSortedEndpointsSlice (the load assignments holding an endpoint the filter keeps, sorted by
 *   safelyParseSubsetKey's host, subset, port, direction) and EndpointFilter.Verify (`ADDRESS:PORT`, or a pipe's path).
 *   Each EDS cluster's ClusterLoadAssignment is endpoint_builder.go's: one LocalityLbEndpoints per locality label
 *   (./pod-locality.ts), sorted; within a locality the registry's order, which the model does not hold (a gap when
 *   several endpoints share one). The bootstrap's static clusters (tools/packaging/common/envoy_bootstrap.json:
 *   prometheus_stats and agent on localhost, sds-grpc and xds-grpc on their pipes) are listed beside them; hosts of
 *   ORIGINAL_DST and DNS clusters come from traffic and resolution, so a listing that would include them is a gap.
 * `-o json|yaml`: PrintEndpoints marshals Envoy's own objects (/clusters' host statistics for endpoint, the EDS dump
 * Envoy rebuilds from its host sets for eds), which are not derived here: a gap.
 * Tables through a tabwriter with padding 5.
 */
import {field, heldKey, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {serviceEntryEndpoints} from './service-entry-endpoints';
import type {Proxy} from './istioctl-proxies';
import {tabwrite} from './tabwriter';
import {localityString, podLocalityLabel} from './pod-locality';
import {outboundClusters, sidecarClusters, type EnvoyCluster} from './sidecar-clusters';
import {allServicesHeld, targetPort} from './sidecar-services';

/** The filters and output of an endpoint or eds line (proxyconfig.go's flags). */
export interface EndpointRequest {
  section: 'endpoint' | 'eds';
  pod: string;
  namespace: string;
  cluster: string;
  address: string;
  port: number;
  status: string;
  output: 'short' | 'json' | 'yaml';
}

interface EndpointRow {
  address: string;
  port: number;
  cluster: string;
  locality: string;
}

const goCompare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
const equalFold = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** `NAME.NS.svc.cluster.local` of a namespace whose Services the model holds. */
export function confinedToHeldServices(text: string, model: StateModel): boolean {
  const match = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/.exec(text);
  return match !== null && (model.held === undefined || model.held.includes(heldKey('', 'Service', match[2]!)));
}

export function printEndpointSection(request: EndpointRequest, proxy: Proxy, model: StateModel): string {
  if (request.output !== 'short') {
    throw new ModelGap(request.section === 'endpoint'
      ? 'proxy-config endpoint -o json|yaml prints Envoy\'s /clusters host statuses with their live connection and request statistics, which the model does not hold'
      : 'proxy-config eds -o json|yaml prints the EDS dump Envoy rebuilds from its host sets (cluster_manager_impl.cc), whose fields are not derived here');
  }
  return request.section === 'eds' ? printEds(request, proxy, model) : printEndpoints(request, proxy, model);
}

const ready = (pod: ModelObject): boolean => field(pod.value, 'status', 'phase') === 'Running'
  && list(field(pod.value, 'status', 'conditions')).some((c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True');

/** A Kubernetes Service cluster's endpoints: the ready pods its Service and subset select, at the port the Service targets. */
function serviceEndpoints(cluster: EnvoyCluster, model: StateModel): (EndpointRow & {pod: ModelObject})[] {
  const rows: (EndpointRow & {pod: ModelObject})[] = [];
  if (!cluster.service || !cluster.servicePort) return rows;
  const service = cluster.service;
  if (cluster.type !== 'EDS') throw new ModelGap(`${cluster.name} is an ${cluster.type} cluster, whose hosts Envoy learns from connections or DNS, not from the model`);
  if (model.held !== undefined && !model.held.includes(heldKey('', 'Pod', service.namespace))) throw new ModelGap(`the model holds no pods of namespace ${service.namespace}`);
  const selector = field(service.object.value, 'spec', 'selector');
  if (selector === undefined) throw new ModelGap(`Service ${service.namespace}/${service.object.name} has no selector: its hand-made endpoints are not in the model`);
  const wanted = {...stringMap(selector), ...cluster.subsetLabels};
  for (const pod of model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && o.namespace === service.namespace && ready(o))) {
    const labels = stringMap(field(pod.value, 'metadata', 'labels'));
    if (!Object.entries(wanted).every(([key, value]) => labels[key] === value)) continue;
    const address = field(pod.value, 'status', 'podIP');
    const port = targetPort(pod, cluster.servicePort);
    if (typeof address !== 'string' || port === undefined) throw new ModelGap(`the model does not give pod ${pod.namespace}/${pod.name}'s IP or the port its Service targets`);
    rows.push({address, port, cluster: cluster.name, pod, locality: ''});
  }
  return rows;
}

/** The `--cluster` a line names, among the proxy's outbound clusters: a Kubernetes Service's of a held namespace, else a gap. */
function namedCluster(name: string, proxy: Proxy, model: StateModel): EnvoyCluster | undefined {
  const parsed = /^outbound\|\d+\|[^|]*\|(.+)$/.exec(name);
  const cluster = outboundClusters(proxy, model).find((c) => equalFold(c.name, name));
  if (cluster?.service?.object.kind === 'ServiceEntry') return cluster;
  if (!parsed || !confinedToHeldServices(parsed[1]!.toLowerCase(), model)) {
    throw new ModelGap('only --cluster outbound|PORT|SUBSET|NAME.NAMESPACE.svc.cluster.local of a namespace whose Services the model holds is printed: other clusters\' endpoints are not in the model');
  }
  return cluster;
}

function printEndpoints(request: EndpointRequest, proxy: Proxy, model: StateModel): string {
  if (request.cluster === '') throw new ModelGap('proxy-config endpoint without --cluster lists every cluster\'s hosts, the passthrough clusters\' among them, which Envoy holds per connection: only --cluster outbound|PORT|SUBSET|HOST is printed');
  const cluster = namedCluster(request.cluster, proxy, model);
  const rows = cluster === undefined ? [] : cluster.service?.object.kind === 'ServiceEntry' ? serviceEntryEndpoints(cluster, model) : serviceEndpoints(cluster, model);
  // clusters.go Verify: the host's address (without port), port, cluster and status.
  const kept = rows.filter((row) => (request.address === '' || equalFold(row.address, request.address))
    && (request.port === 0 || row.port === request.port) && (request.status === '' || equalFold('HEALTHY', request.status)));
  kept.sort((a, b) => goCompare(a.address, b.address) || goCompare(a.port, b.port) || goCompare(a.cluster, b.cluster));
  const lines = kept.map((row) => `${row.address}:${row.port}\tHEALTHY\tOK\t${row.cluster}\n`);
  return tabwrite(`ENDPOINT\tSTATUS\tOUTLIER CHECK\tCLUSTER\n${lines.join('')}`, 0, 5);
}

/** envoy_bootstrap.json's static clusters with endpoints: localhost's admin and status ports, the SDS and XDS pipes. */
function bootstrapEndpoints(name: string): EndpointRow[] {
  switch (name) {
    // {{ .config.ProxyAdminPort }} and {{ .config.StatusPort }}: 15000 and 15020 (pkg/config/mesh DefaultProxyConfig).
    case 'prometheus_stats': return [{address: '127.0.0.1', port: 15000, cluster: name, locality: ''}];
    case 'agent': return [{address: '127.0.0.1', port: 15020, cluster: name, locality: ''}];
    // Pipes: istioctl prints the path (retrieveEndpointAddresses), port 0.
    case 'sds-grpc': return [{address: './var/run/secrets/workload-spiffe-uds/socket', port: 0, cluster: name, locality: ''}];
    case 'xds-grpc': return [{address: './etc/istio/proxy/XDS', port: 0, cluster: name, locality: ''}];
    default: return [];
  }
}

/** A cluster's load assignment as the EDS dump holds it: locality groups sorted by label, one endpoint per locality. */
function loadAssignment(cluster: EnvoyCluster, model: StateModel): EndpointRow[] {
  if (cluster.type === 'STATIC') return bootstrapEndpoints(cluster.name);
  if (cluster.service?.object.kind === 'ServiceEntry') throw new ModelGap(`${cluster.name} is a ServiceEntry's cluster, whose endpoints' localities are not modelled here`);
  if (cluster.type !== 'EDS') throw new ModelGap(`${cluster.name} is an ${cluster.type} cluster, whose hosts Envoy learns from connections or DNS, not from the model`);
  if (!cluster.service) throw new ModelGap(`${cluster.name}'s endpoints (a gateway's SNI-DNAT cluster) are not modelled here`);
  const groups = new Map<string, EndpointRow[]>();
  for (const row of serviceEndpoints(cluster, model)) {
    const label = podLocalityLabel(row.pod, model);
    groups.set(label, [...(groups.get(label) ?? []), {address: row.address, port: row.port, cluster: row.cluster, locality: localityString(label)}]);
  }
  return [...groups.keys()].sort(goCompare).flatMap((label) => {
    const rows = groups.get(label)!;
    if (rows.length > 1) throw new ModelGap(`${rows.length} endpoints of ${cluster.name} share locality "${label}": their order is the registry's, not in the model`);
    return rows;
  });
}

/** configdump/endpoint.go EndpointFilter.Verify: `ADDRESS:PORT` (a pipe's path) without case, port, cluster, status. */
function edsKeeps(request: EndpointRequest, row: EndpointRow): boolean {
  const address = row.port === 0 ? row.address : `${row.address}:${row.port}`;
  return (request.address === '' || equalFold(address, request.address)) && (request.port === 0 || row.port === request.port)
    && (request.cluster === '' || equalFold(row.cluster, request.cluster)) && (request.status === '' || equalFold('HEALTHY', request.status));
}

function printEds(request: EndpointRequest, proxy: Proxy, model: StateModel): string {
  let clusters: EnvoyCluster[];
  if (request.cluster !== '') {
    const cluster = namedCluster(request.cluster, proxy, model);
    clusters = cluster === undefined ? [] : [cluster];
  } else {
    allServicesHeld(model, 'the whole EDS listing');
    // BlackHoleCluster holds no endpoint (retrieveEndpoint's count 0 drops it); the other clusters' hosts are asked of the model.
    clusters = sidecarClusters(proxy, model).filter((c) => c.name !== 'BlackHoleCluster');
  }
  const assignments = clusters.map((cluster) => ({cluster, rows: loadAssignment(cluster, model).filter((row) => edsKeeps(request, row))}))
    .filter(({rows}) => rows.length > 0);
  // retrieveSortedEndpointsSlice: safelyParseSubsetKey's host, then subset, port, direction (names are unique).
  assignments.sort((a, b) => goCompare(a.cluster.host, b.cluster.host) || goCompare(a.cluster.subset, b.cluster.subset)
    || goCompare(a.cluster.port, b.cluster.port) || goCompare(a.cluster.direction, b.cluster.direction));
  const lines = assignments.flatMap(({rows}) => rows.map((row) => `${row.port === 0 ? row.address : `${row.address}:${row.port}`}\tHEALTHY\t${row.locality}\t${row.cluster}\n`));
  return tabwrite(`NAME\tSTATUS\tLOCALITY\tCLUSTER\n${lines.join('')}`, 0, 5);
}
