/**
 * What the destination's proxy knows of the connection: whether it is Istio mTLS (so the
 * peer has a principal), the addresses, the SNI. The connection itself is the mTLS matrix's
 * (mtls-connection.ts connect: the client's DestinationRule `tls`, subset and port-level
 * settings first, else auto mTLS, against the server's PeerAuthentication), so authorization
 * and the matrix never disagree: a principal exists only over Istio mTLS or HBONE; a
 * plaintext connection to a STRICT server is closed before any authorization; Istio mTLS to
 * a sidecar in DISABLE is a failed handshake (503 UF), never authorized; TLS the rule
 * originates reaches a PERMISSIVE sidecar as TCP (filterchain_options.go: non-Istio TLS "will
 * be treated as just another TCP proxy"), so no HTTP attribute is seen.
 */
import {asArray, asNumber, asObject} from '../../engine/istio/access';
import {convertProtocol, protocolHandling} from '../../engine/model/istio-protocol';
import type {SimRequest} from '../request';
import type {World, WorldResource} from '../world';
import {destinationRuleFor} from '../destinations';
import {clientTlsFor, PASSTHROUGH_TLS} from '../mtls-client';
import {PASSTHROUGH_CLUSTER} from '../ambient/sidecar-pod-address';
import {connect, type ConnectionEnds, type MtlsConnection} from '../mtls-connection';
import {parseAddress} from '../linkerd/networks';
import {podPortOf} from '../pod-port';
import type {IstioWorkload} from './dataplane';

export interface IstioClient {
  description: string;
  /** A proxy that can speak Istio mTLS (sidecar, gateway, or ztunnel for an ambient pod). */
  proxy: boolean;
  ambient: boolean;
  /** An ingress gateway: it sends to a Service's waypoint only when the Service says istio.io/ingress-use-waypoint: "true". */
  gateway: boolean;
  principal?: string;
  address: string;
  addressAssumed: boolean;
  namespace: string;
}

export interface Connection {
  mtls: boolean;
  /** Why (in words). */
  reason: string;
  /** The connection fails before any authorization (mtls-connection.ts `failed`). */
  refused: boolean;
  /** For a refused connection: what a client proxy answers (503 UC or UF); undefined: a reset the client sees itself. */
  failure?: {status: number; flags: 'UC' | 'UF'};
  /** The rule's own TLS reached the sidecar: it proxies the bytes as TCP, without reading HTTP. */
  opaqueTls: boolean;
  /** The matrix's reading of this connection. */
  matrix: MtlsConnection;
}

/** The Service port's pod port (pod-port.ts, the matrix's reading too); a name the pod lacks: the port. */
export function targetPortOf(service: WorldResource | undefined, port: number, workload: IstioWorkload): number {
  return podPortOf(service, port, workload.resource) ?? port;
}

/**
 * How the inbound chain reads a Service port (ConvertProtocol, engine/model/istio-protocol.ts): HTTP for the
 * HTTP family and for a port Istio sniffs (the simulator's request is HTTP), TCP for the rest (https, tls,
 * mongo, mysql, redis, tcp, and the well-known ports), whose policies are matched at the network level.
 */
export function portProtocol(service: WorldResource | undefined, port: number): 'http' | 'tcp' {
  const entry = asArray(service?.spec.ports).map(asObject).find((p) => asNumber(p?.port) === port);
  const handling = protocolHandling(convertProtocol(entry ?? {}));
  return handling === 'http' || handling === 'sniffed' ? 'http' : 'tcp';
}

/** The client's data plane as the mTLS matrix names it. */
function clientDataplane(client: IstioClient): 'gateway' | 'sidecar' | 'ambient' | 'none' {
  if (client.gateway) return 'gateway';
  if (!client.proxy) return 'none';
  return client.ambient ? 'ambient' : 'sidecar';
}

/**
 * The two ends of a connection as the mTLS matrix takes them, from the one reading of the client
 * (attach.ts istioClient) and of the server (dataplane.ts istioWorkload), used by authorization
 * and by the matrix alike (mtls-attach.ts), so the two never read a pod differently.
 */
export function matrixClient(client: IstioClient): ConnectionEnds['client'] {
  return {dataplane: clientDataplane(client), because: client.description};
}

export function matrixServer(server: IstioWorkload, port: number): ConnectionEnds['server'] {
  return {workload: server.name, namespace: server.namespace, labels: server.labels, dataplane: server.dataplane, because: server.because, port};
}

/** The connection from `client` to one destination workload's pod, read by the mTLS matrix. */
export function connectionTo(world: World, client: IstioClient, server: IstioWorkload, destination: {host: string; port: number; subset?: string; cluster?: string}, targetPort: number): Connection {
  const service = world.serviceByFqdn(destination.host);
  const rules = destinationRuleFor(world, destination.host, client.namespace, service?.namespace);
  const tls = destination.cluster === PASSTHROUGH_CLUSTER ? PASSTHROUGH_TLS : clientTlsFor(world, rules, destination.subset, destination.port, service?.namespace);
  const matrix = connect(world, {client: matrixClient(client), tls, server: matrixServer(server, targetPort)});
  const said = `${matrix.client.because}; server ${matrix.server.dataplane}${matrix.server.mode ? ` ${matrix.server.mode}` : ''} (${matrix.server.because})`;
  if (matrix.result === 'failed') {
    return {mtls: false, refused: true, opaqueTls: false, matrix, failure: matrix.status !== undefined && matrix.flags ? {status: matrix.status, flags: matrix.flags} : undefined,
      reason: `${matrix.reason} (server: ${matrix.server.because})`};
  }
  if (matrix.result === 'mtls') return {mtls: true, refused: false, opaqueTls: false, matrix, reason: `mTLS (${said})`};
  if (matrix.result === 'tls') return {mtls: false, refused: false, opaqueTls: true, matrix, reason: `the rule's own TLS (${said}): no peer identity, and the sidecar proxies it as TCP`};
  return {mtls: false, refused: false, opaqueTls: false, matrix, reason: `plaintext (${said}): no peer identity`};
}

/** remote.ip: with use_remote_address off (sidecars, waypoints) Envoy takes the last x-forwarded-for address, else the peer's. */
export function remoteAddress(request: SimRequest, peer: number[] | undefined): number[] | undefined {
  const xff = request.headers['x-forwarded-for'];
  if (xff === undefined) return peer;
  const last = xff.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return (last && parseAddress(last)) || peer;
}
