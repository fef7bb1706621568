/**
 * The services a 1.30.3 sidecar builds outbound listeners and routes for, with where each TCP or
 * sniffed port listens (pilot/pkg/networking/core/listener.go buildSidecarOutboundListeners and
 * buildSidecarOutboundListener):
 * - the Kubernetes Services of its scope (./sidecar-scope.ts), then the ServiceEntry hosts it sees
 *   (./service-entries.ts);
 * - a port with a cluster IP, or a ServiceEntry's one address, listens on that address
 *   (GetAddressForProxy); a ServiceEntry without addresses resolving by DNS or STATIC listens on
 *   0.0.0.0;
 * - a passthrough service (a headless Service, a ServiceEntry resolving NONE) without an address
 *   listens on each of its endpoints' addresses ("Support statefulsets/headless services"): a
 *   headless Service's Ready pods that its selector picks (not the proxy's own pod), a
 *   ServiceEntry's `endpoints`; a ServiceEntry with none and no workloadSelector on 0.0.0.0;
 * - HTTP ports all share 0.0.0.0:PORT, whatever the address;
 * - at a sidecar that captures DNS (nodeUsesAutoallocatedIPs: the node metadata's DNS_CAPTURE, its
 *   istio-proxy container's ISTIO_META_DNS_CAPTURE, which the injector writes from proxyMetadata), a
 *   ServiceEntry host without addresses listens on the address istiod's IP autoallocate controller
 *   gave it (240.240.0.0/16, recorded in the entry's status.addresses; ../../simulator/dns-capture.ts
 *   decides which hosts get one, as the simulator's listeners do). The agent's DNS proxy that answers
 *   with that address is pilot-agent's own server on localhost:15053 (pkg/dns/server, DNS_PROXY_ADDR),
 *   reached by istio-iptables' redirect of port 53: no Envoy listener, so nothing more to print.
 * What the model cannot tell is a gap: a pod that is selected but not Ready (istiod keeps unready
 * endpoints, which the model's pods do not list), a CIDR or several addresses, a ServiceEntry's
 * workloadSelector, a wildcard ServiceEntry host.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {field, list, ModelGap, type StateModel} from './model';
import {proxyContainer, type Proxy} from './istioctl-proxies';
import {selects, type MeshService} from './sidecar-services';
import {scopedServices} from './sidecar-scope';
import {serviceEntryServices} from './service-entries';
import {parseGoBool} from '../../engine/go/strconv-bool';
import {allocatedAddress, AUTO_ALLOCATE_IPV4_PREFIX} from '../../simulator/dns-capture';

export interface OutboundService extends MeshService {
  /** A ServiceEntry's service (provider External), not a Kubernetes Service. */
  external: boolean;
  /** Resolution Passthrough: a headless Service or a ServiceEntry resolving NONE. */
  passthrough: boolean;
}

export const WILDCARD = '0.0.0.0';
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The services in the order the sidecar's scope lists them: Kubernetes Services, then ServiceEntry hosts. */
export function outboundServices(proxy: Proxy, model: StateModel): OutboundService[] {
  const kubernetes = scopedServices(proxy, model).map((s) => ({...s, external: false, passthrough: s.headless}));
  const entries = serviceEntryServices(proxy, model).map(({service}) => {
    const spec = asObject(service.object.value.spec) ?? {};
    const what = `ServiceEntry ${service.namespace}/${service.object.name}`;
    if (service.hostname.includes('*')) throw new ModelGap(`${what} has a wildcard host, whose listeners and routes are not modelled here`);
    if (kubernetes.some((k) => k.hostname === service.hostname)) throw new ModelGap(`${what} names ${service.hostname}, a Kubernetes Service's host: how istiod merges them is not modelled here`);
    if (service.addresses.length > 1 || service.addresses.some((a) => !IPV4.test(a))) throw new ModelGap(`${what} lists ${service.addresses.join(', ')}: several addresses or a CIDR, whose listeners are not modelled here`);
    return {...service, external: true, passthrough: String(spec.resolution ?? 'NONE') === 'NONE'};
  });
  return [...kubernetes, ...entries];
}

/** The addresses a TCP or sniffed port listens on (none: no listener). */
export function listenAddresses(service: OutboundService, proxy: Proxy, model: StateModel): string[] {
  if (service.addresses.length > 0) {
    if (service.addresses.length > 1) throw new ModelGap(`Service ${service.namespace}/${service.object.name} has several cluster IPs, whose listeners are not modelled here`);
    return [service.addresses[0]!];
  }
  if (!service.passthrough) return service.external ? [allocatedListenAddress(service, proxy) ?? WILDCARD] : [WILDCARD];
  const own = field(proxy.pod.value, 'status', 'podIP');
  if (service.external) {
    const spec = asObject(service.object.value.spec) ?? {};
    if (spec.workloadSelector !== undefined) throw new ModelGap(`ServiceEntry ${service.namespace}/${service.object.name} selects workloads, whose endpoints are not modelled here`);
    const endpoints = asArray(spec.endpoints).map((e) => String(asObject(e)?.address ?? ''));
    if (endpoints.length === 0) return [WILDCARD];
    // Endpoints that are not IP addresses (hostnames, sockets) get no listener.
    return endpoints.filter((a) => IPV4.test(a) && a !== own);
  }
  const spec = field(service.object.value, 'spec');
  if (field(spec, 'selector') === undefined) throw new ModelGap(`Service ${service.namespace}/${service.object.name} is headless without a selector: its hand-made endpoints are not in the model`);
  if (field(spec, 'publishNotReadyAddresses') === true) throw new ModelGap(`Service ${service.namespace}/${service.object.name} publishes unready addresses, which is not modelled here`);
  const selected = model.objects.filter((o) => o.group === '' && o.kind === 'Pod' && selects(service, o));
  const addresses: string[] = [];
  for (const pod of selected) {
    const ready = field(pod.value, 'status', 'phase') === 'Running' && list(field(pod.value, 'status', 'conditions')).some((c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True');
    if (!ready) throw new ModelGap(`pod ${pod.namespace}/${pod.name} of headless Service ${service.namespace}/${service.object.name} is not Ready: whether istiod lists it as an endpoint is not modelled here`);
    const ip = field(pod.value, 'status', 'podIP');
    if (typeof ip !== 'string') throw new ModelGap(`the model does not give pod ${pod.namespace}/${pod.name}'s IP`);
    if (ip !== own) addresses.push(ip);
  }
  return addresses;
}


const DNS_CAPTURE_ENV = 'ISTIO_META_DNS_CAPTURE';

/** Whether a sidecar's agent captures DNS: its istio-proxy container's ISTIO_META_DNS_CAPTURE read as Go's ParseBool (pilot-agent options.go DNSCaptureByAgent). */
export function capturesDns(proxy: Proxy): boolean {
  if (proxy.type !== 'sidecar') return false;
  const env = list(field(proxyContainer(proxy.pod), 'env')).find((e) => field(e, 'name') === DNS_CAPTURE_ENV);
  const value = field(env, 'value');
  return typeof value === 'string' && parseGoBool(value) === true;
}

/** The auto-allocated address a DNS-capturing sidecar binds an entry host's TCP or TLS listener to (GetAddressForProxy), or undefined: 0.0.0.0. */
function allocatedListenAddress(service: OutboundService, proxy: Proxy): string | undefined {
  if (!capturesDns(proxy)) return undefined;
  const allocated = allocatedAddress({spec: asObject(service.object.value.spec) ?? {}, value: service.object.value}, service.hostname);
  if ('none' in allocated) return undefined;
  if (allocated.ip === undefined) {
    throw new ModelGap(`pod ${proxy.pod.namespace}/${proxy.pod.name} captures DNS (${DNS_CAPTURE_ENV}), so its listener for ServiceEntry ${service.namespace}/${service.object.name}'s host ${service.hostname} is bound to the address istiod allocated it in ${AUTO_ALLOCATE_IPV4_PREFIX}, which the model does not record (the entry's status.addresses)`);
  }
  return allocated.ip;
}
