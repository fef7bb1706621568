/**
 * Who applies the route in ambient mode (simulator/ambient/route.ts): the waypoint, with the Service's
 * HTTPRoutes and (Alpha) VirtualServices of the Service's or the waypoint's namespace
 * (listener_waypoint.go getVirtualServiceForWaypoint); nobody without a waypoint (ztunnel is L4); the
 * client's own sidecar for a sidecar client.
 */
import {describe, expect, it} from 'vitest';
import type {Decision} from '../../src/simulator/index';
import {bookinfoService, doc} from './ambient-support';
import {route, sharesBySubset} from './helpers';

const enroll = (waypoint = 'waypoint') => bookinfoService('reviews', {'istio.io/use-waypoint': waypoint});
const httpRoute = (namespace = 'bookinfo') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: ${namespace}
spec:
  parentRefs:
  - {group: "", kind: Service, name: reviews, namespace: bookinfo, port: 9080}
  rules:
  - backendRefs:
    - {name: reviews-v1, namespace: bookinfo, port: 9080, weight: 90}
    - {name: reviews-v2, namespace: bookinfo, port: 9080, weight: 10}
`;
const virtualService = (namespace = 'bookinfo') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: ${namespace}
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]
  http:
  - route:
    - destination: {host: reviews-v3.bookinfo.svc.cluster.local}
`;
const legacyNamespace = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels: {${labels}}\n`;

function hosts(decision: Decision): Record<string, number> {
  return sharesBySubset(decision);
}

const V1_V2 = {'reviews-v1.bookinfo.svc.cluster.local': 0.9, 'reviews-v2.bookinfo.svc.cluster.local': 0.1};
const V3 = {'reviews-v3.bookinfo.svc.cluster.local': 1};
const ANY = {'reviews.bookinfo.svc.cluster.local': 1};

describe('who routes a request to reviews', () => {
  it.each([
    ['ambient client, no waypoint: the HTTPRoute is ignored', 'bookinfo/productpage-v1', httpRoute(), 'none', ANY],
    ['ambient client, no waypoint: the VirtualService is ignored', 'bookinfo/productpage-v1', virtualService(), 'none', ANY],
    ['ambient client, waypoint: the waypoint applies the HTTPRoute', 'bookinfo/productpage-v1', doc(enroll(), httpRoute()), 'waypoint', V1_V2],
    ['ambient client, waypoint: a VirtualService in the Service\'s namespace (Alpha) applies', 'bookinfo/productpage-v1', doc(enroll(), virtualService()), 'waypoint', V3],
    ['ambient client, waypoint: a VirtualService in a third namespace is not read', 'bookinfo/productpage-v1', doc(enroll(), virtualService('legacy')), 'waypoint', ANY],
    ['client without a proxy, waypoint: nothing routes', 'legacy/legacy-client', doc(enroll(), httpRoute()), 'none', ANY],
    ['sidecar client, waypoint: its own sidecar applies the HTTPRoute', 'legacy/legacy-client', doc(legacyNamespace('istio-injection: enabled'), enroll(), httpRoute()), 'sidecar', V1_V2],
    ['sidecar client, waypoint: its own sidecar applies a consumer VirtualService', 'legacy/legacy-client', doc(legacyNamespace('istio-injection: enabled'), enroll(), virtualService('legacy')), 'sidecar', V3],
  ])('%s', (_case, from, yaml, routedBy, shares) => {
    const decision = route({context: 'ambient-bookinfo', yaml, request: 'GET http://reviews.bookinfo:9080/', from});
    expect(decision.dataplane!.routedBy).toBe(routedBy);
    expect(hosts(decision)).toEqual(shares);
  });

  it('says which routing resources ztunnel ignores, and that nothing retries', () => {
    const decision = route({context: 'ambient-bookinfo', yaml: doc(httpRoute(), virtualService()), request: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1'});
    expect(decision.dataplane!.routing).toBe('no route applies: ztunnel balances connections over the Service\'s pods (VirtualService bookinfo/reviews, HTTPRoute bookinfo/reviews ignored)');
    expect(decision.retries).toBeNull();
    expect(decision.route).toBeUndefined();
  });

  it('the waypoint does not take a consumer HTTPRoute from the client\'s namespace', () => {
    const consumer = doc(enroll(), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio.io/dataplane-mode: ambient}\n`,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: shop}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: c:1}]}\n',
      httpRoute('shop'));
    const decision = route({context: 'ambient-bookinfo', yaml: consumer, request: 'GET http://reviews.bookinfo:9080/', from: 'shop/client'});
    expect(decision.dataplane!.routedBy).toBe('waypoint');
    expect(hosts(decision)).toEqual(ANY);
  });

  it('keeps the client\'s request and source in the answer when the waypoint routes', () => {
    const decision = route({context: 'ambient-bookinfo', yaml: doc(enroll(), httpRoute()), request: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1'});
    expect(decision.request.url).toBe('GET http://reviews:9080/');
    expect(decision.source).toEqual(expect.objectContaining({namespace: 'bookinfo', workload: 'productpage-v1'}));
    expect(decision.route?.virtualService).toEqual(expect.objectContaining({kind: 'HTTPRoute', name: 'reviews'}));
  });
});
