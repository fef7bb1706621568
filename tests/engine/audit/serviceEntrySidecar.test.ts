/**
 * Audit corpus: ServiceEntry, Sidecar and Telemetry (CRD CEL, validation.go ValidateServiceEntry / ValidateSidecar /
 * ValidateTelemetry, istioctl analyzer serviceentry/protocoladdresses.go).
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from './helpers';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const se = (spec: string) => resource('networking.istio.io/v1', 'ServiceEntry', spec, '  name: ext\n  namespace: default\n');
const sidecar = (spec: string) => resource('networking.istio.io/v1', 'Sidecar', spec, '  name: default\n  namespace: bookinfo\n');

describe('ServiceEntry', () => {
  it('accepts an HTTPS external host with DNS resolution', () => {
    // validation.go ValidateServiceEntry: FQDN host, TLS port, no addresses needed
    expect(findings(se('  hosts: [api.example.com]\n  location: MESH_EXTERNAL\n  resolution: DNS\n  ports:\n  - {number: 443, name: https, protocol: TLS}\n'))).toEqual([]);
  });

  it('rejects a wildcard host with DNS resolution and no endpoints', () => {
    // validation.go: "hosts must be FQDN if no endpoints are provided for resolution mode %s"
    expect(findings(se('  hosts: ["*.example.com"]\n  resolution: DNS\n  ports:\n  - {number: 443, name: https, protocol: TLS}\n'))).toEqual([{
      at: '7:11', severity: 'error', code: 'istio-validation', message: 'hosts must be FQDN if no endpoints are provided for resolution mode DNS',
    }]);
  });

  it('rejects CIDR addresses with DNS resolution (CRD CEL rule)', () => {
    // CRD x-kubernetes-validations: "CIDR addresses are allowed only for NONE/STATIC resolution types"
    expect(findings(se('  hosts: [db.example.com]\n  addresses: [10.0.0.0/24]\n  resolution: DNS\n  ports:\n  - {number: 5432, name: tcp, protocol: TCP}\n'))).toEqual([{
      at: '6:1', severity: 'error', code: 'cel', message: 'spec: CIDR addresses are allowed only for NONE/STATIC resolution types',
    }]);
  });

  it('rejects an unknown location (CRD enum)', () => {
    // CRD enum MESH_EXTERNAL, MESH_INTERNAL
    expect(findings(se('  hosts: [api.example.com]\n  location: EXTERNAL\n  resolution: DNS\n'))).toEqual([expect.objectContaining({
      at: '8:13', severity: 'error', code: 'enum', message: expect.stringContaining('Unsupported value: "EXTERNAL"'),
    })]);
  });

  it('rejects the bare * host (CRD CEL)', () => {
    // CRD hosts items: "hostname cannot be wildcard"
    expect(findings(se('  hosts: ["*"]\n  resolution: NONE\n  ports:\n  - {number: 80, name: http, protocol: HTTP}\n'))).toEqual([{
      at: '7:11', severity: 'error', code: 'cel', message: 'spec.hosts[0]: hostname cannot be wildcard',
    }]);
  });

  it('rejects several hosts on a plain TCP port unless resolution is NONE', () => {
    // validation.go: "multiple hosts provided with non-HTTP, non-TLS ports"
    const found = findings(se('  hosts: [a.example.com, b.example.com]\n  resolution: DNS\n  ports:\n  - {number: 5432, name: tcp, protocol: TCP}\n'));
    expect(found).toContainEqual({at: '10:41', severity: 'error', code: 'istio-validation', message: 'multiple hosts provided with non-HTTP, non-TLS ports'});
  });

  it('reports IST0134 for a TCP port without addresses', () => {
    // messages.yaml IST0134 ServiceEntryAddressesRequired (Warning), serviceentry/protocoladdresses.go
    expect(findings(se('  hosts: [db.example.com]\n  resolution: DNS\n  ports:\n  - {number: 5432, name: tcp, protocol: TCP}\n'))).toEqual([{
      at: '10:5', severity: 'warning', code: 'IST0134', message: 'ServiceEntry addresses are required for this protocol.',
    }]);
  });

  it('also gets the webhook warning with resolution NONE (no IP auto-allocation for NONE)', () => {
    // validation.go ValidateServiceEntry + serviceentry.shouldV2AutoAllocateIPFromPieces
    expect(findings(se('  hosts: [db.example.com]\n  resolution: NONE\n  ports:\n  - {number: 5432, name: tcp}\n'))).toEqual([
      {at: '10:5', severity: 'warning', code: 'istio-validation-warning',
        message: 'addresses are required for ports serving TCP (or unset) protocol when ISTIO_META_DNS_AUTO_ALLOCATE is not set on a proxy'},
      {at: '10:5', severity: 'warning', code: 'IST0134', message: 'ServiceEntry addresses are required for this protocol.'},
    ]);
  });

  it('requires IP endpoints for STATIC resolution', () => {
    // validation.go validateWorkloadEntry(..., allowFQDNAddresses=false)
    expect(findings(se('  hosts: [api.example.com]\n  resolution: STATIC\n  ports:\n  - {number: 443, name: https, protocol: HTTPS}\n  endpoints:\n  - address: api.example.com\n'))).toEqual([{
      at: '12:14', severity: 'error', code: 'istio-validation', message: 'endpoint address "api.example.com" is not a valid IP address',
    }]);
  });
});

describe('Sidecar', () => {
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

describe('Telemetry', () => {
  it('is telemetry.istio.io, not networking.istio.io', () => {
    // kubectl: no matches for kind "Telemetry" in version "networking.istio.io/v1beta1"
    const text = resource('networking.istio.io/v1beta1', 'Telemetry', '  tracing:\n  - randomSamplingPercentage: 10\n');
    expect(findings(text)).toEqual([expect.objectContaining({
      at: '1:13', severity: 'error', code: 'unknown-istio-kind', message: expect.stringContaining('Telemetry belongs to telemetry.istio.io'),
    })]);
  });

  it('rejects an empty provider name in the schema (minLength 1), before the webhook', () => {
    // CRD ProviderRef.name: minLength 1 (the webhook's "providers.name may not be empty" is never reached)
    const found = findings(resource('telemetry.istio.io/v1', 'Telemetry', '  accessLogging:\n  - providers:\n    - name: ""\n'));
    expect(found).toEqual([{at: '9:13', severity: 'error', code: 'min-length', message: expect.stringContaining('spec.accessLogging[0].providers[0].name')}]);
  });
});

describe('Sidecar listeners (validation.go ValidateSidecar)', () => {
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
