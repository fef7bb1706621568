/**
 * A ServiceEntry's TCP and TLS ports at a client's sidecar, as istiod 1.30.3 builds them (listener.go
 * buildSidecarOutboundListeners, buildSidecarOutboundListener with GetAddressForProxy: no DNS capture, so an entry
 * without addresses listens on 0.0.0.0; tls.go: the default TLS chain of a 0.0.0.0 listener matches the entry's host
 * as SNI; resolution NONE gives an ORIGINAL_DST cluster): a connection to the entry's own cluster, routed by the
 * tcp/tls routes of the VirtualServices for its host like a Service's, never by their http routes.
 */
import {describe, expect, it} from 'vitest';
import {connectIn, SHOP_NAMESPACE, shopApp, shopVirtualService, traceOf} from './sidecar-l4-support';

const CLUSTER = `${SHOP_NAMESPACE}
${shopApp('client', '{name: http, port: 80}')}`;

const connect = connectIn(CLUSTER);

/** ServiceEntry shop/NAME for `hosts` with `ports` (flow YAML) and extra spec lines. */
const entry = (name: string, hosts: string, ports: string, extra = '') => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: shop}
spec:
  hosts: [${hosts}]
  location: MESH_EXTERNAL
  ports: [${ports}]
${extra}`;

const PG = entry('pg', 'db.example.com', '{number: 5432, name: tcp-pg, protocol: TCP}', '  resolution: DNS');

describe('a ServiceEntry TCP port', () => {
  it('is a connection proxied to the entry\'s cluster: no HTTP status, retries or timeout, and the egress facts of a MESH_EXTERNAL host', () => {
    const d = connect(PG, 'GET http://db.example.com:5432/anything');
    expect(d.connection).toMatchObject({proxy: 'sidecar', protocol: 'tcp', state: 'established'});
    expect(d).toMatchObject({status: null, retries: null, timeout: null});
    expect(d.destinations.map((x) => [x.cluster, x.connection])).toEqual([['outbound|5432||db.example.com', 'established']]);
    expect(d.egress).toMatchObject({verdict: 'allowed', cluster: 'outbound|5432||db.example.com', serviceEntry: {name: 'pg', resolution: 'DNS'}});
  });

  it('listens on 0.0.0.0 without addresses, where every TCP connection to the port takes its chain, whatever the host', () => {
    expect(traceOf(connect(PG, 'GET http://db.example.com:5432/'))).toMatch(/ServiceEntry shop\/pg port 5432 \(resolution DNS\) listens on 0\.0\.0\.0:5432, as ServiceEntry shop\/pg has no address, and the client's sidecar does not capture DNS \(ISTIO_META_DNS_CAPTURE is set in no proxyMetadata.*\): a TCP chain there cannot tell hosts apart/);
  });

  it('with resolution NONE goes through the entry\'s ORIGINAL_DST cluster, not PassthroughCluster', () => {
    const d = connect(entry('any', 'db.example.com', '{number: 5432, name: tcp, protocol: TCP}', '  resolution: NONE'), 'GET http://db.example.com:5432/');
    expect(d.destinations[0]).toMatchObject({cluster: 'outbound|5432||db.example.com', connection: 'established'});
    expect(traceOf(d)).toMatch(/its cluster is an ORIGINAL_DST cluster: the connection goes to the address the application dialed, still through the entry's own cluster/);
  });

  it('takes a protocol such as MONGO as TCP, and ignores a VirtualService\'s http routes', () => {
    const d = connect(`${entry('mongo', 'mongo.example.com', '{number: 27017, name: mongo, protocol: MONGO}', '  resolution: DNS')}
---
${shopVirtualService(`  hosts: [mongo.example.com]
  http:
  - fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
    route: [{destination: {host: mongo.example.com}}]`)}`, 'GET http://mongo.example.com:27017/');
    expect(d).toMatchObject({status: null, connection: {protocol: 'tcp', state: 'established'}});
    expect(d.fault).toBeUndefined();
    expect(traceOf(d)).toMatch(/VirtualService shop\/routes's http routes do not apply to a TCP port/);
  });

  it('is routed by a VirtualService\'s tcp routes, to a destination outside the entry', () => {
    const d = connect(`${PG}
${shopApp('db', '{name: tcp, port: 5432}')}
---
${shopVirtualService(`  hosts: [db.example.com]
  tcp:
  - route: [{destination: {host: db.shop.svc.cluster.local}}]`)}`, 'GET http://db.example.com:5432/');
    expect(d.route).toMatchObject({section: 'tcp', index: 0});
    expect(d.destinations.map((x) => [x.host, x.connection])).toEqual([['db.shop.svc.cluster.local', 'established']]);
  });

  it('compares destinationSubnets with the entry\'s address, and cannot decide them without one', () => {
    const routes = shopVirtualService(`  hosts: [db.example.com]
  tcp:
  - match: [{destinationSubnets: [192.0.2.0/24]}]
    route: [{destination: {host: db.shop.svc.cluster.local}}]`);
    const withAddress = connect(`${entry('pg', 'db.example.com', '{number: 5432, name: tcp, protocol: TCP}', '  resolution: DNS\n  addresses: [192.0.2.10]')}
${shopApp('db', '{name: tcp, port: 5432}')}
---
${routes}`, 'GET http://db.example.com:5432/');
    expect(withAddress.destinations.map((x) => x.host)).toEqual(['db.shop.svc.cluster.local']);
    expect(traceOf(withAddress)).toMatch(/ServiceEntry shop\/pg's address 192\.0\.2\.10 is in it/);
    const without = connect(`${PG}
${shopApp('db', '{name: tcp, port: 5432}')}
---
${routes}`, 'GET http://db.example.com:5432/');
    expect(without.destinations.map((x) => x.host)).toEqual(['db.example.com']);
    expect(traceOf(without)).toMatch(/ServiceEntry shop\/pg has no address, .*and the destination is the address DNS gives the application, which the lab does not know; the simulator takes it as outside \(write spec\.addresses to decide\)/);
  });
});

describe('a ServiceEntry TLS port', () => {
  const API = entry('api', '"*.example.com"', '{number: 443, name: tls, protocol: TLS}', '  resolution: DNS');
  /** tls routes for api.example.com that take only another SNI. */
  const OTHER_SNI = shopVirtualService(`  hosts: [api.example.com]
  tls:
  - match: [{sniHosts: [other.example.com]}]
    route: [{destination: {host: api.example.com}}]`);

  it('matches the host as SNI on 0.0.0.0 and proxies the connection, still encrypted, to the entry\'s cluster', () => {
    const d = connect(API, 'GET https://api.example.com/');
    expect(d.connection).toMatchObject({proxy: 'sidecar', protocol: 'tls', sni: 'api.example.com', state: 'established'});
    expect(d.destinations.map((x) => x.cluster)).toEqual(['outbound|443||api.example.com']);
    expect(traceOf(d)).toMatch(/listens on 0\.0\.0\.0:443, as ServiceEntry shop\/api has no address, .*, its chain matched on SNI \*\.example\.com/);
  });

  it('passes a connection whose SNI no tls route takes to the original destination, through the listener\'s default chain', () => {
    const d = connect(`${API}
---
${OTHER_SNI}`, 'GET https://api.example.com/');
    expect(d).toMatchObject({outcome: 'passthrough', destinations: [], connection: {state: 'established'}});
  });

  it('resets that connection under REGISTRY_ONLY (BlackHoleCluster)', () => {
    const d = connect(`${API}
---
${OTHER_SNI}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY}}`, 'GET https://api.example.com/');
    expect(d).toMatchObject({outcome: 'unreachable', status: null, destinations: [], connection: {state: 'closed'}});
    expect(traceOf(d)).toMatch(/BlackHoleCluster under REGISTRY_ONLY \(Sidecar shop\/default\)/);
  });
});
