/**
 * The project's own cross-resource check: STRICT mTLS where pods have no sidecar to speak it.
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster} from '../support/clusters';
import {findings} from '../support/findings';

const withBookinfo = {context: bookinfoCluster};

describe('a STRICT PeerAuthentication in a namespace without sidecar injection', () => {
  it('warns about STRICT mTLS in a namespace without injection (project check)', () => {
    // pods without a sidecar cannot speak mTLS
    const text = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: legacy\nspec:\n  mtls: {mode: STRICT}\n';
    expect(findings(text, withBookinfo)).toEqual([expect.objectContaining({
      at: '7:16', severity: 'warning', code: 'strict-mtls-without-injection', message: expect.stringContaining('namespace "legacy" is not labelled for sidecar injection'),
    })]);
  });
});
