/**
 * Where Linkerd's webhook denials point, deep in a resource and past the first entry of every
 * list: the rules build a denial's JSON pointer from the steps to its field only when they deny
 * (admission/deny.ts `at`), so these pin each step (rule, match, filter, entry, field) and the
 * escaping of keys. The messages are the webhook's (policy-controller/runtime/src/admission.rs,
 * k8s/index routes/http.rs and routes/grpc.rs).
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest} from './admission-support';

const GATEWAY = 'gateway.networking.k8s.io';
const meshedNamespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: emojivoto\n  annotations:\n    linkerd.io/inject: enabled\n';
const inLinkerd = (text: string) => denial(text, {context: meshedNamespace, analysis: false});
const service = '{name: web, kind: Service, group: "", port: 80}';
const okRule = '  - matches: [{path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: web, port: 80}]\n';

describe('Gateway API routes', () => {
  const http = (rules: string, parents = service) => manifest(`${GATEWAY}/v1`, 'HTTPRoute', `  parentRefs: [${parents}]\n  rules:\n${okRule}${rules}`);

  it('points at a header of the second match of the second rule', () => {
    expect(inLinkerd(http('  - matches:\n    - {path: {type: PathPrefix, value: /a}}\n    - headers: [{name: x-ok, value: a}, {name: x-bad, value: "b\\u0000"}]\n')))
      .toEqual({path: '/spec/rules/1/matches/1/headers/1/value', message: 'failed to parse header value'});
  });

  it('points at a query parameter regex', () => {
    expect(inLinkerd(http('  - matches:\n    - queryParams: [{name: a, value: b}, {type: RegularExpression, name: q, value: "[z-a]"}]\n'))?.path)
      .toBe('/spec/rules/1/matches/0/queryParams/1/value');
  });

  it('points at an entry of a header modifier of the second filter', () => {
    const filters = '  - filters:\n    - {type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: x-a, value: a}]}}\n'
      + '    - {type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: x-b, value: b}], set: [{name: x-c, value: c}, {name: x-d, value: "d\\u0001"}]}}\n';
    expect(inLinkerd(http(filters))).toEqual({path: '/spec/rules/1/filters/1/responseHeaderModifier/set/1/value', message: 'failed to parse header value'});
    const remove = '  - filters:\n    - {type: RequestHeaderModifier, requestHeaderModifier: {remove: [x-ok, "x bad"]}}\n';
    expect(inLinkerd(http(remove))).toEqual({path: '/spec/rules/1/filters/0/requestHeaderModifier/remove/1', message: 'invalid HTTP header name'});
  });

  it('points at a Service backend without a port, and at an EgressNetwork parent without one', () => {
    expect(inLinkerd(http('  - backendRefs: [{name: web, port: 80}, {group: core, kind: Service, name: api}]\n')))
      .toEqual({path: '/spec/rules/1/backendRefs/1', message: 'invalid backendRef'});
    expect(inLinkerd(http('  - {}\n', `${service}, {name: internet, kind: EgressNetwork, group: policy.linkerd.io}`)))
      .toEqual({path: '/spec/parentRefs/1', message: 'cannot target an EgressNetwork without specifying a port'});
  });

  it('points at a GRPCRoute header and method match', () => {
    const grpc = (matches: string) => manifest(`${GATEWAY}/v1`, 'GRPCRoute',
      `  parentRefs: [{name: web, kind: Service, group: "", port: 8080}]\n  rules:\n  - backendRefs: [{name: web, port: 8080}]\n  - matches:\n${matches}`);
    expect(inLinkerd(grpc('    - {method: {service: a.B}}\n    - headers: [{name: x-a, value: a}, {name: x-b, value: "b\\u007f"}]\n')))
      .toEqual({path: '/spec/rules/1/matches/1/headers/1/value', message: 'failed to parse header value'});
    expect(inLinkerd(grpc('    - {method: {service: a.B}}\n    - method: {type: RegularExpression, service: "a.*"}\n'))?.path)
      .toBe('/spec/rules/1/matches/1/method/type');
  });
});

describe("Linkerd's kinds", () => {
  it('points at the second filter of a policy.linkerd.io HTTPRoute rule', () => {
    const route = manifest('policy.linkerd.io/v1beta3', 'HTTPRoute', '  parentRefs: [{name: web, kind: Server, group: policy.linkerd.io}]\n  rules:\n  - {}\n'
      + '  - filters:\n    - {type: RequestHeaderModifier, requestHeaderModifier: {}}\n    - {type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: api}}}\n');
    expect(denial(route)?.path).toBe('/spec/rules/1/filters/1/requestRedirect/path/replacePrefixMatch');
  });

  it('points at the second identity and identityRef of a MeshTLSAuthentication', () => {
    const authn = (spec: string) => manifest('policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication', spec);
    expect(denial(authn('  identities: ["*", "Bad_Id"]\n'))?.path).toBe('/spec/identities/1');
    expect(denial(authn('  identityRefs: [{kind: ServiceAccount, name: a}, {kind: Namespace, name: b, namespace: c}]\n'))?.path).toBe('/spec/identityRefs/1/namespace');
  });

  it('points at the second of two MeshTLSAuthentications an AuthorizationPolicy requires', () => {
    const policy = manifest('policy.linkerd.io/v1alpha1', 'AuthorizationPolicy', '  targetRef: {group: policy.linkerd.io, kind: Server, name: web}\n'
      + '  requiredAuthenticationRefs:\n  - {group: policy.linkerd.io, kind: NetworkAuthentication, name: net}\n'
      + '  - {group: policy.linkerd.io, kind: MeshTLSAuthentication, name: a}\n  - {group: policy.linkerd.io, kind: MeshTLSAuthentication, name: b}\n');
    expect(denial(policy)).toEqual({path: '/spec/requiredAuthenticationRefs/2', message: 'only a single MeshTLSAuthentication may be set'});
  });

  it('escapes a label key in the pointer to a Server selector value', () => {
    const server = manifest('policy.linkerd.io/v1beta3', 'Server', '  podSelector:\n    matchLabels: {app.kubernetes.io/name: web, tier~x: 1}\n  port: 80\n');
    expect(denial(server)?.path).toBe('/spec/podSelector/matchLabels/tier~0x');
  });
});
