/**
 * The VirtualServices a waypoint applies, as istiod 1.30.3 translates them for it
 * (listener_waypoint.go buildWaypointInboundHTTPRouteConfig, waypointInboundRoute; route.go
 * sourceMatchHTTP with the waypoint as the node): matches with sourceLabels are dropped whoever the
 * client is, sourceNamespace is the waypoint's namespace, every matching VirtualService is merged in
 * creation order, and with no route left the waypoint's default route applies.
 */
import {describe, expect, it} from 'vitest';
import {bookinfoService, doc, waypointGateway} from './ambient-support';
import {route, sharesBySubset} from './helpers';

const reviewsService = (labels: Record<string, string> = {'istio.io/use-waypoint': 'waypoint'}) => bookinfoService('reviews', labels);
const vs = (name: string, http: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
${http}`;
const to = (version: string) => `    route:\n    - destination: {host: reviews-${version}}\n`;

const V1 = {'reviews-v1.bookinfo.svc.cluster.local': 1};
const V2 = {'reviews-v2.bookinfo.svc.cluster.local': 1};
const ANY = {'reviews.bookinfo.svc.cluster.local': 1};
const productpage = {context: 'ambient-bookinfo', from: 'bookinfo/productpage-v1', request: 'GET http://reviews:9080/'};

describe('sourceLabels at a waypoint', () => {
  const bySource = vs('reviews', `  - match:\n    - sourceLabels: {app: productpage}\n${to('v2')}  - route:\n    - destination: {host: reviews-v1}\n`);

  it('a sidecar client whose labels match takes the sourceLabels route', () => {
    const sidecarNamespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo\n  labels: {istio-injection: enabled}\n';
    const decision = route({...productpage, yaml: doc(sidecarNamespace, reviewsService(), bySource)});
    expect(decision.dataplane!.routedBy).toBe('sidecar');
    expect(sharesBySubset(decision)).toEqual(V2);
  });

  it('the waypoint drops the match although the ambient client has app=productpage, and says why', () => {
    const decision = route({...productpage, yaml: doc(reviewsService(), bySource)});
    expect(decision.dataplane!.routedBy).toBe('waypoint');
    expect(sharesBySubset(decision)).toEqual(V1);
    expect(decision.trace.map((step) => step.message).join('\n')).toContain('istiod leaves this match out of waypoint bookinfo/waypoint\'s routes, whoever the client is');
  });

  it('a VirtualService whose only route matches by sourceLabels is left out, and the waypoint\'s default route applies (not a 404)', () => {
    const decision = route({...productpage, yaml: doc(reviewsService(), vs('reviews', `  - match:\n    - sourceLabels: {app: productpage}\n${to('v2')}`))});
    expect(decision.outcome).toBe('routed');
    expect(sharesBySubset(decision)).toEqual(ANY);
    expect(decision.trace.map((step) => step.message)).toContain('VirtualService bookinfo/reviews is left out: none of its routes survives istiod\'s translation for the waypoint (matches with sourceLabels are dropped, sourceNamespace is the waypoint\'s)');
  });
});

describe('sourceNamespace at a waypoint', () => {
  const waypoints = doc(`apiVersion: v1
kind: Namespace
metadata:
  name: mesh-waypoints
  labels: {istio.io/dataplane-mode: ambient}
`, waypointGateway('shared', {namespace: 'mesh-waypoints', allowedFrom: 'All'}));
  const byNamespace = vs('reviews', `  - match:\n    - sourceNamespace: bookinfo\n${to('v2')}  - route:\n    - destination: {host: reviews-v1}\n`);

  it('is compared with the waypoint\'s namespace, not the client\'s', () => {
    const decision = route({...productpage, yaml: doc(waypoints, reviewsService({'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'mesh-waypoints'}), byNamespace)});
    expect(decision.dataplane!.waypoint).toEqual(expect.objectContaining({namespace: 'mesh-waypoints', name: 'shared'}));
    expect(sharesBySubset(decision)).toEqual(V1);
    expect(decision.trace.map((step) => step.message).join('\n')).toContain('sourceNamespace bookinfo: istiod compares it with waypoint mesh-waypoints/shared\'s own namespace (mesh-waypoints)');
  });

  it('matches every client when it names the waypoint\'s namespace', () => {
    const decision = route({...productpage, from: 'legacy/legacy-client', request: 'GET http://reviews.bookinfo:9080/', yaml: doc('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels: {istio.io/dataplane-mode: ambient}\n', reviewsService(), byNamespace)});
    expect(decision.dataplane!.routedBy).toBe('waypoint');
    expect(sharesBySubset(decision)).toEqual(V2);
  });
});

describe('several VirtualServices for one Service at a waypoint', () => {
  it('are merged in creation order, as a gateway merges them, instead of the oldest alone', () => {
    const first = vs('reviews-a', `  - match:\n    - uri: {prefix: /a}\n${to('v1')}`);
    const second = vs('reviews-b', `  - match:\n    - uri: {prefix: /b}\n${to('v2')}`);
    const decision = route({...productpage, request: 'GET http://reviews:9080/b', yaml: doc(reviewsService(), first, second)});
    expect(sharesBySubset(decision)).toEqual(V2);
    expect(decision.virtualServices.map((ref) => ref.name)).toEqual(['reviews-a', 'reviews-b']);
    expect(decision.route?.virtualService.name).toBe('reviews-b');
  });
});
