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

describe('a waypoint in another namespace (istio.io/use-waypoint-namespace)', () => {
  /** A waypoint whose HBONE listener admits `allowed` (YAML of allowedRoutes.namespaces), or its own namespace without one. */
  const shared = (allowed?: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: waypoint\n  namespace: infra\nspec:\n  gatewayClassName: istio-waypoint\n  listeners:\n  - name: mesh\n    port: 15008\n    protocol: HBONE\n${allowed ? `    allowedRoutes:\n      namespaces: ${allowed}\n` : ''}`;
  const useShared = {'istio.io/use-waypoint': 'waypoint', 'istio.io/use-waypoint-namespace': 'infra'};

  it('is denied when the HBONE listener admits only its own namespace (the default), at the label', () => {
    const [finding] = ambientFindings(doc(ns('default', AMBIENT), shared(), svc('reviews', 'default', useShared)), closed);
    expect(finding).toEqual(expect.objectContaining({severity: 'warning', code: 'ambient-waypoint-attachment-denied', path: '/metadata/labels/istio.io~1use-waypoint'}));
    expect(finding?.message).toContain('Service default/reviews uses waypoint infra/waypoint, whose listener does not admit namespace default');
    expect(finding?.message).toContain('we are not permitted to attach to waypoint "infra/waypoint" (missing allowedRoutes?)');
  });

  it('is admitted from All, and from a Selector that matches the namespace\'s labels or name', () => {
    expect(ambientFindings(doc(ns('default', AMBIENT), shared('{from: All}'), svc('reviews', 'default', useShared)), closed)).toEqual([]);
    const byLabel = shared('{from: Selector, selector: {matchLabels: {mesh: shared}}}');
    expect(ambientFindings(doc(ns('default', {...AMBIENT, mesh: 'shared'}), byLabel, svc('reviews', 'default', useShared)), closed)).toEqual([]);
    const byName = shared('{from: Selector, selector: {matchLabels: {kubernetes.io/metadata.name: default}}}');
    expect(ambientFindings(doc(ns('default', AMBIENT), byName, svc('reviews', 'default', useShared)), closed)).toEqual([]);
  });

  it('is denied for a namespace the Selector does not match, on the Namespace that names it', () => {
    const byLabel = shared('{from: Selector, selector: {matchLabels: {mesh: shared}}}');
    const findings = ambientFindings(doc(ns('default', {...AMBIENT, ...useShared}), byLabel), closed);
    expect(findings.map((f) => [f.code, f.message.slice(0, 47)])).toEqual([['ambient-waypoint-attachment-denied', 'Namespace default uses waypoint infra/waypoint,']]);
  });

  it('is not decided for a Selector over a namespace the run does not hold', () => {
    const byLabel = shared('{from: Selector, selector: {matchLabels: {mesh: shared}}}');
    expect(ambientFindings(doc(byLabel, svc('reviews', 'default', useShared)))).toEqual([]);
  });
});
