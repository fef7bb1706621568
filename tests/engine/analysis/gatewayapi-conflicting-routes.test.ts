/**
 * gatewayapi.ConflictingRouteAnalyzer: two routes that claim the same parent, hostname and match;
 * the Gateway API's tie-break (apis/v1 httproute_types.go HTTPRouteRule.Matches, grpcroute_types.go
 * GRPCRouteRule.Matches): the oldest route, then the first by namespace/name, takes the requests.
 */
import {describe, expect, it} from 'vitest';
import {closed, doc, gateway, gatewayApiFindings, httpListener, route} from '../support/gateway-api';

const gw = gateway('gw', 'default', httpListener('http', 80) + httpListener('admin', 8080));
const created = (time: string) => `  creationTimestamp: "${time}"\n`;
const httpRoute = (name: string, rules: string, {ns = 'default', parent = 'name: gw', hostnames = '[shop.example.com]', metadata = ''} = {}) =>
  route('HTTPRoute', name, ns, `  parentRefs:\n  - ${parent}\n  hostnames: ${hostnames}\n  rules:\n${rules}`, metadata);
const prefix = (path: string) => `  - matches:\n    - path: {type: PathPrefix, value: ${path}}\n`;

const codes = (text: string) => gatewayApiFindings(text, closed).filter((f) => f.code === 'conflicting-gateway-api-routes');

describe('two HTTPRoutes with one parent, hostname and match', () => {
  it('the later one by namespace/name loses when neither has a creation time', () => {
    const text = doc(gw, httpRoute('b-route', prefix('/cart')), httpRoute('a-route', prefix('/cart')));
    expect(codes(text)).toEqual([{
      severity: 'warning', code: 'conflicting-gateway-api-routes', document: 1, path: '/spec/rules/0/matches/0',
      message: 'rules[0].matches[0] claims the same parent Gateway default/gw (listener "http"), hostname shop.example.com and match as HTTPRoute default/a-route, ' +
        'which takes precedence (as old, it comes first by namespace/name): this match never receives a request',
    }]);
  });

  it('the younger one loses, whatever the names', () => {
    const text = doc(gw, httpRoute('a-route', prefix('/cart'), {metadata: created('2026-01-02T00:00:00Z')}), httpRoute('b-route', prefix('/cart'), {metadata: created('2026-01-01T00:00:00Z')}));
    expect(codes(text).map((f) => [f.document, f.message.includes('HTTPRoute default/b-route, which takes precedence (it is older)')])).toEqual([[1, true]]);
  });

  it('one with a creation time (already in the cluster) is older than one without', () => {
    const text = doc(gw, httpRoute('a-route', prefix('/cart')), httpRoute('z-route', prefix('/cart'), {metadata: created('2026-01-01T00:00:00Z')}));
    expect(codes(text).map((f) => f.document)).toEqual([1]);
  });

  it('compares the match after the CRD defaults: no matches is PathPrefix "/", a trailing slash aside, header names without case', () => {
    expect(codes(doc(gw, httpRoute('a', '  - backendRefs: []\n'), httpRoute('b', prefix('/')))).map((f) => [f.document, f.path])).toEqual([[2, '/spec/rules/0/matches/0']]);
    expect(codes(doc(gw, httpRoute('a', prefix('/cart/')), httpRoute('b', prefix('/cart'))))).toHaveLength(1);
    const header = (name: string) => `  - matches:\n    - headers: [{name: ${name}, value: "1"}]\n`;
    expect(codes(doc(gw, httpRoute('a', header('X-Canary')), httpRoute('b', header('x-canary'))))).toHaveLength(1);
  });

  it('other matches, hostnames or listeners do not conflict', () => {
    expect(codes(doc(gw, httpRoute('a', prefix('/cart')), httpRoute('b', prefix('/carts'))))).toEqual([]);
    const exact = '  - matches:\n    - path: {type: Exact, value: /cart}\n';
    expect(codes(doc(gw, httpRoute('a', prefix('/cart')), httpRoute('b', exact)))).toEqual([]);
    expect(codes(doc(gw, httpRoute('a', prefix('/cart')), httpRoute('b', prefix('/cart'), {hostnames: '[api.example.com]'})))).toEqual([]);
    expect(codes(doc(gw, httpRoute('a', prefix('/cart'), {parent: '{name: gw, sectionName: http}'}), httpRoute('b', prefix('/cart'), {parent: '{name: gw, sectionName: admin}'})))).toEqual([]);
    const method = '  - matches:\n    - {path: {type: PathPrefix, value: /cart}, method: POST}\n';
    expect(codes(doc(gw, httpRoute('a', prefix('/cart')), httpRoute('b', method)))).toEqual([]);
  });

  it('a route naming the Gateway and one naming its listener share that listener', () => {
    const text = doc(gw, httpRoute('a', prefix('/cart')), httpRoute('b', prefix('/cart'), {parent: '{name: gw, sectionName: admin}'}));
    expect(codes(text).map((f) => f.message)).toEqual([expect.stringContaining('Gateway default/gw (listener "admin")')]);
  });

  it('meet only on listeners both attach to: a route the listener does not admit claims nothing there', () => {
    const sameOnly = gateway('gw', 'default', httpListener('http', 80));
    const text = doc(sameOnly, httpRoute('b', prefix('/cart')), httpRoute('a', prefix('/cart'), {ns: 'other', parent: '{name: gw, namespace: default}'}));
    expect(codes(text)).toEqual([]);
    const wildcard = gateway('gw', 'default', httpListener('shop', 80, '    hostname: "*.shop.com"\n') + httpListener('api', 8080, '    hostname: "*.api.com"\n'));
    expect(codes(doc(wildcard, httpRoute('a', prefix('/'), {hostnames: '[x.shop.com]'}), httpRoute('b', prefix('/'), {hostnames: '[x.shop.com]'}))).map((f) => f.message))
      .toEqual([expect.stringContaining('Gateway default/gw (listener "shop")')]);
  });

  it('two rules of one route with the same match are not a conflict between routes', () => {
    expect(codes(doc(gw, httpRoute('a', prefix('/cart') + prefix('/cart'))))).toEqual([]);
  });

  it('mesh routes on one Service parent conflict the same way', () => {
    const svc = '{group: "", kind: Service, name: reviews, port: 9080}';
    const text = doc(httpRoute('canary', prefix('/'), {parent: svc, hostnames: '[]'}), httpRoute('stable', prefix('/'), {parent: svc, hostnames: '[]'}));
    expect(gatewayApiFindings(text).filter((f) => f.code === 'conflicting-gateway-api-routes').map((f) => [f.document, f.message]))
      .toEqual([[1, expect.stringContaining('claims the same parent Service default/reviews (port 9080), hostname * and match as HTTPRoute default/canary')]]);
  });
});

it('GRPCRoutes: the same service and method on one parent and hostname', () => {
  const grpc = (name: string, method: string) => route('GRPCRoute', name, 'default', `  parentRefs:\n  - name: gw\n  hostnames: [grpc.example.com]\n  rules:\n  - matches:\n    - method: ${method}\n`);
  expect(codes(doc(gw, grpc('a', '{service: shop.Cart, method: Add}'), grpc('b', '{type: Exact, service: shop.Cart, method: Add}'))).map((f) => f.document)).toEqual([2]);
  expect(codes(doc(gw, grpc('a', '{service: shop.Cart, method: Add}'), grpc('b', '{service: shop.Cart, method: Remove}')))).toEqual([]);
});
