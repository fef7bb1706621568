/**
 * The ObjectMeta fields the API server manages, as kubectl sends them and encoding/json decodes them.
 */
import {describe, expect, it} from 'vitest';
import {errors, findings} from '../support/findings';
import {reviewsDr} from '../support/manifests';

describe('the ObjectMeta fields the server manages (uid, resourceVersion, generation, timestamps)', () => {
  it('accepts uid, a string resourceVersion, generation and creationTimestamp: null', () => {
    // kubectl's resource.Helper.Create clears resourceVersion; FillObjectMetaSystemFields overwrites uid and creationTimestamp
    expect(findings(reviewsDr('  uid: 6a1b-22\n  resourceVersion: "12345"\n  generation: 3\n  creationTimestamp: null\n'))).toEqual([]);
  });

  it('accepts RFC 3339 timestamps, with fractions and offsets', () => {
    // metav1.Time.UnmarshalJSON: time.Parse(time.RFC3339, s)
    expect(findings(reviewsDr('  creationTimestamp: 2024-01-02T15:04:05Z\n  deletionTimestamp: "2024-01-02T15:04:05.5+02:00"\n'))).toEqual([]);
    // Go's general parser, which time.Parse falls back to, reads the hour ("15") as one or two digits
    expect(findings(reviewsDr('  creationTimestamp: "2024-01-02T1:04:05Z"\n'))).toEqual([]);
  });

  it('rejects a creationTimestamp that is not RFC 3339 (a bare date)', () => {
    expect(errors(reviewsDr('  creationTimestamp: 2024-01-02\n'))).toEqual([expect.objectContaining({
      at: '5:22', code: 'invalid-metadata', message: expect.stringContaining('metadata.creationTimestamp: Invalid value: "2024-01-02"'),
    })]);
  });

  it('rejects a resourceVersion written as a number and a fractional generation', () => {
    // encoding/json: cannot unmarshal number into Go struct field ObjectMeta.metadata.resourceVersion of type string
    expect(errors(reviewsDr('  resourceVersion: 123\n  generation: 1.5\n')).map((f) => f.at)).toEqual(['5:20', '6:15']);
  });
});
