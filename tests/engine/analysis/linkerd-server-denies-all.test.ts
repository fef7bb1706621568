/**
 * linkerd.ServerDeniesAllAnalyzer: a Server that nothing authorizes refuses every client. A
 * Server's authorizations are the ServerAuthorizations selecting it, the AuthorizationPolicies
 * targeting it or its namespace, its accessPolicy's, and those of policies on routes attached to
 * it (policy-controller/k8s/index/src/inbound/index.rs client_authzs, http_routes; defaults.rs
 * default_authzs: `deny` authorizes nobody; policy-test/tests/e2e_authorization_policy.rs
 * targets_route: a route without authorizations on a Server with none answers 403).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const ours = (text: string, options = {}) => findings(text, options).filter((f) => f.code === 'linkerd-server-denies-all');

const cluster = `apiVersion: v1
kind: Namespace
metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata: {name: web-clients, namespace: shop}
spec:
  identities: ["*"]
`;

const server = (extra = '') => `apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata:
  name: web-http
  namespace: shop
  labels: {tier: front}
spec:
  podSelector: {matchLabels: {app: web}}
  port: http
${extra}`;

const policy = (target: string, authn = '[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: web-clients}]') => `---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: allow, namespace: shop}
spec:
  targetRef: ${target}
  requiredAuthenticationRefs: ${authn}
`;

describe('a Server no policy lets any client through', () => {
  it('warns that every request is refused when nothing authorizes it (accessPolicy defaults to deny)', () => {
    expect(ours(server(), {context: cluster})).toEqual([expect.objectContaining({
      at: '4:9', severity: 'warning',
      message: 'Server shop/web-http (port http of pods app=web) has accessPolicy deny (the default) and no AuthorizationPolicy, ServerAuthorization or authorized route allows any client: ' +
        'every request is refused (HTTP 403; other TCP connections are closed). Add an AuthorizationPolicy with targetRef {group: policy.linkerd.io, kind: Server, name: web-http}, ' +
        'or set accessPolicy to a policy that allows (e.g. all-authenticated)',
    })]);
  });

  it('points at an explicit accessPolicy: deny', () => {
    expect(ours(server('  accessPolicy: deny\n'), {context: cluster}).map((f) => f.at)).toEqual(['10:17']);
  });

  it('is satisfied by an accessPolicy that allows', () => {
    for (const allowing of ['all-authenticated', 'all-unauthenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'audit']) {
      expect(ours(server(`  accessPolicy: ${allowing}\n`), {context: cluster})).toEqual([]);
    }
  });

  it('is satisfied by an AuthorizationPolicy targeting the Server or the namespace', () => {
    expect(ours(server() + policy('{group: policy.linkerd.io, kind: Server, name: web-http}'), {context: cluster})).toEqual([]);
    expect(ours(server() + policy('{kind: Namespace, name: shop}'), {context: cluster})).toEqual([]);
    expect(ours(server() + policy('{group: policy.linkerd.io, kind: Server, name: other}'), {context: cluster})).toHaveLength(1);
  });

  it('does not count a policy whose MeshTLSAuthentication is missing: the controller ignores it', () => {
    const broken = policy('{group: policy.linkerd.io, kind: Server, name: web-http}', '[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: missing}]');
    expect(ours(server() + broken, {context: cluster}).map((f) => f.message)).toEqual([
      expect.stringContaining('allows any client (the policy controller ignores AuthorizationPolicy allow: an authentication it requires does not exist): every request is refused'),
    ]);
  });

  it('is satisfied by a ServerAuthorization selecting it by name or by its labels', () => {
    const saz = (selector: string) => `---\napiVersion: policy.linkerd.io/v1beta1\nkind: ServerAuthorization\nmetadata: {name: saz, namespace: shop}\nspec:\n  server: ${selector}\n  client: {unauthenticated: true}\n`;
    expect(ours(server() + saz('{name: web-http}'), {context: cluster})).toEqual([]);
    expect(ours(server() + saz('{selector: {matchLabels: {tier: front}}}'), {context: cluster})).toEqual([]);
    expect(ours(server() + saz('{selector: {matchLabels: {tier: back}}}'), {context: cluster})).toHaveLength(1);
  });

  it('is satisfied by a policy on a route attached to it, not by one on a route elsewhere', () => {
    const route = (parent: string) => `---\napiVersion: policy.linkerd.io/v1beta3\nkind: HTTPRoute\nmetadata: {name: web-api, namespace: shop}\nspec:\n  parentRefs: [${parent}]\n`;
    const onRoute = policy('{group: policy.linkerd.io, kind: HTTPRoute, name: web-api}');
    expect(ours(server() + route('{group: policy.linkerd.io, kind: Server, name: web-http}') + onRoute, {context: cluster})).toEqual([]);
    expect(ours(server() + route('{group: policy.linkerd.io, kind: Server, name: other}') + onRoute, {context: cluster})).toHaveLength(1);
    // A parentRef with a port is refused by the index (routes.rs InvalidParentRef::SpecifiesPort).
    expect(ours(server() + route('{group: policy.linkerd.io, kind: Server, name: web-http, port: 8080}') + onRoute, {context: cluster})).toHaveLength(1);
  });

  it('says nothing in an open world that brings no AuthorizationPolicy or ServerAuthorization', () => {
    expect(ours(server())).toEqual([]);
    expect(ours(server() + policy('{group: policy.linkerd.io, kind: Server, name: other}', '[]'))).toHaveLength(1);
  });

  it('leaves a Server that selects no pod to linkerd.ServerSelectorAnalyzer', () => {
    expect(ours(server().replace('{app: web}', '{app: nothing}'), {context: cluster})).toEqual([]);
  });
});
