/**
 * `istioctl proxy-status` as istioctl 1.30.3 prints it (istioctl/pkg/writer/pilot/status.go,
 * XdsStatusWriter.PrintAll with the table format): a tabwriter with padding 5, the columns NAME,
 * CLUSTER, ISTIOD, VERSION, SUBSCRIBED TYPES, one row per connected proxy sorted by proxy ID
 * (setupStatusPrint), its subscribed types counted and listed in the core order CDS, LDS, EDS, RDS
 * (xdsStatusPrintlnSubscribedTypes). `-n NS` keeps the proxies of one namespace.
 *
 * What each proxy subscribes to follows what istiod pushes it: every proxy watches clusters,
 * listeners and endpoints; routes (RDS) only when one of its listeners routes HTTP through a
 * route configuration: a sidecar when some Service has a port whose protocol is HTTP or is
 * sniffed (pilot/pkg/networking/core/listener.go builds an HTTP route for both), a gateway when
 * a Gateway selecting it has an HTTP, HTTP2, GRPC or terminated HTTPS server (gateway.go).
 */
import {field, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {commandWords, proxies, readFlags, theIstiod, type Proxy} from './istioctl-proxies';
import {tabwrite} from './tabwriter';
import {isHttpProtocol, isPassthrough} from './gateway-servers';
import {convertProtocol, protocolHandling} from '../../engine/model/istio-protocol';
import {labelsInclude} from '../../engine/model/labels';

/** cluster.ID's default for a single-cluster mesh (pkg/cluster: the istiod's CLUSTER_ID, "Kubernetes"). */
export const DEFAULT_CLUSTER_ID = 'Kubernetes';

export interface ProxyStatusRequest {
  namespace: string | undefined;
}

/** `istioctl proxy-status` / `ps` with `-n`, or undefined (a pod argument asks for a config diff, not ported). */
export function parseProxyStatus(line: string, placeholders: Readonly<Record<string, string>> = {}): ProxyStatusRequest | undefined {
  const words = commandWords(line, placeholders);
  if (!words || words[0] !== 'istioctl' || !['proxy-status', 'ps'].includes(words[1] ?? '')) return undefined;
  const read = readFlags(words.slice(2), {'-n': 'value', '--namespace': 'value'});
  if (!read || read.positional.length > 0) return undefined;
  return {namespace: read.flags['-n'] ?? read.flags['--namespace']};
}

/** A Service port whose outbound listener routes HTTP (RDS): ConvertProtocol gives the HTTP family, or a protocol Istio cannot name and sniffs. */
export function routesHttp(port: unknown): boolean {
  const handling = protocolHandling(convertProtocol(port));
  return handling === 'http' || handling === 'sniffed';
}

function gatewayRoutesHttp(proxy: Proxy, model: StateModel): boolean {
  const labels = stringMap(field(proxy.pod.value, 'metadata', 'labels'));
  return model.objects.some((o) => {
    if (o.group !== 'networking.istio.io' || o.kind !== 'Gateway') return false;
    if (!labelsInclude(labels, stringMap(field(o.value, 'spec', 'selector')))) return false;
    // gateway.IsHTTPServer: plain-text HTTP, or HTTPS that terminates TLS.
    return list(field(o.value, 'spec', 'servers')).some((server) => {
      const protocol = String(field(server, 'port', 'protocol') ?? '').toUpperCase();
      return isHttpProtocol(protocol) || (protocol === 'HTTPS' && !isPassthrough({tlsMode: field(server, 'tls', 'mode') as string | undefined}));
    });
  });
}

function subscribed(proxy: Proxy, model: StateModel): string[] {
  const services: ModelObject[] = model.objects.filter((o) => o.group === '' && o.kind === 'Service');
  const rds = proxy.type === 'router' ? gatewayRoutesHttp(proxy, model) : services.some((s) => list(field(s.value, 'spec', 'ports')).some(routesHttp));
  return ['CDS', 'LDS', 'EDS', ...(rds ? ['RDS'] : [])];
}

export function printProxyStatus(request: ProxyStatusRequest, model: StateModel): string {
  const istiod = theIstiod(model);
  if (!istiod) throw new ModelGap('no istiod runs in the model: istioctl\'s error for that is not reproduced here');
  const rows = proxies(model)
    .filter((proxy) => request.namespace === undefined || proxy.pod.namespace === request.namespace)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((proxy) => {
      const types = subscribed(proxy, model);
      return [proxy.id, DEFAULT_CLUSTER_ID, istiod.name, proxy.version, `${types.length} (${types.join(',')})`].join('\t');
    });
  return tabwrite(`${['NAME', 'CLUSTER', 'ISTIOD', 'VERSION', 'SUBSCRIBED TYPES'].join('\t')}\n${rows.map((row) => `${row}\n`).join('')}`, 0, 5);
}
