/**
 * An AuthorizationPolicy whose target or required authentications do not exist. The API server
 * and Linkerd's webhook accept both; the policy controller then authorizes nothing under the
 * policy (k8s/index/src/inbound/index.rs: client_authzs matches the target by name,
 * policy_client_authz fails with "could not find MeshTLSAuthentication {name} in namespace
 * {ns}" and the policy is ignored), so a typo surfaces as 403s (linkerd/linkerd2#13166).
 */
import {asObject} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext, KindRef} from '../../analyzer';
import {mapUnder} from '../../../model/groups';
import {KINDS} from '../kinds';
import {GATEWAY_GROUP, knowsKind, linkerdModel, POLICY_GROUP, stringOf, targetsKind, type LinkerdModel} from './model';
import {authenticationRefs, missingAuthentications, ROUTE_TARGETS, routeServers} from './servers';

/** authorization_policy.rs target(): the kinds an AuthorizationPolicy may target, each looked up in the policy's namespace. */
const SERVER: KindRef = {group: POLICY_GROUP, kind: 'Server'};
const TARGETS: readonly KindRef[] = [SERVER, ...ROUTE_TARGETS];

export const authorizationPolicyRefsAnalyzer: Analyzer = {
  name: 'linkerd.AuthorizationPolicyRefsAnalyzer',
  inputs: [
    {group: POLICY_GROUP, kind: 'AuthorizationPolicy'}, {group: POLICY_GROUP, kind: 'Server'}, {group: POLICY_GROUP, kind: 'HTTPRoute'},
    {group: GATEWAY_GROUP, kind: 'HTTPRoute'}, {group: GATEWAY_GROUP, kind: 'GRPCRoute'}, {group: POLICY_GROUP, kind: 'MeshTLSAuthentication'},
    {group: POLICY_GROUP, kind: 'NetworkAuthentication'}, {group: '', kind: 'ServiceAccount'}, KINDS.Namespace,
  ],
  analyze(ctx) {
    const policies = ctx.resources(POLICY_GROUP, 'AuthorizationPolicy');
    if (policies.length === 0) return;
    const model = linkerdModel(ctx);
    // Per target kind: namespace → name (Servers by exact name, routes by lower-case name), made when first asked.
    const names = new Map<KindRef, Map<string, Map<string, AnalysisResource>>>();
    const byName = (target: KindRef) => {
      let index = names.get(target);
      if (!index) {
        names.set(target, (index = new Map()));
        for (const r of ctx.resources(target.group, target.kind)) mapUnder(index, r.namespace).set(target === SERVER ? r.name : r.name.toLowerCase(), r);
      }
      return index;
    };
    for (const policy of policies) {
      const target = asObject(asObject(policy.value.spec)?.targetRef);
      const kind = target && TARGETS.find((t) => targetsKind(target, t.group, t.kind));
      if (target && kind) {
        const name = stringOf(target.name);
        // Servers are matched by exact name (client_authzs); routes by group, kind and name without regard to case.
        const found = byName(kind).get(policy.namespace)?.get(kind === SERVER ? name : name.toLowerCase());
        if (!found) {
          if (knowsKind(ctx, kind.group, kind.kind)) {
            ctx.report(policy, 'LinkerdPolicyTargetNotFound', [`${policy.namespace}/${policy.name}`, qualified(kind), name, policy.namespace], {path: '/spec/targetRef/name'});
          }
        } else if (kind !== SERVER) {
          // routes.rs: the route binds to the Servers its parentRefs name; a Server that does not exist never accepts it.
          const parents = routeServers(found);
          const servers = byName(SERVER).get(found.namespace);
          const why = parents.length === 0 ? 'names no Server in its parentRefs'
            : knowsKind(ctx, POLICY_GROUP, 'Server') && !parents.some((server) => servers?.has(server))
              ? `is attached only to Server ${parents.join(', ')}, which does not exist in namespace ${found.namespace}` : undefined;
          if (why) ctx.report(policy, 'LinkerdPolicyRouteWithoutServer', [`${policy.namespace}/${policy.name}`, qualified(kind), found.name, why], {path: '/spec/targetRef/name'});
        }
      } else if (target && targetsKind(target, '', 'Namespace') && knowsKind(ctx, POLICY_GROUP, 'Server') && !model.policies('Server').has(policy.namespace)) {
        // index.rs client_authzs: a namespace target adds the policy to each Server of the namespace, and to nothing else.
        ctx.report(policy, 'LinkerdPolicyNamespaceWithoutServers', [`${policy.namespace}/${policy.name}`, policy.namespace], {path: '/spec/targetRef/name'});
      }
      for (const ref of missingAuthentications(ctx, policy)) {
        ctx.report(policy, 'LinkerdAuthenticationNotFound',
          [`${policy.namespace}/${policy.name}`, ref.kind, ref.name, ref.namespace, ref.kind, ref.name, ref.namespace], {path: ref.path});
      }
      for (const ref of authenticationRefs(policy)) {
        if (ref.kind !== 'ServiceAccount' || !knowsServiceAccountsIn(ctx, model, ref.namespace)) continue;
        if (model.hasServiceAccount(ref.namespace, ref.name)) continue;
        ctx.report(policy, 'LinkerdServiceAccountNotFound',
          ['AuthorizationPolicy', `${policy.namespace}/${policy.name}`, ref.name, ref.namespace, serviceAccountIdentity(ref.namespace, ref.name)], {path: ref.path});
      }
    }
  },
};

/** `Kind.group`, as the messages name a target kind. */
const qualified = ({group, kind}: KindRef) => `${kind}.${group}`;

/** Whether "no such ServiceAccount" means anything: the run knows ServiceAccounts and holds that namespace. */
export function knowsServiceAccountsIn(ctx: AnalyzerContext, model: LinkerdModel, namespace: string): boolean {
  return model.knownNamespaces.has(namespace) && (ctx.closedWorld || ctx.knows('ServiceAccount'));
}

/**
 * ClusterInfo::service_account_identity with the default install (identity trust domain
 * cluster.local, control plane namespace linkerd).
 */
export const serviceAccountIdentity = (namespace: string, name: string) => `${name}.${namespace}.serviceaccount.identity.linkerd.cluster.local`;
