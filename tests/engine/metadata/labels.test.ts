/**
 * An object's labels, as the API server decodes and validates them (apimachinery ValidateLabels).
 */
import {describe, expect, it} from 'vitest';
import {errors, findings} from '../support/findings';
import {destinationRule, reviewsDr} from '../support/manifests';

describe("an object's labels", () => {
  it('rejects a label value with a space', () => {
    // apimachinery ValidateLabels -> IsValidLabelValue
    expect(findings(destinationRule('  name: reviews\n  labels:\n    app: my app\n'))).toEqual([expect.objectContaining({
      at: '6:10', severity: 'error', code: 'invalid-metadata', message: expect.stringContaining('metadata.labels.app: Invalid value: "my app": a valid label value'),
    })]);
  });

  it('accepts upper case in the name part of a label key', () => {
    // apimachinery IsQualifiedName: [A-Za-z0-9][-A-Za-z0-9_.]*
    expect(findings(destinationRule('  name: reviews\n  labels:\n    example.com/Tier: gold\n'))).toEqual([]);
  });
  it('accepts a null label value (encoding/json stores "" for null in a map[string]string), with a warning', () => {
    expect(findings(reviewsDr('  labels:\n    app:\n'))).toEqual([expect.objectContaining({at: '6:5', severity: 'warning'})]);
  });

  it('rejects a number label value: ObjectMeta decoding fails on the API server', () => {
    // apiextensions-apiserver schema/objectmeta GetObjectMeta (dropMalformedFields=false for requests)
    expect(errors(reviewsDr('  labels:\n    version: 2\n'))).toEqual([expect.objectContaining({at: '6:14', code: 'invalid-metadata'})]);
  });

  it('rejects a label key with two slashes', () => {
    // apimachinery IsQualifiedName: more than one '/'
    expect(errors(reviewsDr('  labels:\n    a/b/c: x\n'))[0]!.message).toContain('a qualified name must consist of');
  });
});
