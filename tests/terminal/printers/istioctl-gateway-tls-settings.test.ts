/**
 * A gateway server's TLS settings in `istioctl proxy-config listener -o json` (istiod 1.30.3
 * listener.go BuildListenerTLSContext, applyDownstreamTLSDefaults, applyServerTLSSettings;
 * security/model ApplyCredentialSDSToServerCommonTLSContext, ApplyToCommonTLSContext).
 */
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';

const POD = 'istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system';
const mesh = (tls: Record<string, unknown>, meshConfig: Record<string, unknown> = {}): StateModel => withMeshConfig(namespaced(ISTIOD, GATEWAY, namespace('default'), namespace('istio-system'),
  sidecarPod('httpbin-abc', 'default', {app: 'httpbin'}, '10.244.0.9'),
  service('istio-ingressgateway', 'istio-system', [{name: 'https', port: 443, targetPort: 8443}], {clusterIP: '10.96.0.20', selector: {istio: 'ingressgateway'}}),
  service('httpbin', 'default', [{name: 'http', port: 8000, targetPort: 8080}], {clusterIP: '10.96.0.21'}),
  gateway(tls)), meshConfig);
const gateway = (tls: Record<string, unknown>): ModelObject => ({
  group: 'networking.istio.io', kind: 'Gateway', namespace: 'default', name: 'httpbin-gateway',
  value: {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: {name: 'httpbin-gateway', namespace: 'default', creationTimestamp: '2026-11-24T21:50:00Z'}, spec: {
    selector: {istio: 'ingressgateway'}, servers: [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['httpbin.example.com'], tls}],
  }},
});
/** The chain's DownstreamTlsContext. */
const context = (model: StateModel): {commonTlsContext: Record<string, unknown>; requireClientCertificate: boolean} => {
  const printed = printFromModel(`istioctl pc listener ${POD} --port 8443 -o json`, {namespace: 'default', placeholders: {}}, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  const [listener] = JSON.parse(printed.text) as {filterChains: {transportSocket: {typedConfig: {commonTlsContext: Record<string, unknown>; requireClientCertificate: boolean}}}[]}[];
  return listener!.filterChains[0]!.transportSocket.typedConfig;
};
const credential = (name: string) => ({name, sdsConfig: {ads: {}, resourceApiVersion: 'V3'}});
const agent = (name: string) => ({
  name,
  sdsConfig: {apiConfigSource: {apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{envoyGrpc: {clusterName: 'sds-grpc'}}], setNodeOnFirstMessageOnly: true}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'},
});

describe('client certificates at a gateway server', () => {
  it('validates but does not require them for OPTIONAL_MUTUAL, against the credential\'s -cacert', () => {
    const tls = context(mesh({mode: 'OPTIONAL_MUTUAL', credentialName: 'httpbin-credential'}));
    expect(tls.requireClientCertificate).toBe(false);
    expect(tls.commonTlsContext).toEqual({
      tlsCertificateSdsSecretConfigs: [credential('kubernetes://httpbin-credential')],
      combinedValidationContext: {defaultValidationContext: {}, validationContextSdsSecretConfig: credential('kubernetes://httpbin-credential-cacert')},
      alpnProtocols: ['h2', 'http/1.1'],
    });
  });

  it('pins SPKI and hashes before the SANs, and takes the CA from caCertCredentialName when written', () => {
    const tls = context(mesh({mode: 'MUTUAL', credentialName: 'httpbin-credential', caCertCredentialName: 'client-ca', subjectAltNames: ['client.example.com'], verifyCertificateSpki: ['spki='], verifyCertificateHash: ['AB:CD']}));
    expect(tls.requireClientCertificate).toBe(true);
    const validation = tls.commonTlsContext.combinedValidationContext as Record<string, unknown>;
    expect(validation).toEqual({
      defaultValidationContext: {verifyCertificateSpki: ['spki='], verifyCertificateHash: ['AB:CD'], matchSubjectAltNames: [{exact: 'client.example.com'}]},
      validationContextSdsSecretConfig: credential('kubernetes://client-ca'),
    });
    expect(Object.keys(validation.defaultValidationContext as object)).toEqual(['verifyCertificateSpki', 'verifyCertificateHash', 'matchSubjectAltNames']);
  });

  it('serves every credentialNames entry, the first one\'s -cacert validating clients', () => {
    const tls = context(mesh({mode: 'MUTUAL', credentialNames: ['rsa-credential', 'ecdsa-credential']}));
    expect(tls.commonTlsContext.tlsCertificateSdsSecretConfigs).toEqual([credential('kubernetes://rsa-credential'), credential('kubernetes://ecdsa-credential')]);
    expect((tls.commonTlsContext.combinedValidationContext as {validationContextSdsSecretConfig: unknown}).validationContextSdsSecretConfig).toEqual(credential('kubernetes://rsa-credential-cacert'));
  });

  it('checks a SIMPLE server\'s SANs in a plain validation context', () => {
    const tls = context(mesh({mode: 'SIMPLE', credentialName: 'httpbin-credential', subjectAltNames: ['client.example.com']}));
    expect(tls.commonTlsContext.validationContext).toEqual({matchSubjectAltNames: [{exact: 'client.example.com'}]});
    expect(tls.commonTlsContext.combinedValidationContext).toBeUndefined();
  });

  it('leaves caCrl out beside a credential (its CRL comes over SDS) and writes it as a file for mounted certificates', () => {
    expect(JSON.stringify(context(mesh({mode: 'MUTUAL', credentialName: 'c', caCrl: '/etc/crl.pem'})))).not.toContain('crl');
    const mounted = context(mesh({mode: 'MUTUAL', serverCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', caCrl: '/etc/certs/ca.crl'}));
    expect(mounted.commonTlsContext).toEqual({
      tlsCertificateSdsSecretConfigs: [agent('file-cert:/etc/certs/cert.pem~/etc/certs/key.pem')],
      combinedValidationContext: {defaultValidationContext: {crl: {filename: '/etc/certs/ca.crl'}}, validationContextSdsSecretConfig: agent('file-root:/etc/certs/ca.pem')},
      alpnProtocols: ['h2', 'http/1.1'],
    });
  });

  it('serves each of tlsCertificates from its files', () => {
    const tls = context(mesh({mode: 'SIMPLE', tlsCertificates: [{serverCertificate: '/a.pem', privateKey: '/a.key'}, {serverCertificate: '/b.pem', privateKey: '/b.key'}]}));
    expect(tls.commonTlsContext.tlsCertificateSdsSecretConfigs).toEqual([agent('file-cert:/a.pem~/a.key'), agent('file-cert:/b.pem~/b.key')]);
  });

  it('adds an ISTIO_MUTUAL server\'s caCrl to the workload root\'s validation', () => {
    const tls = context(mesh({mode: 'ISTIO_MUTUAL', caCrl: '/etc/crl.pem'}));
    expect(tls.commonTlsContext.combinedValidationContext).toEqual({defaultValidationContext: {crl: {filename: '/etc/crl.pem'}}, validationContextSdsSecretConfig: agent('ROOTCA')});
  });
});

describe('TLS versions and cipher suites at a gateway server', () => {
  it('writes the server\'s versions and its valid cipher suites, each once, first in the common context', () => {
    const tls = context(mesh({mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_2', maxProtocolVersion: 'TLSV1_3', cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384', 'NOT-A-CIPHER', 'ECDHE-RSA-AES256-GCM-SHA384', 'AES128-SHA']}));
    expect(Object.keys(tls.commonTlsContext)[0]).toBe('tlsParams');
    expect(tls.commonTlsContext.tlsParams).toEqual({tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3', cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384', 'AES128-SHA']});
  });

  it('starts from the mesh\'s tlsDefaults, which the server\'s own settings override', () => {
    const defaults = {tlsDefaults: {minProtocolVersion: 'TLSV1_3', cipherSuites: ['AES256-GCM-SHA384'], ecdhCurves: ['P-256', 'X25519']}};
    expect(context(mesh({mode: 'SIMPLE', credentialName: 'c'}, defaults)).commonTlsContext.tlsParams).toEqual({tlsMinimumProtocolVersion: 'TLSv1_3', cipherSuites: ['AES256-GCM-SHA384'], ecdhCurves: ['P-256', 'X25519']});
    expect(context(mesh({mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_2', cipherSuites: ['AES128-GCM-SHA256']}, defaults)).commonTlsContext.tlsParams)
      .toEqual({tlsMinimumProtocolVersion: 'TLSv1_2', cipherSuites: ['AES128-GCM-SHA256'], ecdhCurves: ['P-256', 'X25519']});
  });

  it('writes no parameters without settings, and none for ISTIO_MUTUAL, which is not simple or mutual', () => {
    expect(context(mesh({mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLS_AUTO'})).commonTlsContext.tlsParams).toBeUndefined();
    expect(context(mesh({mode: 'ISTIO_MUTUAL', minProtocolVersion: 'TLSV1_3'}, {tlsDefaults: {minProtocolVersion: 'TLSV1_3'}})).commonTlsContext.tlsParams).toBeUndefined();
  });
});
