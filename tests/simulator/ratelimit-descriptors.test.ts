/**
 * Istio's per-route local rate limits and descriptors (src/simulator/ratelimit/route-limits.ts),
 * as the istio.io task "Enabling Rate Limits using Envoy" writes them: an HTTP_FILTER patch
 * inserts envoy.filters.http.local_ratelimit with no bucket, an HTTP_ROUTE patch MERGEs
 * `rate_limits` (the actions that build the request's descriptors) and a per-route LocalRateLimit
 * (`typed_per_filter_config`: a default token bucket and descriptors with buckets of their own).
 * Each reviews pod (three in bookinfo: v1, v2, v3) has its own buckets.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World} from '../../src/simulator/index';
import {planRateLimit} from '../../src/simulator/ratelimit/plan';
import {documents, insertLocalRateLimit, labResources} from './helpers';

const insert = insertLocalRateLimit('SIDECAR_INBOUND');

const perRoute = ({defaultTokens = 100, consumeDefault = '', actions = ''} = {}) => `  - applyTo: HTTP_ROUTE
    match:
      context: SIDECAR_INBOUND
      routeConfiguration:
        vhost:
          name: "inbound|http|9080"
          route: {action: ANY}
    patch:
      operation: MERGE
      value:
        rate_limits:
        - actions:
          - header_value_match:
              descriptor_value: api
              headers:
              - name: ":path"
                string_match: {prefix: /api}
        - actions:
          - request_headers: {header_name: x-user, descriptor_key: user}
${actions}        typed_per_filter_config:
          envoy.filters.http.local_ratelimit:
            "@type": type.googleapis.com/udpa.type.v1.TypedStruct
            type_url: type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
            value:
              stat_prefix: http_local_rate_limiter
              token_bucket: {max_tokens: ${defaultTokens}, tokens_per_fill: ${defaultTokens}, fill_interval: 1s}
${consumeDefault}              descriptors:
              - entries: [{key: header_match, value: api}]
                token_bucket: {max_tokens: 2, tokens_per_fill: 2, fill_interval: 1s}
              - entries: [{key: user, value: jason}]
                token_bucket: {max_tokens: 5, tokens_per_fill: 5, fill_interval: 1s}
              filter_enabled: {runtime_key: local_rate_limit_enabled, default_value: {numerator: 100, denominator: HUNDRED}}
              filter_enforced: {runtime_key: local_rate_limit_enforced, default_value: {numerator: 100, denominator: HUNDRED}}
`;

const envoyFilter = (patches: string) => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: reviews-ratelimit, namespace: bookinfo}
spec:
  workloadSelector: {labels: {app: reviews}}
  configPatches:
${patches}`;

function plan(yaml: string, request: string, rate = 60) {
  const world = new World(labResources('bookinfo'), [documents(yaml)]);
  return planRateLimit(world, simulate(world, {request: parseRequest(request), from: 'bookinfo/productpage-v1'}), rate);
}

describe('per-route buckets', () => {
  it("a request no descriptor matches takes the route's default bucket", () => {
    const p = plan(envoyFilter(insert + perRoute({defaultTokens: 4})), 'GET http://reviews.bookinfo:9080/');
    // Three pods, each 4 per second.
    expect(p.servedPerSecond).toBe(12);
    expect(p.enforcers.map((e) => e.limit)).toEqual(Array(3).fill("the route's default token bucket of 4, 4 every 1s"));
    expect(p.notes.join('\n')).toMatch(/descriptors on its route: none; no configured descriptor matches/);
  });

  it("a path the header_value_match action matches gets the descriptor's bucket (2 per second per pod)", () => {
    const p = plan(envoyFilter(insert + perRoute()), 'GET http://reviews.bookinfo:9080/api/reviews');
    expect(p.servedPerSecond).toBe(6);
    expect(p.notes.join('\n')).toMatch(/\[header_match=api\]; matching \[header_match=api\]/);
  });

  it('a request_headers action builds its descriptor from the header: jason gets 5 per second per pod, others the default', () => {
    expect(plan(envoyFilter(insert + perRoute()), 'GET http://reviews.bookinfo:9080/ -H x-user:jason').servedPerSecond).toBe(15);
    expect(plan(envoyFilter(insert + perRoute()), 'GET http://reviews.bookinfo:9080/ -H x-user:alice').servedPerSecond).toBe(60);
  });

  it('with two matching descriptors the slower-filling bucket is checked first and limits', () => {
    const p = plan(envoyFilter(insert + perRoute()), 'GET http://reviews.bookinfo:9080/api -H x-user:jason');
    expect(p.servedPerSecond).toBe(6);
    expect(p.enforcers.slice(0, 2).map((e) => e.limit)).toEqual(['descriptor [header_match=api]: token bucket of 2, 2 every 1s', 'descriptor [user=jason]: token bucket of 5, 5 every 1s']);
  });

  it('orders matching descriptors by their exact fill rate: 15 per 1s (15/s) before 10 per 0.5s (20/s)', () => {
    // Envoy sorts the matched buckets by fillRate(), tokens_per_fill / fill_interval in seconds as a double
    // (local_ratelimit_impl.cc, RateLimitTokenBucket and LocalRateLimiterImpl::requestAllowed); whole
    // seconds (10 / 1 = 10/s, so the 0.5s bucket first) was Envoy's order before its atomic token bucket.
    const rates = perRoute()
      .replace('{max_tokens: 2, tokens_per_fill: 2, fill_interval: 1s}', '{max_tokens: 10, tokens_per_fill: 10, fill_interval: 0.5s}')
      .replace('{max_tokens: 5, tokens_per_fill: 5, fill_interval: 1s}', '{max_tokens: 15, tokens_per_fill: 15, fill_interval: 1s}');
    const p = plan(envoyFilter(insert + rates), 'GET http://reviews.bookinfo:9080/api -H x-user:jason');
    expect(p.enforcers.slice(0, 2).map((e) => e.limit)).toEqual(['descriptor [user=jason]: token bucket of 15, 15 every 1s', 'descriptor [header_match=api]: token bucket of 10, 10 every 0.5s']);
    expect(p.servedPerSecond).toBe(45);
  });

  it('the default bucket is consumed too unless always_consume_default_token_bucket is false', () => {
    expect(plan(envoyFilter(insert + perRoute({defaultTokens: 3})), 'GET http://reviews.bookinfo:9080/ -H x-user:jason').servedPerSecond).toBe(9);
    const apart = perRoute({defaultTokens: 3, consumeDefault: '              always_consume_default_token_bucket: false\n'});
    expect(plan(envoyFilter(insert + apart), 'GET http://reviews.bookinfo:9080/ -H x-user:jason').servedPerSecond).toBe(15);
  });

  it('a per-route limit without the filter in the chain limits nothing, and says so', () => {
    const p = plan(envoyFilter(perRoute()), 'GET http://reviews.bookinfo:9080/api');
    expect(p.servedPerSecond).toBe(60);
    expect(p.notes.join('\n')).toMatch(/no EnvoyFilter inserts envoy.filters.http.local_ratelimit at SIDECAR_INBOUND/);
  });

  it('an action it does not simulate drops its descriptor, and says so', () => {
    const p = plan(envoyFilter(insert + perRoute({actions: '        - actions:\n          - remote_address: {}\n'})), 'GET http://reviews.bookinfo:9080/');
    expect(p.notes.join('\n')).toMatch(/the rate_limits action remote_address is not simulated/);
  });
});
