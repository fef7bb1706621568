/**
 * Linkerd 2.20's kinds as the CRDs of `linkerd install --crds` declare them (names, short
 * names, served versions, newest first; every one namespaced). The schemas are the generated
 * catalog's (scripts/schemas/sources.ts), which a test keeps in step with this list. A lab of
 * its policy kinds offers the request panel: they decide whether a client's request is allowed.
 */
import type {FamilyKinds, KindSpec} from '../types';

function kinds(group: string, specs: ReadonlyArray<Omit<KindSpec, 'group' | 'namespaced'>>): KindSpec[] {
  return specs.map((spec) => ({group, namespaced: true, ...spec}));
}

export const linkerdKinds: FamilyKinds = {
  name: 'linkerd',
  title: 'Linkerd',
  judgedAs: 'Linkerd 2.20',
  groups: ['policy.linkerd.io', 'linkerd.io', 'workload.linkerd.io'],
  groupDomain: 'linkerd.io',
  labs: true,
  kinds: [
    ...kinds('policy.linkerd.io', [
      {kind: 'Server', versions: ['v1beta3', 'v1beta2', 'v1beta1', 'v1alpha1'], plural: 'servers', shortNames: ['srv'], routesRequests: true},
      {kind: 'ServerAuthorization', versions: ['v1beta1', 'v1alpha1'], plural: 'serverauthorizations', shortNames: ['saz', 'serverauthz', 'srvauthz'], routesRequests: true},
      {kind: 'AuthorizationPolicy', versions: ['v1alpha1'], plural: 'authorizationpolicies', shortNames: ['authzpolicy'], routesRequests: true},
      {kind: 'MeshTLSAuthentication', versions: ['v1alpha1'], plural: 'meshtlsauthentications', shortNames: ['meshtlsauthn'], routesRequests: true},
      {kind: 'NetworkAuthentication', versions: ['v1alpha1'], plural: 'networkauthentications', shortNames: ['netauthn', 'networkauthn'], routesRequests: true},
      {kind: 'HTTPRoute', versions: ['v1beta3', 'v1beta2', 'v1beta1', 'v1alpha1'], plural: 'httproutes', routesRequests: true},
      {kind: 'HTTPLocalRateLimitPolicy', versions: ['v1alpha1'], plural: 'httplocalratelimitpolicies'},
      {kind: 'EgressNetwork', versions: ['v1alpha1'], plural: 'egressnetworks', routesRequests: true},
    ]),
    ...kinds('linkerd.io', [{kind: 'ServiceProfile', versions: ['v1alpha2', 'v1alpha1'], plural: 'serviceprofiles', shortNames: ['sp']}]),
    ...kinds('workload.linkerd.io', [{kind: 'ExternalWorkload', versions: ['v1beta1', 'v1alpha1'], plural: 'externalworkloads'}]),
  ],
};
