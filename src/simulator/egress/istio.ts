/**
 * Istio's answer for a host outside the client's registry, and for a host a ServiceEntry registers.
 *
 * - Unregistered host (no Service, no ServiceEntry exported to the client, or a ServiceEntry
 *   without the port): plain HTTP to a port on which some service declares HTTP (or leaves the
 *   protocol to sniffing) meets the sidecar's `0.0.0.0_<port>` listener, whose route configuration
 *   ends with a catch-all virtual host: `allow_any` to PassthroughCluster under ALLOW_ANY, `block_all`
 *   with a direct 502 under REGISTRY_ONLY (pilot/pkg/networking/core/httproute.go, util.Passthrough
 *   and util.BlackHole). Anything else (TLS, or a port no HTTP service uses) falls to the
 *   virtualOutbound listener's passthrough chain: PassthroughCluster, or BlackHoleCluster, which
 *   has no endpoint, so the connection is reset.
 * - A client without a proxy has no policy: its connection goes out as it is.
 * - A registered host: the ServiceEntry's cluster; MESH_EXTERNAL marks it as outside the mesh
 *   (no mTLS from the sidecar), `resolution` says how Envoy finds its address.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {convertProtocol, parseProtocol, protocolHandling} from '../../engine/model/istio-protocol';
import {dataplaneOf} from '../mtls-dataplane';
import {reachesPods, type Decision, type TraceStep} from '../decision';
import {resolveBackend} from '../destinations';
import {finish, resourceRef} from '../outcome';
import type {SimRequest} from '../request';
import type {SimSource} from '../source';
import {exportedTo, locate, type World, type WorldResource} from '../world';
import {outboundPolicyOf} from './outbound-policy';
import type {EgressDecision} from './types';

/** An HTTP listener serves this port: its protocol is of the HTTP family, or one Istio cannot name and sniffs. */
const listensHttp = (protocol: string): boolean => ['http', 'sniffed'].includes(protocolHandling(protocol));

/** A sidecar has a `0.0.0.0_<port>` HTTP listener when some Service or ServiceEntry serves HTTP (declared or sniffed) on that port. */
export function httpListenerOn(world: World, port: number): WorldResource | undefined {
  for (const service of world.services) {
    for (const p of asArray(service.spec.ports).map(asObject)) {
      if (p && asNumber(p.port) === port && listensHttp(convertProtocol(p))) return service;
    }
  }
  for (const entry of world.serviceEntries) {
    for (const p of asArray(entry.spec.ports).map(asObject)) {
      // A ServiceEntry port's protocol is its `protocol` alone (serviceentry conversion.go convertPort), not its name.
      if (p && asNumber(p.number) === port && listensHttp(parseProtocol(asString(p.protocol) ?? ''))) return entry;
    }
  }
  return undefined;
}

/** The ServiceEntry that puts `host` in this client's registry, or why none does. */
export function registeredEntry(entry: WorldResource, clientNamespace: string, port: number): {registered: true} | {registered: false; why: string} {
  if (!exportedTo(entry, clientNamespace)) return {registered: false, why: `ServiceEntry ${entry.namespace}/${entry.name} is not exported to ${clientNamespace}`};
  const ports = asArray(entry.spec.ports).map((p) => asNumber(asObject(p)?.number)).filter((n): n is number => n !== undefined);
  if (!ports.includes(port)) return {registered: false, why: `ServiceEntry ${entry.namespace}/${entry.name} declares port${ports.length === 1 ? '' : 's'} ${ports.join(', ') || 'none'}, not ${port}`};
  return {registered: true};
}

export function routeUnregistered(world: World, request: SimRequest, source: SimSource, host: string, port: number, base: Decision, trace: TraceStep[]): Decision {
  const egress = (extra: Omit<EgressDecision, 'mesh' | 'host' | 'port'>): EgressDecision => ({mesh: 'istio', host, port, ...extra});
  if (source.kind === 'sidecar' && world.namespaceExists(source.namespace) && dataplaneOf(world, source.namespace, source.labels).dataplane === 'none') {
    trace.push({message: `the client has no Istio proxy: nothing applies an outbound traffic policy, the connection goes to ${host} as the application opened it`});
    return finish({...base, outcome: 'passthrough', status: null, summary: `no proxy on the client: ${host} is reached directly`,
      egress: egress({verdict: 'allowed', answer: `${host} answers (no proxy in the way)`})}, trace);
  }
  const policy = outboundPolicyOf(world, source);
  const proxy = source.kind === 'gateway' ? `gateway ${source.gateway}` : 'the sidecar';
  trace.push({message: `${host}:${port} is not in ${proxy}'s registry; outbound traffic policy ${policy.mode} (${policy.from})`, at: policy.at});
  const listener = request.scheme === 'http' ? httpListenerOn(world, port) : undefined;
  const egressProxy = policy.mode === 'ALLOW_ANY' ? egressProxyOf(policy.sidecar) : undefined;
  const policyInfo = {mode: policy.mode, from: policy.from, at: policy.at};
  if (listener) {
    trace.push({message: `plain HTTP on port ${port}: ${proxy}'s 0.0.0.0_${port} listener serves it (${listener.kind} ${listener.namespace}/${listener.name} has an HTTP port ${port}), and no virtual host names ${host}`, at: listener.at});
  } else {
    trace.push({message: request.scheme === 'http'
      ? `no service declares HTTP on port ${port}: the connection takes the virtualOutbound listener's passthrough chain (L4, no HTTP route)`
      : `${request.scheme.toUpperCase()} to port ${port}: the proxy sees TLS bytes, not HTTP, and takes the virtualOutbound listener's passthrough chain (L4)`});
  }
  if (policy.mode === 'ALLOW_ANY') {
    const cluster = egressProxy ? `outbound|${egressProxy.port ?? port}||${egressProxy.host}` : 'PassthroughCluster';
    trace.push({message: egressProxy
      ? `ALLOW_ANY with egressProxy: the request goes to ${egressProxy.host}${egressProxy.port ? `:${egressProxy.port}` : ''}, the Sidecar's egress proxy`
      : `${listener ? 'route allow_any' : 'the passthrough chain'} sends it to PassthroughCluster: the original destination, ${host}:${port}, as DNS resolved it for the application`});
    return finish({...base, outcome: 'passthrough', status: null, summary: `no Istio route for ${host}: passed through to the original destination`,
      egress: egress({verdict: 'allowed', cluster, policy: policyInfo, answer: egressProxy ? `sent to the egress proxy ${egressProxy.host}` : `${host} answers (PassthroughCluster)`})}, trace);
  }
  if (listener) {
    trace.push({message: 'REGISTRY_ONLY: the catch-all virtual host block_all answers every path with a direct 502; nothing leaves the pod'});
    return finish({...base, outcome: 'direct-response', status: 502, directResponse: {status: 502}, summary: `502 from ${proxy}: ${host} is not registered and the outbound traffic policy is REGISTRY_ONLY`,
      egress: egress({verdict: 'blocked', cluster: 'block_all', policy: policyInfo, answer: `502 Bad Gateway from ${proxy} (route block_all)`})}, trace);
  }
  trace.push({message: 'REGISTRY_ONLY: the passthrough chain sends the connection to BlackHoleCluster, which has no endpoint: the connection is reset'});
  return finish({...base, outcome: 'unreachable', status: null, summary: `connection reset by ${proxy}: ${host} is not registered and the outbound traffic policy is REGISTRY_ONLY (BlackHoleCluster)`,
    egress: egress({verdict: 'blocked', cluster: 'BlackHoleCluster', policy: policyInfo, answer: 'connection reset (BlackHoleCluster)'})}, trace);
}

function egressProxyOf(sidecar: WorldResource | undefined): {host: string; port?: number} | undefined {
  const proxy = sidecar && asObject(asObject(sidecar.spec.outboundTrafficPolicy)?.egressProxy);
  const host = proxy && asString(proxy.host);
  return host ? {host, port: asNumber(asObject(proxy.port)?.number)} : undefined;
}

/** The egress facts of a request a ServiceEntry registers: MESH_EXTERNAL hosts leave the mesh through its cluster. */
export function serviceEntryEgress(world: World, decision: Decision, source: SimSource): EgressDecision | undefined {
  const destination = decision.destinations.find((d) => reachesPods(d) && resolveBackend(world, d.host).kind === 'service-entry');
  const entry = destination && resolveBackend(world, destination.host).resource;
  if (!destination || !entry || asString(entry.spec.location) !== 'MESH_EXTERNAL') return undefined;
  const policy = outboundPolicyOf(world, source);
  return {
    mesh: 'istio', host: destination.host, port: destination.port, verdict: 'allowed', cluster: destination.cluster,
    answer: destination.connection ? `connection established to ${destination.host} through cluster ${destination.cluster}` : `${destination.host} answers through cluster ${destination.cluster}`,
    policy: {mode: policy.mode, from: policy.from, at: policy.at},
    serviceEntry: {...resourceRef(entry), at: locate(entry, 'spec', 'hosts'), location: 'MESH_EXTERNAL', resolution: asString(entry.spec.resolution) ?? 'NONE'},
  };
}

/** The Istio Gateway whose proxy runs the pods a destination reaches (an egress gateway), with a server for `port`. */
export function gatewayAt(world: World, labels: Record<string, string>, port: number): WorldResource | undefined {
  const selecting = world.gateways.filter((g) => {
    const selector = asObject(g.spec.selector) as Obj | undefined;
    const entries = Object.entries(selector ?? {});
    return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
  });
  return selecting.find((g) => asArray(g.spec.servers).some((s) => asNumber(asObject(asObject(s)?.port)?.number) === port)) ?? selecting[0];
}
