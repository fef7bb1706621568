/**
 * kubectl's podutils.ByLogging (k8s.io/kubectl v0.33 pkg/util/podutils), the order in which
 * `kubectl logs` and istioctl pick "the" pod of a set (polymorphichelpers.GetFirstPod, istioctl's
 * PodOnNodeFromDaemonset): assigned before unassigned, Running before Unknown before Pending, ready
 * before not ready, ready longer before ready later, more container restarts first, older first.
 * Go's sort.Sort is not stable, so pods the order cannot tell apart, or that it tells apart by a time
 * the model leaves out, make the pick a gap.
 */
import {field, isRecord, list, ModelGap, type ModelObject} from './model';

const PHASE_RANK: Readonly<Record<string, number>> = {Running: 0, Unknown: 1, Pending: 2};

function readyCondition(pod: ModelObject): Record<string, unknown> | undefined {
  return list(field(pod.value, 'status', 'conditions')).filter(isRecord).find((c) => c.type === 'Ready');
}

const isReady = (pod: ModelObject): boolean => readyCondition(pod)?.status === 'True';

/** A time the model must hold to compare by: ms since the epoch. */
function timeOf(pod: ModelObject, value: unknown, what: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new ModelGap(`which pod istioctl picks (podutils.ByLogging) depends on pod ${pod.namespace}/${pod.name}'s ${what}, which the model does not give`);
  return ms;
}

function maxRestarts(pod: ModelObject): number {
  return Math.max(0, ...list(field(pod.value, 'status', 'containerStatuses')).map((s) => Number(field(s, 'restartCount') ?? 0)));
}

/** ByLogging.Less(a, b) as a comparison: negative when a sorts first, 0 when neither does. */
function compare(a: ModelObject, b: ModelObject): number {
  const nodeA = String(field(a.value, 'spec', 'nodeName') ?? '');
  const nodeB = String(field(b.value, 'spec', 'nodeName') ?? '');
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? 1 : -1;
  const phase = (p: ModelObject): number => PHASE_RANK[String(field(p.value, 'status', 'phase') ?? '')] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (isReady(a) && isReady(b)) {
    const readyA = timeOf(a, readyCondition(a)?.lastTransitionTime, 'Ready condition\'s lastTransitionTime');
    const readyB = timeOf(b, readyCondition(b)?.lastTransitionTime, 'Ready condition\'s lastTransitionTime');
    if (readyA !== readyB) return readyA - readyB;
  }
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  const createdA = timeOf(a, field(a.value, 'metadata', 'creationTimestamp'), 'creationTimestamp');
  const createdB = timeOf(b, field(b.value, 'metadata', 'creationTimestamp'), 'creationTimestamp');
  return createdA - createdB;
}

/** The pod GetFirstPod returns: the first of `pods` by ByLogging; undefined for none. */
export function firstPodByLogging(pods: readonly ModelObject[]): ModelObject | undefined {
  if (pods.length <= 1) return pods[0];
  const sorted = [...pods].sort(compare);
  if (compare(sorted[0]!, sorted[1]!) === 0) {
    throw new ModelGap(`pods ${sorted[0]!.name} and ${sorted[1]!.name} tie in podutils.ByLogging's order: which one Go's unstable sort puts first is not modelled`);
  }
  return sorted[0];
}
