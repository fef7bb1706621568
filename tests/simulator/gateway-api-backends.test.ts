/**
 * backendRefs: relative weights, weight 0, invalid backends answering 500 for their share
 * (HTTPRouteRule.backendRefs; Istio's route.go applyHTTPRouteDestination sets the
 * cluster-not-found code to 500, conversion.go convertHTTPRoute answers 500 when every
 * weight is 0 and 404 when there is no backendRef; Linkerd's invalid_backend injects 500).
 */
import {describe, expect, it} from 'vitest';
import {documents} from './helpers';
import {backend, meshRoute, routeShop, sharesByBackend, SHOP, traceText} from './gateway-api-support';

const rule = (...backends: string[]): string => `  - backendRefs:\n${backends.join('\n')}\n`;
const send = (yaml: string, options = {}) => routeShop(yaml, 'GET http://reviews.shop:9080/', options);

describe('weights', () => {
  it.each([
    {weights: [50, 50], expected: {'reviews-v1': 0.5, 'reviews-v2': 0.5}},
    {weights: [90, 10], expected: {'reviews-v1': 0.9, 'reviews-v2': 0.1}},
    {weights: [2, 1], expected: {'reviews-v1': 2 / 3, 'reviews-v2': 1 / 3}},
  ])('splits by relative weights $weights', ({weights, expected}) => {
    const shares = sharesByBackend(send(meshRoute(rule(backend('reviews-v1', weights[0]), backend('reviews-v2', weights[1])))));
    expect(Object.keys(shares).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, share] of Object.entries(expected)) expect(shares[name]).toBeCloseTo(share, 12);
  });

  it('weighs a backendRef without weight 1 (the CRD default)', () => {
    const shares = sharesByBackend(send(meshRoute(rule(backend('reviews-v1'), backend('reviews-v2', 3)))));
    expect(shares['reviews-v1']).toBeCloseTo(0.25, 12);
    expect(shares['reviews-v2']).toBeCloseTo(0.75, 12);
  });

  it('never sends a request to a backend of weight 0, and says so', () => {
    const decision = send(meshRoute(rule(backend('reviews-v1', 0), backend('reviews-v2', 1))));
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
    expect(traceText(decision)).toContain('backendRefs[0] reviews-v1 has weight 0: it receives nothing');
  });

  it('answers 500 when every backend has weight 0', () => {
    const decision = send(meshRoute(rule(backend('reviews-v1', 0), backend('reviews-v2', 0))));
    expect(decision).toMatchObject({outcome: 'direct-response', status: 500, distribution: [{share: 1, status: 500}]});
    expect(decision.summary).toBe('500: every backend of the rule has weight 0');
  });
});

describe('invalid and empty backends', () => {
  it('answers 500 for the share of a Service that does not exist', () => {
    const decision = send(meshRoute(rule(backend('reviews-v1', 3), backend('reviews-v9', 1))));
    expect(sharesByBackend(decision)).toEqual({'reviews-v1': 0.75, 500: 0.25});
    expect(decision.destinations[1]).toMatchObject({host: 'reviews-v9.shop.svc.cluster.local', status: 500, flags: 'NC', problem: 'no Service shop/reviews-v9'});
    expect(decision.status).toBe(200);
  });

  it('answers 500 for a port the Service does not expose', () => {
    const yaml = meshRoute(rule('    - {name: reviews-v1, port: 8080}'));
    expect(send(yaml)).toMatchObject({status: 500, destinations: [{status: 500, problem: 'Service shop/reviews-v1 has no port 8080 (ports: 9080)'}]});
  });

  it('answers 500 for a backend kind that is not a Service', () => {
    const yaml = meshRoute(rule('    - {group: example.com, kind: Bucket, name: photos}'));
    expect(send(yaml)).toMatchObject({status: 500, destinations: [{status: 500}]});
  });

  it('answers 503 UH for a Service that selects no pod', () => {
    expect(send(meshRoute(rule(backend('empty'))))).toMatchObject({status: 503, flags: 'UH', destinations: [{status: 503, flags: 'UH'}]});
  });

  it('answers 404 for a rule without backendRefs under Istio', () => {
    const decision = send(meshRoute(`  - matches:\n    - path: {type: PathPrefix, value: /}\n`));
    expect(decision).toMatchObject({outcome: 'direct-response', status: 404});
    expect(decision.route).toMatchObject({index: 0, virtualService: {kind: 'HTTPRoute', name: 'reviews'}});
  });

  it('sends a rule without backendRefs to the parent Service under Linkerd', () => {
    const linkerd = documents(SHOP.replace('metadata: {name: shop, labels: {istio-injection: enabled}}', 'metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}'));
    const decision = routeShop(meshRoute(`  - matches:\n    - path: {type: PathPrefix, value: /}\n`), 'GET http://reviews:9080/', {context: linkerd, from: 'shop'});
    expect(decision.gatewayApi?.mesh).toBe('linkerd');
    expect(decision.destinations).toMatchObject([{host: 'reviews.shop.svc.cluster.local', port: 9080, podCount: 3}]);
  });

  it("applies a backendRef's own header modifiers to its share only; Linkerd makes a backend with a URLRewrite filter invalid (outbound/index/http.rs convert_gateway_backend_filter)", () => {
    const filtered = (type: string, spec: string) => `    - {name: reviews-v1, port: 9080, filters: [{type: ${type}, ${spec}}]}\n${backend('reviews-v2')}`;
    const headers = send(meshRoute(rule(filtered('RequestHeaderModifier', 'requestHeaderModifier: {set: [{name: X-Backend, value: v1}]}'))));
    expect(headers.destinations.map((d) => d.requestHeaders)).toEqual([{set: {'x-backend': 'v1'}}, undefined]);
    const linkerd = documents(SHOP.replace('metadata: {name: shop, labels: {istio-injection: enabled}}', 'metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}'));
    const rewrite = routeShop(meshRoute(rule(filtered('URLRewrite', 'urlRewrite: {hostname: x}'))), 'GET http://reviews:9080/', {context: linkerd, from: 'shop'});
    expect(sharesByBackend(rewrite)).toEqual({500: 0.5, 'reviews-v2': 0.5});
    expect(traceText(rewrite)).toContain('unsupported backend filter: URLRewrite filter is not supported');
  });

  it('reports each backend with its Service port and pods', () => {
    const decision = send(meshRoute(rule(backend('reviews-v3'))));
    expect(decision.destinations).toMatchObject([{host: 'reviews-v3.shop.svc.cluster.local', port: 9080, share: 1, status: 200, podCount: 1, cluster: 'outbound|9080||reviews-v3.shop.svc.cluster.local'}]);
    expect(decision.destinations[0]!.pods[0]).toMatch(/^reviews-v3-/);
  });
});
