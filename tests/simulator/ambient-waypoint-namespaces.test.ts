/**
 * A Service enrolled in a waypoint of another namespace (`istio.io/use-waypoint-namespace`), as istiod
 * 1.30.3 binds it (pilot/pkg/serviceregistry/ambient/waypoints.go fetchWaypointForTarget): the
 * waypoint's listener must admit the Service's namespace in `allowedRoutes.namespaces` (Same when
 * unset), else istiod denies the attachment (AttachmentDenied) and the request skips the waypoint.
 */
import {describe, expect, it} from 'vitest';
import {bookinfoService, doc} from './ambient-support';
import {route} from './helpers';

const INFRA = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: infra\n';
const sharedWaypoint = (namespaces?: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shared
  namespace: infra
spec:
  gatewayClassName: istio-waypoint
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
${namespaces ? `    allowedRoutes:\n      namespaces: ${namespaces}\n` : ''}`;
const ENROLL = bookinfoService('reviews', {'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'infra'});
const reviews = (yaml: string) => route({context: 'ambient-bookinfo', yaml, request: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1'});

describe('reviews enrolled in waypoint infra/shared', () => {
  it.each([
    ['every namespace', '{from: All}'],
    ['namespaces by name', '{from: Selector, selector: {matchLabels: {kubernetes.io/metadata.name: bookinfo}}}'],
  ])('crosses the waypoint when its HBONE listener admits %s', (_case, namespaces) => {
    const decision = reviews(doc(INFRA, sharedWaypoint(namespaces), ENROLL));
    expect(decision.dataplane!.crosses).toEqual(['ztunnel', 'waypoint', 'ztunnel']);
    expect(decision.dataplane!.waypoint).toEqual(expect.objectContaining({namespace: 'infra', name: 'shared'}));
  });

  it.each([
    ['no allowedRoutes (Same)', undefined],
    ['Same', '{from: Same}'],
    ['a Selector that does not match bookinfo', '{from: Selector, selector: {matchLabels: {team: platform}}}'],
  ])('skips the waypoint when the listener admits %s, and says istiod denies the attachment', (_case, namespaces) => {
    const decision = reviews(doc(INFRA, sharedWaypoint(namespaces), ENROLL));
    expect(decision.dataplane!.crosses).toEqual(['ztunnel', 'ztunnel']);
    expect(decision.dataplane!.noWaypoint).toContain('Service bookinfo/reviews names waypoint infra/shared, whose listener\'s allowedRoutes.namespaces does not admit namespace bookinfo');
    expect(decision.dataplane!.noWaypoint).toContain('(AttachmentDenied)');
  });
});
