/**
 * ambient.UseWaypointAnalyzer: `istio.io/use-waypoint` on a Namespace, Service or workload binds to a
 * waypoint as istiod binds it (pilot/pkg/serviceregistry/ambient/waypoints.go fetchWaypointForTarget,
 * fetchWaypointForService, fetchWaypointForWorkload; gatewayToWaypointTransform for the traffic type).
 */
import {describe, expect, it} from 'vitest';
import {ambientFindings, closed, deployment, doc, ns, svc, waypoint} from '../support/ambient';

const AMBIENT = {'istio.io/dataplane-mode': 'ambient'};

describe('a use-waypoint label naming a Gateway that does not exist', () => {
  it.each([
    ['Namespace', doc(ns('default', {...AMBIENT, 'istio.io/use-waypoint': 'waypoint'})), '/metadata/labels/istio.io~1use-waypoint', 'Namespace default'],
    ['Service', doc(ns('default', AMBIENT), svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'})), '/metadata/labels/istio.io~1use-waypoint', 'Service default/reviews'],
    ['Deployment', doc(ns('default', AMBIENT), deployment('reviews-v1', 'default', {'istio.io/use-waypoint': 'waypoint'})), '/spec/template/metadata/labels/istio.io~1use-waypoint', 'Deployment default/reviews-v1'],
  ])('is reported on a %s, at the label, in a closed world', (_kind, text, path, object) => {
    const [finding] = ambientFindings(text, closed);
    expect(finding).toEqual(expect.objectContaining({severity: 'error', code: 'ambient-use-waypoint-not-found', path}));
    expect(finding?.message).toContain(`${object} is labelled istio.io/use-waypoint=waypoint, but there is no Gateway default/waypoint`);
  });

  it('reads the waypoint\'s namespace from istio.io/use-waypoint-namespace', () => {
    const text = doc(waypoint('waypoint', 'default'), svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint', 'istio.io/use-waypoint-namespace': 'infra'}));
    expect(ambientFindings(text, closed).map((f) => f.message)).toEqual([expect.stringContaining('no Gateway infra/waypoint')]);
  });

  it('is not reported when the Gateway exists, or for the value none', () => {
    expect(ambientFindings(doc(ns('default', {...AMBIENT, 'istio.io/use-waypoint': 'waypoint'}), waypoint('waypoint', 'default')), closed)).toEqual([]);
    expect(ambientFindings(doc(svc('reviews', 'default', {'istio.io/use-waypoint': 'none'})), closed)).toEqual([]);
  });

  it('is not reported in an open world that holds no Gateway of that namespace, and is in one that holds another', () => {
    expect(ambientFindings(svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'}))).toEqual([]);
    const typo = doc(waypoint('waypoint', 'default'), svc('reviews', 'default', {'istio.io/use-waypoint': 'waypiont'}));
    expect(ambientFindings(typo).map((f) => f.code)).toEqual(['ambient-use-waypoint-not-found']);
  });
});

describe('a waypoint whose istio.io/waypoint-for does not cover the binding', () => {
  it.each([
    ['a Service, waypoint for workload', svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'}), {'istio.io/waypoint-for': 'workload'}, 'service'],
    ['a Service, waypoint for none', svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'}), {'istio.io/waypoint-for': 'none'}, 'service'],
    ['a Deployment labelled itself, default (service) waypoint', deployment('reviews-v1', 'default', {'istio.io/use-waypoint': 'waypoint'}), {}, 'workload'],
  ])('is reported for %s', (_case, object, waypointLabels, traffic) => {
    const [finding] = ambientFindings(doc(waypoint('waypoint', 'default', waypointLabels), object), closed);
    expect(finding).toEqual(expect.objectContaining({severity: 'warning', code: 'ambient-waypoint-traffic-type-mismatch'}));
    expect(finding?.message).toContain(`uses waypoint default/waypoint for ${traffic} traffic`);
  });

  it.each([
    ['a Service, default (service) waypoint', svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'}), {}],
    ['a Service, waypoint for all', svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'}), {'istio.io/waypoint-for': 'all'}],
    ['a Deployment, waypoint for workload', deployment('reviews-v1', 'default', {'istio.io/use-waypoint': 'waypoint'}), {'istio.io/waypoint-for': 'workload'}],
  ])('is not reported for %s', (_case, object, waypointLabels) => {
    expect(ambientFindings(doc(waypoint('waypoint', 'default', waypointLabels), object), closed)).toEqual([]);
  });

  it('takes the GatewayClass\'s label when the Gateway has none, the Gateway\'s own over it', () => {
    const gatewayClass = (value: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: istio-waypoint\n  labels: {istio.io/waypoint-for: ${value}}\nspec:\n  controllerName: istio.io/mesh-controller\n`;
    const service = svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'});
    expect(ambientFindings(doc(gatewayClass('workload'), waypoint('waypoint', 'default'), service), closed).map((f) => f.code)).toEqual(['ambient-waypoint-traffic-type-mismatch']);
    expect(ambientFindings(doc(gatewayClass('workload'), waypoint('waypoint', 'default', {'istio.io/waypoint-for': 'service'}), service), closed)).toEqual([]);
  });

  it('a namespace binding to a workload waypoint is reported only when a Service of it inherits the binding', () => {
    const namespace = ns('default', {...AMBIENT, 'istio.io/use-waypoint': 'waypoint'});
    const forWorkload = waypoint('waypoint', 'default', {'istio.io/waypoint-for': 'workload'});
    expect(ambientFindings(doc(namespace, forWorkload, deployment('reviews-v1', 'default')), closed)).toEqual([]);
    expect(ambientFindings(doc(namespace, forWorkload, svc('reviews', 'default')), closed).map((f) => [f.code, f.document])).toEqual([['ambient-waypoint-traffic-type-mismatch', 0]]);
    expect(ambientFindings(doc(namespace, forWorkload, svc('reviews', 'default', {'istio.io/use-waypoint': 'none'})), closed)).toEqual([]);
  });
});
