/**
 * gatewayapi.GatewayStatusAnalyzer: the TLS of a Gateway's own listeners as istiod 1.30.3
 * writes it on their status (pilot/pkg/config/kube/gateway gateway_collection.go GatewayCollection,
 * conversion.go buildListener and buildTLS): the certificate Secret and its key pair
 * (buildSecretReference, tls.X509KeyPair) and the Gateway's own tls.frontend client validation
 * (resolveGatewayTLS, buildCaCertificateReference), ResolvedRefs and Programmed False.
 */
import {describe, expect, it} from 'vitest';
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';
import {closed, doc, gatewayApiFindings} from '../support/gateway-api';
import {base64, CA_CERT, EC_CERT, EC_KEY_PKCS8, ED25519_CERT, ED25519_KEY, OTHER_EC_KEY, OTHER_RSA_KEY, RSA_CERT, RSA_KEY_PKCS1, RSA_KEY_PKCS8} from '../support/key-pairs';

const LISTENER = 'gateway-api-listener-invalid';
const findings = (text: string, options: ValidateOptions = closed) =>
  diagnose(text, options).filter((d) => d.code === LISTENER).map(({severity, document, path, message}) => ({severity, document, path, message}));
const messages = (text: string, options: ValidateOptions = closed) => findings(text, options).map((f) => f.message);

/** A Gateway in `infra` with one listener's lines and the spec's other lines. */
const gateway = (listener: string, more = '', className = 'istio') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec:\n  gatewayClassName: ${className}\n${more}  listeners:\n${listener}`;
const https = (refs = '[{name: shop-cert}]', port = 443) =>
  `  - name: https\n    port: ${port}\n    protocol: HTTPS\n    hostname: shop.example.com\n    tls:\n      certificateRefs: ${refs}\n`;
const secret = (cert = EC_CERT, key = EC_KEY_PKCS8, name = 'shop-cert', ns = 'infra') =>
  `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${ns}}\ntype: kubernetes.io/tls\ndata: {tls.crt: ${base64(cert)}, tls.key: ${base64(key)}}\n`;
const BAD_TLS = 'Programmed to False (Invalid: Bad TLS configuration)';

describe('the certificate and key of a Gateway\'s own listener (buildSecretReference: tls.X509KeyPair)', () => {
  it('takes a certificate with its own key, RSA or ECDSA or Ed25519', () => {
    for (const [cert, key] of [[RSA_CERT, RSA_KEY_PKCS1], [RSA_CERT, RSA_KEY_PKCS8], [EC_CERT, EC_KEY_PKCS8], [ED25519_CERT, ED25519_KEY]]) {
      expect(findings(doc(gateway(https()), secret(cert, key)))).toEqual([]);
    }
  });

  it('refuses a key of another certificate on the listener, with istiod\'s reason and "the certificate is malformed"', () => {
    expect(findings(doc(gateway(https()), secret(EC_CERT, OTHER_EC_KEY)))).toEqual([{
      severity: 'error', document: 0, path: '/spec/listeners/0/tls/certificateRefs/0',
      message: 'Listener https of the Gateway is not programmed as written: istiod sets ResolvedRefs to False (InvalidCertificateRef: invalid certificate reference //shop-cert., '
        + `the certificate is malformed: tls: private key does not match public key), ${BAD_TLS}`,
    }]);
    expect(messages(doc(gateway(https()), secret(RSA_CERT, OTHER_RSA_KEY)))).toEqual([expect.stringContaining('tls: private key does not match public key)')]);
    expect(messages(doc(gateway(https()), secret(EC_KEY_PKCS8, EC_CERT)))).toEqual([expect.stringContaining('PEM inputs may have been switched')]);
  });

  it('judges a TLS listener that terminates as it judges HTTPS, and leaves Passthrough and the built-in certificate modes alone', () => {
    const tls = (block: string) => `  - name: tls\n    port: 8443\n    protocol: TLS\n    tls:\n${block}`;
    expect(messages(doc(gateway(tls('      certificateRefs: [{name: shop-cert}]\n')), secret(EC_CERT, OTHER_EC_KEY))))
      .toEqual([expect.stringContaining('Listener tls of the Gateway')]);
    expect(findings(doc(gateway(tls('      mode: Passthrough\n')), secret(EC_CERT, OTHER_EC_KEY)))).toEqual([]);
    const mutual = tls('      certificateRefs: [{name: shop-cert}]\n      options: {gateway.istio.io/tls-terminate-mode: ISTIO_MUTUAL}\n');
    expect(findings(doc(gateway(mutual), secret(EC_CERT, OTHER_EC_KEY)))).toEqual([]);
  });

  it('marks a Secret that is not there only when the run holds the namespace\'s Secrets, and takes one usable certificate of two', () => {
    expect(messages(doc(gateway(https())))).toEqual([expect.stringContaining('(InvalidCertificateRef: invalid certificate reference //shop-cert., secret infra/shop-cert not found), ')]);
    expect(findings(doc(gateway(https())), {})).toEqual([]);
    expect(findings(doc(gateway(https('[{name: shop-cert}, {name: gone}]')), secret()))).toEqual([]);
  });

  it('leaves a listener refused only for want of a ReferenceGrant to gateway-api-certificate-ref-not-permitted, and joins the messages otherwise', () => {
    const crossNamespace = doc(gateway(https('[{name: wildcard, namespace: certs}]')), secret(EC_CERT, EC_KEY_PKCS8, 'wildcard', 'certs'));
    expect(findings(crossNamespace)).toEqual([]);
    expect(gatewayApiFindings(crossNamespace, closed).map((f) => f.code)).toEqual(['gateway-api-certificate-ref-not-permitted']);
    const both = doc(gateway(https('[{name: wildcard, namespace: certs}, {name: shop-cert}]')), secret(EC_CERT, EC_KEY_PKCS8, 'wildcard', 'certs'), secret(EC_CERT, OTHER_EC_KEY));
    expect(messages(both)).toEqual(['Listener https of the Gateway is not programmed as written: istiod sets ResolvedRefs to False (RefNotPermitted: '
      + 'certificateRef wildcard/certs not accessible to a Gateway in namespace "infra" (missing a ReferenceGrant?); invalid certificate reference //shop-cert., '
      + `the certificate is malformed: tls: private key does not match public key), ${BAD_TLS}`]);
  });

  it('says InvalidRouteKinds on ResolvedRefs when the route kinds are wrong too (reportListenerCondition), keeping Programmed\'s TLS error', () => {
    const listener = `${https()}    allowedRoutes:\n      kinds: [{kind: TCPRoute}]\n`;
    expect(findings(doc(gateway(listener), secret(EC_CERT, OTHER_EC_KEY)))).toEqual([expect.objectContaining({
      path: '/spec/listeners/0/allowedRoutes/kinds',
      message: `Listener https of the Gateway is not programmed as written: istiod sets ResolvedRefs to False (InvalidRouteKinds: Invalid route kinds), ${BAD_TLS}`,
    })]);
  });
});

describe('a Gateway\'s own tls.frontend client validation for its listeners (resolveGatewayTLS)', () => {
  const frontend = (tls: string) => `  tls:\n    frontend:\n${tls}`;
  const caRef = (ref: string) => `      default:\n        validation:\n          caCertificateRefs: [${ref}]\n`;
  const caMap = (name: string, ns: string, bundle = CA_CERT) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}}\ndata:\n  ca.crt: ${JSON.stringify(bundle)}\n`;

  it('takes one bundle of the Gateway\'s namespace', () => {
    expect(findings(doc(gateway(https(), frontend(caRef('{group: "", kind: ConfigMap, name: shop-ca}'))), secret(), caMap('shop-ca', 'infra')))).toEqual([]);
  });

  it('refuses a missing bundle and a malformed one, pointing at the Gateway\'s own caCertificateRefs', () => {
    expect(findings(doc(gateway(https(), frontend(caRef('{group: "", kind: ConfigMap, name: nonexistent}'))), secret()))).toEqual([{
      severity: 'error', document: 0, path: '/spec/tls/frontend/default/validation/caCertificateRefs/0',
      message: 'Listener https of the Gateway is not programmed as written: istiod sets ResolvedRefs to False (InvalidCertificateRef: '
        + `invalid CA certificate reference /ConfigMap/nonexistent., configmap infra/nonexistent not found), ${BAD_TLS}`,
    }]);
    expect(messages(doc(gateway(https(), frontend(caRef('{group: "", kind: ConfigMap, name: shop-ca}'))), secret(), caMap('shop-ca', 'infra', EC_KEY_PKCS8))))
      .toEqual([expect.stringContaining('invalid CA certificate reference /ConfigMap/shop-ca., the bundle is malformed)')]);
  });

  it('reads the perPort entry for the listener\'s port before the default', () => {
    const perPort = `      default:\n        validation:\n          caCertificateRefs: [{group: "", kind: ConfigMap, name: nonexistent}]\n`
      + '      perPort:\n      - port: 443\n        tls:\n          validation:\n            caCertificateRefs: [{group: "", kind: ConfigMap, name: shop-ca}]\n';
    expect(findings(doc(gateway(https(), frontend(perPort)), secret(), caMap('shop-ca', 'infra')))).toEqual([]);
    expect(findings(doc(gateway(https('[{name: shop-cert}]', 8443), frontend(perPort)), secret(), caMap('shop-ca', 'infra'))).map((f) => f.path))
      .toEqual(['/spec/tls/frontend/default/validation/caCertificateRefs/0']);
  });

  it('is not reached without a usable certificate', () => {
    expect(messages(doc(gateway(https(), frontend(caRef('{group: "", kind: ConfigMap, name: nonexistent}'))))))
      .toEqual([expect.stringContaining('secret infra/shop-cert not found), Programmed')]);
  });

  it('needs a ReferenceGrant from Gateways for another namespace\'s bundle, covering every ConfigMap ("<name>-cacert")', () => {
    const ref = caRef('{group: "", kind: ConfigMap, name: auth-ca, namespace: certs}');
    const grant = (kind: string, to: string) => 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: cas, namespace: certs}\n'
      + `spec:\n  from: [{group: gateway.networking.k8s.io, kind: ${kind}, namespace: infra}]\n  to: [${to}]\n`;
    const base = [gateway(https(), frontend(ref)), secret(), caMap('auth-ca', 'certs')];
    expect(findings(doc(...base))).toEqual([expect.objectContaining({
      path: '/spec/tls/frontend/default/validation/caCertificateRefs/0/namespace',
      message: 'Listener https of the Gateway is not programmed as written: istiod sets ResolvedRefs to False (RefNotPermitted: caCertificateRef certs/auth-ca not accessible '
        + `to a Gateway in namespace "infra" (missing a ReferenceGrant?)), ${BAD_TLS}`,
    })]);
    expect(findings(doc(...base, grant('Gateway', '{group: "", kind: ConfigMap}')))).toEqual([]);
    expect(findings(doc(...base, grant('ListenerSet', '{group: "", kind: ConfigMap}')))).toHaveLength(1);
    expect(findings(doc(...base, grant('Gateway', '{group: "", kind: ConfigMap, name: auth-ca}')))).toHaveLength(1);
  });
});

describe('the Gateways whose listeners istiod builds (GatewayCollection)', () => {
  const broken = secret(EC_CERT, OTHER_EC_KEY);
  const gatewayClass = (name: string, controller: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: ${name}\nspec:\n  controllerName: ${controller}\n`;

  it('judges the gateway and the waypoint classes, and a GatewayClass of istiod\'s gateway controller', () => {
    expect(findings(doc(gateway(https(), '', 'istio-waypoint'), broken))).toHaveLength(1);
    expect(findings(doc(gatewayClass('edge', 'istio.io/gateway-controller'), gateway(https(), '', 'edge'), broken))).toHaveLength(1);
  });

  it('leaves istio-remote (DisableRouteGeneration), another controller\'s class and an unknown class alone', () => {
    expect(findings(doc(gateway(https(), '', 'istio-remote'), broken))).toEqual([]);
    expect(findings(doc(gatewayClass('acme', 'acme.io/gateway'), gateway(https(), '', 'acme'), broken))).toEqual([]);
    expect(findings(doc(gateway(https(), '', 'acme'), broken))).toEqual([]);
  });

  it('leaves a Gateway whose addresses name no Service (extractGatewayServices\' hard failure)', () => {
    const addresses = (list: string) => `  addresses: ${list}\n`;
    expect(findings(doc(gateway(https(), addresses('[{type: IPAddress, value: 10.0.0.1}, {type: IPAddress, value: 10.0.0.2}]')), broken))).toEqual([]);
    expect(findings(doc(gateway(https(), addresses('[{type: Hostname, value: ingress.infra.svc.cluster.local}]')), broken))).toHaveLength(1);
    // one IPAddress is a managed deployment (IsManaged)
    expect(findings(doc(gateway(https(), addresses('[{value: 10.0.0.1}]')), broken))).toHaveLength(1);
  });
});

describe('istiod\'s own cases (pilot/pkg/config/kube/gateway testdata/invalid.yaml, invalid.status.yaml.golden, objects of conversion_test.go)', () => {
  const istioGateway = (name: string, more: string, refs: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: ${name}, namespace: istio-system}\nspec:\n`
    + `  addresses:\n  - {value: istio-ingressgateway, type: Hostname}\n  gatewayClassName: istio\n${more}`
    + `  listeners:\n  - name: default\n    hostname: domain.example\n    port: 34002\n    protocol: HTTPS\n    tls:\n      mode: Terminate\n      certificateRefs: ${refs}\n`;

  it('invalid-cert-malformed: a Secret whose tls.crt and tls.key are base64 text, not PEM', () => {
    // conversion_test.go's "malformed" Secret holds the bytes "SGVsbG8gd29ybGQK" under both keys
    const malformed = `apiVersion: v1\nkind: Secret\nmetadata: {name: malformed, namespace: istio-system}\ndata: {tls.crt: ${base64('SGVsbG8gd29ybGQK')}, tls.key: ${base64('SGVsbG8gd29ybGQK')}}\n`;
    expect(messages(doc(istioGateway('invalid-cert-malformed', '', '[{name: malformed, kind: Secret}]'), malformed))).toEqual([
      'Listener default of the Gateway is not programmed as written: istiod sets ResolvedRefs to False (InvalidCertificateRef: '
      + `invalid certificate reference /Secret/malformed., the certificate is malformed: tls: failed to find any PEM data in certificate input), ${BAD_TLS}`,
    ]);
  });

  it('invalid-frontendvalidation-missing-refgrant: a CA bundle of namespace default without a ReferenceGrant', () => {
    const more = '  tls:\n    frontend:\n      default:\n        validation:\n          caCertificateRefs:\n          - {group: "", kind: ConfigMap, namespace: default, name: auth-cert}\n';
    const authCert = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: auth-cert, namespace: default}\ndata:\n  ca.crt: ${JSON.stringify(RSA_CERT)}\n`;
    expect(messages(doc(istioGateway('invalid-frontendvalidation-missing-refgrant', more, '[{name: my-cert-http}]'),
      secret(RSA_CERT, RSA_KEY_PKCS1, 'my-cert-http', 'istio-system'), authCert))).toEqual([
      'Listener default of the Gateway is not programmed as written: istiod sets ResolvedRefs to False (RefNotPermitted: '
      + `caCertificateRef default/auth-cert not accessible to a Gateway in namespace "istio-system" (missing a ReferenceGrant?)), ${BAD_TLS}`,
    ]);
  });
});

describe('two certificateRefs, the first refused and the second usable (buildTLS\'s credNames[0])', () => {
  const TRAP = 'gateway-api-listener-serves-workload-certificate';
  const trapped = (text: string, options: ValidateOptions = closed) =>
    diagnose(text, options).filter((d) => d.code === TRAP || d.code === LISTENER).map(({code, document, path, message}) => ({code, document, path, message}));
  const served = (listener: string, secretName: string, refusal: string) => `Listener ${listener} serves the gateway proxy's own workload certificate `
    + `(SDS "default", signed by the mesh CA), not Secret ${secretName}: istiod refuses certificateRefs[0] (${refusal}), then takes the first of its `
    + 'credential names, which that refusal left empty, and drops the error, so every condition of the listener is True';

  it('serve the proxy\'s own certificate while every condition is True: CredentialName is credNames[0], left ""', () => {
    expect(trapped(doc(gateway(https('[{name: gone}, {name: shop-cert}]')), secret()))).toEqual([{code: TRAP, document: 0,
      path: '/spec/listeners/0/tls/certificateRefs/0',
      message: served('https', 'infra/shop-cert', 'InvalidCertificateRef: invalid certificate reference //gone., secret infra/gone not found')}]);
  });

  it('say a refusal for want of a ReferenceGrant at the reference\'s namespace', () => {
    const refs = '[{name: shared-cert, namespace: certs}, {name: shop-cert}]';
    expect(trapped(doc(gateway(https(refs)), secret(), secret(EC_CERT, EC_KEY_PKCS8, 'shared-cert', 'certs')))).toEqual([{code: TRAP, document: 0,
      path: '/spec/listeners/0/tls/certificateRefs/0/namespace',
      message: served('https', 'infra/shop-cert', 'RefNotPermitted: certificateRef shared-cert/certs not accessible to a Gateway in namespace "infra" (missing a ReferenceGrant?)')}]);
  });

  it('are served as written the other way round, and undecided when the run cannot tell either reference', () => {
    expect(trapped(doc(gateway(https('[{name: shop-cert}, {name: gone}]')), secret()))).toEqual([]);
    // an open world knows the Secrets of the namespaces whose Secrets the input holds, no others
    expect(trapped(doc(gateway(https('[{name: gone}, {name: shop-cert}]')), secret()), {}).map((f) => f.code)).toEqual([TRAP]);
    expect(trapped(doc(gateway(https('[{name: gone, namespace: elsewhere}, {name: shop-cert}]')), secret()), {})).toEqual([]);
    expect(trapped(doc(gateway(https('[{name: gone}, {name: shop-cert, namespace: elsewhere}]')), secret('x', 'x', 'other')), {})).toEqual([]);
  });

  it('trap a ListenerSet\'s entry alike', () => {
    const parent = gateway(https(), '  allowedListeners:\n    namespaces: {from: Same}\n');
    const set = 'apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {name: extra, namespace: infra}\nspec:\n  parentRef: {name: gw}\n  listeners:\n'
      + '  - {name: shop, port: 8443, protocol: HTTPS, hostname: shop.example.com, tls: {certificateRefs: [{name: gone}, {name: shop-cert}]}}\n';
    expect(trapped(doc(parent, set, secret()))).toEqual([{code: TRAP, document: 1, path: '/spec/listeners/0/tls/certificateRefs/0',
      message: served('shop', 'infra/shop-cert', 'InvalidCertificateRef: invalid certificate reference //gone., secret infra/gone not found')}]);
  });
});
