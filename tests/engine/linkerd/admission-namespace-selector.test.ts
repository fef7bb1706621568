/**
 * Where Linkerd's webhooks do not look: both the policy validator and the sp-validator carry the
 * chart's namespaceSelector (charts/linkerd-control-plane values.yaml, policyValidator and
 * profileValidator `namespaceSelector`: `config.linkerd.io/admission-webhooks NotIn [disabled]`),
 * so the API server never sends them an object of a namespace labelled `disabled`, such as the
 * control plane's own (templates/namespace.yaml). The engine knows a namespace's labels when the
 * input, its companions or its context hold the Namespace.
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest} from './admission-support';

const namespace = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: emojivoto\n  annotations: {linkerd.io/inject: enabled}\n${labels}`;
const disabled = namespace('  labels: {config.linkerd.io/admission-webhooks: disabled}\n');
const badServer = manifest('policy.linkerd.io/v1beta3', 'Server', '  podSelector: {matchLabels: {app: web}}\n  port: http\n  accessPolicy: allow-all\n');
const badProfile = manifest('linkerd.io/v1alpha2', 'ServiceProfile', '  routes:\n  - name: ""\n    condition: {method: GET}\n');
const badRoute = manifest('gateway.networking.k8s.io/v1', 'GRPCRoute',
  '  parentRefs: [{name: web, kind: Service, group: "", port: 8080}]\n  rules:\n  - matches: [{method: {type: RegularExpression, service: "emoji.*"}}]\n');

describe('the webhooks\' namespaceSelector (config.linkerd.io/admission-webhooks: disabled)', () => {
  it('skips a policy resource in a namespace the context labels disabled', () => {
    expect(denial(badServer)?.message).toBe(`Invalid 'accessPolicy' field: invalid mode: "allow-all"`);
    expect(denial(badServer, {context: disabled})).toBeUndefined();
  });

  it('skips a ServiceProfile there too: the sp-validator has the same selector', () => {
    expect(denial(badProfile)?.message).toBe('ServiceProfile "web" has a route with no name');
    expect(denial(badProfile, {context: disabled})).toBeUndefined();
  });

  it('skips a Gateway API route there, though the run shows Linkerd', () => {
    expect(denial(badRoute, {context: namespace('')})?.path).toBe('/spec/rules/0/matches/0/method/type');
    expect(denial(badRoute, {context: disabled})).toBeUndefined();
  });

  it('reads the Namespace from the input, where it replaces the context\'s', () => {
    expect(denial(`${disabled}---\n${badServer}`)).toBeUndefined();
    expect(denial(`${namespace('  labels: {config.linkerd.io/admission-webhooks: enabled}\n')}---\n${badServer}`, {context: disabled})?.path)
      .toBe('/spec/accessPolicy');
  });

  it('judges objects of other namespaces, and a namespace with any other value of the label (NotIn [disabled])', () => {
    const elsewhere = badServer.replace('namespace: emojivoto', 'namespace: books');
    expect(denial(elsewhere, {context: disabled})?.path).toBe('/spec/accessPolicy');
    expect(denial(badServer, {context: namespace('  labels: {config.linkerd.io/admission-webhooks: Disabled}\n')})?.path).toBe('/spec/accessPolicy');
  });

  it('skips a List item by its own namespace', () => {
    const item = '  - apiVersion: policy.linkerd.io/v1beta3\n    kind: Server\n    metadata: {name: web, namespace: NS}\n'
      + '    spec: {podSelector: {matchLabels: {app: web}}, port: http, accessPolicy: allow-all}\n';
    const list = `apiVersion: v1\nkind: List\nitems:\n${item.replace('NS', 'emojivoto')}${item.replace('NS', 'books')}`;
    expect(denial(list, {context: disabled})?.path).toBe('/items/1/spec/accessPolicy');
  });
});
