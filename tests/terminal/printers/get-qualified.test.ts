/**
 * kubectl resolves a type to one group when it is written PLURAL.GROUP or with a short name that only
 * that group declares: `gtw` and `gateways.gateway.networking.k8s.io` are the Gateway API's Gateway,
 * while a bare `gateway` is resolved by group priority (Istio's, as in the rest of the printers).
 */
import {describe, expect, it} from 'vitest';
import {parseGet} from '../../../src/terminal/printers/get';

describe('kubectl get: types named with their group', () => {
  it('reads gtw and gateways.gateway.networking.k8s.io as the Gateway API\'s Gateway', () => {
    for (const type of ['gtw', 'gateways.gateway.networking.k8s.io', 'gtw/waypoint']) {
      expect(parseGet(`kubectl get ${type}`, 'default'), type).toMatchObject({group: 'gateway.networking.k8s.io', kind: 'Gateway'});
    }
  });

  it('reads gw and gateways.networking.istio.io as Istio\'s Gateway', () => {
    for (const type of ['gw', 'gateways.networking.istio.io']) {
      expect(parseGet(`kubectl get ${type}`, 'default'), type).toMatchObject({group: 'networking.istio.io', kind: 'Gateway'});
    }
  });
});

describe('kubectl get TYPE.GROUP', () => {
  it('reads a group-qualified resource as that group\'s, where the short name is another family\'s too', () => {
    expect(parseGet('kubectl get authorizationpolicies.policy.linkerd.io -n bookinfo', 'default')).toMatchObject({group: 'policy.linkerd.io', kind: 'AuthorizationPolicy'});
    expect(parseGet('kubectl get authorizationpolicy.v1alpha1.policy.linkerd.io x', 'default')).toMatchObject({group: 'policy.linkerd.io', names: ['x']});
    expect(parseGet('kubectl get authorizationpolicies.security.istio.io', 'default')).toMatchObject({group: 'security.istio.io'});
  });
});
