import {describe, expect, it} from 'vitest';
import {simulateLabRequest} from '../../src/simulator/lab-request';
import {labContext, SEED_VIRTUAL_SERVICE as SEED_VS} from '../support/labs';

const reviews = labContext('reviews');

const get = (headers: Record<string, string> = {}) => ({method: 'GET', host: 'reviews', path: '/', headers});

describe('a request sent from a YAML lab', () => {
  it('sends jason to v2 and points at the first HTTP route in the YAML', () => {
    const answer = simulateLabRequest(SEED_VS, reviews.resources, get({'End-User': 'jason'}));
    expect(answer.kind).toBe('decision');
    if (answer.kind !== 'decision') return;
    expect(answer.decision.destinations.map((destination) => [destination.subset, destination.share])).toEqual([['v2', 1]]);
    expect(answer.routeRange).toMatchObject({start: {line: 10}, end: {line: 17}});
  });

  it('splits everyone else 50/50 between v1 and v3, pointing at the second route', () => {
    const answer = simulateLabRequest(SEED_VS, reviews.resources, get());
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.decision.destinations.map((destination) => [destination.subset, destination.share])).toEqual([
      ['v1', 0.5],
      ['v3', 0.5],
    ]);
    expect(answer.routeRange).toMatchObject({start: {line: 18}, end: {line: 26}});
  });

  it('shows the 503 of a subset that no DestinationRule defines', () => {
    const answer = simulateLabRequest(SEED_VS.replace('subset: v2', 'subset: v9'), reviews.resources, get({'end-user': 'jason'}));
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.decision.destinations[0]).toMatchObject({subset: 'v9', status: 503, flags: 'NC'});
  });

  it('refuses to guess when the YAML is invalid', () => {
    const answer = simulateLabRequest(SEED_VS.replace('    route:\n    - destination:\n        host: reviews\n        subset: v2', '    rout:\n    - destination:\n        host: reviews\n        subset: v2'), reviews.resources, get());
    expect(answer).toMatchObject({kind: 'invalid', message: expect.stringMatching(/not valid .*line 14/)});
  });

  it('reads a port typed in the Host field and keeps the whole query string of the Path field', () => {
    const answer = simulateLabRequest(SEED_VS, reviews.resources, {method: 'GET', host: 'reviews:9080', path: 'api?x=1?y=2', headers: {'end-user': 'jason'}});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.decision).toMatchObject({outcome: 'routed', status: 200, request: {port: 9080, path: '/api', url: 'GET http://reviews:9080/api?x=1?y=2'}});
    expect(answer.decision.destinations.map((destination) => destination.subset)).toEqual(['v2']);
  });
});

describe('a request with an upstream behaviour script', () => {
  it('carries the timeline of ten requests under the script, beside the decision', () => {
    const answer = simulateLabRequest(SEED_VS, reviews.resources, {...get(), upstream: '*: 503 after 10ms'});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.timeline!.requests).toHaveLength(10);
    // The mesh default retries leave a 503 alone (retry.go, no retriable status codes).
    expect(answer.timeline!.requests.every((r) => r.status === 503 && r.attempts.length === 1)).toBe(true);
    expect(answer.timelineError).toBeUndefined();
  });

  it('says what is wrong with a script, and still answers the decision', () => {
    const answer = simulateLabRequest(SEED_VS, reviews.resources, {...get(), upstream: 'pod 1 hang'});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    expect(answer.timeline).toBeUndefined();
    expect(answer.timelineError).toMatch(/^upstream script line 1: no ":"/);
    expect(answer.decision.destinations.length).toBeGreaterThan(0);
  });
});
