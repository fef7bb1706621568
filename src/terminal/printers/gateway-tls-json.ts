/**
 * The downstream TLS socket istiod 1.30.3 puts on a gateway chain that terminates TLS
 * (pilot/pkg/networking/core/gateway.go buildGatewayListenerTLSContext, listener.go
 * BuildListenerTLSContext and buildDownstreamTLSTransportSocket), as jsonpb prints it: the
 * server's credentialName fetched from istiod over ADS (security/model
 * ApplyCredentialSDSToServerCommonTLSContext: `kubernetes://NAME`, and for MUTUAL the client
 * certificates validated against `NAME-cacert`, with the server's subjectAltNames), ALPN h2 and
 * http/1.1 (util.ALPNHttp), client certificates required for MUTUAL only; an ISTIO_MUTUAL server's
 * workload certificate and root from the agent's SDS (ApplyToCommonTLSContext: `default`, `ROOTCA`,
 * the server's SANs), client certificates required, and on a TLS (TCP) server the metadata
 * exchange's ALPN first (util.ALPNDownstreamWithMxc).
 * Gaps: OPTIONAL_MUTUAL servers, CRLs, file-mounted certificates, several credentialNames,
 * caCertCredentialName, SPKI or hash pinning, SANs on a SIMPLE server, the server's or the mesh's
 * protocol versions and cipher suites (applyServerTLSSettings, applyDownstreamTLSDefaults). The
 * gateway is taken to run without the credential socket (credentialSocketExist false), as the
 * charts deploy it.
 */
import {field, ModelGap, type StateModel} from './model';
import {meshConfig} from './sidecar-clusters';
import {credentialSdsSecret, exactSans, sdsSecret, TYPE_PREFIX} from './cluster-tls-json';
import type {GatewayServer} from './gateway-servers';
import type {JsonObject} from './route-json';

/** util.ALPNHttp, and ALPNDownstreamWithMxc for a TCP server terminating Istio mTLS. */
const ALPN_HTTP = ['h2', 'http/1.1'];
const ALPN_DOWNSTREAM_WITH_MXC = ['istio-peer-exchange', 'h2', 'http/1.1'];

/** ServerTLSSettings keys this translation follows. */
const FOLLOWED = new Set(['mode', 'credentialName', 'subjectAltNames', 'httpsRedirect']);

/** The chain's transport socket for a server that terminates TLS, or a gap. */
export function gatewayDownstreamTls(server: GatewayServer, model: StateModel): JsonObject {
  const tls = server.tls ?? {};
  const what = `Gateway ${server.gatewayName}'s server on port ${server.port}`;
  const mode = String(tls.mode ?? 'PASSTHROUGH');
  if (mode === 'ISTIO_MUTUAL') return istioMutualServerTls(server, what);
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') throw new ModelGap(`${what} terminates TLS in mode ${mode}, whose socket is not translated to Envoy's JSON here`);
  const other = Object.keys(tls).find((key) => !FOLLOWED.has(key));
  if (other) throw new ModelGap(`${what} sets tls.${other}, which is not translated to Envoy's JSON here`);
  const credential = typeof tls.credentialName === 'string' ? tls.credentialName : '';
  if (credential === '') throw new ModelGap(`${what} names no credentialName (file-mounted certificates), which is not translated to Envoy's JSON here`);
  const sans = Array.isArray(tls.subjectAltNames) ? tls.subjectAltNames.map(String) : [];
  if (mode === 'SIMPLE' && sans.length > 0) throw new ModelGap(`${what} sets subjectAltNames on a SIMPLE server, whose validation context is not translated to Envoy's JSON here`);
  if (field(meshConfig(model), 'tlsDefaults') !== undefined) throw new ModelGap('the mesh config sets tlsDefaults, whose protocol versions and ciphers are not translated to Envoy\'s JSON here');
  return downstreamSocket({
    tlsCertificateSdsSecretConfigs: [credentialSdsSecret(credential)],
    ...(mode === 'MUTUAL' ? {combinedValidationContext: {defaultValidationContext: exactSans(sans), validationContextSdsSecretConfig: credentialSdsSecret(`${credential}-cacert`)}} : {}),
    alpnProtocols: ALPN_HTTP,
  }, mode === 'MUTUAL');
}

/** buildDownstreamTLSTransportSocket over a DownstreamTlsContext (CommonTlsContext in declaration order: certificates, validation, ALPN). */
const downstreamSocket = (commonTlsContext: JsonObject, requireClientCertificate: boolean): JsonObject => ({
  name: 'envoy.transport_sockets.tls',
  typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`, commonTlsContext, requireClientCertificate},
});

/** ISTIO_MUTUAL: the gateway's own workload certificate and the mesh root over the agent's SDS, client certificates required. */
function istioMutualServerTls(server: GatewayServer, what: string): JsonObject {
  const tls = server.tls ?? {};
  const other = Object.keys(tls).find((key) => !['mode', 'subjectAltNames'].includes(key));
  if (other) throw new ModelGap(`${what} sets tls.${other} beside ISTIO_MUTUAL, which is not translated to Envoy's JSON here`);
  const sans = Array.isArray(tls.subjectAltNames) ? tls.subjectAltNames.map(String) : [];
  // gateway.IsTCPServerWithTLSTermination: a TLS (not HTTPS) server.
  const tcp = server.protocol !== 'HTTPS';
  return downstreamSocket({
    tlsCertificateSdsSecretConfigs: [sdsSecret('default')],
    combinedValidationContext: {defaultValidationContext: exactSans(sans), validationContextSdsSecretConfig: sdsSecret('ROOTCA')},
    alpnProtocols: tcp ? ALPN_DOWNSTREAM_WITH_MXC : ALPN_HTTP,
  }, true);
}

