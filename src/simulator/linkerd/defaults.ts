/**
 * Default inbound policies (policy-controller/k8s/index/src/defaults.rs DefaultPolicy): what a
 * port without a Server allows, and what a Server's `accessPolicy` adds to its authorizations.
 *
 * | value | authentication | networks |
 * | --- | --- | --- |
 * | all-unauthenticated | none | 0.0.0.0/0, ::/0 |
 * | all-authenticated | any mesh identity (`*`) | 0.0.0.0/0, ::/0 |
 * | cluster-unauthenticated | none | the cluster networks |
 * | cluster-authenticated | any mesh identity | the cluster networks |
 * | audit | none, every request logged (authz `audit`) | 0.0.0.0/0, ::/0 |
 * | deny | no authorization at all | |
 */
import type {Authorization} from './authorization';
import type {ClusterInfo} from './cluster-info';
import {parseNet} from './networks';
import type {DefaultPolicy} from './policy-names';

export {DEFAULT_POLICIES, parseDefaultPolicy, type DefaultPolicy} from './policy-names';

const ALL_NETWORKS = [parseNet('0.0.0.0/0')!, parseNet('::/0')!];

/**
 * DefaultPolicy::default_authzs. `requireIdentity` is a port listed in
 * `config.linkerd.io/proxy-require-identity-inbound-ports`: an allowing default then requires
 * an identity (PolicyIndex::default_inbound_server's `authenticated_only`).
 */
export function defaultAuthorizations(written: DefaultPolicy, cluster: ClusterInfo, requireIdentity = false): Authorization[] {
  const policy = requireIdentity ? requiringIdentity(written) : written;
  if (policy === 'deny') return [];
  const authenticated = policy === 'all-authenticated' || policy === 'cluster-authenticated';
  const clusterOnly = policy === 'cluster-authenticated' || policy === 'cluster-unauthenticated';
  return [{
    ref: {kind: 'default', name: policy},
    authz: {
      authentication: authenticated ? {kind: 'tls-authenticated', identities: [{suffix: []}]} : {kind: 'unauthenticated'},
      networks: (clusterOnly ? cluster.networks : ALL_NETWORKS).map((net) => ({net, except: []})),
    },
  }];
}

/** An allowing default with `authenticated_only` set; `deny` and `audit` stay as they are. */
export function requiringIdentity(policy: DefaultPolicy): DefaultPolicy {
  if (policy === 'all-unauthenticated') return 'all-authenticated';
  if (policy === 'cluster-unauthenticated') return 'cluster-authenticated';
  return policy;
}
