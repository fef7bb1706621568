/**
 * A WorkloadEntry: the CRD rules, then validation.go ValidateWorkloadEntry.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const we = (spec: string) => resource('networking.istio.io/v1', 'WorkloadEntry', spec);

describe("a WorkloadEntry's address, ports and network (validation.go)", () => {
  it('WorkloadEntry: accepts an IP or FQDN address with ports and labels', () => {
    expect(findings(we('  address: 10.0.0.5\n  ports:\n    http: 8080\n    grpc-web: 9090\n  labels: {app: vm, version: v1}\n  network: vm-net\n  serviceAccount: vm-sa\n'))).toEqual([]);
    expect(findings(we('  address: vm1.example.com\n'))).toEqual([]);
  });

  it('WorkloadEntry: network without address is a warning; the CRD rejects ports on a unix address first', () => {
    expect(findings(we('  network: net1\n'))).toEqual([
      {at: '6:1', severity: 'warning', code: 'istio-validation-warning', message: 'address is unset with network "net1"'},
    ]);
    expect(findings(we('  address: unix:///var/run/app.sock\n  ports:\n    http: 8080\n'))).toEqual([
      // the webhook's "unix endpoint ... must not include ports" never runs: the CRD rule answers first
      {at: '6:1', severity: 'error', code: 'cel', message: 'spec: Invalid value: "object": UDS may not include ports'},
    ]);
  });
});
