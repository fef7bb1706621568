/**
 * CORS as Istio 1.30.3's Envoy answers it (src/simulator/cors.ts), rule by rule:
 * - istiod's translation of a VirtualService `corsPolicy` (pilot/pkg/networking/core/route/route.go
 *   TranslateCORSPolicy, with route_internal_test.go TestTranslateCORSPolicy and
 *   TestTranslateCORSPolicyForwardNotMatchingPreflights) and of an HTTPRoute `CORS` filter
 *   (pilot/pkg/config/kube/gateway/conversion.go createCorsFilter, with testdata/http.yaml and its golden);
 * - Envoy's filter (source/extensions/filters/http/cors/cors_filter.cc decodeHeaders, encodeHeaders,
 *   isOriginAllowed), placed after the fault filter (listener_builder.go: Fault, Cors, Router);
 * - Linkerd 2.20, which has no CORS: its policy controller drops such a route (outbound
 *   index/http.rs convert_gateway_filter "unknown filter"; inbound index/http.rs try_gateway_filter
 *   "No filter specified").
 */
import {describe, expect, it} from 'vitest';
import {applyCors, ANY_ORIGIN_REGEX, corsFromHttpRouteFilter, corsFromVirtualService, gatewayOriginMatcher, originAllowed, type CorsPolicy} from '../../src/simulator/cors';
import {formatDecisionText} from '../../src/simulator/format';
import {parseRequest} from '../../src/simulator/index';
import {simulateLabRequest} from '../../src/simulator/lab-request';
import {documents, reviewsVs, route} from './helpers';
import {backend, edgeRoute, meshRoute, routeShop, SHOP, shopContext, traceText} from './gateway-api-support';
import {ask, SERVER_HTTP} from './linkerd-helpers';

const POLICY: CorsPolicy = {allowOrigins: [{exact: 'https://app.example'}], allowMethods: 'GET,POST', allowHeaders: 'x-a', exposeHeaders: 'x-b', maxAge: '60', allowCredentials: true, forwardNotMatchingPreflights: true};
const preflight = (origin: string, extra: Record<string, string> = {}) => ({method: 'OPTIONS', headers: {origin, 'access-control-request-method': 'PUT', ...extra}});

describe('TranslateCORSPolicy (route.go) over a VirtualService corsPolicy', () => {
  it('keeps the origin matchers and forwards unmatched preflights unless IGNORE (TestTranslateCORSPolicy, ...ForwardNotMatchingPreflights)', () => {
    const allowOrigins = [{exact: 'exact'}, {prefix: 'prefix'}, {regex: 'regex'}];
    expect(corsFromVirtualService({allowOrigins})).toEqual({allowOrigins, allowMethods: '', allowHeaders: '', exposeHeaders: '', maxAge: '', allowCredentials: false, forwardNotMatchingPreflights: true});
    expect(corsFromVirtualService({allowOrigins, unmatchedPreflights: 'IGNORE'}).forwardNotMatchingPreflights).toBe(false);
    expect(corsFromVirtualService({allowOrigins, unmatchedPreflights: 'FORWARD'}).forwardNotMatchingPreflights).toBe(true);
  });

  it('joins methods and headers with `,`, writes maxAge in whole seconds, reads the deprecated allowOrigin as exact origins', () => {
    const policy = corsFromVirtualService({allowOrigin: ['https://a.example'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-a', 'x-b'], exposeHeaders: ['x-c'], maxAge: '24h', allowCredentials: true});
    expect(policy).toEqual({allowOrigins: [{exact: 'https://a.example'}], allowMethods: 'GET,POST', allowHeaders: 'x-a,x-b', exposeHeaders: 'x-c', maxAge: '86400', allowCredentials: true, forwardNotMatchingPreflights: true});
    // durationpb GetSeconds truncates.
    expect(corsFromVirtualService({maxAge: '1.9s'}).maxAge).toBe('1');
    // allowOrigins wins over the deprecated field when both are written.
    expect(corsFromVirtualService({allowOrigins: [{exact: 'x'}], allowOrigin: ['y']}).allowOrigins).toEqual([{exact: 'x'}]);
  });
});

describe('createCorsFilter (conversion.go) over an HTTPRoute CORS filter', () => {
  it.each([
    {origin: '*', matcher: {regex: ANY_ORIGIN_REGEX}},
    {origin: 'https://example.com', matcher: {exact: 'https://example.com'}},
    {origin: 'https://example.*', matcher: {prefix: 'https://example.'}},
    // testdata/http.yaml.golden: 'https://*.xpto.com' → ^https://.*\.xpto\.com$
    {origin: 'https://*.xpto.com', matcher: {regex: '^https://.*\\.xpto\\.com$'}},
    {origin: 'http://*.a.com:*', matcher: {regex: '^http://.*\\.a\\.com:.*$'}},
    {origin: '', matcher: undefined},
  ])('$origin → $matcher', ({origin, matcher}) => {
    expect(gatewayOriginMatcher(origin)).toEqual(matcher);
  });

  it('always IGNOREs unmatched preflights, sets credentials only when true, maxAge only when > 0 (http.yaml.golden)', () => {
    const policy = corsFromHttpRouteFilter({allowCredentials: true, allowOrigins: ['https://*.xpto.com', 'https://example.com'], allowMethods: ['GET', 'HEAD', 'POST'],
      allowHeaders: ['Accept', 'Range'], exposeHeaders: ['x-header-3', 'x-header-4'], maxAge: 50});
    expect(policy).toEqual({allowOrigins: [{regex: '^https://.*\\.xpto\\.com$'}, {exact: 'https://example.com'}], allowMethods: 'GET,HEAD,POST', allowHeaders: 'Accept,Range',
      exposeHeaders: 'x-header-3,x-header-4', maxAge: '50', allowCredentials: true, forwardNotMatchingPreflights: false});
    expect(corsFromHttpRouteFilter({allowOrigins: ['*'], allowCredentials: false})).toMatchObject({allowCredentials: false, maxAge: ''});
  });

  it('the `*` regex allows a scheme://host[:port] origin only', () => {
    const policy = corsFromHttpRouteFilter({allowOrigins: ['*']});
    expect(originAllowed(policy, 'https://foobar.com:12345')).toBe(true);
    expect(originAllowed(policy, 'ws://localhost:3000')).toBe(true);
    expect(originAllowed(policy, 'null')).toBe(false);
    expect(originAllowed(policy, 'https://a.example/path')).toBe(false);
  });
});

describe("Envoy's CORS filter (cors_filter.cc)", () => {
  it('stands aside without an Origin, or with an empty one', () => {
    expect(applyCors(POLICY, {method: 'GET', headers: {}}, 'VirtualService corsPolicy')).toBeUndefined();
    expect(applyCors(POLICY, {method: 'GET', headers: {origin: ''}}, 'VirtualService corsPolicy')).toBeUndefined();
  });

  it('isOriginAllowed: a matcher that matches the text `*` allows every origin', () => {
    expect(originAllowed({...POLICY, allowOrigins: [{exact: '*'}]}, 'https://anything.example')).toBe(true);
    expect(originAllowed({...POLICY, allowOrigins: [{regex: '.*'}]}, 'https://anything.example')).toBe(true);
    expect(originAllowed({...POLICY, allowOrigins: [{prefix: 'https://app'}]}, 'https://app.example')).toBe(true);
    expect(originAllowed({...POLICY, allowOrigins: [{prefix: 'https://app'}]}, 'http://app.example')).toBe(false);
    // Matchers are case-sensitive: Istio sets no ignore_case.
    expect(originAllowed(POLICY, 'https://APP.example')).toBe(false);
    expect(originAllowed({...POLICY, allowOrigins: []}, 'https://app.example')).toBe(false);
  });

  it("answers an allowed origin's preflight itself: allow-origin echoed, credentials, methods, headers, max-age, and expose-headers from its own encoder", () => {
    expect(applyCors(POLICY, preflight('https://app.example'), 'VirtualService corsPolicy')).toEqual({
      from: 'VirtualService corsPolicy', origin: 'https://app.example', originAllowed: true, preflight: true, answered: true,
      responseHeaders: {set: {'access-control-allow-origin': 'https://app.example', 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'GET,POST',
        'access-control-allow-headers': 'x-a', 'access-control-max-age': '60', 'access-control-expose-headers': 'x-b'}},
    });
  });

  it('`*` methods and headers echo the requested method and headers', () => {
    const cors = applyCors({...POLICY, allowMethods: '*', allowHeaders: '*'}, preflight('https://app.example', {'access-control-request-headers': 'x-one, x-two'}), 'HTTPRoute CORS filter');
    expect(cors?.responseHeaders?.set).toMatchObject({'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-one, x-two'});
  });

  it("forwards a disallowed origin's preflight by default, and answers it without allow-origin when IGNORE", () => {
    expect(applyCors(POLICY, preflight('https://evil.example'), 'VirtualService corsPolicy')).toEqual({from: 'VirtualService corsPolicy', origin: 'https://evil.example', originAllowed: false, preflight: true, answered: false});
    const ignored = applyCors({...POLICY, forwardNotMatchingPreflights: false}, preflight('https://evil.example'), 'VirtualService corsPolicy');
    expect(ignored).toMatchObject({answered: true, originAllowed: false});
    expect(ignored?.responseHeaders?.set).toEqual({'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'GET,POST', 'access-control-allow-headers': 'x-a', 'access-control-max-age': '60'});
  });

  it('an OPTIONS without Access-Control-Request-Method is no preflight: forwarded, with the simple headers', () => {
    const cors = applyCors(POLICY, {method: 'OPTIONS', headers: {origin: 'https://app.example'}}, 'VirtualService corsPolicy');
    expect(cors).toMatchObject({preflight: false, answered: false});
    expect(cors?.responseHeaders?.set).toEqual({'access-control-allow-origin': 'https://app.example', 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-b'});
  });

  it('adds nothing to a disallowed origin\'s simple request', () => {
    expect(applyCors(POLICY, {method: 'GET', headers: {origin: 'https://evil.example'}}, 'VirtualService corsPolicy')).toEqual({from: 'VirtualService corsPolicy', origin: 'https://evil.example', originAllowed: false, preflight: false, answered: false});
  });
});

/** istio.io's CORS example shape: a VirtualService for reviews with a corsPolicy on its route. */
const corsVs = (policy: string, extra = '') => reviewsVs(`  - ${extra}corsPolicy: ${policy}\n    route:\n    - destination: {host: reviews, subset: v1}\n`);
const POLICY_YAML = '{allowOrigins: [{exact: "https://app.example"}], allowMethods: [GET, POST], allowCredentials: true, exposeHeaders: [x-b], maxAge: "24h"}';

describe('a VirtualService corsPolicy at the client sidecar', () => {
  it("answers an allowed origin's preflight at the proxy: 200, no destination, never reaching reviews", () => {
    const decision = route({yaml: corsVs(POLICY_YAML), request: "OPTIONS http://reviews:9080/ -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: POST'"});
    expect(decision).toMatchObject({outcome: 'direct-response', status: 200, destinations: [], distribution: [{share: 1, status: 200}], cors: {answered: true}});
    expect(decision.cors?.responseHeaders?.set).toMatchObject({'access-control-allow-origin': 'https://app.example', 'access-control-allow-methods': 'GET,POST', 'access-control-max-age': '86400'});
  });

  it("forwards a disallowed origin's preflight to reviews (unmatchedPreflights unset: FORWARD)", () => {
    const decision = route({yaml: corsVs(POLICY_YAML), request: "OPTIONS http://reviews:9080/ -H 'Origin: https://evil.example' -H 'Access-Control-Request-Method: POST'"});
    expect(decision).toMatchObject({outcome: 'routed', status: 200, cors: {answered: false, originAllowed: false}});
    expect(decision.destinations.map((d) => d.subset)).toEqual(['v1']);
  });

  it('adds allow-origin, credentials and expose-headers to the response of an allowed simple request', () => {
    const decision = route({yaml: corsVs(POLICY_YAML), request: "GET http://reviews:9080/ -H 'Origin: https://app.example'"});
    expect(decision).toMatchObject({outcome: 'routed', status: 200});
    expect(decision.cors?.responseHeaders).toEqual({set: {'access-control-allow-origin': 'https://app.example', 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-b'}});
    expect(formatDecisionText(decision, ['lab.yaml'])).toContain('CORS: origin https://app.example allowed (VirtualService corsPolicy); response headers access-control-allow-origin: https://app.example');
  });

  it('lets the fault filter, which runs first, abort its share of preflights without CORS headers', () => {
    const decision = route({yaml: corsVs(POLICY_YAML, 'fault: {abort: {httpStatus: 503, percentage: {value: 25}}}\n    '), request: "OPTIONS http://reviews:9080/ -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: GET'"});
    expect(decision.distribution).toEqual([{share: 0.25, status: 503, flags: 'FI'}, {share: 0.75, status: 200}]);
    expect(decision.status).toBe(200);
  });

  it('stands aside on a redirect route: Envoy runs it only on a route that forwards', () => {
    const yaml = reviewsVs(`  - corsPolicy: ${POLICY_YAML}\n    redirect: {uri: /moved}\n`);
    const decision = route({yaml, request: "OPTIONS http://reviews:9080/ -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: GET'"});
    expect(decision).toMatchObject({outcome: 'redirect', status: 301});
    expect(decision.cors).toBeUndefined();
  });

  it('an exact "*" origin allows any origin (isOriginAllowed matches the text `*`)', () => {
    const decision = route({yaml: corsVs('{allowOrigins: [{exact: "*"}], allowMethods: [GET]}'), request: "OPTIONS http://reviews:9080/ -H 'Origin: https://any.example' -H 'Access-Control-Request-Method: GET'"});
    expect(decision.cors?.responseHeaders?.set).toEqual({'access-control-allow-origin': 'https://any.example', 'access-control-allow-methods': 'GET'});
  });
});

const corsRule = `  - filters:\n    - type: CORS\n      cors: {allowOrigins: ["https://*.shop.example"], allowMethods: [GET]}\n    backendRefs:\n${backend('reviews-v1')}\n`;
const PREFLIGHT = "-H 'Origin: https://www.shop.example' -H 'Access-Control-Request-Method: GET'";

describe('an HTTPRoute CORS filter', () => {
  it('on a Gateway: the preflight is answered by the gateway, max-age the CRD default of 5', () => {
    const decision = routeShop(edgeRoute(corsRule), `OPTIONS http://shop.example/ ${PREFLIGHT}`, {gateway: 'shop/edge'});
    expect(decision).toMatchObject({outcome: 'direct-response', status: 200, destinations: []});
    expect(decision.cors?.responseHeaders?.set).toEqual({'access-control-allow-origin': 'https://www.shop.example', 'access-control-allow-methods': 'GET', 'access-control-max-age': '5'});
  });

  it("on a Service (GAMMA) under Istio: the client sidecar answers the preflight; a disallowed origin's preflight too (IGNORE)", () => {
    const decision = routeShop(meshRoute(corsRule), `OPTIONS http://reviews.shop:9080/ ${PREFLIGHT}`, {from: 'web/frontend'});
    expect(decision).toMatchObject({outcome: 'direct-response', status: 200, cors: {from: 'HTTPRoute CORS filter', answered: true}});
    const other = routeShop(meshRoute(corsRule), "OPTIONS http://reviews.shop:9080/ -H 'Origin: https://evil.example' -H 'Access-Control-Request-Method: GET'", {from: 'web/frontend'});
    expect(other).toMatchObject({outcome: 'direct-response', status: 200, cors: {originAllowed: false, answered: true}});
    expect(other.cors?.responseHeaders?.set?.['access-control-allow-origin']).toBeUndefined();
  });

  it('on a rule without backendRefs: the 404 direct response, which the CORS filter does not touch', () => {
    const decision = routeShop(edgeRoute('  - filters:\n    - type: CORS\n      cors: {allowOrigins: ["*"]}\n'), `OPTIONS http://shop.example/ ${PREFLIGHT}`, {gateway: 'shop/edge'});
    expect(decision).toMatchObject({outcome: 'direct-response', status: 404});
    expect(decision.cors).toBeUndefined();
  });

  it('under Linkerd (outbound): the policy controller refuses the route ("unknown filter"), so the request goes to the Service', () => {
    const linkerd = documents(SHOP.replace('metadata: {name: shop, labels: {istio-injection: enabled}}', 'metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}'));
    const decision = routeShop(meshRoute(corsRule), `OPTIONS http://reviews:9080/ ${PREFLIGHT}`, {context: linkerd, from: 'shop'});
    expect(traceText(decision)).toContain('rules[0].filters[0]: unknown filter');
    expect(decision.cors).toBeUndefined();
    expect(decision.destinations.map((d) => d.host)).toEqual(['reviews.shop.svc.cluster.local']);
  });

  it('under Linkerd (inbound, a Server parent): the index ignores the route ("No filter specified")', () => {
    const withCors = `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reads, namespace: shop}
spec:
  parentRefs: [{group: policy.linkerd.io, kind: Server, name: api-http}]
  rules: [{matches: [{path: {type: PathPrefix, value: /books}}], filters: [{type: CORS, cors: {allowOrigins: ["*"]}}]}]
`;
    const answer = ask({policies: SERVER_HTTP + withCors, request: 'GET http://api.shop/books'});
    expect(answer).toMatchObject({route: {kind: 'default'}});
    expect(answer.trace.some((s) => s.message.includes('HTTPRoute shop/reads is ignored by the policy controller: No filter specified'))).toBe(true);
  });
});

describe("the lab's request panel path", () => {
  it('parses OPTIONS with Origin and Access-Control-Request-Method, header names lowercased', () => {
    expect(parseRequest(`OPTIONS http://shop.example/ ${PREFLIGHT}`)).toMatchObject({method: 'OPTIONS', headers: {origin: 'https://www.shop.example', 'access-control-request-method': 'GET'}});
  });

  it('answers a preflight sent from the panel (headers as typed, any case)', () => {
    const answer = simulateLabRequest(edgeRoute(corsRule), shopContext(), {method: 'options', host: 'shop.example', path: '/', headers: {Origin: 'https://www.shop.example', 'Access-Control-Request-Method': 'GET'}});
    expect(answer.kind).toBe('decision');
    if (answer.kind !== 'decision') return;
    expect(answer.decision).toMatchObject({outcome: 'direct-response', status: 200, cors: {answered: true}});
    expect(answer.decision.summary).toContain('answered by the proxy');
  });
});
