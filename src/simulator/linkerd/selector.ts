/**
 * Label selectors as Linkerd's policy controller reads them (policy-controller/k8s/api/src/
 * labels.rs Selector::matches): every match expression holds (In, NotIn, Exists,
 * DoesNotExist; an expression of another shape matches nothing), and every matchLabels pair
 * is on the labels. An empty selector selects everything.
 */
import {asArray, asObject, asString} from '../../engine/istio/access';
import {ownValue} from '../../engine/model/own';

export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const spec = asObject(selector) ?? {};
  for (const item of asArray(spec.matchExpressions)) {
    const expression = asObject(item) ?? {};
    const key = asString(expression.key) ?? '';
    const values = Array.isArray(expression.values) ? expression.values : undefined;
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = ownValue(labels, key);
    switch (expression.operator) {
      case 'In':
        if (!values || !has || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (!values || (has && values.includes(value))) return false;
        break;
      case 'Exists':
        if (values || !has) return false;
        break;
      case 'DoesNotExist':
        if (values || has) return false;
        break;
      default:
        return false;
    }
  }
  const matchLabels = asObject(spec.matchLabels) ?? {};
  for (const key of Object.keys(matchLabels)) if (ownValue(labels, key) !== matchLabels[key]) return false;
  return true;
}
