/**
 * An object's finalizers, as apimachinery ValidateFinalizers checks them.
 */
import {describe, expect, it} from 'vitest';
import {errors, findings} from '../support/findings';
import {reviewsDr} from '../support/manifests';

describe("an object's finalizers (apimachinery ValidateFinalizers)", () => {
  it('accepts qualified names, including the built-in orphan and kubernetes', () => {
    // apimachinery ValidateFinalizers -> ValidateFinalizerName -> IsQualifiedName
    expect(findings(reviewsDr('  finalizers: [example.com/cleanup, orphan, kubernetes]\n'))).toEqual([]);
  });

  it('rejects an invalid finalizer name', () => {
    expect(errors(reviewsDr('  finalizers: [example.com/a/b]\n'))).toEqual([expect.objectContaining({
      at: '5:16', message: expect.stringContaining('metadata.finalizers: Invalid value: "example.com/a/b": a qualified name'),
    })]);
  });

  it('rejects orphan together with foregroundDeletion', () => {
    expect(errors(reviewsDr('  finalizers: [orphan, foregroundDeletion]\n'))[0]!.message)
      .toContain('finalizer orphan and foregroundDeletion cannot be both set');
  });
});
