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
 * - endpoint and eds (hidden): ./istioctl-endpoints.ts;
 * - route and listener: ./istioctl-route.ts, ./istioctl-listener.ts; secret: ./istioctl-secret.ts.
 * Clusters and endpoints through a tabwriter with padding 5.
 *
 * A listing is printed only when the model holds every Service it could name: with a filter
 * `--fqdn NAME.NS.svc.cluster.local`, the Services of NS; otherwise the Services of every namespace
 * (./sidecar-services.ts allServicesHeld), else it would be short rather than true.
 */
import {type StateModel} from './model';
import {commandWords, findProxy, readFlags, type Proxy} from './istioctl-proxies';
import {inferNsInfo} from './istioctl-pod-argument';
import {tabwrite} from './tabwriter';
import {checkProxy, outboundClusters, sidecarClusters, type EnvoyCluster} from './sidecar-clusters';
import {allServicesHeld} from './sidecar-services';
import {confinedToHeldServices, printEndpointSection, type EndpointRequest} from './istioctl-endpoints';
import {parseRoute, printRoutes, type RouteRequest} from './istioctl-route';
import {parseListener, printListeners, type ListenerRequest} from './istioctl-listener';
import {clusterJson} from './cluster-json';
import {printJson} from './route-json';
import {jsonToYaml} from './output';
import {printSecrets, type SecretRequest} from './istioctl-secret';

export type ProxyConfigRequest =
  | {section: 'cluster'; pod: string; namespace: string; fqdn: string; port: number; subset: string; direction: string; output: 'short' | 'json' | 'yaml'}
  | EndpointRequest
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
  endpoint: {'--cluster': 'value', '--address': 'value', '--port': 'value', '--status': 'value', '-o': 'value', '--output': 'value'},
  eds: {'--cluster': 'value', '--address': 'value', '--port': 'value', '--status': 'value', '-o': 'value', '--output': 'value'},
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
  const output = flags['-o'] ?? flags['--output'] ?? 'short';
  if (section === 'endpoint' || section === 'eds') {
    const port = portFlag(flags['--port']);
    if (port === undefined || (output !== 'short' && output !== 'json' && output !== 'yaml')) return undefined;
    return {section, pod, namespace, cluster: flags['--cluster'] ?? '', address: flags['--address'] ?? '', port, status: flags['--status'] ?? '', output};
  }
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

export function printProxyConfig(request: ProxyConfigRequest, model: StateModel): string {
  if (request.section === 'secret') return printSecrets(request, model);
  const proxy = theProxy(request, model);
  if (request.section === 'route') return printRoutes(request, proxy, model);
  if (request.section === 'listener') return printListeners(request, proxy, model);
  if (request.section === 'cluster') return printClusters(request, proxy, model);
  return printEndpointSection(request, proxy, model);
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
