/** Grouping resources by a key, for the model's indexes and the analyzers' own. */

/** Adds `value` to the group of `key`, in place: copying the group on every add made grouping n resources O(n²). */
export function pushTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

/**
 * The map under `key`, made on first use. Indexes by two keys (a namespace, then a name) nest
 * maps this way, so that no joined key string is built and hashed for every resource.
 */
export function mapUnder<K, K2, V>(maps: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = maps.get(key);
  if (!inner) maps.set(key, (inner = new Map()));
  return inner;
}
