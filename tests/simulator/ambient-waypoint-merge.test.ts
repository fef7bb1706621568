/**
 * HTTPRoutes and VirtualServices for one Service at its waypoint are merged, not deduplicated as a
 * sidecar deduplicates them: istiod 1.30.3 appends the routes of every route set whose hosts match the
 * Service (pilot/pkg/networking/core/listener_waypoint.go buildWaypointInboundHTTPRouteConfig), in the
 * waypoint's import order (pilot/pkg/model/virtualservice.go SelectVirtualServices: private, exported,
 * then public lists, each oldest first, the VirtualService made from HTTPRoutes of the waypoint's own
 * namespace first in its list; route_collections.go: that VirtualService is public).
 */
import {describe, expect, it} from 'vitest';
import {route, sharesBySubset} from './helpers';

const reviewsService = (labels = 'istio.io/use-waypoint: waypoint') => `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: bookinfo
  labels: {app: reviews, ${labels}}
spec:
  selector: {app: reviews}
  ports:
  - {name: http, port: 9080, targetPort: 9080}
`;
const httpRoute = (rules: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: bookinfo
spec:
  parentRefs:
  - {group: "", kind: Service, name: reviews}
  rules:
${rules}`;
const vs = (name: string, http: string, extra = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: bookinfo
spec:
  hosts: [reviews]
${extra}  http:
${http}`;
const doc = (...parts: string[]) => parts.join('---\n');
const backend = (version: string) => `    backendRefs:\n    - {name: reviews-${version}, port: 9080}\n`;
const to = (version: string) => `    route:\n    - destination: {host: reviews-${version}}\n`;
const sharedWaypoint = `apiVersion: v1
kind: Namespace
metadata:
  name: mesh-waypoints
  labels: {istio.io/dataplane-mode: ambient}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shared
  namespace: mesh-waypoints
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE, allowedRoutes: {namespaces: {from: All}}}]
`;

const V1 = {'reviews-v1.bookinfo.svc.cluster.local': 1};
const V2 = {'reviews-v2.bookinfo.svc.cluster.local': 1};
const productpage = {context: 'ambient-bookinfo', from: 'bookinfo/productpage-v1'};

const pathRoutes = doc(reviewsService(),
  httpRoute(`  - matches:\n    - path: {type: PathPrefix, value: /a}\n${backend('v1')}`),
  vs('reviews', `  - match:\n    - uri: {prefix: /b}\n${to('v2')}`));

describe('an HTTPRoute and a VirtualService for reviews at its waypoint', () => {
  it('a request only the VirtualService matches takes the VirtualService\'s route (a sidecar would have dropped it: 404)', () => {
    const decision = route({...productpage, request: 'GET http://reviews:9080/b', yaml: pathRoutes});
    expect(decision.dataplane!.routedBy).toBe('waypoint');
    expect(decision.status).toBe(200);
    expect(sharesBySubset(decision)).toEqual(V2);
    expect(decision.route?.virtualService).toEqual(expect.objectContaining({kind: 'VirtualService', name: 'reviews'}));
    const said = decision.trace.map((step) => step.message);
    expect(said).toContain('the waypoint merges the routes of HTTPRoute bookinfo/reviews, VirtualService bookinfo/reviews, in istiod\'s import order (a sidecar would keep only the first): the first route that matches wins');
    expect(said).toContain('no route of HTTPRoute bookinfo/reviews matches: the waypoint tries the merged routes that follow, of VirtualService bookinfo/reviews');
  });

  it('a request the HTTPRoute matches takes the HTTPRoute\'s rule', () => {
    const decision = route({...productpage, request: 'GET http://reviews:9080/a', yaml: pathRoutes});
    expect(sharesBySubset(decision)).toEqual(V1);
    expect(decision.route?.virtualService).toEqual(expect.objectContaining({kind: 'HTTPRoute', name: 'reviews'}));
    expect(decision.httpRoutes?.map((ref) => ref.name)).toEqual(['reviews']);
    expect(decision.virtualServices.map((ref) => ref.name)).toEqual(['reviews']);
  });

  it('a request neither matches is answered 404 NR by the waypoint, once', () => {
    const decision = route({...productpage, request: 'GET http://reviews:9080/c', yaml: pathRoutes});
    expect(decision.outcome).toBe('no-route');
    expect(decision.status).toBe(404);
    expect(decision.flags).toBe('NR');
    expect(decision.trace.filter((step) => step.message.includes('404')).length).toBe(1);
  });

  it('the HTTPRoutes of the waypoint\'s own namespace come first: with two catch-alls, the HTTPRoute\'s wins', () => {
    const decision = route({...productpage, request: 'GET http://reviews:9080/', yaml: doc(reviewsService(), vs('a-reviews', to('v2').replace('    route', '  - route')), httpRoute(backend('v1').replace('    backendRefs', '  - backendRefs')))});
    expect(sharesBySubset(decision)).toEqual(V1);
  });

  it('a waypoint in another namespace holds both in creation order, then namespace and name: a VirtualService named before the made one wins', () => {
    const service = reviewsService('istio.io/use-waypoint: shared, istio.io/use-waypoint-namespace: mesh-waypoints');
    const catchAllVs = (name: string) => vs(name, to('v2').replace('    route', '  - route'));
    const catchAllRoute = httpRoute(backend('v1').replace('    backendRefs', '  - backendRefs'));
    // The made VirtualService is bookinfo/bookinfo~reviews.bookinfo.svc.cluster.local: "a-reviews" sorts before it, "reviews" after.
    expect(sharesBySubset(route({...productpage, request: 'GET http://reviews:9080/', yaml: doc(sharedWaypoint, service, catchAllVs('a-reviews'), catchAllRoute)}))).toEqual(V2);
    expect(sharesBySubset(route({...productpage, request: 'GET http://reviews:9080/', yaml: doc(sharedWaypoint, service, catchAllVs('reviews'), catchAllRoute)}))).toEqual(V1);
  });

  it('a VirtualService exported to the waypoint\'s namespace by name is imported before the public HTTPRoutes', () => {
    const service = reviewsService('istio.io/use-waypoint: shared, istio.io/use-waypoint-namespace: mesh-waypoints');
    const exported = vs('reviews', to('v2').replace('    route', '  - route'), '  exportTo: [".", mesh-waypoints]\n');
    const decision = route({...productpage, request: 'GET http://reviews:9080/', yaml: doc(sharedWaypoint, service, exported, httpRoute(backend('v1').replace('    backendRefs', '  - backendRefs')))});
    expect(sharesBySubset(decision)).toEqual(V2);
  });
});
