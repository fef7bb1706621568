/**
 * A CEL rule's failures as the 1.33 API server words them. validateExpressions in
 * apiextensions-apiserver v0.33 (staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go,
 * kubernetes v1.33; a stored copy at kubernetes/kubernetes 00c30b354df7 words them the same) makes a
 * field.Error whose bad value is the type of the rule's schema node (`sts.Type`), printed by
 * apimachinery v0.33 field.Error.Error(): `<field>: Invalid value: "object": <detail>`.
 * Kubernetes 1.35 (PRs #132798, #133832) shows the value itself instead; 1.33 does not.
 */
import {goQuote} from '../analysis/messages';
import type {SchemaNode, ValidationRule} from '../schema/schema-node';

/**
 * `sts.Type`: a structural schema's one type, "" for a node without one (x-kubernetes-int-or-string,
 * x-kubernetes-preserve-unknown-fields alone).
 */
export function schemaType(node: SchemaNode): string {
  return typeof node.type === 'string' ? node.type : '';
}

/** field.Invalid(fldPath, sts.Type, detail)'s body: the value %q-quoted, then the detail when there is one. */
export function invalidBody(type: string, detail: string): string {
  return `Invalid value: ${goQuote(type)}${detail === '' ? '' : `: ${detail}`}`;
}

/**
 * validation.go fieldErrorForReason: the rule's `reason` picks the field error. Forbidden and
 * Required print no value; Duplicate prints the value and drops the detail (field.Duplicate has none);
 * no reason, FieldValueInvalid and any other (the CRD's validation refuses others) are Invalid.
 */
export function reasonBody(reason: string | undefined, type: string, detail: string): string {
  const withDetail = (head: string) => (detail === '' ? head : `${head}: ${detail}`);
  switch (reason) {
    case 'FieldValueForbidden':
      return withDetail('Forbidden');
    case 'FieldValueRequired':
      return withDetail('Required value');
    case 'FieldValueDuplicate':
      return `Duplicate value: ${goQuote(type)}`;
    default:
      return invalidBody(type, detail);
  }
}

/** validation.go ruleErrorString: the message, trimmed, if set at all, else the rule, trimmed. */
export function ruleErrorString(rule: ValidationRule): string {
  return rule.message ? rule.message.trim() : rule.rule.trim();
}

/** validation.go ruleMessageOrDefault: the message, trimmed, else "failed rule: <ruleErrorString>". */
export function ruleMessageOrDefault(rule: ValidationRule): string {
  return rule.message ? rule.message.trim() : `failed rule: ${ruleErrorString(rule)}`;
}

/** validation.go: an error the rule's evaluation returned, `<err> evaluating rule: <rule>`, or the runtime overload case. */
export function evaluationErrorDetail(error: string, rule: ValidationRule): string {
  // The checker catches most overload errors; at run time (int-or-string, dyn) the API server explains them.
  if (error.startsWith('no such overload')) return `'${error}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`;
  return `${error} evaluating rule: ${ruleErrorString(rule)}`;
}
