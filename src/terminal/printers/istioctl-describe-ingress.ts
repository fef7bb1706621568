/**
 * printIngressInfo of istioctl 1.30.3 (istioctl/pkg/describe/describe.go): what the ingress gateways
 * (pods labelled istio=ingressgateway, Running, in the API server's list order: namespace, then name)
 * route to the described Services. For each gateway pod, Service and port, the DestinationRule its
 * cluster names and the VirtualService its gateway routes name (getIstioVirtualServiceNameForSvc over
 * the `http.`/`https.` route configurations: routeDestinationMatchesSvc takes a route whose virtual
 * host's domain is the Service, or whose first cluster is `outbound|PORT|…|svc.ns.svc.cluster.local`);
 * then, once per Gateway that VirtualService names, the ingress Services fronting pods the Gateway
 * selects, sorted by address ("Exposed on Ingress Gateway …", printIngressService), and the
 * VirtualService as printVirtualService prints it.
 *
 * What the gateway pushes is derived from the model: the Gateways selecting the pod (any namespace,
 * PILOT_SCOPE_GATEWAY_TO_NAMESPACE off) with an HTTP server, or an HTTPS one terminating TLS, whose
 * hosts admit the VirtualService's; when several VirtualServices route to one Service port, the first
 * route of the gateway's route configurations as ./gateway-config.ts builds them decides, as istioctl
 * reads them. Gaps: what ./gateway-config.ts cannot build, a VirtualService naming a Gateway the model
 * lacks, two ingress Services with one address (sort.Slice's order).
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import {findPort} from '../../engine/model/find-port';
import {fqdn, hostsOverlap} from '../../engine/model/hosts';
import {destinationRuleFor, L0, labelsOf, of, portProtocol, SEPARATOR, subsetsFor, virtualServiceLines, contains} from './istioctl-describe';
import {byteOrder} from './jsonpath';
import {field, list, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import {gatewayRoutes} from './gateway-config';
import {findProxy} from './istioctl-proxies';
import type {EnvoyRoute} from './virtual-service-routes';

interface Ingress {
  service: ModelObject;
  pods: ModelObject[];
}

/** getIngressIP: the load balancer's first address, else the first pod's host IP. */
function ingressIP(ingress: Ingress): string {
  const balancer = list(field(ingress.service.value, 'status', 'loadBalancer', 'ingress'));
  if (balancer.length > 0) return String(field(balancer[0], 'ip') ?? '');
  const hostIP = field(ingress.pods[0]?.value, 'status', 'hostIP');
  return typeof hostIP === 'string' && hostIP !== '' ? hostIP : 'unknown';
}

/** printIngressService: the ingress Service's ports named http2 or http, as URLs (port 80 left out). */
function ingressServiceLines(ingress: Ingress): string {
  let text = '';
  for (const port of list(field(ingress.service.value, 'spec', 'ports'))) {
    const name = String(field(port, 'name') ?? '');
    if (String(field(port, 'protocol') ?? 'TCP') !== 'TCP' || (name !== 'http2' && name !== 'http')) continue;
    if (findPort(field(ingress.pods[0]!.value, 'spec'), port) === undefined) continue;
    const number = Number(field(port, 'port'));
    // ConvertProtocol gives HTTP2 or HTTP for these names (appProtocol first); both map to the http scheme.
    const scheme = ['HTTP', 'HTTP2'].includes(portProtocol(port)) ? 'http' : '';
    text += `${' '.repeat(L0)}Exposed on Ingress Gateway ${scheme}://${ingressIP(ingress)}${scheme === 'http' && number === 80 ? '' : `:${number}`}\n`;
  }
  return text;
}

/** A Gateway's server hosts, `ns/host` or `host`, admit a VirtualService host (gateway.go's namespace and host matching). */
function serverAdmits(serverHost: string, gatewayNamespace: string, vs: ModelObject, vsHost: string): boolean {
  const slash = serverHost.indexOf('/');
  const namespace = slash < 0 ? '*' : serverHost.slice(0, slash);
  const host = slash < 0 ? serverHost : serverHost.slice(slash + 1);
  if (namespace !== '*' && (namespace === '.' ? gatewayNamespace : namespace) !== vs.namespace) return false;
  return hostsOverlap(host, vsHost);
}

/** The server kinds that reach RDS: HTTP, HTTP2, gRPC, or HTTPS terminating TLS. */
function routedServer(server: Record<string, unknown>): boolean {
  const protocol = (asString(asObject(server.port)?.protocol) ?? '').toUpperCase();
  if (['HTTP', 'HTTP2', 'GRPC'].includes(protocol)) return true;
  const mode = asString(asObject(server.tls)?.mode) ?? 'SIMPLE';
  return protocol === 'HTTPS' && mode !== 'PASSTHROUGH' && mode !== 'AUTO_PASSTHROUGH';
}

const gatewayRef = (name: string, vsNamespace: string): {namespace: string; name: string} => {
  const slash = name.indexOf('/');
  return slash < 0 ? {namespace: vsNamespace, name} : {namespace: name.slice(0, slash), name: name.slice(slash + 1)};
};

/** Whether a route's first destination is the Service port (routeDestinationMatchesSvc's cluster check). */
function routesToPort(route: Record<string, unknown>, vs: ModelObject, svc: ModelObject, port: number): boolean {
  const first = asObject(asObject(asArray(route.route)[0])?.destination);
  if (!first || fqdn(asString(first.host) ?? '', vs.namespace) !== `${svc.name}.${svc.namespace}.svc.cluster.local`) return false;
  const written = asObject(first.port)?.number;
  // Without a port, istiod fills in the Service's only port.
  const ports = list(field(svc.value, 'spec', 'ports'));
  return written !== undefined ? Number(written) === port : ports.length === 1 && Number(field(ports[0], 'port')) === port;
}

/** The VirtualService the gateway pod's routes name for the Service port, if any. */
function gatewayVirtualService(model: StateModel, gatewayPod: ModelObject, svc: ModelObject, port: number): ModelObject | undefined {
  const svcHost = `${svc.name}.${svc.namespace}.svc.cluster.local`;
  const gateways = of(model, 'networking.istio.io', 'Gateway').filter((gw) => contains(labelsOf(gatewayPod), stringMap(field(gw.value, 'spec', 'selector'))));
  const naming = of(model, 'networking.istio.io', 'VirtualService').filter((vs) => {
    const spec = asObject(vs.value.spec) ?? {};
    const hosts = asArray(spec.hosts).map(String);
    const bound = asArray(spec.gateways).map(String).filter((g) => g !== 'mesh').map((g) => gatewayRef(g, vs.namespace));
    const served = gateways.filter((gw) => bound.some((ref) => ref.namespace === gw.namespace && ref.name === gw.name))
      .some((gw) => asArray(field(gw.value, 'spec', 'servers')).map((s) => asObject(s) ?? {}).some((server) => routedServer(server)
        && asArray(server.hosts).map(String).some((serverHost) => hosts.some((h) => serverAdmits(serverHost, gw.namespace, vs, h)))));
    if (!served) return false;
    if (hosts.some((h) => fqdn(h, vs.namespace) === svcHost)) return true;
    return asArray(spec.http).some((route) => routesToPort(asObject(route) ?? {}, vs, svc, port));
  });
  if (naming.length > 1) return firstRoutedVirtualService(model, gatewayPod, svc, port);
  return naming[0];
}

/** routeDestinationMatchesSvc's domain pattern: `SERVICE.NAMESPACE.svc.cluster.local` at the end of a domain. */
const SERVICE_DOMAIN = /([^.]+)\.([^.]+)\.svc\.cluster\.local$/;

/** A route's cluster as routeDestinationMatchesSvc reads it: the cluster, or the first weighted one. */
function routeCluster(route: EnvoyRoute): string {
  if (!route.json || 'gap' in route.json) throw new ModelGap(`the gateway's route ${route.match} of ${route.virtualService} is not translated to Envoy's JSON here, and istioctl reads its cluster`);
  const action = asObject(route.json.route);
  const first = asObject(asArray(asObject(action?.weightedClusters)?.clusters)[0]);
  return asString(action?.cluster) ?? asString(first?.name) ?? '';
}

/**
 * getIstioVirtualServicePathForSvcFromRoute over the gateway's route configurations as istiod builds
 * them (./gateway-config.ts): those named PORT, `http.` or `https.` in name order (GetDynamicRouteDump),
 * their virtual hosts in name order, the routes in order; the first route whose virtual host has the
 * Service's domain, or whose cluster is `outbound|PORT|…|SVC.NS.svc.cluster.local`, names the
 * VirtualService (its config metadata). Used when several VirtualServices route to the Service port.
 */
function firstRoutedVirtualService(model: StateModel, gatewayPod: ModelObject, svc: ModelObject, port: number): ModelObject | undefined {
  const configurations = gatewayRoutes(findProxy(gatewayPod.name, gatewayPod.namespace, model), model)
    .filter((c) => !c.inline && (c.name === String(port) || c.name.startsWith('http.') || c.name.startsWith('https.')))
    .sort((a, b) => byteOrder(a.name, b.name));
  const cluster = new RegExp(`outbound\\|${port}\\|[^|]*\\|([^.]+)\\.([^.]+)\\.svc\\.cluster\\.local$`);
  const isService = (found: RegExpExecArray | null): boolean => found !== null && found[1] === svc.name && found[2] === svc.namespace;
  for (const configuration of configurations) {
    for (const vhost of [...configuration.virtualHosts].sort((a, b) => byteOrder(a.name, b.name))) {
      const byDomain = vhost.domains.some((domain) => isService(SERVICE_DOMAIN.exec(domain)));
      const route = vhost.routes.find((r) => byDomain || isService(cluster.exec(routeCluster(r))));
      if (!route) continue;
      // getIstioConfig: a route without config metadata names no VirtualService (istioctl's "not a VS path" is dropped).
      return of(model, 'networking.istio.io', 'VirtualService').find((vs) => `${vs.name}.${vs.namespace}` === route.virtualService);
    }
  }
  return undefined;
}

/** The ingress Services of the gateway pods' namespaces, each with the gateway pods it selects (maps.Contains). */
function ingressServices(model: StateModel, gatewayPods: readonly ModelObject[]): Ingress[] {
  const namespaces = [...new Set(gatewayPods.map((p) => p.namespace))];
  return namespaces.flatMap((namespace) => of(model, '', 'Service').filter((svc) => svc.namespace === namespace)
    .map((service) => ({service, pods: gatewayPods.filter((p) => p.namespace === namespace && contains(labelsOf(p), stringMap(field(service.value, 'spec', 'selector'))))}))
    .filter((ingress) => ingress.pods.length > 0));
}

export function ingressLines(services: readonly ModelObject[], podsLabels: ReadonlyArray<Record<string, string>>, model: StateModel, kname: (o: ModelObject) => string): string {
  const gatewayPods = of(model, '', 'Pod')
    .filter((p) => labelsOf(p).istio === 'ingressgateway' && field(p.value, 'status', 'phase') === 'Running')
    .sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name));
  if (gatewayPods.length === 0) return 'Skipping Gateway information (no ingress gateway pods)\n';
  const found = ingressServices(model, gatewayPods);
  let text = found.length === 0 ? 'Skipping Gateway information (no ingress gateway service)\n' : '';
  const printedGateways = new Set<string>();
  for (const gatewayPod of gatewayPods) {
    for (const svc of services) {
      for (const port of list(field(svc.value, 'spec', 'ports'))) {
        const svcHost = `${svc.name}.${svc.namespace}.svc.cluster.local`;
        const number = Number(field(port, 'port'));
        const vs = gatewayVirtualService(model, gatewayPod, svc, number);
        if (!vs) continue;
        // The DestinationRule the gateway's cluster for the port names, for the subsets printVirtualService checks.
        const dr = destinationRuleFor(model, svcHost, gatewayPod.namespace, svc.namespace);
        const {matching, nonmatching} = subsetsFor(dr, podsLabels);
        for (const name of asArray(field(vs.value, 'spec', 'gateways')).map(String)) {
          if (name === '' || name === 'mesh') continue;
          const ref = gatewayRef(name, vs.namespace);
          const id = `${ref.namespace}/${ref.name}`;
          if (printedGateways.has(id)) continue;
          const gateway = of(model, 'networking.istio.io', 'Gateway').find((gw) => gw.namespace === ref.namespace && gw.name === ref.name);
          if (!gateway) throw new ModelGap(`VirtualService ${vs.namespace}/${vs.name} names Gateway ${id}, which the model lacks: what istioctl's Get then returns is not modelled here`);
          printedGateways.add(id);
          const selector = field(gateway.value, 'spec', 'selector');
          if (selector === undefined) {
            // describe.go prints this without a newline.
            text += `Ingress Gateway ${id} be applied all workloads`;
            continue;
          }
          const matched = found.filter((ingress) => ingress.pods.some((p) => contains(labelsOf(p), stringMap(selector))))
            .map((ingress) => ({ingress, ip: ingressIP(ingress)}));
          if (matched.length === 0) continue;
          if (new Set(matched.map((m) => m.ip)).size < matched.length) throw new ModelGap(`two ingress Services of Gateway ${id} have one address: sort.Slice leaves their order open`);
          matched.sort((a, b) => byteOrder(a.ip, b.ip));
          text += SEPARATOR + matched.map((m) => ingressServiceLines(m.ingress)).join('');
          text += virtualServiceLines(L0, vs, {svcHost, vsNamespace: vs.namespace, matching, nonmatching, dr, kname});
        }
      }
    }
  }
  return text;
}
