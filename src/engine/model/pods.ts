/**
 * The pods a cluster runs, as counts: every kind that runs pods (the API families' catalog
 * says which, and where their pods come from), with the pods' labels and how many there
 * are. A workload may ask for up to 2^31-1 pods: they stay a count, and only the first few
 * are ever named.
 *
 * Realistic, stable pod names: a Deployment's pods are `<name>-<replicaset hash>-<suffix>`
 * (10 and 5 characters from Kubernetes' safe alphabet, which has no vowels), a
 * StatefulSet's are `<name>-0`, `<name>-1`, ..., a ReplicaSet's, ReplicationController's or
 * Job's `<name>-<suffix>`. The hashes are derived from the names, so the same lab always
 * shows the same pods.
 */
import {podSourceOf} from '../families/catalog';
import type {PodSource} from '../families/types';
import {asObject} from '../istio/access';
import {isInt32} from '../kubernetes/replicas';
import {stringLabels, type Labels} from './labels';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits: a stable hash of a name, for the names and addresses derived from it (not for security). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function safeString(seed: string, length: number): string {
  let out = '';
  let hash = fnv1a(seed);
  for (let i = 0; i < length; i++) {
    if (i % 5 === 0 && i > 0) hash = fnv1a(`${seed}/${i}`);
    out += SAFE_ALPHABET[hash % SAFE_ALPHABET.length];
    hash = Math.floor(hash / SAFE_ALPHABET.length);
  }
  return out;
}

/** Controllers that name their pods `<name>-<suffix>` directly (no template hash in between). */
const DIRECT_SUFFIX = new Set(['ReplicaSet', 'ReplicationController', 'Job']);

/** The name of a workload's pod number `index` (a StatefulSet's ordinal; for others a stable suffix). */
export function podName(kind: string, name: string, namespace: string, index: number): string {
  if (kind === 'StatefulSet') return `${name}-${index}`;
  const template = DIRECT_SUFFIX.has(kind) ? name : `${name}-${safeString(`${namespace}/${name}`, 10)}`;
  return `${template}-${safeString(`${namespace}/${name}#${index}`, 5)}`;
}

/** The first `limit` of a workload's `count` pods: a workload may run 2^31-1 of them, so never all. */
export function podNames(kind: string, name: string, namespace: string, count: number, limit: number): string[] {
  return Array.from({length: Math.min(count, limit)}, (_, index) => podName(kind, name, namespace, index));
}

/** How many pods a workload asks for, or why the API server refuses the workload (and the spec field it refuses). */
export type Replicas = {count: number} | {refused: string; field: string};

const INT32_MAX = 2_147_483_647;

/**
 * An int32 pointer field of a workload's spec (`replicas`, a Job's `parallelism`): absent or
 * null is the default; anything that is not an int32 fails to decode (kubectl apply: "cannot
 * unmarshal ... of type int32"), and a negative count fails validation (ValidateNonnegativeField).
 */
function int32Count(field: string, value: unknown, fallback: number): Replicas {
  if (value === undefined || value === null) return {count: fallback};
  if (typeof value !== 'number') return {field, refused: `spec.${field} must be an integer, not ${typeof value === 'string' ? 'a string' : typeof value}`};
  if (!isInt32(value)) return {field, refused: `spec.${field} ${value} is not a 32-bit integer (at most ${INT32_MAX})`};
  if (value < 0) return {field, refused: `spec.${field} ${value}: must be greater than or equal to 0`};
  return {count: value};
}

/** `spec.replicas` (default 1). A DaemonSet has no replicas: one pod (one node). */
export function replicasOf(kind: string, replicas: unknown): Replicas {
  return kind === 'DaemonSet' ? {count: 1} : int32Count('replicas', replicas, 1);
}

/** How many pods a workload runs at once, by where its pods come from. */
export function podCount(kind: string, source: PodSource, spec: Record<string, unknown>): Replicas {
  if (source.count === 'one-per-node') return {count: 1};
  if (source.count === 'replicas') return replicasOf(kind, spec.replicas);
  // A Job runs `parallelism` pods (default 1), never more than the completions it still needs.
  const parallelism = int32Count('parallelism', spec.parallelism, 1);
  if ('refused' in parallelism) return parallelism;
  const completions = spec.completions;
  return isInt32(completions) && completions >= 0 ? {count: Math.min(parallelism.count, completions)} : parallelism;
}

/** A resource that runs pods: their labels, and how many (or why the API server refuses it). */
export interface WorkloadPods {
  kind: string;
  name: string;
  namespace: string;
  labels: Labels;
  pods: Replicas;
  /** The pods' spec (the Pod's own, or the controller's pod template's). */
  podSpec?: Record<string, unknown>;
}

/** The pods a resource runs, if its kind runs any (a Pod is its own one pod). */
export function workloadPods(resource: {group: string; kind: string; name: string; namespace: string; value: Record<string, unknown>}): WorkloadPods | undefined {
  const source = podSourceOf(resource.group, resource.kind);
  if (!source) return undefined;
  const {kind, name, namespace, value} = resource;
  if (source === 'self') return {kind, name, namespace, labels: stringLabels(asObject(value.metadata)?.labels), pods: {count: 1}, podSpec: asObject(value.spec)};
  let template: Record<string, unknown> | undefined = value;
  for (const key of source.template) template = asObject(template?.[key]);
  return {kind, name, namespace, labels: stringLabels(asObject(template?.metadata)?.labels), pods: podCount(kind, source, asObject(value.spec) ?? {}),
    podSpec: asObject(template?.spec)};
}
