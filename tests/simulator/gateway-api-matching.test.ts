/**
 * HTTPRouteMatch and GRPCRouteMatch conditions as Istio translates them (conversion.go
 * createURIMatch, createHeadersMatch, createQueryParamsMatch, createMethodMatch,
 * createGRPCURIMatch) and Envoy evaluates them.
 */
import {describe, expect, it} from 'vitest';
import {backend, meshRoute, routeShop, sharesByBackend, traceText} from './gateway-api-support';

/** v2 when `match` holds, v1 otherwise. */
const matchOrV1 = (match: string): string => meshRoute(`  - matches:\n    - ${match}\n    backendRefs:\n${backend('reviews-v2')}\n  - backendRefs:\n${backend('reviews-v1')}\n`);
const reaches = (match: string, request: string): string => Object.keys(sharesByBackend(routeShop(matchOrV1(match), request))).join(',');

describe('path matches', () => {
  it.each([
    {path: '/api', expected: 'reviews-v2'},
    {path: '/api/', expected: 'reviews-v2'},
    {path: '/api/books', expected: 'reviews-v2'},
    {path: '/apis', expected: 'reviews-v1'},
    {path: '/ap', expected: 'reviews-v1'},
  ])('PathPrefix /api/ matches whole segments: $path → $expected', ({path, expected}) => {
    expect(reaches('path: {type: PathPrefix, value: /api/}', `GET http://reviews.shop:9080${path}`)).toBe(expected);
  });

  it('compares an Exact path without the query string, case-sensitively', () => {
    expect(reaches('path: {type: Exact, value: /login}', 'GET http://reviews.shop:9080/login?next=/home')).toBe('reviews-v2');
    expect(reaches('path: {type: Exact, value: /login}', 'GET http://reviews.shop:9080/Login')).toBe('reviews-v1');
    expect(reaches('path: {type: Exact, value: /login}', 'GET http://reviews.shop:9080/login/')).toBe('reviews-v1');
  });

  it('needs a RegularExpression to match the whole path (RE2)', () => {
    const yaml = meshRoute(`  - matches:\n    - path: {type: RegularExpression, value: "/books/[0-9]+"}\n    backendRefs:\n${backend('reviews-v2')}\n`);
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/books/42'))).toEqual({'reviews-v2': 1});
    expect(routeShop(yaml, 'GET http://reviews.shop:9080/books/42/x')).toMatchObject({outcome: 'no-route', status: 404});
  });

  it('tries a RegularExpression path after every prefix, the catch-all PathPrefix / included (Istio getURIRank)', () => {
    expect(reaches('path: {type: RegularExpression, value: "/books/[0-9]+"}', 'GET http://reviews.shop:9080/books/42')).toBe('reviews-v1');
  });

  it('matches every path with the default match (no matches written)', () => {
    const decision = routeShop(meshRoute(`  - backendRefs:\n${backend('reviews-v3')}\n`), 'GET http://reviews.shop:9080/anything/at/all');
    expect(sharesByBackend(decision)).toEqual({'reviews-v3': 1});
    expect(decision.route?.matchIndex).toBeUndefined();
    expect(traceText(decision)).toContain('rules[0] (no matches written: PathPrefix / by default) matches: PathPrefix "/"');
  });
});

describe('header, query and method matches', () => {
  it('reads header names case-insensitively, values exactly', () => {
    expect(reaches('headers: [{name: X-User, value: jason}]', 'GET http://reviews.shop:9080/ -H x-user:jason')).toBe('reviews-v2');
    expect(reaches('headers: [{name: x-user, value: jason}]', 'GET http://reviews.shop:9080/ -H X-USER:jason')).toBe('reviews-v2');
    expect(reaches('headers: [{name: x-user, value: jason}]', 'GET http://reviews.shop:9080/ -H x-user:Jason')).toBe('reviews-v1');
  });

  it('matches a RegularExpression header value whole', () => {
    const match = 'headers: [{name: x-version, type: RegularExpression, value: "v[23]"}]';
    expect(reaches(match, 'GET http://reviews.shop:9080/ -H x-version:v3')).toBe('reviews-v2');
    expect(reaches(match, 'GET http://reviews.shop:9080/ -H x-version:v33')).toBe('reviews-v1');
  });

  it('says which header was missing', () => {
    const decision = routeShop(matchOrV1('headers: [{name: x-user, value: jason}]'), 'GET http://reviews.shop:9080/');
    expect(traceText(decision)).toContain('does not match: header x-user = "jason" but the request has no x-user header');
  });

  it('compares the first value of a query parameter, Exact or RegularExpression', () => {
    expect(reaches('queryParams: [{name: debug, value: "1"}]', 'GET http://reviews.shop:9080/?debug=1&debug=0')).toBe('reviews-v2');
    expect(reaches('queryParams: [{name: debug, value: "1"}]', 'GET http://reviews.shop:9080/?debug=0&debug=1')).toBe('reviews-v1');
    expect(reaches('queryParams: [{name: page, type: RegularExpression, value: "[0-9]+"}]', 'GET http://reviews.shop:9080/?page=12')).toBe('reviews-v2');
    expect(reaches('queryParams: [{name: page, type: RegularExpression, value: "[0-9]+"}]', 'GET http://reviews.shop:9080/?page=x')).toBe('reviews-v1');
  });

  it('matches the method exactly', () => {
    expect(reaches('method: DELETE', 'DELETE http://reviews.shop:9080/')).toBe('reviews-v2');
    expect(reaches('method: DELETE', 'GET http://reviews.shop:9080/')).toBe('reviews-v1');
  });
});

describe('GRPCRoute matches', () => {
  const grpc = (match: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: reviews-grpc, namespace: shop}
spec:
  parentRefs:
  - {group: "", kind: Service, name: reviews, port: 9080}
  rules:
  - matches:
    - ${match}
    backendRefs:
${backend('reviews-v2')}
  - backendRefs:
${backend('reviews-v1')}
`;
  const grpcReaches = (match: string, path: string): string => Object.keys(sharesByBackend(routeShop(grpc(match), `POST http://reviews.shop:9080${path}`))).join(',');

  it('matches service and method as the path /service/method', () => {
    expect(grpcReaches('method: {service: shop.Reviews, method: Get}', '/shop.Reviews/Get')).toBe('reviews-v2');
    expect(grpcReaches('method: {service: shop.Reviews, method: Get}', '/shop.Reviews/List')).toBe('reviews-v1');
  });

  it('matches every method of a service when only the service is given', () => {
    expect(grpcReaches('method: {service: shop.Reviews}', '/shop.Reviews/List')).toBe('reviews-v2');
    expect(grpcReaches('method: {service: shop.Reviews}', '/shop.Ratings/List')).toBe('reviews-v1');
  });

  it('matches a method of any service when only the method is given', () => {
    expect(grpcReaches('method: {method: Get}', '/any.Service/Get')).toBe('reviews-v2');
  });
});
