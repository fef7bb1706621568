/**
 * The servers an Istio ingress gateway's proxy listens with: not only the named Gateway's, but
 * those of every Gateway that selects the proxy's pod, merged per port as istiod 1.30.3 merges them.
 *
 * pilot/pkg/model/push_context.go initGateways, mergeGateways: every Gateway (every namespace;
 * PILOT_SCOPE_GATEWAY_TO_NAMESPACE, off by default, would keep the proxy's namespace only) whose
 * selector is a subset of the pod's labels, or that has no selector, oldest first (creation time,
 * then name, then namespace: configCompareByCreationTime).
 *
 * pilot/pkg/model/gateway.go mergeGateways, per server in that order (`bind` kept apart):
 * - a server with `tls` whose hosts repeat a host a TLS server of the port already has is skipped
 *   (CheckDuplicates: Envoy refuses two filter chains with the same SNI match);
 * - the port's first server opens it; a plaintext server (no `tls`, or HTTP with `tls`) sets the
 *   port's plaintext protocol;
 * - on a plaintext port, a later server is merged only when both are HTTP (canMergeProtocols) and it
 *   has a route name (HTTP): HTTP servers share one route configuration `http.<port>`, so their
 *   hosts' virtual hosts merge; anything else conflicts and is skipped;
 * - on a port opened by a TLS server, a later TLS server is merged (its own filter chain, told apart
 *   by SNI), and so is a plaintext server (a chain without SNI on the same listener).
 * A skipped server counts in `pilot_total_rejected_configs`; istioctl analyze reports Gateways of
 * one selector declaring the same host on a port as IST0145 ConflictingGateways
 * (engine/analysis/analyzers/gateway/conflictingGateway.ts).
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../engine/istio/access';
import {stringLabels} from '../engine/model/cluster';
import {hostSpecificity, hostSubsetOf} from '../engine/model/hosts';
import {isHttpProtocol, isHttpServer} from './gateway-l4';
import {bindReaches, gatewayArrival, gatewayServices, isWildcardBind, listenerPortOf} from './gateway-ports';
import {creationSecond} from './gatewayapi/resources';
import type {SimSource} from './source';
import type {Located, World, WorldResource} from './world';

export interface GatewayServer {
  server: Obj;
  /** Its index in its Gateway's `servers`. */
  index: number;
  /** `namespace/name` of the Gateway it belongs to. */
  gatewayName: string;
  resource: WorldResource;
}

export interface PortServers {
  /** The servers istiod keeps on the port, in merge order. */
  servers: GatewayServer[];
  /** Servers of the port istiod skipped, and why. */
  skipped: Array<GatewayServer & {why: string}>;
  /** Every Gateway that selects the proxy, oldest first. */
  gateways: WorldResource[];
}

/** The Istio Gateways whose selector the gateway proxy's labels satisfy (none: all), in istiod's order. */
export function gatewaysSelecting(world: World, labels: Readonly<Record<string, string>>, also?: WorldResource): WorldResource[] {
  return world.gateways.filter((gateway) => {
    if (gateway === also) return true;
    const selector = stringLabels(asObject(gateway.spec.selector));
    return Object.entries(selector).every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value);
  }).sort((a, b) => creationSecond(a) - creationSecond(b) || compare(a.name, b.name) || compare(a.namespace, b.namespace));
}

/** The merged servers of one port of the proxy `source` (a gateway source), by the servers' own `port.number`. */
export function serversOnPort(world: World, source: SimSource, port: number): PortServers {
  return mergeServers(world, source, (number) => number === port);
}

/**
 * The merged servers of the listener on the proxy's pod port `listenerPort`: those whose `port.number`
 * resolves to it through the gateway Service's targetPorts (gateway-ports.ts, resolvePorts), merged
 * per resolved port as mergeGateways merges them.
 */
export function serversOnListener(world: World, source: SimSource, listenerPort: number): PortServers {
  const services = gatewayServices(world, source);
  return mergeServers(world, source, (number) => listenerPortOf(world, source, number, services) === listenerPort);
}

function mergeServers(world: World, source: SimSource, onPort: (number: number) => boolean): PortServers {
  // The named Gateway takes part even when no pod carries its selector's labels.
  const gateways = gatewaysSelecting(world, source.labels, source.gatewayResource);
  const servers: GatewayServer[] = [];
  const skipped: PortServers['skipped'] = [];
  const tlsHosts = new Map<string, string>();
  let plaintext: {protocol: string; bind: string} | undefined;
  for (const resource of gateways) {
    const gatewayName = `${resource.namespace}/${resource.name}`;
    asArray(resource.spec.servers).forEach((raw, index) => {
      const server = asObject(raw);
      const number = asNumber(asObject(server?.port)?.number);
      if (!server || number === undefined || !onPort(number)) return;
      const entry = {server, index, gatewayName, resource};
      const skip = (why: string) => skipped.push({...entry, why});
      const bind = asString(server.bind) ?? '';
      const protocol = (asString(asObject(server.port)?.protocol) ?? '').toUpperCase();
      const tls = asObject(server.tls) !== undefined;
      if (tls) {
        const hosts = asArray(server.hosts).filter((h): h is string => typeof h === 'string').map((h) => (h.startsWith('./') ? `${resource.namespace}/${h.slice(2)}` : h));
        const repeated = hosts.filter((h) => tlsHosts.get(h) === bind);
        if (repeated.length > 0) return skip(`it repeats host${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')} of an earlier TLS server on port ${number} (CheckDuplicates: the first server wins)`);
        for (const h of hosts) tlsHosts.set(h, bind);
      }
      const tlsServer = tls && !isHttpProtocol(protocol);
      if (servers.length === 0 || !plaintext && !tlsServer) {
        // The port's first server, or a plaintext one beside TLS servers (its own chain on the listener).
        if (!tlsServer) plaintext = {protocol, bind};
        servers.push(entry);
        return;
      }
      // canMergeProtocols: only HTTP servers share the port's one route configuration.
      const merges = plaintext && (isHttpProtocol(plaintext.protocol) || plaintext.protocol === protocol) && isHttpProtocol(protocol);
      if (plaintext && !merges && plaintext.bind === bind) return skip(`port ${number} is already ${plaintext.protocol} plaintext: a ${protocol || 'protocol-less'} server conflicts with it (canMergeProtocols: only HTTP servers merge)`);
      servers.push(entry);
    });
  }
  return {servers, skipped, gateways};
}

/** Go's strings.Compare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The servers whose routes an HTTP request on the port reads. Plaintext HTTP servers share one
 * route configuration, `http.<port>`; each HTTPS server that terminates TLS has its own
 * (`https.<port>.<name>.<gateway>.<namespace>`: gatewayRDSRouteName), behind a filter chain Envoy
 * picks by SNI (the request's host): exact, then the longest wildcard, then `*`. No HTTPS server
 * takes the SNI: all of them, so the caller reports the host as not served.
 */
export function httpServersFor(servers: readonly GatewayServer[], host: string): GatewayServer[] {
  const http = servers.filter((s) => isHttpServer(s.server));
  const plaintext = http.filter(servesPlaintext);
  if (plaintext.length > 0) return plaintext;
  const score = (s: GatewayServer): number => Math.max(-1, ...hostsOf(s).filter((h) => hostSubsetOf(host, h)).map(hostSpecificity));
  const best = Math.max(-1, ...http.map(score));
  return best < 0 ? http : [http.find((s) => score(s) === best)!];
}

/** An HTTP server that terminates no TLS: no `tls`, or a plaintext protocol whose `tls` only redirects (httpsRedirect). */
export const servesPlaintext = (s: GatewayServer): boolean => asObject(s.server.tls) === undefined || isHttpProtocol(asString(asObject(s.server.port)?.protocol) ?? '');

/** Hosts that servers of different Gateways declare on the port (same bind): what IST0145 ConflictingGateways reports. */
export function hostsSharedAcrossGateways(servers: readonly GatewayServer[]): Array<{host: string; gateways: string[]}> {
  const byHost = new Map<string, Set<string>>();
  for (const s of servers) {
    for (const host of asArray(s.server.hosts).filter((h): h is string => typeof h === 'string')) {
      const key = `${host}\u0000${asString(s.server.bind) ?? ''}`;
      byHost.set(key, (byHost.get(key) ?? new Set()).add(s.gatewayName));
    }
  }
  return [...byHost].filter(([, names]) => names.size > 1).map(([key, names]) => ({host: key.split('\u0000')[0]!, gateways: [...names]}));
}

/** A server's hosts without their `namespace/` part. */
function hostsOf(s: GatewayServer): string[] {
  return asArray(s.server.hosts).filter((h): h is string => typeof h === 'string').map((h) => h.slice(h.indexOf('/') + 1));
}

/** The listener a connection to the gateway's port `port` reaches, with the servers it holds; or why none does. */
export type GatewayListener =
  | {refused: string; reason: string; at?: Located}
  | PortServers & {listenerPort: number; why?: string; serviceAt?: Located; unbound: GatewayServer[]};

/**
 * The servers a connection to the gateway's (Service) port `port` meets: the listener on the pod port the
 * Service sends it to (gateway-ports.ts); among them, those bound to the pod's own address when there are
 * any (Envoy prefers the listener with the exact address), else those on 0.0.0.0; `unbound` lists the
 * servers whose `bind` address the connection does not arrive at.
 */
export function gatewayListener(world: World, source: SimSource, port: number): GatewayListener {
  const arrival = gatewayArrival(world, source, port);
  if ('refused' in arrival) return arrival;
  const merged = serversOnListener(world, source, arrival.listenerPort);
  const bindOf = (s: GatewayServer) => asString(s.server.bind) ?? '';
  const reached = merged.servers.filter((s) => bindReaches(world, source, bindOf(s)));
  const exact = reached.filter((s) => !isWildcardBind(bindOf(s)));
  const servers = exact.length > 0 ? exact : reached;
  return {...merged, servers, listenerPort: arrival.listenerPort, why: arrival.why, serviceAt: arrival.at, unbound: merged.servers.filter((s) => !servers.includes(s))};
}
