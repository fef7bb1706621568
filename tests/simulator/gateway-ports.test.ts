/**
 * A connection to an Istio ingress gateway goes to a port of the gateway's Service, which sends it to a
 * pod port; istiod 1.30.3 binds each server's listener on the targetPort of the Service port its
 * `port.number` names, or on the number itself when no Service port has it (pilot/pkg/model/gateway.go
 * resolvePorts, legacyGatewaySelector; `experimental.istio.io/disable-gateway-port-translation` opts a
 * Service out). A Service port that does not exist never reaches the proxy; a pod port without a listener
 * refuses the connection. A server with `bind` listens on that address only (gateway.go, listener address).
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World, type Decision} from '../../src/simulator/index';
import {gatewayProxy} from './gateway-l4-support';
import {documents} from './helpers';

const cluster = (ports: string, serviceLabels = '{}') => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
${gatewayProxy('istio-ingressgateway', 'ingressgateway', ports, serviceLabels)}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web}]}}`;

const gateway = (servers: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
${servers}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  gateways: [edge]
  hosts: ['*']
  http:
  - route: [{destination: {host: web}}]`;

const CHART_PORTS = '[{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: 8443}]';
const through = (context: string, servers: string, request: string): Decision =>
  simulate(new World(documents(context), [documents(gateway(servers))]), {request: parseRequest(request), gateway: 'shop/edge'});
const traceOf = (d: Decision) => d.trace.map((t) => t.message).join('\n');

describe('the gateway Service\'s port and the pod port the listener is bound on', () => {
  it('binds a server on port 80 at the Service\'s targetPort 8080, and says which pod port the connection reaches', () => {
    const d = through(cluster(CHART_PORTS), '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\']}', 'GET http://web.example.com/');
    expect(d.outcome).toBe('routed');
    expect(traceOf(d)).toMatch(/Service istio-system\/istio-ingressgateway port 80 sends the connection to the proxy's pod port 8080/);
  });

  it('takes a server written on the pod port 8080 on the same listener: a request to Service port 80 reaches it', () => {
    const d = through(cluster(CHART_PORTS), '  - {port: {number: 8080, name: http, protocol: HTTP}, hosts: [\'*\']}', 'GET http://web.example.com/');
    expect(d.outcome).toBe('routed');
  });

  it('never reaches the proxy on a port the Service does not expose, even with a server on it', () => {
    const d = through(cluster(CHART_PORTS), '  - {port: {number: 9000, name: http, protocol: HTTP}, hosts: [\'*\']}', 'GET http://web.example.com:9000/');
    expect(d).toMatchObject({outcome: 'unreachable', status: null});
    expect(d.summary).toMatch(/exposes no port 9000/);
    expect(traceOf(d)).toMatch(/ports 80, 443\): nothing forwards the connection/);
  });

  it('refuses a connection to a Service port whose pod port has no listener (no server resolves to it)', () => {
    const d = through(cluster(CHART_PORTS), '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\']}', 'GET https://web.example.com/');
    expect(d).toMatchObject({outcome: 'unreachable', status: null});
    expect(d.summary).toMatch(/does not listen on port 443 \(pod port 8443\): connection refused/);
  });

  it('resolves a named targetPort through the proxy\'s container ports', () => {
    const d = through(cluster('[{name: http2, port: 80, targetPort: http2}]'), '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\']}', 'GET http://web.example.com/');
    expect(d.outcome).toBe('routed');
    expect(traceOf(d)).toMatch(/pod port 8080/);
    const unnamed = through(cluster('[{name: http2, port: 80, targetPort: web}]'), '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\']}', 'GET http://web.example.com/');
    expect(unnamed).toMatchObject({outcome: 'unreachable', summary: expect.stringMatching(/has no endpoints/)});
  });

  it('keeps the server\'s own port when the Service opts out of translation: server 80 is then not on pod port 8080', () => {
    const d = through(cluster(CHART_PORTS, '{experimental.istio.io/disable-gateway-port-translation: "true"}'), '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\']}', 'GET http://web.example.com/');
    expect(d).toMatchObject({outcome: 'unreachable', summary: expect.stringMatching(/connection refused/)});
  });

  it('reads the port as the pod port when the lab has no Service for the proxy', () => {
    const noService = cluster(CHART_PORTS).split('---\n').filter((doc) => !doc.startsWith('apiVersion: v1\nkind: Service\nmetadata: {name: istio-ingressgateway')).join('---\n');
    const d = through(noService, '  - {port: {number: 9000, name: http, protocol: HTTP}, hosts: [\'*\']}', 'GET http://web.example.com:9000/');
    expect(d.outcome).toBe('routed');
  });
});

describe('a server\'s bind address', () => {
  it('keeps a server bound to another address off the connection, which arrives at the pod\'s own address', () => {
    const servers = '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\'], bind: 127.0.0.1}';
    const d = through(cluster(CHART_PORTS), servers, 'GET http://web.example.com/');
    expect(d).toMatchObject({outcome: 'unreachable', status: null});
    expect(traceOf(d)).toMatch(/server 0 has bind 127\.0\.0\.1: its listener 127\.0\.0\.1:8080 is not the address a connection through the Service arrives at/);
  });

  it('leaves the connection to the unbound (0.0.0.0) server beside a server bound elsewhere', () => {
    const servers = `  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ['*'], bind: 127.0.0.1}
  - {port: {number: 80, name: http2, protocol: HTTP}, hosts: ['*']}`;
    const d = through(cluster(CHART_PORTS), servers, 'GET http://web.example.com/');
    expect(d.outcome).toBe('routed');
    expect(traceOf(d)).toMatch(/server 0 has bind 127\.0\.0\.1/);
  });
});
