/**
 * Rust's regex crate (what Linkerd compiles a route's RegularExpression matches with) reads
 * RE2's syntax, with one strictness that matters for paths: `{` is always a counted
 * repetition, never a literal, as Go's and most other engines take it when it does not form one
 * (rust-lang/regex#545, #632): `/users/{id}` compiles in Go and fails in Rust. This finds that
 * failure with regex-syntax's messages; the rest of the syntax is checked as RE2 checks it.
 */

const COUNTED = /^\{(\d+)(,(\d*))?\}/;
const GROUP_PREFIX = /^\(\?(P?<[^>]*>|[a-zA-Z-]*[:)])/;

/** The error regex-syntax gives a `{` that is not a well-formed counted repetition after something to repeat. */
export function rustBraceError(pattern: string): string | undefined {
  let classDepth = 0;
  // Whether the last item can take a repetition (false at the start, after `(`, `|` and flag groups).
  let repeatable = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      if (classDepth === 0) repeatable = true;
      continue;
    }
    if (classDepth > 0) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        if (end > 0) { i = end + 1; continue; }
      }
      if (c === '[') classDepth++;
      else if (c === ']') classDepth--;
      if (classDepth === 0) repeatable = true;
      continue;
    }
    if (c === '[') {
      classDepth = 1;
      // A `]` right after `[` or `[^` is a literal member.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c === '(') {
      // A group's prefix (`?:`, `?P<name>`, `?<name>`, `?i:`) or a flags setting (`(?i)`): nothing to repeat yet.
      const prefix = GROUP_PREFIX.exec(pattern.slice(i, i + 256));
      if (prefix) i += prefix[0].length - 1;
      repeatable = false;
      continue;
    }
    if (c === '|') { repeatable = false; continue; }
    if (c === '{') {
      if (!repeatable) return 'repetition operator missing expression';
      const counted = COUNTED.exec(pattern.slice(i));
      if (!counted) {
        if (!/^\{\d/.test(pattern.slice(i))) return i + 1 >= pattern.length ? 'unclosed counted repetition' : 'repetition quantifier expects a valid decimal';
        return 'unclosed counted repetition';
      }
      if (counted[3] !== undefined && counted[3] !== '' && Number(counted[1]) > Number(counted[3])) {
        return 'invalid repetition count range, the start must be <= the end';
      }
      i += counted[0].length - 1;
      continue;
    }
    repeatable = true;
  }
  return undefined;
}
