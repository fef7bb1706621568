/**
 * The HTTP route configurations a 1.30.3 sidecar holds, as istiod builds them and as Envoy's config
 * dump lists them:
 * - one RDS route configuration per port an HTTP Service or ServiceEntry port listens on (named by the
 *   port), and one per sniffed port with a listener (`FQDN:PORT`, its listener bound to the Service's
 *   cluster IP or its endpoints' addresses; ./outbound-services.ts):
 *   pilot/pkg/networking/core/listener.go buildSidecarOutboundHTTPListenerOpts;
 * - their virtual hosts: httproute.go BuildSidecarOutboundVirtualHosts (the Services with the port; the
 *   VirtualServices naming one of them, every one on port 80; a host taken by the first that names
 *   it; domains by generateVirtualHostDomains with the port left out, as sidecars ignore it, with the
 *   absolute FQDN PILOT_ENABLE_ABSOLUTE_FQDN_VHOST_DOMAIN adds by default), route/route.go
 *   BuildSidecarVirtualHostWrapper and BuildHTTPRoutesForVirtualService (one route per match, none
 *   after a catch-all), sorted by name (util.SortVirtualHosts); a sniffed port's configuration keeps
 *   its Service's virtual host alone with domain `*` (getVirtualHostsForSniffedServicePort); the
 *   others end with allow_any to PassthroughCluster, or block_all under REGISTRY_ONLY
 *   (buildCatchAllVirtualHost);
 * - the inline ones of the inbound listener's HTTP filter chains (buildSidecarInboundHTTPRouteConfig:
 *   `inbound|PORT||` per target port, InboundPassthroughCluster for the passthrough chains; under
 *   PERMISSIVE mTLS, the mesh's default, a TLS and a plaintext chain each) and of the bootstrap's
 *   prometheus and health listeners (tools/packaging/common/envoy_bootstrap.json).
 *
 * Envoy dumps route configurations from hash containers (source/common/rds/
 * route_config_provider_manager.cc), so a live dump's order varies; here the RDS ones come first,
 * numbered ports before sniffed ones, then the inline ones, bootstrap first, which istioctl's sort
 * then rearranges.
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {inboundPorts, meshConfig} from './sidecar-clusters';
import {virtualInboundChains} from './sidecar-listeners';
import {CLUSTER_DOMAIN, type MeshPort, type MeshService} from './sidecar-services';
import {importsVirtualService} from './sidecar-scope';
import {listenAddresses, outboundServices, WILDCARD} from './outbound-services';
import {MESH_GATEWAY, virtualServiceRoutes, type EnvoyRoute, type RouteSource} from './virtual-service-routes';
import {visibleVirtualServices, type VirtualServiceRoutes} from './mesh-virtual-services';
import {bootstrapRouteConfigurationJson, catchAllRoute, defaultOutboundRoute, inboundRouteConfigurationJson, routeConfigurationJson, virtualHostJson, type EnvoyJson, type JsonObject} from './route-json';

export type {EnvoyRoute} from './virtual-service-routes';

export interface VirtualHost {
  name: string;
  domains: string[];
  routes: EnvoyRoute[];
  /** False where istiod leaves include_request_attempt_count unset (a gateway's blackhole host). */
  includeRequestAttemptCount?: false;
  /** require_tls: ALL on a gateway's virtual host whose server redirects to HTTPS. */
  requireTls?: 'ALL';
}

export interface RouteConfiguration {
  name: string;
  virtualHosts: VirtualHost[];
  /** A listener's inline configuration (the bootstrap's, the inbound chains'), not one of RDS: its Envoy JSON. */
  inline?: JsonObject;
}

/** BuildDefaultHTTPOutboundRoute for a Service port. */
const defaultRoute = (service: MeshService, port: number): EnvoyRoute => ({match: '/*', virtualService: '', json: defaultOutboundRoute(`outbound|${port}||${service.hostname}`, service.hostname, port)});

/** The route configuration as `-o json` prints it, or why not. */
export function routeConfigurationJsonOf(configuration: RouteConfiguration): EnvoyJson {
  if (configuration.inline) return configuration.inline;
  return routeConfigurationJson(configuration.name, configuration.virtualHosts.map((vh) => virtualHostJson(vh.name, vh.domains,
    vh.routes.map((r) => r.json ?? {gap: 'a route is not translated to Envoy\'s JSON here'}), vh.includeRequestAttemptCount ?? true, vh.requireTls)));
}


/** The sidecar's route configurations in the order described above. */
export function sidecarRoutes(proxy: Proxy, model: StateModel): RouteConfiguration[] {
  const mesh = meshConfig(model);
  const outbound = field(mesh, 'outboundTrafficPolicy');
  if (field(outbound, 'egressProxy') !== undefined) throw new ModelGap('the mesh config sends unknown traffic to an egress proxy, which is not modelled here');
  const registryOnly = field(outbound, 'mode') === 'REGISTRY_ONLY';
  const services = outboundServices(proxy, model);
  const virtualServices = visibleVirtualServices(model, proxy.pod.namespace).filter((vs) => importsVirtualService(proxy, model, vs.object));
  const source: RouteSource = {labels: stringMap(field(proxy.pod.value, 'metadata', 'labels')), namespace: proxy.pod.namespace, gatewayNames: new Set([MESH_GATEWAY])};

  // A sniffed port's own route configuration exists where a listener asks for it: a passthrough service without endpoints has none.
  // At 0.0.0.0 its listener asks for the port's shared one (listener.go rdsName), as an HTTP port's does.
  const sniffedAt = services.flatMap((s) => s.ports.filter((p) => p.handling === 'sniffed').map((p) => ({service: s, port: p.port, addresses: listenAddresses(s, proxy, model)})));
  const sniffed = sniffedAt.filter(({addresses}) => addresses.length > 0 && !addresses.includes(WILDCARD));
  const httpPorts = [...new Set([
    ...services.flatMap((s) => s.ports.filter((p) => p.handling === 'http').map((p) => p.port)),
    ...sniffedAt.filter(({addresses}) => addresses.includes(WILDCARD)).map(({port}) => port),
  ])].sort((a, b) => a - b);
  const configurations: RouteConfiguration[] = [];
  for (const port of httpPorts) {
    const hosts = virtualHostsForPort(port, services, virtualServices, source);
    configurations.push({name: String(port), virtualHosts: [...sortByName(hosts), catchAll(registryOnly)]});
  }
  for (const {service, port} of sniffed) {
    const name = `${service.hostname}:${port}`;
    const hosts = sortByName(virtualHostsForPort(port, services, virtualServices, source))
      .filter((vh) => vh.domains.includes(name) || vh.domains.includes(service.hostname));
    configurations.push({name, virtualHosts: hosts.length === 1 ? [{...hosts[0]!, domains: ['*']}] : hosts});
  }
  configurations.push(...bootstrapRouteConfigurations());
  const inline = (name: string, vhost: string, json: JsonObject): RouteConfiguration => ({name, virtualHosts: [{name: vhost, domains: ['*'], routes: [{match: '/*', virtualService: ''}]}], inline: json});
  // Each HTTP chain of the inbound listener carries its own route configuration: each port's, then the passthrough's (their number follows the port's mTLS mode).
  const servicePorts = new Map(inboundPorts(proxy, model).map((port) => [`Cluster: inbound|${port.targetPort}||`, port]));
  const chains = virtualInboundChains(proxy, model).filter((c) => c.kind === 'http');
  for (const chain of chains) {
    const port = servicePorts.get(chain.destination);
    if (!port) continue;
    const cluster = `inbound|${port.targetPort}||`;
    const grpc = port.servicePort.protocol === 'GRPC' || port.servicePort.protocol === 'GRPC-Web';
    // telemetry.TraceOperation of the Service's host and port.
    configurations.push(inline(cluster, `inbound|http|${port.servicePort.port}`, inboundRouteConfigurationJson(cluster, port.servicePort.port, `${port.service.hostname}:${port.servicePort.port}/*`, grpc)));
  }
  // The passthrough chains' port: no host, port 0 (buildInboundPassthroughChains), so the operation is `:0/*`.
  for (const chain of chains.filter((c) => c.destination === 'InboundPassthroughCluster')) configurations.push(inline(chain.destination, 'inbound|http|0', inboundRouteConfigurationJson(chain.destination, 0, ':0/*', false)));
  return configurations;
}

/** The bootstrap's two inline configurations, prometheus's then health's (envoy_bootstrap.json). */
export function bootstrapRouteConfigurations(): RouteConfiguration[] {
  const inline = (prefix: string, cluster: string): RouteConfiguration => ({name: '', virtualHosts: [{name: 'backend', domains: ['*'], routes: [{match: `${prefix}*`, virtualService: ''}]}], inline: bootstrapRouteConfigurationJson(prefix, cluster)});
  return [inline('/stats/prometheus', 'prometheus_stats'), inline('/healthz/ready', 'agent')];
}

const sortByName = (hosts: VirtualHost[]): VirtualHost[] => [...hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function catchAll(registryOnly: boolean): VirtualHost {
  return registryOnly
    ? {name: 'block_all', domains: ['*'], routes: [{match: '/*', virtualService: '', json: catchAllRoute(true)}]}
    : {name: 'allow_any', domains: ['*'], routes: [{match: '/*', virtualService: '', passthrough: true, json: catchAllRoute(false)}]};
}

interface Wrapper {
  port: number;
  services: MeshService[];
  vsHosts: string[];
  routes: EnvoyRoute[];
}

/** BuildSidecarOutboundVirtualHosts for one listener port: the virtual hosts of that port, unsorted. */
function virtualHostsForPort(listenerPort: number, services: MeshService[], virtualServices: VirtualServiceRoutes[], source: RouteSource): VirtualHost[] {
  const proxyNamespace = source.namespace;
  const lookupPorts = (hostname: string): number[] | undefined => services.find((s) => s.hostname === hostname)?.ports.map((p) => p.port);
  const registry = new Map<string, {service: MeshService; port: MeshPort}>();
  for (const service of services) {
    const port = service.ports.find((p) => p.port === listenerPort);
    if (port) registry.set(service.hostname, {service, port});
  }
  const servesHTTP = (port: MeshPort): boolean => port.handling === 'http' || port.handling === 'sniffed';
  // "This is hack to keep consistent with previous behavior": port 80 takes every VirtualService.
  const selected = listenerPort === 80 ? virtualServices : virtualServices.filter((vs) => vs.hosts.some((h) => registry.has(h)));
  const wrappers: Wrapper[] = [];
  for (const vs of selected) {
    const routes = virtualServiceRoutes(vs.object, listenerPort, source, lookupPorts);
    if (routes.length === 0) continue;
    const matching = vs.hosts.filter((h) => registry.has(h)).map((h) => registry.get(h)!);
    const vsHosts = vs.hosts.filter((h) => !registry.has(h));
    const byPort = matching.filter((m) => servesHTTP(m.port)).map((m) => m.service);
    if (byPort.length > 0) wrappers.push({port: listenerPort, services: byPort, vsHosts, routes});
    else if (listenerPort === 80) wrappers.push({port: 80, services: [], vsHosts, routes});
  }
  for (const wrapper of wrappers) for (const service of wrapper.services) registry.delete(service.hostname);
  for (const {service, port} of registry.values()) {
    if (servesHTTP(port)) wrappers.push({port: listenerPort, services: [service], vsHosts: [], routes: [defaultRoute(service, port.port)]});
  }

  const known = new Set(wrappers.flatMap((w) => w.services.flatMap((s) => [`${s.hostname}:${w.port}`, s.hostname])));
  const names = new Set<string>();
  const taken = new Set<string>();
  const build = (hostname: string, wrapper: Wrapper, service: MeshService | undefined): VirtualHost | undefined => {
    const name = `${hostname}:${wrapper.port}`;
    if (names.has(name)) return undefined;
    names.add(name);
    const [domains, altHosts] = service ? virtualHostDomains(service, proxyNamespace) : [[hostname], []];
    // dedupeDomains: a domain another virtual host has, or an expanded one that is a known FQDN, is dropped.
    const kept = domains.filter((d) => {
      if (taken.has(d.toLowerCase()) || (altHosts.includes(d) && known.has(d))) return false;
      taken.add(d.toLowerCase());
      return true;
    });
    return kept.length > 0 ? {name, domains: kept, routes: wrapper.routes} : undefined;
  };
  const hosts: VirtualHost[] = [];
  for (const wrapper of wrappers) {
    for (const hostname of wrapper.vsHosts) {
      const vh = build(hostname, wrapper, undefined);
      if (vh) hosts.push(vh);
    }
    for (const service of wrapper.services) {
      const vh = build(service.hostname, wrapper, service);
      if (vh) hosts.push(vh);
    }
  }
  return hosts;
}

/**
 * generateVirtualHostDomains without the port (SidecarIgnorePort): the FQDN, its absolute form, the
 * shorter names a pod of the proxy's namespace can use (GenerateAltVirtualHosts,
 * generateAltVirtualHostsForKubernetesService), `*.` before each of those for a headless Service, then
 * the cluster IPs; a ServiceEntry host outside the cluster's domain, itself, its absolute form and its
 * address; and the alternate names alone.
 */
function virtualHostDomains(service: MeshService, proxyNamespace: string): [string[], string[]] {
  if (service.object.kind === 'ServiceEntry') {
    // GenerateAltVirtualHosts: a host outside the cluster's svc domain gets only its absolute form.
    if (service.hostname.endsWith(`.${CLUSTER_DOMAIN}`)) throw new ModelGap(`ServiceEntry ${service.namespace}/${service.object.name} names ${service.hostname} in the cluster's domain, whose shorter names are not modelled here`);
    return [[service.hostname, `${service.hostname}.`, ...service.addresses], [`${service.hostname}.`]];
  }
  const name = service.object.name;
  const shortened = service.namespace === proxyNamespace
    ? [name, `${name}.${service.namespace}.svc`, `${name}.${service.namespace}`]
    : [`${name}.${service.namespace}`, `${name}.${service.namespace}.svc`];
  const altHosts = [`${service.hostname}.`, ...shortened];
  const names = [service.hostname, ...altHosts];
  // A headless Service (resolution Passthrough) also answers every name's subdomains, a pod's own name among them.
  return [[...names, ...(service.headless ? names.map((d) => `*.${d}`) : []), ...service.addresses], altHosts];
}
