/**
 * istioctl analyze, authn/blockedcidrs.go (BlockedCIDRsAnalyzer): istiod fetching JWKS URIs of
 * RequestAuthentications with no BLOCKED_CIDRS_IN_JWKS_URIS (IST0175).
 */
import {describe, expect, it} from 'vitest';
import {istioctlLines} from '../support/istioctl';

const ANALYZER = 'authn.BlockedCIDRsAnalyzer';

const istiod = (containers = '[{name: discovery, image: pilot}]', labels = '{app: istiod}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system, labels: ${labels}}
spec:
  selector: {matchLabels: {app: istiod}}
  template:
    metadata: {labels: {app: istiod}}
    spec:
      containers: ${containers}
---
`;
const requestAuthentications = (count: number) => Array.from({length: count}, (_, i) => `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt-${i + 1}, namespace: shop}
spec:
  jwtRules: [{issuer: issuer-${i + 1}, jwksUri: "https://idp.example/keys"}]
---
`).join('');
const TAIL = 'Consider configuring it to restrict JWKS URI fetches to trusted networks.';

describe('istiod without BLOCKED_CIDRS_IN_JWKS_URIS', () => {
  it('warns on the istiod Deployment, counting and naming the RequestAuthentications', () => {
    expect(istioctlLines(istiod() + requestAuthentications(2), ANALYZER)).toEqual([
      `Warning [IST0175] (Deployment istio-system/istiod in.yaml:1) BLOCKED_CIDRS_IN_JWKS_URIS is not configured but 2 RequestAuthentication resource(s) exist (shop/jwt-1, shop/jwt-2). ${TAIL}`,
    ]);
  });

  it('names five at most, then how many more', () => {
    expect(istioctlLines(istiod() + requestAuthentications(7), ANALYZER)[0]).toContain(
      'but 7 RequestAuthentication resource(s) exist (shop/jwt-1, shop/jwt-2, shop/jwt-3, shop/jwt-4, shop/jwt-5, and 2 more).');
  });

  it('counts an empty value as unset, and accepts the variable on any container', () => {
    const env = (value: string) => `[{name: discovery, image: pilot, env: [{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: "${value}"}]}]`;
    expect(istioctlLines(istiod(env('')) + requestAuthentications(1), ANALYZER)).toHaveLength(1);
    expect(istioctlLines(istiod(env('10.0.0.0/8')) + requestAuthentications(1), ANALYZER)).toEqual([]);
    const second = `[{name: sidecar, image: helper}, {name: discovery, image: pilot, env: [{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: "169.254.0.0/16"}]}]`;
    expect(istioctlLines(istiod(second) + requestAuthentications(1), ANALYZER)).toEqual([]);
  });

  it('is silent without RequestAuthentications, and for Deployments not labeled app=istiod', () => {
    expect(istioctlLines(istiod(), ANALYZER)).toEqual([]);
    expect(istioctlLines(istiod(undefined, '{app: pilot}') + requestAuthentications(1), ANALYZER)).toEqual([]);
  });
});
