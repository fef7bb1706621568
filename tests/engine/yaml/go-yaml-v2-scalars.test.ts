/**
 * YAML scalars as kubectl's sigs.k8s.io/yaml (go-yaml v2, YAML 1.1) resolves them, and what the API server then
 * says of the value.
 */
import {describe, expect, it} from 'vitest';
import {errors, findings} from '../support/findings';
import {destinationRule, reviewsDr} from '../support/manifests';

describe('YAML scalars as go-yaml v2 resolves them', () => {
  it('reads sni: yes as a boolean for a string field', () => {
    // YAML 1.1 booleans; CRD ClientTLSSettings.sni type string
    expect(findings(destinationRule('  name: reviews\n', '  host: reviews\n  trafficPolicy:\n    tls: {mode: SIMPLE, sni: yes, caCertificates: /ca.pem}\n'))).toEqual([expect.objectContaining({
      at: '8:30', severity: 'error', code: 'type', message: expect.stringContaining('spec.trafficPolicy.tls.sni: Invalid value: "boolean": spec.trafficPolicy.tls.sni in body must be of type string: "boolean"'),
    })]);
  });
  it('reads a timestamp-looking host as a string (go-yaml v2 keeps timestamps as strings in interface{})', () => {
    expect(errors(reviewsDr('', '  host: 2001-12-14\n')).filter((f) => f.code === 'type')).toEqual([]);
  });

  it('reads 1:30 as a string (no sexagesimal ints in go-yaml v2)', () => {
    expect(errors(reviewsDr('  labels:\n    t: 1:30\n'))[0]!.message).toContain('metadata.labels.t: Invalid value: "1:30"');
  });

  it('reads 0755 as the integer 493 and reports a number name', () => {
    expect(errors(reviewsDr('').replace('name: reviews', 'name: 0755'))[0]!.message).toContain('493 (integer)');
  });
});
