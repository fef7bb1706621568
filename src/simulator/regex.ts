/**
 * RE2 regexes as Envoy runs them, with re2js (a linear-time RE2 port): no pattern and no
 * input can make matching backtrack, so a hostile regex answers as fast as a plain one.
 *
 * - Matching: Envoy's RegexMatcher matches the *whole* value (RE2::FullMatch).
 * - regex_rewrite: RE2::GlobalReplace, whose substitution writes groups as `\0`..`\9` and a
 *   backslash as `\\`.
 *
 * A pattern istiod would reject (see re2Error) or that Envoy would refuse to load (its RE2
 * program larger than the re2.max_program_size.error_level of 32768 that Istio's bootstrap
 * sets) throws UnsupportedRegexError: such a route never reaches the proxy as written.
 */
import {RE2JS, RE2JSException} from 're2js';
import {re2Error} from '../engine/istio/regex';

export class UnsupportedRegexError extends Error {
  override name = 'UnsupportedRegexError';
}

/** Istio's bootstrap runtime `re2.max_program_size.error_level` (pkg/bootstrap/config.go). */
export const ENVOY_MAX_PROGRAM_SIZE = 32768;

const CACHE_SIZE = 256;
const cache = new Map<string, RE2JS | UnsupportedRegexError>();

function compile(pattern: string, ignoreCase: boolean): RE2JS {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compileUncached(pattern, ignoreCase);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
  }
  if (compiled instanceof UnsupportedRegexError) throw compiled;
  return compiled;
}

function compileUncached(pattern: string, ignoreCase: boolean): RE2JS | UnsupportedRegexError {
  const error = re2Error(pattern);
  if (error) return new UnsupportedRegexError(error);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (caught) {
    // Go accepts a few things RE2 does not (two groups with one name, \p{Letter}): Envoy would NACK the route.
    if (caught instanceof RE2JSException) return new UnsupportedRegexError(`Envoy's RE2 rejects the regex: ${caught.message}`);
    throw caught;
  }
  const size = compiled.programSize();
  if (size > ENVOY_MAX_PROGRAM_SIZE) {
    return new UnsupportedRegexError(`the regex compiles to an RE2 program of about ${size} instructions; Envoy refuses more than ${ENVOY_MAX_PROGRAM_SIZE} (re2.max_program_size.error_level)`);
  }
  return compiled;
}

export interface FullMatcher {
  /** Whether the pattern matches all of `value`. */
  test(value: string): boolean;
}

/** A matcher for the whole value, as Envoy's safe_regex. Throws UnsupportedRegexError (see above). */
export function re2FullMatcher(pattern: string, ignoreCase = false): FullMatcher {
  const compiled = compile(pattern, ignoreCase);
  return {test: (value) => compiled.testExact(value)};
}

/**
 * Whether the pattern matches all of `value`, for a route's match: a pattern that throws
 * UnsupportedRegexError never reaches the proxy as written, so it matches nothing.
 */
export function re2Matches(pattern: string, value: string): boolean {
  try {
    return re2FullMatcher(pattern).test(value);
  } catch (error) {
    if (error instanceof UnsupportedRegexError) return false;
    throw error;
  }
}

/**
 * RE2::GlobalReplace(&value, pattern, substitution): every non-overlapping match replaced,
 * an empty match right after the previous match skipped. `\N` in the substitution is group
 * N (empty when it did not take part), `\\` a backslash. As in RE2, a substitution naming a
 * group the pattern lacks replaces nothing, and any other backslash ends that match's
 * substitution (RE2 logs "invalid rewrite pattern"). Throws UnsupportedRegexError.
 */
export function re2GlobalReplace(pattern: string, value: string, substitution: string): string {
  const compiled = compile(pattern, false);
  if (maxSubmatch(substitution) > compiled.groupCount()) return value;
  const matcher = compiled.matcher(value);
  let out = '';
  let position = 0;
  let lastEnd = -1;
  while (position <= value.length && matcher.find(position)) {
    const start = matcher.start();
    const end = matcher.end();
    out += value.slice(position, start);
    if (start === end && start === lastEnd) {
      // Disallow an empty match at the end of the last match: copy one character and go on.
      const step = codePointLength(value, position);
      out += value.slice(position, position + step);
      position += Math.max(step, 1);
      continue;
    }
    out += rewrite(substitution, (n) => matcher.group(n) ?? '');
    position = end;
    lastEnd = end;
  }
  return lastEnd < 0 ? value : out + value.slice(position);
}

/** RE2's MaxSubmatch: the largest `\N` in the substitution. */
function maxSubmatch(substitution: string): number {
  let max = 0;
  for (let i = 0; i < substitution.length; i++) {
    if (substitution[i] !== '\\') continue;
    i++;
    const digit = substitution.charCodeAt(i) - 48;
    if (digit >= 0 && digit <= 9) max = Math.max(max, digit);
  }
  return max;
}

/** RE2::Rewrite for one match. */
function rewrite(substitution: string, group: (n: number) => string): string {
  let out = '';
  for (let i = 0; i < substitution.length; i++) {
    const ch = substitution[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = substitution[++i];
    if (next !== undefined && next >= '0' && next <= '9') out += group(Number(next));
    else if (next === '\\') out += '\\';
    else break;
  }
  return out;
}

function codePointLength(text: string, index: number): number {
  if (index >= text.length) return 0;
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
}
