/**
 * gatewayapi.ReferenceGrantAnalyzer: references across namespaces that no ReferenceGrant permits
 * (gateway-api v1.5.1 apis/v1 referencegrant_types.go; istiod's Grants.BackendAllowed in
 * conversion.go buildDestination): a route's backendRefs and a Gateway listener's certificateRefs,
 * the grants matched as istiod matches them (gatewaycommon/references.go ReferenceGrantsCollection:
 * NormalizeReference, groups compared exactly).
 */
import {describe, expect, it} from 'vitest';
import {diagnose} from '../helpers';
import {base64, EC_CERT, EC_KEY_PKCS8} from '../support/key-pairs';
import {closed, doc, gateway, gatewayApiFindings, httpListener, route, service} from '../support/gateway-api';

const grant = (ns: string, from: string, to: string, name = 'allow') =>
  `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  from:\n  - ${from}\n  to:\n  - ${to}\n`;

const gw = gateway('gw', 'default', httpListener());
const crossing = (kind = 'HTTPRoute') => route(kind, 'web', 'default', '  parentRefs:\n  - name: gw\n  rules:\n  - backendRefs:\n    - {name: reviews, namespace: shop, port: 9080}\n');
const world = (...more: string[]) => doc(gw, service('reviews', 'shop', [9080]), ...more);

// Istio 1.30.3 route_collections.go converts mesh routes with enforceRefGrant false; Linkerd 2.20's policy
// controller reads no ReferenceGrant; gateway-api v1.5.1 tests/mesh/mesh-consumer-route.yaml relies on both.
describe('a backendRef to another namespace on a route of mesh parents only', () => {
  const consumer = (parents: string) => route('HTTPRoute', 'web', 'default', `  parentRefs:\n${parents}  rules:\n  - backendRefs:\n    - {name: reviews, namespace: shop, port: 9080}\n`);
  const serviceParent = '  - {group: "", kind: Service, name: reviews, namespace: shop, port: 9080}\n';

  it('asks no grant when every parent is a Service or a ServiceEntry', () => {
    const entryParent = '  - {group: networking.istio.io, kind: ServiceEntry, name: api}\n';
    expect(gatewayApiFindings(world(consumer(serviceParent)), closed)).toEqual([]);
    expect(gatewayApiFindings(world(consumer(serviceParent + entryParent)), closed).filter((f) => f.code === 'gateway-api-backend-ref-not-permitted')).toEqual([]);
  });

  it('still asks one when a Gateway is among the parents, whose routes istiod converts with the grant enforced', () => {
    expect(gatewayApiFindings(world(consumer(`${serviceParent}  - {name: gw}\n`)), closed).map((f) => f.code)).toEqual(['gateway-api-backend-ref-not-permitted']);
  });
});

describe('a backendRef to another namespace', () => {
  it('without a ReferenceGrant is reported at the namespace (closed world)', () => {
    expect(gatewayApiFindings(world(crossing()), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-backend-ref-not-permitted', document: 2, path: '/spec/rules/0/backendRefs/0/namespace',
      message: 'backendRef to Service shop/reviews crosses namespaces, and no ReferenceGrant in namespace "shop" lets a HTTPRoute of namespace "default" refer to it: requests sent to it get a 500 (RefNotPermitted)',
    }]);
  });

  it('is permitted by a grant in the target namespace from the route\'s kind and namespace to Services', () => {
    const ok = grant('shop', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}', '{group: "", kind: Service}');
    expect(gatewayApiFindings(world(ok, crossing()), closed)).toEqual([]);
  });

  it('is permitted by a grant naming that Service, and not by one naming another', () => {
    const from = '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}';
    expect(gatewayApiFindings(world(grant('shop', from, '{group: "", kind: Service, name: reviews}'), crossing()), closed)).toEqual([]);
    expect(gatewayApiFindings(world(grant('shop', from, '{group: "", kind: Service, name: ratings}'), crossing()), closed).map((f) => f.code))
      .toEqual(['gateway-api-backend-ref-not-permitted']);
  });

  it('is not permitted by a grant for another kind, another namespace, or in another namespace', () => {
    const cases = [
      grant('shop', '{group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: default}', '{group: "", kind: Service}'),
      grant('shop', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: other}', '{group: "", kind: Service}'),
      grant('default', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}', '{group: "", kind: Service}'),
      grant('shop', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}', '{group: "", kind: Secret}'),
    ];
    for (const other of cases) expect(gatewayApiFindings(world(other, crossing()), closed).map((f) => f.code)).toEqual(['gateway-api-backend-ref-not-permitted']);
  });

  it('names the route\'s own kind: a GRPCRoute needs a grant from GRPCRoute', () => {
    const ok = grant('shop', '{group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: default}', '{group: "", kind: Service}');
    expect(gatewayApiFindings(world(ok, crossing('GRPCRoute')), closed)).toEqual([]);
  });

  it('is not judged in an open world that holds no ReferenceGrant of the target namespace', () => {
    expect(gatewayApiFindings(world(crossing()))).toEqual([]);
    const elsewhere = grant('shop', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: other}', '{group: "", kind: Service}');
    expect(gatewayApiFindings(world(elsewhere, crossing())).map((f) => f.code)).toEqual(['gateway-api-backend-ref-not-permitted']);
  });

  it('a backendRef naming its own namespace needs no grant', () => {
    const text = doc(gw, service('reviews', 'default', [9080]), route('HTTPRoute', 'web', 'default', '  parentRefs:\n  - name: gw\n  rules:\n  - backendRefs:\n    - {name: reviews, namespace: default, port: 9080}\n'));
    expect(gatewayApiFindings(text, closed)).toEqual([]);
  });
});

describe('a Gateway listener\'s certificateRef to another namespace', () => {
  const listener = '  - name: https\n    port: 443\n    protocol: HTTPS\n    tls:\n      mode: Terminate\n      certificateRefs:\n'
    + '      - {kind: Secret, name: wildcard-cert, namespace: certs}\n';
  const tlsGateway = gateway('gw', 'default', listener);
  const withLocal = (first: string, className?: string) => gateway('gw', 'default', listener.replace('certificateRefs:\n', `certificateRefs:\n${first}`), className);
  const secret = (name: string, ns: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${ns}}\ntype: kubernetes.io/tls\ndata: {tls.crt: ${base64(EC_CERT)}, tls.key: ${base64(EC_KEY_PKCS8)}}\n`;
  const secrets = doc(secret('local-cert', 'default'), secret('wildcard-cert', 'certs'));

  it('without a ReferenceGrant is reported on the Gateway at the namespace', () => {
    expect(gatewayApiFindings(doc(tlsGateway, secrets), closed)).toEqual([{
      severity: 'error', code: 'gateway-api-certificate-ref-not-permitted', document: 0, path: '/spec/listeners/0/tls/certificateRefs/0/namespace',
      message: 'certificateRef to Secret certs/wildcard-cert crosses namespaces, and no ReferenceGrant in namespace "certs" lets a Gateway of namespace "default" refer to it: listener "https" cannot serve TLS (RefNotPermitted)',
    }]);
  });

  it('is permitted by a grant from Gateways of that namespace to Secrets, the core group written "" as istiod compares it', () => {
    const ok = grant('certs', '{group: gateway.networking.k8s.io, kind: Gateway, namespace: default}', '{group: "", kind: Secret}');
    expect(gatewayApiFindings(doc(ok, tlsGateway, secrets), closed)).toEqual([]);
    const forRoutes = grant('certs', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}', '{group: "", kind: Secret}');
    expect(gatewayApiFindings(doc(forRoutes, tlsGateway, secrets), closed).map((f) => f.code)).toEqual(['gateway-api-certificate-ref-not-permitted']);
    // references.go: NormalizeReference finds no kind of group "core" (schemas.go FindByGroupKind compares exactly), so the grant is skipped
    const core = grant('certs', '{group: gateway.networking.k8s.io, kind: Gateway, namespace: default}', '{group: core, kind: Secret}');
    expect(gatewayApiFindings(doc(core, tlsGateway, secrets), closed).map((f) => f.code)).toEqual(['gateway-api-certificate-ref-not-permitted']);
  });

  it('is not reported, as istiod reports nothing, when another certificateRef of the listener is usable (buildTLS drops combinedErr once validCertCount > 0)', () => {
    const gatewayFindings = (text: string) => diagnose(text, closed).filter((d) => d.code.startsWith('gateway-api-')).map((d) => d.code);
    expect(gatewayFindings(doc(withLocal('      - {name: local-cert}\n'), secrets))).toEqual([]);
    // refused by buildSecretReference or by the grant, the first is no usable certificate: the second's refusal stands
    expect(gatewayFindings(doc(withLocal('      - {name: absent-cert}\n'), secrets))).toEqual(['gateway-api-listener-invalid', 'gateway-api-certificate-ref-not-permitted']);
    const bothRefused = gateway('gw', 'default', `${listener}      - {name: other-cert, namespace: certs}\n`);
    expect(gatewayFindings(doc(bothRefused, secrets, secret('other-cert', 'certs'))))
      .toEqual(['gateway-api-certificate-ref-not-permitted', 'gateway-api-certificate-ref-not-permitted']);
    // a Gateway of another class keeps the spec's rule: each reference not permitted is one
    expect(gatewayFindings(doc(withLocal('      - {name: local-cert}\n', 'example'), secrets)))
      .toEqual(['gateway-api-certificate-ref-not-permitted']);
  });

  it('is said once, as istiod says it, when the Secret is not there: buildSecretReference refuses it before any grant is asked', () => {
    const all = diagnose(doc(withLocal('      - {name: local-cert}\n'), secret('local-cert', 'default'), secret('elsewhere', 'certs')), closed)
      .filter((d) => d.code.startsWith('gateway-api-'));
    expect(all.map((d) => d.code)).toEqual([]);
    const onlyMissing = tlsGateway;
    expect(diagnose(doc(onlyMissing, secret('elsewhere', 'certs')), closed).filter((d) => d.code.startsWith('gateway-api-')).map((d) => [d.code, d.message]))
      .toEqual([['gateway-api-listener-invalid', 'Listener https of the Gateway is not programmed as written: istiod sets ResolvedRefs to False '
        + '(InvalidCertificateRef: invalid certificate reference /Secret/wildcard-cert.certs, secret certs/wildcard-cert not found), Programmed to False (Invalid: Bad TLS configuration)']]);
  });

  it('asks no grant where buildTLS reads no certificate (Passthrough, the built-in certificate), and keeps the spec\'s rule for another class', () => {
    const passthrough = gateway('gw', 'default', listener.replace('mode: Terminate', 'mode: Passthrough').replace('protocol: HTTPS', 'protocol: TLS'));
    expect(gatewayApiFindings(doc(passthrough, secrets), closed)).toEqual([]);
    const other = gateway('gw', 'default', listener, 'example');
    expect(gatewayApiFindings(other, closed).map((f) => f.code)).toEqual(['gateway-api-certificate-ref-not-permitted']);
  });
});

// istiod 1.30.3 route_collections.go TLSRouteCollection/TCPRouteCollection convert with enforceRefGrant = !mesh, and
// conversion.go buildTCPDestination asks buildDestination's BackendAllowed with the route's own kind (gvk.TLSRoute,
// gvk.TCPRoute); gateway-api v1.5.1 conformance/tests/tlsroute-invalid-reference-grant.yaml expects RefNotPermitted.
describe('a TLSRoute or TCPRoute backendRef to another namespace', () => {
  const l4Gateway = gateway('gw', 'default', '  - {name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough}}\n  - {name: tcp, port: 5432, protocol: TCP}\n');
  const l4Route = (kind: 'TLSRoute' | 'TCPRoute') => route(kind, 'l4', 'default', `  parentRefs:\n  - {name: gw, sectionName: ${kind === 'TLSRoute' ? 'tls' : 'tcp'}}\n  rules:\n  - backendRefs:\n    - {name: reviews, namespace: shop, port: 9080}\n`);
  const l4World = (...more: string[]) => doc(l4Gateway, service('reviews', 'shop', [9080]), ...more);
  const notPermitted = (text: string) => gatewayApiFindings(text, closed).filter((f) => f.code === 'gateway-api-backend-ref-not-permitted');

  it.each(['TLSRoute', 'TCPRoute'] as const)('a %s without a grant is reported, naming its kind', (kind) => {
    expect(notPermitted(l4World(l4Route(kind)))).toEqual([expect.objectContaining({path: '/spec/rules/0/backendRefs/0/namespace',
      message: `backendRef to Service shop/reviews crosses namespaces, and no ReferenceGrant in namespace "shop" lets a ${kind} of namespace "default" refer to it: connections sent to it are closed (RefNotPermitted)`})]);
  });

  it.each(['TLSRoute', 'TCPRoute'] as const)('a %s is permitted by a grant from its own kind, not by one from HTTPRoute', (kind) => {
    const from = (k: string) => `{group: gateway.networking.k8s.io, kind: ${k}, namespace: default}`;
    expect(notPermitted(l4World(grant('shop', from(kind), '{group: "", kind: Service}'), l4Route(kind)))).toEqual([]);
    expect(notPermitted(l4World(grant('shop', from('HTTPRoute'), '{group: "", kind: Service}'), l4Route(kind)))).toHaveLength(1);
  });

  it('a grant `to` with a name permits that Service only', () => {
    const from = '{group: gateway.networking.k8s.io, kind: TLSRoute, namespace: default}';
    expect(notPermitted(l4World(grant('shop', from, '{group: "", kind: Service, name: reviews}'), l4Route('TLSRoute')))).toEqual([]);
    expect(notPermitted(l4World(grant('shop', from, '{group: "", kind: Service, name: ratings}'), l4Route('TLSRoute')))).toHaveLength(1);
  });
});
