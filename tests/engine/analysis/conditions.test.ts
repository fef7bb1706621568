/**
 * istioctl's conditions/conditions.go (ConditionAnalyzer): IST0171 on a status condition that reads
 * as negative for its kind, as the status a cluster wrote (kubectl get -o yaml) shows it.
 */
import {describe, expect, it} from 'vitest';
import {analyzeIstioctl} from '../../../src/engine/analysis/istioctl';

const analyze = (text: string) =>
  analyzeIstioctl({files: [{name: 'status.yaml', text}], analyzers: ['conditions.ConditionAnalyzer']}).messages.map((m) => `${m.origin} ${m.message}`);

const withStatus = (apiVersion: string, kind: string, status: string) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: sample, namespace: shop}
status:
${status}`;

describe('Negative status conditions (IST0171)', () => {
  it("reports a condition whose status is its type's negative one, and not its positive one", () => {
    expect(analyze(withStatus('networking.istio.io/v1', 'WorkloadEntry', '  conditions:\n  - {type: istio.io/WaypointBound, status: "False", reason: NoWaypoint, message: not ready}\n'))).toEqual([
      'WorkloadEntry shop/sample A condition with a negative status is present: type=istio.io/WaypointBound, reason=NoWaypoint, message=not ready.',
    ]);
    expect(analyze(withStatus('networking.istio.io/v1', 'WorkloadEntry', '  conditions:\n  - {type: istio.io/WaypointBound, status: "True", reason: Bound}\n'))).toEqual([]);
  });

  it('reads the conditions of every parent of a route, and only of a Gateway itself', () => {
    const route = withStatus('gateway.networking.k8s.io/v1', 'GRPCRoute', `  parents:
  - parentRef: {name: a}
    conditions: [{type: ResolvedRefs, status: "False", reason: BackendNotFound, message: one}]
  - parentRef: {name: b}
    conditions: [{type: Accepted, status: "False", reason: NotAllowedByListeners, message: two}]
`);
    expect(analyze(route)).toEqual([
      'GRPCRoute shop/sample A condition with a negative status is present: type=Accepted, reason=NotAllowedByListeners, message=two.',
      'GRPCRoute shop/sample A condition with a negative status is present: type=ResolvedRefs, reason=BackendNotFound, message=one.',
    ]);
    expect(analyze(withStatus('gateway.networking.k8s.io/v1', 'HTTPRoute', '  conditions: [{type: Accepted, status: "False"}]\n'))).toEqual([]);
  });

  it('takes a type it does not watch as negative only when its status is empty, as Go compares zero values', () => {
    expect(analyze(withStatus('v1', 'Service', '  conditions:\n  - {type: example.com/Synced, status: "False", reason: OutOfSync}\n'))).toEqual([]);
    expect(analyze(withStatus('v1', 'Service', '  conditions:\n  - {type: example.com/Synced, reason: Unknown}\n'))).toEqual([
      'Service shop/sample A condition with a negative status is present: type=example.com/Synced, reason=Unknown, message=.',
    ]);
  });

  it("reports an AuthorizationPolicy's partially invalid WaypointAccepted condition whatever its status", () => {
    expect(analyze(withStatus('security.istio.io/v1', 'AuthorizationPolicy', '  conditions:\n  - {type: WaypointAccepted, status: "True", reason: PartiallyInvalid, message: bad ref}\n'))).toEqual([
      'AuthorizationPolicy shop/sample A condition with a negative status is present: type=WaypointAccepted, reason=PartiallyInvalid, message=bad ref.',
    ]);
  });

  it('finds nothing in a resource without a status', () => {
    expect(analyze('apiVersion: v1\nkind: Service\nmetadata: {name: sample, namespace: shop}\nspec: {ports: [{port: 80}]}\n')).toEqual([]);
  });
});
