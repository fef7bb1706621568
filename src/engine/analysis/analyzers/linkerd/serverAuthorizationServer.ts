/**
 * A ServerAuthorization (deprecated) that selects no Server of its namespace, or names client
 * service accounts that do not exist. The policy controller applies it to the Servers its
 * `server.name` names, or else those its `server.selector` matches by label (an absent selector
 * matches every Server: server_authorization.rs ServerSelector::selects); the service accounts
 * of `client.meshTLS.serviceAccounts` default to its namespace (client_mtls_authn).
 */
import {asArray, asObject, asString} from '../../../istio/access';
import {stringLabels} from '../../../model/labels';
import type {Analyzer} from '../../analyzer';
import {knowsServiceAccountsIn, serviceAccountIdentity} from './authorizationPolicyRefs';
import {knowsKind, linkerdModel, POLICY_GROUP, stringOf} from './model';
import {describeSelector, linkerdSelector} from './selector';

export const serverAuthorizationServerAnalyzer: Analyzer = {
  name: 'linkerd.ServerAuthorizationServerAnalyzer',
  inputs: [{group: POLICY_GROUP, kind: 'ServerAuthorization'}, {group: POLICY_GROUP, kind: 'Server'}, {group: '', kind: 'ServiceAccount'}],
  analyze(ctx) {
    const authorizations = ctx.resources(POLICY_GROUP, 'ServerAuthorization');
    if (authorizations.length === 0) return;
    const model = linkerdModel(ctx);
    const servers = model.policies('Server');
    const knowsServers = knowsKind(ctx, POLICY_GROUP, 'Server');
    for (const saz of authorizations) {
      const spec = asObject(saz.value.spec) ?? {};
      const server = asObject(spec.server) ?? {};
      const inNamespace = servers.get(saz.namespace) ?? [];
      const name = asString(server.name);
      if (knowsServers) {
        if (name !== undefined) {
          if (!inNamespace.some((s) => s.name === name)) {
            ctx.report(saz, 'LinkerdServerAuthorizationSelectsNoServer', [`${saz.namespace}/${saz.name}`, saz.namespace, `name ${name}`], {path: '/spec/server/name'});
          }
        } else {
          const matches = linkerdSelector(server.selector);
          if (!inNamespace.some((s) => matches(stringLabels(asObject(s.value.metadata)?.labels)))) {
            ctx.report(saz, 'LinkerdServerAuthorizationSelectsNoServer', [`${saz.namespace}/${saz.name}`, saz.namespace, `selector ${describeSelector(server.selector)}`],
              {path: server.selector === undefined ? '/spec/server' : '/spec/server/selector', at: 'key'});
          }
        }
      }
      const accounts = asArray(asObject(asObject(spec.client)?.meshTLS)?.serviceAccounts);
      accounts.forEach((entry, i) => {
        const account = asObject(entry) ?? {};
        const namespace = asString(account.namespace) || saz.namespace;
        const accountName = stringOf(account.name);
        if (!knowsServiceAccountsIn(ctx, model, namespace) || model.hasServiceAccount(namespace, accountName)) return;
        ctx.report(saz, 'LinkerdServiceAccountNotFound', ['ServerAuthorization', `${saz.namespace}/${saz.name}`, accountName, namespace, serviceAccountIdentity(namespace, accountName)],
          {path: `/spec/client/meshTLS/serviceAccounts/${i}/name`});
      });
    }
  },
};
