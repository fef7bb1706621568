/**
 * Ports no Server selects: the default inbound policy (policy-controller/k8s/index/src/defaults.rs
 * DefaultPolicy::default_authzs; inbound/index.rs PolicyIndex::default_inbound_server), from the
 * pod template's `config.linkerd.io/default-inbound-policy`, else the namespace's, else the
 * cluster's `all-unauthenticated`.
 */
import {describe, expect, it} from 'vitest';
import {apiDeployment, ask, authorizationPolicy, decide, MESHED_SHOP, SERVER_HTTP, shopWithDefault} from './linkerd-helpers';

const EXTERNAL = '203.0.113.7';

describe('default inbound policies', () => {
  it('all-unauthenticated (the cluster default) admits an unmeshed client from outside the cluster', () => {
    const answer = ask({clientIp: EXTERNAL, from: undefined});
    expect(answer).toMatchObject({verdict: 'allowed', server: {kind: 'default', policy: 'all-unauthenticated', from: 'cluster'}, authorizedBy: {kind: 'default', name: 'all-unauthenticated'}});
  });

  it('all-authenticated admits a meshed client and answers 403 to an unmeshed one', () => {
    const cluster = shopWithDefault('all-authenticated');
    expect(ask({cluster, from: 'shop/web'})).toMatchObject({verdict: 'allowed', server: {policy: 'all-authenticated', from: 'namespace'}});
    expect(ask({cluster, from: 'shop/legacy'})).toMatchObject({verdict: 'forbidden', status: 403});
  });

  it('cluster-authenticated requires both an identity and an address in the cluster networks', () => {
    const cluster = shopWithDefault('cluster-authenticated');
    expect(ask({cluster, from: 'shop/web'}).verdict).toBe('allowed');
    expect(ask({cluster, from: 'shop/web', clientIp: EXTERNAL}).verdict).toBe('forbidden');
    expect(ask({cluster, from: 'shop/legacy'}).verdict).toBe('forbidden');
  });

  it('cluster-unauthenticated admits unmeshed pods of the cluster, not clients outside it', () => {
    const cluster = shopWithDefault('cluster-unauthenticated');
    expect(ask({cluster, from: 'shop/legacy'}).verdict).toBe('allowed');
    expect(ask({cluster, from: undefined, clientIp: '192.168.4.20'}).verdict).toBe('allowed');
    expect(ask({cluster, from: undefined, clientIp: EXTERNAL})).toMatchObject({verdict: 'forbidden', status: 403});
  });

  it('deny refuses every client, meshed or not', () => {
    const cluster = shopWithDefault('deny');
    expect(ask({cluster, from: 'shop/web'})).toMatchObject({verdict: 'forbidden', status: 403, proxyError: 'unauthorized request on route'});
    expect(ask({cluster, from: 'shop/legacy'})).toMatchObject({verdict: 'forbidden', status: 403});
  });

  it('audit lets everything through and says it is logged', () => {
    const answer = ask({cluster: shopWithDefault('audit'), from: 'shop/legacy'});
    expect(answer).toMatchObject({verdict: 'allowed', audit: true, authorizedBy: {kind: 'default', name: 'audit'}});
  });

  it('the pod template annotation wins over the namespace one', () => {
    const cluster = shopWithDefault('deny').replace(apiDeployment(), apiDeployment({'config.linkerd.io/default-inbound-policy': 'all-unauthenticated'}));
    expect(ask({cluster, from: 'shop/legacy'})).toMatchObject({verdict: 'allowed', server: {policy: 'all-unauthenticated', from: 'pod'}});
  });

  it('an unknown value is ignored (DefaultPolicy::from_str fails): the cluster default applies', () => {
    const cluster = MESHED_SHOP + '---' + apiDeployment({'config.linkerd.io/default-inbound-policy': 'all_authenticated'});
    expect(ask({cluster, from: 'shop/legacy'})).toMatchObject({verdict: 'allowed', server: {policy: 'all-unauthenticated', from: 'cluster'}});
  });

  it('a port in proxy-require-identity-inbound-ports turns an allowing default into its authenticated form', () => {
    const cluster = MESHED_SHOP + '---' + apiDeployment({'config.linkerd.io/proxy-require-identity-inbound-ports': '8080'});
    expect(ask({cluster, from: 'shop/legacy'})).toMatchObject({verdict: 'forbidden', server: {policy: 'all-authenticated'}});
    expect(ask({cluster, from: 'shop/web'}).verdict).toBe('allowed');
  });

  it('an AuthorizationPolicy on the namespace does not open a port that no Server selects', () => {
    const policies = authorizationPolicy('everyone', '{kind: Namespace, name: shop}', '[]');
    expect(ask({cluster: shopWithDefault('deny'), policies, from: 'shop/web'}).verdict).toBe('forbidden');
  });

  it('an opaque port refuses the connection instead of answering 403', () => {
    const cluster = shopWithDefault('deny').replace(apiDeployment(), apiDeployment({'config.linkerd.io/opaque-ports': '8080'}));
    const decision = decide({cluster, from: 'shop/web'});
    expect(decision).toMatchObject({outcome: 'unreachable', status: null, distribution: []});
    expect(decision.summary).toMatch(/^Linkerd: connection refused/);
  });

  it('closes the client\'s connection when its own proxy forwards it as opaque TCP too: no HTTP status, not even 502', () => {
    const cluster = shopWithDefault('deny').replace(apiDeployment(), apiDeployment({'config.linkerd.io/opaque-ports': '8080'}))
      .replace('metadata: {name: api, namespace: shop}\nspec:', 'metadata: {name: api, namespace: shop, annotations: {config.linkerd.io/opaque-ports: "80"}}\nspec:');
    const decision = decide({cluster, from: 'shop/web'});
    expect(decision).toMatchObject({outcome: 'unreachable', status: null, connection: {proxy: 'linkerd', protocol: 'tcp', state: 'closed', reason: expect.stringMatching(/^connection refused/)},
      distribution: [{share: 1, connection: 'closed'}]});
    expect(decision.distribution[0]!.status).toBeUndefined();
  });

  it('leaves destinations Linkerd does not mesh alone', () => {
    const cluster = MESHED_SHOP.replace('{name: shop, annotations: {linkerd.io/inject: enabled}}', '{name: shop}') + '---' + apiDeployment();
    const decision = decide({cluster, from: 'shop/web'});
    expect((decision as {linkerd?: unknown}).linkerd).toBeUndefined();
    expect(decision.status).toBe(200);
  });

  it('authorizes the kubelet\'s probe paths from the probe networks even under deny, and nothing else', () => {
    const probed = apiDeployment().replace('        ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9990}]',
      '        ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9990}]\n        readinessProbe: {httpGet: {port: HTTP, path: "/ready?full=1"}}');
    const cluster = shopWithDefault('deny').replace(apiDeployment(), probed);
    expect(ask({cluster, from: undefined, clientIp: EXTERNAL, request: 'GET http://api.shop/ready'})).toMatchObject({verdict: 'allowed', route: {kind: 'default', name: 'probe'}, authorizedBy: {name: 'probe'}});
    expect(ask({cluster, from: undefined, clientIp: EXTERNAL, request: 'POST http://api.shop/ready'}).verdict).toBe('forbidden');
    expect(ask({cluster, from: undefined, clientIp: EXTERNAL, request: 'GET http://api.shop/ready/more'}).verdict).toBe('forbidden');
    // A Server keeps the probe route while it has no routes; an attached HTTPRoute replaces both.
    expect(ask({cluster, policies: SERVER_HTTP, from: undefined, clientIp: EXTERNAL, request: 'GET http://api.shop/ready'}).verdict).toBe('allowed');
    const catchAll = `${SERVER_HTTP}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: all, namespace: shop}
spec:
  parentRefs: [{group: policy.linkerd.io, kind: Server, name: api-http}]
`;
    expect(ask({cluster, policies: catchAll, from: undefined, clientIp: EXTERNAL, request: 'GET http://api.shop/ready'})).toMatchObject({verdict: 'forbidden', route: {name: 'all'}});
  });
});
