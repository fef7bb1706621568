/**
 * Audit corpus, round 2: AuthorizationPolicy, RequestAuthentication, PeerAuthentication, WorkloadGroup and EnvoyFilter
 * against istio/istio pkg/config/validation (validation.go, envoyfilter/envoyfilter.go), pkg/config/security
 * (security.go) and pkg/config/xds (xds.go, golang/protobuf jsonpb underneath), and the Istio 1.30 CRDs the API
 * server applies first.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from './helpers';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const pa = (spec: string) => resource('security.istio.io/v1', 'PeerAuthentication', spec, '  name: default\n  namespace: foo\n');
const ap = (spec: string) => resource('security.istio.io/v1', 'AuthorizationPolicy', spec, '  name: policy\n  namespace: foo\n');
const ra = (spec: string) => resource('security.istio.io/v1', 'RequestAuthentication', spec, '  name: jwt\n  namespace: foo\n');
const ef = (spec: string) => resource('networking.istio.io/v1alpha3', 'EnvoyFilter', spec, '  name: filter\n  namespace: foo\n');
const wg = (spec: string) => resource('networking.istio.io/v1', 'WorkloadGroup', spec, '  name: vm\n  namespace: foo\n');
/** Errors and warnings only: EnvoyFilter always carries kubectl's informational notice. */
const problems = (text: string) => findings(text).filter((f) => f.severity !== 'info');

describe('AuthorizationPolicy conditions and sources (security.ValidateAttribute / CheckServiceAccount)', () => {
  it('accepts the source.serviceAccount condition key', () => {
    // security.go ValidateAttribute: attrSrcServiceAccount -> CheckServiceAccount
    expect(findings(ap('  rules:\n  - when:\n    - key: source.serviceAccount\n      values: ["default/sleep", "bookinfo-reviews"]\n'))).toEqual([]);
  });

  it('accepts request.experimental.inline.headers[name] and rejects it without [name]', () => {
    // security.go ValidateAttribute: attrRequestInlineHeader -> validateMapKey
    expect(findings(ap('  rules:\n  - when:\n    - key: request.experimental.inline.headers[x-token]\n      values: ["a"]\n'))).toEqual([]);
    expect(findings(ap('  rules:\n  - when:\n    - key: request.experimental.inline.headers\n      values: ["a"]\n'))).toContainEqual({
      at: '9:12', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: invalid `value` for `key` request.experimental.inline.headers: bad key (request.experimental.inline.headers): should have format a[b]',
    });
  });

  it('rejects a source.serviceAccount condition with a wildcard', () => {
    // security.go CheckServiceAccount: "wildcard not allowed, found in %s"
    expect(findings(ap('  rules:\n  - when:\n    - key: source.serviceAccount\n      values: ["default/*"]\n'))).toEqual([{
      at: '9:12', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: invalid `value` for `key` source.serviceAccount: wildcard not allowed, found in source.serviceAccount',
    }]);
  });

  it('rejects a serviceAccounts entry with more than one slash', () => {
    // validation.go ValidateAuthorizationPolicy -> security.CheckServiceAccount("ServiceAccounts", ...)
    expect(findings(ap('  rules:\n  - from:\n    - source:\n        serviceAccounts: ["default/sleep", "a/b/c"]\n'))).toEqual([{
      at: '10:44', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: expected format \'serviceAccount\' or \'namespace/serviceAccount\', found "a/b/c" in ServiceAccounts',
    }]);
  });

  it('rejects serviceAccounts next to principals in the schema, before the webhook', () => {
    // CRD x-kubernetes-validations on from[].source
    expect(findings(ap('  rules:\n  - from:\n    - source:\n        serviceAccounts: ["default/sleep"]\n        principals: ["cluster.local/ns/default/sa/sleep"]\n'))).toEqual([
      expect.objectContaining({severity: 'error', code: 'cel', message: expect.stringContaining('Cannot set serviceAccounts with namespaces or principals')}),
    ]);
  });

  it('counts serviceAccounts as a TCP attribute in a DENY rule (no port warning)', () => {
    // validation.go: tcpRulesInFrom includes ServiceAccounts / NotServiceAccounts
    expect(findings(ap('  action: DENY\n  rules:\n  - from:\n    - source:\n        notServiceAccounts: ["default/sleep"]\n'))).toEqual([]);
  });

  it('rejects serviceAccounts with CUSTOM', () => {
    // validation.go: check(len(src.ServiceAccounts) != 0, "From.ServiceAccounts")
    expect(findings(ap('  action: CUSTOM\n  provider: {name: ext-authz}\n  rules:\n  - from:\n    - source:\n        serviceAccounts: ["default/sleep"]\n'))).toEqual([{
      at: '12:9', severity: 'error', code: 'istio-validation', message: 'invalid policy policy.foo: From.ServiceAccounts is currently not supported with CUSTOM action',
    }]);
  });
});

describe('AuthorizationPolicy paths (security.CheckValidPathTemplate)', () => {
  it('accepts {*} and a trailing {**} as whole segments', () => {
    expect(findings(ap('  rules:\n  - to:\n    - operation:\n        paths: ["/api/{*}/items", "/v1/{**}", "/static/*"]\n'))).toEqual([]);
  });

  it('rejects braces that are not a template, even without {*} or {**}', () => {
    // "Contains '{' or '}' beyond a supported path template"; the path is reported with its outer slashes trimmed
    expect(findings(ap('  rules:\n  - to:\n    - operation:\n        paths: ["/api/{id}"]\n'))).toEqual([{
      at: '10:17', severity: 'error', code: 'istio-validation',
      message: "invalid or unsupported path api/{id}, found in Paths. Contains '{' or '}' beyond a supported path template".replace(/^/, 'invalid policy policy.foo: '),
    }]);
  });

  it('rejects an operator after {**} and a non-pchar literal next to a template', () => {
    expect(findings(ap('  rules:\n  - to:\n    - operation:\n        notPaths: ["/a/{**}/{*}"]\n'))).toEqual([{
      at: '10:20', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: invalid or unsupported path a/{**}/{*}, found in NotPaths. {**} is not the last operator',
    }]);
    expect(findings(ap('  rules:\n  - to:\n    - operation:\n        paths: ["/a/*/{*}"]\n'))).toEqual([{
      at: '10:17', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: invalid or unsupported path a/*/{*}, found in Paths. Contains segment * with invalid string literal',
    }]);
  });
});

describe('AuthorizationPolicy targetRef (validation.go validatePolicyTargetReference)', () => {
  it('prefixes a disallowed kind with the policy name, like every AuthorizationPolicy error (multierror.Prefix)', () => {
    expect(findings(ap('  targetRef:\n    kind: Deployment\n    name: web\n  rules:\n  - {}\n'))).toEqual([{
      at: '7:3', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: targetRef must be to one of [core/v1, Kind=Service networking.istio.io/v1, Kind=ServiceEntry gateway.networking.k8s.io/v1, Kind=Gateway] but was /Deployment',
    }]);
  });

  it('accepts a Gateway targetRef', () => {
    expect(findings(ap('  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n  rules:\n  - {}\n'))).toEqual([]);
  });
});

describe('RequestAuthentication (validation.go validateJwtRule)', () => {
  it('accepts a rule with jwksUri and no issuer (Istio 1.27+, istio/istio#56158)', () => {
    expect(findings(ra('  jwtRules:\n  - jwksUri: https://example.com/.well-known/jwks.json\n'))).toEqual([]);
    expect(findings(ra('  jwtRules:\n  - jwks_uri: https://example.com/.well-known/jwks.json\n'))).toEqual([]);
  });

  it('requires an issuer or a jwksUri', () => {
    // "issuer or jwksUri must be non-empty string"
    expect(findings(ra('  jwtRules:\n  - audiences: ["web"]\n    fromParams: ["token"]\n'))).toEqual([{
      at: '8:5', severity: 'error', code: 'istio-validation', message: 'issuer or jwksUri must be non-empty string',
    }]);
  });
});

describe('PeerAuthentication', () => {
  it('accepts mode UNSET with port-level overrides on a selected workload', () => {
    // validation.go ValidatePeerAuthentication: selector with labels, ports in range
    expect(findings(pa('  selector:\n    matchLabels: {app: web}\n  mtls: {mode: UNSET}\n  portLevelMtls:\n    8080: {mode: PERMISSIVE}\n'))).toEqual([]);
  });
});

describe('WorkloadGroup probe (validation.go validateReadinessProbe)', () => {
  it('rejects a probe without a check (the schema allows it; the type switch falls to default)', () => {
    expect(findings(wg('  template:\n    serviceAccount: vm\n  probe:\n    periodSeconds: 5\n'))).toEqual([{
      at: '9:3', severity: 'error', code: 'istio-validation', message: 'unknown health check method <nil>',
    }]);
    expect(findings(wg('  template:\n    serviceAccount: vm\n  probe:\n    periodSeconds: 5\n    httpGet: {path: /ready, port: 8080}\n'))).toEqual([]);
  });
});

describe('EnvoyFilter patch value (xds.BuildXDSObjectFromStruct, strict=false)', () => {
  // A priority, so that istioctl's IST0151 (relative operation without priority) stays out of these cases.
  const httpFilter = (typedConfig: string) => ef(`  priority: 10
  configPatches:
  - applyTo: HTTP_FILTER
    match:
      context: SIDECAR_INBOUND
      listener:
        filterChain:
          filter:
            name: envoy.filters.network.http_connection_manager
            subFilter:
              name: envoy.filters.http.router
    patch:
      operation: INSERT_BEFORE
      value:
        name: envoy.filters.http.lua
${typedConfig}`);

  it('rejects a removed Envoy v2 type in typed_config, with the v3 hint', () => {
    // jsonpb: "could not resolve Any message type: %v"; envoyfilter.go rewords errors naming ".v2."
    expect(problems(httpFilter('        typed_config:\n          "@type": type.googleapis.com/envoy.config.filter.http.lua.v2.Lua\n          inlineCode: "-- noop"\n'))).toEqual([{
      at: '23:20', severity: 'error', code: 'istio-validation',
      message: 'referenced type unknown (hint: try using the v3 XDS API): Envoy filter: could not resolve Any message type: type.googleapis.com/envoy.config.filter.http.lua.v2.Lua',
    }]);
  });

  it('rejects a v2alpha type without the hint', () => {
    expect(problems(httpFilter('        typedConfig:\n          "@type": type.googleapis.com/envoy.config.filter.http.jwt_authn.v2alpha.JwtAuthentication\n'))).toEqual([{
      at: '23:20', severity: 'error', code: 'istio-validation',
      message: 'referenced type unknown: Envoy filter: could not resolve Any message type: type.googleapis.com/envoy.config.filter.http.jwt_authn.v2alpha.JwtAuthentication',
    }]);
  });

  it('rejects a typed_config without @type', () => {
    // jsonpb unmarshalMessage, case "Any": "Any JSON doesn't have '@type'"
    expect(problems(httpFilter('        typed_config:\n          inlineCode: "-- noop"\n'))).toEqual([{
      at: '22:9', severity: 'error', code: 'istio-validation', message: "Envoy filter: Any JSON doesn't have '@type'",
    }]);
  });

  it('accepts the v3 type', () => {
    expect(problems(httpFilter('        typed_config:\n          "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua\n          inlineCode: "-- noop"\n'))).toEqual([]);
  });
});
