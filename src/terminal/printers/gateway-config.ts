/**
 * What istiod 1.30.3 pushes to a gateway proxy (an `istio-ingressgateway`-style pod, `proxy router`)
 * for the Istio Gateways that select it, derived from the model:
 * - the servers, merged by ./gateway-servers.ts (pilot/pkg/model/gateway.go mergeGateways);
 * - listeners: gateway.go buildGatewayListeners, one per bind (`0.0.0.0` without) and translated
 *   port: a plain-text HTTP port's one match-all chain, an HTTP connection manager to `http.PORT`;
 *   on a TLS port, per server in order, an HTTPS server's chain matched on its SNI hosts (none when
 *   one is `*`) to its `https.…` route configuration, and the TCP proxies of TCP, TLS and
 *   passthrough servers (./gateway-stream-chains.ts); a listener left without chains is dropped
 *   (MutableGatewayListener.build); then the bootstrap's prometheus (15090) and health (15021)
 *   listeners;
 * - route configurations: gateway.go buildGatewayHTTPRouteConfig for each route name of
 *   ServersByRouteName: for each server, the VirtualServices bound to its Gateway
 *   (push_context.go VirtualServicesForGateway: private to the gateway's namespace, then exported
 *   to it, then public, each oldest first), a virtual host `HOST:SERVERPORT` per host both the
 *   server (NamesForNamespace) and the VirtualService name (Names.Intersection), its routes those
 *   the VirtualService gives the server's port and Gateway (./virtual-service-routes.ts), a second
 *   VirtualService's routes appended; a server with `tls.httpsRedirect` sets require_tls ALL on
 *   its hosts' virtual hosts and adds a route-less one for each host without; catch-all routes last
 *   (SortVHostRoutes); virtual hosts with the very same routes and require_tls folded into the
 *   most specific one's domains (collapseDuplicateRoutes); sorted by name; `blackhole:PORT` with no
 *   routes (a 404) when none; then the bootstrap's two inline ones;
 * - clusters: cluster.go buildClusters for gateways: the outbound clusters (as a sidecar of the
 *   gateway's namespace gets them), BlackHoleCluster, no passthrough or inbound clusters; then the
 *   bootstrap's static ones.
 * A server port below 1024 after translation (the gateway runs unprivileged) is a gap.
 */
import {asArray, asObject} from '../../engine/istio/access';
import {field, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {sidecarServices} from './sidecar-services';
import {bootstrapRouteConfigurations, type RouteConfiguration, type VirtualHost} from './sidecar-routes';
import {specChain, type EnvoyListener} from './sidecar-listeners';
import {virtualServiceRoutes, resolveGatewayName, type EnvoyRoute, type RouteSource} from './virtual-service-routes';
import {byAge, isHttpProtocol, mergeGateways, sniHostsFor, terminatesHttps} from './gateway-servers';
import {resolveHost, streamChains} from './gateway-stream-chains';
import {bootstrapListeners} from './bootstrap-listeners';

/** buildGatewayListeners: one listener per bind and translated port, the chains of its server ports in order; a listener without chains is dropped. */
export function gatewayListeners(proxy: Proxy, model: StateModel): EnvoyListener[] {
  const merged = mergeGateways(proxy, model);
  const listeners = new Map<string, EnvoyListener>();
  const tlsHostsByPort = new Map<number, Map<string, string>>();
  for (const serverPort of merged.serverPorts) {
    const address = serverPort.bind === '' ? '0.0.0.0' : serverPort.bind;
    const name = `${address}_${serverPort.number}`;
    const listener = listeners.get(name) ?? {address, port: serverPort.number, chains: [], name, role: 'gateway'};
    listeners.set(name, listener);
    if (isHttpProtocol(serverPort.protocol)) {
      // createGatewayHTTPFilterChainOpts: a match-all chain to the port's RDS route.
      listener.chains.push(specChain({match: {}, terminal: {rds: serverPort.routeName}, connectTimeout: true}));
      continue;
    }
    const tlsHosts = tlsHostsByPort.get(serverPort.number) ?? new Map<string, string>();
    tlsHostsByPort.set(serverPort.number, tlsHosts);
    for (const server of serverPort.servers) {
      if (terminatesHttps(server)) {
        // createGatewayHTTPFilterChainOpts: the server's SNI hosts (none when one is `*`, toFilterChainMatch), its TLS context, an HCM to its route.
        const sni = sniHostsFor(server);
        listener.chains.push(specChain({match: sni.length === 0 || sni.includes('*') ? {} : {sni}, terminal: {rds: server.routeName}, connectTimeout: true, gatewayTls: server}));
      } else {
        listener.chains.push(...streamChains(server, virtualServicesFor(server.gatewayName, proxy.pod.namespace, model), tlsHosts, proxy, model));
      }
    }
  }
  return [
    ...[...listeners.values()].filter((l) => l.chains.length > 0),
    ...bootstrapListeners(),
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

/** NamesForNamespace: the server's (sanitised) hosts that a VirtualService of `namespace` may take, their `ns/` dropped. */
function namesForNamespace(hosts: string[], namespace: string): string[] {
  return hosts.flatMap((h) => {
    const slash = h.indexOf('/');
    if (slash < 0) return [h];
    const ns = h.slice(0, slash);
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

/** buildGatewayHTTPRouteConfig for each route name, then the bootstrap's inline ones. */
export function gatewayRoutes(proxy: Proxy, model: StateModel): RouteConfiguration[] {
  const {serversByRouteName} = mergeGateways(proxy, model);
  const services = sidecarServices(model, proxy.pod.namespace);
  const lookupPorts = (hostname: string): number[] | undefined => services.find((s) => s.hostname === hostname)?.ports.map((p) => p.port);
  const source = (gatewayName: string): RouteSource => ({labels: stringMap(field(proxy.pod.value, 'metadata', 'labels')), namespace: proxy.pod.namespace, gatewayNames: new Set([gatewayName])});
  // Envoy dumps route configurations from a hash map, in no order istiod decides: here, by name.
  const routeNames = [...serversByRouteName.keys()].sort();
  const configurations: RouteConfiguration[] = routeNames.map((routeName) => {
    const onRoute = serversByRouteName.get(routeName)!;
    // Routes are built once per Gateway and VirtualService (gatewayRoutes' cache), so two hosts of one VirtualService share the very same list.
    const built = new Map<string, EnvoyRoute[]>();
    const vhosts = new Map<string, GatewayVirtualHost>();
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
          if (existing) {
            existing.routes = [...existing.routes, ...routes];
            if (server.httpsRedirect) existing.requireTls = 'ALL';
          } else vhosts.set(hostname, {name: `${hostname}:${server.port}`, domains: [hostname], routes: [...routes], ...(server.httpsRedirect ? {requireTls: 'ALL' as const} : {})});
        }
      }
      // A redirecting server's hosts without a virtual host get one of their own, with no routes.
      if (server.httpsRedirect) {
        for (const hostname of server.hosts.map((h) => h.toLowerCase())) {
          const existing = vhosts.get(hostname);
          if (existing) existing.requireTls = 'ALL';
          else vhosts.set(hostname, {name: `${hostname}:${server.port}`, domains: [hostname], routes: [], requireTls: 'ALL'});
        }
      }
    }
    let virtualHosts: VirtualHost[];
    if (vhosts.size === 0) virtualHosts = [{name: `blackhole:${onRoute[0]!.port}`, domains: ['*'], routes: [], includeRequestAttemptCount: false}];
    else {
      // collapseDuplicateRoutes: hosts in host.Names order; one whose routes (and require_tls) are the very same as an earlier one's lends it its domains.
      const kept: GatewayVirtualHost[] = [];
      for (const hostname of [...vhosts.keys()].sort(moreSpecific)) {
        const vhost = vhosts.get(hostname)!;
        const same = kept.find((k) => k.requireTls === vhost.requireTls && k.routes.length === vhost.routes.length && k.routes.every((r, i) => r === vhost.routes[i]));
        if (same) same.domains.push(...vhost.domains);
        else kept.push(vhost);
      }
      virtualHosts = kept.map((v) => ({name: v.name, domains: v.domains, routes: sortCatchAllLast(v.routes), ...(v.requireTls ? {requireTls: v.requireTls} : {})}));
      virtualHosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return {name: routeName, virtualHosts};
  });
  return [...configurations, ...bootstrapRouteConfigurations()];
}

interface GatewayVirtualHost {
  name: string;
  domains: string[];
  routes: EnvoyRoute[];
  requireTls?: 'ALL';
}

/** SortVHostRoutes: catch-all routes (IsCatchAllRoute) after the others, each in order. */
function sortCatchAllLast(routes: EnvoyRoute[]): EnvoyRoute[] {
  return [...routes.filter((r) => !r.catchAll), ...routes.filter((r) => r.catchAll)];
}
