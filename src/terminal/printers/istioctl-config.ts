/**
 * `istioctl proxy-config cluster|endpoint POD` as istioctl 1.30.3 prints their summaries, over the
 * outbound clusters istiod builds for a sidecar from the state's Services and DestinationRules:
 * - cluster: istioctl/pkg/writer/envoy/configdump/cluster.go PrintClusterSummary (columns SERVICE
 *   FQDN, PORT, SUBSET, DIRECTION, TYPE, DESTINATION RULE; an empty subset shown `-`; sorted by
 *   host, then subset, port and direction as strings, retrieveSortedClusterSlice; ClusterFilter.Verify's
 *   substring filters) and route.go describeManagement (the rule as `name.namespace`);
 * - endpoint: istioctl/pkg/writer/envoy/clusters/clusters.go PrintEndpointsSummary (ENDPOINT,
 *   STATUS, OUTLIER CHECK, CLUSTER; sorted by address, port, cluster; `--cluster` compared
 *   without case).
 * Both through a tabwriter with padding 5. What istiod pushes: for every Service port a cluster
 * `outbound|PORT||FQDN`, and one per subset of the DestinationRule the proxy's namespace applies
 * to the host (src/simulator/destination-rule-lookup.ts, as the simulator looks it up), EDS for a Service with a cluster
 * IP, ORIGINAL_DST for a headless one (pilot/pkg/networking/core/cluster_builder.go); a cluster's
 * endpoints are the ready pods its Service and subset select, at the target port.
 *
 * The listing is only printed when the filter confines it to Services of namespaces the model
 * holds: the bootstrap's static clusters, the inbound clusters and kube-system's Services are not
 * in the model, so an unfiltered listing is a gap rather than a short one.
 */
import {destinationRulesFor} from '../../simulator/destination-rule-lookup';
import {asArray, asObject, asString} from '../../engine/istio/access';
import {field, heldKey, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {commandWords, proxies, readFlags, type Proxy} from './istioctl-proxies';
import {tabwrite} from './tabwriter';

const CLUSTER_DOMAIN = 'svc.cluster.local';
/** meshConfig.rootNamespace's default: the istio namespace. */
const ROOT_NAMESPACE = 'istio-system';

export type ProxyConfigRequest =
  | {section: 'cluster'; pod: string; namespace: string; fqdn: string; port: number; subset: string; direction: string}
  | {section: 'endpoint'; pod: string; namespace: string; cluster: string};

const SECTIONS: Readonly<Record<string, 'cluster' | 'endpoint'>> = {cluster: 'cluster', clusters: 'cluster', c: 'cluster', endpoint: 'endpoint', endpoints: 'endpoint', ep: 'endpoint'};

/**
 * `istioctl proxy-config|pc cluster|endpoint POD[.NS]` with the summary's filters, or undefined
 * for anything else (other sections, -o json|yaml, --file, a typed resource such as deploy/x).
 */
export function parseProxyConfig(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): ProxyConfigRequest | undefined {
  const words = commandWords(line, placeholders);
  if (!words || words[0] !== 'istioctl' || !['proxy-config', 'pc'].includes(words[1] ?? '')) return undefined;
  const section = SECTIONS[words[2] ?? ''];
  if (!section) return undefined;
  const filters = section === 'cluster' ? ['--fqdn', '--port', '--subset', '--direction'] : ['--cluster'];
  const known: Record<string, 'value'> = Object.fromEntries([...filters, '-n', '--namespace'].map((flag) => [flag, 'value']));
  const read = readFlags(words.slice(3), known);
  if (!read || read.positional.length !== 1) return undefined;
  let target = read.positional[0]!;
  if (target.startsWith('pod/')) target = target.slice('pod/'.length);
  if (target.includes('/')) return undefined;
  // handlers.InferPodInfo: NAME.NAMESPACE, else the -n namespace, else the context's.
  const dot = target.lastIndexOf('.');
  const namespace = dot > 0 ? target.slice(dot + 1) : read.flags['-n'] ?? read.flags['--namespace'] ?? contextNamespace;
  const pod = dot > 0 ? target.slice(0, dot) : target;
  if (section === 'endpoint') return {section, pod, namespace, cluster: read.flags['--cluster'] ?? ''};
  const port = read.flags['--port'] === undefined ? 0 : Number(read.flags['--port']);
  if (!Number.isInteger(port) || port < 0) return undefined;
  return {section, pod, namespace, fqdn: read.flags['--fqdn'] ?? '', port, subset: read.flags['--subset'] ?? '', direction: read.flags['--direction'] ?? ''};
}

interface EnvoyCluster {
  name: string;
  direction: string;
  port: number;
  subset: string;
  host: string;
  type: 'EDS' | 'ORIGINAL_DST';
  destinationRule: string;
  service: ModelObject;
  servicePort: unknown;
  subsetLabels: Record<string, string>;
}

/** The Service's networking.istio.io/exportTo annotation admits the client namespace (default: every namespace). */
function exportedTo(service: ModelObject, namespace: string): boolean {
  const annotation = stringMap(field(service.value, 'metadata', 'annotations'))['networking.istio.io/exportTo'];
  if (annotation === undefined) return true;
  return annotation.split(',').map((s) => s.trim()).some((to) => to === '*' || to === namespace || (to === '.' && service.namespace === namespace));
}

function theProxy(request: ProxyConfigRequest, model: StateModel): Proxy {
  const proxy = proxies(model).find((p) => p.pod.name === request.pod && p.pod.namespace === request.namespace);
  if (!proxy) throw new ModelGap(`pod ${request.namespace}/${request.pod} is not a running proxy of the model: istioctl's error for it is not reproduced here`);
  if (proxy.type !== 'sidecar') throw new ModelGap(`pod ${request.namespace}/${request.pod} is a gateway: its clusters follow its Gateways, which are not modelled here`);
  for (const kind of ['Sidecar', 'ServiceEntry', 'WorkloadEntry']) {
    if (model.objects.some((o) => o.group === 'networking.istio.io' && o.kind === kind)) throw new ModelGap(`the model holds a ${kind}, whose clusters are not modelled here`);
  }
  return proxy;
}

/** The outbound clusters istiod pushes to the sidecar, one per Service port and per subset. */
function outboundClusters(proxy: Proxy, model: StateModel): EnvoyCluster[] {
  const destinationRules = model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'DestinationRule');
  if (destinationRules.some((dr) => asObject(asObject(dr.value.spec)?.workloadSelector))) throw new ModelGap('a DestinationRule with a workloadSelector applies per proxy, which is not modelled here');
  const clusters: EnvoyCluster[] = [];
  for (const service of model.objects.filter((o) => o.group === '' && o.kind === 'Service')) {
    if (!exportedTo(service, proxy.pod.namespace)) continue;
    const spec = field(service.value, 'spec');
    if (field(spec, 'type') === 'ExternalName') throw new ModelGap(`Service ${service.namespace}/${service.name} is an ExternalName Service, whose clusters are not modelled here`);
    const host = `${service.name}.${service.namespace}.${CLUSTER_DOMAIN}`;
    const type = field(spec, 'clusterIP') === 'None' ? 'ORIGINAL_DST' : 'EDS';
    const rules = destinationRulesFor(destinationRules, host, proxy.pod.namespace, service.namespace, ROOT_NAMESPACE);
    if (rules.length > 1) throw new ModelGap(`${rules.length} DestinationRules merge for ${host}: which one the clusters name is not modelled here`);
    const rule = rules[0];
    const subsets = rule ? asArray(asObject(rule.value.spec)?.subsets).map(asObject).filter((s) => s !== undefined) : [];
    for (const servicePort of list(field(spec, 'ports'))) {
      const port = Number(field(servicePort, 'port'));
      const cluster = (subset: string, labels: Record<string, string>): EnvoyCluster => ({
        name: `outbound|${port}|${subset}|${host}`, direction: 'outbound', port, subset, host, type,
        destinationRule: rule ? `${rule.name}.${rule.namespace}` : '', service, servicePort, subsetLabels: labels,
      });
      clusters.push(cluster('', {}));
      for (const subset of subsets) clusters.push(cluster(asString(subset.name) ?? '', stringMap(subset.labels)));
    }
  }
  return clusters;
}

const goCompare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** A filter text that can only name clusters of a Service the model holds: `NAME.NS.svc.cluster.local`, NS held. */
function confinedToHeldServices(text: string, model: StateModel): boolean {
  const match = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/.exec(text);
  return match !== null && (model.held === undefined || model.held.includes(heldKey('', 'Service', match[2]!)));
}

export function printProxyConfig(request: ProxyConfigRequest, model: StateModel): string {
  const proxy = theProxy(request, model);
  const clusters = outboundClusters(proxy, model);
  if (request.section === 'cluster') return printClusters(request, clusters, model);
  return printEndpoints(request.cluster, clusters, model);
}

function printClusters(request: Extract<ProxyConfigRequest, {section: 'cluster'}>, clusters: EnvoyCluster[], model: StateModel): string {
  if (!confinedToHeldServices(request.fqdn, model)) {
    throw new ModelGap('only a --fqdn NAME.NAMESPACE.svc.cluster.local of a namespace whose Services the model holds is printed: the bootstrap\'s static clusters, the inbound clusters and other namespaces\' Services are not in the model');
  }
  // ClusterFilter.Verify: substrings of the cluster's name.
  const kept = clusters.filter((c) => c.name.includes(request.fqdn)
    && (request.direction === '' || c.name.includes(request.direction))
    && (request.subset === '' || c.name.includes(request.subset))
    && (request.port === 0 || c.name.includes(`|${request.port}|`)));
  kept.sort((a, b) => goCompare(a.host, b.host) || goCompare(a.subset, b.subset) || goCompare(a.port, b.port) || goCompare(a.direction, b.direction));
  const rows = kept.map((c) => [c.host, c.port, c.subset === '' ? '-' : c.subset, c.direction, c.type, c.destinationRule].join('\t'));
  return tabwrite(`SERVICE FQDN\tPORT\tSUBSET\tDIRECTION\tTYPE\tDESTINATION RULE\n${rows.map((row) => `${row}\n`).join('')}`, 0, 5);
}

const ready = (pod: ModelObject): boolean => field(pod.value, 'status', 'phase') === 'Running'
  && list(field(pod.value, 'status', 'conditions')).some((c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True');

/** The pod's port for a Service port's targetPort: a number, a container port's name, or the port itself. */
function targetPort(pod: ModelObject, servicePort: unknown): number | undefined {
  const target = field(servicePort, 'targetPort');
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return Number(field(servicePort, 'port'));
  const containers = [...list(field(pod.value, 'spec', 'containers')), ...list(field(pod.value, 'spec', 'initContainers'))];
  const port = containers.flatMap((c) => list(field(c, 'ports'))).find((p) => field(p, 'name') === target);
  const number = field(port, 'containerPort');
  return typeof number === 'number' ? number : undefined;
}

function printEndpoints(clusterName: string, clusters: EnvoyCluster[], model: StateModel): string {
  const cluster = clusters.find((c) => c.name.toLowerCase() === clusterName.toLowerCase());
  const parsed = /^outbound\|\d+\|[^|]*\|(.+)$/.exec(clusterName);
  if (!parsed || !confinedToHeldServices(parsed[1]!, model)) {
    throw new ModelGap('only --cluster outbound|PORT|SUBSET|NAME.NAMESPACE.svc.cluster.local of a namespace whose Services the model holds is printed: other clusters\' endpoints are not in the model');
  }
  const rows: {address: string; port: number; cluster: string}[] = [];
  if (cluster) {
    if (cluster.type !== 'EDS') throw new ModelGap(`${cluster.name} is an ${cluster.type} cluster, whose hosts Envoy learns from connections, not from the model`);
    if (model.held !== undefined && !model.held.includes(heldKey('', 'Pod', cluster.service.namespace))) throw new ModelGap(`the model holds no pods of namespace ${cluster.service.namespace}`);
    const selector = field(cluster.service.value, 'spec', 'selector');
    if (selector === undefined) throw new ModelGap(`Service ${cluster.service.namespace}/${cluster.service.name} has no selector: its hand-made endpoints are not in the model`);
    const wanted = {...stringMap(selector), ...cluster.subsetLabels};
    for (const pod of model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && o.namespace === cluster.service.namespace && ready(o))) {
      const labels = stringMap(field(pod.value, 'metadata', 'labels'));
      if (!Object.entries(wanted).every(([key, value]) => labels[key] === value)) continue;
      const address = field(pod.value, 'status', 'podIP');
      const port = targetPort(pod, cluster.servicePort);
      if (typeof address !== 'string' || port === undefined) throw new ModelGap(`the model does not give pod ${pod.namespace}/${pod.name}'s IP or the port its Service targets`);
      rows.push({address, port, cluster: cluster.name});
    }
  }
  rows.sort((a, b) => goCompare(a.address, b.address) || goCompare(a.port, b.port) || goCompare(a.cluster, b.cluster));
  const lines = rows.map((row) => `${row.address}:${row.port}\tHEALTHY\tOK\t${row.cluster}\n`);
  return tabwrite(`ENDPOINT\tSTATUS\tOUTLIER CHECK\tCLUSTER\n${lines.join('')}`, 0, 5);
}
