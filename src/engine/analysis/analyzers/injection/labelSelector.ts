/**
 * metav1.LabelSelectorAsSelector then Selector.Matches: matchLabels and matchExpressions (In,
 * NotIn, Exists, DoesNotExist). A selector that does not convert (an unknown operator, values
 * where none belong or none where some must, an invalid key or value) is an error: it matches nothing.
 */
import {asArray, asObject} from '../../../istio/access';
import {ownValue} from '../../../model/own';
import type {Labels} from '../../../model/labels';

/** validation.IsQualifiedName's name part, and IsValidLabelValue (which also allows ""). */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && NAME.test(name);
}

const validValue = (value: string) => value.length <= 63 && (value === '' || NAME.test(value));

/** Whether `labels` match the selector; an absent (null) selector matches everything, as the webhook API defaults it. */
export function labelSelectorMatches(selector: unknown, labels: Labels): boolean {
  if (selector === undefined || selector === null) return true;
  const spec = asObject(selector);
  if (!spec) return false;
  const matchLabels = asObject(spec.matchLabels) ?? {};
  for (const key of Object.keys(matchLabels)) {
    const value = matchLabels[key];
    if (typeof value !== 'string' || !validKey(key) || !validValue(value)) return false;
    if (ownValue(labels, key) !== value) return false;
  }
  for (const item of asArray(spec.matchExpressions)) {
    const expression = asObject(item) ?? {};
    const key = typeof expression.key === 'string' ? expression.key : '';
    const values = asArray(expression.values);
    if (!validKey(key) || !values.every((v) => typeof v === 'string' && validValue(v))) return false;
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = ownValue(labels, key);
    switch (expression.operator) {
      case 'In':
      case 'NotIn': {
        if (values.length === 0) return false;
        const listed = has && values.includes(value);
        if (expression.operator === 'In' ? !listed : listed) return false;
        break;
      }
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return false;
        if (expression.operator === 'Exists' ? !has : has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
