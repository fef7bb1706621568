/**
 * What happens when the client's protocol is not the port's, as istiod 1.30.3 and Envoy behave:
 * - a UDP port gets no listener and no cluster (listener.go "UDP or other protocols", cluster.go skips UDP ports),
 *   and istio-iptables redirects only TCP: the mesh never sees UDP, and the lab's HTTP request (TCP) finds nothing;
 *   ConvertProtocol reads `protocol: UDP` before any name, and a TCP port of the same number is the one TCP uses;
 * - TLS (`https://`) to a sidecar's HTTP port misses the HTTP chain (raw_buffer with plaintext ALPNs) and takes the
 *   listener's default chain: passed through, or reset under REGISTRY_ONLY;
 * - at an ingress gateway, TLS to a plaintext HTTP server or plaintext to a TLS server is never parsed as a request;
 *   an HTTP route to a TCP Service port is forwarded all the same, and the application decides.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World} from '../../src/simulator/index';
import {documents} from './helpers';
import {INGRESS_CLUSTER} from './gateway-l4-support';
import {connectIn, SHOP_NAMESPACE, shopApp, shopVirtualService, traceOf} from './sidecar-l4-support';

const CLUSTER = `${SHOP_NAMESPACE}
${shopApp('client', '{name: http, port: 80}')}
${shopApp('web', '{name: http, port: 8080}')}
${shopApp('stats', '{name: statsd, port: 8125, protocol: UDP}')}
${shopApp('dns', '{name: dns-tcp, port: 53}, {name: dns, port: 53, protocol: UDP}')}
${shopApp('mysql', '{name: db, port: 3306}')}`;

const connect = connectIn(CLUSTER);
const REGISTRY_ONLY = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY}}`;

describe('a UDP port', () => {
  it('is neither captured nor routed: the lab\'s TCP request to it fails, with no HTTP status', () => {
    const d = connect('', 'GET http://stats:8125/');
    expect(d).toMatchObject({outcome: 'unreachable', status: null, destinations: []});
    expect(traceOf(d)).toMatch(/Service shop\/stats port 8125 is UDP: istiod builds no listener or cluster for it, and the sidecar's iptables rules redirect only TCP/);
  });

  it('is UDP whatever its name says, while a TCP port of the same number carries TCP', () => {
    expect(connect('', 'GET http://dns:53/').connection).toMatchObject({protocol: 'tcp', state: 'established'});
  });

  it('has no cluster, so an HTTP route to it answers 503 NC', () => {
    const d = connect(shopVirtualService(`  hosts: [web]
  http:
  - route: [{destination: {host: stats, port: {number: 8125}}}]`), 'GET http://web:8080/');
    expect(d.destinations[0]).toMatchObject({status: 503, flags: 'NC', problem: 'stats.shop.svc.cluster.local port 8125 is UDP'});
  });

  it('of a ServiceEntry registers no TCP port: the request is treated as unregistered', () => {
    const d = connect(`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: syslog, namespace: shop}
spec: {hosts: [logs.example.com], location: MESH_EXTERNAL, resolution: DNS, ports: [{number: 514, name: syslog, protocol: UDP}]}`, 'GET http://logs.example.com:514/');
    expect(d).toMatchObject({outcome: 'passthrough', egress: {cluster: 'PassthroughCluster'}});
  });
});

describe('an unnamed well-known port', () => {
  it('is TCP (3306), never sniffed', () => {
    expect(connect('', 'GET http://mysql:3306/').connection).toMatchObject({protocol: 'tcp', state: 'established'});
  });
});

describe('TLS to a sidecar\'s HTTP port', () => {
  it('misses the HTTP chain and is passed through by the default chain: no HTTP route, status or retries', () => {
    const d = connect(shopVirtualService(`  hosts: [web]
  http:
  - fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
    route: [{destination: {host: web}}]`), 'GET https://web:8080/');
    expect(d).toMatchObject({outcome: 'passthrough', status: null, connection: {protocol: 'tls', sni: 'web', state: 'established'}, destinations: []});
    expect(d.route).toBeUndefined();
    expect(traceOf(d)).toMatch(/routes HTTP only on plaintext connections \(transport raw_buffer, ALPN http\/1\.1 or h2c/);
  });

  it('is reset under REGISTRY_ONLY', () => {
    const d = connect(REGISTRY_ONLY, 'GET https://web:8080/');
    expect(d).toMatchObject({outcome: 'unreachable', connection: {state: 'closed'}});
  });
});

describe('at an ingress gateway', () => {
  const gateway = (servers: string, route: string) => simulateAt(`${INGRESS_CLUSTER}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers: [${servers}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: shop}
spec:
  hosts: [db.example.com]
  gateways: [edge]
  http:
  - route: [{destination: {host: db, port: {number: 5432}}}]`, route);
  const simulateAt = (yaml: string, request: string) => simulate(new World(documents(yaml), []), {request: parseRequest(request), gateway: 'shop/edge'});
  const HTTP = "{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}";
  const HTTPS = "{port: {number: 443, name: https, protocol: HTTPS}, hosts: ['*'], tls: {mode: SIMPLE, credentialName: cert}}";

  it('forwards an HTTP route to a TCP Service port, saying that the application decides', () => {
    const d = gateway(HTTP, 'GET http://db.example.com/');
    expect(d).toMatchObject({outcome: 'routed', status: 200});
    expect(traceOf(d)).toMatch(/destination db\.shop\.svc\.cluster\.local port 5432 is TCP, not HTTP: istiod builds its cluster all the same/);
  });

  it('fails TLS to a plaintext HTTP server before any route', () => {
    const d = gateway(HTTP, 'GET https://db.example.com:80/');
    expect(d).toMatchObject({outcome: 'unreachable', status: null, destinations: []});
    expect(traceOf(d)).toMatch(/serves plaintext HTTP, and the client speaks TLS: the gateway's HTTP codec reads the ClientHello as a malformed request and answers 400 \(flag DPE\)/);
  });

  it('closes plaintext to a server that terminates TLS', () => {
    expect(gateway(HTTPS, 'GET http://db.example.com:443/')).toMatchObject({outcome: 'unreachable', status: null});
    expect(gateway(HTTPS, 'GET https://db.example.com:443/')).toMatchObject({outcome: 'routed', status: 200});
  });
});
