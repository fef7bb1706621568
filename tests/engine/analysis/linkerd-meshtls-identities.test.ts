/**
 * linkerd.MeshTLSIdentitiesAnalyzer: MeshTLSAuthentication identities that no workload can
 * present (policy-controller/k8s/index/src/inbound/meshtls_authentication.rs try_from_resource,
 * cluster_info.rs service_account_identity and namespace_identity).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const CODES = new Set(['linkerd-service-account-not-found', 'linkerd-identity-namespace-not-found']);
const ours = (text: string, options = {}) => findings(text, options).filter((f) => CODES.has(f.code));

const cluster = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: ingress}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: gateway, namespace: ingress}
spec:
  selector: {matchLabels: {app: gateway}}
  template:
    metadata: {labels: {app: gateway}}
    spec: {serviceAccountName: edge, containers: [{name: gw, image: gw}]}
`;

const authn = (spec: string) => `apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata:
  name: clients
  namespace: shop
spec:
${spec}`;

describe('identityRefs to ServiceAccounts', () => {
  it('is an error at the ref\'s name when the ServiceAccount does not exist in its namespace (default: the authentication\'s)', () => {
    expect(ours(authn('  identityRefs:\n  - {kind: ServiceAccount, name: wbe}\n'), {context: cluster})).toEqual([expect.objectContaining({
      at: '8:34', severity: 'error', code: 'linkerd-service-account-not-found',
      message: expect.stringContaining('MeshTLSAuthentication shop/clients names ServiceAccount "wbe", which does not exist in namespace shop: no workload can present its identity wbe.shop.serviceaccount.identity.linkerd.cluster.local'),
    })]);
    expect(ours(authn('  identityRefs:\n  - {kind: ServiceAccount, name: web}\n'), {context: cluster})).toEqual([]);
  });

  it('counts a ServiceAccount a workload runs as, and each namespace\'s default, as existing', () => {
    expect(ours(authn('  identityRefs:\n  - {kind: ServiceAccount, name: edge, namespace: ingress}\n  - {kind: ServiceAccount, name: default, namespace: ingress}\n'), {context: cluster})).toEqual([]);
    expect(ours(authn('  identityRefs:\n  - {kind: ServiceAccount, name: web, namespace: ingress}\n'), {context: cluster}).map((f) => f.message)).toEqual([
      expect.stringContaining('names ServiceAccount "web", which does not exist in namespace ingress'),
    ]);
  });

  it('leaves alone namespaces the run does not hold', () => {
    expect(ours(authn('  identityRefs:\n  - {kind: ServiceAccount, name: app, namespace: payments}\n'), {context: cluster})).toEqual([]);
  });

  it('says nothing in an open world that brings no ServiceAccount', () => {
    expect(ours(authn('  identityRefs:\n  - {kind: ServiceAccount, name: wbe}\n'))).toEqual([]);
  });
});

describe('identityRefs to Namespaces and identities written out', () => {
  it('reports a Namespace that does not exist (its *.ns identity never matches)', () => {
    expect(ours(authn('  identityRefs:\n  - {kind: Namespace, name: ingres}\n'), {context: cluster})).toEqual([expect.objectContaining({
      code: 'linkerd-identity-namespace-not-found',
      message: 'MeshTLSAuthentication shop/clients names namespace "ingres", which does not exist: no workload can present an identity *.ingres.serviceaccount.identity.linkerd.cluster.local, so it never authenticates a client',
    })]);
    expect(ours(authn('  identityRefs:\n  - {kind: Namespace, name: ingress}\n'), {context: cluster})).toEqual([]);
  });

  it('reads identities in the default install\'s form, exact and namespace wildcards, at the entry', () => {
    const spec = '  identities:\n  - wbe.shop.serviceaccount.identity.linkerd.cluster.local\n  - "*.ingres.serviceaccount.identity.linkerd.cluster.local"\n  - web.shop.serviceaccount.identity.linkerd.cluster.local\n  - "*"\n  - spiffe://example.org/anything\n';
    expect(ours(authn(spec), {context: cluster}).map(({at, code}) => ({at, code}))).toEqual([
      {at: '8:5', code: 'linkerd-service-account-not-found'},
      {at: '9:5', code: 'linkerd-identity-namespace-not-found'},
    ]);
  });
});
