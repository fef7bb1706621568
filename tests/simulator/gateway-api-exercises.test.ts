/** Exercise checks (reaches, never, share, timeout, retries) judged on HTTPRoute labs, mesh and Gateway traffic alike. */
import {describe, expect, it} from 'vitest';
import {checkExercise, type ExerciseCheck} from '../../src/simulator/exercises';
import {backend, edgeRoute, meshRoute, shopContext} from './gateway-api-support';

const CANARY = meshRoute(`  - timeouts: {request: 3s}
    backendRefs:
${backend('reviews-v1', 90)}
${backend('reviews-v2', 10)}
`);

const check = (yaml: string, ...checks: ExerciseCheck[]) => checkExercise({checks}, yaml, shopContext());
const send = 'GET http://reviews.shop:9080/';

describe('exercise checks on HTTPRoutes', () => {
  it('measures shares by backend Service or by pod labels', () => {
    const results = check(CANARY,
      {valid: true},
      {request: {send}, share: {host: 'reviews-v2', about: 0.1}},
      {request: {send}, share: {labels: {version: 'v1'}, about: 0.9}},
      {request: {send}, never: {host: 'reviews-v3'}},
      {request: {send}, timeout: '3s'});
    expect(results.map((r) => [r.passed, r.reason])).toEqual([
      [true, 'no errors'],
      [true, '10% reach reviews-v2 (expected 10% ± 1%)'],
      [true, '90% reach pods with version=v1 (expected 90% ± 1%)'],
      [true, 'no request reaches reviews-v3'],
      [true, 'timeout is 3s, expected 3s'],
    ]);
  });

  it('fails a reaches check with the shares the route gives, a missing backend answering 500', () => {
    const yaml = CANARY.replace(backend('reviews-v2', 10), backend('reviews-v7', 10));
    const [reaches, errors] = check(yaml, {request: {send}, reaches: {host: 'reviews-v1'}}, {request: {send}, share: {status: 500, about: 0.1}});
    expect(reaches).toMatchObject({passed: false, reason: 'only 90% reach reviews-v1; 90% 200, 10% 500 NC'});
    expect(errors).toMatchObject({passed: true});
  });

  it('judges requests entering through a Gateway API Gateway', () => {
    const yaml = edgeRoute(`  - backendRefs:\n${backend('reviews-v3')}\n`, 'edge-routes', '  hostnames: [books.shop.example]\n');
    const [reaches, never] = check(yaml,
      {request: {send: 'GET http://books.shop.example/', gateway: 'shop/edge'}, reaches: {labels: {version: 'v3'}}},
      {request: {send: 'GET http://other.example/', gateway: 'shop/edge'}, reaches: {status: 404}});
    expect(reaches).toMatchObject({passed: true});
    expect(never).toMatchObject({passed: true, reason: 'all requests reach status 404'});
  });
});
