/**
 * What a ServiceEntry's outbound cluster adds to the Envoy JSON ./cluster-json.ts prints, as istiod
 * 1.30.3 builds it (pilot/pkg/networking/core):
 * - cluster_builder.go buildCluster for STRICT_DNS and LOGICAL_DNS (resolution DNS and
 *   DNS_ROUND_ROBIN): the mesh's dnsRefreshRate (60s by default), PILOT_DNS_JITTER_DURATION's 100ms,
 *   respect_dns_ttl, V4_ONLY for an IPv4 proxy (ISTIO_DUAL_STACK off), the c-ares resolver with
 *   PILOT_DNS_CARES_UDP_MAX_QUERIES' 100 queries (dns_jitter between dns_refresh_rate and
 *   respect_dns_ttl as envoy's cluster.proto declares it, field 58), and the load assignment
 *   (buildSubsetCluster: FromServiceEndpoints under the subset's labels): the entry's `endpoints`
 *   whose labels, with istiod's `topology.istio.io/cluster` (AugmentLabels), hold the subset's (each
 *   at its port of the port's name, else targetPort, else the number), else the host itself at the
 *   port's targetPort or number, which carries no labels (serviceentry/conversion.go
 *   convertServiceEntryToInstances); each endpoint with its weight and the telemetry metadata
 *   `WORKLOAD;NS;CANONICAL;REVISION;CLUSTER` (util.AppendLbEndpointMetadata: the entry's name, or
 *   NAME-INDEX for an `endpoints` entry, as workload; kubelabels.CanonicalService over the endpoint's
 *   labels, `latest` left empty; no transport socket match for their `disabled` TLS mode), in one
 *   locality-less group weighing their sum (endpoint_builder.go generate), which outlier detection's
 *   locality failover leaves at priority 0 (loadbalancer.go applyLocalityFailover);
 * - ORIGINAL_DST for NONE on a sidecar: a targetPort becomes original_dst_lb_config's
 *   upstream_port_override (PassthroughTargetPorts);
 * - EDS for STATIC (and for NONE on a gateway), as a Service's;
 * - MESH_EXTERNAL (the default location): `external: true` in the istio metadata (applyDestinationRule)
 *   and no auto mTLS (buildUpstreamTLSSettings); the service metadata names the host (convertServices'
 *   Attributes.Name);
 * - MESH_INTERNAL: auto mTLS as for a Service (BestEffortInferServiceMTLSMode: the namespace's mode),
 *   its SANs the entry's subjectAltNames sorted (push_context.go addServiceAccounts), except NONE,
 *   whose endpoints without a sidecar's tlsMode leave it plain text.
 * Gaps: `endpoints` with service accounts, localities (a field or a locality label), networks, a
 * tlsMode label or Unix sockets, a
 * MESH_INTERNAL entry's workloadSelector or endpoints with identities, dual-stack proxies, the DNS
 * connect-strategy annotation.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {parseGoDuration} from '../../engine/istio/durations';
import {field, list, ModelGap, stringMap, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import type {EnvoyCluster} from './sidecar-clusters';
import {meshConfig} from './sidecar-clusters';
import {clusterId, entryEndpointPort, inSubset, istiodLabels} from './service-entry-endpoints';
import {canonicalService} from './canonical-service';
import type {JsonObject} from './route-json';

const TYPE_PREFIX = 'type.googleapis.com/';
/** PILOT_DNS_JITTER_DURATION's default (100ms) and PILOT_DNS_CARES_UDP_MAX_QUERIES'. */
const DNS_JITTER = '0.100s';
const CARES_UDP_MAX_QUERIES = 100;
const ENDPOINT_KEYS = new Set(['address', 'ports', 'weight', 'labels']);
/** Labels that give an endpoint a locality (GetLocalityLabel), its TLS mode, or its draining state. */
const PLACING_LABELS = ['topology.istio.io/locality', 'istio-locality', 'security.istio.io/tlsMode'];

export interface EntryClusterFields {
  /** MESH_EXTERNAL: `external` in the metadata. */
  external: boolean;
  /** Whether auto mTLS may apply: a MESH_INTERNAL entry whose resolution is not NONE. */
  autoMtls: boolean;
  /** The SANs auto mTLS and ISTIO_MUTUAL name: the entry's subjectAltNames, sorted. */
  serviceAccounts: string[];
  /** The cluster fields only a ServiceEntry's cluster has, keyed as in Cluster. */
  fields: JsonObject;
}

/** The mesh's dnsRefreshRate as jsonpb prints a Duration. */
function dnsRefreshRate(model: StateModel): string {
  const written = field(meshConfig(model), 'dnsRefreshRate');
  if (written === undefined) return '60s';
  const nanos = typeof written === 'string' ? parseGoDuration(written) : undefined;
  if (nanos === undefined || nanos <= 0 || nanos % 1e9 !== 0) throw new ModelGap(`the mesh config's dnsRefreshRate ${JSON.stringify(written)} is not a whole number of seconds the model reads`);
  return `${nanos / 1e9}s`;
}

/**
 * The load assignment of a DNS cluster (FromServiceEndpoints): the entry's endpoints whose labels
 * hold the subset's, else its host (for an unlabelled subset only), in one locality-less group.
 */
function dnsLoadAssignment(cluster: EnvoyCluster, model: StateModel, what: string): JsonObject {
  const entry = cluster.service!.object;
  const servicePort = cluster.servicePort!;
  const written = asArray(asObject(entry.value.spec)?.endpoints).map((e) => asObject(e) ?? {});
  if (written.length === 0 && cluster.host.includes('*')) throw new ModelGap(`${what} resolves the wildcard host ${cluster.host} by DNS without endpoints, which validation rejects: not translated to Envoy's JSON here`);
  const id = clusterId(model);
  const lbEndpoint = (address: string, port: number, workload: string, labels: Record<string, string>, weight: number): JsonObject => {
    // kubelabels.CanonicalService over the endpoint's labels, else the workload's name; the revision `latest` is left empty.
    const [name, revision] = canonicalService(labels, workload);
    return {
      endpoint: {address: {socketAddress: {address, portValue: port}}},
      metadata: {filterMetadata: {istio: {workload: `${workload};${entry.namespace};${name};${revision === 'latest' ? '' : revision};${id}`}}},
      loadBalancingWeight: {value: weight},
    };
  };
  const endpoints = written.length === 0
    ? (inSubset(cluster.subsetLabels, undefined) ? [lbEndpoint(cluster.host, Number(servicePort.targetPort ?? 0) || servicePort.port, entry.name, {}, 1)] : [])
    : written.flatMap((endpoint, index) => {
      const extra = Object.keys(endpoint).find((key) => !ENDPOINT_KEYS.has(key));
      if (extra) throw new ModelGap(`${what} has an endpoint with ${extra}, whose identity or place in its DNS cluster is not translated to Envoy's JSON here`);
      const address = String(endpoint.address ?? '');
      if (address === '' || address.startsWith('unix://')) throw new ModelGap(`${what} has an endpoint at ${address || '(no address)'}, which is not translated to Envoy's JSON here`);
      const labels = stringMap(endpoint.labels);
      const placing = PLACING_LABELS.find((key) => key in labels);
      if (placing) throw new ModelGap(`${what} has an endpoint labelled ${placing}, whose place in its DNS cluster is not translated to Envoy's JSON here`);
      if (!inSubset(cluster.subsetLabels, istiodLabels(labels, model))) return [];
      const weight = typeof endpoint.weight === 'number' && endpoint.weight > 0 ? endpoint.weight : 1;
      return [lbEndpoint(address, entryEndpointPort(endpoint, servicePort), `${entry.name}-${index}`, labels, weight)];
    });
  // sidecar-clusters.ts leaves out a subset without endpoints, as buildCluster does.
  if (endpoints.length === 0) throw new ModelGap(`${cluster.name} has no endpoints, so istiod builds no such cluster`);
  const total = endpoints.reduce((sum, e) => sum + Number((e.loadBalancingWeight as {value: number}).value), 0);
  return {clusterName: cluster.name, endpoints: [{locality: {}, lbEndpoints: endpoints, loadBalancingWeight: {value: total}}]};
}

/** The ServiceEntry-specific parts of an outbound cluster, or a gap for what is not translated. */
export function entryClusterFields(cluster: EnvoyCluster, proxy: Proxy, model: StateModel, policy: Record<string, unknown>): EntryClusterFields {
  const entry = cluster.service!.object;
  const what = `ServiceEntry ${entry.namespace}/${entry.name}`;
  const spec = asObject(entry.value.spec) ?? {};
  const internal = spec.location === 'MESH_INTERNAL';
  if (internal && spec.workloadSelector !== undefined) throw new ModelGap(`${what} is MESH_INTERNAL and selects workloads, whose identities name its SANs: not translated to Envoy's JSON here`);
  if (internal && asArray(spec.endpoints).some((e) => asObject(e)?.serviceAccount !== undefined || asObject(e)?.labels !== undefined)) {
    throw new ModelGap(`${what} is MESH_INTERNAL with endpoints that carry identities or labels, which decide its mTLS: not translated to Envoy's JSON here`);
  }
  const annotations = stringMap(field(entry.value, 'metadata', 'annotations'));
  if (Object.keys(annotations).some((key) => key.startsWith('networking.istio.io/dns'))) throw new ModelGap(`${what} sets a DNS annotation, which is not translated to Envoy's JSON here`);
  const fields: JsonObject = {};
  if (cluster.type === 'STRICT_DNS' || cluster.type === 'LOGICAL_DNS') {
    // Outlier detection turns on locality failover (applyLocalityFailover), which ranks the load assignment's
    // locality groups against the proxy's: with one group (no endpoint has a locality) it keeps priority 0.
    if (list(field(proxy.pod.value, 'status', 'podIPs')).length > 1) throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} is dual-stack, whose DNS lookup family is not translated to Envoy's JSON here`);
    Object.assign(fields, {
      loadAssignment: dnsLoadAssignment(cluster, model, what),
      dnsRefreshRate: dnsRefreshRate(model),
      dnsJitter: DNS_JITTER,
      respectDnsTtl: true,
      dnsLookupFamily: 'V4_ONLY',
      typedDnsResolverConfig: {name: 'envoy.network.dns_resolver.cares', typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.network.dns_resolver.cares.v3.CaresDnsResolverConfig`, udpMaxQueries: CARES_UDP_MAX_QUERIES}},
    });
  } else if (cluster.type === 'ORIGINAL_DST') {
    if (cluster.subset !== '') throw new ModelGap(`${cluster.name} is a subset of an original-destination cluster, which is not translated to Envoy's JSON here`);
    const target = Number(cluster.servicePort!.targetPort ?? 0);
    if (target > 0) fields.originalDstLbConfig = {upstreamPortOverride: target};
  }
  const serviceAccounts = [...new Set(asArray(spec.subjectAltNames).map(String))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // BestEffortInferServiceMTLSMode: NONE's endpoints carry no sidecar tlsMode, so its mode is DISABLE.
  return {external: !internal, autoMtls: internal && cluster.type !== 'ORIGINAL_DST', serviceAccounts, fields};
}
