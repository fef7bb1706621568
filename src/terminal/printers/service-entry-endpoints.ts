/**
 * The endpoints of a ServiceEntry's EDS cluster (resolution STATIC: pilot/pkg/serviceregistry/
 * serviceentry/conversion.go convertEndpoint): each `endpoints` entry whose labels hold the subset's,
 * at its `ports` entry for the port's name, else the port's targetPort, else the port's number;
 * Envoy reports them HEALTHY (clusters.go PrintEndpointsSummary's rows). A workloadSelector (the
 * endpoints are pods and WorkloadEntries) and a Unix socket address are gaps; a DNS cluster's hosts
 * are what Envoy resolved, which no model holds.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {ModelGap, stringMap} from './model';
import type {EnvoyCluster} from './sidecar-clusters';

export interface EndpointRow {
  address: string;
  port: number;
  cluster: string;
}

export function serviceEntryEndpoints(cluster: EnvoyCluster): EndpointRow[] {
  const entry = cluster.service!.object;
  const what = `ServiceEntry ${entry.namespace}/${entry.name}`;
  if (cluster.type !== 'EDS') throw new ModelGap(`${cluster.name} is a ${cluster.type} cluster of ${what}, whose hosts Envoy resolves or learns from connections, not from the model`);
  const spec = asObject(entry.value.spec) ?? {};
  if (spec.workloadSelector !== undefined) throw new ModelGap(`${what} selects workloads, whose endpoints are not modelled here`);
  const servicePort = cluster.servicePort!;
  const rows: EndpointRow[] = [];
  for (const endpoint of asArray(spec.endpoints).map((e) => asObject(e) ?? {})) {
    const address = String(endpoint.address ?? '');
    if (address.startsWith('unix://')) throw new ModelGap(`${what} has a Unix socket endpoint, which is not modelled here`);
    const labels = stringMap(endpoint.labels);
    if (!Object.entries(cluster.subsetLabels).every(([key, value]) => labels[key] === value)) continue;
    const named = Number(asObject(endpoint.ports)?.[servicePort.name] ?? 0);
    const target = Number(servicePort.targetPort ?? 0);
    rows.push({address, port: named || target || servicePort.port, cluster: cluster.name});
  }
  return rows;
}
