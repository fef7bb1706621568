/**
 * An HTTPLocalRateLimitPolicy as Linkerd's webhook judges it: admission.rs
 * `impl Validate<RateLimitPolicySpec>`, after serde read each requestsPerSecond as a u32.
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest} from './admission-support';

const server = '  targetRef: {group: policy.linkerd.io, kind: Server, name: web-http}\n';
const limit = (spec: string, target = server) => manifest('policy.linkerd.io/v1alpha1', 'HTTPLocalRateLimitPolicy', target + spec);
const override = (rps: number, kind = 'ServiceAccount') => `  overrides:\n  - requestsPerSecond: ${rps}\n    clientRefs: [{kind: ${kind}, name: web}]\n`;

describe('HTTPLocalRateLimitPolicy (Validate<RateLimitPolicySpec>)', () => {
  it('accepts a Server target with a total above the identity and override limits', () => {
    expect(denial(limit(`  total: {requestsPerSecond: 100}\n  identity: {requestsPerSecond: 20}\n${override(50)}`))).toBeUndefined();
    expect(denial(limit(''))).toBeUndefined();
  });

  it('refuses a target that is not a Server', () => {
    expect(denial(limit('', '  targetRef: {group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}\n')))
      .toEqual({path: '/spec/targetRef/kind', message: 'invalid targetRef kind: HTTPRoute.gateway.networking.k8s.io'});
  });

  it('refuses zero limits', () => {
    expect(denial(limit('  total: {requestsPerSecond: 0}\n'))).toEqual({path: '/spec/total/requestsPerSecond', message: 'total.requestsPerSecond must be greater than 0'});
    expect(denial(limit('  identity: {requestsPerSecond: 0}\n'))).toEqual({path: '/spec/identity/requestsPerSecond', message: 'identity.requestsPerSecond must be greater than 0'});
    expect(denial(limit(override(0)))).toEqual({path: '/spec/overrides/0/requestsPerSecond', message: 'override.requestsPerSecond must be greater than 0'});
  });

  it('refuses identity and override limits above the total, but not without a total', () => {
    expect(denial(limit('  total: {requestsPerSecond: 10}\n  identity: {requestsPerSecond: 11}\n')))
      .toEqual({path: '/spec/identity/requestsPerSecond', message: 'identity.requestsPerSecond must be less than or equal to total.requestsPerSecond'});
    expect(denial(limit(`  total: {requestsPerSecond: 10}\n${override(11)}`)))
      .toEqual({path: '/spec/overrides/0/requestsPerSecond', message: 'override.requestsPerSecond must be less than or equal to total.requestsPerSecond'});
    expect(denial(limit(`  identity: {requestsPerSecond: 11}\n${override(500)}`))).toBeUndefined();
  });

  it('refuses override clients that are not ServiceAccounts', () => {
    expect(denial(limit(override(5, 'Namespace'))))
      .toEqual({path: '/spec/overrides/0/clientRefs/0/kind', message: 'overrides.clientRefs must target a ServiceAccount'});
  });

  it('refuses limits a u32 cannot hold, which the CRD (int64) lets through', () => {
    expect(denial(limit('  total: {requestsPerSecond: -1}\n')))
      .toEqual({path: '/spec/total/requestsPerSecond', message: 'invalid value: integer `-1`, expected u32'});
    expect(denial(limit('  identity: {requestsPerSecond: 4294967296}\n'))?.message).toBe('invalid value: integer `4294967296`, expected u32');
  });
});
