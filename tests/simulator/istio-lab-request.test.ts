/**
 * A request sent from an Istio AuthorizationPolicy or RequestAuthentication lab (the lab's
 * "Send a request" panel): Istio's answers per destination workload come back with the
 * decision, and the panel's JWT claims box (JSON text) reaches the simulator, or is refused
 * with a message the panel shows next to the box.
 */
import {describe, expect, it} from 'vitest';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {labSummary} from '../../src/labs/code-block-meta';
import {istioAnswers} from '../../src/simulator/istio-authz/attach';
import {MAX_CLAIMS_BYTES} from '../../src/simulator/istio-authz/jwt';
import {simulateLabRequest, type LabRequestInput} from '../../src/simulator/lab-request';
import {labResources} from './helpers';

const exercise = loadExercises(process.cwd())['istio-only-productpage-reviews']!;
const bookinfo = labResources('bookinfo');
const get = (path: string, more: Partial<LabRequestInput> = {}): LabRequestInput => ({method: 'GET', host: 'reviews.bookinfo:9080', path, headers: {}, ...more});

function verdicts(answer: ReturnType<typeof simulateLabRequest>): string[] {
  if (answer.kind !== 'decision') throw new Error(answer.message);
  return istioAnswers(answer.decision).map((a) => `${a.workload.name}=${a.verdict}`);
}

/** The solution's ALLOW policy, plus a RequestAuthentication and a rule that needs a token from issuer.example. */
const WITH_JWT = `${exercise.solution}---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: reviews-jwt
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
  jwtRules:
  - issuer: https://issuer.example
`;

describe('a request sent from an Istio authorization lab', () => {
  it('has a request panel: AuthorizationPolicy and RequestAuthentication route requests', () => {
    expect(labSummary(exercise.start).routesRequests).toBe(true);
    expect(labSummary(WITH_JWT.slice(WITH_JWT.indexOf('apiVersion: security.istio.io/v1\nkind: RequestAuthentication'))).routesRequests).toBe(true);
  });

  it('is allowed from productpage, naming the policy and rule that allowed it at every reviews pod', () => {
    const answer = simulateLabRequest(exercise.solution, bookinfo, get('/reviews/1', {from: 'bookinfo/productpage-v1'}));
    expect(verdicts(answer)).toEqual(['reviews-v1=allowed', 'reviews-v2=allowed', 'reviews-v3=allowed']);
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.decision.status).toBe(200);
    expect(istioAnswers(answer.decision)[0]!.summary).toBe('allowed by ALLOW bookinfo/reviews-viewer rules[0]');
  });

  it('gets 403 from ratings, which no ALLOW rule matches', () => {
    const answer = simulateLabRequest(exercise.solution, bookinfo, get('/reviews/1', {from: 'bookinfo/ratings-v1'}));
    expect(verdicts(answer)).toEqual(['reviews-v1=denied', 'reviews-v2=denied', 'reviews-v3=denied']);
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.decision.status).toBe(403);
    expect(istioAnswers(answer.decision)[0]!.summary).toMatch(/none matched: denied/);
  });

  it('passes the JWT claims box to the simulator: a token from an issuer no jwtRule names is a 401, one it names passes', () => {
    const stranger = simulateLabRequest(WITH_JWT, bookinfo, get('/reviews/1', {from: 'bookinfo/productpage-v1', jwtClaims: '{"iss": "https://other.example", "sub": "alice"}'}));
    expect(verdicts(stranger)).toEqual(['reviews-v1=unauthenticated', 'reviews-v2=unauthenticated', 'reviews-v3=unauthenticated']);
    if (stranger.kind === 'decision') expect(stranger.decision.status).toBe(401);
    const known = simulateLabRequest(WITH_JWT, bookinfo, get('/reviews/1', {from: 'bookinfo/productpage-v1', jwtClaims: '{"iss": "https://issuer.example", "sub": "alice"}'}));
    expect(verdicts(known)).toEqual(['reviews-v1=allowed', 'reviews-v2=allowed', 'reviews-v3=allowed']);
    // A blank box is no token at all.
    expect(verdicts(simulateLabRequest(WITH_JWT, bookinfo, get('/reviews/1', {from: 'bookinfo/productpage-v1', jwtClaims: '  \n'})))).toEqual(['reviews-v1=allowed', 'reviews-v2=allowed', 'reviews-v3=allowed']);
  });

  it('refuses claims that are not a JSON object, or too long, with a message for the claims box', () => {
    for (const [claims, said] of [
      ['{"iss": ', /^The JWT claims are not JSON/],
      ['["alice"]', /^The JWT claims must be a JSON object/],
      [`{"sub": "${'a'.repeat(MAX_CLAIMS_BYTES)}"}`, /at most 16384 are read/],
    ] as const) {
      const answer = simulateLabRequest(exercise.solution, bookinfo, get('/reviews/1', {jwtClaims: claims}));
      expect(answer).toMatchObject({kind: 'invalid', field: 'jwtClaims'});
      if (answer.kind === 'invalid') expect(answer.message).toMatch(said);
    }
  });
});
