/**
 * Rate limiting, deterministic: Linkerd's HTTPLocalRateLimitPolicy (linkerd2-proxy server-policy
 * local_rate_limit.rs: total checked first, then an override or the identity limit; governor's
 * Quota::per_second(n): a burst of n, then one every 1/n s) and Istio's local rate limit
 * EnvoyFilter (Envoy's TokenBucket: max_tokens at the start, tokens_per_fill every fill_interval;
 * filter_enabled and filter_enforced 0% unless written), each enforced per proxy.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World} from '../../src/simulator/index';
import {Gcra, NANOS_PER_SECOND, TokenBucket} from '../../src/simulator/ratelimit/bucket';
import {planRateLimit, RateLimitError} from '../../src/simulator/ratelimit/plan';
import {documents, labResources} from './helpers';
import {linkerdRateLimit, REVIEWS_SERVER} from './ratelimit-support';

function linkerdPlan(yaml: string, rate: number, from = 'bookinfo/productpage-v1', host = 'reviews-v1') {
  const world = new World(labResources('linkerd-reviews'), [documents(yaml)]);
  return planRateLimit(world, simulate(world, {request: parseRequest(`GET http://${host}.bookinfo:9080/`), from}), rate);
}

describe('the buckets', () => {
  it("governor's per-second quota: a burst of n at once, then one every 1/n s", () => {
    const gcra = new Gcra(5);
    expect([0, 0, 0, 0, 0, 0].map((t) => gcra.check(t))).toEqual([true, true, true, true, true, false]);
    expect(gcra.check(NANOS_PER_SECOND / 5 - 1)).toBe(false);
    expect(gcra.check(NANOS_PER_SECOND / 5)).toBe(true);
  });

  it("Envoy's token bucket: max_tokens at first, tokens_per_fill at each whole fill_interval, capped", () => {
    const bucket = new TokenBucket(4, 4, 60 * NANOS_PER_SECOND);
    expect([0, 1, 2, 3, 4].map((s) => bucket.check(s * NANOS_PER_SECOND))).toEqual([true, true, true, true, false]);
    expect(bucket.check(59.9 * NANOS_PER_SECOND)).toBe(false);
    expect(bucket.check(60 * NANOS_PER_SECOND)).toBe(true);
    const capped = new TokenBucket(2, 5, NANOS_PER_SECOND);
    expect([10, 10, 10].map((s) => capped.check(s * NANOS_PER_SECOND))).toEqual([true, true, false]);
  });
});

describe("Linkerd's HTTPLocalRateLimitPolicy", () => {
  it('serves a client its identity limit per second once the burst is spent, and answers the rest 429', () => {
    const plan = linkerdPlan(linkerdRateLimit('  identity: {requestsPerSecond: 10}\n'), 25);
    expect(plan).toMatchObject({sent: 250, servedPerSecond: 10, status: 429});
    expect(plan.served + plan.limited).toBe(250);
    expect(plan.firstSecond.served).toBeGreaterThan(10);
    expect(plan.enforcers).toMatchObject([{mesh: 'linkerd', policy: {name: 'limit'}, receives: 25}]);
  });

  it('applies the limit per pod: three reviews pods serve three times the per-pod limit', () => {
    expect(linkerdPlan(linkerdRateLimit('  identity: {requestsPerSecond: 10}\n'), 60, undefined, 'reviews').servedPerSecond).toBe(30);
  });

  it('checks total before the identity limit, so the smaller one decides', () => {
    expect(linkerdPlan(linkerdRateLimit('  total: {requestsPerSecond: 4}\n  identity: {requestsPerSecond: 4}\n'), 20).servedPerSecond).toBe(4);
    expect(linkerdPlan(linkerdRateLimit('  total: {requestsPerSecond: 100}\n  identity: {requestsPerSecond: 6}\n'), 20).servedPerSecond).toBe(6);
  });

  it("replaces the identity limit with an override for the client's service account", () => {
    const yaml = linkerdRateLimit('  identity: {requestsPerSecond: 5}\n  overrides:\n  - requestsPerSecond: 15\n    clientRefs: [{kind: ServiceAccount, name: bookinfo-productpage}]\n');
    expect(linkerdPlan(yaml, 40).servedPerSecond).toBe(15);
    expect(linkerdPlan(yaml, 40, 'bookinfo/reviews-v2').servedPerSecond).toBe(5);
  });

  it('limits nothing without a policy on the Server, and never reaches the limit when authorization refuses first', () => {
    expect(linkerdPlan(REVIEWS_SERVER, 50)).toMatchObject({servedPerSecond: 50, limited: 0, enforcers: []});
    const denied = linkerdPlan(linkerdRateLimit('  identity: {requestsPerSecond: 5}\n').replace('accessPolicy: all-unauthenticated', 'accessPolicy: deny'), 20);
    expect(denied).toMatchObject({served: 0, limited: 0, denied: 200});
  });

  it('refuses a rate it cannot run in bounded time', () => {
    const world = new World(labResources('linkerd-reviews'), []);
    const decision = simulate(world, {request: parseRequest('GET http://reviews.bookinfo:9080/'), from: 'bookinfo/productpage-v1'});
    for (const rate of [0, -1, Number.NaN, 10_001]) expect(() => planRateLimit(world, decision, rate)).toThrow(RateLimitError);
  });
});

describe("Istio's local rate limit (istio.io local rate limiting task's EnvoyFilter)", () => {
  const envoyFilter = (bucket: string, extra = '', context = 'SIDECAR_INBOUND', selector = 'app: reviews'): string => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: reviews-ratelimit, namespace: bookinfo}
spec:
  workloadSelector:
    labels: {${selector}}
  configPatches:
  - applyTo: HTTP_FILTER
    match:
      context: ${context}
      listener:
        filterChain:
          filter: {name: envoy.filters.network.http_connection_manager}
    patch:
      operation: INSERT_BEFORE
      value:
        name: envoy.filters.http.local_ratelimit
        typed_config:
          "@type": type.googleapis.com/udpa.type.v1.TypedStruct
          type_url: type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
          value:
            stat_prefix: http_local_rate_limiter
            token_bucket: {${bucket}}
${extra}`;
  const enforced = '            filter_enabled: {runtime_key: e, default_value: {numerator: 100, denominator: HUNDRED}}\n            filter_enforced: {runtime_key: f, default_value: {numerator: 100, denominator: HUNDRED}}\n';
  const plan = (yaml: string, rate: number, host = 'reviews') => {
    const world = new World(labResources('bookinfo'), [documents(yaml)]);
    return planRateLimit(world, simulate(world, {request: parseRequest(`GET http://${host}:9080/`), from: 'bookinfo/productpage-v1'}), rate);
  };

  it('lets each reviews pod serve its bucket, the rest 429', () => {
    const result = plan(envoyFilter('max_tokens: 4, tokens_per_fill: 4, fill_interval: 1s', enforced), 30);
    expect(result).toMatchObject({servedPerSecond: 12, status: 429});
    expect(result.enforcers.map((e) => e.proxy.replace(/-[a-z0-9]+-[a-z0-9]+ /, ' '))).toEqual(['pod reviews-v1 (SIDECAR_INBOUND)', 'pod reviews-v2 (SIDECAR_INBOUND)', 'pod reviews-v3 (SIDECAR_INBOUND)']);
  });

  it("limits nothing while filter_enabled and filter_enforced are unset (Envoy's 0% default), and says so", () => {
    const result = plan(envoyFilter('max_tokens: 4, tokens_per_fill: 4, fill_interval: 1s'), 30);
    expect(result).toMatchObject({servedPerSecond: 30, limited: 0});
    expect(result.notes.some((n) => n.includes('filter_enabled or filter_enforced is unset or 0%'))).toBe(true);
  });

  it("limits the client's own requests at SIDECAR_OUTBOUND, before any pod", () => {
    const result = plan(envoyFilter('max_tokens: 5, tokens_per_fill: 5, fill_interval: 1s', enforced, 'SIDECAR_OUTBOUND', 'app: productpage'), 30);
    expect(result.servedPerSecond).toBe(5);
    expect(result.enforcers).toMatchObject([{proxy: "the client's sidecar (SIDECAR_OUTBOUND)", receives: 30}]);
  });

  it('takes the filter status code when the config sets one', () => {
    expect(plan(envoyFilter('max_tokens: 1, tokens_per_fill: 1, fill_interval: 1s', `${enforced}            status: {code: 503}\n`), 10).status).toBe(503);
    expect(plan(envoyFilter('max_tokens: 1, tokens_per_fill: 1, fill_interval: 1s', `${enforced}            status: {code: 503}\n`, 'SIDECAR_OUTBOUND', 'app: productpage'), 10).status).toBe(503);
  });
});

describe('bounds', () => {
  it('runs a Service of many unlimited workloads as one lane, and refuses too many limited ones at a high rate', () => {
    const workloads = Array.from({length: 400}, (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: w${i}, namespace: bookinfo}
spec:
  replicas: 1
  selector: {matchLabels: {app: many, n: "${i}"}}
  template:
    metadata: {labels: {app: many, n: "${i}"}}
    spec: {containers: [{name: c, image: x}]}
`).join('---\n');
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: many, namespace: bookinfo}\nspec:\n  selector: {app: many}\n  ports: [{name: http, port: 9080}]\n---\n';
    const world = new World(labResources('bookinfo'), [documents(`${service}${workloads}`)]);
    const decision = simulate(world, {request: parseRequest('GET http://many:9080/'), from: 'bookinfo/productpage-v1'});
    expect(planRateLimit(world, decision, 10_000)).toMatchObject({servedPerSecond: 10_000, limited: 0});
    const limitAll = `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: all, namespace: bookinfo}
spec:
  workloadSelector: {labels: {app: many}}
  configPatches:
  - applyTo: HTTP_FILTER
    match: {context: SIDECAR_INBOUND}
    patch:
      operation: INSERT_FIRST
      value:
        name: envoy.filters.http.local_ratelimit
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
          stat_prefix: rl
          token_bucket: {max_tokens: 1, tokens_per_fill: 1, fill_interval: 1s}
---
`;
    const limited = new World(labResources('bookinfo'), [documents(`${limitAll}${service}${workloads}`)]);
    const limitedDecision = simulate(limited, {request: parseRequest('GET http://many:9080/'), from: 'bookinfo/productpage-v1'});
    expect(() => planRateLimit(limited, limitedDecision, 10_000)).toThrow(/more than the simulation runs/);
    expect(planRateLimit(limited, limitedDecision, 400).enforcers).toHaveLength(400);
  });
});
