/**
 * YAML as istioctl writes `analyze -o yaml`: sigs.k8s.io/yaml's Marshal, which is JSON first,
 * then go-yaml v2 (v2.4) emitting the decoded value. So: map keys sorted, block style, two-space
 * indent, and each string in the scalar style go-yaml picks for it (plain, 'single', "double",
 * or a | block for text with newlines), folded at spaces past column 80 as go-yaml v2 folds.
 *
 * Only what the message list needs: a sequence of mappings of strings. The rules below follow
 * go-yaml v2.4.0's encode.go (stringv), resolve.go and emitterc.go (yaml_emitter_analyze_scalar,
 * yaml_emitter_select_scalar_style and the scalar writers), on code points where Go walks UTF-8.
 */

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

type Style = 'plain' | 'single' | 'double' | 'literal';

/** go-yaml's is_printable: LF, printable ASCII, U+00A0–U+D7FF, U+E000–U+FFFD but the BOM (nothing above U+FFFF). */
function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}
const isSpace = (c: number | undefined) => c === 0x20;
const isBlank = (c: number | undefined) => c === 0x20 || c === 0x09;
const isBreak = (c: number | undefined) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
/** is_blankz: blank, break, or the end (go-yaml's NUL terminator). */
const isBlankz = (c: number | undefined) => c === undefined || c === 0 || isBlank(c) || isBreak(c);

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, for a scalar in block context. */
function analyzeScalar(value: readonly number[]): Analysis {
  if (value.length === 0) return {multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false};
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  const text = String.fromCodePoint(...value.slice(0, 3));
  if (text === '---' || text === '...') blockIndicators = true;
  let precededByWhitespace = true;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const followedByWhitespace = i + 1 >= value.length || isBlank(value[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      else if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else if (ch === ':' && followedByWhitespace) {
      blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) {
      blockIndicators = true;
    }
    // The encoder sets unicode output, so only unprintable characters are special.
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === value.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === value.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) blockPlainAllowed = singleQuotedAllowed = false;
  if (spaceBreak || specialCharacters) blockPlainAllowed = singleQuotedAllowed = blockAllowed = false;
  if (lineBreaks || blockIndicators) blockPlainAllowed = false;
  return {multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed};
}

const RESOLVE_MAP = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO',
  'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<']);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** Go's strconv.ParseInt/ParseUint with base 0 (after go-yaml drops underscores): decimal, 0x, 0o, 0b, leading-0 octal. */
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
/** Go's strconv.ParseFloat on what starts with '.': decimals and hexadecimal floats are rare here; decimals suffice. */
const GO_DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
/** The shapes go-yaml's parseTimestamp accepts (four-digit year, then -M-D, optionally a time). */
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]| )[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?$/;

/** Whether go-yaml would read the plain text back as something other than a string (resolve + isBase60Float). */
function resolvesToNonString(text: string): boolean {
  if (RESOLVE_MAP.has(text)) return true;
  const hint = text[0];
  if (hint === '.') return GO_DOT_FLOAT.test(text);
  if (hint !== undefined && /[-+0-9]/.test(hint)) {
    if (TIMESTAMP.test(text)) return true;
    const plain = text.replace(/_/g, '');
    if (GO_INT.test(plain) || YAML_STYLE_FLOAT.test(plain) || /^-0b[01]+$/.test(plain)) return true;
  }
  return BASE60_FLOAT.test(text);
}

/** encode.go's stringv, then yaml_emitter_select_scalar_style for a mapping value in block context. */
export function scalarStyle(value: readonly number[], text: string): Style {
  const analysis = analyzeScalar(value);
  let style: Style = text.includes('\n') ? 'literal' : resolvesToNonString(text) ? 'double' : 'plain';
  if (style === 'plain' && !analysis.blockPlainAllowed) style = 'single';
  if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && !analysis.blockAllowed) style = 'double';
  return style;
}

/** The emitter's state that the scalar writers read and move: column, and whether the last write was whitespace or indentation. */
export class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;

  put(text: string): void {
    this.out += text;
    this.column += [...text].length;
  }

  putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** write_break: a line break from the value (LF as a newline, others as themselves). */
  writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.out += String.fromCodePoint(c);
      this.column = 0;
      this.indention = true;
    }
  }

  plain(value: readonly number[]): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (isSpace(c)) {
        if (!spaces && this.column > BEST_WIDTH && !isSpace(value[i + 1])) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  singleQuoted(value: readonly number[]): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (isSpace(c)) {
        if (!spaces && this.column > BEST_WIDTH && i > 0 && i < value.length - 1 && !isSpace(value[i + 1])) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  doubleQuoted(value: readonly number[]): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put(`\\${DOUBLE_QUOTED_ESCAPES[c] ?? hexEscape(c)}`);
        spaces = false;
      } else if (isSpace(c)) {
        if (!spaces && this.column > BEST_WIDTH && i > 0 && i < value.length - 1) {
          this.writeIndent();
          if (isSpace(value[i + 1])) this.put('\\');
        } else {
          this.put(' ');
        }
        spaces = true;
      } else {
        this.put(String.fromCodePoint(c));
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  literal(value: readonly number[]): void {
    this.writeIndicator('|', true, false, false);
    if (isSpace(value[0]) || isBreak(value[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = value[value.length - 1];
    const chomp = !isBreak(last) ? '-' : value.length === 1 || isBreak(value[value.length - 2]) ? '+' : '';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of value) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const DOUBLE_QUOTED_ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function hexEscape(c: number): string {
  const [letter, digits] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
  return letter + c.toString(16).toUpperCase().padStart(digits, '0');
}

/**
 * A list of string-valued mappings as sigs.k8s.io/yaml.Marshal writes it (keys sorted as Go
 * sorts strings, by bytes; a key whose value is undefined is left out, as JSON leaves it out).
 */
export function goYamlList(items: readonly Readonly<Record<string, string | undefined>>[]): string {
  if (items.length === 0) return '[]\n';
  const emitter = new Emitter();
  for (const item of items) {
    // The sequence's indent is 0; each item: `- ` then the mapping, whose indent is 2.
    emitter.indent = 0;
    emitter.writeIndent();
    emitter.writeIndicator('-', true, false, true);
    emitter.indent = BEST_INDENT;
    const keys = Object.keys(item).filter((key) => item[key] !== undefined).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of keys) {
      emitter.writeIndent();
      // Keys here are plain ASCII names: a simple key, written plain.
      emitter.plain([...key].map((ch) => ch.codePointAt(0)!));
      emitter.writeIndicator(':', false, false, false);
      const text = item[key]!;
      const value = [...text].map((ch) => ch.codePointAt(0)!);
      // A scalar value is written one indent deeper (yaml_emitter_emit_scalar's increase_indent).
      emitter.indent = BEST_INDENT * 2;
      const style = scalarStyle(value, text);
      if (style === 'plain') emitter.plain(value);
      else if (style === 'single') emitter.singleQuoted(value);
      else if (style === 'double') emitter.doubleQuoted(value);
      else emitter.literal(value);
      emitter.indent = BEST_INDENT;
    }
  }
  emitter.indent = -1;
  emitter.writeIndent();
  return emitter.out;
}
