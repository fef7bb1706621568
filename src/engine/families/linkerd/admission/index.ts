/**
 * Linkerd 2.20's policy webhook (linkerd-policy-validator.linkerd.io, policy-controller/runtime/src/admission.rs)
 * as admission rules by `group/kind`. The chart's ValidatingWebhookConfiguration
 * (charts/linkerd-control-plane/templates/destination-rbac.yaml) sends it CREATE and UPDATE of
 * eight policy.linkerd.io kinds and of the Gateway API's HTTPRoute, GRPCRoute, TLSRoute and
 * TCPRoute; ServiceProfiles go to another webhook, the sp-validator (serviceProfile.ts). Both share
 * one namespaceSelector (`webhooksSkip`).
 */
import type {AdmissionRule} from '../../types';
import {admit, obj, str, type Obj} from './deny';
import {validateEgressNetwork, validateNetworkAuthentication} from './networks';
import {validateAuthorizationPolicy, validateMeshTLSAuthentication, validateServerAuthorization} from './policies';
import {validateRateLimitPolicy} from './rateLimitPolicy';
import {validateGatewayGrpcRoute, validateGatewayHttpRoute, validateGatewayTcpRoute, validateGatewayTlsRoute, validateLinkerdHttpRoute} from './routes';
import {validateServer} from './server';
import {validateServiceProfile} from './serviceProfile';

type Validate = (spec: Obj, metadata: Obj, namespace: string) => void;

function rule(validate: Validate): AdmissionRule {
  return (resource) => {
    const metadata = obj(resource.metadata);
    // admit_spec: the namespace of the request's object; the engine's default namespace when none is written.
    return admit(() => validate(obj(resource.spec), metadata, str(metadata.namespace) || 'default'));
  };
}

/** The rules on Linkerd's own kinds, which a cluster serving them always runs. */
export const linkerdAdmission: ReadonlyMap<string, AdmissionRule> = new Map([
  ['policy.linkerd.io/AuthorizationPolicy', rule((spec, _m, ns) => validateAuthorizationPolicy(spec, ns))],
  ['policy.linkerd.io/MeshTLSAuthentication', rule((spec) => validateMeshTLSAuthentication(spec))],
  ['policy.linkerd.io/NetworkAuthentication', rule((spec) => validateNetworkAuthentication(spec))],
  ['policy.linkerd.io/Server', rule((spec) => validateServer(spec))],
  ['policy.linkerd.io/ServerAuthorization', rule((spec) => validateServerAuthorization(spec))],
  ['policy.linkerd.io/HTTPRoute', rule((spec, metadata) => validateLinkerdHttpRoute(spec, metadata))],
  ['policy.linkerd.io/EgressNetwork', rule((spec) => validateEgressNetwork(spec))],
  ['policy.linkerd.io/HTTPLocalRateLimitPolicy', rule((spec) => validateRateLimitPolicy(spec))],
  // The sp-validator (linkerd-sp-validator.linkerd.io), a webhook of its own on linkerd.io's ServiceProfiles.
  ['linkerd.io/ServiceProfile', (resource) => admit(() => validateServiceProfile(resource.spec, str(obj(resource.metadata).name) ?? ''))],
]);

/** The rules on Gateway API routes, which a cluster runs only when it runs Linkerd. */
export const linkerdGatewayApiAdmission: ReadonlyMap<string, AdmissionRule> = new Map([
  ['gateway.networking.k8s.io/HTTPRoute', rule((spec, metadata) => validateGatewayHttpRoute(spec, metadata))],
  ['gateway.networking.k8s.io/GRPCRoute', rule((spec, metadata) => validateGatewayGrpcRoute(spec, metadata))],
  ['gateway.networking.k8s.io/TLSRoute', rule((spec) => validateGatewayTlsRoute(spec))],
  ['gateway.networking.k8s.io/TCPRoute', rule((spec) => validateGatewayTcpRoute(spec))],
]);

/** Whether an object shows a cluster running Linkerd: shows.ts, light enough for the book's pages. */
export {showsLinkerd} from '../shows';

const ADMISSION_WEBHOOKS_LABEL = 'config.linkerd.io/admission-webhooks';

/**
 * The namespaceSelector of both webhooks (charts/linkerd-control-plane values.yaml,
 * policyValidator and profileValidator `namespaceSelector`: the label `NotIn [disabled]`): a
 * Namespace labelled `config.linkerd.io/admission-webhooks: disabled` (the control plane's own,
 * templates/namespace.yaml) is skipped; one without the label is not.
 */
export function webhooksSkip(namespace: Record<string, unknown>): boolean {
  const labels = obj(obj(namespace.metadata).labels);
  return labels[ADMISSION_WEBHOOKS_LABEL] === 'disabled';
}
