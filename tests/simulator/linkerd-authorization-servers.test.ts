/**
 * Which Server takes a port (policy-controller/k8s/index/src/inbound/index.rs
 * Pod::reindex_servers, select_ports), what the Server itself authorizes (PolicyIndex::
 * client_authzs: AuthorizationPolicies on the Server or the Namespace, `accessPolicy`), and how
 * the proxy refuses (linkerd2-proxy inbound policy: 403 on HTTP, a refused connection on opaque
 * and TLS ports; `l5d-proxy-error` only to meshed clients).
 */
import {describe, expect, it} from 'vitest';
import {apiDeployment, ask, authorizationPolicy, decide, MESHED_SHOP, SERVER_HTTP} from './linkerd-helpers';

const server = (name: string, spec: string) => `
---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: ${name}, namespace: shop}
spec: ${spec}
`;
const everyone = (name: string, target: string) => authorizationPolicy(name, target, '[]');

describe('the Server of a port', () => {
  it('selects the port by container port name, and without authorizations denies', () => {
    const answer = ask({policies: SERVER_HTTP});
    expect(answer).toMatchObject({port: 8080, server: {kind: 'Server', name: 'api-http'}, verdict: 'forbidden', status: 403});
  });

  it('selects the port by number; a Server for another port leaves this one to the default policy', () => {
    const policies = server('admin', '{podSelector: {matchLabels: {app: api}}, port: 9990}');
    expect(ask({policies, request: 'GET http://api.shop:9990/'})).toMatchObject({port: 9990, server: {name: 'admin'}, verdict: 'forbidden'});
    expect(ask({policies})).toMatchObject({port: 8080, server: {kind: 'default'}, verdict: 'allowed'});
  });

  it('follows the Service targetPort by name to the container port', () => {
    expect(ask({policies: SERVER_HTTP}).port).toBe(8080);
  });

  it('takes the oldest of two Servers selecting the same port', () => {
    const policies = server('first', '{podSelector: {matchLabels: {app: api}}, port: 8080, accessPolicy: all-unauthenticated}') +
      server('second', '{podSelector: {matchLabels: {app: api}}, port: http, accessPolicy: deny}');
    const answer = ask({policies});
    expect(answer).toMatchObject({server: {name: 'first'}, verdict: 'allowed'});
    expect(answer.trace.some((s) => s.message.includes('Server shop/second selects the same port and is skipped'))).toBe(true);
  });

  it('matches podSelector expressions and refuses what they exclude', () => {
    const policies = server('canary', '{podSelector: {matchExpressions: [{key: track, operator: In, values: [canary]}]}, port: http}');
    expect(ask({policies}).server.kind).toBe('default');
    const cluster = MESHED_SHOP + '---' + apiDeployment({}, {track: 'canary'});
    expect(ask({policies, cluster}).server).toMatchObject({kind: 'Server', name: 'canary'});
  });

  it('adds the accessPolicy as a default authorization: audit lets a refused client through, logged', () => {
    const policies = server('api-http', '{podSelector: {matchLabels: {app: api}}, port: http, accessPolicy: audit}');
    expect(ask({policies, from: 'shop/legacy'})).toMatchObject({verdict: 'allowed', audit: true});
  });

  it('prefers an explicit authorization over the audit one', () => {
    const policies = server('api-http', '{podSelector: {matchLabels: {app: api}}, port: http, accessPolicy: audit}') +
      everyone('open', '{group: policy.linkerd.io, kind: Server, name: api-http}');
    expect(ask({policies})).toMatchObject({verdict: 'allowed', audit: false, authorizedBy: {kind: 'AuthorizationPolicy', name: 'open'}});
  });

  it('applies an AuthorizationPolicy that targets the namespace to every Server in it', () => {
    const policies = SERVER_HTTP + everyone('namespace-wide', '{kind: Namespace, name: shop}');
    expect(ask({policies})).toMatchObject({verdict: 'allowed', authorizedBy: {name: 'namespace-wide'}});
  });

  it('ignores an AuthorizationPolicy that targets another Server', () => {
    const policies = SERVER_HTTP + everyone('elsewhere', '{group: policy.linkerd.io, kind: Server, name: web-http}');
    expect(ask({policies}).verdict).toBe('forbidden');
  });

  it('refuses the connection on an opaque Server, where HTTP would get a 403', () => {
    const opaque = server('api-http', '{podSelector: {matchLabels: {app: api}}, port: http, proxyProtocol: opaque}');
    expect(ask({policies: opaque})).toMatchObject({verdict: 'refused', protocol: 'opaque'});
    expect(ask({policies: opaque}).status).toBeUndefined();
    expect(decide({policies: opaque})).toMatchObject({outcome: 'unreachable', status: null});
    expect(decide({policies: SERVER_HTTP})).toMatchObject({status: 403});
  });

  it('tells only meshed clients why, in l5d-proxy-error', () => {
    expect(ask({policies: SERVER_HTTP, from: 'shop/web'}).proxyError).toBe('unauthorized request on route');
    expect(ask({policies: SERVER_HTTP, from: 'shop/legacy'}).proxyError).toBeUndefined();
  });

  it('answers a gRPC request with grpc-status 7 instead of 403', () => {
    const answer = ask({policies: SERVER_HTTP, request: "POST http://api.shop/shop.Api/List -H 'content-type: application/grpc'"});
    expect(answer).toMatchObject({verdict: 'forbidden', status: 200, grpcStatus: 7});
  });
});

describe('ServerAuthorization (deprecated, still indexed)', () => {
  const saz = (client: string, serverRef = '{name: api-http}') => `
---
apiVersion: policy.linkerd.io/v1beta1
kind: ServerAuthorization
metadata: {name: web-only, namespace: shop}
spec:
  server: ${serverRef}
  client: ${client}
`;

  it('admits the service accounts it lists, by Server name', () => {
    const policies = SERVER_HTTP + saz('{meshTLS: {serviceAccounts: [{name: web}]}}');
    expect(ask({policies, from: 'shop/web'})).toMatchObject({verdict: 'allowed', authorizedBy: {kind: 'ServerAuthorization', name: 'web-only'}});
    expect(ask({policies, from: 'ops/batch'}).verdict).toBe('forbidden');
  });

  it('selects Servers by label', () => {
    const labelled = SERVER_HTTP.replace('metadata: {name: api-http, namespace: shop}', 'metadata: {name: api-http, namespace: shop, labels: {tier: backend}}');
    const policies = labelled + saz('{meshTLS: {unauthenticatedTLS: true}}', '{selector: {matchLabels: {tier: backend}}}');
    expect(ask({policies, from: 'ops/batch'}).verdict).toBe('allowed');
    expect(ask({policies, from: 'shop/legacy'}).verdict).toBe('forbidden');
  });

  it('without networks admits only the cluster networks', () => {
    const policies = SERVER_HTTP + saz('{unauthenticated: true}');
    expect(ask({policies, from: undefined, clientIp: '10.1.2.3'}).verdict).toBe('allowed');
    expect(ask({policies, from: undefined, clientIp: '198.51.100.9'}).verdict).toBe('forbidden');
  });
});

describe('a split between pods Linkerd treats differently', () => {
  it('answers 403 for the denied share only, and says where', () => {
    const cluster = MESHED_SHOP + '---' + apiDeployment() + '---' + apiDeployment({}, {track: 'canary'}).replace('name: api, namespace: shop', 'name: api-canary, namespace: shop');
    const policies = server('canary', '{podSelector: {matchLabels: {track: canary}}, port: http}');
    const decision = decide({cluster, policies});
    expect(decision.distribution.map((e) => e.status).sort()).toEqual([200, 403]);
    expect(decision.distribution.reduce((sum, e) => sum + e.share, 0)).toBeCloseTo(1);
    expect(decision.summary).toMatch(/; Linkerd at api-canary: 403 Forbidden: no authorization on Server shop\/canary admits shop\/web$/);
  });
});
