/**
 * The lab panel's heading under an upstream script (resilience/headline.ts): the timeline decides
 * what the client gets, so the heading leads with its most frequent answer, not the routing 200.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {timelineHeadline} from '../../src/simulator/resilience/headline';
import {timeline} from '../../src/simulator/resilience/timeline';
import {documents, labResources} from './helpers';

function requestsUnder(script: string, requests = 10) {
  const world = new World(labResources('bookinfo'), [documents('')]);
  return timeline(world, {request: parseRequest('GET http://reviews.bookinfo:9080/'), from: 'bookinfo/productpage-v1'}, script, {requests}).requests;
}

describe('the heading under an upstream script', () => {
  it('leads with the most frequent answer and counts each', () => {
    // One of three reviews pods answers 503 (not retried by the mesh default): a third of the requests fail.
    const headline = timelineHeadline(requestsUnder('reviews-v1: 503 after 5ms'))!;
    expect(headline.status).toBe('200');
    expect(headline.text).toMatch(/^10 requests under the upstream script: 6 × 200, 4 × 503; the longest took \d+ ms$/);
  });

  it('a script where every pod refuses leads with the proxy\'s 503 UF,URX', () => {
    expect(timelineHeadline(requestsUnder('*: refuse', 3))).toMatchObject({status: '503 UF,URX', text: expect.stringMatching(/^3 requests under the upstream script: 3 × 503 UF,URX/)});
  });

  it('a hang says that a request never ends', () => {
    expect(timelineHeadline(requestsUnder('*: hang'))).toEqual({status: 'no response', text: '1 request under the upstream script: 1 × no response; a request never ends'});
  });

  it('no request, no heading', () => {
    expect(timelineHeadline([])).toBeUndefined();
  });
});
