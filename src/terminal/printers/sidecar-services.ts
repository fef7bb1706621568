/**
 * The Services a sidecar sees, as istiod 1.30.3's Kubernetes registry converts them: each Service of
 * the model exported to the proxy's namespace (annotation networking.istio.io/exportTo), its
 * hostname NAME.NAMESPACE.svc.cluster.local, its cluster IPs and its ports with the protocol
 * pkg/config/kube/conversion.go ConvertProtocol gives them (appProtocol, else the port name's prefix
 * before '-' as pkg/config/protocol Parse reads it; an unknown one is sniffed, except on the well-known
 * ports 25, 53, 3306 and 27017, which are TCP; UDP ports are UDP). Shared by the proxy-config printers.
 */
import {convertProtocol, protocolHandling, UNSUPPORTED_PROTOCOL, type PortHandling} from '../../engine/model/istio-protocol';
import {field, heldKey, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';

export {convertProtocol, UNSUPPORTED_PROTOCOL, type PortHandling};

export const CLUSTER_DOMAIN = 'svc.cluster.local';

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

/** ConvertProtocol, reduced to how the listeners treat the protocol. */
export function portHandling(servicePort: unknown): PortHandling {
  return protocolHandling(convertProtocol(servicePort));
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
