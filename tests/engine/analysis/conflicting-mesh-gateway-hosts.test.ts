/**
 * istioctl analyze, virtualservice/conflictingmeshgatewayhosts.go: two VirtualServices that bind one host to the mesh (IST0109).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

describe('VirtualServices that bind the same host to the mesh gateway', () => {
  const named = (name: string, rest = '') => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  hosts: [reviews]\n${rest}  http:\n  - route:\n    - destination: {host: reviews}\n`;

  it('reports both VirtualServices that bind one host to the mesh', () => {
    // virtualservice/conflictingmeshgatewayhosts.go; messages.yaml IST0109 (Error), at metadata.name
    const message = 'The VirtualServices default/a,default/b associated with mesh gateway define the same host */reviews.default.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.';
    expect(findings(named('a') + '---\n' + named('b'))).toEqual([
      {at: '4:9', severity: 'error', code: 'IST0109', message},
      {at: '15:9', severity: 'error', code: 'IST0109', message},
    ]);
  });

  it('does not report when one of them is bound to a gateway only', () => {
    // conflictingmeshgatewayhosts.go: only VirtualServices attached to the mesh gateway
    expect(findings(named('a') + '---\n' + named('b', '  gateways: [bookinfo-gateway]\n'))).toEqual([]);
  });

  it('does not report the same VirtualService defined twice', () => {
    // one object: the later definition replaces the earlier (the duplicate is reported on its own)
    expect(findings(named('a') + '---\n' + named('a')).map((f) => f.code)).toEqual(['duplicate-resource']);
  });
});
