/**
 * A PeerAuthentication: the CRD schema and CEL rules, validation.go ValidatePeerAuthentication.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const pa = (spec: string, namespace = 'foo') => resource('security.istio.io/v1', 'PeerAuthentication', spec, `  name: default\n  namespace: ${namespace}\n`);

describe("a PeerAuthentication's mTLS modes, ports and selector", () => {
  it('rejects a lower-case mode (CRD enum)', () => {
    // CRD enum UNSET, DISABLE, PERMISSIVE, STRICT
    expect(findings(pa('  mtls:\n    mode: strict\n'))).toEqual([expect.objectContaining({
      at: '8:11', severity: 'error', code: 'enum', message: expect.stringContaining('Unsupported value: "strict"'),
    })]);
  });

  it('reads mode: on as a YAML 1.1 boolean', () => {
    // sigs.k8s.io/yaml (YAML 1.1): on -> true; CRD mode is a string enum
    expect(findings(pa('  mtls:\n    mode: on\n'))[0]).toMatchObject({at: '8:11', severity: 'error', code: 'type', message: expect.stringContaining('spec.mtls.mode: Invalid value: "boolean": spec.mtls.mode in body must be of type string: "boolean"')});
  });

  it('rejects portLevelMtls without a selector (CRD CEL rule)', () => {
    // CRD x-kubernetes-validations on spec: "portLevelMtls requires selector"
    expect(findings(pa('  mtls: {mode: STRICT}\n  portLevelMtls:\n    8080: {mode: DISABLE}\n'))).toEqual([{
      at: '6:1', severity: 'error', code: 'cel', message: 'spec: Invalid value: "object": portLevelMtls requires selector',
    }]);
  });

  it('rejects port 0 in portLevelMtls (CRD CEL on the map values)', () => {
    // CRD: portLevelMtls keys "port must be between 1-65535"
    expect(findings(pa('  selector:\n    matchLabels: {app: web}\n  portLevelMtls:\n    0: {mode: DISABLE}\n'))).toEqual([expect.objectContaining({
      severity: 'error', code: 'cel', message: expect.stringContaining('port must be between 1-65535'),
    })]);
  });

  it('accepts a mesh-wide policy in istio-system', () => {
    // validation.go: nothing to check; no analyzer finding
    expect(findings(pa('  mtls: {mode: STRICT}\n', 'istio-system'))).toEqual([]);
  });

  it('warns about a selector without labels', () => {
    // validation.go validateWorkloadSelector: "workload selector specified without labels"
    expect(findings(pa('  selector: {}\n  mtls: {mode: STRICT}\n'))).toEqual([{
      at: '7:3', severity: 'warning', code: 'istio-validation-warning', message: 'workload selector specified without labels',
    }]);
  });
  it('accepts mode UNSET with port-level overrides on a selected workload', () => {
    // validation.go ValidatePeerAuthentication: selector with labels, ports in range
    expect(findings(pa('  selector:\n    matchLabels: {app: web}\n  mtls: {mode: UNSET}\n  portLevelMtls:\n    8080: {mode: PERMISSIVE}\n'))).toEqual([]);
  });
});
