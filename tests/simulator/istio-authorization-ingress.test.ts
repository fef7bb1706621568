/**
 * Authorization at the ingress gateway itself (istio-authz/ingress.ts): policies that attach to the
 * gateway's pods (policyattachment.go ShouldAttachPolicy: a classic gateway by selector, a Gateway
 * API gateway by targetRefs to its Gateway) are enforced by the gateway's RBAC filter before it
 * routes (gateway.go buildGatewayHTTPFilterChain); `source.ip` is the gateway's peer and
 * `remote.ip` Envoy's original client address with use_remote_address and xff_num_trusted_hops =
 * gatewayTopology.numTrustedProxies (gateway.go buildGatewayConnectionManager).
 */
import {describe, expect, it} from 'vitest';
import {evaluateIstioCheck} from '../../src/simulator/istio-authz/checks';
import {evaluationStages} from '../../src/simulator/istio-authz/evaluation';
import {parseRequest, World} from '../../src/simulator/index';
import {timeline} from '../../src/simulator/resilience/timeline';
import {documents} from './helpers';
import {answers, CLUSTER, decide, policy} from './istio-authz-helpers';
import {INGRESS_GATEWAY} from './gateway-l4-support';

/** The chart's istio-ingressgateway (Service port 80 → container port 8080), an Istio Gateway and a VirtualService to api. */
const INGRESS = `${CLUSTER}
---
${INGRESS_GATEWAY}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.com]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [public]
  http: [{route: [{destination: {host: api.shop.svc.cluster.local, port: {number: 80}}}]}]`;

const atGateway = (spec: string, name = 'ingress-allowlist') => policy(name, `selector:\n  matchLabels: {istio: ingressgateway}\n${spec}`, {namespace: 'istio-system'});
const through = (yaml: string[], extra: {clientIp?: string; request?: string} = {}) =>
  decide({yaml, context: INGRESS, gatewayName: 'shop/public', request: extra.request ?? 'GET http://shop.example.com/', clientIp: extra.clientIp});

describe('a policy selecting the ingress gateway', () => {
  it('is enforced at the gateway before routing: a client outside the allowed range gets the gateway\'s 403 and reaches no pod', () => {
    const allowlist = atGateway('rules:\n- from:\n  - source:\n      ipBlocks: [198.51.100.0/24]');
    const refused = through([allowlist], {clientIp: '203.0.113.9'});
    expect(refused).toMatchObject({status: 403, distribution: [{share: 1, status: 403}]});
    expect(refused.summary).toMatch(/^Istio at gateway istio-system\/istio-ingressgateway: ALLOW policies exist/);
    const [gateway] = answers({yaml: [allowlist], context: INGRESS, gatewayName: 'shop/public', request: 'GET http://shop.example.com/', clientIp: '203.0.113.9'});
    expect(gateway).toMatchObject({enforcer: 'gateway', verdict: 'denied', status: 403, peer: {principal: undefined}});

    const admitted = through([allowlist], {clientIp: '198.51.100.7'});
    expect(admitted.status).toBe(200);
    expect(admitted.distribution.every((e) => e.status === 200)).toBe(true);
  });

  it('matches destination.port against the gateway pod\'s port (8080), not the Service port (80)', () => {
    const deny80 = atGateway('action: DENY\nrules:\n- to:\n  - operation:\n      ports: ["80"]', 'deny-80');
    const deny8080 = atGateway('action: DENY\nrules:\n- to:\n  - operation:\n      ports: ["8080"]', 'deny-8080');
    expect(through([deny80]).status).toBe(200);
    expect(through([deny8080]).status).toBe(403);
  });

  it('sees no mesh identity: a principals rule never matches an external client', () => {
    const principals = atGateway('rules:\n- from:\n  - source:\n      principals: ["*"]');
    expect(through([principals], {clientIp: '198.51.100.7'}).status).toBe(403);
  });

  it('does not apply to the pods behind the gateway, whose own policies still decide after it allows', () => {
    const open = atGateway('rules:\n- {}');
    const onlyWeb = policy('api-only-web', 'selector:\n  matchLabels: {app: api}\nrules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]');
    const decision = through([open, onlyWeb]);
    expect(decision.status).toBe(403);
    expect(answers({yaml: [open, onlyWeb], context: INGRESS, gatewayName: 'shop/public', request: 'GET http://shop.example.com/'}).map((a) => `${a.enforcer}:${a.verdict}`))
      .toEqual(['gateway:allowed', 'sidecar:denied']);
    // The exercise checks read the pods' answers: the gateway that allows stands aside.
    expect(evaluateIstioCheck({denied: 403}, decision)?.passed).toBe(true);
  });

  it('draws the gateway\'s evaluation like a sidecar\'s: its ALLOW stage decides', () => {
    const [gateway] = answers({yaml: [atGateway('rules:\n- {}')], context: INGRESS, gatewayName: 'shop/public', request: 'GET http://shop.example.com/'});
    expect(evaluationStages(gateway!).find((s) => s.decides)).toMatchObject({kind: 'ALLOW'});
  });
});

describe('the client address at the gateway', () => {
  const remote = (n: string) => atGateway(`rules:\n- from:\n  - source:\n      remoteIpBlocks: [${n}]`, 'by-remote');
  const xff = 'GET http://shop.example.com/ -H x-forwarded-for:192.0.2.1,198.51.100.20';
  const meshConfig = (hops: number) => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      gatewayTopology: {numTrustedProxies: ${hops}}`;

  it('without trusted proxies remote.ip is the peer: x-forwarded-for is not believed', () => {
    expect(through([remote('192.0.2.1/32')], {clientIp: '203.0.113.9', request: xff}).status).toBe(403);
    expect(through([remote('198.51.100.20/32')], {clientIp: '203.0.113.9', request: xff}).status).toBe(403);
    expect(through([remote('203.0.113.9/32')], {clientIp: '203.0.113.9', request: xff}).status).toBe(200);
  });

  it('with numTrustedProxies N it is the Nth x-forwarded-for address from the right, while ipBlocks stays the peer', () => {
    expect(through([meshConfig(1), remote('198.51.100.20/32')], {clientIp: '203.0.113.9', request: xff}).status).toBe(200);
    expect(through([meshConfig(2), remote('192.0.2.1/32')], {clientIp: '203.0.113.9', request: xff}).status).toBe(200);
    // Fewer entries than trusted hops: the peer's address.
    expect(through([meshConfig(3), remote('203.0.113.9/32')], {clientIp: '203.0.113.9', request: xff}).status).toBe(200);
    const ipBlocks = atGateway('rules:\n- from:\n  - source:\n      ipBlocks: [198.51.100.20/32]', 'by-peer');
    expect(through([meshConfig(1), ipBlocks], {clientIp: '203.0.113.9', request: xff}).status).toBe(403);
  });

  it('the gateway pod\'s proxy.istio.io/config overrides the mesh config', () => {
    const annotated = INGRESS.replace('metadata: {labels: {istio: ingressgateway, app: istio-ingressgateway}}',
      'metadata:\n      labels: {istio: ingressgateway, app: istio-ingressgateway}\n      annotations: {proxy.istio.io/config: "gatewayTopology: {numTrustedProxies: 2}"}');
    const at = (n: string) => decide({yaml: [meshConfig(1), remote(n)], context: annotated, gatewayName: 'shop/public', request: xff, clientIp: '203.0.113.9'}).status;
    expect(at('192.0.2.1/32')).toBe(200);
    // The mesh config's one trusted hop would have made it 198.51.100.20.
    expect(at('198.51.100.20/32')).toBe(403);
  });
});

describe('a Gateway API gateway', () => {
  const edge = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP, hostnames: [shop.example.com]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: shop}
spec:
  parentRefs: [{name: edge}]
  hostnames: [shop.example.com]
  rules: [{backendRefs: [{name: api, port: 80}]}]`;
  const viaEdge = (yaml: string[]) => decide({yaml: [edge, ...yaml], gatewayName: 'shop/edge', request: 'GET http://shop.example.com/admin'});
  const denyAdmin = (target: string) => policy('edge-no-admin', `${target}\naction: DENY\nrules:\n- to:\n  - operation:\n      paths: [/admin]`);

  it('takes a policy whose targetRefs name its Gateway', () => {
    expect(viaEdge([denyAdmin('targetRefs:\n- {group: gateway.networking.k8s.io, kind: Gateway, name: edge}')]).status).toBe(403);
    expect(viaEdge([denyAdmin('targetRefs:\n- {group: gateway.networking.k8s.io, kind: Gateway, name: other}')]).status).toBe(200);
  });

  it('is bound by a namespace-wide ALLOW of its namespace, which its external clients (no principal) cannot satisfy', () => {
    expect(viaEdge([policy('only-web', 'rules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]')]).status).toBe(403);
  });

  it('takes a selector policy on its gateway-name label (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY)', () => {
    expect(viaEdge([denyAdmin('selector:\n  matchLabels: {gateway.networking.k8s.io/gateway-name: edge}')]).status).toBe(403);
  });
});

/**
 * TCP and TLS servers at the gateway get a TCP filter chain and Envoy's RBAC network filter
 * (istio 1.30.3 pilot/pkg/networking/core/gateway.go buildGatewayListeners: createGatewayTCPFilterChainOpts
 * for what is neither IsHTTP nor IsHTTPSServerWithTLSTermination; networkfilter.go
 * buildCompleteNetworkFilters, authzBuilder.BuildTCP): L4 attributes only, a refusal resets the connection.
 */
describe('a TCP or TLS server at the gateway', () => {
  const l4 = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: l4, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 31400, name: tcp, protocol: TCP}, hosts: ['*']}
  - {port: {number: 443, name: tls, protocol: TLS}, hosts: [shop.example.com], tls: {mode: PASSTHROUGH}}
  - {port: {number: 8443, name: https, protocol: HTTPS}, hosts: [shop.example.com], tls: {mode: SIMPLE, credentialName: shop-cert}}`;
  const viaL4 = (yaml: string[], request: string, clientIp = '198.51.100.7') => decide({yaml: [l4, ...yaml], context: INGRESS, gatewayName: 'shop/l4', request, clientIp});
  const gatewayAnswer = (decision: ReturnType<typeof decide>) => (decision as {istio?: Array<{enforcer: string; protocol: string; reset: boolean; verdict: string}>}).istio!.find((a) => a.enforcer === 'gateway')!;
  const denyAdmin = atGateway('action: DENY\nrules:\n- to:\n  - operation:\n      paths: [/admin]', 'no-admin');

  it('leaves an HTTP-only field out of a DENY rule on a TCP server, so the rule refuses every connection, with a reset', () => {
    const decision = viaL4([denyAdmin], 'GET http://shop.example.com:31400/public');
    expect(decision).toMatchObject({outcome: 'unreachable', status: null, distribution: [{share: 1, connection: 'closed'}], connection: {state: 'closed', reason: 'denied by DENY istio-system/no-admin rules[0]: connection reset (TCP RBAC)'}});
    expect(gatewayAnswer(decision)).toMatchObject({protocol: 'tcp', verdict: 'denied', reset: true});
    expect(decision.trace.map((s) => s.message)).toEqual(expect.arrayContaining([expect.stringMatching(/RBAC network filter \(server port 31400 is TCP: a TCP filter chain: L4 attributes only\)/)]));
    // On the HTTP server the same rule refuses /admin only.
    expect(through([denyAdmin], {request: 'GET http://shop.example.com/public'}).status).toBe(200);
  });

  it('finds the TCP server of another Gateway selecting the same proxy (istiod merges them): the RBAC network filter decides', () => {
    // Entering through Gateway shop/public, which has no server on 31400: shop/l4's server serves that port of the same pod.
    const decision = decide({yaml: [l4, denyAdmin], context: INGRESS, gatewayName: 'shop/public', request: 'GET http://shop.example.com:31400/public', clientIp: '198.51.100.7'});
    expect(gatewayAnswer(decision)).toMatchObject({protocol: 'tcp', verdict: 'denied', reset: true});
  });

  it('skips an ALLOW rule with an HTTP-only field on a TCP server, while ipBlocks still decide', () => {
    const getOnly = atGateway('rules:\n- to:\n  - operation:\n      methods: [GET]', 'get-only');
    expect(viaL4([getOnly], 'GET http://shop.example.com:31400/')).toMatchObject({outcome: 'unreachable'});
    const fromRange = atGateway('rules:\n- from:\n  - source:\n      ipBlocks: [198.51.100.0/24]', 'from-range');
    expect(gatewayAnswer(viaL4([fromRange], 'GET http://shop.example.com:31400/'))).toMatchObject({verdict: 'allowed'});
    expect(viaL4([fromRange], 'GET http://shop.example.com:31400/', '203.0.113.9')).toMatchObject({outcome: 'unreachable'});
  });

  it('reads no x-forwarded-for on a TCP server: remote.ip is the peer whatever the trusted hops', () => {
    const meshConfig = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      gatewayTopology: {numTrustedProxies: 1}`;
    const byRemote = atGateway('rules:\n- from:\n  - source:\n      remoteIpBlocks: [192.0.2.1/32]', 'by-remote');
    const request = 'GET http://shop.example.com:31400/ -H x-forwarded-for:192.0.2.1';
    expect(viaL4([meshConfig, byRemote], request)).toMatchObject({outcome: 'unreachable'});
    expect(gatewayAnswer(through([meshConfig, byRemote], {clientIp: '198.51.100.7', request: 'GET http://shop.example.com/ -H x-forwarded-for:192.0.2.1'}))).toMatchObject({verdict: 'allowed'});
  });

  it('sees the SNI of a TLS passthrough server as connection.sni, and treats an HTTPS server that ends TLS as HTTP', () => {
    const bySni = atGateway('rules:\n- when:\n  - key: connection.sni\n    values: [shop.example.com]', 'by-sni');
    expect(gatewayAnswer(viaL4([bySni], 'GET https://shop.example.com:443/'))).toMatchObject({protocol: 'tcp', verdict: 'allowed'});
    expect(viaL4([bySni], 'GET https://other.example.com:443/')).toMatchObject({outcome: 'unreachable'});
    const terminated = viaL4([denyAdmin], 'GET https://shop.example.com:8443/admin');
    expect(gatewayAnswer(terminated)).toMatchObject({protocol: 'http', verdict: 'denied', reset: false});
    expect(terminated.status).toBe(403);
    expect(viaL4([denyAdmin], 'GET https://shop.example.com:8443/public').status).not.toBe(403);
  });
});

describe('a request the gateway refuses', () => {
  it('keeps nothing of the routing it never reached: no destination, route, retries or timeout, so a timeline sends nothing to a pod', () => {
    const withRetries = INGRESS.replace('http: [{route: [{destination: {host: api.shop.svc.cluster.local, port: {number: 80}}}]}]',
      'http: [{timeout: 2s, retries: {attempts: 3, retryOn: 5xx}, route: [{destination: {host: api.shop.svc.cluster.local, port: {number: 80}}}]}]');
    const allowlist = atGateway('rules:\n- from:\n  - source:\n      ipBlocks: [198.51.100.0/24]');
    const ask = {yaml: [allowlist], context: withRetries, gatewayName: 'shop/public', request: 'GET http://shop.example.com/', clientIp: '203.0.113.9'};
    const refused = decide(ask);
    expect(refused).toMatchObject({status: 403, destinations: [], virtualServices: [], timeout: null, retries: null});
    expect(refused.route).toBeUndefined();
    const world = new World(documents(withRetries), [documents(allowlist)]);
    const t = timeline(world, {request: parseRequest(ask.request), gateway: ask.gatewayName, clientAddress: ask.clientIp}, '*: 503', {requests: 2});
    expect(t.requests.map((r) => ({status: r.status, attempts: r.attempts.length}))).toEqual([{status: 403, attempts: 0}, {status: 403, attempts: 0}]);
    // Admitted, the route's retries reach the pods.
    const admitted = timeline(world, {request: parseRequest(ask.request), gateway: ask.gatewayName, clientAddress: '198.51.100.7'}, '*: 503', {requests: 1});
    expect(admitted.requests[0]!.attempts.length).toBe(4);
  });
});

describe('the pods behind the gateway', () => {
  it("see the gateway pod as source.ip, and the external client as remote.ip, the address the gateway appends to x-forwarded-for", () => {
    const apiFrom = (field: string, range: string) => policy('api-from', `selector:\n  matchLabels: {app: api}\nrules:\n- from:\n  - source:\n      ${field}: [${range}]`);
    const ask = (yaml: string) => answers({yaml: [yaml], context: INGRESS, gatewayName: 'shop/public', request: 'GET http://shop.example.com/ -H x-forwarded-for:192.0.2.1', clientIp: '198.51.100.7'});
    // ipBlocks at the pod: the client's range never matches, its peer is the gateway.
    expect(ask(apiFrom('ipBlocks', '198.51.100.0/24')).map((a) => a.verdict)).toEqual(['denied']);
    // remoteIpBlocks: the last x-forwarded-for entry, which the gateway appended.
    expect(ask(apiFrom('remoteIpBlocks', '198.51.100.0/24')).map((a) => a.verdict)).toEqual(['allowed']);
    expect(ask(apiFrom('remoteIpBlocks', '192.0.2.1/32')).map((a) => a.verdict)).toEqual(['denied']);
  });
});
