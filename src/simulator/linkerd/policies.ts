/**
 * The authorizations that apply to a Server and to each of its routes
 * (policy-controller/k8s/index/src/inbound/index.rs PolicyIndex::client_authzs,
 * route_client_authzs): ServerAuthorizations selecting the Server by name or labels,
 * AuthorizationPolicies of its namespace targeting it or the Namespace, and the Server's
 * `accessPolicy`; a route adds the AuthorizationPolicies targeting that route. The proxy checks
 * a route's own authorizations, then the Server's (linkerd2-proxy server-policy authz.rs
 * mk_authorizations chains the server's after the route's).
 */
import {asObject, asString} from '../../engine/istio/access';
import {stringLabels} from '../../engine/model/labels';
import type {TraceStep} from '../decision';
import {locate, type World, type WorldResource} from '../world';
import {refTargets, resolvePolicy, resolveServerAuthorization, type PolicyAuthorization, type Resolved} from './authentications';
import type {Authorization} from './authorization';
import type {ClusterInfo} from './cluster-info';
import {defaultAuthorizations} from './defaults';
import type {InboundRoute} from './routes';
import {selectorMatches} from './selector';
import type {SelectedServer} from './servers';

export interface ExplainedAuthorization extends Authorization {
  authentications: string[];
}

function policyAuthorization(world: World, policy: WorldResource, resolved: Resolved<PolicyAuthorization>, trace: TraceStep[]): ExplainedAuthorization | undefined {
  if ('error' in resolved) {
    trace.push({message: `${policy.kind} ${policy.namespace}/${policy.name} is ignored by the policy controller (${resolved.error}): it authorizes nobody`, at: policy.at});
    return undefined;
  }
  return {ref: {kind: policy.kind as 'AuthorizationPolicy' | 'ServerAuthorization', name: policy.name, namespace: policy.namespace, at: policy.at}, ...resolved.ok};
}

/** index.rs client_authzs: what the Server itself authorizes. */
export function serverAuthorizations(world: World, selected: SelectedServer, cluster: ClusterInfo, trace: TraceStep[]): ExplainedAuthorization[] {
  const server = selected.resource;
  const out: ExplainedAuthorization[] = [];
  for (const saz of world.ofKind('policy.linkerd.io', 'ServerAuthorization')) {
    if (saz.namespace !== server.namespace) continue;
    const target = asObject(saz.spec.server) ?? {};
    const name = asString(target.name);
    // server_authorization.rs ServerSelector: by name when given, else by the Server's labels.
    const selects = name !== undefined ? name === server.name : selectorMatches(target.selector, stringLabels(server.metadata.labels));
    if (!selects) continue;
    const authz = policyAuthorization(world, saz, resolveServerAuthorization(saz, cluster), trace);
    if (authz) out.push(authz);
  }
  for (const policy of world.ofKind('policy.linkerd.io', 'AuthorizationPolicy')) {
    if (policy.namespace !== server.namespace) continue;
    const target = asObject(policy.spec.targetRef) ?? {};
    const targetsServer = refTargets(target, 'policy.linkerd.io', 'Server') && asString(target.name) === server.name;
    if (!targetsServer && !refTargets(target, '', 'Namespace')) continue;
    const authz = policyAuthorization(world, policy, resolvePolicy(world, policy, cluster), trace);
    if (authz) out.push(authz);
  }
  if (selected.accessPolicy) {
    for (const authz of defaultAuthorizations(selected.accessPolicy, cluster)) out.push({...authz, ref: {...authz.ref, at: locate(server, 'spec', 'accessPolicy')}, authentications: []});
  }
  return out;
}

/** index.rs route_client_authzs: AuthorizationPolicies whose targetRef is this route (group, kind and name, case-insensitively). */
export function routeAuthorizations(world: World, route: InboundRoute, cluster: ClusterInfo, trace: TraceStep[]): ExplainedAuthorization[] {
  const out: ExplainedAuthorization[] = [];
  for (const policy of world.ofKind('policy.linkerd.io', 'AuthorizationPolicy')) {
    if (policy.namespace !== route.resource.namespace) continue;
    const target = asObject(policy.spec.targetRef) ?? {};
    if (!refTargets(target, route.group, route.kind) || (asString(target.name) ?? '').toLowerCase() !== route.resource.name.toLowerCase()) continue;
    const authz = policyAuthorization(world, policy, resolvePolicy(world, policy, cluster), trace);
    if (authz) out.push(authz);
  }
  return out;
}
