/** `meshdive route` on Gateway API routes: text and JSON answers naming the route, rule, match and backends. */
import {describe, expect, it} from 'vitest';
import {routeInProcess} from '../support/route-in-process';
import {workFiles} from '../support/work-files';
import {backend, edgeRoute, meshRoute, SHOP} from '../simulator/gateway-api-support';

const file = workFiles('meshdive-route-gateway-api-');

const context = file('shop.yaml', SHOP);

const meshdiveRoute = routeInProcess;

const CANARY = meshRoute(`  - matches:
    - path: {type: PathPrefix, value: /api}
      headers: [{name: x-canary, value: "true"}]
    backendRefs:
${backend('reviews-v2')}
  - backendRefs:
${backend('reviews-v1', 3)}
${backend('reviews-v9', 1)}
`);

describe('meshdive route with an HTTPRoute', () => {
  it('names the route, rule and match, the parent and the backends, in text', async () => {
    const routes = file('canary.yaml', CANARY);
    const result = await meshdiveRoute(['--context', context, '--request', 'GET http://reviews.shop:9080/api/list -H x-canary:true', routes]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe('Decision: 200  reviews-v2.shop.svc.cluster.local (1 pod)');
    expect(lines[2]).toBe(`Route: HTTPRoute shop/reviews rules[0] matches[0]  [${routes}#0/spec/rules/0]`);
    expect(lines[3]).toBe('Parent: Service shop/reviews (producer routes, mesh istio); match PathPrefix "/api", header x-canary = "true"');
    expect(result.stdout).toContain('HTTPRoute shop/reviews rules[0] matches[0] matches: PathPrefix "/api", header x-canary = "true"');
  });

  it('says why the first rule lost and shows the 500 share of a missing backend', async () => {
    const routes = file('split.yaml', CANARY);
    const result = await meshdiveRoute(['--context', context, '--request', 'GET http://reviews.shop:9080/api/list', routes]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('does not match: header x-canary = "true" but the request has no x-canary header');
    expect(result.stdout).toMatch(/Distribution:\n {5}75% {2}200 {2}reviews-v1-\S+\n {5}25% {2}500 NC {2}reviews-v9\.shop\.svc\.cluster\.local\n/);
  });

  it('writes the Gateway API part of the decision in JSON', async () => {
    const routes = file('edge.yaml', edgeRoute(`  - matches:\n    - path: {type: Exact, value: /}\n    filters:\n    - type: RequestRedirect\n      requestRedirect: {scheme: https}\n`, 'edge-routes', '  hostnames: [books.shop.example]\n'));
    const result = await meshdiveRoute(['--context', context, '--gateway', 'edge', '--format', 'json', '--request', 'GET http://books.shop.example:8080/', routes]);
    expect(result.stderr).toBe('');
    const {decision} = JSON.parse(result.stdout) as {decision: Record<string, unknown>};
    expect(decision).toMatchObject({
      outcome: 'redirect', status: 302, redirect: {status: 302, location: 'https://books.shop.example/'},
      route: {index: 0, matchIndex: 0, virtualService: {kind: 'HTTPRoute', namespace: 'shop', name: 'edge-routes'}, at: {file: 0, document: 0, pointer: '/spec/rules/0'}},
      gatewayApi: {mesh: 'istio', parent: {kind: 'Gateway', namespace: 'shop', name: 'edge', listener: 'shop'}, host: 'books.shop.example', match: 'Exact "/"'},
      httpRoutes: [{kind: 'HTTPRoute', namespace: 'shop', name: 'edge-routes'}],
    });
  });

  it('answers 404 when no rule matches, and exits 0', async () => {
    const routes = file('only.yaml', meshRoute(`  - matches:\n    - path: {type: Exact, value: /only}\n    backendRefs:\n${backend('reviews-v1')}\n`));
    const result = await meshdiveRoute(['--context', context, '--request', 'GET http://reviews.shop:9080/other', routes]);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[1]).toBe('Decision: 404 NR  404 NR: no rule of HTTPRoute shop/reviews matches');
  });

  it('says which of a VirtualService and an HTTPRoute for one host applied', async () => {
    const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews, namespace: shop}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews-v1}\n';
    const both = file('both.yaml', `${vs}---\n${CANARY}`);
    const result = await meshdiveRoute(['--context', context, '--from', 'shop', '--request', 'GET http://reviews:9080/', both]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('\nApplied: HTTPRoute over VirtualService shop/reviews\n');
    expect(result.stdout).toContain("HTTPRoute shop/reviews are in the client's namespace shop: istiod's sidecar imports them before any public VirtualService, so VirtualService shop/reviews for the same host is dropped");
  });

  it('refuses an HTTPRoute the API server would reject', async () => {
    const routes = file('invalid.yaml', meshRoute(`  - backendRefs:\n    - {name: reviews-v1}\n`));
    const result = await meshdiveRoute(['--context', context, '--request', 'GET http://reviews.shop:9080/', routes]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the YAML has errors the cluster would reject');
  });
});
