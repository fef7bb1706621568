/**
 * linkerd.AuthorizationPolicyRefsAnalyzer: an AuthorizationPolicy whose targetRef or
 * requiredAuthenticationRefs name nothing (policy-controller/k8s/index/src/inbound/index.rs
 * client_authzs, route_client_authzs, policy_client_authz). A typo here is accepted by the API
 * server and the webhook, then silently turns into 403s (linkerd/linkerd2#13166).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const CODES = new Set(['linkerd-policy-namespace-without-servers', 'linkerd-policy-target-not-found', 'linkerd-policy-route-without-server', 'linkerd-authentication-not-found', 'linkerd-service-account-not-found']);
const ours = (text: string, options = {}) => findings(text, options).filter((f) => CODES.has(f.code));

const cluster = `apiVersion: v1
kind: Namespace
metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: gateway, namespace: ingress}
---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: web-http, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  port: http
---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata: {name: web-clients, namespace: shop}
spec:
  identityRefs: [{kind: ServiceAccount, name: web}]
---
apiVersion: policy.linkerd.io/v1alpha1
kind: NetworkAuthentication
metadata: {name: cluster-net, namespace: linkerd}
spec:
  networks: [{cidr: 10.0.0.0/8}]
---
apiVersion: policy.linkerd.io/v1beta3
kind: HTTPRoute
metadata: {name: web-api, namespace: shop}
spec:
  parentRefs: [{group: policy.linkerd.io, kind: Server, name: web-http}]
  rules: [{matches: [{path: {type: PathPrefix, value: /api}}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web-outbound, namespace: shop}
spec:
  parentRefs: [{group: core, kind: Service, name: web, port: 80}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`;
const withCluster = {context: cluster};

const policy = (targetRef: string, authn = '[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: web-clients}]') => `apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata:
  name: web-authz
  namespace: shop
spec:
  targetRef: ${targetRef}
  requiredAuthenticationRefs: ${authn}
`;

describe('an AuthorizationPolicy target that does not exist', () => {
  it('is an error at targetRef.name when the Server is missing (a typo becomes 403s)', () => {
    expect(ours(policy('{group: policy.linkerd.io, kind: Server, name: web-htp}'), withCluster)).toEqual([expect.objectContaining({
      at: '7:61', severity: 'error', code: 'linkerd-policy-target-not-found',
      message: expect.stringMatching(/^AuthorizationPolicy shop\/web-authz targets Server.policy.linkerd.io "web-htp", which does not exist in namespace shop: .*HTTP 403.*linkerd\/linkerd2#13166/),
    })]);
  });

  it('accepts a Server that exists, and a Namespace target (every Server of the namespace)', () => {
    expect(ours(policy('{group: policy.linkerd.io, kind: Server, name: web-http}'), withCluster)).toEqual([]);
    expect(ours(policy('{kind: Namespace, name: shop}'), withCluster)).toEqual([]);
  });

  it('matches a Server by its exact name, as client_authzs compares names', () => {
    expect(ours(policy('{group: policy.linkerd.io, kind: Server, name: Web-HTTP}'), withCluster).map((f) => f.code)).toEqual(['linkerd-policy-target-not-found']);
  });

  it('reads group and kind without regard to case, as targets_kind does', () => {
    expect(ours(policy('{group: POLICY.linkerd.io, kind: server, name: nope}'), withCluster).map((f) => f.code)).toEqual(['linkerd-policy-target-not-found']);
  });

  it('looks the target up in the policy\'s own namespace only', () => {
    const other = policy('{group: policy.linkerd.io, kind: Server, name: web-http}', '[]').replace('namespace: shop', 'namespace: ingress');
    expect(ours(other, withCluster).map((f) => f.message)).toEqual([expect.stringContaining('which does not exist in namespace ingress')]);
  });

  it('reports a missing Linkerd HTTPRoute and a missing Gateway API GRPCRoute', () => {
    expect(ours(policy('{group: policy.linkerd.io, kind: HTTPRoute, name: web-apii}'), withCluster).map((f) => f.message)).toEqual([
      expect.stringContaining('targets HTTPRoute.policy.linkerd.io "web-apii"'),
    ]);
    expect(ours(policy('{group: gateway.networking.k8s.io, kind: GRPCRoute, name: web-grpc}'), withCluster).map((f) => f.message)).toEqual([
      expect.stringContaining('targets GRPCRoute.gateway.networking.k8s.io "web-grpc"'),
    ]);
  });

  it('tells apart the two HTTPRoute groups: a Linkerd route does not satisfy a Gateway API target', () => {
    expect(ours(policy('{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web-api}'), withCluster).map((f) => f.code)).toEqual(['linkerd-policy-target-not-found']);
  });

  it('warns when the targeted route is attached to no Server: route authorizations apply only under a Server', () => {
    expect(ours(policy('{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web-outbound}'), withCluster)).toEqual([expect.objectContaining({
      severity: 'warning', code: 'linkerd-policy-route-without-server', message: expect.stringContaining('names no Server in its parentRefs'),
    })]);
    expect(ours(policy('{group: policy.linkerd.io, kind: HTTPRoute, name: web-api}'), withCluster)).toEqual([]);
  });

  it('warns when the targeted route is attached only to Servers that do not exist: none accepts it', () => {
    const orphan = cluster.replace('parentRefs: [{group: policy.linkerd.io, kind: Server, name: web-http}]', 'parentRefs: [{group: policy.linkerd.io, kind: Server, name: web-htp}]');
    expect(ours(policy('{group: policy.linkerd.io, kind: HTTPRoute, name: web-api}'), {context: orphan}).map((f) => f.message)).toEqual([
      expect.stringContaining('targets HTTPRoute.policy.linkerd.io "web-api", which is attached only to Server web-htp, which does not exist in namespace shop: Linkerd authorizes'),
    ]);
  });

  it('says nothing in an open world that does not know the target kind', () => {
    expect(ours(policy('{group: policy.linkerd.io, kind: Server, name: web-htp}'))).toEqual([]);
  });

  it('knows the kind in an open world when the input brings one of it', () => {
    const server = 'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: web-http, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  port: 8080\n---\n';
    expect(ours(server + policy('{group: policy.linkerd.io, kind: Server, name: web-htp}')).map((f) => f.code)).toEqual(['linkerd-policy-target-not-found']);
    // A Gateway API HTTPRoute in the input says nothing of Linkerd's HTTPRoutes.
    const gatewayRoute = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: shop}\nspec:\n  parentRefs: [{name: gw}]\n---\n';
    expect(ours(gatewayRoute + policy('{group: policy.linkerd.io, kind: HTTPRoute, name: web-api}'))).toEqual([]);
  });
});

describe('a namespace target in a namespace without Servers', () => {
  it('warns: namespace-wide policies reach only ports a Server selects (index.rs client_authzs)', () => {
    const noServers = cluster.replace(/apiVersion: policy.linkerd.io\/v1beta3\nkind: Server\n[\s\S]*?port: http\n---\n/, '');
    expect(ours(policy('{kind: Namespace, name: shop}'), {context: noServers})).toEqual([expect.objectContaining({
      at: '7:38', severity: 'warning', code: 'linkerd-policy-namespace-without-servers',
      message: expect.stringContaining('AuthorizationPolicy shop/web-authz targets namespace shop, which has no Server'),
    })]);
    expect(ours(policy('{kind: Namespace, name: shop}'), withCluster)).toEqual([]);
  });

  it('says nothing in an open world that brings no Server', () => {
    expect(ours(policy('{kind: Namespace, name: shop}', '[]'))).toEqual([]);
  });
});

describe('requiredAuthenticationRefs that do not exist', () => {
  const target = '{group: policy.linkerd.io, kind: Server, name: web-http}';

  it('is an error at the ref when the MeshTLSAuthentication is missing: the controller ignores the whole policy', () => {
    expect(ours(policy(target, '[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: web-client}]'), withCluster)).toEqual([expect.objectContaining({
      at: '8:94', severity: 'error', code: 'linkerd-authentication-not-found',
      message: expect.stringContaining('requires MeshTLSAuthentication "web-client", which does not exist in namespace shop: the policy controller ignores the whole policy ("could not find MeshTLSAuthentication web-client in namespace shop")'),
    })]);
  });

  it('resolves a ref without namespace in the policy\'s namespace, and one with a namespace there', () => {
    expect(ours(policy(target, '[{group: policy.linkerd.io, kind: NetworkAuthentication, name: cluster-net}]'), withCluster).map((f) => f.message)).toEqual([
      expect.stringContaining('requires NetworkAuthentication "cluster-net", which does not exist in namespace shop'),
    ]);
    expect(ours(policy(target, '[{group: policy.linkerd.io, kind: NetworkAuthentication, name: cluster-net, namespace: linkerd}]'), withCluster)).toEqual([]);
  });

  it('reports a ServiceAccount that does not exist, with the identity no client can present', () => {
    expect(ours(policy(target, '[{kind: ServiceAccount, name: gateway}]'), withCluster)).toEqual([expect.objectContaining({
      severity: 'error', code: 'linkerd-service-account-not-found',
      message: expect.stringContaining('names ServiceAccount "gateway", which does not exist in namespace shop: no workload can present its identity gateway.shop.serviceaccount.identity.linkerd.cluster.local'),
    })]);
    expect(ours(policy(target, '[{kind: ServiceAccount, name: gateway, namespace: ingress}]'), withCluster)).toEqual([]);
  });

  it('counts every namespace\'s default ServiceAccount as existing', () => {
    expect(ours(policy(target, '[{kind: ServiceAccount, name: default}]'), withCluster)).toEqual([]);
  });

  it('says nothing of authentications an open world does not know', () => {
    expect(ours(policy(target, '[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: web-client}, {kind: ServiceAccount, name: nobody}]'))).toEqual([]);
  });
});
