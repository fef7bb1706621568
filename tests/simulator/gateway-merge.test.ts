/**
 * An Istio ingress gateway proxy listens with the servers of every Gateway that selects its pod,
 * merged per port as istiod 1.30.3 merges them (pilot/pkg/model/push_context.go mergeGateways:
 * Gateways oldest first, then by name; pilot/pkg/model/gateway.go mergeGateways: plaintext HTTP
 * servers share `http.<port>`, a protocol that cannot merge is skipped, a TLS server repeating a
 * host is skipped by CheckDuplicates). A VirtualService comes in only through the servers of the
 * Gateways it binds to, and its `gateways` matches read that Gateway (gateway.go
 * buildGatewayHTTPRouteConfig, BuildHTTPRoutesForVirtualService with the server's gateway name).
 */
import {describe, expect, it} from 'vitest';
import {formatDecisionText} from '../../src/simulator/format';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {INGRESS_CLUSTER as CLUSTER} from './gateway-l4-support';
import {documents} from './helpers';


const gateway = (name: string, servers: string, selector = '{istio: ingressgateway}') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: shop}
spec:
  selector: ${selector}
  servers:
${servers}`;

const vs = (name: string, gateways: string, hosts: string, body: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: shop}
spec:
  gateways: [${gateways}]
  hosts: [${hosts}]
${body}`;

const to = (app: string, port = 443) => `  http:\n  - route: [{destination: {host: ${app}, port: {number: ${port}}}}]`;

const through = (yaml: string[], request: string, name = 'shop/a'): Decision =>
  simulate(new World(documents(CLUSTER), [documents(yaml.join('\n---\n'))]), {request: parseRequest(request), gateway: name});
const traceOf = (d: Decision) => d.trace.map((t) => t.message).join('\n');

const A = gateway('a', '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [web.example.com]}');
const B = gateway('b', '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [nginx.example.com]}');

describe('every Gateway selecting the ingress pod serves through it', () => {
  it('routes a host only the other Gateway declares, through its VirtualService, and names the server that took it', () => {
    const d = through([A, B, vs('web', 'a', 'web.example.com', to('web')), vs('nginx', 'b', 'nginx.example.com', to('nginx'))], 'GET http://nginx.example.com/');
    expect(d.outcome).toBe('routed');
    expect(d.destinations.map((x) => x.host)).toEqual(['nginx.shop.svc.cluster.local']);
    expect(traceOf(d)).toMatch(/port 80 of the proxy merges the servers of every Gateway selecting it, oldest first: shop\/a server 0, shop\/b server 0/);
    expect(traceOf(d)).toMatch(/taken by shop\/b's server 0/);
  });

  it('leaves out a Gateway whose selector the pod does not carry', () => {
    const other = gateway('b', '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [nginx.example.com]}', '{istio: egressgateway}');
    const d = through([A, other, vs('nginx', 'b', 'nginx.example.com', to('nginx'))], 'GET http://nginx.example.com/');
    expect(d).toMatchObject({outcome: 'no-route', status: 404});
  });

  it('takes a Gateway without selector for every gateway proxy', () => {
    const any = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: b, namespace: shop}
spec:
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [nginx.example.com]}`;
    expect(through([A, any, vs('nginx', 'b', 'nginx.example.com', to('nginx'))], 'GET http://nginx.example.com/').outcome).toBe('routed');
  });

  it('does not let a VirtualService bound to one Gateway serve the host of the other', () => {
    const d = through([A, B, vs('all', 'a', "'*.example.com'", to('web'))], 'GET http://nginx.example.com/');
    expect(d).toMatchObject({outcome: 'no-route', status: 404});
  });

  it('reads a route\'s gateways match against the Gateway whose server brought it in', () => {
    const both = vs('both', 'a, b', "'*.example.com'", `  http:
  - match: [{gateways: [a]}]
    route: [{destination: {host: web, port: {number: 443}}}]
  - route: [{destination: {host: nginx, port: {number: 443}}}]`);
    expect(through([A, B, both], 'GET http://web.example.com/').destinations[0]!.host).toBe('web.shop.svc.cluster.local');
    expect(through([A, B, both], 'GET http://nginx.example.com/').destinations[0]!.host).toBe('nginx.shop.svc.cluster.local');
  });

  it('merges two Gateways declaring the same HTTP host into one virtual host, the older Gateway\'s routes first, and names IST0145', () => {
    const B2 = gateway('b', '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [web.example.com]}');
    const d = through([B2, A, vs('via-b', 'b', 'web.example.com', to('nginx')), vs('via-a', 'a', 'web.example.com', to('web'))], 'GET http://web.example.com/', 'shop/b');
    // Same creation second: by name, so a's server comes first and its VirtualService's route wins.
    expect(d.destinations[0]!.host).toBe('web.shop.svc.cluster.local');
    expect(traceOf(d)).toMatch(/IST0145 ConflictingGateways/);
  });

  it('skips a server whose protocol cannot merge with the port\'s plaintext HTTP', () => {
    const tcp = gateway('b', '  - {port: {number: 80, name: tcp, protocol: TCP}, hosts: [\'*\']}');
    const d = through([A, tcp, vs('web', 'a', 'web.example.com', to('web'))], 'GET http://web.example.com/');
    expect(d.outcome).toBe('routed');
    expect(traceOf(d)).toMatch(/istiod skips shop\/b's server 0 on port 80: port 80 is already HTTP plaintext: a TCP server conflicts with it/);
  });

  it('keeps the first TLS server of a repeated host and skips the later one (CheckDuplicates)', () => {
    const tlsA = gateway('a', '  - {port: {number: 443, name: tls, protocol: TLS}, hosts: [nginx.example.com], tls: {mode: PASSTHROUGH}}');
    const tlsB = gateway('b', '  - {port: {number: 443, name: tls, protocol: TLS}, hosts: [nginx.example.com], tls: {mode: PASSTHROUGH}}');
    const sni = (name: string, gw: string, app: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: shop}
spec:
  gateways: [${gw}]
  hosts: [nginx.example.com]
  tls:
  - match: [{port: 443, sniHosts: [nginx.example.com]}]
    route: [{destination: {host: ${app}, port: {number: 443}}}]`;
    const d = through([tlsA, tlsB, sni('sni-a', 'a', 'nginx'), sni('sni-b', 'b', 'web')], 'GET https://nginx.example.com/', 'shop/b');
    expect(d.connection).toBeDefined();
    expect(d.destinations.map((x) => x.host)).toEqual(['nginx.shop.svc.cluster.local']);
    expect(traceOf(d)).toMatch(/istiod skips shop\/b's server 0 on port 443: it repeats host nginx.example.com of an earlier TLS server/);
  });

  it('routes a TCP port that only the other Gateway opens, naming that Gateway\'s server', () => {
    const tcp = gateway('b', '  - {port: {number: 5432, name: tcp, protocol: TCP}, hosts: [\'*\']}');
    const db = vs('db', 'b', "'*'", '  tcp:\n  - route: [{destination: {host: db, port: {number: 5432}}}]');
    const d = through([A, tcp, db], 'GET http://db.example.com:5432/');
    expect(d.destinations.map((x) => x.host)).toEqual(['db.shop.svc.cluster.local']);
    expect(d.connection).toMatchObject({proxy: 'gateway', server: {index: 0, protocol: 'TCP', gateway: 'shop/b'}});
    expect(traceOf(d)).toMatch(/shop\/b's server 0 \(TCP\)/);
    expect(formatDecisionText(d, [])).toMatch(/shop\/b's server 0 \(TCP\)/);
  });

  it('picks an HTTPS server by SNI: only its Gateway\'s VirtualServices route the host', () => {
    const httpsA = gateway('a', '  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [web.example.com], tls: {mode: SIMPLE, credentialName: web}}');
    const httpsB = gateway('b', '  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [\'*.example.com\'], tls: {mode: SIMPLE, credentialName: wild}}');
    const yaml = [httpsA, httpsB, vs('web', 'a', 'web.example.com', to('web')), vs('wild', 'b', "'*.example.com'", to('nginx'))];
    expect(through(yaml, 'GET https://web.example.com/').destinations[0]!.host).toBe('web.shop.svc.cluster.local');
    expect(through(yaml, 'GET https://nginx.example.com/').destinations[0]!.host).toBe('nginx.shop.svc.cluster.local');
  });
});
