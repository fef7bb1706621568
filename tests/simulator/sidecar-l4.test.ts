/**
 * A VirtualService's tcp and tls routes at a client's sidecar (istiod 1.30.3 tls.go
 * buildSidecarOutboundTCPFilterChainOpts, buildSidecarOutboundTLSFilterChainOpts, matchTCP, matchTLS):
 * for a Service port Istio reads as TCP or TLS, `port`, `sourceLabels`, `sourceNamespace` and `gateways`
 * are read when the config is built; the first tcp route that holds ends the list; tls routes are chosen by
 * SNI (exact before wildcard), and with tls matches but none for the SNI no route's chain takes it: the
 * listener's default chain passes it through (buildListenerFromEntry's PassthroughFilterChain). The outcome is a
 * connection, established or closed, never an HTTP status.
 */
import {describe, expect, it} from 'vitest';
import {formatDecisionText} from '../../src/simulator/format';
import {connectIn, SHOP_NAMESPACE, shopApp, shopVirtualService, traceOf} from './sidecar-l4-support';

const CLUSTER = `${SHOP_NAMESPACE}
${shopApp('db', '{name: tcp-db, port: 5432}')}
${shopApp('db-replica', '{name: tcp-db, port: 5432}')}
${shopApp('api', '{name: tls, port: 443}')}
${shopApp('api-canary', '{name: tls, port: 443}')}
${shopApp('client', '{name: http, port: 80}')}
${shopApp('batch', '{name: http, port: 80}')}`;

const vs = (body: string) => shopVirtualService(body);
const connect = connectIn(CLUSTER);

describe('tcp routes at a sidecar', () => {
  const TCP = vs(`  hosts: [db]
  tcp:
  - match: [{port: 5432, sourceLabels: {app: batch}}]
    route: [{destination: {host: db-replica}}]
  - match: [{port: 5432}]
    route: [{destination: {host: db}, weight: 80}, {destination: {host: db-replica}, weight: 20}]`);

  it('takes the first tcp route whose port and sourceLabels hold, and splits the connections by weight', () => {
    const d = connect(TCP, 'GET http://db:5432/anything');
    expect(d.connection).toMatchObject({proxy: 'sidecar', protocol: 'tcp', state: 'established'});
    expect(d.route).toMatchObject({section: 'tcp', index: 1});
    expect(d.destinations.map((x) => [x.host, x.share])).toEqual([['db.shop.svc.cluster.local', 0.8], ['db-replica.shop.svc.cluster.local', 0.2]]);
    expect(d.status).toBeNull();
    expect(traceOf(d)).toMatch(/tcp\[0\]\.match\[0\] does not hold for this client: sourceLabels app=batch are not the client's/);
  });

  it('sends the client the sourceLabels name to its own route', () => {
    const d = connect(TCP, 'GET http://db:5432/', 'shop/batch');
    expect(d.route).toMatchObject({section: 'tcp', index: 0});
    expect(d.destinations.map((x) => x.host)).toEqual(['db-replica.shop.svc.cluster.local']);
  });

  it('falls back to the Service when no tcp route holds, and prints the connection line', () => {
    const d = connect(vs('  hosts: [db]\n  tcp:\n  - match: [{port: 6000}]\n    route: [{destination: {host: db-replica}}]'), 'GET http://db:5432/');
    expect(d.destinations.map((x) => x.host)).toEqual(['db.shop.svc.cluster.local']);
    expect(formatDecisionText(d, ['routes.yaml'])).toMatch(/Connection: TCP, forwarded by the client's sidecar \(Service shop\/db port 5432 is TCP/);
  });
});

describe('tls routes at a sidecar', () => {
  const TLS = vs(`  hosts: [api, '*.example.com']
  tls:
  - match: [{port: 443, sniHosts: ['*.example.com']}]
    route: [{destination: {host: api-canary}}]
  - match: [{port: 443, sniHosts: [api.shop.svc.cluster.local, api]}]
    route: [{destination: {host: api}}]`);

  it('picks the route by SNI, the request\'s host', () => {
    const d = connect(TLS, 'GET https://api:443/');
    expect(d.connection).toMatchObject({proxy: 'sidecar', protocol: 'tls', sni: 'api', state: 'established'});
    expect(d.destinations.map((x) => x.host)).toEqual(['api.shop.svc.cluster.local']);
  });

  it('passes a connection whose SNI no tls match takes to the original destination, by the listener\'s default chain', () => {
    const d = connect(vs(`  hosts: [api]
  tls:
  - match: [{port: 443, sniHosts: [other.example.com]}]
    route: [{destination: {host: api-canary}}]`), 'GET https://api:443/');
    expect(d).toMatchObject({outcome: 'passthrough', status: null, destinations: [], connection: {state: 'established'}});
    expect(traceOf(d)).toMatch(/no tls chain takes SNI api: the listener's default chain \(PassthroughFilterChain\) sends it to PassthroughCluster/);
  });
});
