/**
 * RE2 regexes (what Envoy's safe_regex uses) run as JavaScript RegExps. Envoy's
 * RegexMatcher matches the *whole* value, so the pattern is anchored. Syntax RE2 does not
 * have (lookaround, backreferences, ...) is rejected with the engine's RE2 check rather
 * than silently given JavaScript's meaning.
 */
import {re2Error} from '../engine/istio/regex';

export class UnsupportedRegexError extends Error {
  override name = 'UnsupportedRegexError';
}

const cache = new Map<string, RegExp>();

export function re2FullMatcher(pattern: string, ignoreCase = false): RegExp {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
  const known = cache.get(key);
  if (known) return known;
  const error = re2Error(pattern);
  if (error) throw new UnsupportedRegexError(error);
  let source = pattern;
  let flags = ignoreCase ? 'i' : '';
  // A leading (?i) (also (?s), (?is)) sets flags for the whole pattern; other inline flags have no JS form.
  const leading = /^\(\?([is]+)\)/.exec(source);
  if (leading) {
    for (const flag of leading[1]!) if (!flags.includes(flag)) flags += flag;
    source = source.slice(leading[0].length);
  }
  if (/\(\?[imsU-]+[:)]/.test(source)) throw new UnsupportedRegexError('inline flags are only simulated at the start of a regex, e.g. (?i)abc');
  source = source.replace(/\(\?P</g, '(?<').replace(/\\A/g, '^').replace(/\\z/g, '$');
  const regex = new RegExp(`^(?:${source})$`, flags);
  cache.set(key, regex);
  return regex;
}
