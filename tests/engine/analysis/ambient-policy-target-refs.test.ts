/**
 * ambient.PolicyTargetRefAnalyzer: an AuthorizationPolicy's targetRefs to a missing waypoint Gateway
 * or Service bind it to nothing (pilot/pkg/serviceregistry/ambient/policies.go: TargetNotFound).
 */
import {describe, expect, it} from 'vitest';
import {ambientFindings, closed, doc, ns, policy, svc, waypoint} from '../support/ambient';

const l7Allow = '  action: ALLOW\n  rules:\n  - to:\n    - operation: {methods: [GET]}\n';

describe('an AuthorizationPolicy targeting a waypoint', () => {
  it('that does not exist is reported at the target\'s name', () => {
    const text = policy('reviews-get', 'default', `  targetRefs:\n  - {kind: Gateway, group: gateway.networking.k8s.io, name: waypoint}\n${l7Allow}`);
    expect(ambientFindings(text, closed)).toEqual([{
      severity: 'error', code: 'ambient-policy-target-not-found', document: 0, path: '/spec/targetRefs/0/name',
      message: 'AuthorizationPolicy default/reviews-get targets Gateway default/waypoint, which does not exist: the policy is bound to no waypoint and applies nowhere (WaypointAccepted: TargetNotFound)',
    }]);
  });

  it('that exists is accepted, and the singular targetRef is read too', () => {
    const text = doc(waypoint('waypoint', 'default'), policy('a', 'default', `  targetRef: {kind: Gateway, group: gateway.networking.k8s.io, name: waypoint}\n${l7Allow}`),
      policy('b', 'default', `  targetRef: {kind: Gateway, group: gateway.networking.k8s.io, name: wayponit}\n${l7Allow}`));
    expect(ambientFindings(text, closed).map((f) => [f.document, f.path])).toEqual([[2, '/spec/targetRef/name']]);
  });

  it('reads a Service target in the target\'s namespace', () => {
    const text = doc(svc('reviews', 'default'), policy('p', 'default', `  targetRefs:\n  - {kind: Service, group: "", name: reviews}\n  - {kind: Service, group: "", name: ratings}\n${l7Allow}`));
    expect(ambientFindings(text, closed).map((f) => f.message)).toEqual([expect.stringContaining('targets Service default/ratings, which does not exist')]);
  });

  it('reads a Service target\'s group as istiod\'s matchesGroupKind does: "core" is the core group, "Core" names nothing istiod binds', () => {
    const target = (group: string) => policy('p', 'default', `  targetRefs:\n  - {kind: Service, group: ${group}, name: ratings}\n${l7Allow}`);
    expect(ambientFindings(doc(svc('reviews', 'default'), target('core')), closed).map((f) => f.code)).toEqual(['ambient-policy-target-not-found']);
    expect(ambientFindings(doc(svc('reviews', 'default'), target('Core')), closed).map((f) => f.code)).not.toContain('ambient-policy-target-not-found');
  });

  it('is not blamed in an open world that holds no Gateway of that namespace', () => {
    expect(ambientFindings(policy('p', 'default', `  targetRefs:\n  - {kind: Gateway, group: gateway.networking.k8s.io, name: waypoint}\n${l7Allow}`))).toEqual([]);
  });
});

describe('an AuthorizationPolicy targeting a Service that uses no waypoint', () => {
  const toReviews = policy('reviews-get', 'default', `  targetRefs:\n  - {kind: Service, group: "", name: reviews}\n${l7Allow}`);
  const AMBIENT = {'istio.io/dataplane-mode': 'ambient'};

  it.each([
    ['an unlabelled Service in an unlabelled namespace', doc(ns('default', AMBIENT), svc('reviews', 'default')), 'neither it nor namespace default is labelled istio.io/use-waypoint'],
    ['a Service that opts out', doc(ns('default', {...AMBIENT, 'istio.io/use-waypoint': 'waypoint'}), waypoint('waypoint', 'default'), svc('reviews', 'default', {'istio.io/use-waypoint': 'none'})), 'it is labelled istio.io/use-waypoint: none'],
    ['a Service whose waypoint does not exist', doc(ns('default', AMBIENT), waypoint('other', 'default'), svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'})), 'its waypoint default/waypoint does not exist'],
    ['a Service whose waypoint is for workloads', doc(ns('default', AMBIENT), waypoint('waypoint', 'default', {'istio.io/waypoint-for': 'workload'}), svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'})), 'its waypoint default/waypoint is not for service traffic'],
    ['a Service whose waypoint in another namespace admits only its own (Same, the default)', doc(ns('default', AMBIENT), waypoint('waypoint', 'infra'), svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint', 'istio.io/use-waypoint-namespace': 'infra'})), 'its waypoint infra/waypoint does not admit namespace default (allowedRoutes.namespaces: AttachmentDenied)'],
  ])('is reported for %s', (_case, cluster, reason) => {
    const findings = ambientFindings(doc(cluster, toReviews), closed).filter((f) => f.code === 'ambient-policy-service-without-waypoint');
    expect(findings).toEqual([expect.objectContaining({severity: 'warning', path: '/spec/targetRefs/0/name'})]);
    expect(findings[0]?.message).toContain(`targets Service default/reviews, which uses no waypoint (${reason})`);
  });

  it.each([
    ['a Service enrolled itself', doc(ns('default', AMBIENT), waypoint('waypoint', 'default'), svc('reviews', 'default', {'istio.io/use-waypoint': 'waypoint'}))],
    ['a Service that inherits its namespace\'s waypoint', doc(ns('default', {...AMBIENT, 'istio.io/use-waypoint': 'waypoint'}), waypoint('waypoint', 'default'), svc('reviews', 'default'))],
    ['an unlabelled Service whose namespace the run does not hold', doc(svc('reviews', 'default'))],
  ])('is not reported for %s', (_case, cluster) => {
    expect(ambientFindings(doc(cluster, toReviews), closed).filter((f) => f.code === 'ambient-policy-service-without-waypoint')).toEqual([]);
  });
});
