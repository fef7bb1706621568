/**
 * A Server that no policy lets any client through. Once a Server selects a pod's port, that
 * port takes the Server's authorizations instead of the default inbound policy: the
 * ServerAuthorizations selecting it, the AuthorizationPolicies targeting it or its namespace,
 * and its accessPolicy's (index.rs PolicyIndex::client_authzs), plus those of policies on routes
 * attached to it (http_routes, route_client_authzs). accessPolicy defaults to `deny` (the
 * v1beta3 CRD), which authorizes nobody (defaults.rs default_authzs): with nothing else, every
 * request is refused. Told where the run knows the policies (a closed world, or the input brings
 * AuthorizationPolicies or ServerAuthorizations).
 */
import {asObject, asString} from '../../../istio/access';
import type {Analyzer} from '../../analyzer';
import {nameRelated} from '../../related';
import {linkerdModel, POLICY_GROUP} from './model';
import {describeSelector} from './selector';
import {serverAuthorization, serverOf} from './servers';

export const serverDeniesAllAnalyzer: Analyzer = {
  name: 'linkerd.ServerDeniesAllAnalyzer',
  inputs: [
    {group: POLICY_GROUP, kind: 'Server'}, {group: POLICY_GROUP, kind: 'AuthorizationPolicy'}, {group: POLICY_GROUP, kind: 'ServerAuthorization'},
    {group: POLICY_GROUP, kind: 'HTTPRoute'}, {group: 'gateway.networking.k8s.io', kind: 'HTTPRoute'}, {group: 'gateway.networking.k8s.io', kind: 'GRPCRoute'},
  ],
  analyze(ctx) {
    const servers = ctx.resources(POLICY_GROUP, 'Server');
    if (servers.length === 0) return;
    if (!ctx.closedWorld && !ctx.knows('AuthorizationPolicy') && !ctx.knows('ServerAuthorization')) return;
    const model = linkerdModel(ctx);
    for (const resource of servers) {
      const server = serverOf(resource);
      const spec = asObject(resource.value.spec) ?? {};
      // A Server that selects nothing is linkerd.ServerSelectorAnalyzer's to tell.
      if (server.selectsPod && ctx.knowsWorkloadsIn(resource.namespace) && model.podsSelectedBy(resource.namespace, spec.podSelector, server.selectsPod).length === 0) continue;
      const {authorized, ignored} = serverAuthorization(ctx, server);
      if (authorized) continue;
      const accessPolicy = asString(spec.accessPolicy);
      const selector = describeSelector(server.selectsPod ? spec.podSelector : spec.externalWorkloadSelector);
      const because = ignored.length === 0 ? '' : ` (the policy controller ignores AuthorizationPolicy ${nameRelated(ignored.map((p) => p.name), ', ')}: an authentication it requires does not exist)`;
      ctx.report(resource, 'LinkerdServerDeniesAll', [`${resource.namespace}/${resource.name}`, server.port ?? '(none)', selector, accessPolicy ?? 'deny (the default)', because, resource.name],
        {path: accessPolicy !== undefined ? '/spec/accessPolicy' : '/metadata/name'});
    }
  },
};
