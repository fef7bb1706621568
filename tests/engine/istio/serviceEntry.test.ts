/**
 * A ServiceEntry: CRD CEL rules, validation.go ValidateServiceEntry, istioctl's serviceentry/protocoladdresses.go.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const se = (spec: string) => resource('networking.istio.io/v1', 'ServiceEntry', spec, '  name: ext\n  namespace: default\n');

describe("a ServiceEntry's hosts, addresses, resolution and endpoints", () => {
  it('accepts an HTTPS external host with DNS resolution', () => {
    // validation.go ValidateServiceEntry: FQDN host, TLS port, no addresses needed
    expect(findings(se('  hosts: [api.example.com]\n  location: MESH_EXTERNAL\n  resolution: DNS\n  ports:\n  - {number: 443, name: https, protocol: TLS}\n'))).toEqual([]);
  });

  it('rejects a wildcard host with DNS resolution and no endpoints', () => {
    // validation.go 1.30: "hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode %s, %v"
    expect(findings(se('  hosts: ["*.example.com"]\n  resolution: DNS\n  ports:\n  - {number: 443, name: https, protocol: TLS}\n'))).toEqual([{
      at: '7:11', severity: 'error', code: 'istio-validation',
      message: 'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.example.com" invalid (label "*" invalid)',
    }]);
  });

  it('rejects CIDR addresses with DNS resolution (CRD CEL rule)', () => {
    // CRD x-kubernetes-validations: "CIDR addresses are allowed only for NONE/STATIC resolution types"
    expect(findings(se('  hosts: [db.example.com]\n  addresses: [10.0.0.0/24]\n  resolution: DNS\n  ports:\n  - {number: 5432, name: tcp, protocol: TCP}\n'))).toEqual([{
      at: '6:1', severity: 'error', code: 'cel', message: 'spec: Invalid value: "object": CIDR addresses are allowed only for NONE/STATIC resolution types',
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
      at: '7:11', severity: 'error', code: 'cel', message: 'spec.hosts[0]: Invalid value: "string": hostname cannot be wildcard',
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
        message: 'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled'},
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
