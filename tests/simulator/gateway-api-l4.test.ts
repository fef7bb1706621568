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

  it('leaves the port without a chain when no TCPRoute is attached', () => {
    expect(through(tlsRoute('x', `  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: nginx, port: 443}]}]`), 'GET http://db.test:5432/')).toMatchObject({outcome: 'unreachable', flags: 'NR', connection: {chains: 0}});
  });
});

describe('HTTP listeners', () => {
  it('are still routed as HTTP, with no connection', () => {
    expect(through('', 'GET http://web.test/').connection).toBeUndefined();
  });
});
