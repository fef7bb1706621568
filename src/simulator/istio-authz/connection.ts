/**
 * What the destination's proxy knows of the connection: whether it is Istio mTLS (so the
 * peer has a principal), the addresses, the SNI. Istio mTLS needs a client proxy (a sidecar,
 * a gateway, or ztunnel for an ambient client) and a server proxy; the client sends it when
 * its DestinationRule says ISTIO_MUTUAL, or with no `tls` setting by auto mTLS, unless the
 * server's PeerAuthentication mode is DISABLE (mtls.ts) or the DestinationRule says DISABLE
 * (istio.io "Auto mutual TLS"). A plaintext connection to a STRICT server is refused before
 * any authorization.
 */
import {asArray, asNumber, asObject, asString} from '../../engine/istio/access';
import type {SimRequest} from '../request';
import type {World, WorldResource} from '../world';
import {destinationRuleFor} from '../destinations';
import {effectiveMtls, type MtlsMode} from '../mtls';
import {parseAddress} from '../linkerd/networks';
import {podTemplateOf} from '../linkerd/workloads';
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
  /** A plaintext connection refused by STRICT mTLS. */
  refused: boolean;
  serverMode: MtlsMode;
}

/** The Service port's targetPort on the pod (a number, or a container port's name), else the port. */
export function targetPortOf(service: WorldResource | undefined, port: number, workload: IstioWorkload): number {
  const entry = asArray(service?.spec.ports).map(asObject).find((p) => asNumber(p?.port) === port);
  const target = entry?.targetPort;
  if (typeof target === 'number') return target;
  const name = asString(target);
  if (name === undefined || !workload.resource) return port;
  const template = podTemplateOf(workload.resource);
  for (const container of asArray(asObject(template?.spec)?.containers).map(asObject)) {
    for (const p of asArray(container?.ports).map(asObject)) if (asString(p?.name) === name) return asNumber(p?.containerPort) ?? port;
  }
  return port;
}

const TCP_PROTOCOLS = new Set(['tcp', 'tls', 'mongo', 'mysql', 'redis']);

/** Istio's protocol selection for a Service port: appProtocol, else the name's prefix (`tcp-db`); HTTP otherwise (sniffed). */
export function portProtocol(service: WorldResource | undefined, port: number): 'http' | 'tcp' {
  const entry = asArray(service?.spec.ports).map(asObject).find((p) => asNumber(p?.port) === port);
  const declared = (asString(entry?.appProtocol) ?? asString(entry?.name)?.split('-', 1)[0] ?? '').toLowerCase();
  return TCP_PROTOCOLS.has(declared) ? 'tcp' : 'http';
}

export function connectionTo(world: World, client: IstioClient, server: IstioWorkload, host: string, targetPort: number): Connection {
  const mtls = effectiveMtls(world, server.namespace, server.labels);
  const serverMode = mtls.ports?.[String(targetPort)] ?? mtls.mode;
  const modeFrom = mtls.from ? `PeerAuthentication ${mtls.from.namespace}/${mtls.from.name}` : "Istio's default";
  const service = world.serviceByFqdn(host);
  const rules = destinationRuleFor(world, host, client.namespace, service?.namespace);
  const tlsMode = asString(asObject(asObject(rules[0]?.spec.trafficPolicy)?.tls)?.mode);
  let mtlsSent = client.proxy;
  let why = client.proxy ? 'auto mTLS' : `${client.description} has no Istio proxy`;
  if (client.proxy && tlsMode === 'DISABLE') [mtlsSent, why] = [false, `DestinationRule ${rules[0]!.namespace}/${rules[0]!.name} sets tls DISABLE`];
  else if (client.proxy && tlsMode !== undefined && tlsMode !== 'ISTIO_MUTUAL') [mtlsSent, why] = [false, `DestinationRule ${rules[0]!.namespace}/${rules[0]!.name} sets tls ${tlsMode}, not Istio mTLS`];
  else if (client.proxy && tlsMode === undefined && serverMode === 'DISABLE') [mtlsSent, why] = [false, `auto mTLS sends plaintext: the server's mode is DISABLE (${modeFrom})`];
  if (serverMode === 'DISABLE' && mtlsSent) return {mtls: false, refused: false, serverMode, reason: `the server's mode is DISABLE (${modeFrom}): no peer identity`};
  if (!mtlsSent && serverMode === 'STRICT') return {mtls: false, refused: true, serverMode, reason: `plaintext (${why}) to a STRICT server (${modeFrom}): the connection is refused`};
  return mtlsSent
    ? {mtls: true, refused: false, serverMode, reason: `mTLS (${why}; server ${serverMode}, ${modeFrom})`}
    : {mtls: false, refused: false, serverMode, reason: `plaintext (${why}; server ${serverMode}, ${modeFrom}): no peer identity`};
}

/** remote.ip: with use_remote_address off (sidecars, waypoints) Envoy takes the last x-forwarded-for address, else the peer's. */
export function remoteAddress(request: SimRequest, peer: number[] | undefined): number[] | undefined {
  const xff = request.headers['x-forwarded-for'];
  if (xff === undefined) return peer;
  const last = xff.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return (last && parseAddress(last)) || peer;
}
