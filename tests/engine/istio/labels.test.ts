/**
 * Istio's label rules (pkg/config/labels Instance.Validate) where a VirtualService or DestinationRule selects pods:
 * sourceLabels and subset labels.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const vs = (spec: string) => resource('networking.istio.io/v1', 'VirtualService', spec);
const dr = (spec: string) => resource('networking.istio.io/v1', 'DestinationRule', spec, '  name: reviews\n  namespace: default\n');

describe('labels in sourceLabels and subsets (pkg/config/labels Instance.Validate)', () => {
  it('words a bad label value "invalid tag value"', () => {
    expect(findings(vs('  hosts: [reviews]\n  http:\n  - match:\n    - sourceLabels: {app: "my app"}\n    route:\n    - destination: {host: reviews}\n'))).toEqual([{
      at: '10:21', severity: 'error', code: 'istio-validation', message: 'invalid tag value: "my app"',
    }]);
  });

  it('accepts label values longer than 63 characters and an upper-case key prefix (no length limit on values)', () => {
    expect(findings(dr(`  host: reviews\n  subsets:\n  - name: v1\n    labels: {Example.COM/version: ${'v'.repeat(70)}}\n`))).toEqual([]);
  });

  it('rejects a key with two slashes', () => {
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: v1\n    labels: {a/b/c: v1}\n'))).toEqual([{
      at: '10:13', severity: 'error', code: 'istio-validation', message: 'invalid tag key: "a/b/c"',
    }]);
  });
});
