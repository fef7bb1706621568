/**
 * The lab request panel's rate field (src/simulator/lab-request.ts, ratelimit/lab-rate.ts,
 * ratelimit/draw.ts): the plan records the run's first requests one by one with the limit that
 * refused each, the field is bounded, and the legend names each limit's refused requests as runs.
 * Linkerd's limit is governor's GCRA (linkerd2-proxy server-policy local_rate_limit.rs): a burst
 * of n, then one request every 1/n s.
 */
import {describe, expect, it} from 'vitest';
import {simulateLabRequest} from '../../src/simulator/lab-request';
import {MAX_LAB_RATE, readLabRate} from '../../src/simulator/ratelimit/lab-rate';
import {rateLimitLegend, requestRuns} from '../../src/simulator/ratelimit/draw';
import {MAX_RECORDED_REQUESTS} from '../../src/simulator/ratelimit/plan';
import {labResources} from './helpers';
import {linkerdRateLimit} from './ratelimit-support';

function panel(yaml: string, rate: string, host = 'reviews-v1.bookinfo:9080') {
  const answer = simulateLabRequest(yaml, labResources('linkerd-reviews'), {method: 'GET', host, path: '/', headers: {}, from: 'bookinfo/productpage-v1', rate});
  if (answer.kind !== 'decision') throw new Error(answer.message);
  return answer;
}

describe('the rate field', () => {
  it('draws which requests of the burst pass and which the identity limit answers 429', () => {
    const {rateLimit} = panel(linkerdRateLimit('  identity: {requestsPerSecond: 10}\n'), '20');
    expect(rateLimit).toMatchObject({rate: 20, seconds: 10, servedPerSecond: 10});
    const requests = rateLimit!.requests;
    expect(requests).toHaveLength(MAX_RECORDED_REQUESTS);
    // Requests leave every 50 ms: the burst serves the first ones, then the GCRA lets one in
    // every 100 ms, every other request.
    expect(requests.slice(0, 3).map((r) => r.atMs)).toEqual([0, 50, 100]);
    const outcomes = requests.map((r) => r.outcome);
    expect(outcomes.slice(0, 10)).toEqual(Array(10).fill('served'));
    expect(outcomes.slice(60, 120).filter((o) => o === 'served')).toHaveLength(30);
    const refused = requests.filter((r) => r.outcome === 'limited');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.by === 0 && r.to?.startsWith('pod reviews-v1-'))).toBe(true);
    const [legend] = rateLimitLegend(rateLimit!);
    expect(legend).toMatchObject({index: 0, policy: 'HTTPLocalRateLimitPolicy bookinfo/limit', limit: 'identity 10 rps for bookinfo-productpage.bookinfo.serviceaccount.identity.linkerd.cluster.local'});
    expect(legend!.recorded).toMatch(/^#\d+, #\d+/);
  });

  it("names the client's own limit when it refuses first, and the pod's for what passes it (Istio: SIDECAR_OUTBOUND, then SIDECAR_INBOUND)", () => {
    const filter = (name: string, context: string, labels: string, tokens: number) => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: ${name}, namespace: bookinfo}
spec:
  workloadSelector: {labels: {${labels}}}
  configPatches:
  - applyTo: HTTP_FILTER
    match: {context: ${context}}
    patch:
      operation: INSERT_BEFORE
      value:
        name: envoy.filters.http.local_ratelimit
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
          stat_prefix: limit
          token_bucket: {max_tokens: ${tokens}, tokens_per_fill: ${tokens}, fill_interval: 1s}
          filter_enabled: {default_value: {numerator: 100, denominator: HUNDRED}}
          filter_enforced: {default_value: {numerator: 100, denominator: HUNDRED}}
`;
    const yaml = `${filter('client-limit', 'SIDECAR_OUTBOUND', 'app: productpage', 8)}---\n${filter('reviews-limit', 'SIDECAR_INBOUND', 'app: reviews', 2)}`;
    const answer = simulateLabRequest(yaml, labResources('bookinfo'), {method: 'GET', host: 'reviews.bookinfo', path: '/', headers: {}, from: 'bookinfo/productpage-v1', rate: '10'});
    if (answer.kind !== 'decision') throw new Error(answer.message);
    const plan = answer.rateLimit!;
    const byName = (name: string) => plan.enforcers.findIndex((e) => e.policy.name === name);
    const firstSecond = plan.requests.slice(0, 10);
    // The client's bucket of 8 refuses the 9th and 10th of the first second before any pod sees them.
    expect(firstSecond.slice(8).map((r) => [r.outcome, r.by, r.to])).toEqual([['limited', byName('client-limit'), undefined], ['limited', byName('client-limit'), undefined]]);
    // Each reviews pod's bucket of 2 refuses its third request of the second.
    expect(firstSecond.filter((r) => r.outcome === 'limited' && r.by === byName('reviews-limit')).length).toBeGreaterThan(0);
    const legend = rateLimitLegend(plan);
    expect(legend.find((e) => e.policy === 'EnvoyFilter bookinfo/client-limit')!.recorded).toMatch(/^#9–#10/);
  });

  it('a rate under every limit serves every request and lists the limit with none refused', () => {
    const {rateLimit} = panel(linkerdRateLimit('  identity: {requestsPerSecond: 10}\n'), '5');
    expect(rateLimit!.requests.every((r) => r.outcome === 'served')).toBe(true);
    expect(rateLimitLegend(rateLimit!)[0]!.recorded).toBe('none');
  });

  it('is bounded and says what is wrong with a rate it refuses', () => {
    expect(readLabRate('')).toBeUndefined();
    expect(readLabRate(' 12.5 ')).toBe(12.5);
    expect(readLabRate(String(MAX_LAB_RATE + 1))).toEqual({error: expect.stringMatching(/at most 1000 requests per second/)});
    expect(readLabRate('0')).toEqual({error: expect.stringMatching(/above 0/)});
    expect(readLabRate('fast')).toEqual({error: expect.stringMatching(/must be a number/)});
    const answer = panel(linkerdRateLimit('  identity: {requestsPerSecond: 10}\n'), '5000');
    expect(answer.rateLimit).toBeUndefined();
    expect(answer.rateLimitError).toMatch(/at most 1000/);
  });

  it('an unrouted request reaches no limit, and says why', () => {
    const answer = panel(linkerdRateLimit('  identity: {requestsPerSecond: 10}\n'), '20', 'nowhere.bookinfo:9080');
    expect(answer.rateLimit).toBeUndefined();
    expect(answer.rateLimitError).toMatch(/not routed/);
  });

  it('a blank field asks for no plan', () => {
    expect(panel(linkerdRateLimit('  identity: {requestsPerSecond: 10}\n'), '').rateLimit).toBeUndefined();
  });
});

describe('request runs', () => {
  it('writes consecutive request numbers as ranges and caps the runs', () => {
    expect(requestRuns([1, 2, 3, 5, 7, 8])).toBe('#1–#3, #5, #7–#8');
    expect(requestRuns([1, 3, 5, 7], 2)).toBe('#1, #3, and 2 more runs');
  });
});
