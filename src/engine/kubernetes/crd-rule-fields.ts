/**
 * The checks apiextensions-apiserver v0.33 makes of an x-kubernetes-validations rule's fields
 * before it compiles any (pkg/apis/apiextensions/validation/validation.go,
 * ValidateCustomResourceDefinitionOpenAPISchema): a rule that is empty, a message that is blank or
 * has line breaks (or is missing when the rule has them), a blank messageExpression, a reason the
 * API server does not know, a fieldPath that is blank, has line breaks or names no field of the
 * schema (pkg/apiserver/schema/cel/validation.go ValidFieldPath). These are schema errors: where
 * one is found at a node or below it, the API server compiles none of the node's rules.
 */
import type {JsonSchema} from '../cel/estimate-decl-type';
import {CODES} from '../codes';
import {finding, isRecord, type Finding} from '../findings';

/** validation.go supportedValidationReason, as sets.String.List() sorts them. */
const SUPPORTED_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

/** validation.go newlineMatcher: the line breaks of CEL's grammar. */
const hasNewlines = (text: string) => /[\n\r]/.test(text);
/** Go's strings.TrimSpace (Unicode white space). */
const trimSpace = (text: string) => text.replace(/^[\s\u0085]+|[\s\u0085]+$/g, '');
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** cel/validation.go unescapeSingleQuote; undefined for an escape it refuses. */
function unescapeSingleQuote(quoted: string): string | undefined {
  let ok = true;
  const escapes: Record<string, string> = {a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '\\': '\\'};
  const unescaped = quoted.replace(/\\./g, (sequence) => {
    const plain = escapes[sequence[1]!];
    if (plain === undefined) ok = false;
    return plain ?? '';
  });
  return ok ? unescaped : undefined;
}

/** cel/validation.go's scanner: `.`, `[` and `]` alone, a single-quoted string whole, anything else up to the next of those. */
function pathTokens(path: string): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < path.length; ) {
    if ('.[]'.includes(path[i]!)) {
      tokens.push(path[i++]!);
      continue;
    }
    let end = i;
    if (path[i] === "'") {
      end = i + 1;
      while (end < path.length && !(path[end] === "'" && path[end - 1] !== '\\')) end++;
      end = Math.min(end + 1, path.length);
    } else {
      while (end < path.length && !'.[]'.includes(path[end]!)) end++;
    }
    tokens.push(path.slice(i, end));
    i = end;
  }
  return tokens;
}

/** cel/validation.go ValidFieldPath (array notation allowed): whether `path` names a field below `schema`. */
export function validFieldPath(path: string, schema: JsonSchema): boolean {
  const tokens = pathTokens(path);
  let node: JsonSchema | undefined = schema;
  const step = (name: string): boolean => {
    if (!node) return false;
    if (isRecord(node.properties) && Object.keys(node.properties).length > 0) {
      node = Object.hasOwn(node.properties, name) && isRecord(node.properties[name]) ? node.properties[name] : undefined;
      return node !== undefined;
    }
    if (node.additionalProperties !== undefined && node.additionalProperties !== false) {
      node = isRecord(node.additionalProperties) ? node.additionalProperties as JsonSchema : undefined;
      return true;
    }
    return false;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '[') {
      const quoted = tokens[i + 1];
      if (quoted === undefined || quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) return false;
      const name = unescapeSingleQuote(quoted.slice(1, -1));
      if (name === undefined || !step(name) || tokens[i + 2] !== ']') return false;
      i += 2;
    } else if (token === '.') {
      const name = tokens[i + 1];
      if (name === undefined || !step(name)) return false;
      i += 1;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * The schema errors of one node's rules, in validation.go's order; `at` is the JSON pointer and
 * `field` the field path of the node's x-kubernetes-validations.
 */
export function ruleFieldErrors(rules: readonly unknown[], schema: JsonSchema, at: string, field: string): Finding[] {
  const errors: Finding[] = [];
  rules.forEach((rule, i) => {
    if (!isRecord(rule)) return;
    const where = (key: string) => ({pointer: `${at}/${i}${key in rule ? `/${key}` : ''}`, path: `${field}[${i}].${key}`});
    const required = (key: string, detail: string) => {
      const {pointer, path} = where(key);
      errors.push(finding(pointer, key in rule ? 'value' : 'key', 'error', CODES.crdRuleInvalid, `${path}: Required value: ${detail}`));
    };
    const invalid = (key: string, value: string, detail: string) => {
      const {pointer, path} = where(key);
      errors.push(finding(pointer, 'value', 'error', CODES.crdRuleInvalid, `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`));
    };
    const ruleText = trimSpace(text(rule.rule));
    const message = text(rule.message);
    const trimmedMessage = trimSpace(message);
    if (ruleText.length === 0) required('rule', 'rule is not specified');
    else if (message.length > 0 && trimmedMessage.length === 0) invalid('message', message, 'message must be non-empty if specified');
    else if (hasNewlines(trimmedMessage)) invalid('message', message, 'message must not contain line breaks');
    else if (hasNewlines(ruleText) && trimmedMessage.length === 0) required('message', 'message must be specified if rule contains line breaks');
    const messageExpression = text(rule.messageExpression);
    if (messageExpression.length > 0 && trimSpace(messageExpression).length === 0) required('messageExpression', 'messageExpression must be non-empty if specified');
    if (rule.reason !== undefined && rule.reason !== null && !SUPPORTED_REASONS.includes(text(rule.reason))) {
      const {pointer, path} = where('reason');
      errors.push(finding(pointer, 'value', 'error', CODES.crdRuleInvalid,
        `${path}: Unsupported value: ${JSON.stringify(text(rule.reason))}: supported values: ${SUPPORTED_REASONS.map((reason) => JSON.stringify(reason)).join(', ')}`));
    }
    const fieldPath = text(rule.fieldPath);
    if (fieldPath.length > 0 && trimSpace(fieldPath).length === 0) invalid('fieldPath', fieldPath, 'fieldPath must be non-empty if specified');
    if (hasNewlines(fieldPath)) invalid('fieldPath', fieldPath, 'fieldPath must not contain line breaks');
    if (fieldPath.length > 0 && !validFieldPath(fieldPath, schema)) invalid('fieldPath', fieldPath, 'fieldPath must be a valid path');
  });
  return errors;
}
