/**
 * What istiod 1.30.3 pushes to a gateway proxy (an `istio-ingressgateway`-style pod, `proxy router`)
 * for the Istio Gateways that select it, derived from the model:
 * - the servers: pilot/pkg/model/gateway.go MergeGateways over the Gateways whose selector the pod's
 *   labels match (any namespace: PILOT_SCOPE_GATEWAY_TO_NAMESPACE is off), oldest first; a server
 *   port is translated to the targetPort of the first Service selecting the pod with that port
 *   (resolvePorts with the legacy selector), else kept; plain-text HTTP servers (HTTP, HTTP2, GRPC)
 *   share the route configuration `http.PORT` of their translated port (gatewayRDSRouteName);
 * - listeners: gateway.go buildGatewayListeners, one `0.0.0.0:PORT` per translated port, its one
 *   filter chain (no match) an HTTP connection manager to that route configuration; then the
 *   bootstrap's prometheus (15090) and health (15021) listeners;
 * - route configurations: gateway.go buildGatewayHTTPRouteConfig: for each server, the
 *   VirtualServices bound to its Gateway (push_context.go VirtualServicesForGateway: private to the
 *   gateway's namespace, then exported to it, then public, each oldest first), a virtual host
 *   `HOST:SERVERPORT` per host both the server (NamesForNamespace) and the VirtualService name
 *   (Names.Intersection), its routes those the VirtualService gives this port and Gateway
 *   (./virtual-service-routes.ts), a second VirtualService's routes appended; catch-all routes
 *   last (SortVHostRoutes); virtual hosts with the very same routes folded into the most specific
 *   one's domains (collapseDuplicateRoutes); sorted by name; `blackhole:PORT` with no routes (a 404)
 *   when none; then the bootstrap's two inline ones;
 * - clusters: cluster.go buildClusters for gateways: the outbound clusters (as a sidecar of the
 *   gateway's namespace gets them), BlackHoleCluster, no passthrough or inbound clusters; then the
 *   bootstrap's static ones.
 * HTTPS, TLS and TCP servers, a server `bind`, an HTTPS redirect and a port below 1024 after
 * translation (the gateway runs unprivileged) are gaps.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {selects, sidecarServices, targetPort, CLUSTER_DOMAIN} from './sidecar-services';
import type {RouteConfiguration, VirtualHost} from './sidecar-routes';
import type {EnvoyListener} from './sidecar-listeners';
import {virtualServiceRoutes, resolveGatewayName, type EnvoyRoute, type RouteSource} from './virtual-service-routes';

export interface GatewayServer {
  /** `NAMESPACE/NAME` of the Gateway. */
  gatewayName: string;
  gateway: ModelObject;
  hosts: string[];
  /** The server's own port number (virtual host names carry it). */
  port: number;
  /** The port the proxy listens on: the translated one. */
  listenPort: number;
  routeName: string;
}

const HTTP_SERVER_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);

const created = (o: ModelObject, what: string, several: boolean): string => {
  const timestamp = field(o.value, 'metadata', 'creationTimestamp');
  if (typeof timestamp !== 'string' && several) throw new ModelGap(`the model does not say when ${what} ${o.namespace}/${o.name} was created, which orders them for istiod`);
  return typeof timestamp === 'string' ? timestamp : '';
};
const byAge = (what: string) => (a: ModelObject, b: ModelObject, all: readonly ModelObject[]): number => {
  const x = created(a, what, all.length > 1);
  const y = created(b, what, all.length > 1);
  return x < y ? -1 : x > y ? 1 : `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1;
};

/** MergeGateways for plain-text HTTP servers; anything else is a gap. */
export function gatewayServers(proxy: Proxy, model: StateModel): GatewayServer[] {
  const labels = stringMap(field(proxy.pod.value, 'metadata', 'labels'));
  const gateways = model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'Gateway'
    && Object.entries(stringMap(field(o.value, 'spec', 'selector'))).every(([key, value]) => labels[key] === value));
  const order = byAge('Gateway');
  gateways.sort((a, b) => order(a, b, gateways));
  const instances = sidecarServices(model, proxy.pod.namespace).filter((s) => selects(s, proxy.pod));
  const servers: GatewayServer[] = [];
  for (const gateway of gateways) {
    for (const server of asArray(asObject(gateway.value.spec)?.servers).map(asObject)) {
      const what = `Gateway ${gateway.namespace}/${gateway.name}`;
      const protocol = String(field(server, 'port', 'protocol') ?? '').toUpperCase();
      if (!HTTP_SERVER_PROTOCOLS.has(protocol)) throw new ModelGap(`${what} has a ${protocol || 'protocol-less'} server, whose listener is not modelled here (plain-text HTTP servers only)`);
      if (server?.bind !== undefined) throw new ModelGap(`${what} binds a server to an address, which is not modelled here`);
      if (field(server, 'tls', 'httpsRedirect') === true) throw new ModelGap(`${what} redirects a server to HTTPS, which is not modelled here`);
      const number = Number(field(server, 'port', 'number'));
      // resolvePorts: the first Service port with this number, translated to its target port.
      let listenPort = number;
      for (const service of instances) {
        const servicePort = service.ports.find((p) => p.port === number);
        if (!servicePort) continue;
        const target = targetPort(proxy.pod, servicePort);
        if (target === undefined) throw new ModelGap(`the model does not give the port Service ${service.namespace}/${service.object.name} targets on pod ${proxy.pod.name}`);
        listenPort = target;
        break;
      }
      if (listenPort < 1024) throw new ModelGap(`${what} listens on port ${listenPort}, below 1024, which an unprivileged gateway skips: not modelled here`);
      servers.push({gatewayName: `${gateway.namespace}/${gateway.name}`, gateway, hosts: asArray(server?.hosts).map(String), port: number, listenPort, routeName: `http.${listenPort}`});
    }
  }
  return servers;
}

/** One listener per translated port, its chain to the route configuration. */
export function gatewayListeners(proxy: Proxy, model: StateModel): EnvoyListener[] {
  const listeners = new Map<number, EnvoyListener>();
  for (const server of gatewayServers(proxy, model)) {
    if (!listeners.has(server.listenPort)) listeners.set(server.listenPort, {address: '0.0.0.0', port: server.listenPort, chains: [{match: 'ALL', destination: `Route: ${server.routeName}`, kind: 'http'}]});
  }
  return [
    ...listeners.values(),
    {address: '0.0.0.0', port: 15090, chains: [{match: 'ALL', destination: 'Inline Route: /stats/prometheus*', kind: 'http'}]},
    {address: '0.0.0.0', port: 15021, chains: [{match: 'ALL', destination: 'Inline Route: /healthz/ready*', kind: 'http'}]},
  ];
}

/** VirtualServicesForGateway: the VirtualServices bound to `gatewayName` that the gateway's namespace sees. */
function virtualServicesFor(gatewayName: string, proxyNamespace: string, model: StateModel): ModelObject[] {
  const all = model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'VirtualService'
    && asArray(asObject(o.value.spec)?.gateways).some((g) => resolveGatewayName(String(g), o.namespace) === gatewayName));
  const exportTo = (vs: ModelObject): string[] => asArray(asObject(vs.value.spec)?.exportTo).map((to) => String(to));
  const isPublic = (vs: ModelObject): boolean => exportTo(vs).length === 0 || exportTo(vs).includes('*');
  const order = byAge('VirtualService');
  const sorted = (list: ModelObject[]): ModelObject[] => list.sort((a, b) => order(a, b, all));
  const priv = sorted(all.filter((vs) => !isPublic(vs) && vs.namespace === proxyNamespace && exportTo(vs).includes('.')));
  const exported = sorted(all.filter((vs) => !isPublic(vs) && !priv.includes(vs) && exportTo(vs).includes(proxyNamespace)));
  const pub = sorted(all.filter(isPublic));
  return [...priv, ...exported, ...pub];
}

/** host.Name SubsetOf: a wildcard `*.x` holds names ending in `.x`; `*` holds everything. */
function subsetOf(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw) return bw && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** Names.Intersection: for each pair, the narrower name, once. */
function intersection(h: string[], other: string[]): string[] {
  const result: string[] = [];
  for (const a of h) {
    for (const b of other) {
      const name = subsetOf(a, b) ? a : subsetOf(b, a) ? b : undefined;
      if (name !== undefined && !result.includes(name)) result.push(name);
    }
  }
  return result;
}

/** NamesForNamespace: the server's hosts that a VirtualService of `namespace` may take, their `ns/` dropped. */
function namesForNamespace(hosts: string[], namespace: string): string[] {
  return hosts.flatMap((h) => {
    const slash = h.indexOf('/');
    if (slash < 0) return [h];
    const ns = h.slice(0, slash);
    if (ns === '.') throw new ModelGap(`a Gateway server host ${h} names its own namespace, which is not modelled here`);
    return ns === namespace || ns === '*' ? [h.slice(slash + 1)] : [];
  });
}

/** host.MoreSpecific: longest first, alphabetically, wildcards last. */
function moreSpecific(a: string, b: string): number {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw !== bw) return aw ? 1 : -1;
  if (a.length !== b.length) return b.length - a.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A VirtualService host as istiod resolves it (ResolveShortnameToFQDN). */
const resolveHost = (host: string, namespace: string): string => (host.includes('.') || host.includes('*') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`);

/** buildGatewayHTTPRouteConfig for each route name, then the bootstrap's inline ones. */
export function gatewayRoutes(proxy: Proxy, model: StateModel): RouteConfiguration[] {
  const servers = gatewayServers(proxy, model);
  const routeNames = [...new Set(servers.map((s) => s.routeName))];
  const services = sidecarServices(model, proxy.pod.namespace);
  const lookupPorts = (hostname: string): number[] | undefined => services.find((s) => s.hostname === hostname)?.ports.map((p) => p.port);
  const source = (gatewayName: string): RouteSource => ({labels: stringMap(field(proxy.pod.value, 'metadata', 'labels')), namespace: proxy.pod.namespace, gatewayNames: new Set([gatewayName])});
  const configurations: RouteConfiguration[] = routeNames.map((routeName) => {
    const onRoute = servers.filter((s) => s.routeName === routeName);
    // Routes are built once per Gateway and VirtualService (gatewayRoutes' cache), so two hosts of one VirtualService share the very same list.
    const built = new Map<string, EnvoyRoute[]>();
    const vhosts = new Map<string, {name: string; domains: string[]; routes: EnvoyRoute[]}>();
    for (const server of onRoute) {
      for (const vs of virtualServicesFor(server.gatewayName, proxy.pod.namespace, model)) {
        const vsHosts = asArray(asObject(vs.value.spec)?.hosts).map((h) => resolveHost(String(h), vs.namespace));
        const hosts = intersection(namesForNamespace(server.hosts, vs.namespace), vsHosts);
        if (hosts.length === 0) continue;
        const key = `${server.gatewayName}|${vs.namespace}/${vs.name}`;
        if (!built.has(key)) built.set(key, virtualServiceRoutes(vs, server.port, source(server.gatewayName), lookupPorts));
        const routes = built.get(key)!;
        if (routes.length === 0) continue;
        for (const hostname of hosts.map((h) => h.toLowerCase())) {
          const existing = vhosts.get(hostname);
          if (existing) existing.routes = [...existing.routes, ...routes];
          else vhosts.set(hostname, {name: `${hostname}:${server.port}`, domains: [hostname], routes: [...routes]});
        }
      }
    }
    let virtualHosts: VirtualHost[];
    if (vhosts.size === 0) virtualHosts = [{name: `blackhole:${onRoute[0]!.port}`, domains: ['*'], routes: [], includeRequestAttemptCount: false}];
    else {
      // collapseDuplicateRoutes: hosts by specificity; one whose routes are the very same as an earlier one's lends it its domains.
      const kept: {name: string; domains: string[]; routes: EnvoyRoute[]}[] = [];
      for (const hostname of [...vhosts.keys()].sort(moreSpecific)) {
        const vhost = vhosts.get(hostname)!;
        const same = kept.find((k) => k.routes.length === vhost.routes.length && k.routes.every((r, i) => r === vhost.routes[i]));
        if (same) same.domains.push(...vhost.domains);
        else kept.push(vhost);
      }
      virtualHosts = kept.map((v) => ({name: v.name, domains: v.domains, routes: sortCatchAllLast(v.routes)}));
      virtualHosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return {name: routeName, virtualHosts};
  });
  const inline = (match: string): RouteConfiguration => ({name: '', virtualHosts: [{name: 'backend', domains: ['*'], routes: [{match, virtualService: ''}]}], inline: true});
  return [...configurations, inline('/stats/prometheus*'), inline('/healthz/ready*')];
}

/** SortVHostRoutes: catch-all routes (IsCatchAllRoute) after the others, each in order. */
function sortCatchAllLast(routes: EnvoyRoute[]): EnvoyRoute[] {
  return [...routes.filter((r) => !r.catchAll), ...routes.filter((r) => r.catchAll)];
}

