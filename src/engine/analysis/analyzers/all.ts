/**
 * Every analyzer, listed once (istioctl's analyzers.All(), in its order: package, then name), then
 * the project's own (meshdive package). An analyzer is one file under analyzers/<package>/.
 */
import type {Analyzer} from '../analyzer';
import {l7PolicyWithoutWaypointAnalyzer} from './ambient/l7PolicyWithoutWaypoint';
import {policyTargetRefAnalyzer} from './ambient/policyTargetRefs';
import {useWaypointAnalyzer} from './ambient/useWaypoint';
import {k8sAnalyzer} from './annotations/k8s';
import {blockedCidrsAnalyzer} from './authn/blockedCidrs';
import {authorizationPoliciesAnalyzer} from './authz/authorizationPolicies';
import {conditionAnalyzer} from './conditions/conditions';
import {applicationUidAnalyzer} from './deployment/applicationUid';
import {serviceAssociationAnalyzer} from './deployment/services';
import {caCertificateAnalyzer} from './destinationrule/caCertificate';
import {podNotSelectedAnalyzer} from './destinationrule/podNotSelected';
import {deprecationAnalyzer} from './deprecation/fields';
import {envoyPatchAnalyzer} from './envoyfilter/envoyPatch';
import {externalControlPlaneAnalyzer} from './externalcontrolplane/externalControlPlane';
import {certificateAnalyzer} from './gateway/certificate';
import {conflictingGatewayAnalyzer} from './gateway/conflictingGateway';
import {ingressGatewayPortAnalyzer} from './gateway/ingressGatewayPort';
import {secretAnalyzer} from './gateway/secret';
import {backendRefAnalyzer} from './gatewayapi/backendRefs';
import {conflictingRouteAnalyzer} from './gatewayapi/conflictingRoutes';
import {parentRefAnalyzer} from './gatewayapi/parentRefs';
import {referenceGrantAnalyzer} from './gatewayapi/referenceGrants';
import {virtualServiceMixAnalyzer} from './gatewayapi/virtualServiceMix';
import {listenerSetParentAnalyzer} from './gatewayapi/listenerSetParents';
import {serviceParentPortAnalyzer} from './gatewayapi/serviceParentPorts';
import {gatewayVirtualServiceMixAnalyzer} from './gatewayapi/gatewayVirtualServiceMix';
import {listenerSetStatusAnalyzer} from './gatewayapi/listenerSetStatus';
import {gatewayStatusAnalyzer} from './gatewayapi/gatewayStatus';
import {backendTlsPolicyAnalyzer} from './gatewayapi/backendTlsPolicies';
import {imageAnalyzer} from './injection/image';
import {imageAutoAnalyzer} from './injection/imageAuto';
import {injectionAnalyzer} from './injection/injection';
import {crdVersionAnalyzer} from './k8sgateway/crdVersion';
import {k8sGatewaySelectorAnalyzer} from './k8sgateway/selector';
import {authorizationPolicyRefsAnalyzer} from './linkerd/authorizationPolicyRefs';
import {defaultInboundDenyAnalyzer} from './linkerd/defaultInboundDeny';
import {injectionAnalyzer as linkerdInjectionAnalyzer} from './linkerd/injection';
import {meshTlsIdentitiesAnalyzer} from './linkerd/meshTlsIdentities';
import {serverAuthorizationServerAnalyzer} from './linkerd/serverAuthorizationServer';
import {serverDeniesAllAnalyzer} from './linkerd/serverDeniesAll';
import {serverSelectorAnalyzer} from './linkerd/serverSelector';
import {unmeshedClientAnalyzer} from './linkerd/unmeshedClient';
import {alphaAnalyzer} from './maturity/alpha';
import {conflictingDestinationRulesAnalyzer} from './meshdive/conflictingDestinationRules';
import {duplicateResourceAnalyzer} from './meshdive/duplicateResource';
import {strictMtlsWithoutInjectionAnalyzer} from './meshdive/strictMtlsWithoutInjection';
import {meshNetworksAnalyzer} from './multicluster/meshNetworks';
import {multiClusterServiceAnalyzer} from './multicluster/service';
import {portNameAnalyzer} from './service/portName';
import {protocolAddressesAnalyzer} from './serviceentry/protocolAddresses';
import {SCHEMA_VALIDATION_ANALYZERS} from './schema/validation';
import {sidecarSelectorAnalyzer} from './sidecar/selector';
import {telemetryDefaultSelectorAnalyzer} from './telemetry/defaultSelector';
import {lightstepAnalyzer} from './telemetry/lightstep';
import {telemetryProviderAnalyzer} from './telemetry/providers';
import {telemetrySelectorAnalyzer} from './telemetry/selector';
import {conflictingMeshGatewayHostsAnalyzer} from './virtualservice/conflictingMeshGatewayHosts';
import {destinationHostAnalyzer} from './virtualservice/destinationHosts';
import {destinationRuleAnalyzer} from './virtualservice/destinationRules';
import {gatewayAnalyzer} from './virtualservice/gateways';
import {jwtClaimRouteAnalyzer} from './virtualservice/jwtClaimRoute';
import {webhookAnalyzer} from './webhook/webhook';

/** istioctl's analyzers (`istioctl analyze --list-analyzers`), by package. */
export const ISTIOCTL_ANALYZERS: readonly Analyzer[] = [
  k8sAnalyzer,
  blockedCidrsAnalyzer,
  authorizationPoliciesAnalyzer,
  conditionAnalyzer,
  serviceAssociationAnalyzer,
  applicationUidAnalyzer,
  caCertificateAnalyzer,
  podNotSelectedAnalyzer,
  deprecationAnalyzer,
  envoyPatchAnalyzer,
  externalControlPlaneAnalyzer,
  ingressGatewayPortAnalyzer,
  certificateAnalyzer,
  secretAnalyzer,
  conflictingGatewayAnalyzer,
  injectionAnalyzer,
  imageAnalyzer,
  imageAutoAnalyzer,
  k8sGatewaySelectorAnalyzer,
  crdVersionAnalyzer,
  meshNetworksAnalyzer,
  multiClusterServiceAnalyzer,
  portNameAnalyzer,
  sidecarSelectorAnalyzer,
  conflictingMeshGatewayHostsAnalyzer,
  destinationHostAnalyzer,
  destinationRuleAnalyzer,
  gatewayAnalyzer,
  jwtClaimRouteAnalyzer,
  protocolAddressesAnalyzer,
  webhookAnalyzer,
  telemetryProviderAnalyzer,
  telemetrySelectorAnalyzer,
  telemetryDefaultSelectorAnalyzer,
  lightstepAnalyzer,
  ...SCHEMA_VALIDATION_ANALYZERS,
];

/** istioctl's analyzers left out of All() (istioctl x precheck runs the alpha one): run only when named. */
export const ISTIOCTL_UNLISTED_ANALYZERS: readonly Analyzer[] = [alphaAnalyzer];

/** Checks istioctl has no analyzer for (messages.project.ts): run by validateYaml, not in istioctl's mode. */
export const MESHDIVE_ANALYZERS: readonly Analyzer[] = [
  duplicateResourceAnalyzer,
  strictMtlsWithoutInjectionAnalyzer,
  conflictingDestinationRulesAnalyzer,
  parentRefAnalyzer,
  backendRefAnalyzer,
  referenceGrantAnalyzer,
  conflictingRouteAnalyzer,
  virtualServiceMixAnalyzer,
  authorizationPolicyRefsAnalyzer,
  serverSelectorAnalyzer,
  serverAuthorizationServerAnalyzer,
  serverDeniesAllAnalyzer,
  defaultInboundDenyAnalyzer,
  linkerdInjectionAnalyzer,
  unmeshedClientAnalyzer,
  meshTlsIdentitiesAnalyzer,
  l7PolicyWithoutWaypointAnalyzer,
  policyTargetRefAnalyzer,
  useWaypointAnalyzer,
  listenerSetParentAnalyzer,
  serviceParentPortAnalyzer,
  gatewayVirtualServiceMixAnalyzer,
  listenerSetStatusAnalyzer,
  gatewayStatusAnalyzer,
  backendTlsPolicyAnalyzer,
];

/** validateYaml's: the webhook rules already run per document there (pipeline.ts), so not their analyzers. */
export const ALL_ANALYZERS: readonly Analyzer[] = [
  ...ISTIOCTL_ANALYZERS.filter((analyzer) => !SCHEMA_VALIDATION_ANALYZERS.includes(analyzer)),
  ...MESHDIVE_ANALYZERS,
];
