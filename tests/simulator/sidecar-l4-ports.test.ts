/**
 * A sidecar decides by the Service port's protocol, as istiod 1.30.3 builds the outbound listener
 * (listener.go buildSidecarOutboundListener, buildSidecarOutboundTCPListenerOpts; tls.go
 * buildSidecarOutboundTCPFilterChainOpts "if !defaultRouteAdded", buildSidecarOutboundTLSFilterChainOpts
 * "HTTPS or TLS ports without associated virtual service"): a port named `tcp-*`/`tls`/`mongo`… or with that
 * appProtocol is a TCP listener on the ClusterIP whose default chain proxies connections to the Service; a
 * VirtualService's http routes are never read there; a port that declares nothing is sniffed (TCP chains and an
 * HTTP chain for raw_buffer with HTTP ALPNs), so an HTTP request goes the HTTP way and a client's own TLS the TCP way.
 */
import {describe, expect, it} from 'vitest';
import {formatDecisionText} from '../../src/simulator/format';
import {connectIn, SHOP_NAMESPACE, shopApp, shopVirtualService, traceOf} from './sidecar-l4-support';

const CLUSTER = `${SHOP_NAMESPACE}
${shopApp('db', '{name: tcp-db, port: 5432}')}
${shopApp('cache', '{name: cache, appProtocol: redis, port: 6379}')}
${shopApp('api', '{name: https, port: 443}')}
${shopApp('legacy', '{port: 8080}')}
${shopApp('canary', '{name: http, port: 8080}')}
${shopApp('client', '{name: http, port: 80}')}`;

const connect = connectIn(CLUSTER);

const HTTP_ONLY = (host: string, port: number) => shopVirtualService(`  hosts: [${host}]
  http:
  - match: [{uri: {prefix: /admin}}]
    fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
    route: [{destination: {host: canary, port: {number: ${port}}}}]
    retries: {attempts: 5}`, 'http-only');

describe('a TCP port without tcp routes', () => {
  it('is proxied to the Service by the default chain: a connection, no HTTP status, no retries', () => {
    const d = connect('', 'GET http://db:5432/anything');
    expect(d.connection).toMatchObject({proxy: 'sidecar', protocol: 'tcp', state: 'established'});
    expect(d).toMatchObject({status: null, retries: null, timeout: null, virtualServices: []});
    expect(d.destinations.map((x) => [x.host, x.connection])).toEqual([['db.shop.svc.cluster.local', 'established']]);
    expect(formatDecisionText(d, [])).toMatch(/Connection: TCP, forwarded by the client's sidecar \(Service shop\/db port 5432 is TCP: no VirtualService has tcp routes for it/);
  });

  it('reads an appProtocol such as redis as TCP', () => {
    expect(connect('', 'GET http://cache:6379/').connection).toMatchObject({protocol: 'tcp', state: 'established'});
  });

  it('ignores a VirtualService\'s http routes: no fault, no retries, no redirect to another host', () => {
    const d = connect(HTTP_ONLY('db', 8080), 'GET http://db:5432/admin');
    expect(d.connection?.state).toBe('established');
    expect(d.destinations.map((x) => x.host)).toEqual(['db.shop.svc.cluster.local']);
    expect([d.fault, d.route, d.retries]).toEqual([undefined, undefined, null]);
    expect(traceOf(d)).toMatch(/VirtualService shop\/http-only's http routes do not apply to a TCP port/);
  });

  it('closes the connection (UH) when the Service has no pod, instead of answering 503', () => {
    const d = connect(`apiVersion: v1
kind: Service
metadata: {name: empty, namespace: shop}
spec: {selector: {app: nobody}, ports: [{name: tcp, port: 9000}]}`, 'GET http://empty:9000/');
    expect(d).toMatchObject({status: null, connection: {protocol: 'tcp'}});
    expect(d.destinations[0]).toMatchObject({connection: 'closed', flags: 'UH'});
  });
});

describe('a TLS port without tls routes', () => {
  it('passes the connection to the Service whatever its SNI', () => {
    const d = connect(HTTP_ONLY('api', 8080), 'GET https://api:443/admin');
    expect(d.connection).toMatchObject({proxy: 'sidecar', protocol: 'tls', sni: 'api', state: 'established'});
    expect(d.destinations.map((x) => x.host)).toEqual(['api.shop.svc.cluster.local']);
  });
});

describe('a port that declares no protocol', () => {
  it('is sniffed: an HTTP request is routed by the http routes, with their fault', () => {
    const d = connect(HTTP_ONLY('legacy', 8080), 'GET http://legacy:8080/admin');
    expect(d.connection).toBeUndefined();
    expect(d.status).toBe(503);
    expect(d.route).toMatchObject({index: 0});
  });

  it('takes a client\'s own TLS (https) through the TCP chains: no http route, no fault, to the Service', () => {
    const d = connect(HTTP_ONLY('legacy', 8080), 'GET https://legacy:8080/admin');
    expect(d.connection).toMatchObject({proxy: 'sidecar', protocol: 'tls', sni: 'legacy', state: 'established'});
    expect([d.status, d.fault, d.route]).toEqual([null, undefined, undefined]);
    expect(d.destinations.map((x) => x.host)).toEqual(['legacy.shop.svc.cluster.local']);
    expect(traceOf(d)).toMatch(/port 8080 is sniffed, and the client speaks TLS, not HTTP/);
  });
});
