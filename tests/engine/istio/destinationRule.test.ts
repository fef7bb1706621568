/**
 * A DestinationRule as kubectl apply and istioctl analyze report it: the CRD schema, istiod's webhook (validation.go
 * ValidateDestinationRule, agent.ValidateTLS, agent.ValidateLocalityLbSetting) and destinationrule.CaCertificateAnalyzer.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const dr = (spec: string) => resource('networking.istio.io/v1', 'DestinationRule', spec, '  name: reviews\n  namespace: default\n');

describe('a DestinationRule: subsets, load balancer, TLS, exportTo and fields', () => {
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
      expect.objectContaining({at: '9:5', severity: 'error', code: 'one-of', message: '<nil>: Invalid value: "": "spec.trafficPolicy.loadBalancer" must validate one and only one schema (oneOf). Found 2 valid alternatives'}),
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

describe("a DestinationRule's subsets (validation.go validateSubset)", () => {
  it('rejects an invalid label key in a subset', () => {
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: v1\n    labels: {"-version": v1}\n'))).toEqual([{
      at: '10:13', severity: 'error', code: 'istio-validation', message: 'invalid tag key: "-version"',
    }]);
  });

  it('accepts an upper-case subset name (labels.IsDNS1123Label allows upper case)', () => {
    expect(findings(dr('  host: reviews\n  subsets:\n  - name: V1\n    labels: {version: v1}\n'))).toEqual([]);
  });
});

describe("a DestinationRule's connection pool, tunnel and warmup (validation.go validateConnectionPool, validateTunnelSettings, validateLoadBalancer)", () => {
  it('accepts tcp.idleTimeout: 0s, which disables the timeout (no CEL rule on that field)', () => {
    // validateConnectionPool: "Skip validation if the value is 0s"
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    connectionPool:\n      tcp: {maxConnections: 100, idleTimeout: 0s}\n'))).toEqual([]);
  });

  it('still rejects a sub-millisecond-precision tcp.idleTimeout', () => {
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    connectionPool:\n      tcp: {idleTimeout: 1500us}\n'))).toEqual([{
      at: '10:26', severity: 'error', code: 'istio-validation', message: 'only durations to ms precision are supported',
    }]);
  });

  it('rejects a tunnel target host that is neither an FQDN nor an IP', () => {
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    tunnel: {protocol: CONNECT, targetHost: "bad_host", targetPort: 8080}\n'))).toEqual([{
      at: '9:45', severity: 'error', code: 'istio-validation',
      message: 'tunnel target host must be valid FQDN or IP address: domain name "bad_host" invalid (label "bad_host" invalid); bad_host is not a valid IP',
    }]);
  });

  it('accepts a tunnel to an IP address', () => {
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    tunnel: {targetHost: 10.0.0.1, targetPort: 8080}\n'))).toEqual([]);
  });

  it('rejects a warmup aggression below 1', () => {
    // CRD: aggression minimum 0; the webhook wants >= 1
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      simple: LEAST_REQUEST\n      warmup: {duration: 60s, aggression: 0.5}\n'))).toEqual([{
      at: '11:43', severity: 'error', code: 'istio-validation', message: 'aggression should be greater than or equal to 1',
    }]);
  });

  it('counts retryBudget as a traffic policy field', () => {
    // 1.30 CRD: TrafficPolicy.retryBudget
    expect(findings(dr('  host: reviews\n  trafficPolicy:\n    retryBudget: {percent: 20, minRetryConcurrency: 3}\n'))).toEqual([]);
  });
});

describe("a DestinationRule's locality load balancing (agent.ValidateLocalityLbSetting)", () => {
  const lb = (setting: string, outlier = '    outlierDetection: {consecutive5xxErrors: 5}\n') =>
    dr(`  host: reviews\n  trafficPolicy:\n${outlier}    loadBalancer:\n      localityLbSetting:\n${setting}`);

  it('accepts failover with outlier detection', () => {
    expect(findings(lb('        enabled: true\n        failover:\n        - {from: us-east1, to: us-west1}\n'))).toEqual([]);
  });

  it('warns when failover has no outlier detection', () => {
    expect(findings(lb('        failover:\n        - {from: us-east1, to: us-west1}\n', ''))).toEqual([{
      at: '10:7', severity: 'warning', code: 'istio-validation-warning', message: 'outlier detection policy must be provided for failover',
    }]);
  });

  it('rejects failover to the same region and to a zone', () => {
    expect(findings(lb('        failover:\n        - {from: us-east1, to: us-east1}\n        - {from: us-east1, to: us-west1/zone1}\n'))).toEqual([
      {at: '13:11', severity: 'error', code: 'istio-validation', message: 'locality lb failover settings must specify different regions'},
      {at: '14:11', severity: 'error', code: 'istio-validation', message: 'locality lb failover only specify region'},
    ]);
  });

  it('rejects distribute together with failover', () => {
    expect(findings(lb('        distribute:\n        - {from: "us-east1/*", to: {"us-east1/*": 80, "us-west1/*": 20}}\n        failover:\n        - {from: us-east1, to: us-west1}\n'))).toEqual([{
      at: '11:7', severity: 'error', code: 'istio-validation', message: "can not simultaneously specify 'distribute' and 'failover'",
    }]);
  });

  it('rejects a topology label in failoverPriority together with failover', () => {
    expect(findings(lb('        failover:\n        - {from: us-east1, to: us-west1}\n        failoverPriority: [topology.kubernetes.io/region]\n'))).toEqual([{
      at: '14:9', severity: 'error', code: 'istio-validation',
      message: "can not simultaneously set 'failover' and topology label 'topology.kubernetes.io/region' in 'failover_priority'",
    }]);
  });

  it('rejects a wildcard in the middle of a locality and overlapping localities', () => {
    expect(findings(lb('        distribute:\n        - {from: "us-east1/*/a", to: {"us-west1/*": 100}}\n'))).toEqual([{
      at: '12:9', severity: 'error', code: 'istio-validation', message: "locality us-east1/*/a wildcard '*' number can not exceed 1 and must be in the end",
    }]);
    expect(findings(lb('        distribute:\n        - {from: "us-east1/*", to: {"us-west1": 50, "us-west1/zone1": 50}}\n'))).toEqual([{
      at: '13:36', severity: 'error', code: 'istio-validation', message: 'locality us-west1/zone1 overlap with previous specified ones',
    }]);
  });
});

describe("a DestinationRule's client TLS (agent.ValidateTLS)", () => {
  it('rejects insecureSkipVerify with caCertificates in SIMPLE mode', () => {
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    tls:\n      mode: SIMPLE\n      insecureSkipVerify: true\n      caCertificates: /etc/certs/ca.pem\n'))).toEqual([{
      at: '11:27', severity: 'error', code: 'istio-validation',
      message: 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true',
    }]);
  });

  it('rejects insecureSkipVerify with subjectAltNames in MUTUAL mode', () => {
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    tls:\n      mode: MUTUAL\n      credentialName: client-cert\n      insecureSkipVerify: true\n      subjectAltNames: [api.example.com]\n'))).toEqual([
      // destinationrule.CaCertificateAnalyzer looks at caCertificates only, whatever credentialName holds
      {at: '10:13', severity: 'warning', code: 'IST0128', message: 'DestinationRule default/reviews in namespace default has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: api.example.com'},
      {at: '12:27', severity: 'error', code: 'istio-validation', message: 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true'},
    ]);
  });

  it('accepts SIMPLE with insecureSkipVerify alone; istioctl analyze still warns that no CA is set (IST0128)', () => {
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    tls: {mode: SIMPLE, insecureSkipVerify: true, sni: api.example.com}\n'))).toEqual([{
      at: '9:17', severity: 'warning', code: 'IST0128',
      message: 'DestinationRule default/reviews in namespace default has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.example.com',
    }]);
  });

  it('rejects file certificates together with credentialName', () => {
    expect(findings(dr('  host: api.example.com\n  trafficPolicy:\n    tls: {mode: SIMPLE, credentialName: api-ca, caCertificates: /etc/ca.pem}\n'))).toEqual([{
      at: '9:41', severity: 'error', code: 'istio-validation', message: 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set',
    }]);
  });
});
