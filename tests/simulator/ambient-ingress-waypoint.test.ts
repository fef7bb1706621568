/**
 * An ingress gateway's request for a Service labelled istio.io/ingress-use-waypoint=true is routed
 * twice: by the gateway's route, which picks the Service, then by the Service's waypoint, which applies
 * the Service's own HTTPRoutes or VirtualServices (endpoint_builder.go findServiceWaypoint gives the
 * gateway's cluster the waypoint's endpoints; listener_waypoint.go routes what the waypoint receives).
 */
import {describe, expect, it} from 'vitest';
import {bookinfoService, doc, httpIngress, istioIngress, REVIEWS_CANARY} from './ambient-support';
import {route, sharesBySubset} from './helpers';

const ingress = (backend: string) => httpIngress({gateway: 'web', rules: `
  - matches: [{path: {type: PathPrefix, value: /reviews}}]
    backendRefs: [${backend}]`});
const reviews = (labels: Record<string, string>) => bookinfoService('reviews', {'istio.io/use-waypoint': 'waypoint', ...labels});
const USES = {'istio.io/ingress-use-waypoint': 'true'};
const send = (yaml: string, path = '/reviews/1') => route({context: 'ambient-bookinfo', yaml, request: `GET http://bookinfo.example${path}`, gateway: 'bookinfo/web'});

describe('ingress through a waypoint', () => {
  it('the waypoint applies the Service\'s HTTPRoute after the gateway picked the Service', () => {
    const decision = send(doc(ingress('{name: reviews, port: 9080}'), reviews(USES), REVIEWS_CANARY));
    expect(sharesBySubset(decision)).toEqual({'reviews-v1.bookinfo.svc.cluster.local': 0.9, 'reviews-v2.bookinfo.svc.cluster.local': 0.1});
    expect(decision.route?.virtualService).toEqual(expect.objectContaining({kind: 'HTTPRoute', name: 'web'}));
    expect(decision.dataplane!.routedBy).toBe('gateway');
    expect(decision.dataplane!.routing).toBe('the gateway applied HTTPRoute bookinfo/web; then waypoint bookinfo/waypoint routes reviews.bookinfo.svc.cluster.local again by HTTPRoute bookinfo/reviews');
    expect(decision.dataplane!.paths.map((path) => path.crosses.join(' → '))).toEqual(['gateway → waypoint → ztunnel', 'gateway → waypoint → ztunnel']);
  });

  it('without istio.io/ingress-use-waypoint the gateway sends to the Service\'s pods and the waypoint\'s routes never apply', () => {
    const decision = send(doc(ingress('{name: reviews, port: 9080}'), reviews({}), REVIEWS_CANARY));
    expect(sharesBySubset(decision)).toEqual({'reviews.bookinfo.svc.cluster.local': 1});
    expect(decision.dataplane!.crosses).toEqual(['gateway', 'ztunnel']);
  });

  it('the waypoint sees the path the gateway rewrote', () => {
    const rewriting = ingress('{name: reviews, port: 9080}').replace('    backendRefs:', '    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}}]\n    backendRefs:');
    const byPath = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: bookinfo}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /v2}}]
    backendRefs: [{name: reviews-v2, port: 9080}]
  - backendRefs: [{name: reviews-v1, port: 9080}]
`;
    expect(sharesBySubset(send(doc(rewriting, reviews(USES), byPath)))).toEqual({'reviews-v2.bookinfo.svc.cluster.local': 1});
  });

  it('a 404 from the waypoint\'s routes reaches the gateway\'s client', () => {
    const only = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - match: [{uri: {prefix: /internal}}]
    route: [{destination: {host: reviews-v3}}]
`;
    const decision = send(doc(ingress('{name: reviews, port: 9080}'), reviews(USES), only));
    expect(decision.status).toBe(404);
    expect(decision.flags).toBe('NR');
    expect(decision.summary).toContain('the waypoint answers 404 NR');
  });

  it('a DestinationRule subset the gateway chose is not kept: the waypoint picks the pods', () => {
    const subsetV1 = `${istioIngress('[{route: [{destination: {host: reviews, subset: v1}}]}]')}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}]
`;
    const decision = route({context: 'ambient-bookinfo', yaml: doc(subsetV1, reviews(USES)), request: 'GET http://bookinfo.example:9080/', gateway: 'bookinfo/public'});
    expect(sharesBySubset(decision)).toEqual({'reviews.bookinfo.svc.cluster.local': 1});
    expect(decision.destinations[0]!.podCount).toBe(3);
    expect(decision.trace.map((step) => step.message)).toContain('the gateway\'s subset v1 is not kept: the waypoint receives the request for the Service and picks the pods by its own routes');
  });
});
