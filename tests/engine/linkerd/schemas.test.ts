/**
 * Linkerd 2.20's kinds as an API server with `linkerd install --crds` applied judges them:
 * schemas with strict fields, deprecated versions served with the CRD's deprecation warning,
 * kubectl's "no matches" for kinds it does not serve. Linkerd's CRDs carry no CEL rules; its
 * policy controller's admission webhook has its own tests (admission-*.test.ts).
 */
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../../src/engine/index';
import {familyOfGroup} from '../../../src/engine/families/registry';
import {isLabYaml, labSummary} from '../../../src/labs/code-block-meta';

function diagnostics(apiVersion: string, kind: string, spec: Record<string, unknown>) {
  const text = JSON.stringify({apiVersion, kind, metadata: {name: 'web', namespace: 'emojivoto'}, spec});
  return validateYaml(text).diagnostics.map((d) => ({severity: d.severity, code: d.code, path: d.path, message: d.message}));
}

const server = {podSelector: {matchLabels: {app: 'web'}}, port: 'http', proxyProtocol: 'HTTP/1'};

describe('Linkerd Server', () => {
  it('is accepted at the storage version v1beta3 with nothing to say', () => {
    expect(diagnostics('policy.linkerd.io/v1beta3', 'Server', server)).toEqual([]);
  });

  it('at v1beta1 is accepted with the API server\'s deprecation warning, in the CRD\'s words', () => {
    expect(diagnostics('policy.linkerd.io/v1beta1', 'Server', server)).toEqual([{
      severity: 'warning', code: 'deprecated-version', path: '/apiVersion',
      message: 'policy.linkerd.io/v1beta1 Server is deprecated; use policy.linkerd.io/v1beta3 Server',
    }]);
  });

  it('refuses fields its schema does not have (the proxy protocol is free text to the API server, judged by the webhook)', () => {
    const found = diagnostics('policy.linkerd.io/v1beta3', 'Server', {...server, proxyProtocl: 'HTTP/2', port: 8080});
    expect(found).toEqual([expect.objectContaining({severity: 'error', code: 'unknown-field', path: '/spec/proxyProtocl', message: expect.stringContaining('did you mean "proxyProtocol"')})]);
    expect(diagnostics('policy.linkerd.io/v1beta3', 'Server', {...server, proxyProtocol: 'HTTP/3'}).map((d) => d.code)).toEqual(['linkerd-admission']);
  });

  it('needs a pod selector or an external workload selector at v1beta3, not both', () => {
    const {podSelector: _none, ...portOnly} = server;
    // Neither: "Found none valid", with the best (first) failing branch's error (a Required value, which also holds CEL back).
    expect(diagnostics('policy.linkerd.io/v1beta3', 'Server', portOnly).filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      'spec.podSelector: Required value',
      '<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid',
    ]);
    const both = diagnostics('policy.linkerd.io/v1beta3', 'Server', {...server, externalWorkloadSelector: {matchLabels: {app: 'vm'}}});
    expect(both.map((d) => d.message)).toEqual(['<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives']);
  });
});

describe('Linkerd ServiceProfile and the other kinds', () => {
  it('accepts a ServiceProfile with routes and a retry budget', () => {
    const spec = {
      routes: [{name: 'GET /api/list', condition: {method: 'GET', pathRegex: '/api/list'}, isRetryable: true, timeout: '300ms'}],
      retryBudget: {retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s'},
    };
    expect(diagnostics('linkerd.io/v1alpha2', 'ServiceProfile', spec)).toEqual([]);
  });

  it('judges Linkerd\'s HTTPRoute by its own schema, not the Gateway API\'s', () => {
    const spec = {parentRefs: [{name: 'web', kind: 'Server', group: 'policy.linkerd.io'}], rules: [{matches: [{path: {value: '/api', type: 'PathPrefix'}}]}]};
    expect(diagnostics('policy.linkerd.io/v1beta3', 'HTTPRoute', spec)).toEqual([]);
    // The Gateway API's HTTPRoute has no v1beta3, and Linkerd's has no v1.
    expect(diagnostics('policy.linkerd.io/v1', 'HTTPRoute', spec)).toEqual([expect.objectContaining({code: 'unknown-kind', message: expect.stringMatching(/HTTPRoute is served as policy\.linkerd\.io\/v1alpha1, .*policy\.linkerd\.io\/v1beta3$/)})]);
  });

  it('says kubectl\'s "no matches" for a kind Linkerd does not serve, with the nearest name', () => {
    expect(diagnostics('policy.linkerd.io/v1beta3', 'Servr', {})).toEqual([expect.objectContaining({severity: 'error', code: 'unknown-kind', message: expect.stringContaining('did you mean "Server"?')})]);
  });

  it('owns every group under linkerd.io', () => {
    expect(familyOfGroup('policy.linkerd.io')?.name).toBe('linkerd');
    expect(familyOfGroup('linkerd.io')?.name).toBe('linkerd');
    expect(familyOfGroup('polcy.linkerd.io')?.name).toBe('linkerd');
  });
});

describe('labs', () => {
  it('are made of Linkerd and Gateway API YAML blocks, named after their family', () => {
    const linkerdBlock = 'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: web\n';
    const gatewayBlock = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n';
    expect(isLabYaml(linkerdBlock)).toBe(true);
    expect(labSummary(linkerdBlock).family).toBe('Linkerd');
    expect(labSummary(linkerdBlock).judgedAs).toBe('Linkerd 2.20');
    expect(isLabYaml(gatewayBlock)).toBe(true);
    expect(labSummary(gatewayBlock).family).toBe('Gateway API');
    expect(labSummary(gatewayBlock).judgedAs).toBe('Gateway API v1.5.1');
  });
});
