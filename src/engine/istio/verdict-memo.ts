/**
 * Verdicts of pure checks on strings that repeat across a manifest (a host named by every route
 * to it, the same `30s` in every outlier detection): the message, or undefined when valid.
 * Capped, so odd input cannot grow a memo without bound.
 */
const MAX_MEMO = 10_000;
/** A valid string's verdict in a memo (no message is empty): one lookup answers both cases. */
const VALID = '';

export type VerdictMemo = Map<string, string>;

export function memoizedVerdict(memo: VerdictMemo, text: string, check: (text: string) => string | undefined): string | undefined {
  const known = memo.get(text);
  if (known !== undefined) return known === VALID ? undefined : known;
  const verdict = check(text);
  if (memo.size < MAX_MEMO) memo.set(text, verdict ?? VALID);
  return verdict;
}
