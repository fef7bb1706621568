/**
 * An object's annotations: what kubectl apply does with them before sending, and how the API server checks their keys.
 */
import {describe, expect, it} from 'vitest';
import {errors, findings} from '../support/findings';
import {reviewsDr} from '../support/manifests';

describe("an object's annotations, as kubectl apply sends them", () => {
  // k8s.io/kubectl/pkg/util/apply.go GetModifiedConfiguration reads annotations with Unstructured.GetAnnotations,
  // which swallows NestedStringMap's "contains non-string value" error and returns nil: every annotation is
  // dropped and the resource is created anyway (kubernetes/kubernetes#59113, #84759).
  it('warns, not errors, when an annotation value is a boolean', () => {
    expect(findings(reviewsDr('  annotations:\n    a: ok\n    sidecar.istio.io/inject: true\n'))).toEqual([expect.objectContaining({
      at: '7:30', severity: 'warning', code: 'invalid-metadata',
      message: expect.stringContaining('kubectl apply silently drops every annotation of this resource'),
    })]);
  });

  it('warns for a null annotation value and for annotations written as a list', () => {
    expect(findings(reviewsDr('  annotations:\n    x:\n')).map((f) => f.severity)).toEqual(['warning']);
    expect(findings(reviewsDr('  annotations: [a]\n')).map((f) => [f.at, f.severity])).toEqual([['5:16', 'warning']]);
  });

  it('skips key checks when the annotations are dropped anyway', () => {
    expect(errors(reviewsDr('  annotations:\n    "bad key": x\n    n: 1\n'))).toEqual([]);
  });

  it('still checks annotation keys (lower-cased) when every value is a string', () => {
    // apimachinery ValidateAnnotations: IsQualifiedName(strings.ToLower(k))
    expect(errors(reviewsDr('  annotations:\n    Example.COM/Key: x\n'))).toEqual([]);
    expect(errors(reviewsDr('  annotations:\n    "a b": x\n'))).toEqual([expect.objectContaining({
      at: '6:5', message: expect.stringContaining('metadata.annotations: Invalid value: "a b": name part must consist of'),
    })]);
  });
});
