/**
 * `istioctl proxy-config cluster|endpoint|eds|route|listener POD` as istioctl 1.30.3 prints their
 * summaries, over the configuration istiod builds for a sidecar from the state's model:
 * - cluster: istioctl/pkg/writer/envoy/configdump/cluster.go PrintClusterSummary (columns SERVICE
 *   FQDN, PORT, SUBSET, DIRECTION, TYPE, DESTINATION RULE; an empty subset shown `-`, a name that is
 *   not a subset key shown whole with `-` for port, subset and direction; sorted by host, then subset,
 *   port and direction, retrieveSortedClusterSlice; ClusterFilter.Verify's substring filters) and
 *   route.go describeManagement (the rule as `name.namespace`), over ./sidecar-clusters.ts; with
 *   `-o json|yaml`, PrintClusterDump: the same clusters as Envoy's JSON (./cluster-json.ts), or
 *   that JSON through sigs.k8s.io/yaml JSONToYAML, printed with Fprintln;
 * - endpoint: istioctl/pkg/writer/envoy/clusters/clusters.go PrintEndpointsSummary (ENDPOINT,
 *   STATUS, OUTLIER CHECK, CLUSTER; sorted by address, port, cluster; `--cluster` compared
 *   without case); a cluster's endpoints are the ready pods its Service and subset select, at the
 *   target port;
 * - eds (hidden): configdump/endpoint.go PrintEndpointsSummary for one `--cluster`, with each endpoint's locality;
 * - route and listener: ./istioctl-route.ts, ./istioctl-listener.ts; secret: ./istioctl-secret.ts.
 * Clusters and endpoints through a tabwriter with padding 5.
 *
 * A listing is printed only when the model holds every Service it could name: with a filter
 * `--fqdn NAME.NS.svc.cluster.local`, the Services of NS; otherwise the Services of every namespace
 * (./sidecar-services.ts allServicesHeld), else it would be short rather than true.
 */
import {field, heldKey, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {serviceEntryEndpoints} from './service-entry-endpoints';
import {commandWords, findProxy, readFlags, type Proxy} from './istioctl-proxies';
import {inferNsInfo} from './istioctl-pod-argument';
import {tabwrite} from './tabwriter';
import {localityString, podLocalityLabel} from './pod-locality';
import {checkProxy, outboundClusters, sidecarClusters, type EnvoyCluster} from './sidecar-clusters';
import {allServicesHeld, targetPort} from './sidecar-services';
import {parseRoute, printRoutes, type RouteRequest} from './istioctl-route';
import {parseListener, printListeners, type ListenerRequest} from './istioctl-listener';
import {clusterJson} from './cluster-json';
import {printJson} from './route-json';
import {jsonToYaml} from './output';
import {printSecrets, type SecretRequest} from './istioctl-secret';

export type ProxyConfigRequest =
  | {section: 'cluster'; pod: string; namespace: string; fqdn: string; port: number; subset: string; direction: string; output: 'short' | 'json' | 'yaml'}
  | {section: 'endpoint' | 'eds'; pod: string; namespace: string; cluster: string}
  | RouteRequest
  | ListenerRequest
  | SecretRequest;

const SECTIONS: Readonly<Record<string, ProxyConfigLine['section']>> = {
  cluster: 'cluster', clusters: 'cluster', c: 'cluster', endpoint: 'endpoint', endpoints: 'endpoint', ep: 'endpoint',
  route: 'route', routes: 'route', r: 'route', listener: 'listener', listeners: 'listener', l: 'listener',
  secret: 'secret', secrets: 'secret', s: 'secret', eds: 'eds',
};

/** The words of an `istioctl proxy-config|pc SECTION POD[.NS] [flags]` line: its section, pod, namespace and flag values. */
export interface ProxyConfigLine {
  section: 'cluster' | 'endpoint' | 'eds' | 'route' | 'listener' | 'secret';
  pod: string;
  namespace: string;
  flags: Record<string, string>;
}

const SECTION_FLAGS: Readonly<Record<ProxyConfigLine['section'], Record<string, 'value' | 'switch'>>> = {
  cluster: {'--fqdn': 'value', '--port': 'value', '--subset': 'value', '--direction': 'value', '-o': 'value', '--output': 'value'},
  endpoint: {'--cluster': 'value'},
  eds: {'--cluster': 'value'},
  route: {'--name': 'value', '--verbose': 'switch', '-o': 'value', '--output': 'value'},
  listener: {'--port': 'value', '--address': 'value', '--type': 'value', '--verbose': 'switch', '-o': 'value', '--output': 'value'},
  secret: {'-o': 'value', '--output': 'value'},
};

/**
 * An `istioctl proxy-config|pc` line of the sections printed here, with the summary's filters, or
 * undefined for anything else (other sections, an endpoint's -o, --file, a typed resource such as deploy/x).
 */
export function readProxyConfigLine(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>>): ProxyConfigLine | undefined {
  const words = commandWords(line, placeholders);
  if (!words || words[0] !== 'istioctl' || !['proxy-config', 'pc'].includes(words[1] ?? '')) return undefined;
  const section = SECTIONS[words[2] ?? ''];
  if (!section) return undefined;
  const read = readFlags(words.slice(3), {...SECTION_FLAGS[section], '-n': 'value', '--namespace': 'value'});
  if (!read || read.positional.length !== 1) return undefined;
  // InferPodInfoFromTypedResource: NAME.NAMESPACE, else the -n namespace, else the context's.
  const target = inferNsInfo(read.positional[0]!, read.flags['-n'] ?? read.flags['--namespace'] ?? contextNamespace);
  const pod = target.name.startsWith('pod/') ? target.name.slice('pod/'.length) : target.name;
  if (pod.includes('/')) return undefined;
  return {section, pod, namespace: target.namespace, flags: read.flags};
}

/** A port flag's value: a non-negative integer (cobra's IntVar), else undefined. */
export function portFlag(value: string | undefined): number | undefined {
  if (value === undefined) return 0;
  const port = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(port) ? port : undefined;
}

export function parseProxyConfig(line: string, contextNamespace: string, placeholders: Readonly<Record<string, string>> = {}): ProxyConfigRequest | undefined {
  const read = readProxyConfigLine(line, contextNamespace, placeholders);
  if (!read) return undefined;
  const {section, pod, namespace, flags} = read;
  if (section === 'route') return parseRoute(read);
  if (section === 'listener') return parseListener(read);
  if (section === 'endpoint' || section === 'eds') return {section, pod, namespace, cluster: flags['--cluster'] ?? ''};
  const output = flags['-o'] ?? flags['--output'] ?? 'short';
  if (section === 'secret') return output === 'short' || output === 'json' || output === 'yaml' ? {section, pod, namespace, output} : undefined;
  const port = portFlag(flags['--port']);
  if (port === undefined || (output !== 'short' && output !== 'json' && output !== 'yaml')) return undefined;
  return {section, pod, namespace, fqdn: flags['--fqdn'] ?? '', port, subset: flags['--subset'] ?? '', direction: flags['--direction'] ?? '', output};
}

/** The proxy (sidecar or gateway) a request names, or a gap (not a proxy of the model, a kind of config not followed). */
export function theProxy(request: {pod: string; namespace: string}, model: StateModel): Proxy {
  const proxy = findProxy(request.pod, request.namespace, model);
  checkProxy(proxy, model);
  return proxy;
}

const goCompare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** A filter text that can only name clusters of a Service the model holds: `NAME.NS.svc.cluster.local`, NS held. */
function confinedToHeldServices(text: string, model: StateModel): boolean {
  const match = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/.exec(text);
  return match !== null && (model.held === undefined || model.held.includes(heldKey('', 'Service', match[2]!)));
}

export function printProxyConfig(request: ProxyConfigRequest, model: StateModel): string {
  if (request.section === 'secret') return printSecrets(request, model);
  const proxy = theProxy(request, model);
  if (request.section === 'route') return printRoutes(request, proxy, model);
  if (request.section === 'listener') return printListeners(request, proxy, model);
  if (request.section === 'cluster') return printClusters(request, proxy, model);
  if (request.section === 'eds') return printEds(request.cluster, outboundClusters(proxy, model), model);
  return printEndpoints(request.cluster, outboundClusters(proxy, model), model);
}

function printClusters(request: Extract<ProxyConfigRequest, {section: 'cluster'}>, proxy: Proxy, model: StateModel): string {
  let clusters: EnvoyCluster[];
  if (confinedToHeldServices(request.fqdn, model)) clusters = outboundClusters(proxy, model);
  else {
    allServicesHeld(model, 'the whole cluster listing');
    clusters = sidecarClusters(proxy, model);
  }
  // ClusterFilter.Verify: substrings of the cluster's name.
  const kept = clusters.filter((c) => c.name.includes(request.fqdn)
    && (request.direction === '' || c.name.includes(request.direction))
    && (request.subset === '' || c.name.includes(request.subset))
    && (request.port === 0 || c.name.includes(`|${request.port}|`)));
  // retrieveSortedClusterSlice: safelyParseSubsetKey's host, subset, port, direction (names without a key: the name, '', 0, '').
  kept.sort((a, b) => goCompare(a.host, b.host) || goCompare(a.subset, b.subset) || goCompare(a.port, b.port) || goCompare(a.direction, b.direction));
  if (request.output !== 'short') {
    // PrintClusterDump: the same clusters as Envoy's JSON, or that JSON through sigs.k8s.io/yaml, printed with Fprintln.
    const dump = kept.map((c) => clusterJson(c, proxy, model));
    return request.output === 'yaml' ? `${jsonToYaml(dump)}\n` : printJson(dump);
  }
  const rows = kept.map((c) => (c.direction === ''
    ? [c.name, '-', '-', '-', c.type, c.destinationRule]
    : [c.host, c.port, c.subset === '' ? '-' : c.subset, c.direction, c.type, c.destinationRule]).join('\t'));
  return tabwrite(`SERVICE FQDN\tPORT\tSUBSET\tDIRECTION\tTYPE\tDESTINATION RULE\n${rows.map((row) => `${row}\n`).join('')}`, 0, 5);
}

const ready = (pod: ModelObject): boolean => field(pod.value, 'status', 'phase') === 'Running'
  && list(field(pod.value, 'status', 'conditions')).some((c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True');

function printEndpoints(clusterName: string, clusters: EnvoyCluster[], model: StateModel): string {
  const cluster = clusters.find((c) => c.name.toLowerCase() === clusterName.toLowerCase());
  if (cluster?.service?.object.kind === 'ServiceEntry') return endpointTable(serviceEntryEndpoints(cluster, model));
  return endpointTable(serviceEndpoints(clusterName, cluster, model));
}

/** A Kubernetes Service cluster's endpoints: the ready pods its Service and subset select, at the port the Service targets. */
function serviceEndpoints(clusterName: string, cluster: EnvoyCluster | undefined, model: StateModel): {address: string; port: number; cluster: string; pod: ModelObject}[] {
  const parsed = /^outbound\|\d+\|[^|]*\|(.+)$/.exec(clusterName);
  if (!parsed || !confinedToHeldServices(parsed[1]!, model)) {
    throw new ModelGap('only --cluster outbound|PORT|SUBSET|NAME.NAMESPACE.svc.cluster.local of a namespace whose Services the model holds is printed: other clusters\' endpoints are not in the model');
  }
  const rows: {address: string; port: number; cluster: string; pod: ModelObject}[] = [];
  if (cluster?.service && cluster.servicePort) {
    const service = cluster.service;
    if (cluster.type !== 'EDS') throw new ModelGap(`${cluster.name} is an ${cluster.type} cluster, whose hosts Envoy learns from connections, not from the model`);
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
      rows.push({address, port, cluster: cluster.name, pod});
    }
  }
  return rows;
}

/**
 * configdump/endpoint.go PrintEndpointsSummary (the hidden `proxy-config eds`, from the config dump's EDS): NAME, STATUS,
 * LOCALITY (util.LocalityToString), CLUSTER, in the ClusterLoadAssignment's order: endpoint_builder.go generate groups
 * the endpoints by locality label (./pod-locality.ts), the groups sorted by it; within a group the registry's order,
 * which the model does not hold (several endpoints in one locality are a gap).
 */
function printEds(clusterName: string, clusters: EnvoyCluster[], model: StateModel): string {
  if (clusterName === '') throw new ModelGap('only `proxy-config eds POD --cluster NAME` is printed: the order of every cluster\'s endpoints is the registry\'s, not in the model');
  const cluster = clusters.find((c) => c.name.toLowerCase() === clusterName.toLowerCase());
  if (cluster?.service?.object.kind === 'ServiceEntry') throw new ModelGap(`${cluster.name} is a ServiceEntry's cluster, whose endpoints' localities are not modelled here`);
  const groups = new Map<string, {address: string; port: number; cluster: string}[]>();
  for (const row of serviceEndpoints(clusterName, cluster, model)) {
    const label = podLocalityLabel(row.pod, model);
    groups.set(label, [...(groups.get(label) ?? []), row]);
  }
  const lines = [...groups.keys()].sort(goCompare).flatMap((label) => {
    const rows = groups.get(label)!;
    if (rows.length > 1) throw new ModelGap(`${rows.length} endpoints of ${rows[0]!.cluster} share locality "${label}": their order is the registry's, not in the model`);
    return rows.map((row) => `${row.address}:${row.port}\tHEALTHY\t${localityString(label)}\t${row.cluster}\n`);
  });
  return tabwrite(`NAME\tSTATUS\tLOCALITY\tCLUSTER\n${lines.join('')}`, 0, 5);
}

/** PrintEndpointsSummary's table, sorted by address, port, cluster. */
function endpointTable(rows: {address: string; port: number; cluster: string}[]): string {
  rows.sort((a, b) => goCompare(a.address, b.address) || goCompare(a.port, b.port) || goCompare(a.cluster, b.cluster));
  const lines = rows.map((row) => `${row.address}:${row.port}\tHEALTHY\tOK\t${row.cluster}\n`);
  return tabwrite(`ENDPOINT\tSTATUS\tOUTLIER CHECK\tCLUSTER\n${lines.join('')}`, 0, 5);
}
