/**
 * The upstream TLS transport sockets of `proxy-config cluster -o json` (istiod 1.30.3
 * pilot/pkg/networking/core/cluster_tls.go): ISTIO_MUTUAL with the workload certificate, and the
 * DestinationRule's SIMPLE and MUTUAL (constructUpstreamTLS) with files served over the agent's SDS
 * (`file-cert:CERT~KEY`, `file-root:CA`, pkg/security SdsCertificateConfig) or a credentialName
 * fetched over ADS (`kubernetes://NAME`, `NAME-cacert`: security/model ApplyCustomSDSToClientCommonTLSContext).
 */
import {asArray, asObject} from '../../engine/istio/access';
import {ModelGap} from './model';
import type {JsonObject} from './route-json';

export const TYPE_PREFIX = 'type.googleapis.com/';
const UPSTREAM_TLS_CONTEXT = `${TYPE_PREFIX}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`;

/** pkg/model ConstructSdsSecretConfig: the agent's SDS over the sds-grpc cluster. */
export const sdsSecret = (name: string): JsonObject => ({
  name,
  sdsConfig: {
    apiConfigSource: {apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{envoyGrpc: {clusterName: 'sds-grpc'}}], setNodeOnFirstMessageOnly: true},
    initialFetchTimeout: '0s', resourceApiVersion: 'V3',
  },
});

/** ConstructSdsSecretConfigForCredential: istiod's own SDS over ADS, without the agent's zero initial fetch timeout (a credential may not exist yet). */
const credentialSecret = (name: string): JsonObject => ({name, sdsConfig: {ads: {}, resourceApiVersion: 'V3'}});
/** A credentialName's SDS secret config, its resource named as credentials.ToResourceName names it. */
export const credentialSdsSecret = (name: string): JsonObject => credentialSecret(credentialResource(name));

/** credentials.ToResourceName: a typed name as written, else a Kubernetes Secret of the proxy's namespace. */
function credentialResource(name: string): string {
  if (name.startsWith('builtin://') || name.startsWith('sds://') || name.startsWith('invalid://')) throw new ModelGap(`credentialName ${name} is not translated to Envoy's JSON here`);
  return ['configmap://', 'kubernetes://', 'kubernetes-gateway://'].some((prefix) => name.startsWith(prefix)) ? name : `kubernetes://${name}`;
}

const tlsSocket = (commonTlsContext: JsonObject, sni: unknown): JsonObject => ({
  name: 'envoy.transport_sockets.tls',
  typedConfig: {'@type': UPSTREAM_TLS_CONTEXT, commonTlsContext, ...(typeof sni === 'string' && sni !== '' ? {sni} : {})},
});

/** defaultUpstreamCommonTLSContext's protocol versions. */
const TLS_PARAMS = {tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3'};

/** defaultUpstreamCommonTLSContext's versions with applyTLSDefaults' cipher suites and ECDH curves (TlsParameters' declaration order). */
function tlsParams(tlsDefaults: unknown): JsonObject {
  const suites = asArray(asObject(tlsDefaults)?.cipherSuites).map(String);
  const curves = asArray(asObject(tlsDefaults)?.ecdhCurves).map(String);
  return {...TLS_PARAMS, ...(suites.length > 0 ? {cipherSuites: suites} : {}), ...(curves.length > 0 ? {ecdhCurves: curves} : {})};
}
export const exactSans = (names: readonly string[]): JsonObject => (names.length > 0 ? {matchSubjectAltNames: names.map((exact) => ({exact}))} : {});

/** cluster_tls.go ISTIO_MUTUAL: the workload certificate, the SANs and root, Istio's ALPNs (with metadata exchange). */
export function istioMutualSocket(subjectAltNames: readonly string[], sni: string, http2: boolean): JsonObject {
  return tlsSocket({
    tlsParams: TLS_PARAMS,
    tlsCertificateSdsSecretConfigs: [sdsSecret('default')],
    combinedValidationContext: {defaultValidationContext: exactSans(subjectAltNames), validationContextSdsSecretConfig: sdsSecret('ROOTCA')},
    alpnProtocols: http2 ? ['istio-peer-exchange', 'istio', 'h2'] : ['istio-peer-exchange', 'istio'],
  }, sni);
}

const USER_TLS_KEYS = new Set(['mode', 'clientCertificate', 'privateKey', 'caCertificates', 'caCrl', 'credentialName', 'subjectAltNames', 'sni', 'insecureSkipVerify']);

/** What the rule's SIMPLE or MUTUAL adds to a cluster: its socket, and setAutoSniAndAutoSanValidation's upstream HTTP options. */
export interface UserTls {
  socket?: JsonObject;
  upstreamHttpProtocolOptions?: JsonObject;
}

export interface UserTlsOptions {
  sidecar: boolean;
  ruleHasSelector: boolean;
  http2: boolean;
  /** A ServiceEntry's subjectAltNames (provider.External), which stand in for SANs the rule does not write. */
  entrySans?: readonly string[];
  /** The mesh config's tlsDefaults (applyTLSDefaults: its ECDH curves and cipher suites). */
  tlsDefaults?: unknown;
}

/**
 * buildUpstreamClusterTLSContext for SIMPLE and MUTUAL. A sidecar gets no context from a credentialName
 * (other than a ConfigMap's) unless the rule has a workloadSelector, so that sidecars do not wait for secrets they may not read.
 */
export function userTls(tls: Record<string, unknown>, what: string, opts: UserTlsOptions): UserTls {
  const other = Object.keys(tls).find((key) => !USER_TLS_KEYS.has(key));
  if (other) throw new ModelGap(`${what} sets tls.${other}, which is not translated to Envoy's JSON here`);
  const mutual = tls.mode === 'MUTUAL';
  const credential = typeof tls.credentialName === 'string' ? tls.credentialName : '';
  if (credential !== '' && !credential.startsWith('configmap://') && opts.sidecar && !opts.ruleHasSelector) return {};
  const written = asArray(tls.subjectAltNames).map(String);
  const skipVerify = tls.insecureSkipVerify === true;
  const sni = typeof tls.sni === 'string' ? tls.sni : '';
  // setAutoSniAndAutoSanValidation: Envoy takes the SNI from the request's host, and checks it as a SAN when none is written.
  const upstream: JsonObject = {};
  if (sni === '') upstream.autoSni = true;
  if (sni === '' && written.length === 0 && !skipVerify) upstream.autoSanValidation = true;
  const upstreamHttpProtocolOptions = Object.keys(upstream).length > 0 ? upstream : undefined;
  // constructUpstreamTLS: a ServiceEntry's SANs stand in for unwritten ones after the auto SAN validation is decided.
  const sans = written.length === 0 && opts.entrySans ? [...opts.entrySans] : written;
  const common: JsonObject = {tlsParams: tlsParams(opts.tlsDefaults)};
  if (credential !== '') {
    const resource = credentialResource(credential);
    if (mutual) common.tlsCertificateSdsSecretConfigs = [credentialSecret(resource)];
    if (!skipVerify) common.combinedValidationContext = {defaultValidationContext: exactSans(sans), validationContextSdsSecretConfig: credentialSecret(`${resource}-cacert`)};
  } else {
    if (mutual) {
      const cert = typeof tls.clientCertificate === 'string' ? tls.clientCertificate : '';
      const key = typeof tls.privateKey === 'string' ? tls.privateKey : '';
      // istiod logs the error and sends the cluster without a transport socket (the auto SNI options already set).
      if (cert === '' || key === '') return {upstreamHttpProtocolOptions};
      common.tlsCertificateSdsSecretConfigs = [sdsSecret(`file-cert:${cert}~${key}`)];
    }
    const ca = typeof tls.caCertificates === 'string' && tls.caCertificates !== '' ? tls.caCertificates : 'system';
    // A file CRL beside the file root (CertificateValidationContext declares crl after the SANs); a credential's comes over SDS.
    const crl = typeof tls.caCrl === 'string' && tls.caCrl !== '' ? {crl: {filename: tls.caCrl}} : {};
    common[skipVerify ? 'validationContext' : 'combinedValidationContext'] = skipVerify ? {}
      : {defaultValidationContext: {...exactSans(sans), ...crl}, validationContextSdsSecretConfig: sdsSecret(`file-root:${ca}`)};
  }
  if (opts.http2) common.alpnProtocols = ['h2'];
  return {socket: tlsSocket(common, sni), upstreamHttpProtocolOptions};
}

/** The rule's workloadSelector, which lets a sidecar fetch a credentialName. */
export const hasWorkloadSelector = (spec: unknown): boolean => asObject(asObject(spec)?.workloadSelector) !== undefined;
