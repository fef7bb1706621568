/**
 * Audit corpus: DestinationRule (CRD schema + webhook validation.go ValidateDestinationRule + istioctl analyzers).
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from './helpers';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const dr = (spec: string) => resource('networking.istio.io/v1', 'DestinationRule', spec, '  name: reviews\n  namespace: default\n');

describe('DestinationRule', () => {
  it('rejects duplicate subset names', () => {
    // validation.go ValidateDestinationRule: "duplicate subset names: %s"
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v1\n    labels: {version: v2}\n'))).toEqual([{
      at: '11:11', severity: 'error', code: 'istio-validation', message: 'duplicate subset names: v1',
    }]);
  });

  it('accepts a subset with empty labels', () => {
    // validation.go validateSubset: labels.Instance({}).Validate() is fine
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: all\n    labels: {}\n'))).toEqual([]);
  });

  it('rejects simple and consistentHash together (CRD oneOf)', () => {
    // CRD LoadBalancerSettings: oneOf simple / consistentHash
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n      consistentHash: {httpHeaderName: x-user}\n'))).toEqual([
      expect.objectContaining({at: '9:5', severity: 'error', code: 'one-of', message: expect.stringContaining('only one of simple, consistentHash may be set')}),
    ]);
  });

  it('rejects a lower-case load balancer enum with a suggestion', () => {
    // CRD enum: Unsupported value
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: round_robin\n'))).toEqual([
      expect.objectContaining({at: '10:15', severity: 'error', code: 'enum', message: expect.stringContaining('Unsupported value: "round_robin"')}),
    ]);
  });

  it('rejects an empty subset traffic policy', () => {
    // validation.go validateTrafficPolicy: "traffic policy must have at least one field"
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: v1\n    labels: {version: v1}\n    trafficPolicy: {}\n'))).toEqual([{
      at: '11:20', severity: 'error', code: 'istio-validation', message: 'traffic policy must have at least one field',
    }]);
  });

  it('rejects negative connection pool limits', () => {
    // validation.go validateConnectionPool
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    connectionPool:\n      tcp: {maxConnections: -1}\n'))).toEqual([{
      at: '10:29', severity: 'error', code: 'istio-validation', message: 'max connections must be non-negative',
    }]);
  });

  it('accepts consecutive5xxErrors with interval and baseEjectionTime', () => {
    // validation.go validateOutlierDetection
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      consecutive5xxErrors: 5\n      interval: 10s\n      baseEjectionTime: 30s\n      maxEjectionPercent: 50\n'))).toEqual([]);
  });

  it('rejects maxEjectionPercent above 100', () => {
    // validation.go ValidatePercent: "percentage %v is not in range 0..100"
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    outlierDetection:\n      maxEjectionPercent: 150\n'))).toEqual([{
      at: '10:27', severity: 'error', code: 'istio-validation', message: 'percentage 150 is not in range 0..100',
    }]);
  });

  it('accepts ISTIO_MUTUAL with caCertificates (ignored, not rejected)', () => {
    // agent.ValidateTLS only checks SIMPLE/MUTUAL with credentialName and MUTUAL's client cert/key
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n      caCertificates: /etc/certs/root.pem\n'))).toEqual([]);
  });

  it('requires a client certificate and key for MUTUAL, and warns about the missing CA (IST0128)', () => {
    // agent.ValidateTLS; destinationrule.CaCertificateAnalyzer (messages.yaml IST0128, Warning)
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    tls:\n      mode: MUTUAL\n'))).toEqual([
      {at: '10:13', severity: 'error', code: 'istio-validation', message: 'client certificate required for mutual tls'},
      {at: '10:13', severity: 'error', code: 'istio-validation', message: 'private key required for mutual tls'},
      {at: '10:13', severity: 'warning', code: 'IST0128',
        message: 'DestinationRule default/reviews in namespace default has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: reviews'},
    ]);
  });

  it('warns about SIMPLE TLS without caCertificates at port level (IST0129)', () => {
    // destinationrule.CaCertificateAnalyzer, messages.yaml IST0129
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    portLevelSettings:\n    - port: {number: 443}\n      tls: {mode: SIMPLE}\n'))).toEqual([{
      at: '11:19', severity: 'warning', code: 'IST0129',
      message: 'DestinationRule default/reviews in namespace default has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.example.com at port number:443',
    }]);
  });

  it('rejects a port-level setting with only a port', () => {
    // validation.go validatePortTrafficPolicies: "port traffic policy must have at least one field"
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    portLevelSettings:\n    - port: {number: 9080}\n'))).toEqual([{
      at: '10:7', severity: 'error', code: 'istio-validation', message: 'port traffic policy must have at least one field',
    }]);
  });

  it('rejects a maglev table size that is not prime', () => {
    // validation.go validateLoadBalancer: "tableSize must be a prime number for maglev"
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      consistentHash:\n        maglev: {tableSize: 100}\n'))).toEqual([{
      at: '11:29', severity: 'error', code: 'istio-validation', message: 'tableSize must be a prime number for maglev',
    }]);
  });

  it('rejects exportTo beyond the namespace with a workloadSelector', () => {
    // validation.go validateExportTo: isDestinationRuleWithSelector
    expect(findings(dr('  host: reviews\n  workloadSelector:\n    matchLabels: {app: reviews}\n  exportTo: ["*"]\n'))).toEqual([{
      at: '10:13', severity: 'error', code: 'istio-validation', message: 'destination rule with workload selector cannot have exportTo beyond current namespace',
    }]);
  });

  it('rejects . together with the current namespace in exportTo', () => {
    // validation.go validateExportTo: "." is the current namespace; second entry is a duplicate
    expect(findings(dr('  host: reviews\n  exportTo: [".", default]\n'))).toEqual([{
      at: '8:19', severity: 'error', code: 'istio-validation', message: 'duplicate entries in exportTo for entry default',
    }]);
  });

  it('rejects an unknown field in spec (strict field validation)', () => {
    // kubectl apply: strict decoding, unknown field "spec.extra"
    expect(findings(dr('  host: reviews\n  extra: 1\n'))).toEqual([
      expect.objectContaining({at: '8:3', severity: 'error', code: 'unknown-field', message: expect.stringContaining('unknown field "spec.extra"')}),
    ]);
  });
});
