/**
 * The clusters a 1.30.3 sidecar holds, as istiod builds them (pilot/pkg/networking/core/cluster.go
 * buildClusters) and as the bootstrap declares them (tools/packaging/common/envoy_bootstrap.json):
 * - outbound: `outbound|PORT||FQDN` for every non-UDP port of every Service the proxy sees, and one per
 *   subset of the DestinationRule the proxy's namespace applies to the host
 *   (src/simulator/destination-rule-lookup.ts, as the simulator looks it up); EDS, ORIGINAL_DST for a
 *   headless Service (convertResolution); the rule recorded in the cluster's metadata; a DNS
 *   ServiceEntry's subset only when some endpoint's labels hold the subset's (buildCluster is nil without endpoints);
 * - BlackHoleCluster (STATIC) and PassthroughCluster (ORIGINAL_DST), buildBlackHoleCluster and
 *   buildDefaultPassthroughCluster;
 * - inbound: `inbound|TARGETPORT||` per target port of the Services selecting the pod
 *   (buildInboundClustersFromServiceInstances), ORIGINAL_DST under the mesh's default inbound
 *   policy PASSTHROUGH (buildInboundCluster binds no local endpoint), and InboundPassthroughCluster;
 * - the bootstrap's static clusters prometheus_stats, agent, sds-grpc, xds-grpc (STATIC), and zipkin
 *   (STRICT_DNS) when the mesh config's defaultConfig.tracing names a Zipkin collector
 *   (pkg/bootstrap/config.go; the 1.30.3 charts default `global.proxy.tracer` to none).
 */
import {destinationRulesFor} from '../../simulator/destination-rule-lookup';
import {asArray, asObject, asString} from '../../engine/istio/access';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {selects, sidecarServices, targetPort, type MeshPort, type MeshService} from './sidecar-services';
import {scopedServices} from './sidecar-scope';
import {serviceEntryServices} from './service-entries';
import {dnsSubsetHasEndpoints} from './service-entry-endpoints';
import {mergeGateways} from './gateway-servers';
import {rootNamespaceOf} from './root-namespace';

export interface EnvoyCluster {
  name: string;
  /** '' for the clusters whose name is not a subset key (BlackHoleCluster, agent, …). */
  direction: string;
  port: number;
  subset: string;
  /** The FQDN of a subset key ('' for an inbound cluster), else the cluster's whole name. */
  host: string;
  type: 'EDS' | 'ORIGINAL_DST' | 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS';
  /** describeManagement of the metadata: `name.namespace` of the DestinationRule, or ''. */
  destinationRule: string;
  /** The DestinationRule the cluster applies (an outbound cluster's). */
  rule?: ModelObject;
  service?: MeshService;
  servicePort?: MeshPort;
  subsetLabels: Record<string, string>;
}

/** The proxy (a sidecar or a gateway), refusing what the model does not follow: an EnvoyFilter, a WorkloadEntry a Kubernetes Service selects. */
export function checkProxy(proxy: Proxy, model: StateModel): void {
  if (model.objects.some((o) => o.group === 'networking.istio.io' && o.kind === 'EnvoyFilter')) throw new ModelGap('the model holds an EnvoyFilter, whose effect on the proxy\'s configuration is not modelled here');
  // A WorkloadEntry is followed as a ServiceEntry's endpoint (./service-entry-endpoints.ts); one a Kubernetes Service selects joins that Service's endpoints (kube controller workloadInstanceHandler), which is not.
  for (const entry of model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'WorkloadEntry')) {
    const labels = stringMap(field(entry.value, 'spec', 'labels'));
    const service = Object.keys(labels).length === 0 ? undefined : model.objects.find((o) => o.group === '' && o.kind === 'Service' && o.namespace === entry.namespace
      && field(o.value, 'spec', 'selector') !== undefined && Object.entries(stringMap(field(o.value, 'spec', 'selector'))).every(([key, value]) => labels[key] === value));
    if (service) throw new ModelGap(`Service ${service.namespace}/${service.name} selects WorkloadEntry ${entry.namespace}/${entry.name}, whose place among its endpoints is not modelled here`);
  }
  if ('proxy.istio.io/config' in stringMap(field(proxy.pod.value, 'metadata', 'annotations'))) {
    throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} overrides its proxy config (proxy.istio.io/config), which is not modelled here`);
  }
}

/** The outbound clusters istiod pushes to the sidecar, one per Service port and per subset. */
export function outboundClusters(proxy: Proxy, model: StateModel): EnvoyCluster[] {
  const destinationRules = model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'DestinationRule');
  const rootNamespace = rootNamespaceOf(model);
  if (destinationRules.some((dr) => asObject(asObject(dr.value.spec)?.workloadSelector))) throw new ModelGap('a DestinationRule with a workloadSelector applies per proxy, which is not modelled here');
  const clusters: EnvoyCluster[] = [];
  // A Sidecar's egress hosts narrow the Services a sidecar gets clusters for (./sidecar-scope.ts).
  const kubernetes = scopedServices(proxy, model);
  const entries = serviceEntryServices(proxy, model);
  const clash = entries.find((e) => kubernetes.some((s) => s.hostname === e.service.hostname));
  if (clash) throw new ModelGap(`ServiceEntry ${clash.service.namespace}/${clash.service.object.name} names ${clash.service.hostname}, a Kubernetes Service's host: how istiod merges them is not modelled here`);
  // convertResolution: a headless Service is passthrough, which gateways cannot use (EDS for them).
  const typed = [...kubernetes.map((service) => ({service, type: service.headless && proxy.type !== 'router' ? 'ORIGINAL_DST' as const : 'EDS' as const})), ...entries];
  for (const {service, type} of typed) {
    const rules = destinationRulesFor(destinationRules, service.hostname, proxy.pod.namespace, service.namespace, rootNamespace);
    if (rules.length > 1) throw new ModelGap(`${rules.length} DestinationRules merge for ${service.hostname}: which one the clusters name is not modelled here`);
    const rule = rules[0];
    const subsets = rule ? asArray(asObject(rule.value.spec)?.subsets).map(asObject).filter((s) => s !== undefined) : [];
    // A PASSTHROUGH load balancer turns a cluster ORIGINAL_DST (cluster_builder.go buildSubsetCluster, applyLoadBalancer).
    const policies = [asObject(rule?.value.spec)?.trafficPolicy, ...subsets.map((subset) => subset.trafficPolicy)].map(asObject);
    if (policies.some((policy) => asObject(policy?.loadBalancer)?.simple === 'PASSTHROUGH' || asArray(policy?.portLevelSettings).some((port) => asObject(asObject(port)?.loadBalancer)?.simple === 'PASSTHROUGH'))) {
      throw new ModelGap(`DestinationRule ${rule!.namespace}/${rule!.name} asks for a PASSTHROUGH load balancer, whose cluster types are not modelled here`);
    }
    for (const servicePort of service.ports) {
      if (servicePort.handling === 'udp') continue;
      const port = servicePort.port;
      const cluster = (subset: string, labels: Record<string, string>): EnvoyCluster => ({
        name: `outbound|${port}|${subset}|${service.hostname}`, direction: 'outbound', port, subset, host: service.hostname, type,
        destinationRule: rule ? `${rule.name}.${rule.namespace}` : '', rule, service, servicePort, subsetLabels: labels,
      });
      clusters.push(cluster('', {}));
      for (const subset of subsets) {
        const built = cluster(asString(subset.name) ?? '', stringMap(subset.labels));
        // buildCluster returns nil for a DNS cluster without endpoints: a subset no endpoint's labels hold is not pushed.
        if ((type === 'STRICT_DNS' || type === 'LOGICAL_DNS') && !dnsSubsetHasEndpoints(built, model)) continue;
        clusters.push(built);
      }
    }
  }
  return clusters;
}

/** The target ports the proxy receives on, from the Services selecting its pod, each with the first such Service port. */
export function inboundPorts(proxy: Proxy, model: StateModel): {targetPort: number; service: MeshService; servicePort: MeshPort}[] {
  const ports = new Map<number, {targetPort: number; service: MeshService; servicePort: MeshPort}>();
  for (const service of sidecarServices(model, proxy.pod.namespace).filter((s) => selects(s, proxy.pod))) {
    for (const servicePort of service.ports) {
      if (servicePort.handling === 'udp') throw new ModelGap(`Service ${service.namespace}/${service.object.name} has a UDP port, whose inbound handling is not modelled here`);
      const target = targetPort(proxy.pod, servicePort);
      if (target === undefined) throw new ModelGap(`the model does not give the port Service ${service.namespace}/${service.object.name} targets on pod ${proxy.pod.name}`);
      if (!ports.has(target)) ports.set(target, {targetPort: target, service, servicePort});
    }
  }
  return [...ports.values()];
}

/** The mesh config the build read from ConfigMap istio-system/istio (StateModel.meshConfig), or a gap. */
export function meshConfig(model: StateModel): unknown {
  if (model.meshConfig === undefined) throw new ModelGap('the model holds no mesh config (ConfigMap istio-system/istio), which decides the bootstrap\'s tracing cluster, the inbound policy and where unknown traffic goes');
  return model.meshConfig;
}

/**
 * buildOutboundSniDnatClusters, for a gateway with an AUTO_PASSTHROUGH server: the outbound clusters
 * of mesh-internal services again, named `outbound_.PORT_.SUBSET_.HOST` (BuildDNSSrvSubsetKey). Their
 * names hold no `|`, so istioctl lists them whole (safelyParseSubsetKey).
 */
function sniDnatClusters(outbound: EnvoyCluster[]): EnvoyCluster[] {
  return outbound
    .filter((c) => !(c.service?.object.kind === 'ServiceEntry' && asObject(c.service.object.value.spec)?.location !== 'MESH_INTERNAL'))
    .map((c) => {
      const name = `outbound_.${c.port}_.${c.subset}_.${c.host}`;
      return {...c, name, direction: '', port: 0, subset: '', host: name, service: undefined, servicePort: undefined};
    });
}

/** Every cluster of the proxy (a sidecar or a gateway): dynamic ones as istiod builds them, then the bootstrap's static ones. */
export function sidecarClusters(proxy: Proxy, model: StateModel): EnvoyCluster[] {
  const mesh = meshConfig(model);
  const inboundMode = field(mesh, 'inboundTrafficPolicy', 'mode');
  if (inboundMode !== undefined && inboundMode !== 'PASSTHROUGH') throw new ModelGap(`inboundTrafficPolicy mode ${String(inboundMode)} binds inbound clusters to localhost, which is not modelled here`);
  const tracing = field(mesh, 'defaultConfig', 'tracing');
  if (tracing !== undefined && field(tracing, 'zipkin') === undefined) throw new ModelGap('the mesh config names a tracer other than Zipkin, whose bootstrap clusters are not modelled here');
  const named = (name: string, type: EnvoyCluster['type']): EnvoyCluster => ({name, direction: '', port: 0, subset: '', host: name, type, destinationRule: '', subsetLabels: {}});
  const bootstrap = [
    named('prometheus_stats', 'STATIC'), named('agent', 'STATIC'), named('sds-grpc', 'STATIC'), named('xds-grpc', 'STATIC'),
    ...(tracing === undefined ? [] : [named('zipkin', 'STRICT_DNS')]),
  ];
  // Gateways: no passthrough cluster (no original-destination listeners) and no inbound ones (cluster.go buildClusters).
  if (proxy.type === 'router') {
    const outbound = outboundClusters(proxy, model);
    return [...outbound, ...(mergeGateways(proxy, model).autoPassthrough ? sniDnatClusters(outbound) : []), named('BlackHoleCluster', 'STATIC'), ...bootstrap];
  }
  const inbound = inboundPorts(proxy, model).map(({targetPort: port, service, servicePort}): EnvoyCluster => ({
    name: `inbound|${port}||`, direction: 'inbound', port, subset: '', host: '', type: 'ORIGINAL_DST', destinationRule: '', service, servicePort, subsetLabels: {},
  }));
  return [
    ...outboundClusters(proxy, model),
    named('BlackHoleCluster', 'STATIC'), named('PassthroughCluster', 'ORIGINAL_DST'),
    ...inbound, named('InboundPassthroughCluster', 'ORIGINAL_DST'),
    ...bootstrap,
  ];
}
