/**
 * istioctl analyze over a whole, valid setup: every analyzer stays silent.
 */
import {describe, expect, it} from 'vitest';
import {canaryCluster} from '../support/clusters';
import {findings} from '../support/findings';
import {destinationRuleFor} from '../support/manifests';

const withCanary = {context: canaryCluster};

describe('a valid reviews canary setup (DestinationRule subsets, weighted VirtualService, STRICT mTLS)', () => {
  it('has no findings over the context', () => {
    const text = destinationRuleFor('reviews', '  subsets:\n  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}\n') + '---\n' +
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n' +
      '    - destination: {host: reviews, subset: v1}\n      weight: 90\n    - destination: {host: reviews, subset: v2}\n      weight: 10\n' + '---\n' +
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: default\nspec:\n  mtls: {mode: STRICT}\n';
    expect(findings(text, withCanary)).toEqual([]);
  });
});
