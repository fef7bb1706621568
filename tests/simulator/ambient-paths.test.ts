/**
 * What a request crosses in a lab that shows ambient mode (simulator/ambient/path.ts, route.ts): the
 * proxies in order, HBONE or not between them, which proxy applies the route, and which enforces the
 * destination's L4 or L7 policy.
 */
import {describe, expect, it} from 'vitest';
import type {Decision} from '../../src/simulator/index';
import {bookinfoService, doc, httpIngress, waypointGateway} from './ambient-support';
import {labResources, route} from './helpers';

const ENROLL_REVIEWS = bookinfoService('reviews', {'istio.io/use-waypoint': 'waypoint'});
const SIDECAR_CLIENTS = `apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels: {istio-injection: enabled}
`;

function paths(decision: Decision) {
  return decision.dataplane!.paths.map((path) => ({to: path.workload, crosses: path.crosses.join(' → '), transport: path.hops.map((hop) => hop.next).join(' '), enforces: path.hops.map((hop) => hop.enforces ?? '-').join(' ')}));
}

describe('paths through the ambient Bookinfo lab', () => {
  it.each([
    ['ambient client, Service with a waypoint', 'bookinfo/productpage-v1', 'GET http://details:9080/', '', 'ztunnel → waypoint → ztunnel', 'HBONE HBONE local', '- L7 L4', 'waypoint'],
    ['ambient client, another enrolled Service by its namespaced name', 'bookinfo/productpage-v1', 'GET http://ratings.bookinfo:9080/', '', 'ztunnel → waypoint → ztunnel', 'HBONE HBONE local', '- L7 L4', 'waypoint'],
    ['ambient client, reviews not enrolled', 'bookinfo/productpage-v1', 'GET http://reviews:9080/', '', 'ztunnel → ztunnel', 'HBONE local', '- L4', 'none'],
    ['client without a proxy', 'legacy/legacy-client', 'GET http://details.bookinfo:9080/', '', 'ztunnel', 'local', 'L4', 'none'],
    ['sidecar client bypasses the waypoint', 'legacy/legacy-client', 'GET http://details.bookinfo:9080/', SIDECAR_CLIENTS, 'sidecar → ztunnel', 'HBONE local', '- L4', 'sidecar'],
  ])('%s', (_case, from, request, yaml, crosses, transport, enforces, routedBy) => {
    const decision = route({context: 'ambient-bookinfo', yaml, request, from});
    const [first] = paths(decision);
    expect(first).toEqual(expect.objectContaining({crosses, transport, enforces}));
    expect(decision.dataplane!.routedBy).toBe(routedBy);
    expect(decision.dataplane!.crosses.join(' → ')).toBe(crosses);
  });

  it('a client without a proxy reaches the destination\'s ztunnel in plaintext', () => {
    const decision = route({context: 'ambient-bookinfo', yaml: '', request: 'GET http://details.bookinfo:9080/', from: 'legacy/legacy-client'});
    expect(decision.dataplane!.paths[0]!.entry).toBe('plaintext');
    expect(decision.dataplane!.paths[0]!.text).toBe('legacy/legacy-client —plaintext→ ztunnel → bookinfo/details-v1');
  });

  it('an ambient client to a workload without a proxy leaves ztunnel in plaintext', () => {
    const optOut = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: details-v1, namespace: bookinfo}\nspec:\n  selector: {matchLabels: {app: details}}\n  template:\n    metadata:\n      labels: {app: details, version: v1, istio.io/dataplane-mode: none}\n    spec:\n      containers: [{name: details, image: details:1, ports: [{containerPort: 9080}]}]\n';
    const withoutWaypoint = bookinfoService('details', {'istio.io/use-waypoint': 'none'});
    const decision = route({context: 'ambient-bookinfo', yaml: `${optOut}---\n${withoutWaypoint}`, request: 'GET http://details:9080/', from: 'bookinfo/productpage-v1'});
    expect(paths(decision)).toEqual([{to: 'details-v1', crosses: 'ztunnel', transport: 'plaintext', enforces: '-'}]);
    expect(decision.dataplane!.noWaypoint).toContain('opts out of waypoints');
  });

  it('a sidecar destination is reached over HBONE from ztunnel, and over mTLS from a sidecar', () => {
    const injected = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ratings-v1, namespace: bookinfo}\nspec:\n  selector: {matchLabels: {app: ratings}}\n  template:\n    metadata:\n      labels: {app: ratings, version: v1, sidecar.istio.io/inject: "true"}\n    spec:\n      containers: [{name: ratings, image: ratings:1, ports: [{containerPort: 9080}]}]\n';
    const fromAmbient = route({context: 'ambient-bookinfo', yaml: injected, request: 'GET http://ratings:9080/', from: 'bookinfo/productpage-v1'});
    expect(paths(fromAmbient)).toEqual([{to: 'ratings-v1', crosses: 'ztunnel → waypoint → sidecar', transport: 'HBONE HBONE local', enforces: '- L7 L4+L7'}]);
    const fromSidecar = route({context: 'ambient-bookinfo', yaml: `${injected}---\n${SIDECAR_CLIENTS}`, request: 'GET http://ratings.bookinfo:9080/', from: 'legacy/legacy-client'});
    expect(paths(fromSidecar)).toEqual([{to: 'ratings-v1', crosses: 'sidecar → sidecar', transport: 'mTLS local', enforces: '- L4+L7'}]);
  });

  it('an ingress gateway reaches the waypoint only with istio.io/ingress-use-waypoint=true', () => {
    const ingress = (labels: Record<string, string>) => doc(
      httpIngress({gateway: 'web', rules: '[{backendRefs: [{name: productpage, port: 9080}]}]'}),
      bookinfoService('productpage', {'istio.io/use-waypoint': 'waypoint', ...labels}),
    );
    const plain = route({context: 'ambient-bookinfo', yaml: ingress({}), request: 'GET http://bookinfo.example/', gateway: 'bookinfo/web'});
    expect(plain.dataplane!.crosses).toEqual(['gateway', 'ztunnel']);
    expect(plain.dataplane!.noWaypoint).toContain('ingress gateways skip waypoints');
    const through = route({context: 'ambient-bookinfo', yaml: ingress({'istio.io/ingress-use-waypoint': 'true'}), request: 'GET http://bookinfo.example/', gateway: 'bookinfo/web'});
    expect(through.dataplane!.crosses).toEqual(['gateway', 'waypoint', 'ztunnel']);
    expect(through.dataplane!.routedBy).toBe('gateway');
  });

  it('a lab that does not show ambient mode has no data-plane view (every client is a sidecar, as before)', () => {
    const decision = route({context: labResources('bookinfo'), yaml: '', request: 'GET http://reviews.bookinfo:9080/', from: 'legacy/legacy-client'});
    expect(decision.dataplane).toBeUndefined();
    expect(decision.outcome).toBe('routed');
  });
});

describe('enrolling reviews in the waypoint', () => {
  it('puts the waypoint on the path', () => {
    const decision = route({context: 'ambient-bookinfo', yaml: ENROLL_REVIEWS, request: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1'});
    expect(decision.dataplane!.crosses).toEqual(['ztunnel', 'waypoint', 'ztunnel']);
    expect(decision.dataplane!.waypoint).toEqual(expect.objectContaining({namespace: 'bookinfo', name: 'waypoint'}));
    expect(decision.dataplane!.paths.map((p) => p.workload)).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
  });

  it.each([
    ['a Gateway that does not exist', bookinfoService('reviews', {'istio.io/use-waypoint': 'wayp0int'}), 'there is no such Gateway'],
    ['a waypoint for workload traffic', doc(ENROLL_REVIEWS, waypointGateway('waypoint', {trafficFor: 'workload'})), 'UnsupportedTrafficType'],
  ])('naming %s leaves the waypoint off the path', (_case, yaml, reason) => {
    const decision = route({context: 'ambient-bookinfo', yaml, request: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1'});
    expect(decision.dataplane!.crosses).toEqual(['ztunnel', 'ztunnel']);
    expect(decision.dataplane!.noWaypoint).toContain(reason);
  });
});
