/**
 * Labels and selectors as Kubernetes reads them (k8s.io/apimachinery/pkg/labels), shared by
 * analysis and the simulator. Label keys are user-chosen names: `__proto__` or `constructor`
 * are ordinary keys, read and written as own properties (own.ts).
 */
import {asObject} from '../istio/access';
import {ownValue, setOwn} from './own';

export type Labels = Record<string, string>;

/** The string-valued entries of a labels mapping (the API server refuses any other; a lab may hold one). */
export function stringLabels(value: unknown): Labels {
  const labels: Labels = {};
  const source = asObject(value);
  if (!source) return labels;
  for (const key of Object.keys(source)) {
    const label = source[key];
    if (typeof label === 'string') setOwn(labels, key, label);
  }
  return labels;
}

/** Selector.Matches of an equality-based selector (matchLabels, a Service's selector): every pair is on the labels. */
export function labelsInclude(labels: Labels, selector: Labels): boolean {
  for (const key of Object.keys(selector)) if (ownValue(labels, key) !== selector[key]) return false;
  return true;
}

/** labels.Set.String() (and Istio's labels.Instance.String()): `k=v` pairs sorted by key, comma-separated. */
export function formatLabels(labels: Labels): string {
  return Object.keys(labels).sort().map((key) => `${key}=${labels[key]}`).join(',');
}
