/**
 * istioctl analyze, gateway/secret.go: a Gateway's credentialName must be a Secret in its pods' namespace (IST0101).
 */
import {describe, expect, it} from 'vitest';
import {ingressCluster} from '../support/clusters';
import {istioctlFindings} from '../support/findings';

const withIngress = {context: ingressCluster};
const gateway = (name: string, credential: string, selector = '{istio: ingressgateway}') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: ${selector}
  servers:
  - port: {number: 8443, name: https, protocol: HTTPS}
    hosts: [${name}.example.com]
    tls: {mode: SIMPLE, credentialName: ${credential}}
`;

describe("a Gateway's TLS credentialName, looked up in the cluster", () => {

  it('IST0101 credentialName: the Secret is not in the gateway pods\' namespace', () => {
    expect(istioctlFindings(gateway('a', 'missing-cert'), withIngress)).toEqual([
      {at: '9:41', severity: 'error', code: 'IST0101', message: 'Referenced credentialName not found: "missing-cert"'},
    ]);
    expect(istioctlFindings(gateway('a', 'bookinfo-cert'), withIngress)).toEqual([]);
    expect(istioctlFindings(gateway('a', 'missing-cert'))).toEqual([]);
  });
});
