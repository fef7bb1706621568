/** Pod counts as the book says them (the counts themselves are the cluster model's, src/engine/model/pods.ts). */

/** "a, b, c", or "a, b, c, … and 97 more" when the names are a sample of `count` pods. */
export function describePods(names: readonly string[], count: number): string {
  const more = count - names.length;
  return more > 0 ? `${names.join(', ')}, … and ${formatCount(more)} more` : names.join(', ');
}

/** 100000000 → "100,000,000": counts up to 2^31-1 are read at a glance. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
