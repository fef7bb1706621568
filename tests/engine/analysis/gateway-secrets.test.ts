/**
 * istioctl analyze, gateway/secret.go (SecretAnalyzer): the gateway's pods must exist (IST0101
 * selector), each tls.credentialName must name a Secret in their namespace (IST0101 credentialName),
 * and that Secret must hold a usable certificate (IST0161). The certificate checks themselves are in
 * gateway-secret-certificates.test.ts.
 */
import {describe, expect, it} from 'vitest';
import {analyzeIstioctl} from '../../../src/engine/analysis/istioctl';
import {ingressCluster} from '../support/clusters';
import {istioctlFindings} from '../support/findings';
import {httpsGateway} from '../support/manifests';

const withIngress = {context: ingressCluster};

/** A self-signed certificate valid from 2000 to 2100 (an Ed25519 key, O=meshdive), and one that expired in 2023. */
const VALID_CERT = 'MIHUMIGHoAMCAQICAQEwBQYDK2VwMBMxETAPBgNVBAoMCG1lc2hkaXZlMCAXDTAwMDEwMTAwMDAwMFoYDzIxMDAwMTAxMDAwMDAwWjATMREwDwYDVQQKDAhtZXNoZGl2ZTAqMAUGAytlcAMhAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAMAUGAytlcANBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const pemOf = (der: string) => Buffer.from(`-----BEGIN CERTIFICATE-----\n${der}\n-----END CERTIFICATE-----\n`).toString('base64');
const EXPIRED_CERT = Buffer.from(Buffer.from(VALID_CERT, 'base64').toString('latin1').replace('21000101000000Z', '20230101000000Z'), 'latin1').toString('base64');

const tlsSecret = (name: string, namespace: string, cert: string) => `apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${namespace}}
type: kubernetes.io/tls
data: {tls.crt: ${cert}, tls.key: a2V5}
`;
const gatewayPod = (namespace: string) => `apiVersion: v1
kind: Pod
metadata: {name: gateway, namespace: ${namespace}, labels: {app: shop-gateway, tier: edge}}
`;
const gateway = (credential: string, selector = '{app: shop-gateway}') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: shop, namespace: web}
spec:
  selector: ${selector}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [shop.example.com]
    tls: {mode: SIMPLE, credentialName: ${credential}}
`;

/** istioctl analyze --use-kube=false on the files, this analyzer only: `code reference message`. */
const analyze = (...files: string[]) =>
  analyzeIstioctl({files: files.map((text, i) => ({name: `f${i}.yaml`, text})), analyzers: ['gateway.SecretAnalyzer']})
    .messages.map((m) => `${m.code} ${m.origin} ${m.reference} ${m.message}`);

describe("a Gateway's TLS credentialName, looked up in the cluster", () => {
  it('IST0101 credentialName: the Secret is not in the gateway pods\' namespace', () => {
    expect(istioctlFindings(httpsGateway('a', 'missing-cert'), withIngress)).toEqual([
      {at: '9:41', severity: 'error', code: 'IST0101', message: 'Referenced credentialName not found: "missing-cert"'},
    ]);
    expect(istioctlFindings(httpsGateway('a', 'missing-cert'))).toEqual([]);
  });

  it('finds the Secret in the namespace of the pods, not of the Gateway, or in the one `ns/name` gives', () => {
    const cert = pemOf(VALID_CERT);
    expect(analyze(gatewayPod('edge'), tlsSecret('shop-cert', 'edge', cert), gateway('shop-cert'))).toEqual([]);
    expect(analyze(gatewayPod('edge'), tlsSecret('shop-cert', 'web', cert), gateway('shop-cert'))).toEqual([
      'IST0101 Gateway web/shop f2.yaml:9 Referenced credentialName not found: "shop-cert"',
    ]);
    expect(analyze(gatewayPod('edge'), tlsSecret('shop-cert', 'web', cert), gateway('web/shop-cert'))).toEqual([]);
  });

  it('reports even when the files hold no Secret at all: they are the whole cluster', () => {
    expect(analyze(gatewayPod('edge'), gateway('shop-cert'))).toEqual([
      'IST0101 Gateway web/shop f1.yaml:9 Referenced credentialName not found: "shop-cert"',
    ]);
  });

  it('IST0161: a Secret without a usable certificate, naming the gateway and its pods\' namespace', () => {
    const invalid = 'IST0161 Gateway web/shop f2.yaml:9 The credential referenced by the Gateway shop in namespace edge is invalid, which can cause the traffic not to work as expected.';
    expect(analyze(gatewayPod('edge'), tlsSecret('shop-cert', 'edge', pemOf(EXPIRED_CERT)), gateway('shop-cert'))).toEqual([invalid]);
    expect(analyze(gatewayPod('edge'), tlsSecret('shop-cert', 'edge', 'aHVzaAo='), gateway('shop-cert'))).toEqual([invalid]);
    expect(analyze(gatewayPod('edge'), tlsSecret('shop-cert', 'edge', '""'), gateway('shop-cert'))).toEqual([invalid]);
    // The context's bookinfo-cert has empty tls.crt and tls.key.
    expect(istioctlFindings(httpsGateway('a', 'bookinfo-cert'), withIngress)).toEqual([
      {at: '9:41', severity: 'error', code: 'IST0161', message: 'The credential referenced by the Gateway a in namespace istio-system is invalid, which can cause the traffic not to work as expected.'},
    ]);
  });

  it('IST0101 selector: no pod has the selector\'s labels, at the first label in sorted order', () => {
    expect(analyze(gatewayPod('edge'), gateway('shop-cert', '\n    tier: edge\n    app: gateway'))).toEqual([
      'IST0101 Gateway web/shop f1.yaml:7 Referenced selector not found: "app=gateway,tier=edge"',
    ]);
  });
});
