import {PROJECT_MESSAGE_TABLE} from './analysis/messages.project';

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
  /** A workload's spec.replicas the API server cannot decode as an int32, or a negative one. */
  invalidReplicas: 'invalid-replicas',
  /** A CRD's x-kubernetes-validations rule, or all of a schema's, over the API server's estimated cost limits (kubernetes/crd-cost.ts). */
  crdRuleCost: 'crd-rule-cost',
  /** A CRD's x-kubernetes-validations rule or messageExpression the API server cannot compile (kubernetes/crd-compile.ts). */
  crdRuleCompile: 'crd-rule-compile',
  /** A CRD's x-kubernetes-validations rule whose fields the API server refuses before compiling: an empty rule, a message with line breaks, an unknown reason, a fieldPath to no field, optionalOldSelf without oldSelf (kubernetes/crd-rule-fields.ts). */
  crdRuleInvalid: 'crd-rule-invalid',
  /** A CRD transition rule (one reading oldSelf) under a list whose items cannot be paired with their old selves (kubernetes/crd-cost.ts). */
  crdTransitionRuleUncorrelatable: 'crd-transition-rule-uncorrelatable',
  istioValidation: 'istio-validation',
  istioValidationWarning: 'istio-validation-warning',
  /** Info: the webhook rules were skipped because schema or metadata validation failed. */
  istioRulesSkipped: 'istio-rules-skipped',
  /** Linkerd's policy webhook (linkerd-policy-validator.linkerd.io) or its sp-validator denied the resource: families/linkerd/admission. */
  linkerdAdmission: 'linkerd-admission',
  /** The project's analysis messages (analysis/messages.project.ts): their codes, written once there. */
  duplicateResource: PROJECT_MESSAGE_TABLE.DuplicateResource.code,
  strictMtlsWithoutInjection: PROJECT_MESSAGE_TABLE.StrictMtlsWithoutInjection.code,
  conflictingDestinationRules: PROJECT_MESSAGE_TABLE.ConflictingDestinationRules.code,
  invalidContext: 'invalid-context',
  /**
   * istioctl's codes the istiod webhook rules report too (as `kubectl apply` warns); the analyzers'
   * are in analysis/messages.generated.ts, which the main-thread bundle importing CODES does not need.
   */
  virtualServiceUnreachableRule: 'IST0130',
  virtualServiceIneffectiveMatch: 'IST0131',
} as const;
