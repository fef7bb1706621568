/**
 * TCP, TLS and passthrough servers at an Istio ingress gateway (gateway-l4.ts), as istiod 1.30.3
 * builds their filter chains (pilot/pkg/networking/core/gateway.go createGatewayTCPFilterChainOpts,
 * buildGatewayNetworkFiltersFromTCPRoutes, buildGatewayNetworkFiltersFromTLSRoutes, l4SingleMatch)
 * and Envoy picks one by SNI (server_names: exact, then the longest wildcard, then a chain without
 * names; none: the connection is closed with response flag NR).
 */
import {describe, expect, it} from 'vitest';
import {routingDiagram} from '../../src/simulator/diagram';
import {formatDecisionText} from '../../src/simulator/format';
import {parseFlowchart} from './diagram-mermaid';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {edgeVirtualService, L4_GATEWAY_CLUSTER} from './gateway-l4-support';
import {documents} from './helpers';

const CLUSTER = L4_GATEWAY_CLUSTER;

const through = (yaml: string, request: string): Decision =>
  simulate(new World(documents(CLUSTER), [documents(yaml)]), {request: parseRequest(request), gateway: 'shop/edge'});

const vs = edgeVirtualService;

const PASSTHROUGH = vs('sni', `  hosts: ['*.example.com']
  tls:
  - match: [{port: 443, sniHosts: [nginx.example.com]}]
    route: [{destination: {host: nginx}}]
  - match: [{port: 443, sniHosts: ['*.example.com']}]
    route: [{destination: {host: web}}]`);

describe('a TLS PASSTHROUGH server', () => {
  it('routes by SNI, the request\'s host: an exact sniHost before a wildcard one, and never reads method, path or headers', () => {
    const nginx = through(PASSTHROUGH, 'POST https://nginx.example.com:443/admin -H x-user:eve');
    expect(nginx).toMatchObject({outcome: 'routed', status: null, connection: {proxy: 'gateway', state: 'established', protocol: 'tls', sni: 'nginx.example.com', server: {index: 1, protocol: 'TLS', tlsMode: 'PASSTHROUGH'}, chains: 2},
      route: {section: 'tls', index: 0, virtualService: {name: 'sni'}}, timeout: null, retries: null});
    expect(nginx.destinations).toMatchObject([{host: 'nginx.shop.svc.cluster.local', port: 443, cluster: 'outbound|443||nginx.shop.svc.cluster.local', podCount: 2, share: 1}]);
    expect(through(PASSTHROUGH, 'GET https://shop.example.com:443/').route).toMatchObject({section: 'tls', index: 1});
  });

  it('closes a connection whose SNI no chain takes, with flag NR and no destination', () => {
    const other = through(PASSTHROUGH, 'GET https://other.test:443/');
    expect(other).toMatchObject({outcome: 'unreachable', status: null, flags: 'NR', destinations: [], distribution: [{share: 1, connection: 'closed', flags: 'NR'}],
      connection: {state: 'closed', reason: 'no filter chain on gateway shop/edge port 443 matches SNI other.test'}});
    expect(other.summary).toBe('no filter chain on gateway shop/edge port 443 matches SNI other.test');
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
    expect(decision.connection).toMatchObject({proxy: 'gateway', chains: 2});
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
    expect(decision).toMatchObject({outcome: 'routed', status: null, connection: {protocol: 'tcp', state: 'established', server: {index: 0, protocol: 'TCP'}}, route: {section: 'tcp', index: 1}});
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

describe('what a connection becomes: established or closed by the TCP proxy, with no HTTP status', () => {
  // Envoy's tcp_proxy (source/common/tcp_proxy/tcp_proxy.cc) closes the downstream connection when its
  // cluster does not exist (NoClusterFound: NC) or has no healthy host (NoHealthyUpstream: UH).
  const tcpTo = (...destinations: string[]) => vs('db', `  hosts: ['*']
  tcp:
  - route:
${destinations.map((d) => `    - ${d}`).join('\n')}`);

  it('is established to the pods of a cluster that has them', () => {
    const decision = through(tcpTo('{destination: {host: nginx}}'), 'GET http://db.example.com:5432/');
    expect(decision).toMatchObject({outcome: 'routed', status: null, connection: {state: 'established'}, destinations: [{connection: 'established'}]});
    expect(decision.destinations[0]!.status).toBeUndefined();
    expect(decision.distribution).toEqual([
      {share: 0.5, connection: 'established', host: 'nginx.shop.svc.cluster.local', pod: expect.any(String)},
      {share: 0.5, connection: 'established', host: 'nginx.shop.svc.cluster.local', pod: expect.any(String)},
    ]);
  });

  it('is closed with flag NC for a host with no cluster, and UH for a cluster without pods, each for its share', () => {
    const decision = through(tcpTo('{destination: {host: db}, weight: 40}', '{destination: {host: missing}, weight: 40}', '{destination: {host: db, subset: v9}, weight: 20}'), 'GET http://db.example.com:5432/');
    expect(decision.destinations.map((d) => [d.connection, d.flags])).toEqual([['established', undefined], ['closed', 'NC'], ['closed', 'NC']]);
    expect(decision.distribution.map((e) => [e.share, e.connection, e.flags])).toEqual([[0.4, 'established', undefined], [0.4, 'closed', 'NC'], [0.2, 'closed', 'NC']]);
    expect(decision.connection?.state).toBe('closed');
    expect(decision).toMatchObject({status: null, flags: 'NC'});
    const empty = `${CLUSTER.replace('replicas: 1', 'replicas: 0')}`;
    const none = simulate(new World(documents(empty), [documents(tcpTo('{destination: {host: db}}'))]), {request: parseRequest('GET http://db.example.com:5432/'), gateway: 'shop/edge'});
    expect(none).toMatchObject({status: null, flags: 'UH', connection: {state: 'closed', reason: expect.stringContaining('db')}, distribution: [{share: 1, connection: 'closed', flags: 'UH'}]});
  });

  it('draws a closed connection, not a 503, for a tcp route\'s missing subset or pods', async () => {
    const diagram = routingDiagram(tcpTo('{destination: {host: db, subset: v9}}'), documents(CLUSTER));
    if (diagram.kind !== 'diagram') throw new Error(diagram.kind);
    const texts = (await parseFlowchart(diagram.source)).nodes.map((node) => node.text);
    expect(texts).toContain('connection closed (NC): no subset v9');
    expect(texts.some((t) => /\b503\b/.test(t))).toBe(false);
  });
});

describe('meshdive route', () => {
  it('names the connection and the tls route', () => {
    const text = formatDecisionText(through(PASSTHROUGH, 'GET https://nginx.example.com:443/'), ['sni.yaml']);
    expect(text).toMatch(/^Route: VirtualService shop\/sni tls\[0\]/m);
    expect(text).toMatch(/^Connection: TLS, SNI nginx\.example\.com, at server 1 \(TLS, PASSTHROUGH\); 2 filter chains on the port; established$/m);
  });

  it('puts the connection\'s state where an HTTP status would stand, and the closed share with its flag', () => {
    const text = formatDecisionText(through(vs('db', `  hosts: ['*']
  tcp: [{route: [{destination: {host: db}, weight: 80}, {destination: {host: missing}, weight: 20}]}]`), 'GET http://db.example.com:5432/'), ['db.yaml']);
    expect(text).toMatch(/^Decision: established {2}80% → db\.shop\.svc\.cluster\.local \(1 pod\), 20% → closed NC: /m);
    expect(text).toMatch(/^ +20% {2}closed NC {2}missing\.shop\.svc\.cluster\.local$/m);
    expect(text.split('Trace:')[0]).not.toMatch(/\b(200|503)\b/);
    const closed = formatDecisionText(through(PASSTHROUGH, 'GET https://other.test:443/'), ['sni.yaml']);
    expect(closed).toMatch(/^Decision: closed NR {2}no filter chain on gateway shop\/edge port 443 matches SNI other\.test$/m);
    expect(closed).toMatch(/^Connection: TLS, SNI other\.test, at server 1 \(TLS, PASSTHROUGH\); 2 filter chains on the port; closed: no filter chain/m);
  });
});
