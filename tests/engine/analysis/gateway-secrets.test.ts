/**
 * istioctl analyze, gateway/secret.go: a Gateway's credentialName must be a Secret in its pods' namespace (IST0101).
 */
import {describe, expect, it} from 'vitest';
import {ingressCluster} from '../support/clusters';
import {istioctlFindings} from '../support/findings';
import {httpsGateway} from '../support/manifests';

const withIngress = {context: ingressCluster};

describe("a Gateway's TLS credentialName, looked up in the cluster", () => {
  it('IST0101 credentialName: the Secret is not in the gateway pods\' namespace', () => {
    expect(istioctlFindings(httpsGateway('a', 'missing-cert'), withIngress)).toEqual([
      {at: '9:41', severity: 'error', code: 'IST0101', message: 'Referenced credentialName not found: "missing-cert"'},
    ]);
    expect(istioctlFindings(httpsGateway('a', 'bookinfo-cert'), withIngress)).toEqual([]);
    expect(istioctlFindings(httpsGateway('a', 'missing-cert'))).toEqual([]);
  });
});
