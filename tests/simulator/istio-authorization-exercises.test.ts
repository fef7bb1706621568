/**
 * The exercise checks `authorized` and `denied` on Istio's answers, and the exercise
 * "only productpage may GET /reviews/*" (labs/exercises/istio-only-productpage-reviews.yaml):
 * its solution passes, its start and the usual mistakes fail, each for its reason.
 */
import {describe, expect, it} from 'vitest';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {checkExercise, type ExerciseCheck} from '../../src/simulator/exercises';
import {labResources} from './helpers';
import {CLUSTER, MESH_CONFIG_WITH_OPA, policy} from './istio-authz-helpers';
import {documents} from './helpers';

const exercise = loadExercises(process.cwd())['istio-only-productpage-reviews']!;
const bookinfo = labResources('bookinfo');
const judge = (yaml: string) => checkExercise(exercise, yaml, bookinfo).map((r) => [r.criterion, r.passed]);

describe('exercise: only productpage may GET /reviews/*', () => {
  it('the solution passes every check', () => {
    expect(checkExercise(exercise, exercise.solution, bookinfo).filter((r) => !r.passed)).toEqual([]);
  });

  it('the start lets every bookinfo workload in, whatever it asks', () => {
    expect(judge(exercise.start)).toEqual([
      ['the YAML is valid', true],
      ["productpage's GET /reviews/1 is allowed", true],
      ["productpage's POST /reviews/1 gets 403", false],
      ["productpage's GET /health gets 403", false],
      ["ratings' GET /reviews/1 gets 403", false],
      ['the legacy client (no sidecar, so no peer identity) gets 403', true],
    ]);
  });

  it('from and to in two rules (OR) let productpage do anything and anyone GET /reviews/*', () => {
    const twoRules = exercise.solution.replace('    to:\n', '  - to:\n');
    const failed = checkExercise(exercise, twoRules, bookinfo).filter((r) => !r.passed).map((r) => r.criterion);
    expect(failed).toEqual([
      "productpage's POST /reviews/1 gets 403", "productpage's GET /health gets 403", "ratings' GET /reviews/1 gets 403",
      'the legacy client (no sidecar, so no peer identity) gets 403',
    ]);
  });

  it('a DENY for everyone else, without the ALLOW, leaves other paths open', () => {
    const deny = exercise.solution.replace('action: ALLOW', 'action: DENY').replace('principals:', 'notPrincipals:');
    const failed = checkExercise(exercise, deny, bookinfo).filter((r) => !r.passed).map((r) => r.criterion);
    expect(failed).toContain("productpage's POST /reviews/1 gets 403");
  });

  it('says why a check fails', () => {
    const result = checkExercise(exercise, exercise.start, bookinfo)[4]!;
    expect(result.reason).toMatch(/^bookinfo\/reviews-v\d: allowed by ALLOW bookinfo\/reviews-viewer rules\[0\]/);
  });
});

describe('authorized and denied on Istio answers', () => {
  const context = documents(CLUSTER);
  const run = (checks: ExerciseCheck[], yaml: string) => checkExercise({checks}, yaml, context).map((r) => r.passed);
  const send = 'GET http://api.shop/';

  it('authorized passes with no policy at all: no ALLOW policy, allowed', () => {
    expect(run([{request: {send, from: 'shop/web'}, authorized: true}], '')).toEqual([true]);
  });

  it('denied distinguishes 403, 401 and a closed connection', () => {
    const ra = 'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: shop}\nspec:\n  jwtRules: [{issuer: "https://idp"}]';
    const yaml = [policy('deny-tcp', 'action: DENY\nrules:\n- to:\n  - operation:\n      ports: ["5432"]'), policy('web', 'rules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]'), ra].join('\n---\n');
    const checks: ExerciseCheck[] = [
      {request: {send, from: 'shop/batch'}, denied: 403},
      {request: {send, from: 'shop/batch'}, denied: 'refused'},
      {request: {send, from: 'shop/web', jwtClaims: {iss: 'https://evil'}}, denied: 401},
      {request: {send: 'GET http://api.shop:5432/', from: 'shop/web'}, denied: 'refused'},
      {request: {send, from: 'shop/web'}, denied: true},
      {request: {send, from: 'shop/web'}, authorized: true},
    ];
    expect(run(checks, yaml)).toEqual([true, false, true, true, false, true]);
  });

  it('authorized: audit needs an AUDIT policy that matches', () => {
    expect(run([{request: {send, from: 'shop/web'}, authorized: 'audit'}], policy('audit', 'action: AUDIT\nrules:\n- {}'))).toEqual([true]);
    expect(run([{request: {send, from: 'shop/web'}, authorized: 'audit'}], '')).toEqual([false]);
  });

  it('a request handed to an ext_authz provider passes neither check', () => {
    const custom = `${MESH_CONFIG_WITH_OPA}\n---\n${policy('ext', 'action: CUSTOM\nprovider: {name: opa}\nrules:\n- {}')}`;
    expect(run([{request: {send, from: 'shop/web'}, authorized: true}, {request: {send, from: 'shop/web'}, denied: true}], custom)).toEqual([false, false]);
  });
});
