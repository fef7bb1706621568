/**
 * Several TCP ServiceEntry hosts without addresses on one port (istio 1.30.3): without DNS capture each listens on
 * 0.0.0.0:PORT, and istiod keeps one listener per address and port (listener.go buildSidecarOutboundListener, listenerKey),
 * the first service's match-all chain, dropping the later ones' identical chains (TCPOverTCP, mergeTCPFilterChains), so a
 * connection to any of the hosts goes to the first one's cluster. The order is push_context.go sortServicesByCreationTime
 * (creation time, then the service's name, a ServiceEntry host's being the host), with the namespace's private services
 * first (servicesExportedToNamespace). istio.io's "DNS Proxying" page ("External TCP services without VIPs") shows the
 * same failure and its cure, DNS capture, which gives each host its own auto-allocated address (service.go GetAddressForProxy).
 */
import {describe, expect, it} from 'vitest';
import {connectIn, SHOP_NAMESPACE, shopApp, shopVirtualService, traceOf} from './sidecar-l4-support';

const entry = (name: string, host: string, extra = '') => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: shop}
spec:
  hosts: [${host}]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]
${extra}`;

const CAPTURE = `---
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: dns, namespace: shop}
spec:
  environmentVariables: {ISTIO_META_DNS_CAPTURE: "true"}`;

const connect = connectIn(`${SHOP_NAMESPACE}\n${shopApp('client', '{name: http, port: 80}')}`);
const DBS = `${entry('users', 'users-db.example.com')}\n${entry('orders', 'orders-db.example.com')}`;
const hosts = (d: ReturnType<typeof connect>) => d.destinations.map((x) => x.host);

describe('TCP ServiceEntry hosts sharing 0.0.0.0:PORT at a sidecar without DNS capture', () => {
  it('sends a connection to either host to the first host\'s cluster: the same creation second, so the hostname decides', () => {
    expect(hosts(connect(DBS, 'GET http://users-db.example.com:5432/'))).toEqual(['orders-db.example.com']);
    expect(hosts(connect(DBS, 'GET http://orders-db.example.com:5432/'))).toEqual(['orders-db.example.com']);
    expect(traceOf(connect(DBS, 'GET http://users-db.example.com:5432/'))).toMatch(/orders-db\.example\.com also listens on 0\.0\.0\.0:5432 and comes first.*dropped ServiceEntry shop\/users's identical one/);
  });

  it('gives each host its own listener once the sidecar captures DNS, so each connection reaches its own host', () => {
    expect(hosts(connect(`${DBS}\n${CAPTURE}`, 'GET http://users-db.example.com:5432/'))).toEqual(['users-db.example.com']);
  });

  it('leaves hosts alone that do not share 0.0.0.0: an entry with an address, another port, a TLS port (matched by SNI), one not exported to the client', () => {
    const addressed = `${entry('users', 'users-db.example.com')}\n${entry('orders', 'orders-db.example.com', '  addresses: [192.0.2.10]')}`;
    expect(hosts(connect(addressed, 'GET http://users-db.example.com:5432/'))).toEqual(['users-db.example.com']);
    const otherPort = `${entry('users', 'users-db.example.com')}\n${entry('orders', 'orders-db.example.com').replace('number: 5432', 'number: 5433')}`;
    expect(hosts(connect(otherPort, 'GET http://users-db.example.com:5432/'))).toEqual(['users-db.example.com']);
    const tls = `${entry('users', 'users-db.example.com')}\n${entry('orders', 'orders-db.example.com').replace('protocol: TCP', 'protocol: TLS')}`;
    expect(hosts(connect(tls, 'GET http://users-db.example.com:5432/'))).toEqual(['users-db.example.com']);
    const hidden = `${entry('users', 'users-db.example.com')}\n${entry('orders', 'orders-db.example.com', '  exportTo: [other]')}`;
    expect(hosts(connect(hidden, 'GET http://users-db.example.com:5432/'))).toEqual(['users-db.example.com']);
  });

  it('puts an entry exported only to the client\'s namespace before public ones (servicesExportedToNamespace)', () => {
    const yaml = `${entry('users', 'users-db.example.com', '  exportTo: ["."]')}\n${entry('orders', 'orders-db.example.com')}`;
    expect(hosts(connect(yaml, 'GET http://orders-db.example.com:5432/'))).toEqual(['users-db.example.com']);
  });

  it('keeps the host\'s own answer where a VirtualService gives the shared listener tcp routes, which are not followed here', () => {
    const vs = shopVirtualService(`  hosts: [orders-db.example.com]
  tcp:
  - route: [{destination: {host: orders-db.example.com}}]`);
    expect(hosts(connect(`${DBS}\n---\n${vs}`, 'GET http://users-db.example.com:5432/'))).toEqual(['users-db.example.com']);
  });
});
