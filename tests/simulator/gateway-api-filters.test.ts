/**
 * Rule filters and timeouts as Istio translates them (conversion.go convertHTTPRoute,
 * createRedirectFilter, createRewriteFilter, createMirrorFilter, createHeadersFilter), and
 * Linkerd's route annotations as its policy controller reads them (policy-controller
 * k8s/index/src/outbound/index.rs parse_timeouts, parse_duration; index/http.rs
 * parse_http_retry, convert_gateway_rule).
 */
import {describe, expect, it} from 'vitest';
import {documents} from './helpers';
import {backend, meshRoute, routeShop, SHOP, traceText} from './gateway-api-support';

const withFilter = (filter: string, match = 'path: {type: PathPrefix, value: /old}'): string =>
  meshRoute(`  - matches:\n    - ${match}\n    filters:\n${filter}\n    backendRefs:\n${backend('reviews-v1')}\n`);
const send = (yaml: string, request = 'GET http://reviews.shop:9080/old/page?x=1') => routeShop(yaml, request);

describe('RequestRedirect', () => {
  it('answers 302 by default, keeping scheme, host, the request port, path and query', () => {
    const decision = send(withFilter('    - type: RequestRedirect\n      requestRedirect: {hostname: shop.example}'));
    expect(decision).toMatchObject({outcome: 'redirect', status: 302, redirect: {status: 302, location: 'http://shop.example:9080/old/page?x=1'}, destinations: []});
  });

  it('drops the port for a scheme change and writes the status asked for', () => {
    const decision = send(withFilter('    - type: RequestRedirect\n      requestRedirect: {scheme: https, statusCode: 301}'));
    expect(decision.redirect).toEqual({status: 301, location: 'https://reviews.shop/old/page?x=1'});
  });

  it('writes a given port unless it is the scheme default', () => {
    expect(send(withFilter('    - type: RequestRedirect\n      requestRedirect: {port: 8443, scheme: https}')).redirect?.location).toBe('https://reviews.shop:8443/old/page?x=1');
    expect(send(withFilter('    - type: RequestRedirect\n      requestRedirect: {port: 80}')).redirect?.location).toBe('http://reviews.shop/old/page?x=1');
  });

  it('replaces the full path or the matched prefix', () => {
    expect(send(withFilter('    - type: RequestRedirect\n      requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /new}}')).redirect?.location).toBe('http://reviews.shop:9080/new?x=1');
    expect(send(withFilter('    - type: RequestRedirect\n      requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}')).redirect?.location).toBe('http://reviews.shop:9080/new/page?x=1');
  });
});

describe('URLRewrite', () => {
  it.each([
    {replacement: '/new', expected: '/new/page'},
    {replacement: '/new/', expected: '/new/page'},
    {replacement: '/', expected: '/page'},
  ])('replaces the matched prefix /old with $replacement', ({replacement, expected}) => {
    const decision = send(withFilter(`    - type: URLRewrite\n      urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: "${replacement}"}}`));
    expect(decision.rewrite?.path).toBe(expected);
    expect(decision.status).toBe(200);
  });

  it('rewrites the whole path and the host', () => {
    const decision = send(withFilter('    - type: URLRewrite\n      urlRewrite: {hostname: internal.shop, path: {type: ReplaceFullPath, replaceFullPath: /v2/page}}'));
    expect(decision.rewrite).toEqual({authority: 'internal.shop', path: '/v2/page'});
  });
});

describe('header modifiers and mirrors', () => {
  it('reports the request and response headers set, added and removed', () => {
    const decision = send(withFilter(`    - type: RequestHeaderModifier
      requestHeaderModifier: {set: [{name: X-Env, value: canary}], add: [{name: x-trace, value: "on"}], remove: [X-Debug]}
    - type: ResponseHeaderModifier
      responseHeaderModifier: {set: [{name: cache-control, value: no-store}]}`));
    expect(decision.gatewayApi?.requestHeaders).toEqual({set: {'x-env': 'canary'}, add: {'x-trace': 'on'}, remove: ['x-debug']});
    expect(decision.gatewayApi?.responseHeaders).toEqual({set: {'cache-control': 'no-store'}});
    expect(traceText(decision)).toContain('RequestHeaderModifier: set x-env: canary, add x-trace: on, remove x-debug');
  });

  it.each([
    {filter: '{backendRef: {name: reviews-v3, port: 9080}}', percentage: 100},
    {filter: '{backendRef: {name: reviews-v3, port: 9080}, percent: 25}', percentage: 25},
    {filter: '{backendRef: {name: reviews-v3, port: 9080}, fraction: {numerator: 1, denominator: 8}}', percentage: 12.5},
    {filter: '{backendRef: {name: reviews-v3, port: 9080}, fraction: {numerator: 3}}', percentage: 3},
  ])('mirrors $percentage% of requests for $filter', ({filter, percentage}) => {
    const decision = send(withFilter(`    - type: RequestMirror\n      requestMirror: ${filter}`));
    expect(decision.mirrors).toEqual([{host: 'reviews-v3.shop.svc.cluster.local', percentage}]);
  });
});

describe('timeouts', () => {
  const timed = (timeouts: string, retry = ''): string => meshRoute(`  - timeouts: ${timeouts}\n${retry}    backendRefs:\n${backend('reviews-v1')}\n`);

  it('sets the route timeout from timeouts.request', () => {
    expect(send(timed('{request: 5s}'))).toMatchObject({timeout: '5s', gatewayApi: {timeouts: {request: '5s'}}});
  });

  it('lets backendRequest replace the route timeout when the rule does not retry', () => {
    expect(send(timed('{request: 10s, backendRequest: 2s}')).timeout).toBe('2s');
  });

  it('makes backendRequest the per-try timeout when the rule retries', () => {
    const decision = send(timed('{request: 10s, backendRequest: 2s}', '    retry: {attempts: 3, codes: [503]}\n'));
    expect(decision.timeout).toBe('10s');
    expect(decision.retries).toEqual({attempts: 3, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503', from: 'route'});
  });

  it('reads 0s as no timeout', () => {
    expect(send(timed('{request: 0s}')).timeout).toBeNull();
  });
});

describe("Linkerd's route annotations", () => {
  const linkerdContext = documents(SHOP.replace('metadata: {name: shop, labels: {istio-injection: enabled}}', 'metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}'));
  const annotated = (annotations: string, rule = ''): string => meshRoute(`  - ${rule}backendRefs:\n${backend('reviews-v1')}\n`, 'reviews', `  annotations:\n${annotations}`);
  const viaLinkerd = (yaml: string) => routeShop(yaml, 'GET http://reviews:9080/', {context: linkerdContext, from: 'shop'});

  it('reads timeout.linkerd.io/* and retry.linkerd.io/*', () => {
    const decision = viaLinkerd(annotated(`    timeout.linkerd.io/request: 3s
    timeout.linkerd.io/response: 1s
    retry.linkerd.io/http: 5xx,429
    retry.linkerd.io/limit: "2"
    retry.linkerd.io/timeout: 300ms
`));
    expect(decision.gatewayApi?.linkerd).toEqual({timeouts: {request: '3s', response: '1s'}, retry: {limit: 2, timeout: '300ms', conditions: '5xx,429'}, errors: []});
    expect(decision.timeout).toBe('3s');
    expect(decision.retries).toMatchObject({attempts: 2, perTryTimeout: '300ms', retryOn: '5xx,429'});
  });

  it('retries once when only a condition is given, and not at all without annotations', () => {
    expect(viaLinkerd(annotated('    retry.linkerd.io/http: gateway-error\n')).gatewayApi?.linkerd?.retry).toEqual({limit: 1, timeout: undefined, conditions: 'gateway-error'});
    expect(viaLinkerd(meshRoute(`  - backendRefs:\n${backend('reviews-v1')}\n`)).retries).toBeNull();
  });

  it("prefers timeout.linkerd.io/request over the rule's timeouts.request, and reads the rule's otherwise", () => {
    expect(viaLinkerd(annotated('    timeout.linkerd.io/request: 3s\n', 'timeouts: {request: 9s}\n    ')).timeout).toBe('3s');
    expect(viaLinkerd(annotated('    timeout.linkerd.io/idle: 1m\n', 'timeouts: {request: 9s}\n    ')).gatewayApi?.linkerd?.timeouts).toEqual({idle: '1m', request: '9s'});
  });

  const refusal = (decision: ReturnType<typeof viaLinkerd>): string | undefined =>
    /Linkerd's policy controller refuses to convert it \((.*)\), so no proxy gets it/.exec(traceText(decision))?.[1];

  it.each([
    {value: '1.5s', error: 'timeout.linkerd.io/request: fractional values not supported'},
    {value: '5', error: "timeout.linkerd.io/request: missing duration unit; did you mean '5s' or '5ms'?"},
    {value: '10x', error: "timeout.linkerd.io/request: invalid duration unit x (expected one of 'ms', 's', 'm', 'h', or 'd')"},
    {value: '-5s', error: "timeout.linkerd.io/request: duration value cannot be negative: '-5s'"},
  ])('drops a route whose duration the controller refuses: $value', ({value, error}) => {
    const decision = viaLinkerd(annotated(`    timeout.linkerd.io/request: "${value}"\n`));
    expect(refusal(decision)).toBe(error);
    expect(decision.gatewayApi).toBeUndefined();
    expect(decision.destinations.map((d) => d.host)).toEqual(['reviews.shop.svc.cluster.local']);
  });

  it('drops a route whose retry condition the controller refuses', () => {
    expect(refusal(viaLinkerd(annotated('    retry.linkerd.io/http: 5xx,600\n')))).toBe('retry.linkerd.io/http: invalid retry condition: 5xx,600');
  });

  it("drops a route with a match the controller cannot convert: a regex Rust's regex crate refuses, a header name that is none", () => {
    const matching = (match: string): string => meshRoute(`  - matches:\n    - ${match}\n    backendRefs:\n${backend('reviews-v1')}\n`);
    expect(refusal(viaLinkerd(matching('path: {type: RegularExpression, value: "/a{"}')))).toMatch(/^rules\[0\]\.matches\[0\]: regex parse error: /);
    expect(refusal(viaLinkerd(matching('headers: [{name: "bad name", value: x}]')))).toBe('rules[0].matches[0]: invalid HTTP header name');
    expect(refusal(viaLinkerd(matching('headers: [{name: x-ok, type: RegularExpression, value: "(a"}]')))).toMatch(/^rules\[0\]\.matches\[0\]: regex parse error: /);
    expect(viaLinkerd(matching('headers: [{name: x-ok, type: RegularExpression, value: "a+"}]')).trace.map((t) => t.message).join('\n')).not.toContain('refuses to convert');
  });

  it('drops a route with a filter Linkerd does not support, and keeps one it supports', () => {
    const rewrite = meshRoute(`  - filters:\n    - type: URLRewrite\n      urlRewrite: {hostname: x.example}\n    backendRefs:\n${backend('reviews-v1')}\n`);
    expect(refusal(viaLinkerd(rewrite))).toBe('rules[0].filters[0]: URLRewrite filter is not supported');
    const headers = meshRoute(`  - filters:\n    - type: RequestHeaderModifier\n      requestHeaderModifier: {set: [{name: x-a, value: b}]}\n    backendRefs:\n${backend('reviews-v1')}\n`);
    expect(viaLinkerd(headers).gatewayApi).toMatchObject({mesh: 'linkerd', requestHeaders: {set: {'x-a': 'b'}}});
  });

  it('ignores the annotations when Istio routes', () => {
    const decision = routeShop(annotated('    timeout.linkerd.io/request: 3s\n'), 'GET http://reviews.shop:9080/');
    expect(decision.gatewayApi).toMatchObject({mesh: 'istio'});
    expect(decision.gatewayApi?.linkerd).toBeUndefined();
    expect(decision.timeout).toBeNull();
  });
});
