/**
 * Gateway API match precedence across all rules of all routes of a parent (HTTPRouteRule
 * `matches`; Istio's sortHTTPRoutes and sortRoutesByCreationTime in
 * pilot/pkg/config/kube/gateway/conversion.go), each tie-break with its own case.
 */
import {describe, expect, it} from 'vitest';
import {documents} from './helpers';
import {backend, meshRoute, routeShop, sharesByBackend, shopContext, traceText} from './gateway-api-support';

const rule = (match: string, to: string): string => `  - matches:\n    - ${match}\n    backendRefs:\n${backend(to)}\n`;

describe('Gateway API match precedence', () => {
  it('tries an exact path before a prefix written earlier', () => {
    const yaml = meshRoute(rule('path: {type: PathPrefix, value: /api}', 'reviews-v1') + rule('path: {type: Exact, value: /api/books}', 'reviews-v2'));
    const decision = routeShop(yaml, 'GET http://reviews.shop:9080/api/books');
    expect(decision.route).toMatchObject({index: 1, matchIndex: 0, virtualService: {kind: 'HTTPRoute', namespace: 'shop', name: 'reviews'}});
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
  });

  it('tries the longest prefix first', () => {
    const yaml = meshRoute(rule('path: {type: PathPrefix, value: /api}', 'reviews-v1') + rule('path: {type: PathPrefix, value: /api/books}', 'reviews-v2'));
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/api/books/7'))).toEqual({'reviews-v2': 1});
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/api/authors'))).toEqual({'reviews-v1': 1});
  });

  it('tries a method match before the same path without one', () => {
    const yaml = meshRoute(rule('path: {type: PathPrefix, value: /api}', 'reviews-v1') + rule('{path: {type: PathPrefix, value: /api}, method: POST}', 'reviews-v2'));
    expect(sharesByBackend(routeShop(yaml, 'POST http://reviews.shop:9080/api'))).toEqual({'reviews-v2': 1});
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/api'))).toEqual({'reviews-v1': 1});
  });

  it('tries the match with more headers first', () => {
    const one = '{headers: [{name: x-user, value: jason}]}';
    const two = '{headers: [{name: x-user, value: jason}, {name: x-beta, value: "yes"}]}';
    const yaml = meshRoute(rule(one, 'reviews-v1') + rule(two, 'reviews-v2'));
    const decision = routeShop(yaml, 'GET http://reviews.shop:9080/ -H x-user:jason -H x-beta:yes');
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
    expect(decision.route?.index).toBe(1);
  });

  it('tries the match with more query parameters first', () => {
    const yaml = meshRoute(rule('{queryParams: [{name: a, value: "1"}]}', 'reviews-v1') + rule('{queryParams: [{name: a, value: "1"}, {name: b, value: "2"}]}', 'reviews-v2'));
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/?a=1&b=2'))).toEqual({'reviews-v2': 1});
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/?a=1'))).toEqual({'reviews-v1': 1});
  });

  it('prefers the older route when matches tie: the context existed before the reader applied theirs', () => {
    const older = meshRoute(rule('path: {type: PathPrefix, value: /}', 'reviews-v3'), 'zz-older');
    const yaml = meshRoute(rule('path: {type: PathPrefix, value: /}', 'reviews-v1'), 'aa-newer');
    const decision = routeShop(yaml, 'GET http://reviews.shop:9080/', {context: [...shopContext(), ...documents(older)]});
    expect(decision.route?.virtualService.name).toBe('zz-older');
    expect(sharesByBackend(decision)).toEqual({'reviews-v3': 1});
  });

  it('falls back to namespace/name order for routes created together', () => {
    const yaml = `${meshRoute(rule('path: {type: PathPrefix, value: /}', 'reviews-v1'), 'bravo')}---\n${meshRoute(rule('path: {type: PathPrefix, value: /}', 'reviews-v2'), 'alpha')}`;
    const decision = routeShop(yaml, 'GET http://reviews.shop:9080/');
    expect(decision.route?.virtualService.name).toBe('alpha');
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
  });

  it('keeps rule order within a route when everything else ties', () => {
    const yaml = meshRoute(rule('path: {type: PathPrefix, value: /x}', 'reviews-v1') + rule('path: {type: PathPrefix, value: /x}', 'reviews-v2'));
    expect(routeShop(yaml, 'GET http://reviews.shop:9080/x').route?.index).toBe(0);
  });

  it('says which matches were tried before the winner and why they lost', () => {
    const yaml = meshRoute(rule('path: {type: PathPrefix, value: /}', 'reviews-v1') + rule('path: {type: Exact, value: /admin}', 'reviews-v2'));
    const decision = routeShop(yaml, 'GET http://reviews.shop:9080/home');
    const trace = traceText(decision);
    expect(trace).toContain('HTTPRoute shop/reviews rules[1] matches[0] does not match: path Exact "/admin" but the path is "/home"');
    expect(trace).toContain('HTTPRoute shop/reviews rules[0] matches[0] matches: PathPrefix "/" (tried after HTTPRoute shop/reviews rules[1] matches[0]: Exact path beats PathPrefix)');
    expect(decision.gatewayApi?.match).toBe('PathPrefix "/"');
  });

  it('puts a rule written with matches: [] last', () => {
    const yaml = meshRoute(`  - matches: []\n    backendRefs:\n${backend('reviews-v1')}\n${rule('{headers: [{name: x-user, value: jason}]}', 'reviews-v2')}`);
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/ -H x-user:jason'))).toEqual({'reviews-v2': 1});
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/'))).toEqual({'reviews-v1': 1});
  });
});
