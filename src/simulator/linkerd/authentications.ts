/**
 * What an AuthorizationPolicy or a ServerAuthorization allows, resolved against the
 * authentications it names (policy-controller/k8s/index/src/inbound/index.rs
 * PolicyIndex::policy_client_authz, meshtls_authentication.rs, network_authentication.rs,
 * server_authorization.rs). A policy that cannot be resolved is ignored by the controller
 * ("Illegal AuthorizationPolicy; ignoring"): it authorizes nobody.
 */
import {asArray, asObject, asString, type Obj} from '../../engine/istio/access';
import {linkerdTargetsKind} from '../../engine/model/service-reference';
import type {World, WorldResource} from '../world';
import type {ClientAuthorization} from './authorization';
import {namespaceIdentity, serviceAccountIdentity, type ClusterInfo} from './cluster-info';
import {parseIdentityMatch, type IdentityMatch} from './identity';
import {parseNet, type NetworkMatch} from './networks';

/** Whether a reference names group/kind, as Linkerd's policy.rs targets_kind reads it (model/service-reference.ts). */
export const refTargets = (ref: Obj, group: string, kind: string) => linkerdTargetsKind(asString(ref.group), asString(ref.kind) ?? '', {group, kind});

export type Resolved<T> = {ok: T} | {error: string};

function networkMatchesOf(networks: unknown): Resolved<NetworkMatch[]> {
  const out: NetworkMatch[] = [];
  for (const item of asArray(networks).map(asObject)) {
    const cidr = asString(item?.cidr) ?? '';
    const net = parseNet(cidr);
    if (!net) return {error: `invalid network ${JSON.stringify(cidr)}`};
    const except = [];
    for (const text of asArray(item?.except)) {
      const e = typeof text === 'string' ? parseNet(text) : undefined;
      if (!e) return {error: `invalid network ${JSON.stringify(text)}`};
      except.push(e);
    }
    out.push({net, except});
  }
  return {ok: out};
}

/** meshtls_authentication.rs Spec::try_from_resource: identities, then identityRefs (ServiceAccount, Namespace). */
export function meshTlsIdentities(resource: WorldResource, cluster: ClusterInfo): Resolved<IdentityMatch[]> {
  const matches: IdentityMatch[] = asArray(resource.spec.identities).filter((i): i is string => typeof i === 'string').map(parseIdentityMatch);
  for (const ref of asArray(resource.spec.identityRefs).map((r) => asObject(r) ?? {})) {
    const name = asString(ref.name) ?? '';
    if (refTargets(ref, '', 'ServiceAccount')) matches.push({exact: serviceAccountIdentity(cluster, asString(ref.namespace) ?? resource.namespace, name)});
    else if (refTargets(ref, '', 'Namespace')) matches.push(parseIdentityMatch(namespaceIdentity(cluster, name)));
    else return {error: `unsupported target type: ${asString(ref.kind)}`};
  }
  return matches.length ? {ok: matches} : {error: 'No identities configured'};
}

function find(world: World, kind: string, namespace: string, name: string): WorldResource | undefined {
  return world.ofKind('policy.linkerd.io', kind).find((r) => r.namespace === namespace && r.name === name);
}

export interface PolicyAuthorization {
  authz: ClientAuthorization;
  /** The authentications that made it, for the answer: `MeshTLSAuthentication ns/name`, … */
  authentications: string[];
}

/**
 * authorization_policy.rs authentication_ref then index.rs policy_client_authz: at most one
 * MeshTLSAuthentication or ServiceAccount (the identities), at most one NetworkAuthentication
 * (the networks; without one, every address). A missing authentication, or a reference of
 * another kind, makes the whole policy illegal.
 */
export function resolvePolicy(world: World, policy: WorldResource, cluster: ClusterInfo): Resolved<PolicyAuthorization> {
  let identities: IdentityMatch[] | undefined;
  let networks: NetworkMatch[] | undefined;
  const authentications: string[] = [];
  for (const ref of asArray(policy.spec.requiredAuthenticationRefs).map((r) => asObject(r) ?? {})) {
    const namespace = asString(ref.namespace) ?? policy.namespace;
    const name = asString(ref.name) ?? '';
    if (refTargets(ref, 'policy.linkerd.io', 'MeshTLSAuthentication')) {
      const authn = find(world, 'MeshTLSAuthentication', namespace, name);
      const ids = authn && meshTlsIdentities(authn, cluster);
      if (!ids || 'error' in ids) return {error: `could not find MeshTLSAuthentication ${name} in namespace ${namespace}`};
      if (identities) return {error: 'policy must not include multiple MeshTLSAuthentications'};
      identities = ids.ok;
      authentications.push(`MeshTLSAuthentication ${namespace}/${name}`);
    } else if (refTargets(ref, '', 'ServiceAccount')) {
      if (identities) return {error: 'policy must not include multiple ServiceAccounts'};
      identities = [{exact: serviceAccountIdentity(cluster, namespace, name)}];
      authentications.push(`ServiceAccount ${namespace}/${name}`);
    } else if (refTargets(ref, 'policy.linkerd.io', 'NetworkAuthentication')) {
      const authn = find(world, 'NetworkAuthentication', namespace, name);
      const nets = authn && networkMatchesOf(authn.spec.networks);
      if (!nets || 'error' in nets || nets.ok.length === 0) return {error: `could not find NetworkAuthentication ${name} in namespace ${namespace}`};
      if (networks) return {error: 'policy must not include multiple NetworkAuthentications'};
      networks = nets.ok;
      authentications.push(`NetworkAuthentication ${namespace}/${name}`);
    } else {
      return {error: `unsupported authentication target: ${asString(ref.kind)}`};
    }
  }
  return {ok: {
    authz: {
      authentication: identities ? {kind: 'tls-authenticated', identities} : {kind: 'unauthenticated'},
      networks: networks ?? [{net: parseNet('0.0.0.0/0')!, except: []}, {net: parseNet('::/0')!, except: []}],
    },
    authentications,
  }};
}

/**
 * server_authorization.rs client_authz: `unauthenticated`, or `meshTLS` (`unauthenticatedTLS`,
 * identities, serviceAccounts). Without `networks` the controller sends the cluster networks
 * (policy-controller/grpc/src/inbound.rs to_authz: an empty list becomes `cluster_networks`).
 */
export function resolveServerAuthorization(saz: WorldResource, cluster: ClusterInfo): Resolved<PolicyAuthorization> {
  const client = asObject(saz.spec.client) ?? {};
  const nets = networkMatchesOf(client.networks);
  if ('error' in nets) return nets;
  const networks = nets.ok.length ? nets.ok : cluster.networks.map((net) => ({net, except: []}));
  if (client.unauthenticated === true) return {ok: {authz: {authentication: {kind: 'unauthenticated'}, networks}, authentications: ['unauthenticated clients']}};
  const mtls = asObject(client.meshTLS);
  if (!mtls) return {error: 'no client authentication configured'};
  if (mtls.unauthenticatedTLS === true) return {ok: {authz: {authentication: {kind: 'tls-unauthenticated'}, networks}, authentications: ['any meshed client (unauthenticatedTLS)']}};
  const identities: IdentityMatch[] = asArray(mtls.identities).filter((i): i is string => typeof i === 'string').map(parseIdentityMatch);
  for (const sa of asArray(mtls.serviceAccounts).map((s) => asObject(s) ?? {})) {
    identities.push({exact: serviceAccountIdentity(cluster, asString(sa.namespace) ?? saz.namespace, asString(sa.name) ?? '')});
  }
  if (identities.length === 0) return {error: 'authorization authorizes no clients'};
  return {ok: {authz: {authentication: {kind: 'tls-authenticated', identities}, networks}, authentications: ['meshTLS identities']}};
}
