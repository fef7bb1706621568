/**
 * The servers of the Istio Gateways that select a gateway proxy, merged as istiod 1.30.3 merges
 * them (pilot/pkg/model/gateway.go mergeGateways):
 * - Gateways whose selector the pod's labels match (any namespace: PILOT_SCOPE_GATEWAY_TO_NAMESPACE
 *   is off), oldest first; servers in order, their hosts sanitised (sanitizeServerHostNamespace:
 *   `./h` is `NS/h`, `* /h` is `h`);
 * - a server port translated to the targetPort of the first Service selecting the pod with that
 *   port (resolvePorts with the legacy selector), else kept;
 * - route names (gatewayRDSRouteName): `http.PORT[.BIND]` of the translated port for plain-text HTTP,
 *   `https.NUMBER.PORTNAME.GATEWAY.NS[.BIND]` of the server's own number for HTTPS that terminates
 *   TLS, none otherwise;
 * - servers on one translated port: plain-text HTTP ones merge into one route configuration; TLS
 *   ones sit side by side (a TLS server whose hosts repeat another's on the port is skipped,
 *   CheckDuplicates, as is an HTTPS server whose route name is taken); mixing plain text and TLS,
 *   or two plain-text protocols, keeps the first (RecordRejectedConfig).
 */
import {asArray, asObject} from '../../engine/istio/access';
import {isHttpProtocol as isHttpName, parseProtocol as parseName} from '../../engine/istio/protocol';
import {pushTo} from '../../engine/model/groups';
import {field, ModelGap, stringMap, type ModelObject, type StateModel} from './model';
import type {Proxy} from './istioctl-proxies';
import {selects, sidecarServices, targetPort} from './sidecar-services';

export interface GatewayServer {
  /** `NAMESPACE/NAME` of the Gateway. */
  gatewayName: string;
  gateway: ModelObject;
  /** The hosts after sanitizeServerHostNamespace: `NS/host` or `host`. */
  hosts: string[];
  /** The server's own port number (virtual host names carry it). */
  port: number;
  portName: string;
  /** pkg/config/protocol Parse of the server's protocol, upper case (`HTTP`, `HTTPS`, `TLS`, `TCP`, …). */
  protocol: string;
  /** tls.mode when the server has TLS settings (`PASSTHROUGH`, the enum's zero value, when unset), else undefined. */
  tlsMode?: string;
  httpsRedirect: boolean;
  /** Server.name, '' when unnamed (an HTTPS chain's stat prefix when set). */
  name: string;
  /** The server's `tls` block as written, undefined without one. */
  tls?: Record<string, unknown>;
  /** The address the server binds to, '' for the wildcard. */
  bind: string;
  /** The port the proxy listens on: the translated one. */
  listenPort: number;
  /** gatewayRDSRouteName, '' for none. */
  routeName: string;
}

/** A listener's server group: model.ServerPort with its MergedServers. */
export interface MergedServerPort {
  number: number;
  protocol: string;
  bind: string;
  servers: GatewayServer[];
  routeName: string;
}

export interface MergedGateway {
  /** ServerPorts in the order mergeGateways appends them. */
  serverPorts: MergedServerPort[];
  /** ServersByRouteName: the HTTP and terminating HTTPS servers of each route configuration. */
  serversByRouteName: Map<string, GatewayServer[]>;
  /** ContainsAutoPassthroughGateways: an AUTO_PASSTHROUGH server passed the duplicate check, so istiod adds SNI-DNAT clusters. */
  autoPassthrough: boolean;
}

/** The server protocols whose listeners are modelled here: the HTTP family, HTTPS, TLS and TCP. */
const isModelledProtocol = (protocol: string): boolean => isHttpProtocol(protocol) || ['HTTPS', 'TLS', 'TCP'].includes(protocol);

/** protocol.Parse (engine/istio/protocol.ts), upper case as the servers carry it; 'UNSUPPORTED' for an unknown name. */
const parseProtocol = (name: string): string => parseName(name).toUpperCase();
/** protocol.Instance IsHTTP over an upper-case name. */
export const isHttpProtocol = (protocol: string): boolean => isHttpName(parseName(protocol));
export const isPassthrough = (server: Pick<GatewayServer, 'tlsMode'>): boolean => server.tlsMode === 'PASSTHROUGH' || server.tlsMode === 'AUTO_PASSTHROUGH';
/** gateway.IsTLSServer: TLS settings on a protocol that is not plain-text HTTP (an HTTPS redirect is not one). */
export const isTlsServer = (server: GatewayServer): boolean => server.tlsMode !== undefined && !isHttpProtocol(server.protocol);
/** gateway.IsHTTPServer: plain-text HTTP, or HTTPS that terminates TLS. */
export const isHttpServer = (server: GatewayServer): boolean => isHttpProtocol(server.protocol) || (server.protocol === 'HTTPS' && !isPassthrough(server));
/** gateway.IsHTTPSServerWithTLSTermination. */
export const terminatesHttps = (server: GatewayServer): boolean => server.tlsMode !== undefined && server.protocol === 'HTTPS' && !isPassthrough(server);

/** GetSNIHostsForServer: the hosts without their namespace, once each, sorted. */
export function sniHostsFor(server: GatewayServer): string[] {
  if (server.tlsMode === undefined) return [];
  return [...new Set(server.hosts.map((h) => (h.includes('/') ? h.split('/')[1]! : h)))].sort();
}

const created = (o: ModelObject, what: string, several: boolean): string => {
  const timestamp = field(o.value, 'metadata', 'creationTimestamp');
  if (typeof timestamp !== 'string' && several) throw new ModelGap(`the model does not say when ${what} ${o.namespace}/${o.name} was created, which orders them for istiod`);
  return typeof timestamp === 'string' ? timestamp : '';
};
/** Config order: oldest first, then namespace/name. */
export const byAge = (what: string) => (a: ModelObject, b: ModelObject, all: readonly ModelObject[]): number => {
  const x = created(a, what, all.length > 1);
  const y = created(b, what, all.length > 1);
  return x < y ? -1 : x > y ? 1 : `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1;
};

/** sanitizeServerHostNamespace. */
function sanitizeHosts(hosts: string[], namespace: string, what: string): string[] {
  if (hosts.includes('*/*') && hosts.length > 1) throw new ModelGap(`${what} lists */* beside other hosts, which istiod's sanitizeServerHostNamespace does not handle: not modelled here`);
  return hosts.flatMap((h) => {
    const slash = h.indexOf('/');
    if (slash < 0) return [h];
    const ns = h.slice(0, slash);
    const name = h.slice(slash + 1);
    if (ns === '.') return [`${namespace}/${name}`];
    if (ns === '*') return [name];
    return [h];
  });
}

/** gatewayRDSRouteName. */
function routeNameFor(server: Omit<GatewayServer, 'routeName'>): string {
  const bind = server.bind === '' ? '' : `.${server.bind}`;
  if (isHttpProtocol(server.protocol)) return `http.${server.listenPort}${bind}`;
  if (server.protocol === 'HTTPS' && !isPassthrough(server)) return `https.${server.port}.${server.portName}.${server.gateway.name}.${server.gateway.namespace}${bind}`;
  return '';
}

/** The Gateways selecting the proxy's pod, oldest first. */
export function selectingGateways(proxy: Proxy, model: StateModel): ModelObject[] {
  const labels = stringMap(field(proxy.pod.value, 'metadata', 'labels'));
  const gateways = model.objects.filter((o) => o.group === 'networking.istio.io' && o.kind === 'Gateway'
    && Object.entries(stringMap(field(o.value, 'spec', 'selector'))).every(([key, value]) => labels[key] === value));
  const order = byAge('Gateway');
  return gateways.sort((a, b) => order(a, b, gateways));
}

/** Every server of the selecting Gateways, its port translated, before merging. */
export function gatewayServers(proxy: Proxy, model: StateModel): GatewayServer[] {
  const instances = sidecarServices(model, proxy.pod.namespace).filter((s) => selects(s, proxy.pod));
  const servers: GatewayServer[] = [];
  for (const gateway of selectingGateways(proxy, model)) {
    for (const server of asArray(asObject(gateway.value.spec)?.servers).map(asObject)) {
      const what = `Gateway ${gateway.namespace}/${gateway.name}`;
      if (field(server, 'port') === undefined) continue;
      const protocol = parseProtocol(String(field(server, 'port', 'protocol') ?? ''));
      if (!isModelledProtocol(protocol)) throw new ModelGap(`${what} has a ${String(field(server, 'port', 'protocol') ?? 'protocol-less')} server, whose listener is not modelled here (HTTP, HTTPS, TLS and TCP servers only)`);
      const tls = asObject(server?.tls);
      // ServerTLSSettings.TLSmode's zero value is PASSTHROUGH: a `tls` block without `mode` passes through.
      const tlsMode = tls === undefined ? undefined : String(tls.mode ?? 'PASSTHROUGH');
      if (protocol === 'HTTPS' && tlsMode === undefined) throw new ModelGap(`${what} has an HTTPS server without TLS settings, which validation rejects: not modelled here`);
      const bind = typeof server?.bind === 'string' ? server.bind : '';
      if (bind !== '' && !/^[\d.]+$/.test(bind)) throw new ModelGap(`${what} binds a server to ${bind}, not an IPv4 address, which is not modelled here`);
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
      const partial = {
        gatewayName: `${gateway.namespace}/${gateway.name}`, gateway, hosts: sanitizeHosts(asArray(server?.hosts).map(String), gateway.namespace, what),
        port: number, portName: String(field(server, 'port', 'name') ?? ''), protocol, ...(tlsMode === undefined ? {} : {tlsMode}),
        httpsRedirect: tls?.httpsRedirect === true, bind, listenPort, name: typeof server?.name === 'string' ? server.name : '', ...(tls === undefined ? {} : {tls}),
      };
      servers.push({...partial, routeName: routeNameFor(partial)});
    }
  }
  return servers;
}

/** mergeGateways over the servers: the server ports in order and the servers of each route name. */
export function mergeGateways(proxy: Proxy, model: StateModel): MergedGateway {
  const gatewayPorts = new Set<number>();
  const plainText = new Map<number, MergedServerPort>();
  const nonPlainTextBinds = new Map<number, Set<string>>();
  const merged = new Map<string, MergedServerPort>();
  const serverPorts: MergedServerPort[] = [];
  const serversByRouteName = new Map<string, GatewayServer[]>();
  const tlsHostsByPort = new Map<number, Map<string, string>>();
  let autoPassthrough = false;
  const key = (number: number, protocol: string, bind: string): string => `${number}|${protocol}|${bind}`;
  const add = (server: GatewayServer): MergedServerPort => {
    const entry: MergedServerPort = {number: server.listenPort, protocol: server.protocol, bind: server.bind, servers: [server], routeName: server.routeName};
    merged.set(key(entry.number, entry.protocol, entry.bind), entry);
    serverPorts.push(entry);
    return entry;
  };
  /** addPlainTextServer. */
  const addPlainText = (server: GatewayServer): void => {
    const entry = add(server);
    if (!isTlsServer(server)) plainText.set(server.listenPort, entry);
    if (isHttpServer(server)) serversByRouteName.set(server.routeName, [server]);
  };
  for (const server of gatewayServers(proxy, model)) {
    const port = server.listenPort;
    if (server.tlsMode !== undefined) {
      // CheckDuplicates: a TLS server repeating a host already served on this port and bind is skipped.
      const known = tlsHostsByPort.get(port) ?? new Map<string, string>();
      tlsHostsByPort.set(port, known);
      if (server.hosts.some((h) => known.get(h) === server.bind)) continue;
      for (const h of server.hosts) known.set(h, server.bind);
      if (server.tlsMode === 'AUTO_PASSTHROUGH') autoPassthrough = true;
    }
    if (!gatewayPorts.has(port)) {
      gatewayPorts.add(port);
      addPlainText(server);
      continue;
    }
    const current = plainText.get(port);
    if (current) {
      // canMergeProtocols: both plain-text HTTP.
      const canMerge = isHttpProtocol(server.protocol) && (isHttpProtocol(current.protocol) || current.protocol === server.protocol);
      if (!canMerge && current.bind === server.bind) continue;
      if (server.routeName === '' && current.bind === server.bind) continue;
      if (current.bind !== server.bind) {
        const existing = merged.get(key(port, server.protocol, server.bind));
        if (!existing) addPlainText(server);
        else {
          existing.routeName = server.routeName;
          existing.servers.push(server);
          pushTo(serversByRouteName, server.routeName, server);
        }
      } else {
        current.servers.push(server);
        pushTo(serversByRouteName, server.routeName, server);
      }
      continue;
    }
    if (!isTlsServer(server)) {
      const entry = add(server);
      plainText.set(port, entry);
      if (isHttpServer(server)) serversByRouteName.set(server.routeName, [server]);
      continue;
    }
    if (isHttpServer(server)) {
      if (server.routeName === '' || serversByRouteName.has(server.routeName)) continue;
      serversByRouteName.set(server.routeName, [server]);
    }
    const binds = nonPlainTextBinds.get(port);
    let newBind = true;
    if (binds) {
      newBind = !binds.has(server.bind);
      binds.add(server.bind);
    } else nonPlainTextBinds.set(port, new Set([server.bind]));
    if (server.tlsMode === undefined && !newBind) continue;
    const existing = merged.get(key(port, server.protocol, server.bind));
    if (existing) existing.servers.push(server);
    else add(server);
  }
  return {serverPorts, serversByRouteName, autoPassthrough};
}
