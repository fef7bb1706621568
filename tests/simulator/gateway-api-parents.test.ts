/**
 * Which routes apply: a Gateway parent (listener port, sectionName, allowedRoutes, hostname
 * intersection with wildcards, the most specific virtual host) and a Service parent (GAMMA:
 * consumer and producer routes, as istiod's route_collections.go and the sidecar's import
 * order decide, and as Linkerd's policy controller merges them); a VirtualService and an
 * HTTPRoute for the same host (virtualservice.go SelectVirtualServices, httproute.go dedupe).
 */
import {describe, expect, it} from 'vitest';
import {documents} from './helpers';
import {backend, edgeRoute, meshRoute, routeShop, sharesByBackend, SHOP, shopContext, traceText} from './gateway-api-support';

const to = (name: string): string => `  - backendRefs:\n${backend(name)}\n`;

describe('Gateway parent', () => {
  it('routes through the listener on the request port, whatever the host, when neither side names one', () => {
    const decision = routeShop(edgeRoute(to('reviews-v1')), 'GET http://anything.example/', {gateway: 'edge'});
    expect(sharesByBackend(decision)).toEqual({'reviews-v1': 1});
    expect(decision.gatewayApi).toMatchObject({mesh: 'istio', parent: {kind: 'Gateway', namespace: 'shop', name: 'edge', listener: 'http'}, host: '*'});
    expect(decision.source).toMatchObject({kind: 'gateway', gateway: 'shop/edge'});
  });

  it('refuses the connection on a port no listener has', () => {
    const decision = routeShop(edgeRoute(to('reviews-v1')), 'GET http://books.example:9999/', {gateway: 'edge'});
    expect(decision).toMatchObject({outcome: 'unreachable', status: null});
    expect(decision.summary).toContain('Gateway shop/edge has no listener on port 9999 (ports: 80, 8080)');
  });

  it('intersects a wildcard listener hostname with the route hostnames', () => {
    const yaml = edgeRoute(to('reviews-v1'), 'edge-routes', '  hostnames: [books.shop.example, books.other.example]\n');
    const reached = routeShop(yaml, 'GET http://books.shop.example:8080/', {gateway: 'edge'});
    expect(reached.gatewayApi).toMatchObject({host: 'books.shop.example', parent: {listener: 'shop'}});
    const refused = routeShop(yaml, 'GET http://books.other.example:8080/', {gateway: 'edge'});
    expect(refused).toMatchObject({outcome: 'no-route', status: 404, flags: 'NR'});
    expect(refused.summary).toContain('no listener of Gateway shop/edge on port 8080 accepts host books.other.example');
  });

  it('lets a wildcard route hostname match subdomains at any depth, but not the bare domain', () => {
    const yaml = edgeRoute(to('reviews-v1'), 'edge-routes', '  hostnames: ["*.books.example"]\n');
    expect(sharesByBackend(routeShop(yaml, 'GET http://a.b.books.example/', {gateway: 'edge'}))).toEqual({'reviews-v1': 1});
    expect(routeShop(yaml, 'GET http://books.example/', {gateway: 'edge'})).toMatchObject({status: 404, flags: 'NR'});
  });

  it('serves a request from the most specific hostname: an exact name beats a wildcard', () => {
    const yaml = `${edgeRoute(to('reviews-v1'), 'wild', '  hostnames: ["*.books.example"]\n')}---\n${edgeRoute(to('reviews-v2'), 'exact', '  hostnames: [new.books.example]\n')}`;
    expect(sharesByBackend(routeShop(yaml, 'GET http://new.books.example/', {gateway: 'edge'}))).toEqual({'reviews-v2': 1});
    expect(sharesByBackend(routeShop(yaml, 'GET http://old.books.example/', {gateway: 'edge'}))).toEqual({'reviews-v1': 1});
  });

  it('attaches a route to the listener its sectionName names only', () => {
    const yaml = edgeRoute(to('reviews-v1')).replace('- {name: edge}', '- {name: edge, sectionName: shop}');
    expect(routeShop(yaml, 'GET http://x.shop.example:80/', {gateway: 'edge'})).toMatchObject({status: 404});
    expect(sharesByBackend(routeShop(yaml, 'GET http://x.shop.example:8080/', {gateway: 'edge'}))).toEqual({'reviews-v1': 1});
  });

  it('attaches a route to the listener its parentRef port names only', () => {
    const yaml = edgeRoute(to('reviews-v1')).replace('- {name: edge}', '- {name: edge, port: 8080}');
    expect(routeShop(yaml, 'GET http://x.shop.example/', {gateway: 'edge'})).toMatchObject({status: 404});
  });

  it("refuses a route from another namespace unless the listener's allowedRoutes admits it", () => {
    const webRoute = edgeRoute(to('reviews-v1')).replace('namespace: shop', 'namespace: web').replace('- {name: edge}', '- {name: edge, namespace: shop}').replace(backend('reviews-v1'), '    - {name: reviews-v1, namespace: shop, port: 9080}');
    const refused = routeShop(webRoute, 'GET http://x.example/', {gateway: 'edge'});
    expect(refused).toMatchObject({status: 404});
    expect(traceText(refused)).toContain('listener http of Gateway shop/edge does not allow HTTPRoute web/edge-routes (allowedRoutes)');
    const selector = documents(SHOP.replace('- {name: http, port: 80, protocol: HTTP}', '- {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: web}}}}}'));
    // Its backend is in shop: Istio asks a ReferenceGrant there (conversion.go buildDestination, enforceRefGrant on a Gateway).
    const grant = '---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: from-web, namespace: shop}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}]\n  to: [{group: "", kind: Service, name: reviews-v1}]\n';
    expect(sharesByBackend(routeShop(`${webRoute}${grant}`, 'GET http://x.example/', {gateway: 'edge', context: selector}))).toEqual({'reviews-v1': 1});
    const ungranted = routeShop(webRoute, 'GET http://x.example/', {gateway: 'edge', context: selector});
    expect(sharesByBackend(ungranted)).toEqual({500: 1});
    expect(traceText(ungranted)).toContain('backendRef reviews-v1/shop not accessible to a HTTPRoute in namespace "web" (missing a ReferenceGrant?)');
  });

  it('answers 404 NR, naming the routes, when no rule matches', () => {
    const yaml = edgeRoute(`  - matches:\n    - path: {type: Exact, value: /only}\n    backendRefs:\n${backend('reviews-v1')}\n`);
    const decision = routeShop(yaml, 'GET http://x.example/other', {gateway: 'edge'});
    expect(decision).toMatchObject({outcome: 'no-route', status: 404, flags: 'NR', summary: '404 NR: no rule of HTTPRoute shop/edge-routes matches'});
  });
});

describe('Service parent (GAMMA)', () => {
  it('routes mesh traffic to the Service by the routes whose parent it is', () => {
    const decision = routeShop(meshRoute(to('reviews-v2')), 'GET http://reviews.shop:9080/');
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
    expect(decision.gatewayApi).toMatchObject({parent: {kind: 'Service', namespace: 'shop', name: 'reviews', role: 'producer'}, host: 'reviews.shop.svc.cluster.local'});
    expect(decision.httpRoutes).toMatchObject([{kind: 'HTTPRoute', namespace: 'shop', name: 'reviews'}]);
  });

  it('ignores a route attached to a Gateway for mesh traffic, and a mesh route at the Gateway', () => {
    expect(routeShop(edgeRoute(to('reviews-v2')), 'GET http://reviews.shop:9080/').gatewayApi).toBeUndefined();
    expect(routeShop(meshRoute(to('reviews-v2')), 'GET http://x.example/', {gateway: 'edge'})).toMatchObject({status: 404});
  });

  it('applies a parentRef port to that Service port only', () => {
    const yaml = meshRoute(to('reviews-v2')).replace('port: 9080}', 'port: 9090}');
    const decision = routeShop(yaml, 'GET http://reviews.shop:9080/');
    expect(decision.gatewayApi).toBeUndefined();
    expect(sharesByBackend(decision)).toEqual({reviews: 1});
  });

  it('lets a route in the client namespace replace the producer route under Istio', () => {
    const consumer = meshRoute(to('reviews-v3'), 'web-view').replace('namespace: shop', 'namespace: web').replace('name: reviews, port: 9080', 'name: reviews, namespace: shop, port: 9080').replace(backend('reviews-v3'), '    - {name: reviews-v3, namespace: shop, port: 9080}');
    const yaml = `${meshRoute(to('reviews-v2'))}---\n${consumer}`;
    const fromWeb = routeShop(yaml, 'GET http://reviews.shop:9080/', {from: 'web/frontend'});
    expect(sharesByBackend(fromWeb)).toEqual({'reviews-v3': 1});
    expect(fromWeb.gatewayApi?.parent.role).toBe('consumer');
    expect(traceText(fromWeb)).toContain("HTTPRoute shop/reviews has Service shop/reviews as parent but does not apply to this client: a route in the client's namespace web replaces the Service namespace's routes");
    const fromShop = routeShop(yaml, 'GET http://reviews.shop:9080/', {from: 'shop'});
    expect(sharesByBackend(fromShop)).toEqual({'reviews-v2': 1});
    expect(fromShop.gatewayApi?.parent.role).toBe('producer');
  });

  it("ignores a route in a third namespace (neither the client's nor the Service's)", () => {
    const other = meshRoute(to('reviews-v3'), 'elsewhere').replace('namespace: shop', 'namespace: web').replace('name: reviews, port: 9080', 'name: reviews, namespace: shop, port: 9080');
    const decision = routeShop(other, 'GET http://reviews.shop:9080/', {from: 'shop'});
    expect(decision.gatewayApi).toBeUndefined();
    expect(traceText(decision)).toContain('it is in namespace web, neither the client\'s (shop) nor the Service\'s (shop)');
  });
});

describe('Service parent under Linkerd', () => {
  const linkerd = documents(SHOP.replace('metadata: {name: web, labels: {team: web}}', 'metadata: {name: web, labels: {team: web}, annotations: {linkerd.io/inject: enabled}}')
    .replace('metadata: {name: shop, labels: {istio-injection: enabled}}', 'metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}'));

  it("merges the client namespace's routes with the producer's, ordered by precedence (policy-controller outbound/index.rs)", () => {
    const consumer = meshRoute(`  - matches:\n    - path: {type: PathPrefix, value: /web}\n    backendRefs:\n    - {name: reviews-v3, namespace: shop, port: 9080}\n`, 'web-view')
      .replace('namespace: shop\n', 'namespace: web\n').replace('name: reviews, port: 9080', 'name: reviews, namespace: shop, port: 9080');
    const yaml = `${meshRoute(to('reviews-v2'))}---\n${consumer}`;
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/web/x', {from: 'web/frontend', context: linkerd}))).toEqual({'reviews-v3': 1});
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/other', {from: 'web/frontend', context: linkerd}))).toEqual({'reviews-v2': 1});
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop:9080/web/x', {from: 'shop', context: linkerd}))).toEqual({'reviews-v2': 1});
  });

  it("routes by Linkerd's own policy.linkerd.io HTTPRoute, which Istio never reads", () => {
    const yaml = meshRoute(to('reviews-v3')).replace('apiVersion: gateway.networking.k8s.io/v1', 'apiVersion: policy.linkerd.io/v1beta3').replace('{group: "", kind: Service', '{group: core, kind: Service');
    const viaLinkerd = routeShop(yaml, 'GET http://reviews:9080/', {from: 'shop', context: linkerd});
    expect(sharesByBackend(viaLinkerd)).toEqual({'reviews-v3': 1});
    expect(traceText(viaLinkerd)).toContain('HTTPRoute (policy.linkerd.io) shop/reviews rules[0] (no matches written: PathPrefix / by default) matches');
    expect(routeShop(yaml, 'GET http://reviews:9080/', {from: 'shop'}).gatewayApi).toBeUndefined();
  });

  it('reads a parentRef or backendRef of group "core" (any case) as a Service, where istiod finds no such kind (FindByGroupKind compares as written)', () => {
    const coreParent = meshRoute(to('reviews-v2')).replace('{group: "", kind: Service', '{group: Core, kind: service');
    expect(sharesByBackend(routeShop(coreParent, 'GET http://reviews.shop:9080/', {from: 'shop', context: linkerd}))).toEqual({'reviews-v2': 1});
    expect(routeShop(coreParent, 'GET http://reviews.shop:9080/', {from: 'shop'}).gatewayApi).toBeUndefined();
    const coreBackend = meshRoute('  - backendRefs:\n    - {group: core, kind: Service, name: reviews-v2, port: 9080}\n');
    expect(sharesByBackend(routeShop(coreBackend, 'GET http://reviews.shop:9080/', {from: 'shop', context: linkerd}))).toEqual({'reviews-v2': 1});
    expect(sharesByBackend(routeShop(coreBackend, 'GET http://reviews.shop:9080/', {from: 'shop'}))).toEqual({500: 1});
  });

  it("matches a mesh route's hostnames against the request's host, where Istio ignores them", () => {
    const yaml = meshRoute(to('reviews-v2')).replace('spec:\n', 'spec:\n  hostnames: [reviews.shop.svc.cluster.local]\n');
    const short = routeShop(yaml, 'GET http://reviews:9080/', {from: 'shop', context: linkerd});
    expect(short.gatewayApi).toBeUndefined();
    expect(traceText(short)).toContain("its hostnames (reviews.shop.svc.cluster.local) do not include reviews, which Linkerd's proxy compares them with");
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews.shop.svc.cluster.local:9080/', {from: 'shop', context: linkerd}))).toEqual({'reviews-v2': 1});
    expect(sharesByBackend(routeShop(yaml, 'GET http://reviews:9080/', {from: 'shop'}))).toEqual({'reviews-v2': 1});
  });
});

describe('Service parent under Linkerd: one protocol per port (policy-controller grpc/src/outbound.rs to_proto)', () => {
  const linkerd = documents(SHOP.replace('metadata: {name: shop, labels: {istio-injection: enabled}}', 'metadata: {name: shop, annotations: {linkerd.io/inject: enabled}}'));
  const grpc = meshRoute(to('reviews-v3'), 'reviews-grpc').replace('kind: HTTPRoute', 'kind: GRPCRoute');
  const both = `${meshRoute(to('reviews-v2'))}---\n${grpc}`;

  it('a GRPCRoute on a port without appProtocol makes it a gRPC port: its HTTPRoutes are not sent, where Istio merges both kinds', () => {
    const decision = routeShop(both, 'GET http://reviews:9080/', {from: 'shop', context: linkerd});
    expect(sharesByBackend(decision)).toEqual({'reviews-v3': 1});
    expect(traceText(decision)).toContain("Linkerd's policy controller sends the gRPC protocol for reviews:9080, where GRPCRoutes attach, so its HTTPRoutes are not sent");
    // Istio merges both kinds into one virtual service: the HTTPRoute (first by name on a tie of age) serves the request.
    expect(sharesByBackend(routeShop(both, 'GET http://reviews:9080/', {from: 'shop'}))).toEqual({'reviews-v2': 1});
  });

  const withAppProtocol = (appProtocol: string): unknown[] => linkerd.map((doc) => {
    const d = doc as {kind?: string; metadata?: {name?: string}; spec?: {ports?: unknown[]}};
    return d.kind === 'Service' && d.metadata?.name === 'reviews' ? {...d, spec: {...d.spec, ports: [{name: 'http', port: 9080, appProtocol}]}} : doc;
  });

  it('an appProtocol http port is HTTP/1: its GRPCRoutes are not sent', () => {
    expect(sharesByBackend(routeShop(both, 'GET http://reviews:9080/', {from: 'shop', context: withAppProtocol('http')}))).toEqual({'reviews-v2': 1});
  });

  it('an opaque port (linkerd.io/opaque, or an appProtocol Linkerd does not know) gets no HTTP route: the request goes to the Service', () => {
    const decision = routeShop(meshRoute(to('reviews-v2')), 'GET http://reviews:9080/', {from: 'shop', context: withAppProtocol('linkerd.io/opaque')});
    expect(decision.gatewayApi).toBeUndefined();
    expect(traceText(decision)).toContain("Linkerd's policy controller sends reviews:9080 as opaque TCP (appProtocol linkerd.io/opaque), without HTTP or gRPC routes");
  });
});

describe('a VirtualService and an HTTPRoute for the same host (Istio sidecars)', () => {
  const virtualService = (name = 'reviews'): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: shop}
spec:
  hosts: [reviews.shop.svc.cluster.local]
  http:
  - route:
    - destination: {host: reviews-v1.shop.svc.cluster.local}
`;

  it('applies HTTPRoutes of the client namespace before any VirtualService', () => {
    const decision = routeShop(`${virtualService()}---\n${meshRoute(to('reviews-v2'))}`, 'GET http://reviews:9080/', {from: 'shop'});
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
    expect(decision.meshRouting).toMatchObject({applied: 'HTTPRoute', dropped: [{kind: 'VirtualService', namespace: 'shop', name: 'reviews'}]});
    expect(traceText(decision)).toContain("HTTPRoute shop/reviews are in the client's namespace shop: istiod's sidecar imports them before any public VirtualService, so VirtualService shop/reviews for the same host is dropped");
  });

  it('applies a VirtualService private to the client\'s namespace before the client namespace\'s HTTPRoutes (it is imported from an earlier list)', () => {
    const privateVs = virtualService().replace('spec:\n', 'spec:\n  exportTo: ["."]\n');
    const decision = routeShop(`${privateVs}---\n${meshRoute(to('reviews-v2'))}`, 'GET http://reviews:9080/', {from: 'shop'});
    expect(sharesByBackend(decision)).toEqual({'reviews-v1': 1});
    expect(decision.meshRouting).toMatchObject({applied: 'VirtualService', dropped: [{kind: 'HTTPRoute', namespace: 'shop', name: 'reviews'}]});
  });

  it('applies the older of the two for clients in other namespaces', () => {
    const vsOlder = routeShop(meshRoute(to('reviews-v2')), 'GET http://reviews.shop:9080/', {from: 'web/frontend', context: [...shopContext(), ...documents(virtualService())]});
    expect(sharesByBackend(vsOlder)).toEqual({'reviews-v1': 1});
    expect(vsOlder.route?.virtualService.kind).toBe('VirtualService');
    expect(vsOlder.meshRouting).toMatchObject({applied: 'VirtualService', dropped: [{kind: 'HTTPRoute', namespace: 'shop', name: 'reviews'}]});
    expect(traceText(vsOlder)).toContain('VirtualService shop/reviews is older than HTTPRoute shop/reviews: the older configuration for a host wins, the HTTPRoutes are dropped for this client');
    const routeOlder = routeShop(virtualService(), 'GET http://reviews.shop:9080/', {from: 'web/frontend', context: [...shopContext(), ...documents(meshRoute(to('reviews-v2')))]});
    expect(sharesByBackend(routeOlder)).toEqual({'reviews-v2': 1});
    expect(routeOlder.route?.virtualService.kind).toBe('HTTPRoute');
  });

  it('orders by namespace and name when both were created together', () => {
    // istiod names the VirtualService it makes "shop~9080~reviews.shop.svc.cluster.local".
    const before = routeShop(`${virtualService('reviews')}---\n${meshRoute(to('reviews-v2'))}`, 'GET http://reviews.shop:9080/', {from: 'web/frontend'});
    expect(sharesByBackend(before)).toEqual({'reviews-v1': 1});
    const after = routeShop(`${virtualService('zz-reviews')}---\n${meshRoute(to('reviews-v2'))}`, 'GET http://reviews.shop:9080/', {from: 'web/frontend'});
    expect(sharesByBackend(after)).toEqual({'reviews-v2': 1});
  });

  it('never reads the VirtualService under Linkerd', () => {
    const linkerd = documents(SHOP.replace('metadata: {name: web, labels: {team: web}}', 'metadata: {name: web, labels: {team: web}, annotations: {linkerd.io/inject: enabled}}'));
    const decision = routeShop(meshRoute(to('reviews-v2')), 'GET http://reviews.shop:9080/', {from: 'web/frontend', context: [...linkerd, ...documents(virtualService())]});
    expect(sharesByBackend(decision)).toEqual({'reviews-v2': 1});
    expect(decision.gatewayApi?.mesh).toBe('linkerd');
  });
});
