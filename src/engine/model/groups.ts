/** Grouping resources by a key, for the model's indexes and the analyzers' own. */

/** Adds `value` to the group of `key`, in place: copying the group on every add made grouping n resources O(n²). */
export function pushTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}
