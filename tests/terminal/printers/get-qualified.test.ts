import {describe, expect, it} from 'vitest';
import {parseGet} from '../../../src/terminal/printers/get';

describe('kubectl get TYPE.GROUP', () => {
  it('reads a group-qualified resource as that group\'s, where the short name is another family\'s too', () => {
    expect(parseGet('kubectl get authorizationpolicies.policy.linkerd.io -n bookinfo', 'default')).toMatchObject({group: 'policy.linkerd.io', kind: 'AuthorizationPolicy'});
    expect(parseGet('kubectl get authorizationpolicy.v1alpha1.policy.linkerd.io x', 'default')).toMatchObject({group: 'policy.linkerd.io', names: ['x']});
    expect(parseGet('kubectl get authorizationpolicies.security.istio.io', 'default')).toMatchObject({group: 'security.istio.io'});
  });
});
