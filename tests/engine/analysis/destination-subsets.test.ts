/**
 * istioctl analyze, virtualservice/destinationrules.go: a VirtualService destination's subset must be
 * defined by a DestinationRule for its host (IST0101).
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster} from '../support/clusters';
import {findings} from '../support/findings';
import {reviewsVs, routeTo} from '../support/manifests';

const withBookinfo = {context: bookinfoCluster};

describe('a VirtualService destination subset, looked up in the DestinationRules', () => {
  it('reports a subset no DestinationRule defines (IST0101)', () => {
    // virtualservice/destinationrules.go; messages.yaml IST0101 "Referenced %s not found: %q"
    expect(findings(reviewsVs(routeTo('{host: reviews, subset: v2}')), withBookinfo)).toEqual([{
      at: '10:44', severity: 'error', code: 'IST0101', message: 'Referenced host+subset in destinationrule not found: "reviews+v2"',
    }]);
  });

  it('without a context, does not blame a lone snippet for what its cluster may have', () => {
    // README: only what the input provides is treated as known
    expect(findings(reviewsVs(routeTo('{host: reviews, subset: v9}')))).toEqual([]);
  });
});
