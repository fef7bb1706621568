/**
 * linkerd.ServerAuthorizationServerAnalyzer: a ServerAuthorization (deprecated) that selects no
 * Server, or names client ServiceAccounts that do not exist (policy-controller/k8s/index/src/
 * inbound/server_authorization.rs ServerSelector::selects, client_mtls_authn).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const CODES = new Set(['linkerd-serverauthorization-selects-no-server', 'linkerd-service-account-not-found']);
const ours = (text: string, options = {}) => findings(text, options).filter((f) => CODES.has(f.code));

const cluster = `apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: web-http, namespace: shop, labels: {tier: front}}
spec:
  podSelector: {matchLabels: {app: web}}
  port: 8080
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
`;

const saz = (server: string, client = '{unauthenticated: true}') => `apiVersion: policy.linkerd.io/v1beta1
kind: ServerAuthorization
metadata:
  name: web-authz
  namespace: shop
spec:
  server: ${server}
  client: ${client}
`;

describe('a ServerAuthorization that selects no Server', () => {
  it('warns at server.name when no Server of its namespace has the name, and suggests an AuthorizationPolicy', () => {
    expect(ours(saz('{name: web-htp}'), {context: cluster})).toEqual([expect.objectContaining({
      at: '7:18', severity: 'warning', code: 'linkerd-serverauthorization-selects-no-server',
      message: expect.stringMatching(/^ServerAuthorization shop\/web-authz selects no Server in namespace shop \(name web-htp\): it authorizes nothing\. ServerAuthorization is deprecated/),
    })]);
    expect(ours(saz('{name: web-http}'), {context: cluster})).toEqual([]);
  });

  it('matches a selector against the Servers\' own labels', () => {
    expect(ours(saz('{selector: {matchLabels: {tier: back}}}'), {context: cluster}).map((f) => f.message)).toEqual([expect.stringContaining('(selector tier=back)')]);
    expect(ours(saz('{selector: {matchLabels: {tier: front}}}'), {context: cluster})).toEqual([]);
  });

  it('takes an absent selector as selecting every Server of the namespace', () => {
    expect(ours(saz('{}'), {context: cluster})).toEqual([]);
    expect(ours(saz('{}'), {context: cluster.replace('namespace: shop, labels', 'namespace: other, labels')}).map((f) => f.code)).toEqual(['linkerd-serverauthorization-selects-no-server']);
  });

  it('says nothing in an open world that brings no Server', () => {
    expect(ours(saz('{name: web-htp}'))).toEqual([]);
  });
});

describe('client service accounts that do not exist', () => {
  it('reports each missing one, its namespace defaulting to the ServerAuthorization\'s', () => {
    const client = '{meshTLS: {serviceAccounts: [{name: web}, {name: wbe}, {name: web, namespace: shop}]}}';
    expect(ours(saz('{name: web-http}', client), {context: cluster})).toEqual([expect.objectContaining({
      code: 'linkerd-service-account-not-found', message: expect.stringContaining('ServerAuthorization shop/web-authz names ServiceAccount "wbe", which does not exist in namespace shop'),
    })]);
  });
});
