/**
 * TrafficExtension, new in Istio 1.30, as istiod's webhook checks it (validation.go
 * ValidateTrafficExtension) once its CRD has accepted it, and the policy target kinds
 * all policies share (validatePolicyTargetReference's allowedTargetRefs).
 */
import {describe, expect, it} from 'vitest';
import {problems, yaml} from '../helpers';

const istio = (text: string) => problems(text).filter((d) => d.code.startsWith('istio'));

const extension = (spec: string) => yaml`
apiVersion: extensions.istio.io/v1alpha1
kind: TrafficExtension
metadata:
  name: ext
  namespace: shop
spec:
${spec}`;

describe('a TrafficExtension', () => {
  it('accepts a Lua filter and a Wasm module aimed at a Gateway class', () => {
    expect(istio(extension('  lua:\n    inlineCode: "function envoy_on_request(h) end"\n'))).toEqual([]);
    expect(istio(extension('  targetRefs:\n  - group: gateway.networking.k8s.io\n    kind: GatewayClass\n    name: istio\n' +
      '  wasm:\n    url: oci://ghcr.io/example/filter:1.0\n'))).toEqual([]);
  });

  it('rejects Lua code over 64 KiB of UTF-8, which the CRD counts in characters', () => {
    const code = 'é'.repeat(40_000);
    expect(istio(extension(`  lua:\n    inlineCode: "${code}"\n`))).toEqual([
      expect.objectContaining({path: '/spec/lua/inlineCode', severity: 'error', message: 'lua.inlineCode exceeds maximum size of 64KB'}),
    ]);
  });

  it('rejects a target kind no policy may aim at', () => {
    expect(istio(extension('  targetRefs:\n  - kind: Deployment\n    name: web\n  lua:\n    inlineCode: x\n'))).toEqual([
      expect.objectContaining({
        path: '/spec/targetRefs/0',
        message: 'targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway ' +
          'gateway.networking.k8s.io/v1/GatewayClass] but was /Deployment',
      }),
    ]);
  });
});

describe('policy target kinds', () => {
  it('include a Gateway class, for an AuthorizationPolicy too', () => {
    const policy = yaml`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ap
  namespace: istio-system
spec:
  targetRefs:
  - group: gateway.networking.k8s.io
    kind: GatewayClass
    name: istio
  rules:
  - {}
`;
    expect(istio(policy)).toEqual([]);
  });
});
