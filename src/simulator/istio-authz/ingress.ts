/**
 * Authorization at an ingress gateway itself, before it routes: the gateway's Envoy runs the same
 * jwt_authn and RBAC filters as a sidecar, ahead of its router (istio 1.30.3
 * pilot/pkg/networking/core/gateway.go buildGatewayHTTPFilterChain takes the authn and authz
 * filters of the gateway proxy), with the policies that attach to its pods (policies.ts: a classic
 * gateway by `selector`, a Gateway API gateway by `targetRefs` to its Gateway). A request it denies
 * never reaches the router: the client gets the gateway's 403 (or 401 for a rejected token).
 *
 * What the gateway sees of the client (gateway.go buildGatewayConnectionManager: gateways set
 * use_remote_address, and xff_num_trusted_hops from the proxy config's
 * gatewayTopology.numTrustedProxies, 0 by default):
 * - `source.ip` (ipBlocks) is the address of the connection's peer, the client or the last load
 *   balancer in front of the gateway;
 * - `remote.ip` (remoteIpBlocks) is Envoy's original client address: with N trusted hops, the Nth
 *   address from the right of the x-forwarded-for it received (the peer when it holds fewer);
 *   with none trusted, the peer's address, whatever x-forwarded-for says (Envoy, "Original IP
 *   detection": use_remote_address and xff_num_trusted_hops);
 * - no principal: the external client does not speak Istio mTLS.
 * `destination.port` is the gateway pod's port: the container port behind the gateway Service's
 * port (80 → 8080 for the chart's istio-ingressgateway).
 *
 * A server that is neither HTTP nor HTTPS terminated at the gateway (TCP, TLS, HTTPS passthrough;
 * a Gateway API TLS or TCP listener) gets a TCP filter chain instead (gateway.go
 * buildGatewayListeners: createGatewayTCPFilterChainOpts unless IsHTTP or
 * IsHTTPSServerWithTLSTermination, pkg/config/gateway/gateway.go), and with it Envoy's RBAC
 * network filter (networkfilter.go buildCompleteNetworkFilters: authzBuilder.BuildTCP): only L4
 * attributes, no jwt_authn, no x-forwarded-for (`remote.ip` is the peer), the SNI as
 * `connection.sni` on a TLS server, and a refusal resets the connection.
 */
import {asArray, asNumber, asObject, asString, type Obj} from '../../engine/istio/access';
import {hostSubsetOf} from '../../engine/model/hosts';
import {stringLabels, labelsInclude} from '../../engine/model/labels';
import type {Decision} from '../decision';
import {labMeshConfig} from '../egress/mesh-config';
import {parseAddress} from '../linkerd/networks';
import {podTemplateOf} from '../linkerd/workloads';
import {annotatedProxyConfig, PROXY_CONFIG_ANNOTATION} from '../proxy-config';
import {podPortOf} from '../pod-port';
import {isHttpServer, serverTlsMode} from '../gateway-l4';
import {gatewayListener} from '../gateway-merge';
import type {SimRequest} from '../request';
import type {SimSource} from '../source';
import type {World, WorldResource} from '../world';
import {authorizeIstio, type IstioAuthorization} from './authorize';
import {istioWorkload} from './dataplane';
import {normalizedPath} from './values';
import type {AttachTarget} from './policies';

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

export interface IngressPeer {
  /** The downstream peer's address (`--client-ip`); undefined: not given, so no address rule can match. */
  address?: string;
}

/** gatewayTopology.numTrustedProxies: the gateway pod's proxy.istio.io/config, else the mesh config's defaultConfig; 0 when neither says. */
export function trustedProxies(world: World, gatewayPod: WorldResource | undefined): {hops: number; from: string} {
  const annotated = annotatedProxyConfig(gatewayPod && podTemplateOf(gatewayPod));
  if (annotated) {
    const hops = asNumber(asObject(annotated.gatewayTopology)?.numTrustedProxies);
    if (hops !== undefined && Number.isInteger(hops) && hops >= 0) return {hops, from: `the gateway pod's ${PROXY_CONFIG_ANNOTATION}`};
  }
  const mesh = labMeshConfig(world);
  const hops = asNumber(asObject(asObject(mesh.config.defaultConfig)?.gatewayTopology)?.numTrustedProxies);
  if (hops !== undefined && Number.isInteger(hops) && hops >= 0) return {hops, from: 'the mesh config\'s defaultConfig.gatewayTopology'};
  return {hops: 0, from: 'the default (no gatewayTopology)'};
}

/** Envoy's original client address with use_remote_address: the Nth x-forwarded-for entry from the right, else the peer. */
export function gatewayRemoteAddress(request: SimRequest, peer: number[] | undefined, hops: number): number[] | undefined {
  if (hops === 0) return peer;
  const entries = (request.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length < hops) return peer;
  return parseAddress(entries[entries.length - hops]!) ?? peer;
}

/** The gateway pod's port behind the gateway Service's port the request arrived on. */
function gatewayPodPort(world: World, namespace: string, labels: Record<string, string>, port: number, pod: WorldResource | undefined): number {
  const service = world.services.find((s) => {
    const selector = stringLabels(asObject(s.spec.selector));
    return s.namespace === namespace && Object.keys(selector).length > 0 && labelsInclude(labels, selector)
      && asArray(s.spec.ports).some((p) => asNumber(asObject(p)?.port) === port);
  });
  return (service && podPortOf(service, port, pod)) ?? port;
}

export interface GatewayChain {
  protocol: 'http' | 'tcp';
  /** The SNI the RBAC network filter sees on a TLS server. */
  sni?: string;
  why: string;
}

/**
 * The server (of the Istio Gateways merged on the proxy's port: gateway-merge.ts) or listener (Gateway API) on the
 * request's port, the request's host preferred among several.
 */
function serverOnPort(world: World, source: SimSource, gateway: WorldResource, port: number, host: string): Obj | undefined {
  const gatewayApi = source.gatewayApi === true;
  const onPort = gatewayApi
    ? asArray(gateway.spec.listeners).map(asObject).filter((e): e is Obj => e !== undefined && asNumber(e.port) === port)
    : listenerServers(world, source, port);
  const hostsOf = (e: Obj): string[] => gatewayApi ? [asString(e.hostname) ?? '*'] : asArray(e.hosts).map(asString).filter((h): h is string => h !== undefined).map((h) => h.split('/').pop()!);
  return onPort.find((e) => hostsOf(e).some((h) => hostSubsetOf(host, h))) ?? onPort[0];
}

/** The servers of the listener a connection to the gateway's port reaches (none when it reaches no listener). */
function listenerServers(world: World, source: SimSource, port: number): Obj[] {
  const listener = gatewayListener(world, source, port);
  return 'refused' in listener ? [] : listener.servers.map((s) => s.server);
}

/** Which filter chain the gateway gives the request: HTTP (the HTTP RBAC filter) or TCP (the RBAC network filter). */
export function gatewayChain(world: World, source: SimSource, port: number, host: string): GatewayChain {
  const gateway = source.gatewayResource;
  const server = gateway && serverOnPort(world, source, gateway, port, host);
  if (!gateway || !server) return {protocol: 'http', why: 'an HTTP server'};
  if (source.gatewayApi) {
    // Istio's conversion: HTTP and HTTPS (terminated) listeners are HTTP servers; TLS and TCP listeners are not.
    const protocol = (asString(server.protocol) ?? 'HTTP').toUpperCase();
    if (protocol === 'HTTP' || protocol === 'HTTPS') return {protocol: 'http', why: `listener ${asString(server.name) ?? port} (${protocol})`};
    return {protocol: 'tcp', ...(protocol === 'TLS' ? {sni: host} : {}), why: `listener ${asString(server.name) ?? port} is ${protocol}: a TCP filter chain`};
  }
  const protocol = (asString(asObject(server.port)?.protocol) ?? '').toUpperCase();
  const mode = serverTlsMode(server);
  if (isHttpServer(server)) return {protocol: 'http', why: protocol === 'HTTPS' ? `server port ${port} (HTTPS, TLS ${mode} ends at the gateway)` : `server port ${port} (${protocol})`};
  return {protocol: 'tcp', ...(mode ? {sni: host} : {}), why: `server port ${port} is ${protocol || 'without a protocol'}${mode ? ` with TLS ${mode}` : ''}: a TCP filter chain`};
}

/** The gateway's own answer, or undefined when the source is not a gateway. */
export function authorizeAtIngress(world: World, source: SimSource, decision: Decision, request: SimRequest,
  peer: IngressPeer, claims: Record<string, unknown> | undefined): IstioAuthorization & {workload: {name: string; namespace: string}; host: string} | undefined {
  if (source.kind !== 'gateway') return undefined;
  const workload = source.workload === undefined ? undefined : istioWorkload(world, source.namespace, source.workload);
  const labels = workload?.labels ?? source.labels;
  const name = workload?.name ?? source.gateway?.split('/')[1] ?? 'gateway';
  const gatewayName = labels[GATEWAY_NAME_LABEL];
  const target: AttachTarget = {kind: 'gateway', namespace: source.namespace, labels, name, ...(gatewayName !== undefined ? {gatewayName} : {})};
  const port = gatewayPodPort(world, source.namespace, labels, decision.request.port, workload?.resource);
  const sourceIp = peer.address === undefined ? undefined : parseAddress(peer.address);
  const chain = gatewayChain(world, source, decision.request.port, request.host);
  const trusted = trustedProxies(world, workload?.resource);
  // The TCP chain has no HTTP connection manager: nothing reads x-forwarded-for.
  const remoteIp = chain.protocol === 'tcp' ? sourceIp : gatewayRemoteAddress(request, sourceIp, trusted.hops);
  const remoteSaid = chain.protocol === 'tcp' ? 'is the peer address (a TCP filter chain reads no x-forwarded-for)'
    : `${trusted.hops === 0 ? 'is the peer address' : `from x-forwarded-for, ${trusted.hops} trusted hop${trusted.hops === 1 ? '' : 's'}`} (${trusted.from})`;
  const peerDescription = `${peer.address === undefined ? 'an external client at an address the lab does not know (--client-ip gives one)' : `an external client at ${peer.address}`}, no mesh identity; remote.ip ${remoteSaid}`;
  const answer = authorizeIstio(world, {
    protocol: chain.protocol, method: request.method, path: normalizedPath(request.path), authority: request.headers.host ?? request.host,
    headers: request.headers, port, sourceIp, remoteIp, destinationIp: workload ? parseAddress(workload.address) : undefined, ...(chain.sni ? {sni: chain.sni} : {}),
  }, target, {enforcer: 'gateway', claims, peerDescription});
  const filter = chain.protocol === 'tcp' ? `its RBAC network filter (${chain.why}: L4 attributes only)` : 'its HTTP RBAC filter';
  answer.trace.unshift({message: `Istio: gateway ${source.gateway} (${source.namespace}/${name}) authorizes the ${chain.protocol === 'tcp' ? 'connection' : 'request'} before routing it, with ${filter}, on port ${port}; client ${peerDescription}`, at: source.gatewayResource?.at});
  return {...answer, host: request.host, workload: {name, namespace: source.namespace}};
}
