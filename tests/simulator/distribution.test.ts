import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {largestShare} from '../../src/simulator/distribution';
import {exactDistribution, parseRequest, RequestSyntaxError, sampleRequests, seededRandom} from '../../src/simulator/index';
import {reviewsVs, route} from './helpers';

const split = reviewsVs(`    - fault:\n        abort: {httpStatus: 503, percentage: {value: 10}}\n      route:\n      - destination: {host: reviews, subset: v1}\n        weight: 70\n      - destination: {host: reviews, subset: v3}\n        weight: 30\n`);

describe('exact distribution', () => {
  it('multiplies abort share, weights and pods exactly', () => {
    const decision = route({yaml: split, request: 'GET http://reviews:9080/'});
    expect(decision.distribution.map(({share, status, flags, subset}) => ({share, status, flags, subset}))).toEqual([
      {share: 0.1, status: 503, flags: 'FI', subset: undefined},
      {share: 0.9 * 0.7, status: 200, flags: undefined, subset: 'v1'},
      {share: 0.9 * 0.3, status: 200, flags: undefined, subset: 'v3'},
    ]);
  });

  it('always sums to 1 for any weights and abort share', () => {
    fc.assert(fc.property(fc.array(fc.integer({min: 1, max: 1000}), {minLength: 1, maxLength: 6}), fc.integer({min: 0, max: 100}), fc.integer({min: 1, max: 4}), (weights, abort, pods) => {
      const total = weights.reduce((a, b) => a + b, 0);
      const destinations = weights.map((w, i) => ({host: 'h', port: 1, subset: `s${i}`, weight: w, share: w / total, cluster: 'c', status: 200, pods: Array.from({length: pods}, (_, p) => `p${i}-${p}`)}));
      const entries = exactDistribution(destinations, {abort: {status: 500, share: abort / 100}});
      expect(entries.reduce((sum, e) => sum + e.share, 0)).toBeCloseTo(1, 12);
    }));
  });
});

describe('the answer most requests get', () => {
  it('sums the shares of one status and flags across pods before comparing', () => {
    const top = largestShare([
      {share: 0.4, status: 200, pod: 'a'},
      {share: 0.3, status: 403, pod: 'b'},
      {share: 0.3, status: 403, pod: 'c'},
    ]);
    expect(top).toEqual({status: 403, flags: undefined});
  });

  it('keeps a status with different flags apart, and answers nothing for no requests', () => {
    expect(largestShare([{share: 0.3, status: 503, flags: 'UC'}, {share: 0.3, status: 503, flags: 'UF'}, {share: 0.4, status: 200}])).toEqual({status: 200, flags: undefined});
    expect(largestShare([])).toBeUndefined();
  });
});

describe('sampled run', () => {
  it('is deterministic for a seed and follows the exact shares', () => {
    const decision = route({yaml: split, request: 'GET http://reviews:9080/'});
    const first = sampleRequests(decision, 20_000, 7);
    expect(sampleRequests(decision, 20_000, 7)).toEqual(first);
    expect(first.reduce((sum, e) => sum + e.count, 0)).toBe(20_000);
    const v3 = first.find((e) => e.subset === 'v3')!.count / 20_000;
    expect(Math.abs(v3 - 0.27)).toBeLessThan(0.015);
    expect(sampleRequests(decision, 20_000, 8)).not.toEqual(first);
  });

  it('draws from a PRNG with a fixed sequence', () => {
    const random = seededRandom(1);
    const values = [random(), random(), random()];
    const again = seededRandom(1);
    expect([again(), again(), again()]).toEqual(values);
    for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
  });
});

describe('request parser', () => {
  it('reads method, URL, port, path, query and headers', () => {
    expect(parseRequest(`POST https://Reviews.default:8443/a/b?x=1&y=2 -H 'End-User: jason' --header "x-b: c d"`)).toEqual({
      method: 'POST', scheme: 'https', host: 'reviews.default', port: 8443, path: '/a/b', query: 'x=1&y=2', headers: {'end-user': 'jason', 'x-b': 'c d'},
    });
    expect(parseRequest('reviews')).toMatchObject({method: 'GET', scheme: 'http', host: 'reviews', port: undefined, path: '/'});
    expect(parseRequest('http://reviews/ -X put')).toMatchObject({method: 'PUT'});
  });

  it.each([
    ['GET', /needs a URL/],
    ['GET http://reviews/ -H', /needs a value/],
    ['GET http://reviews/ -H nocolon', /name:value/],
    ['GET http://reviews/ --data x', /unknown request option/],
    ["GET 'http://reviews/", /unterminated/],
    ['GET http://reviews:99999/', /out of range/],
  ])('rejects %s', (text, message) => {
    expect(() => parseRequest(text)).toThrow(RequestSyntaxError);
    expect(() => parseRequest(text)).toThrow(message);
  });
});
