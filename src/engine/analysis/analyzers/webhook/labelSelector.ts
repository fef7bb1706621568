/**
 * metav1.LabelSelectorAsSelector and labels.Selector.Matches, as the webhook analyzer uses them:
 * a selector that does not convert (an unknown operator, values where none belong, none where
 * some must, a bad key or value) matches nothing; an empty one matches everything.
 */
import {asArray, asObject} from '../../../istio/access';
import {labelValueErrors, qualifiedNameErrors} from '../../../k8sNames';

type Labels = Readonly<Record<string, string>>;
type Requirement = (labels: Labels) => boolean;

const has = (labels: Labels, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

/** labels.NewRequirement: the key a qualified name, values by operator, each a label value. */
function requirement(key: string, operator: string, values: readonly string[]): Requirement | undefined {
  if (qualifiedNameErrors(key).length > 0) return undefined;
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) return undefined;
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length !== 0) return undefined;
  if (values.some((value) => labelValueErrors(value).length > 0)) return undefined;
  switch (operator) {
    case 'In':
      return (labels) => has(labels, key) && values.includes(labels[key]!);
    case 'NotIn':
      return (labels) => !has(labels, key) || !values.includes(labels[key]!);
    case 'Exists':
      return (labels) => has(labels, key);
    case 'DoesNotExist':
      return (labels) => !has(labels, key);
    default:
      return undefined;
  }
}

/** The selector as a predicate, or undefined when LabelSelectorAsSelector returns an error. */
export function labelSelector(selector: Record<string, unknown>): Requirement | undefined {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(asObject(selector.matchLabels) ?? {})) {
    const equals = requirement(key, 'In', [String(value ?? '')]);
    if (!equals) return undefined;
    requirements.push(equals);
  }
  for (const expression of asArray(selector.matchExpressions)) {
    const expr = asObject(expression) ?? {};
    const values = asArray(expr.values).map((value) => String(value ?? ''));
    const made = requirement(String(expr.key ?? ''), String(expr.operator ?? ''), values);
    if (!made) return undefined;
    requirements.push(made);
  }
  return (labels) => requirements.every((matches) => matches(labels));
}
