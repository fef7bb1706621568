/**
 * Diagnostic codes the engine emits itself. Istio analyzer findings reuse istioctl's
 * IST codes (see istio/istio pkg/config/analysis/msg/messages.yaml); everything else
 * uses the self-describing project codes below, so a code says what went wrong.
 */
export const CODES = {
  inputTooLarge: 'input-too-large',
  inputNotText: 'input-not-text',
  notAMapping: 'document-not-a-mapping',
  missingApiVersion: 'missing-api-version',
  missingKind: 'missing-kind',
  invalidApiVersion: 'invalid-api-version',
  unknownIstioKind: 'unknown-istio-kind',
  unknownKind: 'unknown-kind',
  metadata: 'invalid-metadata',
  unknownMetadataField: 'unknown-metadata-field',
  istioValidation: 'istio-validation',
  istioValidationWarning: 'istio-validation-warning',
  /** Info: the webhook rules were skipped because schema or metadata validation failed. */
  istioRulesSkipped: 'istio-rules-skipped',
  duplicateResource: 'duplicate-resource',
  strictMtlsWithoutInjection: 'strict-mtls-without-injection',
  conflictingDestinationRules: 'conflicting-destination-rules',
  invalidContext: 'invalid-context',
  /** istioctl analyze codes */
  referencedResourceNotFound: 'IST0101',
  namespaceNotInjected: 'IST0102',
  conflictingMeshGatewayVirtualServiceHosts: 'IST0109',
  multipleSidecarsWithoutWorkloadSelectors: 'IST0111',
  virtualServiceDestinationPortSelectorRequired: 'IST0112',
  noServerCertificateVerificationDestinationLevel: 'IST0128',
  noServerCertificateVerificationPortLevel: 'IST0129',
  invalidRegexp: 'IST0122',
  noMatchingWorkloadsFound: 'IST0127',
  virtualServiceUnreachableRule: 'IST0130',
  virtualServiceIneffectiveMatch: 'IST0131',
  virtualServiceHostNotFoundInGateway: 'IST0132',
  serviceEntryAddressesRequired: 'IST0134',
  conflictingGateways: 'IST0145',
  portNameIsNotUnderNamingConvention: 'IST0118',
  namespaceMultipleInjectionLabels: 'IST0123',
  externalNameServiceTypeInvalidPortName: 'IST0150',
  gatewayPortNotDefinedOnService: 'IST0162',
  destinationRuleSubsetNotSelectPods: 'IST0173',
  unknownDestinationRuleHost: 'IST0174',
} as const;
