/**
 * A Sidecar as istiod's webhook checks it: validation.go ValidateSidecar, agent.ValidateNamespaceSlashWildcardHostname.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const sidecar = (spec: string) => resource('networking.istio.io/v1', 'Sidecar', spec, '  name: default\n  namespace: bookinfo\n');
/** A Sidecar named sample in default, for the cases that copy it under another name. */
const sampleSidecar = (spec: string) => resource('networking.istio.io/v1', 'Sidecar', spec);

describe("a Sidecar's egress hosts and workload selector", () => {
  it('accepts ./* and istio-system/* egress hosts', () => {
    // agent.ValidateNamespaceSlashWildcardHostname (sidecar)
    expect(findings(sidecar('  egress:\n  - hosts: ["./*", "istio-system/*"]\n'))).toEqual([]);
  });

  it('rejects an egress host without a namespace', () => {
    // agent.ValidateNamespaceSlashWildcardHostname: "host must be of form namespace/dnsName"
    expect(findings(sidecar('  egress:\n  - hosts: ["./*", reviews]\n'))).toEqual([{
      at: '8:20', severity: 'error', code: 'istio-validation', message: 'host must be of form namespace/dnsName',
    }]);
  });

  it('rejects an empty Sidecar', () => {
    // validation.go ValidateSidecar: "sidecar: empty configuration provided"
    expect(findings(sidecar('  {}\n').replace('spec:\n  {}', 'spec: {}'))).toEqual([expect.objectContaining({
      severity: 'error', code: 'istio-validation', message: 'sidecar: empty configuration provided',
    })]);
  });

  it('requires the catch-all egress listener to be last and warns about an empty selector', () => {
    // validation.go ValidateSidecar
    expect(findings(sidecar('  workloadSelector:\n    labels: {}\n  egress:\n  - hosts: ["./*"]\n  - hosts: ["istio-system/*"]\n'))).toEqual([
      {at: '7:3', severity: 'warning', code: 'istio-validation-warning', message: 'sidecar: workload selector specified without labels, will be applied to all services in namespace'},
      {at: '10:5', severity: 'error', code: 'istio-validation', message: 'sidecar: the egress listener with empty port should be the last listener in the list'},
    ]);
  });
});

describe("a Sidecar's listeners (validation.go ValidateSidecar)", () => {
  it('requires a unix socket bind for egress port 0 and warns about */* with other hosts', () => {
    // validateSidecarEgressPortBindAndCaptureMode; "`*/*` host select all resources, no other hosts can be added"
    expect(findings(sidecar('  egress:\n  - port: {number: 0, protocol: HTTP, name: http}\n    hosts: ["*/*", "ns1/foo.com"]\n'))).toEqual([
      {at: '8:20', severity: 'error', code: 'istio-validation', message: 'sidecar: ports with 0 value must have a unix domain socket bind address'},
      {at: '9:5', severity: 'warning', code: 'istio-validation-warning', message: '`*/*` host select all resources, no other hosts can be added'},
    ]);
  });

  it('restricts an ingress defaultEndpoint to loopback, any-address or a unix socket', () => {
    // validation.go ValidateSidecar: defaultEndpoint form
    expect(findings(sidecar('  ingress:\n  - port: {number: 9080, protocol: HTTP, name: http}\n    defaultEndpoint: 10.0.0.1:8080\n'))).toEqual([{
      at: '9:22', severity: 'error', code: 'istio-validation',
      message: 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset',
    }]);
    expect(findings(sidecar('  ingress:\n  - port: {number: 9080, protocol: HTTP, name: http}\n    defaultEndpoint: 127.0.0.1:8080\n'))).toEqual([]);
  });

  it('warns about a duplicated egress host', () => {
    // validation.go ValidateSidecar: WrapWarning "duplicated egress host: %s"
    expect(findings(sidecar('  egress:\n  - hosts: ["istio-system/*", "istio-system/istiod.istio-system.svc.cluster.local"]\n'))).toEqual([{
      at: '8:31', severity: 'warning', code: 'istio-validation-warning', message: 'duplicated egress host: istio-system/istiod.istio-system.svc.cluster.local',
    }]);
  });
});

describe("a Sidecar's ingress, egress and outbound traffic policy (validation.go ValidateSidecar, agent.ValidateNamespaceSlashWildcardHostname)", () => {
  it('accepts the egress host forms, default endpoints, binds and an egress proxy with ALLOW_ANY', () => {
    expect(findings(sampleSidecar('  workloadSelector:\n    labels: {app: reviews}\n  ingress:\n  - port: {number: 9080, protocol: HTTP, name: http}\n    defaultEndpoint: 127.0.0.1:8080\n  - port: {number: 9081, protocol: HTTP, name: http2}\n    defaultEndpoint: 0.0.0.0:8081\n  - port: {number: 9082, protocol: TCP, name: tcp}\n    defaultEndpoint: "[::1]:8082"\n  - port: {number: 9083, protocol: TCP, name: uds}\n    defaultEndpoint: unix:///var/run/app.sock\n    bind: 0.0.0.0\n  egress:\n  - port: {number: 3306, protocol: MYSQL, name: mysql}\n    bind: 127.0.0.1\n    captureMode: NONE\n    hosts: [./mysql.default.svc.cluster.local]\n  - port: {number: 0, protocol: HTTP, name: uds}\n    bind: unix:///var/run/egress.sock\n    captureMode: DEFAULT\n    hosts: [istio-system/*]\n  - hosts: ["./*", "~/*", "istio-system/*.example.com", "*/api.example.com"]\n  outboundTrafficPolicy:\n    mode: ALLOW_ANY\n    egressProxy:\n      host: egress.istio-system.svc.cluster.local\n      port: {number: 80}\n'))).toEqual([
      // istioctl's deprecation analyzer: the proxy setting is accepted and ignored.
      {at: '1:1', severity: 'warning', code: 'IST0002', message: 'Deprecated: OutboundTrafficPolicy.EgressProxy ignored'},
    ]);
  });

  it('reports a bracketed default endpoint without a port as net.SplitHostPort does', () => {
    // "[::1]": ']' is the last character, so "missing port in address", then strconv.Atoi("") fails
    expect(findings(sampleSidecar('  ingress:\n  - port: {number: 9080, protocol: HTTP, name: http}\n    defaultEndpoint: "[::1]"\n'))).toEqual([
      {at: '9:22', severity: 'error', code: 'istio-validation', message: 'address [::1]: missing port in address'},
      {at: '9:22', severity: 'error', code: 'istio-validation', message: 'sidecar: defaultEndpoint port () is not a number: strconv.Atoi: parsing "": invalid syntax'},
    ]);
    expect(findings(sampleSidecar('  ingress:\n  - port: {number: 9080, protocol: HTTP, name: http}\n    defaultEndpoint: "10.0.0.1:8080"\n'))).toEqual([
      {at: '9:22', severity: 'error', code: 'istio-validation', message: 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset'},
    ]);
  });

  it('rejects credentialNames and tlsCertificates in ingress tls', () => {
    expect(findings(sampleSidecar('  ingress:\n  - port: {number: 9443, protocol: HTTPS, name: https}\n    defaultEndpoint: 127.0.0.1:8443\n    tls:\n      mode: SIMPLE\n      credentialNames: [cert-a]\n'))).toEqual([
      {at: '12:7', severity: 'error', code: 'istio-validation', message: 'sidecar: credentialNames is not currently supported'},
    ]);
    expect(findings(sampleSidecar('  ingress:\n  - port: {number: 9443, protocol: HTTPS, name: https}\n    defaultEndpoint: 127.0.0.1:8443\n    tls:\n      mode: SIMPLE\n      tlsCertificates:\n      - serverCertificate: /etc/certs/a.pem\n        privateKey: /etc/certs/a.key\n'))).toEqual([
      {at: '12:7', severity: 'error', code: 'istio-validation', message: 'sidecar: tls_certificates is not currently supported'},
    ]);
  });

  it('rejects `*/`, short names and hosts without a namespace', () => {
    // ValidateNamespaceSlashWildcardHostname(host, false, false), then validateSidecarOrGatewayHostnamePart
    expect(findings(sampleSidecar('  egress:\n  - hosts: ["*/", "foo/bar", "nsonly"]\n'))).toEqual([
      {at: '8:13', severity: 'error', code: 'istio-validation', message: 'config namespace and dnsName in host entry cannot be empty'},
      {at: '8:13', severity: 'error', code: 'istio-validation', message: 'short names (non FQDN) are not allowed'},
      {at: '8:13', severity: 'error', code: 'istio-validation', message: 'empty domain name not allowed'},
      {at: '8:19', severity: 'error', code: 'istio-validation', message: 'short names (non FQDN) are not allowed'},
      {at: '8:30', severity: 'error', code: 'istio-validation', message: 'host must be of form namespace/dnsName'},
    ]);
  });

  it('rejects an egress proxy unless the mode is ALLOW_ANY', () => {
    expect(findings(sampleSidecar('  outboundTrafficPolicy:\n    mode: REGISTRY_ONLY\n    egressProxy:\n      host: egress.example.com\n      port: {number: 80}\n'))).toEqual([
      {at: '1:1', severity: 'warning', code: 'IST0002', message: 'Deprecated: OutboundTrafficPolicy.EgressProxy ignored'},
      {at: '9:5', severity: 'error', code: 'istio-validation', message: 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode'},
    ]);
  });

  it('leaves "one selector-less Sidecar per namespace" to the analyzer, not the webhook', () => {
    const a = sampleSidecar('  egress:\n  - hosts: ["./*"]\n');
    expect(findings(`${a}---\n${a.replace('name: sample', 'name: other')}`).filter((f) => f.code.startsWith('istio-validation'))).toEqual([]);
  });
});
