/**
 * TCP, TLS and passthrough servers at an Istio ingress gateway (gateway-l4.ts), as istiod 1.30.3
 * builds their filter chains (pilot/pkg/networking/core/gateway.go createGatewayTCPFilterChainOpts,
 * buildGatewayNetworkFiltersFromTCPRoutes, buildGatewayNetworkFiltersFromTLSRoutes, l4SingleMatch)
 * and Envoy picks one by SNI (server_names: exact, then the longest wildcard, then a chain without
 * names; none: the connection is closed with response flag NR).
 */
import {describe, expect, it} from 'vitest';
import {formatDecisionText} from '../../src/simulator/format';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {INGRESS_CLUSTER} from './gateway-l4-support';
import {documents} from './helpers';

const CLUSTER = `${INGRESS_CLUSTER}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 5432, name: tcp, protocol: TCP}, hosts: ['*']}
  - {port: {number: 443, name: tls, protocol: TLS}, hosts: ['*.example.com'], tls: {mode: PASSTHROUGH}}
  - {port: {number: 8443, name: tls-term, protocol: TLS}, hosts: [db.example.com], tls: {mode: SIMPLE, credentialName: db-cert}}`;

const through = (yaml: string, request: string): Decision =>
  simulate(new World(documents(CLUSTER), [documents(yaml)]), {request: parseRequest(request), gateway: 'shop/edge'});

const vs = (name: string, body: string, created = '2026-01-01T00:00:00Z') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: shop, creationTimestamp: "${created}"}
spec:
  gateways: [edge]
${body}`;

const PASSTHROUGH = vs('sni', `  hosts: ['*.example.com']
  tls:
  - match: [{port: 443, sniHosts: [nginx.example.com]}]
    route: [{destination: {host: nginx}}]
  - match: [{port: 443, sniHosts: ['*.example.com']}]
    route: [{destination: {host: web}}]`);

describe('a TLS PASSTHROUGH server', () => {
  it('routes by SNI, the request\'s host: an exact sniHost before a wildcard one, and never reads method, path or headers', () => {
    const nginx = through(PASSTHROUGH, 'POST https://nginx.example.com:443/admin -H x-user:eve');
    expect(nginx).toMatchObject({outcome: 'routed', status: 200, connection: {protocol: 'tls', sni: 'nginx.example.com', server: {index: 1, protocol: 'TLS', tlsMode: 'PASSTHROUGH'}, chains: 2},
      route: {section: 'tls', index: 0, virtualService: {name: 'sni'}}, timeout: null, retries: null});
    expect(nginx.destinations).toMatchObject([{host: 'nginx.shop.svc.cluster.local', port: 443, cluster: 'outbound|443||nginx.shop.svc.cluster.local', podCount: 2, share: 1}]);
    expect(through(PASSTHROUGH, 'GET https://shop.example.com:443/').route).toMatchObject({section: 'tls', index: 1});
  });

  it('closes a connection whose SNI no chain takes, with flag NR and no destination', () => {
    const other = through(PASSTHROUGH, 'GET https://other.test:443/');
    expect(other).toMatchObject({outcome: 'unreachable', status: null, flags: 'NR', destinations: [], distribution: []});
    expect(other.summary).toBe('connection closed: no filter chain on gateway shop/edge port 443 matches SNI other.test');
  });

  it('skips a tls match whose port or gateways do not take the server, and one repeating an SNI host already on the port', () => {
    const wrongPort = vs('sni', `  hosts: [nginx.example.com]
  tls:
  - match: [{port: 8443, sniHosts: [nginx.example.com]}]
    route: [{destination: {host: nginx}}]
  - match: [{sniHosts: [nginx.example.com], gateways: [other]}]
    route: [{destination: {host: nginx}}]`);
    expect(through(wrongPort, 'GET https://nginx.example.com:443/')).toMatchObject({outcome: 'unreachable', flags: 'NR', connection: {chains: 0}});
    const older = vs('first', `  hosts: [nginx.example.com]
  tls: [{match: [{sniHosts: [nginx.example.com]}], route: [{destination: {host: web}}]}]`, '2025-01-01T00:00:00Z');
    const decision = simulate(new World(documents(CLUSTER), [documents(older), documents(PASSTHROUGH)]), {request: parseRequest('GET https://nginx.example.com:443/'), gateway: 'shop/edge'});
    expect(decision.route).toMatchObject({virtualService: {name: 'first'}, section: 'tls'});
    expect(decision.connection?.chains).toBe(2);
  });

  it('splits the connections by weight over the destinations, dropping a weight of 0', () => {
    const split = vs('split', `  hosts: [nginx.example.com]
  tls:
  - match: [{sniHosts: [nginx.example.com]}]
    route:
    - {destination: {host: nginx}, weight: 75}
    - {destination: {host: web}, weight: 25}
    - {destination: {host: db}, weight: 0}`);
    const decision = through(split, 'GET https://nginx.example.com:443/');
    expect(decision.destinations.map((d) => [d.host.split('.')[0], d.share])).toEqual([['nginx', 0.75], ['web', 0.25]]);
  });
});

describe('a TCP server', () => {
  const TCP = vs('db', `  hosts: ['*']
  tcp:
  - match: [{port: 9999}]
    route: [{destination: {host: db}}]
  - match: [{port: 5432, sourceLabels: {app: nobody}}]
    route: [{destination: {host: db, port: {number: 5432}}}]`);

  it('takes the first tcp route whose port and gateways hold, whatever the host, and ignores sourceLabels at a gateway', () => {
    const decision = through(TCP, 'GET http://anything.test:5432/');
    expect(decision).toMatchObject({outcome: 'routed', status: 200, connection: {protocol: 'tcp', server: {index: 0, protocol: 'TCP'}}, route: {section: 'tcp', index: 1}});
    expect(decision.connection?.sni).toBeUndefined();
    expect(decision.destinations).toMatchObject([{cluster: 'outbound|5432||db.shop.svc.cluster.local', podCount: 1}]);
    expect(decision.trace.map((s) => s.message)).toEqual(expect.arrayContaining([expect.stringMatching(/sourceLabels and sourceNamespace are not read at a gateway/)]));
  });

  it('has no filter chain, so a closed connection, when no tcp route applies', () => {
    const none = vs('db', `  hosts: ['*']
  tcp: [{match: [{port: 9999}], route: [{destination: {host: db}}]}]`);
    expect(through(none, 'GET http://db.example.com:5432/')).toMatchObject({outcome: 'unreachable', flags: 'NR', connection: {chains: 0}});
  });

  it('behind a TLS server that terminates, takes tcp routes on the server\'s SNI hosts only', () => {
    const term = vs('db', `  hosts: [db.example.com]
  tcp: [{route: [{destination: {host: db}}]}]`);
    expect(through(term, 'GET https://db.example.com:8443/')).toMatchObject({outcome: 'routed', connection: {protocol: 'tls', server: {tlsMode: 'SIMPLE'}}, route: {section: 'tcp'}});
    expect(through(term, 'GET https://web.example.com:8443/')).toMatchObject({outcome: 'unreachable', flags: 'NR'});
  });
});

describe('meshdive route', () => {
  it('names the connection and the tls route', () => {
    const text = formatDecisionText(through(PASSTHROUGH, 'GET https://nginx.example.com:443/'), ['sni.yaml']);
    expect(text).toMatch(/^Route: VirtualService shop\/sni tls\[0\]/m);
    expect(text).toMatch(/^Connection: TLS, SNI nginx\.example\.com, at server 1 \(TLS, PASSTHROUGH\)/m);
  });
});
