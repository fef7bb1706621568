/**
 * Trust domains in AuthorizationPolicy, as istiod 1.30's webhook checks them
 * (pkg/config/validation/validation.go, pkg/config/security/security.go): the
 * `source.trustDomain` condition key (CheckWildcardValues), the `trustDomains` and
 * `notTrustDomains` source lists (CheckTrustDomainValues), and neither with CUSTOM.
 */
import {describe, expect, it} from 'vitest';
import {problems, yaml} from '../helpers';

const istio = (text: string) => problems(text).filter((d) => d.code.startsWith('istio'));

const policy = (rules: string, action = 'ALLOW') => yaml`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: td
  namespace: shop
spec:
  action: ${action}
  rules:
${rules}`;

const when = (values: string) => `  - when:\n    - key: source.trustDomain\n      values: ${values}\n`;
const from = (field: string, values: string) => `  - from:\n    - source:\n        ${field}: ${values}\n`;

describe('the source.trustDomain condition', () => {
  it('is a known key taking exact, prefix, suffix and match-all values', () => {
    expect(istio(policy(when('["cluster.local", "cluster-*", "*-suffix", "*"]')))).toEqual([]);
  });

  it('allows one wildcard, at the start or the end only', () => {
    expect(istio(policy(when('["a*b"]')))).toEqual([expect.objectContaining({
      path: '/spec/rules/0/when/0/key',
      message: 'invalid policy td.shop: invalid `value` for `key` source.trustDomain: wildcard is only allowed at the start or end, found in source.trustDomain: "a*b"',
    })]);
    expect(istio(policy(when('["*a*"]')))[0]!.message).toContain('at most one wildcard is allowed, found in source.trustDomain: "*a*"');
  });

  it('is not supported with CUSTOM action', () => {
    const custom = policy(when('["cluster.local"]'), 'CUSTOM').replace('spec:\n', 'spec:\n  provider:\n    name: ext-authz\n');
    expect(istio(custom).map((d) => d.message)).toEqual(['invalid policy td.shop: source.trustDomain is currently not supported with CUSTOM action']);
  });
});

describe('the trustDomains and notTrustDomains sources', () => {
  it('take wildcard values without a slash', () => {
    expect(istio(policy(from('trustDomains', '["cluster.local", "*.example.org", "*"]')))).toEqual([]);
    expect(istio(policy(from('notTrustDomains', '["legacy.local"]')))).toEqual([]);
  });

  it('reject a slash, an inner wildcard and an empty value', () => {
    expect(istio(policy(from('trustDomains', '["cluster.local/ns/a"]'))).map((d) => [d.path, d.message])).toEqual([[
      '/spec/rules/0/from/0/source/trustDomains/0',
      'invalid policy td.shop: trust domain must not contain \'/\', found in TrustDomains: "cluster.local/ns/a"',
    ]]);
    expect(istio(policy(from('notTrustDomains', '["a*b"]')))[0]!.message).toBe(
      'invalid policy td.shop: wildcard is only allowed at the start or end, found in NotTrustDomains: "a*b"');
    expect(istio(policy(from('trustDomains', '[""]')))[0]!.message).toBe('invalid policy td.shop: empty value not allowed, found in TrustDomains');
  });

  it('are not supported with CUSTOM action', () => {
    const custom = policy(from('trustDomains', '["cluster.local"]'), 'CUSTOM').replace('spec:\n', 'spec:\n  provider:\n    name: ext-authz\n');
    expect(istio(custom).map((d) => d.message)).toEqual(['invalid policy td.shop: From.TrustDomains is currently not supported with CUSTOM action']);
  });
});
