/**
 * A Server as Linkerd's webhook judges it: serde's reading of k8s/api server.rs ServerSpec (a port
 * that is a non-zero u16 or a name, a ProxyProtocol variant, string label values), then
 * admission.rs `impl Validate<ServerSpec>`: `accessPolicy` parses as k8s/index defaults.rs
 * DefaultPolicy.
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest, verdict} from './admission-support';

const server = (spec: string, version = 'v1beta3') => manifest(`policy.linkerd.io/${version}`, 'Server', spec);
const selector = '  podSelector: {matchLabels: {app: web}}\n';

describe('Server access policies (Validate<ServerSpec>)', () => {
  it('accepts each default policy Linkerd knows', () => {
    for (const policy of ['all-authenticated', 'all-unauthenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'deny', 'audit']) {
      expect(verdict(server(`${selector}  port: http\n  accessPolicy: ${policy}\n`)), policy).toEqual([]);
    }
  });

  it('refuses another value, quoted as Rust quotes it', () => {
    expect(verdict(server(`${selector}  port: http\n  accessPolicy: allow-all\n`))).toEqual([{
      at: '9:17', path: '/spec/accessPolicy', severity: 'error', code: 'linkerd-admission',
      message: `Invalid 'accessPolicy' field: invalid mode: "allow-all"`,
    }]);
    expect(denial(server(`${selector}  port: http\n  accessPolicy: "Deny\\t"\n`))?.message).toBe(`Invalid 'accessPolicy' field: invalid mode: "Deny\\t"`);
  });
});

describe('Server fields Rust cannot hold though the CRD accepts them (serde into ServerSpec)', () => {
  it('refuses a proxy protocol that is no ProxyProtocol variant (the CRD has no enum at v1beta3)', () => {
    expect(denial(server(`${selector}  port: http\n  proxyProtocol: HTTP/3\n`))).toEqual({
      path: '/spec/proxyProtocol', message: 'unknown variant `HTTP/3`, expected one of `unknown`, `HTTP/1`, `HTTP/2`, `gRPC`, `opaque`, `TLS`',
    });
    for (const protocol of ['unknown', 'HTTP/1', 'HTTP/2', 'gRPC', 'opaque', 'TLS']) expect(denial(server(`${selector}  port: 80\n  proxyProtocol: ${protocol}\n`)), protocol).toBeUndefined();
  });

  it('refuses port numbers a NonZeroU16 cannot hold; any name is a port name', () => {
    for (const port of ['0', '65536', '-1']) {
      expect(denial(server(`${selector}  port: ${port}\n`)), port).toEqual({path: '/spec/port', message: 'data did not match any variant of untagged enum Port'});
    }
    expect(denial(server(`${selector}  port: "8080"\n`))).toBeUndefined();
  });

  it('refuses a label value that is not a string (matchLabels keeps unknown fields in the CRD)', () => {
    expect(denial(server('  podSelector: {matchLabels: {version: 2}}\n  port: http\n')))
      .toEqual({path: '/spec/podSelector/matchLabels/version', message: 'invalid type: integer `2`, expected a string'});
    expect(denial(server('  externalWorkloadSelector: {matchLabels: {canary: true}}\n  port: http\n'))?.message)
      .toBe('invalid type: boolean `true`, expected a string');
  });

  it('never sees a Server with both selectors or neither: the CRD (oneOf at v1beta2 and v1beta3) refuses it first', () => {
    // server.rs flattens the Selector enum into ServerSpec; the API server's schema keeps it well-formed.
    const both = verdict(server('  podSelector: {matchLabels: {app: web}}\n  externalWorkloadSelector: {matchLabels: {app: vm}}\n  port: http\n'));
    expect(both.map((d) => d.code)).toEqual(['one-of']);
    // Neither: no branch valid, so kube-openapi adds the first branch's failure (podSelector required).
    expect(verdict(server('  port: http\n')).map((d) => d.code)).toEqual(['required', 'one-of']);
  });

  it('judges every served version with the same rules', () => {
    expect(denial(server(`${selector}  port: http\n  proxyProtocol: SPDY\n`, 'v1beta2'))?.path).toBe('/spec/proxyProtocol');
  });
});
