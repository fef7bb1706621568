/**
 * gatewayapi.ListenerSetStatusAnalyzer: a ListenerSet's own Accepted and Programmed conditions as
 * istiod 1.30.3 writes them (pilot/pkg/config/kube/gateway gateway_collection.go
 * ListenerSetCollection; conversion.go reportUnsupportedListenerSet, reportNotAllowedListenerSet;
 * gatewaycommon/classinfo.go SupportsListenerSet), and routes attached to a ListenerSet whose
 * Gateway's class does not support ListenerSet.
 */
import {describe, expect, it} from 'vitest';
import type {ValidateOptions} from '../../../src/engine/index';
import {diagnose} from '../helpers';
import {closed, doc, gateway, gatewayApiFindings, httpListener, listenerSet, route} from '../support/gateway-api';
import {base64, CA_CERT, EC_CERT, EC_KEY_PKCS8, EC_KEY_SEC1, ED25519_CERT, ED25519_KEY, OTHER_EC_KEY, OTHER_RSA_KEY, P384_CERT, P384_KEY, RSA_CERT, RSA_KEY_PKCS1, RSA_KEY_PKCS8}
  from '../support/key-pairs';

const CODES = new Set(['gateway-api-listener-set-not-allowed', 'gateway-api-listener-set-parent-not-found']);
const statusFindings = (text: string, options: ValidateOptions = {}) =>
  diagnose(text, options).filter((d) => CODES.has(d.code)).map(({severity, code, document, path, message}) => ({severity, code, document, path, message}));

const allowingAll = (className = 'istio') => `${gateway('gw', 'infra', httpListener(), className)}  allowedListeners:\n    namespaces: {from: All}\n`;
const shopListeners = listenerSet('shop-ls', 'shop', 'infra/gw', httpListener('shop', 8080, '    hostname: shop.example.com\n'));
const gatewayClass = (name: string, controller: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: ${name}\nspec:\n  controllerName: ${controller}\n`;

describe('a ListenerSet whose Gateway\'s class does not support ListenerSet', () => {
  it('is NotAllowed on a waypoint (istio-waypoint, the mesh controller), with istiod\'s message', () => {
    expect(statusFindings(doc(allowingAll('istio-waypoint'), shopListeners), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-listener-set-not-allowed', document: 1, path: '/spec/parentRef/name',
      message: 'ListenerSet is not taken by its Gateway: Gateway infra/gw is of GatewayClass "istio-waypoint" (controller istio.io/mesh-controller), '
        + 'which does not support ListenerSet. istiod sets Accepted and Programmed to False (NotAllowed: The "istio-waypoint" GatewayClass does not support ListenerSet), '
        + 'and its listeners serve nothing',
    }]);
  });

  it('reads the controller from a GatewayClass object, which comes before the built-in names', () => {
    const remote = gatewayClass('edge', 'istio.io/unmanaged-gateway');
    expect(statusFindings(doc(remote, allowingAll('edge'), shopListeners), closed).map((f) => f.message))
      .toEqual([expect.stringContaining('(NotAllowed: The "edge" GatewayClass does not support ListenerSet)')]);
    const managed = gatewayClass('istio-waypoint', 'istio.io/gateway-controller');
    expect(statusFindings(doc(managed, allowingAll('istio-waypoint'), shopListeners), closed)).toEqual([]);
  });

  it('is checked before allowedListeners, as istiod checks it', () => {
    const text = doc(gateway('gw', 'infra', httpListener(), 'istio-waypoint'), shopListeners);
    expect(statusFindings(text, closed).map((f) => f.message)).toEqual([expect.stringContaining('does not support ListenerSet')]);
  });

  it('leaves a Gateway of another controller\'s class alone', () => {
    expect(statusFindings(doc(gatewayClass('acme', 'acme.io/gateway'), allowingAll('acme'), shopListeners), closed)).toEqual([]);
    // a class the run does not hold, not one of istiod's built-in names: not istiod's to judge
    expect(statusFindings(doc(allowingAll('acme'), shopListeners), closed)).toEqual([]);
  });

  it('detaches the routes whose parentRef is that ListenerSet', () => {
    const web = route('HTTPRoute', 'web', 'shop', '  parentRefs:\n  - {group: gateway.networking.k8s.io, kind: ListenerSet, name: shop-ls}\n');
    expect(gatewayApiFindings(doc(allowingAll('istio-waypoint'), shopListeners, web), closed)).toEqual([expect.objectContaining({
      code: 'gateway-api-listener-set-not-accepted', document: 2,
      message: 'parentRef names ListenerSet shop/shop-ls, which its Gateway does not accept: Gateway infra/gw is of GatewayClass "istio-waypoint" '
        + '(controller istio.io/mesh-controller), which does not support ListenerSet (NotAllowed): the route is attached to nothing there',
    })]);
  });
});

describe('a ListenerSet its Gateway\'s allowedListeners refuses', () => {
  it('is NotAllowed with istiod\'s message, which names allowedRoutes', () => {
    expect(statusFindings(doc(gateway('gw', 'infra', httpListener()), shopListeners), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-listener-set-not-allowed', document: 1, path: '/spec/parentRef/name',
      message: 'ListenerSet is not taken by its Gateway: Gateway infra/gw admits no ListenerSet (allowedListeners.namespaces.from: None, the default). '
        + 'istiod sets Accepted and Programmed to False (NotAllowed: The parent Gateway does not allow this reference; check the \'spec.allowedRoutes\'), '
        + 'and its listeners serve nothing',
    }]);
  });

  it('is accepted when the Gateway admits its namespace', () => {
    expect(statusFindings(doc(allowingAll(), shopListeners), closed)).toEqual([]);
  });
});

describe('a ListenerSet whose parent Gateway does not exist', () => {
  it('gets no status from istiod: reported when the run holds that namespace\'s Gateways', () => {
    expect(statusFindings(doc(gateway('other', 'infra', httpListener()), shopListeners))).toEqual([{
      severity: 'error', code: 'gateway-api-listener-set-parent-not-found', document: 1, path: '/spec/parentRef/name',
      message: 'The ListenerSet is attached to nothing: its parentRef names Gateway infra/gw, which does not exist, so istiod writes no status on it and its listeners serve nothing',
    }]);
    expect(statusFindings(shopListeners)).toEqual([]);
  });
});

describe('the listener entries of an accepted ListenerSet (conversion.go buildListener)', () => {
  const LISTENER = 'gateway-api-listener-set-listener-invalid';
  const entryFindings = (text: string, options: ValidateOptions = closed) =>
    diagnose(text, options).filter((d) => d.code === LISTENER).map(({path, message}) => ({path, message}));
  const entry = (lines: string) => listenerSet('shop-ls', 'shop', 'infra/gw', lines);
  const https = (refs: string) => `  - name: https\n    port: 8443\n    protocol: HTTPS\n    hostname: shop.example.com\n    tls:\n      certificateRefs: ${refs}\n`;
  // A Secret holding a certificate and its key, as base64 data
  const secret = (name: string, ns: string, cert = EC_CERT, key = EC_KEY_PKCS8) =>
    `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${ns}}\ntype: kubernetes.io/tls\ndata: {tls.crt: ${base64(cert)}, tls.key: ${base64(key)}}\n`;

  it('refuses a protocol istiod\'s gateway controller does not program, with listenerProtocolToIstio\'s words', () => {
    expect(entryFindings(doc(allowingAll(), entry('  - {name: tcp, port: 9000, protocol: TCP}\n')))).toEqual([{
      path: '/spec/listeners/0/protocol',
      message: 'Listener tcp of the ListenerSet is not programmed as written: istiod sets Accepted to False '
        + '(UnsupportedProtocol: protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured)',
    }]);
    expect(entryFindings(doc(allowingAll(), entry('  - {name: web, port: 9000, protocol: http}\n  - {name: dns, port: 53, protocol: UDP}\n'))).map((f) => f.message)).toEqual([
      expect.stringContaining('(UnsupportedProtocol: protocol "http" is unsupported. hint: "HTTP" (uppercase) may be supported)'),
      expect.stringContaining('(UnsupportedProtocol: protocol "UDP" is unsupported)'),
    ]);
  });

  it('marks a certificate Secret that is not there: ResolvedRefs and Programmed False', () => {
    expect(entryFindings(doc(allowingAll(), entry(https('[{name: shop-cert}]'))))).toEqual([{
      path: '/spec/listeners/0/tls/certificateRefs/0',
      message: 'Listener https of the ListenerSet is not programmed as written: istiod sets ResolvedRefs to False '
        + '(InvalidCertificateRef: invalid certificate reference //shop-cert., secret shop/shop-cert not found), Programmed to False (Invalid: Bad TLS configuration)',
    }]);
    expect(entryFindings(doc(allowingAll(), secret('shop-cert', 'shop'), entry(https('[{name: shop-cert}]'))))).toEqual([]);
    // ExtractCertInfo's words for a Secret without a certificate and a key
    const empty = `apiVersion: v1\nkind: Secret\nmetadata: {name: shop-cert, namespace: shop}\ndata: {ca.crt: cGVt}\n`;
    expect(entryFindings(doc(allowingAll(), empty, entry(https('[{name: shop-cert}]')))).map((f) => f.message)).toEqual([expect.stringContaining(
      "(InvalidCertificateRef: invalid certificate reference //shop-cert., found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: ca.crt)")]);
    // an open world that shows no Secret of the namespace cannot tell
    expect(entryFindings(doc(allowingAll(), entry(https('[{name: shop-cert}]'))), {})).toEqual([]);
  });

  it('takes a Secret only in the core group written "" (NormalizeReference finds no schema for group "core")', () => {
    expect(entryFindings(doc(allowingAll(), secret('shop-cert', 'shop'), entry(https('[{group: "", kind: Secret, name: shop-cert}]'))))).toEqual([]);
    expect(entryFindings(doc(allowingAll(), secret('shop-cert', 'shop'), entry(https('[{group: core, kind: Secret, name: shop-cert}]')))).map((f) => f.message))
      .toEqual([expect.stringContaining('(InvalidCertificateRef: invalid certificate reference core/Secret/shop-cert., only secret is allowed)')]);
  });

  it('needs a ReferenceGrant from the ListenerSet for another namespace\'s Secret, and only one usable certificate', () => {
    const crossNamespace = https('[{name: wildcard, namespace: certs}]');
    expect(entryFindings(doc(allowingAll(), secret('wildcard', 'certs'), entry(crossNamespace)))).toEqual([{
      path: '/spec/listeners/0/tls/certificateRefs/0/namespace',
      message: 'Listener https of the ListenerSet is not programmed as written: istiod sets ResolvedRefs to False '
        + '(RefNotPermitted: certificateRef wildcard/certs not accessible to a Gateway in namespace "shop" (missing a ReferenceGrant?)), Programmed to False (Invalid: Bad TLS configuration)',
    }]);
    const grant = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: from-shop, namespace: certs}\n'
      + 'spec:\n  from: [{group: gateway.networking.k8s.io, kind: ListenerSet, namespace: shop}]\n  to: [{group: "", kind: Secret}]\n';
    expect(entryFindings(doc(allowingAll(), secret('wildcard', 'certs'), grant, entry(crossNamespace)))).toEqual([]);
    // one usable certificate of two is enough
    expect(entryFindings(doc(allowingAll(), secret('shop-cert', 'shop'), entry(https('[{name: shop-cert}, {name: gone}]'))))).toEqual([]);
    expect(entryFindings(doc(allowingAll(), entry(https('[{name: a}, {name: b}, {name: c}]')))).map((f) => f.message))
      .toEqual([expect.stringContaining('(InvalidCertificateRef: TLS mode can only support up to 2 server certificates)')]);
  });

  it('marks route kinds the protocol does not carry (generateSupportedKinds)', () => {
    const kinds = '  - name: web\n    port: 8080\n    protocol: HTTP\n    allowedRoutes:\n      kinds: [{kind: HTTPRoute}, {kind: TCPRoute}]\n';
    expect(entryFindings(doc(allowingAll(), entry(kinds)))).toEqual([{
      path: '/spec/listeners/0/allowedRoutes/kinds',
      message: 'Listener web of the ListenerSet is not programmed as written: istiod sets ResolvedRefs to False (InvalidRouteKinds: Invalid route kinds)',
    }]);
    // TLS carries TCPRoute when it terminates, which a tls block does unless it says Passthrough (the CRD defaults mode to Terminate)
    const tls = (mode: string) => '  - name: tls\n    port: 8443\n    protocol: TLS\n    tls:\n' + mode + '      certificateRefs: [{name: shop-cert}]\n'
      + '    allowedRoutes:\n      kinds: [{kind: TLSRoute}, {kind: TCPRoute}]\n';
    expect(entryFindings(doc(allowingAll(), secret('shop-cert', 'shop'), entry(tls(''))))).toEqual([]);
    expect(entryFindings(doc(allowingAll(), secret('shop-cert', 'shop'), entry(tls('      mode: Passthrough\n')))).map((f) => f.message))
      .toEqual([expect.stringContaining('(InvalidRouteKinds: Invalid route kinds)')]);
  });

  it('reports no conflict with the parent Gateway\'s listeners, as istiod 1.30.3 compares none for a ListenerSet', () => {
    const sameAsParent = entry('  - {name: http, port: 80, protocol: HTTP}\n');
    expect(entryFindings(doc(allowingAll(), sameAsParent))).toEqual([]);
  });

  it('judges no entry of a ListenerSet its Gateway does not take', () => {
    const tcp = entry('  - {name: tcp, port: 9000, protocol: TCP}\n');
    expect(entryFindings(doc(gateway('gw', 'infra', httpListener()), tcp))).toEqual([]);
  });
});

describe('the certificate and key of a listener entry (buildSecretReference: tls.X509KeyPair)', () => {
  const LISTENER = 'gateway-api-listener-set-listener-invalid';
  const messages = (text: string) => diagnose(text, closed).filter((d) => d.code === LISTENER).map((d) => d.message);
  const entry = listenerSet('shop-ls', 'shop', 'infra/gw',
    '  - name: https\n    port: 8443\n    protocol: HTTPS\n    hostname: shop.example.com\n    tls:\n      certificateRefs: [{name: shop-cert}]\n');
  const secret = (cert: string, key: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata: {name: shop-cert, namespace: shop}\ntype: kubernetes.io/tls\ndata: {tls.crt: ${base64(cert)}, tls.key: ${base64(key)}}\n`;

  it('takes a certificate with its own key, RSA, ECDSA or Ed25519, in any encoding Go reads', () => {
    for (const [cert, key] of [[RSA_CERT, RSA_KEY_PKCS1], [RSA_CERT, RSA_KEY_PKCS8], [EC_CERT, EC_KEY_SEC1], [P384_CERT, P384_KEY], [ED25519_CERT, ED25519_KEY]]) {
      expect(messages(doc(allowingAll(), secret(cert!, key!), entry))).toEqual([]);
    }
  });

  it('refuses a key of another certificate: ResolvedRefs and Programmed False, with istiod\'s "the certificate is malformed"', () => {
    expect(messages(doc(allowingAll(), secret(EC_CERT, OTHER_EC_KEY), entry))).toEqual([
      'Listener https of the ListenerSet is not programmed as written: istiod sets ResolvedRefs to False (InvalidCertificateRef: invalid certificate reference //shop-cert., '
      + 'the certificate is malformed: tls: private key does not match public key), Programmed to False (Invalid: Bad TLS configuration)',
    ]);
    expect(messages(doc(allowingAll(), secret(RSA_CERT, OTHER_RSA_KEY), entry))).toEqual([expect.stringContaining('tls: private key does not match public key')]);
    expect(messages(doc(allowingAll(), secret(EC_CERT, RSA_KEY_PKCS8), entry))).toEqual([expect.stringContaining('tls: private key type does not match public key type')]);
  });

  it('refuses what is not PEM, and a Secret whose certificate and key were swapped', () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: shop-cert, namespace: shop}\nstringData: {tls.crt: pem, tls.key: pem}\n`;
    expect(messages(doc(allowingAll(), text, entry)))
      .toEqual([expect.stringContaining('(InvalidCertificateRef: invalid certificate reference //shop-cert., the certificate is malformed: tls: failed to find any PEM data in certificate input)')]);
    expect(messages(doc(allowingAll(), secret(EC_KEY_PKCS8, EC_CERT), entry)))
      .toEqual([expect.stringContaining('PEM inputs may have been switched')]);
  });
});

describe('the parent Gateway\'s tls.frontend client validation, which istiod applies to a ListenerSet\'s entries (resolveGatewayTLS)', () => {
  const LISTENER = 'gateway-api-listener-set-listener-invalid';
  const findings = (text: string) => diagnose(text, closed).filter((d) => d.code === LISTENER).map(({path, message}) => ({path, message}));
  const frontend = (tls: string) => `${allowingAll()}  tls:\n    frontend:\n${tls}`;
  const caRef = (ref: string) => `      default:\n        validation:\n          caCertificateRefs: [${ref}]\n`;
  const entry = (port = 8443) => listenerSet('shop-ls', 'shop', 'infra/gw',
    `  - name: https\n    port: ${port}\n    protocol: HTTPS\n    hostname: shop.example.com\n    tls:\n      certificateRefs: [{name: shop-cert}]\n`);
  const cert = `apiVersion: v1\nkind: Secret\nmetadata: {name: shop-cert, namespace: shop}\ndata: {tls.crt: ${base64(EC_CERT)}, tls.key: ${base64(EC_KEY_PKCS8)}}\n`;
  const caMap = (name: string, ns: string, bundle = CA_CERT) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}}\ndata:\n  ca.crt: ${JSON.stringify(bundle)}\n`;

  it('takes one CA bundle of the ListenerSet\'s namespace, as a ConfigMap (ca.crt) or a Secret (cacert)', () => {
    expect(findings(doc(frontend(caRef('{group: "", kind: ConfigMap, name: shop-ca}')), cert, caMap('shop-ca', 'shop'), entry()))).toEqual([]);
    const caSecret = `apiVersion: v1\nkind: Secret\nmetadata: {name: shop-ca, namespace: shop}\ndata: {cacert: ${base64(CA_CERT)}}\n`;
    expect(findings(doc(frontend(caRef('{group: "", kind: Secret, name: shop-ca}')), cert, caSecret, entry()))).toEqual([]);
  });

  it('refuses two references (invalid.yaml invalid-frontendvalidation-malformed), saying where the Gateway writes them', () => {
    const two = caRef('{group: "", kind: ConfigMap, name: shop-ca}, {group: "", kind: ConfigMap, name: other-ca}');
    expect(findings(doc(frontend(two), cert, caMap('shop-ca', 'shop'), caMap('other-ca', 'shop'), entry()))).toEqual([{
      path: '/spec/listeners/0/tls',
      message: 'Listener https of the ListenerSet is not programmed as written: istiod sets ResolvedRefs to False (InvalidCertificateRef: only one caCertificateRef is supported; '
        + 'from Gateway infra/gw /spec/tls/frontend/default/validation/caCertificateRefs), Programmed to False (Invalid: Bad TLS configuration)',
    }]);
  });

  it('refuses a missing bundle, another kind, and a bundle without a certificate, in buildCaCertificateReference\'s words', () => {
    const message = (text: string) => findings(text).map((f) => f.message);
    expect(message(doc(frontend(caRef('{group: "", kind: ConfigMap, name: nonexistent}')), cert, entry())))
      .toEqual([expect.stringContaining('(InvalidCertificateRef: invalid CA certificate reference /ConfigMap/nonexistent., configmap shop/nonexistent not found;')]);
    expect(message(doc(frontend(caRef('{group: core, kind: unknown, name: shop-ca}')), cert, entry())))
      .toEqual([expect.stringContaining('invalid CA certificate reference core/unknown/shop-ca., only secret and configmap are allowed;')]);
    const noKey = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop-ca, namespace: shop}\ndata: {root: pem, ca.crl: crl}\n`;
    expect(message(doc(frontend(caRef('{group: "", kind: ConfigMap, name: shop-ca}')), cert, noKey, entry())))
      .toEqual([expect.stringContaining("found secret, but didn't have expected keys cacert or ca.crt; found: ca.crl, root;")]);
    expect(message(doc(frontend(caRef('{group: "", kind: ConfigMap, name: shop-ca}')), cert, caMap('shop-ca', 'shop', EC_KEY_PKCS8), entry())))
      .toEqual([expect.stringContaining('invalid CA certificate reference /ConfigMap/shop-ca., the bundle is malformed;')]);
  });

  it('reads the perPort entry for the entry\'s port before the default', () => {
    const perPort = `      default:\n        validation:\n          caCertificateRefs: [{group: "", kind: ConfigMap, name: nonexistent}]\n`
      + '      perPort:\n      - port: 9443\n        tls:\n          validation:\n            caCertificateRefs: [{group: "", kind: ConfigMap, name: shop-ca}]\n';
    expect(findings(doc(frontend(perPort), cert, caMap('shop-ca', 'shop'), entry(9443)))).toEqual([]);
    expect(findings(doc(frontend(perPort), cert, caMap('shop-ca', 'shop'), entry(8443))).map((f) => f.message))
      .toEqual([expect.stringContaining('configmap shop/nonexistent not found; from Gateway infra/gw /spec/tls/frontend/default/validation/caCertificateRefs/0')]);
  });

  it('is judged the same whatever validation.mode says (buildTLS: "TODO: add \'Mode\'")', () => {
    const fallback = '      default:\n        validation:\n          mode: AllowInsecureFallback\n          caCertificateRefs: [{group: "", kind: ConfigMap, name: nonexistent}]\n';
    expect(findings(doc(frontend(fallback), cert, entry())).map((f) => f.message)).toEqual([expect.stringContaining('configmap shop/nonexistent not found;')]);
  });

  it('is not reached without a usable certificate, nor for Passthrough', () => {
    const refs = caRef('{group: "", kind: ConfigMap, name: nonexistent}');
    expect(findings(doc(frontend(refs), entry())).map((f) => f.message)).toEqual([expect.stringContaining('secret shop/shop-cert not found), Programmed')]);
    const passthrough = listenerSet('shop-ls', 'shop', 'infra/gw', '  - name: tls\n    port: 8443\n    protocol: TLS\n    tls: {mode: Passthrough}\n');
    expect(findings(doc(frontend(refs), passthrough))).toEqual([]);
  });

  it('needs a ReferenceGrant for another namespace\'s bundle, and istiod asks about "<name>-cacert", so only a grant for every ConfigMap matches', () => {
    const ref = caRef('{group: "", kind: ConfigMap, name: auth-cert, namespace: certs}');
    expect(findings(doc(frontend(ref), cert, caMap('auth-cert', 'certs'), entry()))).toEqual([{
      path: '/spec/listeners/0/tls',
      message: 'Listener https of the ListenerSet is not programmed as written: istiod sets ResolvedRefs to False (RefNotPermitted: caCertificateRef certs/auth-cert not accessible '
        + 'to a Gateway in namespace "shop" (missing a ReferenceGrant?); from Gateway infra/gw /spec/tls/frontend/default/validation/caCertificateRefs/0/namespace), '
        + 'Programmed to False (Invalid: Bad TLS configuration)',
    }]);
    const grant = (to: string) => 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: cas, namespace: certs}\n'
      + `spec:\n  from: [{group: gateway.networking.k8s.io, kind: ListenerSet, namespace: shop}]\n  to: [${to}]\n`;
    expect(findings(doc(frontend(ref), cert, caMap('auth-cert', 'certs'), grant('{group: "", kind: ConfigMap}'), entry()))).toEqual([]);
    expect(findings(doc(frontend(ref), cert, caMap('auth-cert', 'certs'), grant('{group: "", kind: ConfigMap, name: auth-cert}'), entry())).map((f) => f.message))
      .toEqual([expect.stringContaining('(RefNotPermitted: caCertificateRef certs/auth-cert not accessible')]);
  });
});
