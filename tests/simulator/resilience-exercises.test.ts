/**
 * Exercise checks on resilience, mirroring and mTLS (`worstCaseLatency`, `ejected`,
 * `mirrored`, `connection`; request `upstream`, `requests`, `every`), run by checkExercise
 * and accepted by schemas/labs/exercise.schema.json through the lab-exercises plugin.
 */
import {cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {checkExercise, type ExerciseCheck} from '../../src/simulator/exercises';
import {labResources} from './helpers';

const bookinfo = labResources('bookinfo');
const check = (c: ExerciseCheck, yaml: string) => checkExercise({checks: [c]}, yaml, bookinfo)[0]!;
const ratingsVs = (fields: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings}
${fields}`;
const reviewsDr = (outlier: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy:
    outlierDetection:
${outlier}`;
const hang = {send: 'GET http://ratings:9080/', from: 'bookinfo/reviews-v2', upstream: 'ratings-v1: hang', requests: 3};
const failing = {send: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1', upstream: 'reviews-v1: 503', requests: 20, every: '1s'};

describe('worstCaseLatency', () => {
  it('fails without a timeout, saying the wait is unbounded', () => {
    const result = check({request: hang, worstCaseLatency: {atMost: '3s'}}, ratingsVs(''));
    expect(result).toMatchObject({passed: false, reason: expect.stringMatching(/^worst case unbounded/)});
  });

  it('passes when the route timeout bounds it, and fails when the bound is above the limit', () => {
    expect(check({request: hang, worstCaseLatency: {atMost: '3s'}}, ratingsVs('    timeout: 3s\n')).passed).toBe(true);
    expect(check({request: hang, worstCaseLatency: {atMost: '3s'}}, ratingsVs('    timeout: 4s\n')).passed).toBe(false);
  });

  it('counts tries and back-offs when only perTryTimeout bounds them: 3 × 1 s + 25 ms + 75 ms is over 3 s', () => {
    const result = check({request: hang, worstCaseLatency: {atMost: '3s'}}, ratingsVs('    retries: {attempts: 2, perTryTimeout: 1s, retryOn: 5xx}\n'));
    expect(result).toMatchObject({passed: false, reason: expect.stringMatching(/worst case 3100 ms/)});
  });
});

describe('ejected', () => {
  it('fails without outlierDetection', () => {
    expect(check({request: failing, ejected: {after: 3, for: '30s'}}, '')).toMatchObject({passed: false, reason: 'no pod is ejected: no DestinationRule sets outlierDetection'});
  });

  it('fails under the default maxEjectionPercent, naming it', () => {
    const result = check({request: failing, ejected: {after: 3, for: '30s'}}, reviewsDr('      consecutive5xxErrors: 3\n'));
    expect(result.passed).toBe(false);
    expect(result.reason).toMatch(/maxEjectionPercent 10/);
  });

  it('checks the count and the first ejection length', () => {
    const yaml = reviewsDr('      consecutive5xxErrors: 3\n      baseEjectionTime: 30s\n      maxEjectionPercent: 100\n');
    expect(check({request: failing, ejected: {after: 3, for: '30s'}}, yaml).passed).toBe(true);
    expect(check({request: failing, ejected: {after: 2, for: '30s'}}, yaml).passed).toBe(false);
    expect(check({request: failing, ejected: {after: 3, for: '1m'}}, yaml).passed).toBe(false);
  });
});

describe('mirrored', () => {
  const subsets = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}, {name: v3, labels: {version: v3}}]
`;
  const vs = (route: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
${route}${subsets}`;
  const request = {send: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1'};
  it('fails a 10% canary: users see v3', () => {
    const canary = vs('    - destination: {host: reviews, subset: v1}\n      weight: 90\n    - destination: {host: reviews, subset: v3}\n      weight: 10\n');
    const result = check({request, mirrored: {percent: 10, to: {subset: 'v3'}, neverSeen: true}}, canary);
    expect(result.passed).toBe(false);
    expect(result.reason).toMatch(/0% of requests are mirrored there, expected 10%; 10% of users get their answer from it/);
  });
  it('passes a 10% mirror to v3', () => {
    const mirror = vs('    - destination: {host: reviews, subset: v1}\n    mirror: {host: reviews, subset: v3}\n    mirrorPercentage: {value: 10}\n');
    expect(check({request, mirrored: {percent: 10, to: {subset: 'v3'}, neverSeen: true}}, mirror)).toMatchObject({passed: true});
    expect(check({request, mirrored: {percent: 20, to: {subset: 'v3'}}}, mirror).passed).toBe(false);
  });
});

describe('connection', () => {
  const strict = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec: {mtls: {mode: STRICT}}
`;
  it('says what every destination workload\'s connection is', () => {
    expect(check({request: {send: 'GET http://details.bookinfo:9080/', from: 'legacy/legacy-client'}, connection: 'failed'}, strict)).toMatchObject({passed: true, reason: expect.stringMatching(/bookinfo\/details-v1: failed \(plain text to a sidecar in STRICT/)});
    expect(check({request: {send: 'GET http://details.bookinfo:9080/', from: 'bookinfo/productpage-v1'}, connection: 'mtls'}, strict).passed).toBe(true);
  });
});

describe('the exercise schema', () => {
  it('accepts the new checks and request fields, and refuses a bad connection value and too many requests', () => {
    const site = mkdtempSync(join(tmpdir(), 'meshdive-resilience-exercises-'));
    cpSync('schemas', join(site, 'schemas'), {recursive: true});
    mkdirSync(join(site, 'labs', 'contexts'), {recursive: true});
    mkdirSync(join(site, 'labs', 'exercises'));
    cpSync('labs/contexts/bookinfo.yaml', join(site, 'labs', 'contexts', 'bookinfo.yaml'));
    const source = readFileSync('labs/exercises/reviews-outlier-ejection.yaml', 'utf8');
    const path = join(site, 'labs', 'exercises', 'reviews-outlier-ejection.yaml');
    writeFileSync(path, source);
    expect(Object.keys(loadExercises(site))).toEqual(['reviews-outlier-ejection']);
    writeFileSync(path, source.replace('requests: 20', 'requests: 5000'));
    expect(() => loadExercises(site)).toThrow(/reviews-outlier-ejection\.yaml/);
    writeFileSync(path, source.replace('ejected: {after: 3, for: 30s}', 'connection: maybe'));
    expect(() => loadExercises(site)).toThrow(/reviews-outlier-ejection\.yaml/);
  });
});
