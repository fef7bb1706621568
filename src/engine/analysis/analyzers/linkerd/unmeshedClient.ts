/**
 * An identity required of clients that only unmeshed workloads could hold. A client proves
 * its ServiceAccount's identity with the mTLS certificate its Linkerd proxy gets; a pod without
 * the proxy connects in plain text and matches no identity (policy-test/tests/
 * e2e_authorization_policy.rs meshtls: the uninjected curl is refused). When every workload of
 * the run running as the required ServiceAccount is unmeshed, the policy meant for them
 * refuses them. Told only where the run knows the namespace's workloads.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {nameRelated, pushTo} from '../../related';
import {linkerdModel, POLICY_GROUP, stringOf, targetsKind, workloadName, type MeshPod} from './model';
import {authenticationRefs} from './servers';

const IDENTITY_SUFFIX = '.serviceaccount.identity.linkerd.cluster.local';

export const unmeshedClientAnalyzer: Analyzer = {
  name: 'linkerd.UnmeshedClientAnalyzer',
  inputs: [{group: POLICY_GROUP, kind: 'AuthorizationPolicy'}, {group: POLICY_GROUP, kind: 'MeshTLSAuthentication'}, {group: '', kind: 'Pod'}, {group: 'apps', kind: 'Deployment'}],
  analyze(ctx) {
    const policies = ctx.resources(POLICY_GROUP, 'AuthorizationPolicy');
    const authentications = ctx.resources(POLICY_GROUP, 'MeshTLSAuthentication');
    if (policies.length === 0 && authentications.length === 0) return;
    const model = linkerdModel(ctx);
    // Only a workload of the run can be the unmeshed client.
    if (model.pods.length === 0) return;
    const byAccount = new Map<string, MeshPod[]>();
    for (const pod of model.pods) pushTo(byAccount, `${pod.resource.namespace}/${pod.serviceAccount}`, pod);
    const check = (resource: AnalysisResource, namespace: string, account: string, path: string) => {
      if (!ctx.knowsWorkloadsIn(namespace)) return;
      const pods = byAccount.get(`${namespace}/${account}`);
      if (!pods || pods.some((pod) => pod.injection !== 'no')) return;
      ctx.report(resource, 'LinkerdIdentityFromUnmeshedClient',
        [resource.kind, `${resource.namespace}/${resource.name}`, `${namespace}/${account}`, nameRelated(pods.map(workloadName), ', ')], {path});
    };
    for (const policy of policies) {
      for (const ref of authenticationRefs(policy)) if (ref.kind === 'ServiceAccount') check(policy, ref.namespace, ref.name, ref.path);
    }
    for (const authn of authentications) {
      const spec = asObject(authn.value.spec) ?? {};
      asArray(spec.identityRefs).forEach((entry, i) => {
        const ref = asObject(entry);
        if (ref && targetsKind(ref, '', 'ServiceAccount')) check(authn, asString(ref.namespace) || authn.namespace, stringOf(ref.name), `/spec/identityRefs/${i}/name`);
      });
      asArray(spec.identities).forEach((identity, i) => {
        if (typeof identity !== 'string' || !identity.endsWith(IDENTITY_SUFFIX)) return;
        const [account, namespace, ...rest] = identity.slice(0, -IDENTITY_SUFFIX.length).split('.');
        if (account && namespace && rest.length === 0 && !account.includes('*')) check(authn, namespace, account, `/spec/identities/${i}`);
      });
    }
  },
};
