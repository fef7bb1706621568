/**
 * Linkerd 2.20's policy webhook (linkerd-policy-validator.linkerd.io, policy-controller/runtime/src/admission.rs)
 * as admission rules by `group/kind`. The chart's ValidatingWebhookConfiguration
 * (charts/linkerd-control-plane/templates/destination-rbac.yaml) sends it CREATE and UPDATE of
 * eight policy.linkerd.io kinds and of the Gateway API's HTTPRoute, GRPCRoute, TLSRoute and
 * TCPRoute; ServiceProfiles go to another webhook, the sp-validator (serviceProfile.ts). Both share
 * one namespaceSelector (`webhooksSkip`).
 */
import type {AdmissionRule} from '../../types';
import {admit, denialOf, obj, str, type Obj} from './deny';
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
    // admit's try, without a closure per resource.
    try {
      // admit_spec: the namespace of the request's object; the engine's default namespace when none is written.
      validate(obj(resource.spec), metadata, str(metadata.namespace) || 'default');
      return [];
    } catch (error) {
      return denialOf(error);
    }
  };
}

/** The rules on Linkerd's own kinds, which a cluster serving them always runs. */
export const linkerdAdmission: ReadonlyMap<string, AdmissionRule> = new Map([
  ['policy.linkerd.io/AuthorizationPolicy', rule((spec, _m, ns) => validateAuthorizationPolicy(spec, ns))],
  ['policy.linkerd.io/MeshTLSAuthentication', rule(validateMeshTLSAuthentication)],
  ['policy.linkerd.io/NetworkAuthentication', rule(validateNetworkAuthentication)],
  ['policy.linkerd.io/Server', rule(validateServer)],
  ['policy.linkerd.io/ServerAuthorization', rule(validateServerAuthorization)],
  ['policy.linkerd.io/HTTPRoute', rule(validateLinkerdHttpRoute)],
  ['policy.linkerd.io/EgressNetwork', rule(validateEgressNetwork)],
  ['policy.linkerd.io/HTTPLocalRateLimitPolicy', rule(validateRateLimitPolicy)],
  // The sp-validator (linkerd-sp-validator.linkerd.io), a webhook of its own on linkerd.io's ServiceProfiles.
  ['linkerd.io/ServiceProfile', (resource) => admit(() => validateServiceProfile(resource.spec, str(obj(resource.metadata).name) ?? ''))],
]);

/** The rules on Gateway API routes, which a cluster runs only when it runs Linkerd. */
export const linkerdGatewayApiAdmission: ReadonlyMap<string, AdmissionRule> = new Map([
  ['gateway.networking.k8s.io/HTTPRoute', rule(validateGatewayHttpRoute)],
  ['gateway.networking.k8s.io/GRPCRoute', rule(validateGatewayGrpcRoute)],
  ['gateway.networking.k8s.io/TLSRoute', rule(validateGatewayTlsRoute)],
  ['gateway.networking.k8s.io/TCPRoute', rule(validateGatewayTcpRoute)],
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
