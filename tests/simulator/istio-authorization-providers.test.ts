/**
 * CUSTOM policies against the mesh config's extensionProviders (istio-authz/providers.ts), as
 * istiod 1.30.3 builds them (pilot/pkg/security/authz/builder/extauthz.go processExtensionProvider,
 * getExtAuthz; builder.go buildHTTP, getBadCustomDenyRules): a provider the mesh config defines as
 * ext_authz gets the request; an undefined one, one of another type, one with errors, or several
 * providers at one proxy turn the enforced policy's rules into DENY rules.
 */
import {describe, expect, it} from 'vitest';
import {ask, MESH_CONFIG_WITH_OPA, policy} from './istio-authz-helpers';

const custom = (provider: string, annotations?: Record<string, string>) =>
  policy(`ext-${provider}`, `action: CUSTOM\nprovider: {name: ${provider}}\nrules:\n- to:\n  - operation:\n      paths: ["/admin*"]`, {annotations});
const meshConfig = (providers: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    extensionProviders:
${providers.split('\n').map((l) => `    ${l}`).join('\n')}`;
const ADMIN = 'GET http://api.shop/admin/users';

describe('CUSTOM providers from the mesh config', () => {
  it('an ext_authz provider the mesh config defines (HTTP or gRPC) decides', () => {
    expect(ask({yaml: [MESH_CONFIG_WITH_OPA, custom('opa')], request: ADMIN})).toMatchObject({verdict: 'ext-authz', provider: 'opa'});
    expect(ask({yaml: [MESH_CONFIG_WITH_OPA, custom('grpc-authz')], request: ADMIN})).toMatchObject({verdict: 'ext-authz', provider: 'grpc-authz'});
  });

  it('a provider the mesh config lacks: the matching request is denied, naming the providers there are', () => {
    const answer = ask({yaml: custom('opa'), request: ADMIN});
    expect(answer).toMatchObject({verdict: 'denied', status: 403, decidedBy: {name: 'ext-opa', action: 'CUSTOM', rule: 0}});
    expect(answer.summary).toMatch(/^denied by CUSTOM shop\/ext-opa rules\[0\]: istiod cannot use its provider \(available providers are \[\] but found "opa"/);
    expect(answer.summary).toMatch(/ \(istiod's default mesh config \(no ConfigMap istio-system\/istio\)\)\), so it made/);
    // A request the rules do not match is untouched: no deny rule matches it.
    expect(ask({yaml: custom('opa'), request: 'GET http://api.shop/public'})).toMatchObject({verdict: 'allowed'});
  });

  it('a mesh config istiod cannot use leaves the defaults, which define no provider, and the answer says why', () => {
    const answer = ask({yaml: [meshConfig('- name: opa\n  envoyExtAuthzHttp: {service: opa.opa.svc.cluster.local, port: [unclosed'), custom('opa')], request: ADMIN});
    expect(answer).toMatchObject({verdict: 'denied', status: 403});
    expect(answer.summary).toMatch(/available providers are \[\] but found "opa" \(istiod's default mesh config \(ConfigMap istio-system\/istio's data\.mesh is not YAML: /);
  });

  it('a provider of another type (a tracing or logging one) is not an ext_authz provider', () => {
    expect(ask({yaml: custom('envoy'), request: ADMIN}).summary).toMatch(/available providers are \[\] but found "envoy"/);
    const yaml = [meshConfig('- name: zipkin\n  zipkin: {service: zipkin.istio-system.svc.cluster.local, port: 9411}'), custom('zipkin')];
    expect(ask({yaml, request: ADMIN})).toMatchObject({verdict: 'denied'});
  });

  it('a provider with errors denies too: a port out of range, an uppercase name', () => {
    const badPort = [meshConfig('- name: opa\n  envoyExtAuthzHttp: {service: opa.opa.svc.cluster.local, port: 0}'), custom('opa')];
    expect(ask({yaml: badPort, request: ADMIN}).summary).toMatch(/found errors in provider opa: failed to parse extension provider "opa": port must be in the range \[1, 65535\], found: 0/);
    const upper = [meshConfig('- name: Opa\n  envoyExtAuthzHttp: {service: opa.opa.svc.cluster.local, port: 8181}'), custom('Opa')];
    expect(ask({yaml: upper, request: ADMIN}).summary).toMatch(/uppercase letters not allowed \(use lowercase\): character 'O' at position 0/);
  });

  it('two providers at one proxy deny for both: PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS is off by default', () => {
    const answer = ask({yaml: [MESH_CONFIG_WITH_OPA, custom('opa'), custom('grpc-authz')], request: ADMIN});
    expect(answer).toMatchObject({verdict: 'denied', status: 403});
    expect(answer.summary).toMatch(/multiple CUSTOM authorization providers per workload requires PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS feature flag, found 2 providers: \[grpc-authz opa\]/);
  });

  it('a dry-run CUSTOM policy with an unusable provider gets no filter at all: nothing is denied', () => {
    expect(ask({yaml: custom('opa', {'istio.io/dry-run': 'true'}), request: ADMIN})).toMatchObject({verdict: 'allowed'});
  });
});
