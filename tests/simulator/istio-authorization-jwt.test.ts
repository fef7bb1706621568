/**
 * End-user JWTs: RequestAuthentication decides before any AuthorizationPolicy (istio 1.30.3
 * pilot/pkg/security/authn/policy_applier.go: providers OR allow_missing), then
 * requestPrincipals and request.auth.* keys read the accepted token's claims
 * (authz/model/generator.go requestPrincipalGenerator, requestClaimGenerator).
 */
import {describe, expect, it} from 'vitest';
import {JwtClaimsError, MAX_CLAIMS_BYTES, parseJwtClaims} from '../../src/simulator/istio-authz/jwt';
import {ask, decide, policy} from './istio-authz-helpers';

const ISSUER = 'https://auth.example.com';
const RA = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  jwtRules:
  - issuer: ${ISSUER}
    jwksUri: ${ISSUER}/.well-known/jwks.json
    audiences: [shop-api]
`;
const REQUIRE_JWT = policy('require-jwt', 'rules:\n- from:\n  - source:\n      requestPrincipals: ["*"]');
const alice = {iss: ISSUER, sub: 'alice', aud: 'shop-api', groups: ['admins', 'dev'], org: {team: {name: 'core'}}};

describe('RequestAuthentication', () => {
  it('a token whose issuer no jwtRule names is refused with 401 before any policy', () => {
    const answer = ask({yaml: [RA, policy('allow-all', 'rules:\n- {}')], claims: {iss: 'https://evil.example', sub: 'mallory'}});
    expect(answer).toMatchObject({verdict: 'unauthenticated', status: 401, policies: [], jwt: {outcome: 'rejected', error: 'Jwt issuer is not configured'}});
    expect(decide({yaml: RA, claims: {iss: 'https://evil.example'}}).status).toBe(401);
  });

  it('a token for another audience is refused with 401', () => {
    expect(ask({yaml: RA, claims: {...alice, aud: ['other']}})).toMatchObject({status: 401, jwt: {error: 'Audiences in Jwt are not allowed'}});
  });

  it('no token passes RequestAuthentication alone, without a request principal', () => {
    expect(ask({yaml: RA})).toMatchObject({verdict: 'allowed', jwt: {outcome: 'missing'}});
  });

  it('no token and an ALLOW that needs requestPrincipals ["*"]: 403', () => {
    expect(ask({yaml: [RA, REQUIRE_JWT]})).toMatchObject({verdict: 'denied', status: 403});
  });

  it('an accepted token gives the request principal iss/sub', () => {
    expect(ask({yaml: [RA, REQUIRE_JWT], claims: alice})).toMatchObject({verdict: 'allowed', jwt: {outcome: 'accepted', requestPrincipal: `${ISSUER}/alice`}});
  });

  it('without any RequestAuthentication the token is ignored: no request principal', () => {
    expect(ask({yaml: REQUIRE_JWT, claims: alice})).toMatchObject({verdict: 'denied', jwt: {outcome: 'ignored'}});
  });

  it('a RequestAuthentication that selects other pods does not apply', () => {
    const other = RA.replace('app: api', 'app: web');
    expect(ask({yaml: other, claims: {iss: 'https://evil.example'}})).toMatchObject({verdict: 'allowed', jwt: {outcome: 'ignored'}});
  });
});

describe('requestPrincipals values', () => {
  it.each([
    [`${ISSUER}/alice`, true],
    [`${ISSUER}/*`, true],
    ['*/alice', true],
    ['*', true],
    ['*ice', true],
    // Split at the last `/`: issuer `https:/`, subject `auth.example.com*`; it never matches.
    [`${ISSUER}*`, false],
    ['https://auth*', false],
    [`${ISSUER}/bob`, false],
    ['https://other/*', false],
  ])('%s against the principal https://auth.example.com/alice → %s', (value, expected) => {
    const yaml = [RA, policy('p', `rules:\n- from:\n  - source:\n      requestPrincipals: [${JSON.stringify(value)}]`)];
    expect(ask({yaml, claims: alice}).verdict === 'allowed').toBe(expected);
  });
});

describe('request.auth keys', () => {
  const when = (key: string, values: string[]) => [RA, policy('p', `rules:\n- when:\n  - key: ${key}\n    values: ${JSON.stringify(values)}`)];

  it('a list claim matches when any of its strings matches', () => {
    expect(ask({yaml: when('request.auth.claims[groups]', ['admins']), claims: alice}).verdict).toBe('allowed');
    expect(ask({yaml: when('request.auth.claims[groups]', ['ops']), claims: alice}).verdict).toBe('denied');
  });

  it('nested claims are written [a][b]', () => {
    expect(ask({yaml: when('request.auth.claims[org][team][name]', ['core']), claims: alice}).verdict).toBe('allowed');
    expect(ask({yaml: when('request.auth.claims[org][team]', ['core']), claims: alice}).verdict).toBe('denied');
  });

  it('audiences, presenter and principal', () => {
    expect(ask({yaml: when('request.auth.audiences', ['shop-*']), claims: alice}).verdict).toBe('allowed');
    expect(ask({yaml: when('request.auth.presenter', ['web-app']), claims: {...alice, azp: 'web-app'}}).verdict).toBe('allowed');
    expect(ask({yaml: when('request.auth.principal', [`${ISSUER}/alice`]), claims: alice}).verdict).toBe('allowed');
  });

  it('a number claim matches no string value', () => {
    expect(ask({yaml: when('request.auth.claims[level]', ['3']), claims: {...alice, level: 3}}).verdict).toBe('denied');
  });

  it('claims of a refused token are never read', () => {
    expect(ask({yaml: when('request.auth.claims[groups]', ['admins']), claims: {...alice, aud: 'x'}})).toMatchObject({status: 401});
  });
});

describe('--jwt-claims text', () => {
  it('reads a JSON object', () => {
    expect(parseJwtClaims('{"iss":"a","sub":"b","groups":["x"]}')).toEqual({iss: 'a', sub: 'b', groups: ['x']});
  });

  it.each([
    ['{"iss":', /not JSON/],
    ['[1,2]', /must be a JSON object/],
    ['"text"', /must be a JSON object/],
    ['{"iss": 5}', /claim iss must be a string/],
    [`${'['.repeat(40)}${']'.repeat(40)}`, /must be a JSON object/],
    [`{"a":${'{"a":'.repeat(30)}1${'}'.repeat(30)}}`, /nested more than 16 levels/],
  ])('refuses %j', (text, message) => {
    expect(() => parseJwtClaims(text)).toThrow(message);
  });

  it('refuses text over its size bound before parsing it, in bounded time', () => {
    const huge = `{"iss":"${'x'.repeat(MAX_CLAIMS_BYTES * 64)}"}`;
    const started = Date.now();
    expect(() => parseJwtClaims(huge)).toThrow(JwtClaimsError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('values with regex characters are compared literally', () => {
    const yaml = [RA, policy('p', 'rules:\n- when:\n  - key: request.auth.claims[sub]\n    values: ["a.+"]')];
    expect(ask({yaml, claims: {...alice, sub: 'abc'}}).verdict).toBe('denied');
    expect(ask({yaml, claims: {...alice, sub: 'a.+'}}).verdict).toBe('allowed');
  });
});
