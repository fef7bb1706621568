/**
 * The mTLS matrix for Linkerd clients and Linkerd-meshed destinations (Linkerd 2.20, "Automatic
 * mTLS"): the proxies mTLS every TCP connection between two meshed pods, with identities
 * `sa.ns.serviceaccount.identity.linkerd.cluster.local`, with no configuration; traffic to or
 * from a pod without Linkerd's proxy is plain text. Protocol does not change that: an opaque port
 * (the `config.linkerd.io/opaque-ports` annotation or the chart's default list, or a Server with
 * `proxyProtocol: opaque`) travels as opaque transport over mTLS to the inbound proxy's port 4143
 * (linkerd2-proxy `app/outbound/src/opaq`, transport header), and an application's own TLS (a
 * Server's `proxyProtocol: TLS`, or HTTPS the client starts) is proxied as TCP inside the mTLS.
 * Whether the destination's policy admits a client without identity is Linkerd's authorization's
 * answer (linkerd/attach.ts), not the connection's.
 */
import {podPortOf} from './pod-port';
import type {MtlsConnection} from './mtls-connection';
import {DEFAULT_CLUSTER_INFO, serviceAccountIdentity} from './linkerd/cluster-info';
import {serverFor} from './linkerd/servers';
import {findWorkload, linkerdWorkload, type LinkerdWorkload} from './linkerd/workloads';
import type {World} from './world';

export interface LinkerdClientEnd {
  meshed: boolean;
  /** The client's Linkerd identity when meshed. */
  identity?: string;
  because: string;
}

/** The destination workload's Linkerd proxy, if it runs one. */
export function linkerdServer(world: World, namespace: string, workload: string): LinkerdWorkload | undefined {
  const resource = findWorkload(world, namespace, workload);
  const found = resource && linkerdWorkload(world, resource, DEFAULT_CLUSTER_INFO);
  return found?.meshed ? found : undefined;
}

/** How the inbound proxy takes the port: `opaque`, the application's `TLS`, or detected HTTP/TCP. */
function portHandling(world: World, server: LinkerdWorkload, port: number): {kind: 'opaque' | 'tls' | 'detect'; because: string} {
  const selected = serverFor(world, server, port);
  if (selected?.protocol === 'opaque') return {kind: 'opaque', because: `Server ${selected.resource.namespace}/${selected.resource.name} has proxyProtocol opaque`};
  if (selected?.protocol === 'TLS') return {kind: 'tls', because: `Server ${selected.resource.namespace}/${selected.resource.name} has proxyProtocol TLS`};
  if (server.opaquePorts.has(port)) return {kind: 'opaque', because: `port ${port} is opaque (config.linkerd.io/opaque-ports, or the chart's default list)`};
  return {kind: 'detect', because: selected ? `Server ${selected.resource.namespace}/${selected.resource.name} (protocol ${selected.protocol})` : 'no Server: protocol detection'};
}

/** One connection to a destination workload (through a Service's `port`) when Linkerd is on either end. */
export function linkerdConnect(world: World, client: LinkerdClientEnd, destination: {workload: string; namespace: string; host: string; port: number}): MtlsConnection {
  const server = linkerdServer(world, destination.namespace, destination.workload);
  // The pod port as every reader takes it (pod-port.ts); a name the pod lacks: the Service port.
  const port = podPortOf(world.serviceByFqdn(destination.host), destination.port, server?.resource) ?? destination.port;
  const base = {workload: destination.workload, namespace: destination.namespace};
  const serverSide = (because: string): MtlsConnection['server'] => ({dataplane: server ? 'linkerd' : 'none', because});
  const clientSide = (sends: 'linkerd-mtls' | 'plaintext', because: string): MtlsConnection['client'] => ({dataplane: client.meshed ? 'linkerd' : 'none', sends, because});
  if (!server) {
    return {...base, client: clientSide('plaintext', client.meshed ? `${client.because}: its proxy sends plain text to a pod without Linkerd's proxy` : `${client.because}: no proxy, the application's plain text`),
      server: serverSide('no Linkerd proxy'), result: 'plaintext', reason: 'plain text: Linkerd mTLS needs a proxy on both ends'};
  }
  const handling = portHandling(world, server, port);
  const identity = serviceAccountIdentity(DEFAULT_CLUSTER_INFO, server.namespace, server.serviceAccount);
  const serverBecause = `${server.meshedBecause}; identity ${identity}; port ${port}: ${handling.because}`;
  if (!client.meshed) {
    return {...base, client: clientSide('plaintext', `${client.because}: no Linkerd proxy, the application's plain text`), server: serverSide(serverBecause),
      result: 'plaintext', reason: 'plain text from a client without identity: the inbound proxy takes it, and the destination\'s policy decides whether to admit it (Linkerd\'s authorization)'};
  }
  const carried = handling.kind === 'opaque' ? 'as opaque transport over mTLS to the inbound proxy (port 4143)'
    : handling.kind === 'tls' ? 'the application\'s TLS proxied as TCP inside mTLS' : 'over mTLS, the inbound proxy detecting the protocol';
  return {...base, client: clientSide('linkerd-mtls', `${client.because}${client.identity ? ` (identity ${client.identity})` : ''}`), server: serverSide(serverBecause),
    result: 'mtls', reason: `Linkerd's automatic mTLS between meshed pods: ${carried}`};
}
