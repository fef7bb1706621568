/**
 * istioctl analyze, virtualservice/destinationrules.go: a VirtualService destination's subset must be
 * defined by a DestinationRule for its host (IST0101).
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster} from '../support/clusters';
import {findings} from '../support/findings';

const withBookinfo = {context: bookinfoCluster};
// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7 hosts, 8.. below.
const vs = (rest: string, hosts = '[reviews]', namespace = 'default') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: ${namespace}\nspec:\n  hosts: ${hosts}\n${rest}`;
const to = (destination: string) => `  http:\n  - route:\n    - destination: ${destination}\n`;

describe('a VirtualService destination subset, looked up in the DestinationRules', () => {
  it('reports a subset no DestinationRule defines (IST0101)', () => {
    // virtualservice/destinationrules.go; messages.yaml IST0101 "Referenced %s not found: %q"
    expect(findings(vs(to('{host: reviews, subset: v2}')), withBookinfo)).toEqual([{
      at: '10:44', severity: 'error', code: 'IST0101', message: 'Referenced host+subset in destinationrule not found: "reviews+v2"',
    }]);
  });

  it('without a context, does not blame a lone snippet for what its cluster may have', () => {
    // README: only what the input provides is treated as known
    expect(findings(vs(to('{host: reviews, subset: v9}')))).toEqual([]);
  });
});
