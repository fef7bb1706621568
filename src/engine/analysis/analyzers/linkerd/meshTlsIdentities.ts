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
    for (const authn of authentications) {
      const spec = asObject(authn.value.spec) ?? {};
      const name = `${authn.namespace}/${authn.name}`;
      const checkAccount = (namespace: string, account: string, path: string) => {
        if (!knowsServiceAccountsIn(ctx, model, namespace) || model.serviceAccounts.has(`${namespace}/${account}`)) return;
        ctx.report(authn, 'LinkerdServiceAccountNotFound', ['MeshTLSAuthentication', name, account, namespace, serviceAccountIdentity(namespace, account)], {path});
      };
      const checkNamespace = (namespace: string, path: string) => {
        if (!knowsNamespaces || model.knownNamespaces.has(namespace)) return;
        ctx.report(authn, 'LinkerdIdentityNamespaceNotFound', [name, namespace, `*.${namespace}${IDENTITY_SUFFIX}`], {path});
      };
      asArray(spec.identityRefs).forEach((entry, i) => {
        const ref = asObject(entry);
        if (!ref) return;
        const path = `/spec/identityRefs/${i}/name`;
        if (targetsKind(ref, '', 'ServiceAccount')) checkAccount(asString(ref.namespace) || authn.namespace, stringOf(ref.name), path);
        else if (targetsKind(ref, '', 'Namespace')) checkNamespace(stringOf(ref.name), path);
      });
      asArray(spec.identities).forEach((identity, i) => {
        if (typeof identity !== 'string' || !identity.endsWith(IDENTITY_SUFFIX)) return;
        const parts = identity.slice(0, -IDENTITY_SUFFIX.length).split('.');
        if (parts.length !== 2 || !parts[1]) return;
        if (parts[0] === '*') checkNamespace(parts[1], `/spec/identities/${i}`);
        else if (parts[0] && !parts[0].includes('*')) checkAccount(parts[1], parts[0], `/spec/identities/${i}`);
      });
    }
  },
};
