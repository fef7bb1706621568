/**
 * RE2 regexes as istiod checks them. istiod compiles every `regex` with Go's regexp package
 * (pkg/config/validation validateStringRegexp: at most 1024 bytes, then regexp.Compile);
 * Envoy matches them with RE2. Both are RE2 syntax: no lookaround, backreferences, atomic
 * groups or possessive quantifiers. The pattern is compiled with re2js, a linear-time port
 * of Go's regexp/syntax parser and of RE2, so the verdict is Go's own, limits included: a
 * repeat count above 1000, nested repeats whose product exceeds 1000 (`(a{2}){600}`),
 * nesting deeper than 1000 and programs above Go's maxSize are all "error parsing regexp".
 * Messages are Go's ("error parsing regexp: <code>: `<expr>`"), with a hint when the pattern
 * uses another engine's syntax (lookahead, backreferences...).
 */
import {RE2JS, RE2JSSyntaxException} from 're2js';
import {utf8Length} from '../yaml/index';

/** validateStringRegexp: `len(re) > 1024` in Go counts UTF-8 bytes. */
export const MAX_REGEX_BYTES = 1024;

/** The validation error istiod reports for `pattern` in a StringMatch or uriRegexRewrite (without the `"where": ` prefix). */
export function re2Error(pattern: string): string | undefined {
  if (utf8Length(pattern) > MAX_REGEX_BYTES) return `regex is too large, max length allowed is ${MAX_REGEX_BYTES}`;
  return goRegexpError(pattern);
}

const verdicts = new Map<string, string | null>();
const VERDICT_CACHE_SIZE = 512;

/** What Go's regexp.Compile says of `pattern` (undefined when it compiles), with a hint for other engines' syntax. */
export function goRegexpError(pattern: string): string | undefined {
  let verdict = verdicts.get(pattern);
  if (verdict === undefined) {
    const error = goParseError(pattern);
    verdict = error ? `${error.message}${hint(error)}` : null;
    if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(pattern, verdict);
  }
  return verdict ?? undefined;
}

interface GoError {
  /** Go's ErrorCode text, e.g. "invalid escape sequence". */
  code: string;
  /** The expression Go quotes. */
  expr: string;
  message: string;
}

function goError(code: string, expr: string): GoError {
  return {code, expr, message: `error parsing regexp: ${code}: \`${expr}\``};
}

/**
 * re2js parses as Go's regexp/syntax does, with two differences from Go 1.25 (what istiod
 * 1.30 is built with) that this works around, both places where Go accepts more:
 * - Go allows two groups with the same name; re2js (like C++ RE2) rejects the second.
 * - Go 1.25 looks `\p{...}` names up loosely (case, `_`, `-` and spaces ignored) and knows
 *   Unicode's long category names (`\p{Letter}`) and `ASCII`; re2js knows the exact names only.
 * Each such construct is rewritten away (a duplicate name renamed, the class replaced by one
 * private-use character) and the pattern parsed again, until it compiles or fails for a
 * reason Go shares; the rewrites are undone in the expression the error quotes.
 */
function goParseError(pattern: string): GoError | undefined {
  let source = pattern;
  const undo: Array<[string, string]> = [];
  for (let attempt = 0; attempt < 64; attempt++) {
    let error: RE2JSSyntaxException;
    try {
      RE2JS.compile(source);
      return undefined;
    } catch (caught) {
      if (!(caught instanceof RE2JSSyntaxException)) throw caught;
      error = caught;
    }
    const code = error.error;
    const expr = error.input;
    if (code === 'duplicate capture group name' && expr) {
      let seen = 0;
      source = replaceUnescaped(source, new RegExp(`(\\(\\?P?<)${expr}>`, 'g'), (opener) => {
        if (seen++ === 0) return `${opener}${expr}>`;
        const renamed = `${expr}${DUPLICATE_SUFFIX}${seen}`;
        undo.push([renamed, expr]);
        return `${opener}${renamed}>`;
      });
      continue;
    }
    const token = expr && code === 'invalid character class range' && goKnowsUnicodeClass(expr) ? unusedCharacter(source) : undefined;
    if (expr && token) {
      source = replaceUnescaped(source, new RegExp(escapeRegExp(expr), 'g'), () => token);
      undo.push([token, expr]);
      continue;
    }
    // Go quotes the whole pattern for the size and depth limits and nothing for a trailing backslash.
    let quoted = expr ?? (code === 'expression too large' || code === 'expression nests too deeply' ? source : '');
    for (const [made, original] of undo.reverse()) quoted = quoted.split(made).join(original);
    return goError(code, quoted);
  }
  return undefined;
}

const DUPLICATE_SUFFIX = '__go_duplicate_';

/**
 * `text` with the matches of `pattern` replaced where the match's first character is not
 * escaped (an even number of backslashes before it). The replacer gets the first capture
 * group, if any.
 */
function replaceUnescaped(text: string, pattern: RegExp, replacer: (group: string) => string): string {
  return text.replace(pattern, (match: string, ...rest: unknown[]) => {
    const group = typeof rest[0] === 'string' ? rest[0] : '';
    const offset = rest.find((r): r is number => typeof r === 'number')!;
    let backslashes = 0;
    for (let i = offset - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
    return backslashes % 2 === 0 ? replacer(group) : match;
  });
}

/** A private-use character the pattern does not contain: a one-rune literal, valid inside a class too. */
function unusedCharacter(text: string): string | undefined {
  for (let code = 0xe000; code <= 0xf8ff; code++) {
    const ch = String.fromCharCode(code);
    if (!text.includes(ch)) return ch;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** unicode.CategoryAliases (Go 1.25), keyed by canonicalName. */
const CATEGORY_ALIASES = new Set([
  'Casedletter', 'Closepunctuation', 'Combiningmark', 'Connectorpunctuation', 'Control', 'Currencysymbol',
  'Dashpunctuation', 'Decimalnumber', 'Enclosingmark', 'Finalpunctuation', 'Format', 'Initialpunctuation',
  'Letter', 'Letternumber', 'Lineseparator', 'Lowercaseletter', 'Mark', 'Mathsymbol', 'Modifierletter',
  'Modifiersymbol', 'Nonspacingmark', 'Number', 'Openpunctuation', 'Other', 'Otherletter', 'Othernumber',
  'Otherpunctuation', 'Othersymbol', 'Paragraphseparator', 'Privateuse', 'Punctuation', 'Separator',
  'Spaceseparator', 'Spacingmark', 'Surrogate', 'Symbol', 'Titlecaseletter', 'Unassigned', 'Uppercaseletter',
  'Cntrl', 'Digit', 'Punct',
]);

/** regexp/syntax canonicalName: `_`, `-` and spaces dropped, first letter upper case, the rest lower case. */
function canonicalName(name: string): string {
  const letters = name.replace(/[-_ ]/g, '');
  return letters.charAt(0).toUpperCase() + letters.slice(1).toLowerCase();
}

/** Whether Go 1.25's unicodeTable knows the name in `\p{name}` / `\pN` (`seq` is the whole escape). */
function goKnowsUnicodeClass(seq: string): boolean {
  const braced = /^\\[pP]\{\^?([^}]*)\}$/.exec(seq);
  const single = /^\\[pP]([A-Za-z])$/.exec(seq);
  const name = braced?.[1] ?? single?.[1];
  if (name === undefined) return false;
  const canonical = canonicalName(name);
  if (['Any', 'Assigned', 'Ascii', 'Lc'].includes(canonical) || CATEGORY_ALIASES.has(canonical)) return true;
  if (canonical === name || canonical === '') return false;
  try {
    RE2JS.compile(`\\p{${canonical}}`);
    return true;
  } catch {
    return false;
  }
}

/** What the pattern probably meant, for syntax that other regex engines have and RE2 does not. */
function hint({code, expr}: GoError): string {
  if (code === 'invalid or unsupported Perl syntax') {
    if (expr === '(?=') return ' (RE2 has no lookahead)';
    if (expr === '(?!') return ' (RE2 has no negative lookahead)';
    if (expr === '(?>') return ' (RE2 has no atomic groups)';
  }
  if (code === 'invalid named capture') {
    if (expr.startsWith('(?<=')) return ' (RE2 has no lookbehind)';
    if (expr.startsWith('(?<!')) return ' (RE2 has no negative lookbehind)';
  }
  if (code === 'invalid escape sequence' && /^\\([1-9]|k)$/.test(expr)) return ' (RE2 has no backreferences)';
  if (code === 'invalid nested repetition operator' && /^([*+?]|\{\d+(,\d*)?\})\+$/.test(expr)) return ' (RE2 has no possessive quantifiers)';
  return '';
}
