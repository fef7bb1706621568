/**
 * MeshTLSAuthentication identities no workload can ever present. The policy controller turns
 * an identityRef to a ServiceAccount into the exact identity
 * `<sa>.<ns>.serviceaccount.identity.<control plane ns>.<trust domain>` (the ref's namespace
 * defaulting to the authentication's), and one to a Namespace into `*.<ns>.serviceaccount...`
 * (meshtls_authentication.rs try_from_resource, cluster_info.rs). A ServiceAccount or
 * Namespace that does not exist makes that identity unmatchable; `identities` written out in
 * the default install's form (trust domain cluster.local, control plane in `linkerd`) are read
 * the same way.
 */
import {asArray, asObject, asString} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {knowsServiceAccountsIn, serviceAccountIdentity} from './authorizationPolicyRefs';
import {linkerdModel, POLICY_GROUP, stringOf, targetsKind} from './model';

const IDENTITY_SUFFIX = '.serviceaccount.identity.linkerd.cluster.local';

export const meshTlsIdentitiesAnalyzer: Analyzer = {
  name: 'linkerd.MeshTLSIdentitiesAnalyzer',
  inputs: [{group: POLICY_GROUP, kind: 'MeshTLSAuthentication'}, {group: '', kind: 'ServiceAccount'}, {group: '', kind: 'Namespace'}],
  analyze(ctx) {
    const authentications = ctx.resources(POLICY_GROUP, 'MeshTLSAuthentication');
    if (authentications.length === 0) return;
    const model = linkerdModel(ctx);
    const knowsNamespaces = ctx.closedWorld || ctx.knows('Namespace');
    const checkAccount = (authn: AnalysisResource, namespace: string, account: string, path: string) => {
      if (!knowsServiceAccountsIn(ctx, model, namespace) || model.hasServiceAccount(namespace, account)) return;
      ctx.report(authn, 'LinkerdServiceAccountNotFound', ['MeshTLSAuthentication', `${authn.namespace}/${authn.name}`, account, namespace, serviceAccountIdentity(namespace, account)], {path});
    };
    const checkNamespace = (authn: AnalysisResource, namespace: string, path: string) => {
      if (!knowsNamespaces || model.knownNamespaces.has(namespace)) return;
      ctx.report(authn, 'LinkerdIdentityNamespaceNotFound', [`${authn.namespace}/${authn.name}`, namespace, `*.${namespace}${IDENTITY_SUFFIX}`], {path});
    };
    for (const authn of authentications) {
      const spec = asObject(authn.value.spec) ?? {};
      const refs = asArray(spec.identityRefs);
      for (let i = 0; i < refs.length; i++) {
        const ref = asObject(refs[i]);
        if (!ref) continue;
        if (targetsKind(ref, '', 'ServiceAccount')) checkAccount(authn, asString(ref.namespace) || authn.namespace, stringOf(ref.name), `/spec/identityRefs/${i}/name`);
        else if (targetsKind(ref, '', 'Namespace')) checkNamespace(authn, stringOf(ref.name), `/spec/identityRefs/${i}/name`);
      }
      const identities = asArray(spec.identities);
      for (let i = 0; i < identities.length; i++) {
        const identity = identities[i];
        if (typeof identity !== 'string' || !identity.endsWith(IDENTITY_SUFFIX)) continue;
        const parts = identity.slice(0, -IDENTITY_SUFFIX.length).split('.');
        if (parts.length !== 2 || !parts[1]) continue;
        if (parts[0] === '*') checkNamespace(authn, parts[1], `/spec/identities/${i}`);
        else if (parts[0] && !parts[0].includes('*')) checkAccount(authn, parts[1], parts[0], `/spec/identities/${i}`);
      }
    }
  },
};
