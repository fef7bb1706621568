/**
 * The Services a sidecar sees, as istiod 1.30.3's Kubernetes registry converts them: each Service of
 * the model exported to the proxy's namespace (annotation networking.istio.io/exportTo), its
 * hostname NAME.NAMESPACE.svc.cluster.local, its cluster IPs and its ports with the protocol
 * pkg/config/kube/conversion.go ConvertProtocol gives them (appProtocol, else the port name's prefix
 * before '-' as pkg/config/protocol Parse reads it; an unknown one is sniffed, except on the well-known
 * ports 25, 53, 3306 and 27017, which are TCP; UDP ports are UDP). Shared by the proxy-config printers.
 */
import {field, heldKey, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** How a port's traffic is handled: HTTP (http, http2, grpc, grpc-web), TCP (tcp, https, tls, mongo, redis, mysql), sniffed, or UDP (no listener, no cluster). */
export type PortHandling = 'http' | 'tcp' | 'sniffed' | 'udp';

export interface MeshPort {
  name: string;
  port: number;
  /** The Service port's targetPort: a number, a container port's name, or undefined (the port itself). */
  targetPort: unknown;
  handling: PortHandling;
  /** ConvertProtocol's protocol (HTTP, HTTP2, GRPC, TCP, …, UnsupportedProtocol when sniffed). */
  protocol: string;
}

export interface MeshService {
  object: ModelObject;
  hostname: string;
  namespace: string;
  /** spec.clusterIPs (else clusterIP); empty for a headless Service. */
  addresses: string[];
  headless: boolean;
  ports: MeshPort[];
}

/** protocol.Parse's names (pkg/config/protocol/instance.go). */
const PROTOCOLS: Readonly<Record<string, string>> = {tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY', http2: 'HTTP2', https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL'};
/** conversion.go wellKnownPorts: SMTP, DNS, MySQL, MongoDB default to TCP. */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);
/** protocol.Unsupported: a port whose protocol Istio sniffs. */
export const UNSUPPORTED_PROTOCOL = 'UnsupportedProtocol';
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-Web', 'HTTP_PROXY']);

/** pkg/config/kube ConvertProtocol: UDP, else the appProtocol (Kubernetes' standard names first) or port name's prefix. */
export function convertProtocol(port: unknown): string {
  if (String(field(port, 'protocol') ?? 'TCP') === 'UDP') return 'UDP';
  const appProtocol = field(port, 'appProtocol');
  let name = typeof appProtocol === 'string' ? appProtocol : String(field(port, 'name') ?? '');
  if (typeof appProtocol === 'string') {
    const standard: Record<string, string> = {'kubernetes.io/h2c': 'HTTP2', 'kubernetes.io/ws': 'HTTP', 'kubernetes.io/wss': 'HTTPS'};
    if (standard[name]) return standard[name]!;
  }
  if (name.slice(0, 'grpc-web'.length).toLowerCase() === 'grpc-web') return 'GRPC-Web';
  if (name.includes('-')) name = name.slice(0, name.indexOf('-'));
  const parsed = PROTOCOLS[name.toLowerCase()];
  if (parsed) return parsed;
  return WELL_KNOWN_PORTS.has(Number(field(port, 'port'))) ? 'TCP' : UNSUPPORTED_PROTOCOL;
}

/** ConvertProtocol, reduced to how the listeners treat the protocol. */
export function portHandling(servicePort: unknown): PortHandling {
  const protocol = convertProtocol(servicePort);
  if (protocol === 'UDP') return 'udp';
  if (protocol === UNSUPPORTED_PROTOCOL) return 'sniffed';
  return HTTP_PROTOCOLS.has(protocol) ? 'http' : 'tcp';
}

/** The Service's networking.istio.io/exportTo annotation admits the client namespace (default: every namespace). */
function exportedTo(service: ModelObject, namespace: string): boolean {
  const annotation = stringMap(field(service.value, 'metadata', 'annotations'))['networking.istio.io/exportTo'];
  if (annotation === undefined) return true;
  return annotation.split(',').map((s) => s.trim()).some((to) => to === '*' || to === namespace || (to === '.' && service.namespace === namespace));
}

/** The Services istiod gives a sidecar of `namespace`, sorted by hostname. An ExternalName Service is a gap. */
export function sidecarServices(model: StateModel, namespace: string): MeshService[] {
  const services: MeshService[] = [];
  for (const service of model.objects.filter((o) => o.group === '' && o.kind === 'Service')) {
    if (!exportedTo(service, namespace)) continue;
    const spec = field(service.value, 'spec');
    if (field(spec, 'type') === 'ExternalName') throw new ModelGap(`Service ${service.namespace}/${service.name} is an ExternalName Service, whose xDS configuration is not modelled here`);
    const headless = field(spec, 'clusterIP') === 'None';
    const ips = list(field(spec, 'clusterIPs')).filter((ip): ip is string => typeof ip === 'string');
    const clusterIP = field(spec, 'clusterIP');
    const addresses = headless ? [] : ips.length > 0 ? ips : typeof clusterIP === 'string' ? [clusterIP] : [];
    const ports = list(field(spec, 'ports')).map((port) => ({
      name: String(field(port, 'name') ?? ''), port: Number(field(port, 'port')), targetPort: field(port, 'targetPort'), handling: portHandling(port), protocol: convertProtocol(port),
    }));
    services.push({object: service, hostname: `${service.name}.${service.namespace}.${CLUSTER_DOMAIN}`, namespace: service.namespace, addresses, headless, ports});
  }
  return services.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
}

/** Whether the Service's selector picks the pod (same namespace, every selector label equal). */
export function selects(service: MeshService, pod: ModelObject): boolean {
  const selector = field(service.object.value, 'spec', 'selector');
  if (selector === undefined || service.namespace !== pod.namespace) return false;
  const labels = stringMap(field(pod.value, 'metadata', 'labels'));
  return Object.entries(stringMap(selector)).every(([key, value]) => labels[key] === value);
}

/** The pod's port for a Service port's targetPort: a number, a container port's name, or the port itself. */
export function targetPort(pod: ModelObject, servicePort: MeshPort): number | undefined {
  const target = servicePort.targetPort;
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return servicePort.port;
  if (/^\d+$/.test(target)) return Number(target);
  const containers = [...list(field(pod.value, 'spec', 'containers')), ...list(field(pod.value, 'spec', 'initContainers'))];
  const port = containers.flatMap((c) => list(field(c, 'ports'))).find((p) => field(p, 'name') === target);
  const number = field(port, 'containerPort');
  return typeof number === 'number' ? number : undefined;
}

/**
 * Refuses (a gap) unless the model holds the Services of every namespace of the cluster: its
 * Namespace objects, each with Services kept track of (model.held). A listing of every cluster,
 * route or listener would otherwise be short rather than true.
 */
export function allServicesHeld(model: StateModel, what: string): void {
  const namespaces = model.objects.filter((o) => o.group === '' && o.kind === 'Namespace').map((o) => o.name);
  if (namespaces.length === 0) throw new ModelGap(`the model holds no Namespaces, so it cannot tell whether it holds every Service ${what} names`);
  const missing = model.held === undefined ? [] : namespaces.filter((namespace) => !model.held!.includes(heldKey('', 'Service', namespace)));
  if (missing.length > 0) throw new ModelGap(`the model does not keep track of the Services of namespace ${missing.join(', ')}, which ${what} would name`);
}
