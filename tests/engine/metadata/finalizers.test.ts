/**
 * An object's finalizers, as apimachinery ValidateFinalizers checks them.
 */
import {describe, expect, it} from 'vitest';
import {errors, findings} from '../support/findings';

/** A DestinationRule named reviews, with more metadata. */
const dr = (metadata: string, spec = '  host: reviews\n') =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n${metadata}spec:\n${spec}`;

describe("an object's finalizers (apimachinery ValidateFinalizers)", () => {
  it('accepts qualified names, including the built-in orphan and kubernetes', () => {
    // apimachinery ValidateFinalizers -> ValidateFinalizerName -> IsQualifiedName
    expect(findings(dr('  finalizers: [example.com/cleanup, orphan, kubernetes]\n'))).toEqual([]);
  });

  it('rejects an invalid finalizer name', () => {
    expect(errors(dr('  finalizers: [example.com/a/b]\n'))).toEqual([expect.objectContaining({
      at: '5:16', message: expect.stringContaining('metadata.finalizers: Invalid value: "example.com/a/b": a qualified name'),
    })]);
  });

  it('rejects orphan together with foregroundDeletion', () => {
    expect(errors(dr('  finalizers: [orphan, foregroundDeletion]\n'))[0]!.message)
      .toContain('finalizer orphan and foregroundDeletion cannot be both set');
  });
});
