/**
 * The project's own cross-resource check: two DestinationRules for one host, which Istio merges only partly.
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster} from '../support/clusters';
import {findings} from '../support/findings';

const withBookinfo = {context: bookinfoCluster};

describe('a second DestinationRule for a host', () => {
  it('warns when two DestinationRules configure one host (project check)', () => {
    // Istio merges DestinationRules for one host only partly
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews-2\n  namespace: default\nspec:\n  host: reviews.default.svc.cluster.local\n  trafficPolicy:\n    loadBalancer: {simple: RANDOM}\n';
    expect(findings(text, withBookinfo)).toEqual([expect.objectContaining({
      at: '7:9', severity: 'warning', code: 'conflicting-destination-rules', message: expect.stringContaining('as does DestinationRule default/reviews'),
    })]);
  });
});
