/**
 * A RequestAuthentication: validation.go validateJwtRule.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const ra = (spec: string) => resource('security.istio.io/v1', 'RequestAuthentication', spec, '  name: jwt\n  namespace: foo\n');

describe("a RequestAuthentication's JWT rules (validation.go validateJwtRule)", () => {
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
