/**
 * An AuthorizationPolicy as kubectl apply reports it: the CRD schema and CEL rules, validation.go
 * ValidateAuthorizationPolicy and checkDryRunAnnotation, pkg/config/security (ValidateAttribute, CheckServiceAccount,
 * CheckValidPathTemplate, ValidatePorts, ValidateIPs).
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const ap = (spec: string) => resource('security.istio.io/v1', 'AuthorizationPolicy', spec, '  name: policy\n  namespace: foo\n');

describe("an AuthorizationPolicy's action, provider, sources, operations and conditions", () => {
  it('requires provider.name for CUSTOM', () => {
    // validation.go ValidateAuthorizationPolicy: "`provider.name` must not be empty"
    expect(findings(ap('  action: CUSTOM\n  rules:\n  - to:\n    - operation: {paths: ["/admin"]}\n'))).toEqual([{
      at: '6:1', severity: 'error', code: 'istio-validation', message: 'invalid policy policy.foo: `provider.name` must not be empty',
    }]);
  });

  it('rejects principals with CUSTOM', () => {
    // validation.go: "%s is currently not supported with CUSTOM action"
    expect(findings(ap('  action: CUSTOM\n  provider: {name: ext-authz}\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/default/sa/sleep"]\n'))).toEqual([{
      at: '12:9', severity: 'error', code: 'istio-validation', message: 'invalid policy policy.foo: From.Principals is currently not supported with CUSTOM action',
    }]);
  });

  it('rejects DENY without rules', () => {
    // validation.go: "DENY action without `rules` is meaningless..."
    expect(findings(ap('  action: DENY\n'))).toEqual([expect.objectContaining({
      severity: 'error', code: 'istio-validation', message: expect.stringContaining('DENY action without `rules` is meaningless as it will never be triggered'),
    })]);
  });

  it('warns that a DENY rule with only HTTP attributes also denies TCP traffic', () => {
    // validation.go: "configured AuthorizationPolicy will deny all traffic to TCP ports under its scope..."
    expect(findings(ap('  action: DENY\n  rules:\n  - to:\n    - operation: {methods: ["POST"]}\n'))).toEqual([{
      at: '9:5', severity: 'warning', code: 'istio-validation-warning',
      message: 'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port',
    }]);
  });

  it('does not warn when the DENY rule names a port', () => {
    // validation.go: tcpRulesInTo when ports are set
    expect(findings(ap('  action: DENY\n  rules:\n  - to:\n    - operation: {methods: ["POST"], ports: ["8080"]}\n'))).toEqual([]);
  });

  it('rejects a provider with a non-CUSTOM action', () => {
    // validation.go: "`provider` must not be with non CUSTOM action, found %s"
    expect(findings(ap('  action: ALLOW\n  provider: {name: ext}\n  rules:\n  - {}\n'))).toEqual([{
      at: '8:3', severity: 'error', code: 'istio-validation', message: 'invalid policy policy.foo: `provider` must not be with non CUSTOM action, found ALLOW',
    }]);
  });

  it('rejects a named port in to.operation.ports', () => {
    // pkg/config/security ValidatePorts: strconv.ParseUint wording
    expect(findings(ap('  rules:\n  - to:\n    - operation: {ports: ["http"]}\n'))).toEqual([{
      at: '9:27', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: bad port (http): strconv.ParseUint: parsing "http": invalid syntax',
    }]);
  });

  it('rejects an empty string in namespaces', () => {
    // pkg/config/security CheckEmptyValues: "empty value not allowed, found in %s"
    expect(findings(ap('  rules:\n  - from:\n    - source: {namespaces: [""]}\n'))).toEqual([{
      at: '9:29', severity: 'error', code: 'istio-validation', message: 'invalid policy policy.foo: empty value not allowed, found in Namespaces',
    }]);
  });

  it('rejects a bad ipBlocks entry', () => {
    // pkg/config/security ValidateIPs: "bad IP address (%s)"
    expect(findings(ap('  rules:\n  - from:\n    - source: {ipBlocks: ["10.0.0.300"]}\n'))).toEqual([{
      at: '9:27', severity: 'error', code: 'istio-validation', message: 'invalid policy policy.foo: bad IP address (10.0.0.300)',
    }]);
  });

  it('accepts request.auth.claims[groups] and source.ip CIDRs in when', () => {
    // pkg/config/security ValidateAttribute
    expect(findings(ap('  rules:\n  - when:\n    - key: request.auth.claims[groups]\n      values: ["admin"]\n    - key: source.ip\n      values: ["10.0.0.0/8"]\n'))).toEqual([]);
  });

  it('rejects unknown when keys and request.headers without [name]', () => {
    // pkg/config/security ValidateAttribute: "unknown attribute", validateMapKey "bad key (%s): should have format a[b]"
    const found = findings(ap('  rules:\n  - when:\n    - key: request.headers\n      values: ["x"]\n    - key: foo.bar\n      values: ["x"]\n'));
    expect(found).toContainEqual({at: '9:12', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: invalid `value` for `key` request.headers: bad key (request.headers): should have format a[b]'});
    expect(found).toContainEqual({at: '11:12', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: invalid `value` for `key` foo.bar: unknown attribute: foo.bar'});
  });

  it('rejects destination.labels in when: replaced by the workload selector', () => {
    // pkg/config/security ValidateAttribute
    expect(findings(ap('  rules:\n  - when:\n    - key: destination.labels[app]\n      values: ["x"]\n'))).toContainEqual(expect.objectContaining({
      severity: 'error', message: 'invalid policy policy.foo: invalid `value` for `key` destination.labels[app]: attribute destination.labels[app] is replaced by the workload selector',
    }));
  });

  it('requires values or notValues for a when key', () => {
    // validation.go: "at least one of `values` or `notValues` must be set for key %s"
    expect(findings(ap('  rules:\n  - when:\n    - key: request.auth.claims[iss]\n'))).toEqual([{
      at: '9:7', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: at least one of `values` or `notValues` must be set for key request.auth.claims[iss]',
    }]);
  });

  it('rejects an unknown action (CRD enum)', () => {
    // CRD enum ALLOW, DENY, AUDIT, CUSTOM
    expect(findings(ap('  action: REJECT\n'))).toEqual([expect.objectContaining({
      at: '7:11', severity: 'error', code: 'enum', message: expect.stringContaining('Unsupported value: "REJECT"'),
    })]);
  });
});

describe("an AuthorizationPolicy's conditions and sources (security.ValidateAttribute, CheckServiceAccount)", () => {
  it('accepts the source.serviceAccount condition key', () => {
    // security.go ValidateAttribute: attrSrcServiceAccount -> CheckServiceAccount
    expect(findings(ap('  rules:\n  - when:\n    - key: source.serviceAccount\n      values: ["default/sleep", "bookinfo-reviews"]\n'))).toEqual([]);
  });

  it('rejects request.experimental.inline.headers[name], a key Istio 1.30 does not have', () => {
    // security.go ValidateAttribute at 1.30.3: only the request.headers prefix takes [name]; anything else is unknown
    expect(findings(ap('  rules:\n  - when:\n    - key: request.experimental.inline.headers[x-token]\n      values: ["a"]\n'))).toContainEqual({
      at: '9:12', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: invalid `value` for `key` request.experimental.inline.headers[x-token]: unknown attribute: request.experimental.inline.headers[x-token]',
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

describe("an AuthorizationPolicy's paths (security.CheckValidPathTemplate)", () => {
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

describe("an AuthorizationPolicy's targetRef (validation.go validatePolicyTargetReference)", () => {
  it('prefixes a disallowed kind with the policy name, like every AuthorizationPolicy error (multierror.Prefix)', () => {
    expect(findings(ap('  targetRef:\n    kind: Deployment\n    name: web\n  rules:\n  - {}\n'))).toEqual([{
      at: '7:3', severity: 'error', code: 'istio-validation',
      message: 'invalid policy policy.foo: targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was /Deployment',
    }]);
  });

  it('accepts a Gateway targetRef', () => {
    expect(findings(ap('  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n  rules:\n  - {}\n'))).toEqual([]);
  });
});

describe('the istio.io/dry-run annotation (validation.go checkDryRunAnnotation)', () => {
  it('is rejected on anything but an AuthorizationPolicy, before the spec is checked', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n  annotations:\n    istio.io/dry-run: "true"\nspec:\n  host: reviews\n';
    expect(findings(text)).toEqual([{
      at: '6:5', severity: 'error', code: 'istio-validation', message: 'default/reviews has unsupported annotation istio.io/dry-run, please remove the annotation',
    }]);
  });

  it('must be a Go boolean on an AuthorizationPolicy', () => {
    const text = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: foo\n  annotations:\n    istio.io/dry-run: "maybe"\nspec:\n  rules:\n  - {}\n';
    expect(findings(text)).toEqual([{
      at: '7:23', severity: 'error', code: 'istio-validation',
      message: 'foo/p has annotation istio.io/dry-run with invalid value (maybe): strconv.ParseBool: parsing "maybe": invalid syntax',
    }]);
    expect(findings(text.replace('"maybe"', '"true"'))).toEqual([]);
  });
});
