/**
 * The downstream TLS socket istiod 1.30.3 puts on a gateway chain that terminates TLS
 * (pilot/pkg/networking/core/gateway.go buildGatewayListenerTLSContext, listener.go
 * BuildListenerTLSContext and buildDownstreamTLSTransportSocket), as jsonpb prints it:
 * - ISTIO_MUTUAL: the gateway's own workload certificate and the mesh root over the agent's SDS
 *   (security/model ApplyToCommonTLSContext: `default`, `ROOTCA`, the server's SANs and `caCrl` as a
 *   file CRL), on a TLS (TCP) server the metadata exchange's ALPN first (util.ALPNDownstreamWithMxc);
 * - a `credentialName` or `credentialNames` (ApplyCredentialSDSToServerCommonTLSContext): each
 *   credential fetched from istiod over ADS (`kubernetes://NAME`); for MUTUAL and OPTIONAL_MUTUAL
 *   the client certificates validated against `caCertCredentialName`, else the first credential's
 *   `-cacert`, with the server's SANs, SPKI and hash pins (no CRL: the secret's `ca.crl` comes over
 *   SDS); a SIMPLE server's SANs as a plain validation context;
 * - file-mounted certificates (`serverCertificate`/`privateKey`/`caCertificates`, `tlsCertificates`):
 *   ApplyToCommonTLSContext over the agent's SDS (`file-cert:CERT~KEY`, `file-root:CA`, or `default`
 *   and `ROOTCA` for what is not written), the CRL as a file;
 * - client certificates required for MUTUAL and ISTIO_MUTUAL, validated but optional for OPTIONAL_MUTUAL;
 * - for SIMPLE, MUTUAL and OPTIONAL_MUTUAL (isSimpleOrMutual) the TLS parameters: the mesh's
 *   tlsDefaults (applyDownstreamTLSDefaults: ECDH curves, cipher suites, GetMinTLSVersion), then the
 *   server's minProtocolVersion, cipher suites (security.FilterCipherSuites: unknown names and
 *   repeats dropped) and maxProtocolVersion (applyServerTLSSettings; convertTLSProtocol maps the enums
 *   one to one); ALPN h2 and http/1.1 (util.ALPNHttp).
 * The gateway is taken to run without the credential and file-credential sockets (credentialSocketExist
 * and customFileSDSServer false), as the charts deploy it; COMPLIANCE_POLICY unset (EnforceCompliance
 * changes nothing). Gaps: a typed credential istiod resolves itself (`builtin://`, `sds://`),
 * trust domain aliases.
 */
import {asArray} from '../../engine/istio/access';
import {isValidCipherSuite} from '../../engine/istio/gateway';
import {field, ModelGap, type StateModel} from './model';
import {meshConfig} from './sidecar-clusters';
import {credentialSdsSecret, exactSans, sdsSecret, TYPE_PREFIX} from './cluster-tls-json';
import type {GatewayServer} from './gateway-servers';
import type {JsonObject} from './route-json';

/** util.ALPNHttp, and ALPNDownstreamWithMxc for a TCP server terminating Istio mTLS. */
const ALPN_HTTP = ['h2', 'http/1.1'];
const ALPN_DOWNSTREAM_WITH_MXC = ['istio-peer-exchange', 'h2', 'http/1.1'];

/** ServerTLSSettings' fields, each followed below. */
const SERVER_TLS_KEYS = new Set([
  'mode', 'httpsRedirect', 'serverCertificate', 'privateKey', 'caCertificates', 'caCrl', 'credentialName', 'credentialNames', 'caCertCredentialName',
  'tlsCertificates', 'subjectAltNames', 'verifyCertificateSpki', 'verifyCertificateHash', 'minProtocolVersion', 'maxProtocolVersion', 'cipherSuites',
]);
/** ServerTLSSettings.TLSProtocol to Envoy's TlsParameters.TlsProtocol (the same numbers). */
const TLS_PROTOCOLS: Readonly<Record<string, string>> = {TLSV1_0: 'TLSv1_0', TLSV1_1: 'TLSv1_1', TLSV1_2: 'TLSv1_2', TLSV1_3: 'TLSv1_3'};
const TERMINATING = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL', 'ISTIO_MUTUAL']);

const strings = (value: unknown): string[] => asArray(value).map(String);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The chain's transport socket for a server that terminates TLS, or a gap. */
export function gatewayDownstreamTls(server: GatewayServer, model: StateModel): JsonObject {
  const tls = server.tls ?? {};
  const what = `Gateway ${server.gatewayName}'s server on port ${server.port}`;
  const mode = String(tls.mode ?? 'PASSTHROUGH');
  if (!TERMINATING.has(mode)) throw new ModelGap(`${what} terminates TLS in mode ${mode}, whose socket is not translated to Envoy's JSON here`);
  const other = Object.keys(tls).find((key) => !SERVER_TLS_KEYS.has(key));
  if (other) throw new ModelGap(`${what} sets tls.${other}, which is not translated to Envoy's JSON here`);
  const requireClientCertificate = mode === 'MUTUAL' || mode === 'ISTIO_MUTUAL';
  const validateClient = requireClientCertificate || mode === 'OPTIONAL_MUTUAL';
  const sans = strings(tls.subjectAltNames);
  const crl = text(tls.caCrl);
  const credentials = strings(tls.credentialNames);
  const credential = text(tls.credentialName);
  let common: JsonObject;
  if (mode === 'ISTIO_MUTUAL') {
    common = agentFilesContext({sans, crl, validateClient, certificates: [{}], ca: ''});
  } else if (credentials.length > 0 || credential !== '') {
    common = credentialContext(tls, mode, credentials.length > 0 ? credentials : [credential], sans);
  } else {
    const written = asArray(tls.tlsCertificates).map((c) => ({cert: text(field(c, 'serverCertificate')), key: text(field(c, 'privateKey'))}));
    common = agentFilesContext({sans, crl, validateClient, certificates: written.length > 0 ? written : [{cert: text(tls.serverCertificate), key: text(tls.privateKey)}], ca: text(tls.caCertificates)});
  }
  const tlsParams = mode === 'ISTIO_MUTUAL' ? undefined : serverTlsParams(tls, model);
  // gateway.IsTCPServerWithTLSTermination: a TLS (not HTTPS) server terminating Istio mTLS offers the metadata exchange.
  const alpnProtocols = mode === 'ISTIO_MUTUAL' && server.protocol !== 'HTTPS' ? ALPN_DOWNSTREAM_WITH_MXC : ALPN_HTTP;
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: {
      '@type': `${TYPE_PREFIX}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`,
      // CommonTlsContext in declaration order: parameters, certificates, validation, ALPN.
      commonTlsContext: {...(tlsParams ? {tlsParams} : {}), ...common, alpnProtocols},
      requireClientCertificate,
    },
  };
}

/**
 * ApplyToCommonTLSContext: certificates and root served by the agent from files, or the workload's
 * own (`default`, `ROOTCA`) where no file is written (constructSdsSecretConfig's fallback).
 */
function agentFilesContext(opts: {sans: string[]; crl: string; validateClient: boolean; certificates: {cert?: string; key?: string}[]; ca: string}): JsonObject {
  const context: JsonObject = {
    tlsCertificateSdsSecretConfigs: opts.certificates.map(({cert, key}) => sdsSecret(cert && key ? `file-cert:${cert}~${key}` : 'default')),
  };
  if (opts.validateClient) {
    context.combinedValidationContext = {
      defaultValidationContext: {...exactSans(opts.sans), ...(opts.crl !== '' ? {crl: {filename: opts.crl}} : {})},
      validationContextSdsSecretConfig: sdsSecret(opts.ca !== '' ? `file-root:${opts.ca}` : 'ROOTCA'),
    };
  }
  return context;
}

/** ApplyCredentialSDSToServerCommonTLSContext: the credentials over ADS, the client CA for (OPTIONAL_)MUTUAL. */
function credentialContext(tls: Record<string, unknown>, mode: string, credentials: string[], sans: string[]): JsonObject {
  const context: JsonObject = {tlsCertificateSdsSecretConfigs: credentials.map(credentialSdsSecret)};
  const caCertCredential = text(tls.caCertCredentialName);
  if (mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') {
    // CertificateValidationContext's declaration order: SPKI pins, hash pins, SANs.
    const spki = strings(tls.verifyCertificateSpki);
    const hash = strings(tls.verifyCertificateHash);
    context.combinedValidationContext = {
      defaultValidationContext: {...(spki.length > 0 ? {verifyCertificateSpki: spki} : {}), ...(hash.length > 0 ? {verifyCertificateHash: hash} : {}), ...exactSans(sans)},
      validationContextSdsSecretConfig: credentialSdsSecret(caCertCredential !== '' ? caCertCredential : `${credentials[0]!}-cacert`),
    };
  } else if (sans.length > 0) {
    context.validationContext = exactSans(sans);
  }
  return context;
}

/** applyDownstreamTLSDefaults then applyServerTLSSettings, in TlsParameters' declaration order; undefined when neither sets anything. */
function serverTlsParams(tls: Record<string, unknown>, model: StateModel): JsonObject | undefined {
  const defaults = field(meshConfig(model), 'tlsDefaults');
  const params: {min?: string; max?: string; ciphers?: string[]; curves?: string[]} = {};
  const curves = strings(field(defaults, 'ecdhCurves'));
  if (curves.length > 0) params.curves = curves;
  const defaultCiphers = strings(field(defaults, 'cipherSuites'));
  if (defaultCiphers.length > 0) params.ciphers = defaultCiphers;
  const defaultMin = field(defaults, 'minProtocolVersion');
  // GetMinTLSVersion: TLSV1_3, else TLS 1.2 for any version other than TLS_AUTO.
  if (defaultMin !== undefined && defaultMin !== 'TLS_AUTO') params.min = defaultMin === 'TLSV1_3' ? 'TLSv1_3' : 'TLSv1_2';
  const version = (value: unknown, name: string): string | undefined => {
    if (value === undefined || value === 'TLS_AUTO') return undefined;
    const protocol = TLS_PROTOCOLS[String(value)];
    if (protocol === undefined) throw new ModelGap(`tls.${name} ${JSON.stringify(value)} is not a TLS protocol version the model reads`);
    return protocol;
  };
  params.min = version(tls.minProtocolVersion, 'minProtocolVersion') ?? params.min;
  const ciphers = filterCipherSuites(strings(tls.cipherSuites));
  if (ciphers.length > 0) params.ciphers = ciphers;
  params.max = version(tls.maxProtocolVersion, 'maxProtocolVersion') ?? params.max;
  const json: JsonObject = {};
  if (params.min) json.tlsMinimumProtocolVersion = params.min;
  if (params.max) json.tlsMaximumProtocolVersion = params.max;
  if (params.ciphers) json.cipherSuites = params.ciphers;
  if (params.curves) json.ecdhCurves = params.curves;
  return Object.keys(json).length > 0 ? json : undefined;
}

/** security.FilterCipherSuites: the valid suites, each once, in the written order. */
function filterCipherSuites(suites: string[]): string[] {
  return [...new Set(suites.filter(isValidCipherSuite))];
}
