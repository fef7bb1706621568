/**
 * RE2 syntax check. Istio (and Envoy) compile match regexes with RE2, which has no
 * lookaround, backreferences, atomic groups or possessive quantifiers; JavaScript
 * accepts those, so they are rejected explicitly before a JS compile checks the rest.
 * Messages follow Go's regexp package ("error parsing regexp: ...").
 */
const UNSUPPORTED_GROUPS = [
  {token: '(?=', what: 'lookahead'},
  {token: '(?!', what: 'negative lookahead'},
  {token: '(?<=', what: 'lookbehind'},
  {token: '(?<!', what: 'negative lookbehind'},
  {token: '(?>', what: 'atomic group'},
];

export function re2Error(pattern: string): string | undefined {
  if (pattern.length > 1024) return 'regex is too large, max length allowed is 1024';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (next === '') return 'error parsing regexp: trailing backslash at end of expression: ``';
      // Go's regexp/syntax: \1-\7 are octal only when another octal digit follows (no backreferences).
      if (/[1-7]/.test(next) && !/[0-7]/.test(pattern[i + 2] ?? '')) {
        return `error parsing regexp: invalid escape sequence: \`\\${next}\`${inClass ? '' : ' (RE2 has no backreferences)'}`;
      }
      if (next === '8' || next === '9') return `error parsing regexp: invalid escape sequence: \`\\${next}\``;
      if (next === 'k' && pattern[i + 2] === '<') return 'error parsing regexp: invalid escape sequence: `\\k` (RE2 has no backreferences)';
      // Letters Go accepts after a backslash: a f n r t v x, the Perl classes d D s S w W, \p \P, and outside
      // classes the assertions A b B z and \Q; any other letter (\u, \e, \Z, \h...) is an error.
      const letters = inClass ? 'afnrtvxdDsSwWpP' : 'afnrtvxdDsSwWpPAbBzQ';
      if (/[A-Za-z]/.test(next) && !letters.includes(next)) return `error parsing regexp: invalid escape sequence: \`\\${next}\``;
      if (next === 'Q' && !inClass) {
        // \Q...\E is literal text
        const end = pattern.indexOf('\\E', i + 2);
        i = end === -1 ? pattern.length : end + 1;
        continue;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++; // a leading ] is literal
      continue;
    }
    if (ch === '(') {
      for (const {token, what} of UNSUPPORTED_GROUPS) {
        if (pattern.startsWith(token, i)) return `error parsing regexp: invalid or unsupported Perl syntax: \`${token}\` (RE2 has no ${what})`;
      }
    }
    if ((ch === '+' || ch === '*' || ch === '?' || ch === '}') && pattern[i + 1] === '+') {
      return `error parsing regexp: invalid nested repetition operator: \`${ch}+\` (RE2 has no possessive quantifiers)`;
    }
    if (ch === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat && (Number(repeat[1]) > 1000 || (repeat[2] && Number(repeat[2]) > 1000))) {
        return `error parsing regexp: invalid repeat count: \`${repeat[0]}\``;
      }
    }
  }
  try {
    // Go's (?P<name>...) is JS's (?<name>...); Go's inline flags (?i) and (?i:...) have no JS
    // equivalent here, and do not change whether the rest compiles.
    const jsPattern = pattern
      .replace(/\(\?P</g, '(?<')
      .replace(/\(\?[imsU-]+\)/g, '')
      .replace(/\(\?[imsU-]+:/g, '(?:');
    new RegExp(jsPattern);
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return goRegexpError(reason, pattern) ?? `error parsing regexp: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}: \`${pattern}\``;
  }
  return undefined;
}

/** Go's regexp/syntax wording (and the expression it quotes) for the JS errors that have one. */
function goRegexpError(jsReason: string, pattern: string): string | undefined {
  if (/unterminated character class/i.test(jsReason)) {
    // ErrMissingBracket quotes the class, from its `[` to the end.
    let start = -1;
    for (let i = 0; i < pattern.length; i++) {
      if (pattern[i] === '\\') i++;
      else if (start < 0 && pattern[i] === '[') {
        start = i;
        if (pattern[i + 1] === '^') i++;
        if (pattern[i + 1] === ']') i++;
      } else if (start >= 0 && pattern[i] === ']') start = -1;
    }
    return `error parsing regexp: missing closing ]: \`${pattern.slice(Math.max(start, 0))}\``;
  }
  if (/unterminated group/i.test(jsReason)) return `error parsing regexp: missing closing ): \`${pattern}\``;
  if (/unmatched '\)'/i.test(jsReason)) return `error parsing regexp: unexpected ): \`${pattern}\``;
  if (/nothing to repeat/i.test(jsReason)) {
    const nested = /[*+?][*+]/.exec(pattern);
    if (nested) return `error parsing regexp: invalid nested repetition operator: \`${nested[0]}\``;
    const bare = /(?:^|[(|])([*+?])/.exec(pattern);
    return `error parsing regexp: missing argument to repetition operator: \`${bare ? bare[1] : '*'}\``;
  }
  const range = /range out of order in character class/i.test(jsReason) ? /([^\\[])-([^\]])/.exec(pattern) : null;
  if (range) return `error parsing regexp: invalid character class range: \`${range[0]}\``;
  return undefined;
}
