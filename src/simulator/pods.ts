/**
 * Realistic, stable pod names: a Deployment's pods are `<name>-<replicaset hash>-<suffix>`
 * (10 and 5 characters from Kubernetes' safe alphabet, which has no vowels), a
 * StatefulSet's are `<name>-0`, `<name>-1`, ... The hashes are derived from the names,
 * so the same lab always shows the same pods.
 */
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

export function podNames(kind: string, name: string, namespace: string, replicas: number): string[] {
  const count = Math.max(0, Math.floor(replicas));
  if (kind === 'StatefulSet') return Array.from({length: count}, (_, i) => `${name}-${i}`);
  const template = kind === 'ReplicaSet' ? name : `${name}-${safeString(`${namespace}/${name}`, 10)}`;
  return Array.from({length: count}, (_, i) => `${template}-${safeString(`${namespace}/${name}#${i}`, 5)}`);
}
