/**
 * Realistic, stable pod names: a Deployment's pods are `<name>-<replicaset hash>-<suffix>`
 * (10 and 5 characters from Kubernetes' safe alphabet, which has no vowels), a
 * StatefulSet's are `<name>-0`, `<name>-1`, ... The hashes are derived from the names,
 * so the same lab always shows the same pods. A workload may ask for up to 2^31-1 pods:
 * they are a count, and only the first few are ever named.
 */
import {isInt32} from '../engine/kubernetes/replicas';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function fnv1a(text: string): number {
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

/** The name of a workload's pod number `index` (a StatefulSet's ordinal; for others a stable suffix). */
export function podName(kind: string, name: string, namespace: string, index: number): string {
  if (kind === 'StatefulSet') return `${name}-${index}`;
  const template = kind === 'ReplicaSet' ? name : `${name}-${safeString(`${namespace}/${name}`, 10)}`;
  return `${template}-${safeString(`${namespace}/${name}#${index}`, 5)}`;
}

/** The first `limit` of a workload's `count` pods: a workload may run 2^31-1 of them, so never all. */
export function podNames(kind: string, name: string, namespace: string, count: number, limit: number): string[] {
  return Array.from({length: Math.min(count, limit)}, (_, index) => podName(kind, name, namespace, index));
}

/** How many pods a workload's `spec.replicas` asks for, or why the API server refuses the workload. */
export type Replicas = {count: number} | {refused: string};

const INT32_MAX = 2_147_483_647;

/**
 * `spec.replicas` is an int32 pointer: absent or null defaults to 1; anything that is not an
 * int32 fails to decode (kubectl apply: "cannot unmarshal ... of type int32"), and a negative
 * count fails validation (ValidateNonnegativeField). A DaemonSet has no replicas: one pod (one node).
 */
export function replicasOf(kind: string, replicas: unknown): Replicas {
  if (kind === 'DaemonSet' || replicas === undefined || replicas === null) return {count: 1};
  if (typeof replicas !== 'number') return {refused: `spec.replicas must be an integer, not ${typeof replicas === 'string' ? 'a string' : typeof replicas}`};
  if (!isInt32(replicas)) return {refused: `spec.replicas ${replicas} is not a 32-bit integer (at most ${INT32_MAX})`};
  if (replicas < 0) return {refused: `spec.replicas ${replicas}: must be greater than or equal to 0`};
  return {count: replicas};
}

/** "a, b, c", or "a, b, c, … and 97 more" when the names are a sample of `count` pods. */
export function describePods(names: readonly string[], count: number): string {
  const more = count - names.length;
  return more > 0 ? `${names.join(', ')}, … and ${formatCount(more)} more` : names.join(', ');
}

/** 100000000 → "100,000,000": counts up to 2^31-1 are read at a glance. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
