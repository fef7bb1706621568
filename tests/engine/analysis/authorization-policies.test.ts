/**
 * istioctl analyze, authz/authorizationpolicies.go: an AuthorizationPolicy's source namespaces must exist (IST0101),
 * and a selector-less policy must have pods to apply to (IST0127).
 */
import {describe, expect, it} from 'vitest';
import {bookinfoCluster, ingressCluster} from '../support/clusters';
import {findings, istioctlFindings} from '../support/findings';

const withBookinfo = {context: bookinfoCluster};
const withIngress = {context: ingressCluster};

describe('an AuthorizationPolicy source namespace, looked up in the cluster', () => {
  it('reports a from.source namespace that does not exist (IST0101 "namespace")', () => {
    // authz analyzer analyzeNamespaceNotFound
    const text = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: allow\n  namespace: default\nspec:\n  rules:\n  - from:\n    - source: {namespaces: [shop, shopp]}\n';
    expect(findings(text, withBookinfo)).toEqual([{
      at: '9:35', severity: 'error', code: 'IST0101', message: 'Referenced namespace not found: "shopp"',
    }]);
  });
});

describe('a namespace-wide AuthorizationPolicy where no pods run (IST0127)', () => {
  const policy = (namespace: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-all, namespace: ${namespace}}
spec: {}
`;
  it('warns about a namespace-wide policy in a namespace without pods', () => {
    expect(istioctlFindings(policy('empty'), {context: `${ingressCluster}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n`})).toEqual([
      {at: '3:18', severity: 'warning', code: 'IST0127', message: 'No matching workloads for this resource with the following labels: '},
    ]);
  });
  it('is silent where pods run, in the root namespace and without context', () => {
    expect(istioctlFindings(policy('default'), withIngress)).toEqual([]);
    expect(istioctlFindings(policy('istio-system'), {context: `apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}\n`})).toEqual([]);
    expect(istioctlFindings(policy('empty'))).toEqual([]);
  });
});
