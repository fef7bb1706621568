/**
 * An object's ownerReferences, as the API server decodes (strictly) and validates them.
 */
import {describe, expect, it} from 'vitest';
import {errors, findings} from '../support/findings';
import {reviewsDr} from '../support/manifests';

describe("an object's ownerReferences (apimachinery validateOwnerReference)", () => {
  it('accepts a complete reference', () => {
    expect(findings(reviewsDr('  ownerReferences:\n  - {apiVersion: apps/v1, kind: Deployment, name: d, uid: 1f2e, controller: true}\n'))).toEqual([]);
  });

  it('requires apiVersion version, kind, name and uid', () => {
    // apimachinery validateOwnerReference: "version must not be empty", "must not be empty"
    expect(errors(reviewsDr('  ownerReferences:\n  - name: d\n')).map((f) => f.message)).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]);
  });

  it('rejects unknown fields inside a reference (strict decoding)', () => {
    expect(errors(reviewsDr('  ownerReferences:\n  - {apiVersion: v1, kind: Pod, name: p, uid: u, ownr: x}\n'))).toEqual([expect.objectContaining({
      code: 'unknown-metadata-field', message: 'unknown field "metadata.ownerReferences[0].ownr"',
    })]);
  });

  it('allows only one controller reference', () => {
    const text = reviewsDr('  ownerReferences:\n  - {apiVersion: v1, kind: Pod, name: p, uid: u, controller: true}\n  - {apiVersion: v1, kind: Pod, name: q, uid: v, controller: true}\n');
    expect(errors(text)[0]!.message).toContain('Only one reference can have Controller set to true. Found "true" in references for Pod/p and Pod/q');
  });
});
