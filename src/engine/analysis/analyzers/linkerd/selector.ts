/**
 * Label selectors as Linkerd's policy controller matches them (policy-controller/k8s/api/src/
 * labels.rs Selector::matches): every expression, then every matchLabels pair. An expression
 * with values where its operator takes none (or none where it takes some), or an unknown
 * operator, matches nothing ("Illegal match expression"); an empty selector matches everything.
 */
import {asArray, asObject} from '../../../istio/access';
import {ownValue} from '../../../model/own';
import {formatLabels, stringLabels, type Labels} from '../../../model/labels';

export type Matcher = (labels: Labels) => boolean;

const has = (labels: Labels, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

function expression(value: unknown): Matcher {
  const expr = asObject(value) ?? {};
  const key = typeof expr.key === 'string' ? expr.key : '';
  const values = Array.isArray(expr.values) ? expr.values.filter((v): v is string => typeof v === 'string') : undefined;
  switch (expr.operator) {
    case 'In':
      return values ? (labels) => has(labels, key) && values.includes(labels[key]!) : () => false;
    case 'NotIn':
      return values ? (labels) => !has(labels, key) || !values.includes(labels[key]!) : () => false;
    case 'Exists':
      return values ? () => false : (labels) => has(labels, key);
    case 'DoesNotExist':
      return values ? () => false : (labels) => !has(labels, key);
    default:
      return () => false;
  }
}

export function linkerdSelector(selector: unknown): Matcher {
  const object = asObject(selector) ?? {};
  const expressions = asArray(object.matchExpressions).map(expression);
  const matchLabels = stringLabels(object.matchLabels);
  const keys = Object.keys(matchLabels);
  return (labels) => expressions.every((matches) => matches(labels)) && keys.every((key) => ownValue(labels, key) === matchLabels[key]);
}

/** The selector as messages print it: `app=web,tier in (a,b)`; `(all)` when empty. */
export function describeSelector(selector: unknown): string {
  const object = asObject(selector) ?? {};
  const parts = [formatLabels(stringLabels(object.matchLabels))].filter(Boolean);
  for (const value of asArray(object.matchExpressions)) {
    const expr = asObject(value) ?? {};
    const values = asArray(expr.values).map(String).join(',');
    parts.push(`${String(expr.key ?? '')} ${String(expr.operator ?? '')}${values ? ` (${values})` : ''}`);
  }
  return parts.join(',') || '(all)';
}
