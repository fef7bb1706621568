/**
 * A ServiceEntry's resolution as istiod 1.30 checks it (validation.go ValidateServiceEntry):
 * DYNAMIC_DNS (new in 1.30), and the address warning that IP auto-allocation
 * (serviceentry.shouldV2AutoAllocateIPFromPieces, on by default) lifts.
 */
import {describe, expect, it} from 'vitest';
import {problems, yaml} from '../helpers';

const istio = (text: string) => problems(text).filter((d) => d.code.startsWith('istio'));

const serviceEntry = (spec: string, labels = '') => yaml`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ext
  namespace: shop
${labels}spec:
${spec}`;

describe('resolution DYNAMIC_DNS', () => {
  it('takes wildcard hosts on HTTP, TLS, GRPC or HTTP2 ports, partial wildcards without a warning', () => {
    expect(istio(serviceEntry('  hosts: ["*.example.com", "*api.example.org"]\n  resolution: DYNAMIC_DNS\n  ports:\n' +
      '  - {number: 443, name: tls, protocol: TLS}\n  - {number: 80, name: http, protocol: HTTP}\n'))).toEqual([]);
  });

  it('rejects a host without a wildcard, addresses, endpoints and a TCP port', () => {
    const found = istio(serviceEntry('  hosts: [api.example.com]\n  addresses: [10.0.0.1]\n  resolution: DYNAMIC_DNS\n  ports:\n' +
      '  - {number: 5432, name: tcp, protocol: TCP}\n  endpoints:\n  - address: 10.0.0.2\n'));
    expect(found.map((d) => [d.path, d.message])).toEqual(expect.arrayContaining([
      ['/spec/hosts/0', 'host must be wildcarded for resolution mode DYNAMIC_DNS'],
      ['/spec/addresses', 'addresses cannot be set for resolution type DYNAMIC_DNS. HTTP route domains will only be generatedfrom the hosts field values'],
      ['/spec/endpoints', 'endpoints cannot be set for resolution type DYNAMIC_DNS. Destination IP address determined from hostsfield values'],
      ['/spec/ports/0', 'only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS'],
    ]));
  });
});

describe('resolution DNS', () => {
  it('gets no workloadSelector warning (istiod warns for NONE only)', () => {
    const found = istio(serviceEntry('  hosts: [db.internal.example.com]\n  resolution: DNS\n  workloadSelector:\n    labels: {app: db}\n' +
      '  ports:\n  - {number: 443, name: https, protocol: HTTPS}\n'));
    expect(found).toEqual([]);
  });

  it('warns about a TCP port without addresses once the ServiceEntry opts out of IP auto-allocation', () => {
    const spec = '  hosts: [db.example.com]\n  resolution: DNS\n  ports:\n  - {number: 5432, name: tcp, protocol: TCP}\n';
    const warning = 'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled';
    expect(istio(serviceEntry(spec)).map((d) => d.message)).not.toContain(warning);
    expect(istio(serviceEntry(spec, '  labels:\n    networking.istio.io/enable-autoallocate-ip: "False"\n')).map((d) => d.message)).toContain(warning);
  });
});
