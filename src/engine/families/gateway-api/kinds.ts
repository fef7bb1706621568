/**
 * The Gateway API v1.5.1 as its CRDs declare it (names, short names, scope, served versions):
 * the standard channel's kinds, plus the experimental kinds Istio or Linkerd serve (TCPRoute,
 * TLSRoute v1alpha2). The schemas are the generated catalog's (scripts/schemas/sources.ts),
 * which a test keeps in step with this list.
 */
import type {FamilyKinds, KindSpec} from '../types';

const GROUP = 'gateway.networking.k8s.io';

function kinds(specs: ReadonlyArray<Omit<KindSpec, 'group' | 'namespaced'> & {namespaced?: boolean}>): KindSpec[] {
  return specs.map((spec) => ({group: GROUP, namespaced: true, ...spec}));
}

export const gatewayApiKinds: FamilyKinds = {
  name: 'gateway-api',
  title: 'Gateway API',
  judgedAs: 'Gateway API v1.5.1',
  groups: [GROUP],
  labs: true,
  kinds: kinds([
    {kind: 'GatewayClass', versions: ['v1', 'v1beta1'], plural: 'gatewayclasses', shortNames: ['gc'], namespaced: false},
    {kind: 'Gateway', versions: ['v1', 'v1beta1'], plural: 'gateways', shortNames: ['gtw']},
    {kind: 'ListenerSet', versions: ['v1'], plural: 'listenersets', shortNames: ['lset']},
    {kind: 'HTTPRoute', versions: ['v1', 'v1beta1'], plural: 'httproutes', routesRequests: true},
    {kind: 'GRPCRoute', versions: ['v1'], plural: 'grpcroutes', routesRequests: true},
    {kind: 'TLSRoute', versions: ['v1', 'v1alpha2'], plural: 'tlsroutes'},
    {kind: 'TCPRoute', versions: ['v1alpha2'], plural: 'tcproutes'},
    {kind: 'ReferenceGrant', versions: ['v1', 'v1beta1'], plural: 'referencegrants', shortNames: ['refgrant']},
    {kind: 'BackendTLSPolicy', versions: ['v1'], plural: 'backendtlspolicies', shortNames: ['btlspolicy']},
  ]),
};
