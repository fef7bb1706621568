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
  // A Secret holding a certificate and a key: the key pair itself (tls.X509KeyPair) is not parsed by the engine.
  const secret = (name: string, ns: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${ns}}\ntype: kubernetes.io/tls\nstringData: {tls.crt: pem, tls.key: pem}\n`;

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
