/**
 * cel-go v0.23.2's lexer (parser/gen/CEL.g4's lexer rules, run by ANTLR 4.13's lexer), for the
 * syntax errors a CRD rule gets (syntax-errors.ts): the tokens of a rule, and each
 * "token recognition error at: '...'" ANTLR's lexer reports.
 *
 * ANTLR's lexer takes the longest text any rule matches (the first rule on a tie, so `in` is the
 * keyword and `int` an IDENTIFIER), falling back to the longest accepted prefix when a longer
 * attempt dies (`1e+x` is `1` then `e`...). When no rule accepts anything, it reports the text
 * from the token's start through the character where the last attempt died (`'| '` for a single
 * `|` before a blank), then skips that one character (Lexer.Recover) and starts again after it.
 */

/** Token types, numbered as CEL.tokens numbers them (the order of expected sets in messages). */
export const T = {
  EOF: -1, EQUALS: 1, NOT_EQUALS: 2, IN: 3, LESS: 4, LESS_EQUALS: 5, GREATER_EQUALS: 6, GREATER: 7, LOGICAL_AND: 8, LOGICAL_OR: 9,
  LBRACKET: 10, RPRACKET: 11, LBRACE: 12, RBRACE: 13, LPAREN: 14, RPAREN: 15, DOT: 16, COMMA: 17, MINUS: 18, EXCLAM: 19,
  QUESTIONMARK: 20, COLON: 21, PLUS: 22, STAR: 23, SLASH: 24, PERCENT: 25, CEL_TRUE: 26, CEL_FALSE: 27, NUL: 28,
  NUM_FLOAT: 31, NUM_INT: 32, NUM_UINT: 33, STRING: 34, BYTES: 35, IDENTIFIER: 36, ESC_IDENTIFIER: 37,
} as const;

/** How ANTLR names a token type in "expecting ...": its literal, else its symbolic name. */
const DISPLAY: Record<number, string> = {
  [-1]: '<EOF>', 1: "'=='", 2: "'!='", 3: "'in'", 4: "'<'", 5: "'<='", 6: "'>='", 7: "'>'", 8: "'&&'", 9: "'||'", 10: "'['", 11: "']'",
  12: "'{'", 13: "'}'", 14: "'('", 15: "')'", 16: "'.'", 17: "','", 18: "'-'", 19: "'!'", 20: "'?'", 21: "':'", 22: "'+'", 23: "'*'",
  24: "'/'", 25: "'%'", 26: "'true'", 27: "'false'", 28: "'null'", 31: 'NUM_FLOAT', 32: 'NUM_INT', 33: 'NUM_UINT', 34: 'STRING',
  35: 'BYTES', 36: 'IDENTIFIER', 37: 'ESC_IDENTIFIER',
};

/** IntervalSet.StringVerbose: one name alone, several in braces, in token-type order (EOF first). */
export function displayTokenSet(types: ReadonlySet<number>): string {
  const names = [...types].sort((a, b) => a - b).map((type) => DISPLAY[type]!);
  return names.length === 1 ? names[0]! : `{${names.join(', ')}}`;
}

export interface Token {
  type: number;
  text: string;
  /** Offset of its first character in the source (the source's length for EOF). */
  at: number;
}

export interface LexIssue {
  at: number;
  message: string;
}

const FIXED: ReadonlyArray<[string, number]> = [
  ['==', T.EQUALS], ['!=', T.NOT_EQUALS], ['<=', T.LESS_EQUALS], ['>=', T.GREATER_EQUALS], ['&&', T.LOGICAL_AND], ['||', T.LOGICAL_OR],
  ['<', T.LESS], ['>', T.GREATER], ['[', T.LBRACKET], [']', T.RPRACKET], ['{', T.LBRACE], ['}', T.RBRACE], ['(', T.LPAREN],
  [')', T.RPAREN], [',', T.COMMA], ['-', T.MINUS], ['!', T.EXCLAM], ['?', T.QUESTIONMARK], [':', T.COLON], ['+', T.PLUS],
  ['*', T.STAR], ['/', T.SLASH], ['%', T.PERCENT],
];
const KEYWORDS: Record<string, number> = {in: T.IN, true: T.CEL_TRUE, false: T.CEL_FALSE, null: T.NUL};

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => isDigit(c) || (c !== undefined && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isWord = (c: string | undefined) => isLetter(c) || isDigit(c);

/** One rule's attempt from a start: the longest text it accepts (0: none) and how far it got before dying. */
interface Attempt {
  accepted: number;
  reached: number;
  type: number;
}

/** A digit run's length from `i`. */
function digits(s: string, i: number, test = isDigit): number {
  let j = i;
  while (test(s[j])) j++;
  return j - i;
}

/** EXPONENT at `i`: its length when complete, else how far it got (negative). */
function exponent(s: string, i: number): {length: number; reached: number} {
  if (s[i] !== 'e' && s[i] !== 'E') return {length: 0, reached: i};
  let j = i + 1;
  if (s[j] === '+' || s[j] === '-') j++;
  const n = digits(s, j);
  return n > 0 ? {length: j + n - i, reached: j + n} : {length: 0, reached: j};
}

/** NUM_FLOAT, NUM_INT, NUM_UINT from `i` (a digit, or a dot before a digit). */
function number(s: string, i: number): Attempt {
  let best: Attempt = {accepted: 0, reached: i, type: T.NUM_INT};
  const take = (end: number, type: number) => {
    if (end - i > best.accepted) best = {accepted: end - i, reached: Math.max(best.reached, end), type};
  };
  const reach = (to: number) => {
    best.reached = Math.max(best.reached, to);
  };
  if (s[i] === '.') {
    const n = digits(s, i + 1);
    if (n === 0) return best;
    const e = exponent(s, i + 1 + n);
    reach(e.reached);
    take(i + 1 + n + e.length, T.NUM_FLOAT);
    return best;
  }
  if (s[i] === '0' && s[i + 1] === 'x') {
    const n = digits(s, i + 2, isHex);
    reach(i + 2 + n);
    if (n > 0) {
      take(i + 2 + n, T.NUM_INT);
      if (s[i + 2 + n] === 'u' || s[i + 2 + n] === 'U') take(i + 3 + n, T.NUM_UINT);
    }
  }
  const n = digits(s, i);
  take(i + n, T.NUM_INT);
  if (s[i + n] === 'u' || s[i + n] === 'U') take(i + n + 1, T.NUM_UINT);
  if (s[i + n] === '.') {
    const fraction = digits(s, i + n + 1);
    reach(i + n + 1 + fraction);
    if (fraction > 0) {
      const e = exponent(s, i + n + 1 + fraction);
      reach(e.reached);
      take(i + n + 1 + fraction + e.length, T.NUM_FLOAT);
    }
  }
  const e = exponent(s, i + n);
  reach(e.reached);
  if (e.length > 0) take(i + n + e.length, T.NUM_FLOAT);
  return best;
}

/** ESC_SEQ at `i` (a backslash): its length, or the negative of how far it got before dying. */
function escape(s: string, i: number): number {
  const c = s[i + 1];
  if (c === undefined) return -(1);
  if ('abfnrtv"\'\\?`'.includes(c)) return 2;
  if (c >= '0' && c <= '3') {
    let n = 2;
    while (n < 4 && s[i + n] !== undefined && s[i + n]! >= '0' && s[i + n]! <= '7') n++;
    return n === 4 ? 4 : -n;
  }
  const hex = c === 'x' || c === 'X' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hex === 0) return -1;
  let n = 0;
  while (n < hex && isHex(s[i + 2 + n])) n++;
  return n === hex ? 2 + hex : -(2 + n);
}

/**
 * STRING from `i` (after any `b`): quoted, triple-quoted or raw. `reached` is where the attempt
 * died: the character it could not take, or the end of the source.
 */
function string(s: string, i: number): Attempt {
  const raw = s[i] === 'r' || s[i] === 'R';
  const q = raw ? i + 1 : i;
  const quote = s[q];
  if (quote !== '"' && quote !== "'") return {accepted: 0, reached: q, type: T.STRING};
  // a triple-quoted attempt outlasts a single-quoted one (`""` then more)
  const triple = s.startsWith(quote.repeat(3), q) ? quotedBody(s, q + 3, quote.repeat(3), raw, true) : undefined;
  if (triple && triple.closed > 0) return {accepted: triple.closed - i, reached: triple.closed, type: T.STRING};
  const single = quotedBody(s, q + 1, quote, raw, false);
  if (single.closed > 0) return {accepted: single.closed - i, reached: single.closed, type: T.STRING};
  return {accepted: 0, reached: Math.max(single.reached, triple?.reached ?? 0), type: T.STRING};
}

/**
 * A string's body from `from` up to its closing `close`: the index past the close (-1 when
 * there is none), and how far the attempt got. Escapes are read unless the string is raw; a
 * single-line string dies at a line break.
 */
function quotedBody(s: string, from: number, close: string, raw: boolean, multiLine: boolean): {closed: number; reached: number} {
  let j = from;
  while (j < s.length) {
    if (s.startsWith(close, j)) return {closed: j + close.length, reached: j + close.length};
    const c = s[j];
    if (!multiLine && (c === '\n' || c === '\r')) break;
    if (c === '\\' && !raw) {
      const n = escape(s, j);
      if (n < 0) return {closed: -1, reached: j - n};
      j += n;
      continue;
    }
    j++;
  }
  return {closed: -1, reached: j};
}

/** Two-character tokens by their first character, then one-character ones. */
const PAIRS = new Map<string, Array<[string, number]>>();
const SINGLES = new Map<string, number>();
for (const [text, type] of FIXED) {
  if (text.length === 1) SINGLES.set(text, type);
  else {
    const pairs = PAIRS.get(text[0]!);
    if (pairs) pairs.push([text, type]);
    else PAIRS.set(text[0]!, [[text, type]]);
  }
}

/**
 * The winning attempt at `i` (the longest accepted, the first rule on a tie), or how far any rule
 * got. Which rules can match is decided by the first character: a letter starts an identifier (or
 * a keyword), which a bytes or raw string beginning there outlasts; a digit or a dot before one
 * a number; a quote a string.
 */
function attempt(s: string, i: number): Attempt {
  const c = s[i]!;
  if (isLetter(c)) {
    const next = s[i + 1];
    const quoteAt = (k: number) => s[k] === '"' || s[k] === "'";
    let text: Attempt | undefined;
    if ((c === 'b' || c === 'B') && (quoteAt(i + 1) || ((next === 'r' || next === 'R') && quoteAt(i + 2)))) {
      const bytes = string(s, i + 1);
      if (bytes.accepted > 0) text = {accepted: bytes.accepted + 1, reached: bytes.reached, type: T.BYTES};
    } else if ((c === 'r' || c === 'R') && quoteAt(i + 1)) {
      const raw = string(s, i);
      if (raw.accepted > 0) text = raw;
    }
    let j = i + 1;
    while (isWord(s[j])) j++;
    if (text && text.accepted > j - i) return text;
    const word = s.slice(i, j);
    return {accepted: j - i, reached: j, type: Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word]! : T.IDENTIFIER};
  }
  if (isDigit(c) || (c === '.' && isDigit(s[i + 1]))) return number(s, i);
  if (c === '"' || c === "'") return string(s, i);
  if (c === '`') {
    let j = i + 1;
    while (j < s.length && /[A-Za-z0-9_./ -]/.test(s[j]!)) j++;
    return s[j] === '`' && j > i + 1 ? {accepted: j + 1 - i, reached: j + 1, type: T.ESC_IDENTIFIER} : {accepted: 0, reached: j, type: T.ESC_IDENTIFIER};
  }
  for (const [text, type] of PAIRS.get(c) ?? []) if (s.startsWith(text, i)) return {accepted: 2, reached: i + 2, type};
  const single = c === '.' ? T.DOT : SINGLES.get(c);
  if (single !== undefined) return {accepted: 1, reached: i + 1, type: single};
  // `=`, `&` or `|` alone: the two-character rule died at the next character
  return {accepted: 0, reached: PAIRS.has(c) ? i + 1 : i, type: 0};
}

/** The length of the code point at `i` (2 for a surrogate pair). */
const charLength = (s: string, i: number) => (s.codePointAt(i)! > 0xffff ? 2 : 1);

/** The rule's tokens on the default channel (blanks and `//` comments are hidden), ending with EOF, and the lexer's errors. */
export function lex(source: string): {tokens: Token[]; issues: LexIssue[]} {
  const tokens: Token[] = [];
  const issues: LexIssue[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') {
      i++;
      continue;
    }
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
      continue;
    }
    const found = attempt(source, i);
    if (found.accepted > 0) {
      tokens.push({type: found.type, text: source.slice(i, i + found.accepted), at: i});
      i += found.accepted;
      continue;
    }
    // no rule accepts: the text through the character the attempts died at, which is then skipped
    const failed = Math.max(found.reached, i);
    const end = failed < source.length ? failed + charLength(source, failed) : source.length;
    issues.push({at: i, message: `token recognition error at: '${escapeWhitespace(source.slice(i, end))}'`});
    i = end;
  }
  tokens.push({type: T.EOF, text: '<EOF>', at: source.length});
  return {tokens, issues};
}

/** ANTLR's escapeWSAndQuote without the quotes (also Lexer.GetErrorDisplay's escapes). */
export function escapeWhitespace(text: string): string {
  return text.replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
