/**
 * Routes on a Server (policy-controller/k8s/index/src/inbound/index.rs PolicyIndex::http_routes,
 * route_client_authzs; routes.rs ParentRef): once a route is attached, a request no route
 * matches is a 404 ("no route found for request"); a route's own AuthorizationPolicies are tried,
 * then the Server's (linkerd2-proxy server-policy authz.rs mk_authorizations).
 */
import {describe, expect, it} from 'vitest';
import {ask, authorizationPolicy, decide, SERVER_HTTP} from './linkerd-helpers';

const route = (name: string, rules: string, group = 'gateway.networking.k8s.io', parent = '{group: policy.linkerd.io, kind: Server, name: api-http}') => `
---
apiVersion: ${group}/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: shop}
spec:
  parentRefs: [${parent}]
  rules: ${rules}
`;
const readRoute = route('reads', '[{matches: [{method: GET, path: {type: PathPrefix, value: /books}}]}]');
const onRoute = (name: string, group = 'gateway.networking.k8s.io') => `{group: ${group}, kind: HTTPRoute, name: ${name}}`;
const open = (name: string, target: string) => authorizationPolicy(name, target, '[]');

describe('routes on a Server', () => {
  it('answers 404 to a request no route matches, and names the reason to meshed clients', () => {
    const answer = ask({policies: SERVER_HTTP + readRoute + open('reads', onRoute('reads')), request: 'POST http://api.shop/books'});
    expect(answer).toMatchObject({verdict: 'no-route', status: 404, proxyError: 'no route found for request'});
    expect(decide({policies: SERVER_HTTP + readRoute, request: 'GET http://api.shop/orders'}).status).toBe(404);
  });

  it('authorizes a matching request by the route\'s policy', () => {
    const answer = ask({policies: SERVER_HTTP + readRoute + open('reads', onRoute('reads')), request: 'GET http://api.shop/books/42'});
    expect(answer).toMatchObject({verdict: 'allowed', route: {kind: 'HTTPRoute', name: 'reads', rule: 0}, authorizedBy: {name: 'reads'}});
  });

  it('without a policy on the route or the Server, a matching request is 403', () => {
    expect(ask({policies: SERVER_HTTP + readRoute, request: 'GET http://api.shop/books'})).toMatchObject({verdict: 'forbidden', status: 403});
  });

  it('still applies the Server\'s authorizations to its routes', () => {
    const answer = ask({policies: SERVER_HTTP + readRoute + open('server-wide', '{group: policy.linkerd.io, kind: Server, name: api-http}'), request: 'GET http://api.shop/books'});
    expect(answer).toMatchObject({verdict: 'allowed', authorizedBy: {name: 'server-wide'}});
  });

  it('keeps a policy on one route from opening another', () => {
    const writes = route('writes', '[{matches: [{method: POST, path: {type: PathPrefix, value: /books}}]}]');
    const policies = SERVER_HTTP + readRoute + writes + open('reads', onRoute('reads'));
    expect(ask({policies, request: 'POST http://api.shop/books'})).toMatchObject({verdict: 'forbidden', route: {name: 'writes'}});
  });

  it('tells a policy.linkerd.io HTTPRoute from a Gateway API one of the same name', () => {
    const linkerdRoute = route('reads', '[{matches: [{path: {type: PathPrefix, value: /books}}]}]', 'policy.linkerd.io');
    const wrongGroup = SERVER_HTTP + linkerdRoute + open('reads', onRoute('reads'));
    expect(ask({policies: wrongGroup, request: 'GET http://api.shop/books'}).verdict).toBe('forbidden');
    const rightGroup = SERVER_HTTP + linkerdRoute + open('reads', onRoute('reads', 'policy.linkerd.io'));
    expect(ask({policies: rightGroup, request: 'GET http://api.shop/books'}).verdict).toBe('allowed');
  });

  it('prefers the longest path match, then the oldest route', () => {
    const broad = route('broad', '[{matches: [{path: {type: PathPrefix, value: /}}]}]');
    const narrow = route('narrow', '[{matches: [{path: {type: PathPrefix, value: /books}}]}]');
    const twin = route('twin', '[{matches: [{path: {type: PathPrefix, value: /books}}]}]');
    const answer = ask({policies: SERVER_HTTP + broad + narrow + twin, request: 'GET http://api.shop/books/1'});
    expect(answer.route).toMatchObject({name: 'narrow'});
    expect(ask({policies: SERVER_HTTP + broad + narrow, request: 'GET http://api.shop/bookshelf'}).route).toMatchObject({name: 'broad'});
  });

  it('ignores a route whose Server parentRef names a port: the Server keeps its default route', () => {
    const withPort = route('reads', '[{matches: [{path: {type: Exact, value: /books}}]}]', 'gateway.networking.k8s.io', '{group: policy.linkerd.io, kind: Server, name: api-http, port: 8080}');
    const answer = ask({policies: SERVER_HTTP + withPort + open('server-wide', '{group: policy.linkerd.io, kind: Server, name: api-http}'), request: 'GET http://api.shop/orders'});
    expect(answer).toMatchObject({verdict: 'allowed', route: {kind: 'default'}});
    expect(answer.trace.some((s) => s.message.includes('may not reference a parent by port'))).toBe(true);
  });

  it('does not accept HTTPRoutes on a Server that a GRPCRoute names (RouteConflicted): the default route serves HTTP', () => {
    const grpcRoute = `
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: list, namespace: shop}
spec:
  parentRefs: [{group: policy.linkerd.io, kind: Server, name: api-http}]
`;
    const answer = ask({policies: SERVER_HTTP + readRoute + grpcRoute + open('server-wide', '{group: policy.linkerd.io, kind: Server, name: api-http}'), request: 'GET http://api.shop/orders'});
    expect(answer).toMatchObject({verdict: 'allowed', route: {kind: 'default'}});
    expect(answer.trace.some((s) => s.message.includes('not accepted (RouteConflicted): GRPCRoute list'))).toBe(true);
  });

  it('ignores an HTTPRoute with a filter the inbound index cannot convert (URLRewrite)', () => {
    const rewriting = route('reads', '[{matches: [{path: {type: PathPrefix, value: /books}}], filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}}]}]');
    const answer = ask({policies: SERVER_HTTP + rewriting, request: 'GET http://api.shop/orders'});
    expect(answer).toMatchObject({verdict: 'forbidden', route: {kind: 'default'}});
    expect(answer.trace.some((s) => s.message.includes('HTTPRoute shop/reads is ignored by the policy controller: URLRewrite filter is not supported'))).toBe(true);
  });

  it('routes a gRPC Server by its GRPCRoutes only', () => {
    const grpcServer = SERVER_HTTP.replace('port: http', 'port: http\n  proxyProtocol: gRPC');
    const grpcRoute = `
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: list, namespace: shop}
spec:
  parentRefs: [{group: policy.linkerd.io, kind: Server, name: api-http}]
  rules: [{matches: [{method: {service: shop.Api, method: List}}]}]
`;
    const policies = grpcServer + readRoute + grpcRoute + open('list', '{group: gateway.networking.k8s.io, kind: GRPCRoute, name: list}');
    const grpc = "POST http://api.shop/shop.Api/List -H 'content-type: application/grpc'";
    expect(ask({policies, request: grpc})).toMatchObject({verdict: 'allowed', route: {kind: 'GRPCRoute', name: 'list'}});
    expect(ask({policies, request: "POST http://api.shop/shop.Api/Delete -H 'content-type: application/grpc'"})).toMatchObject({verdict: 'no-route', grpcStatus: 5});
  });
});
