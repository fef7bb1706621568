/**
 * Gateway API routes as Linkerd's webhook judges them (admission.rs Validate<gateway::HTTPRouteSpec>,
 * <GRPCRouteSpec>, <TLSRouteSpec>, <TCPRouteSpec>), and when it does: the chart's
 * ValidatingWebhookConfiguration sends it the four route kinds, but only a cluster running
 * Linkerd has that webhook, so the engine applies these rules when the run shows Linkerd
 * (families/README.md): a Linkerd kind, or an object annotated for Linkerd, in the input, its
 * companions or its context.
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest, verdict} from './admission-support';

const GATEWAY = 'gateway.networking.k8s.io';
const meshedNamespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: emojivoto\n  annotations:\n    linkerd.io/inject: enabled\n';
const grpcRegexMethod = manifest(`${GATEWAY}/v1`, 'GRPCRoute',
  '  parentRefs: [{name: web, kind: Service, group: "", port: 8080}]\n  rules:\n  - matches: [{method: {type: RegularExpression, service: "emoji.*"}}]\n');
const inLinkerd = (text: string) => denial(text, {context: meshedNamespace, analysis: false});

describe('when the run shows Linkerd, and only then', () => {
  it('leaves a route alone in a run that shows no Linkerd (an Istio cluster has no Linkerd webhook)', () => {
    expect(verdict(grpcRegexMethod)).toEqual([]);
  });

  it('judges it when the context holds a namespace annotated linkerd.io/inject', () => {
    expect(denial(grpcRegexMethod, {context: meshedNamespace}))
      .toEqual({path: '/spec/rules/0/matches/0/method/type', message: 'unsupported GRPCRoute method match type: Some(RegularExpression)'});
  });

  it('judges it when the input holds a Linkerd kind or a workload whose pods are injected, before or after the route', () => {
    const server = manifest('policy.linkerd.io/v1beta3', 'Server', '  podSelector: {matchLabels: {app: web}}\n  port: grpc\n');
    expect(denial(`${grpcRegexMethod}---\n${server}`)?.path).toBe('/spec/rules/0/matches/0/method/type');
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: emojivoto}\nspec:\n  selector: {matchLabels: {app: web}}\n'
      + '  template:\n    metadata:\n      labels: {app: web}\n      annotations: {linkerd.io/inject: enabled}\n    spec:\n      containers: [{name: web, image: web}]\n';
    expect(denial(`${deployment}---\n${grpcRegexMethod}`)?.path).toBe('/spec/rules/0/matches/0/method/type');
  });

  it('judges it when companions show Linkerd, or the route itself carries Linkerd annotations', () => {
    expect(denial(grpcRegexMethod, {companions: [{apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: {name: 'm'}, spec: {identities: ['*']}}]}))
      .toBeDefined();
    const annotated = manifest(`${GATEWAY}/v1`, 'HTTPRoute', '  parentRefs: [{name: web, kind: Service, group: "", port: 80}]\n', '    retry.linkerd.io/http: 5xx,teapot\n');
    expect(denial(annotated)).toEqual({path: '/metadata/annotations/retry.linkerd.io~1http', message: 'invalid retry condition: 5xx,teapot'});
  });

  it('does not count an Istio-injected namespace as Linkerd', () => {
    expect(denial(grpcRegexMethod, {context: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: emojivoto\n  labels: {istio-injection: enabled}\n'})).toBeUndefined();
  });

  it('finds routes inside a List, pointing into the item', () => {
    const list = JSON.stringify({apiVersion: 'v1', kind: 'List', items: [{apiVersion: `${GATEWAY}/v1alpha2`, kind: 'TCPRoute', metadata: {name: 'db', namespace: 'emojivoto'},
      spec: {parentRefs: [{name: 'db', kind: 'Service', group: '', port: 5432}], rules: [{backendRefs: [{name: 'db', port: 5432}]}, {backendRefs: [{name: 'db2', port: 5432}]}]}}]});
    expect(inLinkerd(list)).toEqual({path: '/items/0/spec/rules', message: 'TcpRoute supports a single rule only'});
  });

  it('is not asked when the schema already refuses the route', () => {
    const found = verdict(manifest(`${GATEWAY}/v1`, 'GRPCRoute', '  parentRefs: [{name: web, kind: Service, group: "", port: 8080}]\n  rules:\n'
      + '  - matches: [{method: {type: RegularExpression, service: "emoji.*"}}]\n    backendRefs: [{name: web}]\n'), {context: meshedNamespace});
    expect(found.map((d) => d.code)).not.toContain('linkerd-admission');
    expect(found.length).toBeGreaterThan(0);
  });
});

describe('Gateway API HTTPRoute (Validate<gateway::HTTPRouteSpec>)', () => {
  const http = (rules: string, parent = '{name: web, kind: Service, group: "", port: 80}') =>
    manifest(`${GATEWAY}/v1`, 'HTTPRoute', `  parentRefs: [${parent}]\n  rules:\n${rules}`);

  it('accepts a GAMMA route with regex matches Rust compiles and header modifiers', () => {
    expect(verdict(http('  - matches: [{path: {type: RegularExpression, value: "/v[0-9]+/.*"}}]\n    filters:\n    - {type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: x-a, value: b}]}}\n    backendRefs: [{name: web, port: 80}]\n'), {context: meshedNamespace, analysis: false})).toEqual([]);
  });

  it('refuses a path regex that does not compile', () => {
    expect(inLinkerd(http('  - matches: [{path: {type: RegularExpression, value: "/v[0-9+"}}]\n'))?.path).toBe('/spec/rules/0/matches/0/path/value');
  });

  it('refuses a path regex with a literal brace only in a run that shows Linkerd (Go and Envoy read it as a literal)', () => {
    const route = http('  - matches: [{path: {type: RegularExpression, value: "/users/{id}"}}]\n');
    expect(denial(route)).toBeUndefined();
    expect(inLinkerd(route)?.message).toBe('regex parse error: repetition quantifier expects a valid decimal');
  });

  it('refuses a header modifier value with a control character', () => {
    expect(inLinkerd(http('  - filters:\n    - {type: ResponseHeaderModifier, responseHeaderModifier: {set: [{name: x-a, value: "a\\u007fb"}]}}\n')))
      .toEqual({path: '/spec/rules/0/filters/0/responseHeaderModifier/set/0/value', message: 'failed to parse header value'});
  });

  it('refuses an EgressNetwork parent without a port', () => {
    expect(inLinkerd(http('  - {}\n', '{name: internet, kind: EgressNetwork, group: policy.linkerd.io}')))
      .toEqual({path: '/spec/parentRefs/0', message: 'cannot target an EgressNetwork without specifying a port'});
  });

  it('leaves other filters (URLRewrite, RequestMirror) to other controllers: it does not support them, but admits them', () => {
    expect(inLinkerd(http('  - filters:\n    - {type: URLRewrite, urlRewrite: {hostname: example.com}}\n    backendRefs: [{name: web, port: 80}]\n'))).toBeUndefined();
  });
});

describe('Service backends (validate_http_backend_if_service, validate_grpc_backend_if_service)', () => {
  it('refuses a core Service backend without a port, as "invalid backendRef" alone (the reason is anyhow context Linkerd does not print)', () => {
    // With group "" the Gateway API's own CEL rule refuses it first; group core passes the CRD.
    const grpc = manifest(`${GATEWAY}/v1`, 'GRPCRoute', '  parentRefs: [{name: web, kind: Service, group: "", port: 8080}]\n  rules:\n'
      + '  - backendRefs: [{group: core, kind: Service, name: web}]\n');
    expect(inLinkerd(grpc)).toEqual({path: '/spec/rules/0/backendRefs/0', message: 'invalid backendRef'});
  });

  it('reads a Service backend exactly as written (admission.rs:576 matches "core", "" or unset, and "Service"), unlike the index\'s is_service', () => {
    const backend = (ref: string) => manifest(`${GATEWAY}/v1`, 'HTTPRoute', '  parentRefs: [{name: web, kind: Service, group: "", port: 80}]\n  rules:\n'
      + `  - backendRefs: [${ref}]\n`);
    expect(inLinkerd(backend('{group: Core, kind: Service, name: web}'))).toBeUndefined();
    expect(inLinkerd(backend('{group: core, kind: service, name: web}'))).toBeUndefined();
    expect(inLinkerd(backend('{group: core, name: web}'))).toEqual({path: '/spec/rules/0/backendRefs/0', message: 'invalid backendRef'});
  });

  it('admits other backend kinds without a port, for other controllers', () => {
    const http = manifest(`${GATEWAY}/v1`, 'HTTPRoute', '  parentRefs: [{name: web, kind: Service, group: "", port: 80}]\n  rules:\n'
      + '  - backendRefs: [{group: policy.linkerd.io, kind: EgressNetwork, name: internet}]\n');
    expect(inLinkerd(http)).toBeUndefined();
  });
});

describe('Gateway API TLSRoute and TCPRoute (Validate<TLSRouteSpec>, <TCPRouteSpec>)', () => {
  const rule = '  - backendRefs: [{name: db, port: 5432}]\n';
  it('accepts one rule and refuses more', () => {
    const tcp = (rules: string) => manifest(`${GATEWAY}/v1alpha2`, 'TCPRoute', `  parentRefs: [{name: db, kind: Service, group: "", port: 5432}]\n  rules:\n${rules}`);
    expect(inLinkerd(tcp(rule))).toBeUndefined();
    expect(inLinkerd(tcp(rule + rule))).toEqual({path: '/spec/rules', message: 'TcpRoute supports a single rule only'});
    const tls = (rules: string) => manifest(`${GATEWAY}/v1alpha2`, 'TLSRoute', `  parentRefs: [{name: db, kind: Service, group: "", port: 5432}]\n  rules:\n${rules}`);
    expect(inLinkerd(tls(rule + rule))).toEqual({path: '/spec/rules', message: 'TlsRoute supports a single rule only'});
  });
});
