/**
 * Istio 1.30's kinds as its CRDs declare them (manifests/charts/base/files/crd-all.gen.yaml:
 * names, short names, served versions; every one namespaced). The schemas themselves are the
 * generated catalog's (src/engine/generated), which a test keeps in step with this list.
 */
import type {FamilyKinds, KindSpec} from '../types';

function kinds(group: string, specs: ReadonlyArray<Omit<KindSpec, 'group' | 'namespaced'>>): KindSpec[] {
  return specs.map((spec) => ({group, namespaced: true, ...spec}));
}

const V1_FAMILY = ['v1', 'v1alpha3', 'v1beta1'];

export const istioKinds: FamilyKinds = {
  name: 'istio',
  title: 'Istio',
  judgedAs: 'Istio 1.30',
  groups: ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
  groupDomain: 'istio.io',
  labs: true,
  kinds: [
    ...kinds('networking.istio.io', [
      {kind: 'VirtualService', versions: V1_FAMILY, plural: 'virtualservices', shortNames: ['vs'], routesRequests: true},
      {kind: 'DestinationRule', versions: V1_FAMILY, plural: 'destinationrules', shortNames: ['dr']},
      {kind: 'Gateway', versions: V1_FAMILY, plural: 'gateways', shortNames: ['gw']},
      {kind: 'ServiceEntry', versions: V1_FAMILY, plural: 'serviceentries', shortNames: ['se'], routesRequests: true},
      {kind: 'Sidecar', versions: V1_FAMILY, plural: 'sidecars', routesRequests: true},
      {kind: 'WorkloadEntry', versions: V1_FAMILY, plural: 'workloadentries', shortNames: ['we']},
      {kind: 'WorkloadGroup', versions: V1_FAMILY, plural: 'workloadgroups', shortNames: ['wg']},
      {kind: 'EnvoyFilter', versions: ['v1alpha3'], plural: 'envoyfilters'},
      {kind: 'ProxyConfig', versions: ['v1beta1'], plural: 'proxyconfigs'},
    ]),
    ...kinds('security.istio.io', [
      {kind: 'PeerAuthentication', versions: ['v1', 'v1beta1'], plural: 'peerauthentications', shortNames: ['pa']},
      {kind: 'AuthorizationPolicy', versions: ['v1', 'v1beta1'], plural: 'authorizationpolicies', shortNames: ['ap'], routesRequests: true},
      {kind: 'RequestAuthentication', versions: ['v1', 'v1beta1'], plural: 'requestauthentications', shortNames: ['ra'], routesRequests: true},
    ]),
    ...kinds('telemetry.istio.io', [{kind: 'Telemetry', versions: ['v1', 'v1alpha1'], plural: 'telemetries', shortNames: ['telemetry']}]),
    ...kinds('extensions.istio.io', [
      {kind: 'WasmPlugin', versions: ['v1alpha1'], plural: 'wasmplugins'},
      {kind: 'TrafficExtension', versions: ['v1alpha1'], plural: 'trafficextensions'},
    ]),
  ],
};
