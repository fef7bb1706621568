/**
 * One connection from a client to a destination workload: what the client sends (plain
 * text, istio mTLS, HBONE, or TLS with the rule's own credentials) against what the
 * server side accepts, and what happens.
 *
 * The server side (PeerAuthentication via mtls.ts, `portLevelMtls` by the pod's port):
 * - a sidecar in STRICT has only the mTLS filter chain; plain text matches no filter chain
 *   and the connection is closed (istio 1.30.3 pilot/pkg/networking/core/listener_inbound.go,
 *   security/authn InboundMTLSSettings). A client's proxy turns that into
 *   `503 UC` (Envoy response flag UpstreamConnectionTermination: "upstream connect error or
 *   disconnect/reset before headers. reset reason: connection termination"); a client
 *   without a proxy sees the reset itself (curl: "Connection reset by peer", http_code 000).
 * - PERMISSIVE accepts istio mTLS and plain text; TLS that is not Istio's (no istio ALPN)
 *   is handed to the application as it is.
 * - DISABLE terminates nothing: TLS reaches the application.
 * - No sidecar: the application itself answers, and a TLS ClientHello sent to a plain-text
 *   server fails the handshake: `503 UF` (UpstreamConnectionFailure, "transport failure
 *   reason: TLS error"). Retries on `connect-failure` (the mesh default) try again and fail
 *   alike; when they run out Envoy adds `URX` (UpstreamRetryLimitExceeded).
 * - SIMPLE or MUTUAL with the rule's credentials towards a sidecar: STRICT demands a client
 *   certificate from the mesh CA, which SIMPLE does not send and MUTUAL's is not; PERMISSIVE
 *   passes the TLS to the application. Either way the handshake fails (`503 UF`) unless the
 *   application serves TLS itself, which a lab cannot tell: the answer says so.
 * - Ambient (ztunnel): HBONE (mTLS on port 15008) from ztunnel or a sidecar; plain text is
 *   refused when STRICT (the connection is reset), accepted otherwise.
 *
 * The client side: a sidecar (or a gateway's Envoy) follows mtls-client.ts; an ambient pod's
 * ztunnel sends HBONE to ambient pods only (pilot/pkg/serviceregistry/ambient/workloads.go
 * setTunnelProtocol: a sidecar pod's tunnel protocol is NONE, and "ztunnel does not support
 * sending legacy Istio mTLS", workload.proto), plain text otherwise; a pod without a proxy
 * sends what the application sends: plain text here. A sidecar sends HBONE to ambient pods
 * when it would send istio mTLS (cluster_tls.go applyHBONETransportSocketMatches, with
 * PILOT_ENABLE_SENDING_HBONE, on in an ambient install).
 */
import type {ClientTlsSetting} from './mtls-client';
import type {Dataplane} from './mtls-dataplane';
import {effectiveMtls, type MtlsMode} from './mtls';
import type {World} from './world';

export type WireProtocol = 'plaintext' | 'istio-mtls' | 'hbone' | 'tls' | 'mutual-tls' | 'linkerd-mtls';

export interface MtlsConnection {
  workload: string;
  namespace: string;
  client: {dataplane: Dataplane | 'gateway' | 'linkerd'; sends: WireProtocol; because: string};
  /** `linkerd`: the destination runs Linkerd's proxy (mtls-linkerd.ts). */
  server: {dataplane: Dataplane | 'linkerd'; mode?: MtlsMode; because: string};
  /** `mtls` (istio mTLS or HBONE), `plaintext`, `tls` (the rule's TLS reached an application that may serve it), or `failed`. */
  result: 'mtls' | 'plaintext' | 'tls' | 'failed';
  /** For a failure: what the client receives (a proxy's 503 with its flag, or a reset without response). */
  status?: number;
  flags?: 'UC' | 'UF';
  reason: string;
}

export interface ConnectionEnds {
  client: {dataplane: Dataplane | 'gateway'; because: string};
  tls: ClientTlsSetting;
  server: {workload: string; namespace: string; labels: Record<string, string>; dataplane: Dataplane; because: string; port: number};
}

function sent(world: World, ends: ConnectionEnds): {sends: WireProtocol; because: string} {
  const {client, tls, server} = ends;
  if (client.dataplane === 'none') return {sends: 'plaintext', because: `the client has no proxy (${client.because}): the application's plain text`};
  if (client.dataplane === 'ambient') {
    return server.dataplane === 'ambient'
      ? {sends: 'hbone', because: "the client's ztunnel tunnels to an ambient pod over HBONE"}
      : {sends: 'plaintext', because: `the client's ztunnel sends HBONE to ambient pods only: to a ${server.dataplane === 'sidecar' ? 'sidecar' : 'pod without proxy'} it forwards plain text`};
  }
  const mesh = (protocol: WireProtocol): WireProtocol => (protocol === 'istio-mtls' && server.dataplane === 'ambient' ? 'hbone' : protocol);
  if (tls.mode === 'DISABLE') return {sends: 'plaintext', because: `${tls.from} is DISABLE`};
  if (tls.mode === 'ISTIO_MUTUAL') return {sends: mesh('istio-mtls'), because: `${tls.from} is ISTIO_MUTUAL`};
  if (tls.mode === 'SIMPLE') return {sends: 'tls', because: `${tls.from} is SIMPLE (TLS without a client certificate)`};
  if (tls.mode === 'MUTUAL') return {sends: 'mutual-tls', because: `${tls.from} is MUTUAL (the rule's own client certificate)`};
  if (tls.serviceDisabled) return {sends: 'plaintext', because: `${tls.from}: ${tls.serviceDisabled}, so the client sends plain text`};
  if (server.dataplane === 'ambient') return {sends: 'hbone', because: `${tls.from}: the destination is ambient, the sidecar tunnels over HBONE`};
  if (server.dataplane === 'none') return {sends: 'plaintext', because: `${tls.from}: the destination has no sidecar, so plain text`};
  const mode = serverMode(world, server);
  if (mode.mode === 'DISABLE') return {sends: 'plaintext', because: `${tls.from}: the destination's policy is DISABLE, so plain text`};
  return {sends: 'istio-mtls', because: `${tls.from}: the destination has a sidecar, so istio mTLS`};
}

function serverMode(world: World, server: ConnectionEnds['server']): {mode: MtlsMode; because: string} {
  const decision = effectiveMtls(world, server.namespace, server.labels);
  const portMode = decision.ports?.[String(server.port)];
  const by = decision.from ? `PeerAuthentication ${decision.from.namespace}/${decision.from.name} (${decision.from.level} level)` : "Istio's default (no PeerAuthentication)";
  if (portMode) return {mode: portMode, because: `${by} portLevelMtls ${server.port}: ${portMode}`};
  return {mode: decision.mode, because: `${by}: ${decision.mode}`};
}

export function connect(world: World, ends: ConnectionEnds): MtlsConnection {
  const {sends, because} = sent(world, ends);
  const {server} = ends;
  const proxy = ends.client.dataplane === 'sidecar' || ends.client.dataplane === 'gateway';
  const base = {workload: server.workload, namespace: server.namespace, client: {dataplane: ends.client.dataplane, sends, because}};
  const reset = (reason: string): MtlsConnection => proxy
    ? {...base, server: serverSide(), result: 'failed', status: 503, flags: 'UC', reason: `${reason}: the client's proxy answers 503 UC (connection termination)`}
    : {...base, server: serverSide(), result: 'failed', reason: `${reason}: the client sees the connection reset, no HTTP response`};
  const handshake = (reason: string): MtlsConnection => ({...base, server: serverSide(), result: 'failed', status: 503, flags: 'UF', reason: `${reason}: the TLS handshake fails, 503 UF (URX too once connect-failure retries run out)`});
  let cached: MtlsConnection['server'] | undefined;
  function serverSide(): MtlsConnection['server'] {
    if (cached) return cached;
    if (server.dataplane === 'none') return (cached = {dataplane: 'none', because: server.because});
    const mode = serverMode(world, server);
    return (cached = {dataplane: server.dataplane, mode: mode.mode, because: mode.because});
  }
  const side = serverSide();
  if (server.dataplane === 'none') {
    if (sends === 'plaintext') return {...base, server: side, result: 'plaintext', reason: 'plain text to a pod without proxy'};
    if (sends === 'tls' || sends === 'mutual-tls') return {...base, server: side, result: 'tls', reason: "the rule's TLS reaches the application directly: it works only if the application serves TLS"};
    return handshake('istio mTLS to a pod without sidecar (nothing terminates it)');
  }
  const mode = side.mode!;
  if (sends === 'istio-mtls' || sends === 'hbone') {
    if (server.dataplane === 'sidecar' && mode === 'DISABLE') return handshake('istio mTLS to a sidecar whose policy is DISABLE (it terminates no TLS, the application gets the handshake)');
    return {...base, server: side, result: 'mtls', reason: sends === 'hbone' ? 'HBONE (mTLS) terminated by the destination\'s proxy' : 'istio mTLS terminated by the destination\'s sidecar'};
  }
  if (sends === 'plaintext') {
    if (mode === 'STRICT') return reset(`plain text to a ${server.dataplane === 'ambient' ? 'ztunnel' : 'sidecar'} in STRICT`);
    return {...base, server: side, result: 'plaintext', reason: `plain text accepted (${mode})`};
  }
  if (server.dataplane === 'sidecar' && mode === 'STRICT') return handshake(`${sends === 'tls' ? 'SIMPLE TLS without a client certificate' : "MUTUAL TLS with a certificate the mesh CA did not sign"} to a sidecar in STRICT`);
  return {...base, server: side, result: 'tls', reason: `the rule's TLS is handed to the application (${mode}): it works only if the application serves TLS itself`};
}
