/**
 * TLSRoutes and TCPRoutes at a Gateway API Gateway's TLS and TCP listeners, as istiod 1.30.3
 * converts them (conversion.go buildListener, convertTLSRoute, convertTCPRoute, buildTCPDestination;
 * route_collections.go TLSRouteCollection, TCPRouteCollection, constrainTLSRoutesToListenerHost) into
 * the servers and VirtualServices whose filter chains gateway-l4.ts builds (gateway.go).
 */
import {describe, expect, it} from 'vitest';
import {formatDecisionText} from '../../src/simulator/format';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {GATEWAY_API_EDGE, L4_BACKENDS} from './gateway-l4-support';
import {documents} from './helpers';

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
${L4_BACKENDS}
---
${GATEWAY_API_EDGE}`;

/** Service vault (port 443, one pod) in namespace other, for backendRefs across namespaces. */
const OTHER_BACKEND = `apiVersion: v1
kind: Service
metadata: {name: vault, namespace: other}
spec: {selector: {app: vault}, ports: [{name: tls, port: 443}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: vault, namespace: other}
spec:
  selector: {matchLabels: {app: vault}}
  template:
    metadata: {labels: {app: vault}}
    spec: {containers: [{name: vault, image: vault}]}`;

const through = (yaml: string, request: string): Decision =>
  simulate(new World(documents(CLUSTER), [documents(yaml)]), {request: parseRequest(request), gateway: 'shop/edge'});

const tlsRoute = (name: string, body: string, namespace = 'shop') => `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${body}`;

const tcpRoute = (name: string, body: string) => `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: ${name}, namespace: shop}
spec:
${body}`;

describe('TLSRoute at a Passthrough listener', () => {
  const sni = tlsRoute('sni', `  parentRefs: [{name: edge, sectionName: tls}]
  hostnames: [nginx.example.com]
  rules: [{backendRefs: [{name: nginx, port: 443}]}]`);

  it('proxies the connection whose SNI is one of its hostnames to its backend, untouched', () => {
    const decision = through(sni, 'GET https://nginx.example.com/');
    expect(decision).toMatchObject({outcome: 'routed', connection: {protocol: 'tls', sni: 'nginx.example.com', server: {protocol: 'TLS', tlsMode: 'PASSTHROUGH'}, chains: 1},
      route: {section: 'tls', index: 0, virtualService: {name: 'sni'}}});
    expect(decision.destinations).toMatchObject([{cluster: 'outbound|443||nginx.shop.svc.cluster.local', podCount: 2, share: 1}]);
  });

  it('closes a connection whose SNI no route serves (NR)', () => {
    expect(through(sni, 'GET https://web.example.com/')).toMatchObject({outcome: 'unreachable', status: null, flags: 'NR'});
  });

  it('serves only its hostnames within the listener\'s: *.com on *.example.com is *.example.com', () => {
    const wide = tlsRoute('wide', `  parentRefs: [{name: edge}]
  hostnames: ["*.com"]
  rules: [{backendRefs: [{name: web, port: 443}]}]`);
    expect(through(wide, 'GET https://shop.example.com/').destinations).toMatchObject([{host: 'web.shop.svc.cluster.local'}]);
    expect(through(wide, 'GET https://shop.other.com/')).toMatchObject({outcome: 'unreachable', flags: 'NR'});
  });

  it('splits by backendRef weight, a zero weight receiving nothing', () => {
    const split = tlsRoute('split', `  parentRefs: [{name: edge, port: 443}]
  rules: [{backendRefs: [{name: nginx, port: 443, weight: 3}, {name: web, port: 443}, {name: db, port: 5432, weight: 0}]}]`);
    expect(through(split, 'GET https://a.example.com/').destinations.map((d) => [d.host.split('.')[0], d.share])).toEqual([['nginx', 0.75], ['web', 0.25]]);
  });

  it('is not attached through a listener of another section, port or namespace policy', () => {
    const elsewhere = tlsRoute('elsewhere', `  parentRefs: [{name: edge, sectionName: db}]
  rules: [{backendRefs: [{name: nginx, port: 443}]}]`);
    expect(through(elsewhere, 'GET https://nginx.example.com/')).toMatchObject({outcome: 'unreachable', flags: 'NR', connection: {chains: 0}});
    const foreign = tlsRoute('foreign', `  parentRefs: [{name: edge, namespace: shop}]
  rules: [{backendRefs: [{name: nginx, namespace: shop, port: 443}]}]`, 'other');
    const decision = through(foreign, 'GET https://nginx.example.com/');
    expect(decision).toMatchObject({outcome: 'unreachable', flags: 'NR'});
    expect(decision.trace.map((s) => s.message)).toEqual(expect.arrayContaining([expect.stringMatching(/does not allow TLSRoute other\/foreign \(allowedRoutes\)/)]));
  });

  it('shows the connection and the converted route in the text answer', () => {
    const text = formatDecisionText(through(sni, 'GET https://nginx.example.com/'), ['sni.yaml']);
    expect(text).toMatch(/^Route: TLSRoute shop\/sni rules\[0\]  \[sni\.yaml#0\/spec\/rules\/0\]/m);
    expect(text).toMatch(/^Connection: TLS, SNI nginx\.example\.com, at server 1 \(TLS, PASSTHROUGH\)/m);
    expect(text).toMatch(/destination nginx\.shop\.svc\.cluster\.local .*\[sni\.yaml#0\/spec\/rules\/0\/backendRefs\/0\]/);
  });
});

describe('TLSRoute at a Terminate listener', () => {
  it('takes its first rule for any connection the listener\'s hostname accepts, proxied as TCP', () => {
    const term = tlsRoute('term', `  parentRefs: [{name: edge, sectionName: term}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]`);
    expect(through(term, 'GET https://db.example.com:8443/')).toMatchObject({outcome: 'routed', connection: {protocol: 'tls', server: {tlsMode: 'SIMPLE'}}, route: {section: 'tls', index: 0}});
    expect(through(term, 'GET https://web.example.com:8443/')).toMatchObject({outcome: 'unreachable', flags: 'NR'});
  });
});

describe('TCPRoute at a TCP listener', () => {
  it('proxies any connection on the port to its first rule\'s backends', () => {
    const db = tcpRoute('db', `  parentRefs: [{name: edge, sectionName: db}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]`);
    const decision = through(db, 'GET http://anything.test:5432/');
    expect(decision).toMatchObject({outcome: 'routed', connection: {protocol: 'tcp', server: {protocol: 'TCP'}}, route: {section: 'tcp', index: 0}});
    expect(decision.destinations).toMatchObject([{cluster: 'outbound|5432||db.shop.svc.cluster.local', podCount: 1}]);
  });

  it('sends a missing Service\'s share to a cluster that does not exist', () => {
    const missing = tcpRoute('missing', `  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: ghost, port: 5432}]}]`);
    const decision = through(missing, 'GET http://db.test:5432/');
    expect(decision.destinations).toMatchObject([{host: 'ghost.shop.svc.cluster.local', podCount: 0}]);
  });

  it('keeps no rule of a route with a backendRef istiod cannot convert (no port, a hostname for a Service name): no chain (conversion.go buildDestination, route_collections.go computeRoute)', () => {
    const noPort = tcpRoute('no-port', `  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: db, port: 5432}]}, {backendRefs: [{name: db}]}]`);
    const decision = through(noPort, 'GET http://db.test:5432/');
    expect(decision).toMatchObject({outcome: 'unreachable', flags: 'NR', connection: {chains: 0}});
    expect(decision.trace.find((s) => /cannot convert/.test(s.message))).toMatchObject({message: expect.stringMatching(/TCPRoute shop\/no-port: istiod cannot convert it \(port is required in backendRef\)/),
      at: {pointer: '/spec/rules/1/backendRefs/0'}});
    const hostname = tcpRoute('by-host', `  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: db.shop.svc.cluster.local, port: 5432}]}]`);
    expect(through(hostname, 'GET http://db.test:5432/')).toMatchObject({outcome: 'unreachable', flags: 'NR'});
  });

  it('leaves the port without a chain when no TCPRoute is attached', () => {
    expect(through(tlsRoute('x', `  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: nginx, port: 443}]}]`), 'GET http://db.test:5432/')).toMatchObject({outcome: 'unreachable', flags: 'NR', connection: {chains: 0}});
  });
});

/**
 * A backendRef to another namespace on a Gateway: istiod asks a ReferenceGrant (route_collections.go
 * TLSRouteCollection/TCPRouteCollection call convertTLSRoute/convertTCPRoute with enforceRefGrant = !mesh;
 * conversion.go buildDestination → ReferenceGrants.BackendAllowed). Refused, buildTCPDestination keeps the
 * backend as an empty destination (InvalidDestinationPermit is an invalid backend, isInvalidBackend), whose
 * cluster is route.go GetDestinationCluster's "UnknownService": Envoy's TCP proxy finds no such cluster and
 * closes the connection (tcp_proxy.cc, flag NC).
 */
describe('a TLSRoute or TCPRoute backendRef in another namespace', () => {
  const crossTls = tlsRoute('cross', `  parentRefs: [{name: edge, sectionName: tls}]
  hostnames: [vault.example.com]
  rules: [{backendRefs: [{name: vault, namespace: other, port: 443}]}]`);
  const crossTcp = tcpRoute('cross-tcp', `  parentRefs: [{name: edge, sectionName: db}]
  rules: [{backendRefs: [{name: vault, namespace: other, port: 443}]}]`);
  const grant = (from: string, to: string, name = 'allow') => `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: ${name}, namespace: other}
spec:
  from: [${from}]
  to: [${to}]`;
  const fromTls = '{group: gateway.networking.k8s.io, kind: TLSRoute, namespace: shop}';
  const withBackend = (...docs: string[]) => [OTHER_BACKEND, ...docs].join('\n---\n');
  const closed = (decision: Decision) => {
    expect(decision).toMatchObject({outcome: 'routed', connection: {state: 'closed'}});
    expect(decision.destinations).toMatchObject([{host: '', cluster: 'UnknownService', connection: 'closed', flags: 'NC', podCount: 0}]);
  };

  it('without a ReferenceGrant is kept on the listener, its connection closed (NC), the trace naming the missing grant', () => {
    const decision = through(withBackend(crossTls), 'GET https://vault.example.com/');
    expect(decision.route).toMatchObject({section: 'tls', virtualService: {kind: 'TLSRoute', name: 'cross'}});
    closed(decision);
    const step = decision.trace.find((s) => /ReferenceGrant/.test(s.message));
    expect(step?.message).toMatch(/backendRef vault\/other not accessible to a TLSRoute in namespace "shop" \(missing a ReferenceGrant\?\): no ReferenceGrant in namespace other lets a TLSRoute of namespace shop refer to Service vault/);
    expect(step?.message).toMatch(/UnknownService/);
    expect(step?.at).toMatchObject({pointer: '/spec/rules/0/backendRefs/0'});
    expect(formatDecisionText(decision, ['r.yaml'])).toMatch(/not accessible to a TLSRoute/);
  });

  it('with a grant from TLSRoutes of the route\'s namespace to Services reaches the other namespace\'s pods', () => {
    const decision = through(withBackend(grant(fromTls, '{group: "", kind: Service}'), crossTls), 'GET https://vault.example.com/');
    expect(decision.destinations).toMatchObject([{host: 'vault.other.svc.cluster.local', cluster: 'outbound|443||vault.other.svc.cluster.local', connection: 'established', podCount: 1}]);
  });

  it('a grant from HTTPRoutes does not cover a TCPRoute, nor one from TLSRoutes: the kind is the route\'s own', () => {
    closed(through(withBackend(grant('{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}', '{group: "", kind: Service}'), crossTcp), 'GET http://db.test:5432/'));
    closed(through(withBackend(grant(fromTls, '{group: "", kind: Service}'), crossTcp), 'GET http://db.test:5432/'));
    const permitted = through(withBackend(grant('{group: gateway.networking.k8s.io, kind: TCPRoute, namespace: shop}', '{group: "", kind: Service}'), crossTcp), 'GET http://db.test:5432/');
    expect(permitted.destinations).toMatchObject([{host: 'vault.other.svc.cluster.local', connection: 'established'}]);
  });

  it('a grant `to` with a name permits that Service only', () => {
    const named = (name: string) => through(withBackend(grant(fromTls, `{group: "", kind: Service, name: ${name}}`), crossTls), 'GET https://vault.example.com/');
    expect(named('vault').destinations).toMatchObject([{host: 'vault.other.svc.cluster.local', connection: 'established'}]);
    closed(named('not-vault'));
  });

  it('a grant in the route\'s own namespace, or to group "core", permits nothing', () => {
    closed(through(withBackend(grant(fromTls, '{group: "", kind: Service}').replace('namespace: other}', 'namespace: shop}'), crossTls), 'GET https://vault.example.com/'));
    closed(through(withBackend(grant(fromTls, '{group: core, kind: Service}'), crossTls), 'GET https://vault.example.com/'));
  });

  it('closes only the refused backend\'s share when a rule splits between it and a backend of its own namespace', () => {
    const split = tlsRoute('split', `  parentRefs: [{name: edge, sectionName: tls}]
  rules: [{backendRefs: [{name: vault, namespace: other, port: 443}, {name: nginx, port: 443, weight: 3}]}]`);
    const decision = through(withBackend(split), 'GET https://a.example.com/');
    expect(decision.destinations.map((d) => [d.cluster, d.share, d.connection])).toEqual([['UnknownService', 0.25, 'closed'], ['outbound|443||nginx.shop.svc.cluster.local', 0.75, 'established']]);
  });

  it('a backendRef naming the route\'s own namespace needs no grant, and one of a kind that is not a Service is closed too (InvalidDestinationKind)', () => {
    const own = tlsRoute('own', `  parentRefs: [{name: edge, sectionName: tls}]
  rules: [{backendRefs: [{name: nginx, namespace: shop, port: 443}]}]`);
    expect(through(own, 'GET https://a.example.com/').destinations).toMatchObject([{host: 'nginx.shop.svc.cluster.local', connection: 'established'}]);
    const unknown = tlsRoute('unknown', `  parentRefs: [{name: edge, sectionName: tls}]
  rules: [{backendRefs: [{group: unknownkind.example.com, kind: NonExistent, name: nginx, port: 443}]}]`);
    const decision = through(unknown, 'GET https://a.example.com/');
    closed(decision);
    expect(decision.destinations[0]?.problem).toMatch(/referencing unsupported backendRef: group "unknownkind.example.com" kind "NonExistent"/);
  });
});

describe('HTTP listeners', () => {
  it('are still routed as HTTP, with no connection', () => {
    expect(through('', 'GET http://web.test/').connection).toBeUndefined();
  });
});
