/**
 * ambient.PolicyTargetRefAnalyzer: an AuthorizationPolicy's targetRefs to a missing waypoint Gateway
 * or Service bind it to nothing (pilot/pkg/serviceregistry/ambient/policies.go: TargetNotFound).
 */
import {describe, expect, it} from 'vitest';
import {ambientFindings, closed, doc, policy, svc, waypoint} from '../support/ambient';

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

  it('is not blamed in an open world that holds no Gateway of that namespace', () => {
    expect(ambientFindings(policy('p', 'default', `  targetRefs:\n  - {kind: Gateway, group: gateway.networking.k8s.io, name: waypoint}\n${l7Allow}`))).toEqual([]);
  });
});
