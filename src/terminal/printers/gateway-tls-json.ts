/**
 * The downstream TLS socket istiod 1.30.3 puts on a gateway chain that terminates TLS
 * (pilot/pkg/networking/core/gateway.go buildGatewayListenerTLSContext, listener.go
 * BuildListenerTLSContext and buildDownstreamTLSTransportSocket), as jsonpb prints it: the
 * server's credentialName fetched from istiod over ADS (security/model
 * ApplyCredentialSDSToServerCommonTLSContext: `kubernetes://NAME`, and for MUTUAL the client
 * certificates validated against `NAME-cacert`, with the server's subjectAltNames), ALPN h2 and
 * http/1.1 (util.ALPNHttp), client certificates required for MUTUAL only.
 * Gaps: ISTIO_MUTUAL and OPTIONAL_MUTUAL servers, file-mounted certificates, several credentialNames,
 * caCertCredentialName, SPKI or hash pinning, SANs on a SIMPLE server, the server's or the mesh's
 * protocol versions and cipher suites (applyServerTLSSettings, applyDownstreamTLSDefaults). The
 * gateway is taken to run without the credential socket (credentialSocketExist false), as the
 * charts deploy it.
 */
import {field, ModelGap, type StateModel} from './model';
import {meshConfig} from './sidecar-clusters';
import {credentialSdsSecret, TYPE_PREFIX} from './cluster-tls-json';
import type {GatewayServer} from './gateway-servers';
import type {JsonObject} from './route-json';

/** ServerTLSSettings keys this translation follows. */
const FOLLOWED = new Set(['mode', 'credentialName', 'subjectAltNames', 'httpsRedirect']);

/** The chain's transport socket for a server that terminates TLS with its credentialName, or a gap. */
export function gatewayDownstreamTls(server: GatewayServer, model: StateModel): JsonObject {
  const tls = server.tls ?? {};
  const what = `Gateway ${server.gatewayName}'s server on port ${server.port}`;
  const mode = String(tls.mode ?? 'PASSTHROUGH');
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') throw new ModelGap(`${what} terminates TLS in mode ${mode}, whose socket is not translated to Envoy's JSON here`);
  const other = Object.keys(tls).find((key) => !FOLLOWED.has(key));
  if (other) throw new ModelGap(`${what} sets tls.${other}, which is not translated to Envoy's JSON here`);
  const credential = typeof tls.credentialName === 'string' ? tls.credentialName : '';
  if (credential === '') throw new ModelGap(`${what} names no credentialName (file-mounted certificates), which is not translated to Envoy's JSON here`);
  const sans = Array.isArray(tls.subjectAltNames) ? tls.subjectAltNames.map(String) : [];
  if (mode === 'SIMPLE' && sans.length > 0) throw new ModelGap(`${what} sets subjectAltNames on a SIMPLE server, whose validation context is not translated to Envoy's JSON here`);
  if (field(meshConfig(model), 'tlsDefaults') !== undefined) throw new ModelGap('the mesh config sets tlsDefaults, whose protocol versions and ciphers are not translated to Envoy\'s JSON here');
  const mutual = mode === 'MUTUAL';
  // CommonTlsContext in declaration order: certificates, validation, ALPN.
  const commonTlsContext: JsonObject = {
    tlsCertificateSdsSecretConfigs: [credentialSdsSecret(credential)],
    ...(mutual ? {combinedValidationContext: {
      defaultValidationContext: sans.length > 0 ? {matchSubjectAltNames: sans.map((exact) => ({exact}))} : {},
      validationContextSdsSecretConfig: credentialSdsSecret(`${credential}-cacert`),
    }} : {}),
    alpnProtocols: ['h2', 'http/1.1'],
  };
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: {'@type': `${TYPE_PREFIX}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`, commonTlsContext, requireClientCertificate: mutual},
  };
}
