/**
 * linkerd.UnmeshedClientAnalyzer: an identity required of clients that only unmeshed workloads
 * could hold. Without a proxy a client has no mTLS identity (policy-test/tests/
 * e2e_authorization_policy.rs meshtls: the uninjected curl is refused).
 */
import {describe, expect, it} from 'vitest';
import {findings} from '../support/findings';

const ours = (text: string, options = {}) => findings(text, options).filter((f) => f.code === 'linkerd-identity-from-unmeshed-client');

const cluster = (frontendAnnotations: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: frontend, namespace: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}, annotations: ${frontendAnnotations}}
    spec: {serviceAccountName: frontend, containers: [{name: app, image: app}]}
`;
const policy = `apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata:
  name: allow-frontend
  namespace: shop
spec:
  targetRef: {kind: Namespace, name: shop}
  requiredAuthenticationRefs:
  - {kind: ServiceAccount, name: frontend}
`;
const authn = `apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata: {name: frontend, namespace: shop}
spec:
  identityRefs: [{kind: ServiceAccount, name: frontend}]
  identities: [frontend.shop.serviceaccount.identity.linkerd.cluster.local]
`;

describe('an identity only unmeshed workloads run as', () => {
  it('warns at an AuthorizationPolicy\'s ServiceAccount ref', () => {
    expect(ours(policy, {context: cluster('{}')})).toEqual([expect.objectContaining({
      at: '9:34', severity: 'warning',
      message: 'AuthorizationPolicy shop/allow-frontend requires the identity of ServiceAccount shop/frontend, but every workload running as it (Deployment shop/frontend) is unmeshed: ' +
        'without a Linkerd proxy they present no mTLS identity, so their requests are refused (HTTP 403). Mesh them (linkerd.io/inject: enabled)',
    })]);
  });

  it('warns at a MeshTLSAuthentication\'s identityRefs and identities', () => {
    expect(ours(authn, {context: cluster('{linkerd.io/inject: disabled}')}).map((f) => f.at)).toEqual(['5:47', '6:16']);
  });

  it('is satisfied once a workload running as it is meshed', () => {
    expect(ours(policy, {context: cluster('{linkerd.io/inject: enabled}')})).toEqual([]);
  });

  it('says nothing of a ServiceAccount no known workload runs as', () => {
    expect(ours(policy.replace('name: frontend}', 'name: batch}'), {context: cluster('{}')})).toEqual([]);
  });

  it('says nothing where the run does not know the namespace\'s workloads', () => {
    expect(ours(policy)).toEqual([]);
  });
});
