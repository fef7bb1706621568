/**
 * A WorkloadGroup: validation.go ValidateWorkloadGroup and validateReadinessProbe.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const wg = (spec: string) => resource('networking.istio.io/v1', 'WorkloadGroup', spec);
const vmGroup = (spec: string) => resource('networking.istio.io/v1', 'WorkloadGroup', spec, '  name: vm\n  namespace: foo\n');

describe("a WorkloadGroup's template and probe (validation.go)", () => {
  it('WorkloadGroup: accepts a template with an httpGet probe', () => {
    expect(findings(wg('  metadata:\n    labels: {app: vm}\n  template:\n    serviceAccount: vm-sa\n    ports: {http: 8080}\n  probe:\n    periodSeconds: 5\n    httpGet:\n      path: /ready\n      port: 8080\n      scheme: HTTPS\n      httpHeaders:\n      - name: x-probe\n        value: "1"\n'))).toEqual([]);
  });
});

describe("a WorkloadGroup's readiness probe (validation.go validateReadinessProbe)", () => {
  it('rejects a probe without a check (the schema allows it; the type switch falls to default)', () => {
    expect(findings(vmGroup('  template:\n    serviceAccount: vm\n  probe:\n    periodSeconds: 5\n'))).toEqual([{
      at: '9:3', severity: 'error', code: 'istio-validation', message: 'unknown health check method <nil>',
    }]);
    expect(findings(vmGroup('  template:\n    serviceAccount: vm\n  probe:\n    periodSeconds: 5\n    httpGet: {path: /ready, port: 8080}\n'))).toEqual([]);
  });
});
