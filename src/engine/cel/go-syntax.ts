/**
 * What cel-go v0.23.2's grammar (parser/gen/CEL.g4) accepts and cel-js's parser does not, written
 * in terms cel-js parses, so that such a rule is type-checked, costed and evaluated like any other
 * (tests/engine/cel/go-syntax.test.ts lists each gap against parser_test.go's accepted inputs):
 *
 * - a double without leading digits (NUM_FLOAT `'.' DIGIT+`): `.5` becomes `0.5`;
 * - form feed, which CEL.g4's WHITESPACE skips: a space;
 * - raw bytes (BYTES is `b` before any STRING, raw ones included): `br"\d"` becomes `b"\\d"`;
 * - a leading dot (`.self`, `.f(x)`), which resolves the name from the root scope: with
 *   Kubernetes' empty container that is the plain name, unless a macro variable of that name
 *   shadows it (then the rule is left as written);
 * - optional list elements `[a, ?b]` and map entries `{?k: v}` (optional syntax is on in
 *   Kubernetes 1.33: base.go cel.OptionalTypes from 1.28): `__optional_list__([a, b], [1])` and
 *   `__optional_map__({k: v}, [0])`, the indices of the optional ones;
 * - message construction `a.b.Msg{f: v, ?g: w}`: `__message__("a.b.Msg", {"f": v, "g": w}, [1])`.
 *
 * estimate-expr.ts turns the three calls back into cel-go's list, map and struct expressions, and
 * kubernetes-library.ts evaluates the first two as cel-go's interpreter does (an absent optional
 * element is left out). `origin` maps each offset of the rewrite back to the rule's own, so issues
 * are placed where cel-go places them.
 */

export const OPTIONAL_LIST = '__optional_list__';
export const OPTIONAL_MAP = '__optional_map__';
export const MESSAGE = '__message__';

export interface BridgedSource {
  text: string;
  /** origin[i]: the rule's offset the rewrite's offset i came from (one past the end included). */
  origin: number[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const KEYWORDS = new Set(['in', 'true', 'false', 'null']);
/** Characters that end an operand: a `.`, `[` or `{` after one continues it rather than starting a primary. */
const OPERAND_END = /[A-Za-z0-9_)\]}"'`]/;

/** The rewrite of `source`, or undefined when it has none of the syntax above (cel-js parses it as it is). */
export function bridgeGoSyntax(source: string): BridgedSource | undefined {
  const out = new Rewriter(source);
  out.copy(0, source.length);
  if (!out.changed) return undefined;
  out.origin.push(source.length);
  return {text: out.text, origin: out.origin};
}

class Rewriter {
  text = '';
  origin: number[] = [];
  changed = false;
  constructor(private readonly source: string) {}

  private emit(text: string, at: number): void {
    this.text += text;
    for (let i = 0; i < text.length; i++) this.origin.push(at);
    this.changed = true;
  }

  private keep(from: number, to: number): void {
    this.text += this.source.slice(from, to);
    for (let i = from; i < to; i++) this.origin.push(i);
  }

  /** Whether offset `i` starts a primary expression: what precedes it (past blanks) cannot end an operand, or is the keyword `in`. */
  private primaryAt(i: number): boolean {
    let j = i - 1;
    while (j >= 0 && /\s/.test(this.source[j]!)) j--;
    if (j < 0) return true;
    if (!OPERAND_END.test(this.source[j]!)) return true;
    return this.source.slice(Math.max(0, j - 1), j + 1) === 'in' && !NAME_CHAR.test(this.source[j - 2] ?? '') && /\s/.test(this.source[j + 1] ?? '');
  }

  /** Rewrites source[from, to) onto the output. */
  copy(from: number, to: number): void {
    const s = this.source;
    let i = from;
    while (i < to) {
      const c = s[i]!;
      if (c === '/' && s[i + 1] === '/') {
        const end = s.indexOf('\n', i);
        const stop = end < 0 || end > to ? to : end;
        this.keep(i, stop);
        i = stop;
        continue;
      }
      const string = stringAt(s, i);
      if (string) {
        this.string(i, string);
        i = string.end;
        continue;
      }
      if (c === '\f') {
        this.emit(' ', i);
        i++;
        continue;
      }
      if (NAME_CHAR.test(c)) {
        const word = /^[A-Za-z0-9_]+/.exec(s.slice(i, to))![0];
        if (/^[A-Za-z_]/.test(word) && this.primaryAt(i) && this.message(i, to)) return;
        this.keep(i, i + word.length);
        i += word.length;
        continue;
      }
      if (c === '.' && /\d/.test(s[i + 1] ?? '') && !afterDigits(s, i)) {
        this.emit('0', i);
        this.keep(i, i + 1);
        i++;
        continue;
      }
      if (c === '.' && this.primaryAt(i)) {
        const name = NAME.exec(s.slice(i + 1, to))?.[0];
        if (name && !shadowed(s, name)) {
          // the leading dot is dropped; a message construction may follow
          this.changed = true;
          if (this.message(i + 1, to)) return;
          this.keep(i + 1, i + 1 + name.length);
          i += 1 + name.length;
          continue;
        }
      }
      if ((c === '[' || c === '{') && this.primaryAt(i)) {
        const close = closing(s, i, to);
        if (close > 0) {
          this.aggregate(i, close);
          i = close + 1;
          continue;
        }
      }
      this.keep(i, i + 1);
      i++;
    }
  }

  /** A string literal, raw bytes rewritten as plain bytes. */
  private string(at: number, {end, prefix}: {end: number; prefix: string}): void {
    if (!/^[bB][rR]$/.test(prefix)) return this.keep(at, end);
    const quoteStart = at + 2;
    const quote = this.source.startsWith(this.source[quoteStart]!.repeat(3), quoteStart) ? this.source[quoteStart]!.repeat(3) : this.source[quoteStart]!;
    this.keep(at, at + 1);
    this.changed = true;
    this.keep(quoteStart, quoteStart + quote.length);
    for (let k = quoteStart + quote.length; k < end - quote.length; k++) {
      if (this.source[k] === '\\') this.emit('\\\\', k);
      else this.keep(k, k + 1);
    }
    this.keep(end - quote.length, end);
  }

  /**
   * `name(.name)* {fields}` from `nameStart`, rewritten as a `__message__` call, then the rest of
   * the range; false when no `{` follows the dotted name (or it is a keyword: `x in {}`).
   */
  private message(nameStart: number, to: number): boolean {
    const s = this.source;
    const dotted = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*\s*/.exec(s.slice(nameStart, to));
    const open = nameStart + (dotted?.[0].length ?? 0);
    if (!dotted || s[open] !== '{' || KEYWORDS.has(dotted[0].trim())) return false;
    const close = closing(s, open, to);
    if (close < 0) return false;
    this.emit(`${MESSAGE}(${JSON.stringify(dotted[0].replace(/\s+/g, ''))}, `, open);
    this.keep(open, open + 1);
    const optional: number[] = [];
    splitTopLevel(s, open + 1, close).forEach(([from, end], index) => {
      const field = /^(\s*)(\?\s*)?([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(from, end));
      if (field) {
        // the field's name becomes a string key, past its `?`
        if (field[2]) optional.push(index);
        const nameAt = from + field[1]!.length + (field[2]?.length ?? 0);
        this.keep(from, from + field[1]!.length);
        this.emit(JSON.stringify(field[3]), nameAt);
        this.copy(nameAt + field[3]!.length, end);
      } else {
        this.copy(from, end);
      }
      if (end < close) this.keep(end, end + 1);
    });
    this.keep(close, close + 1);
    this.emit(`, [${optional.join(', ')}])`, close);
    // what follows continues the primary (`Msg{}.f`)
    this.copy(close + 1, to);
    return true;
  }

  /** A list or map literal whose items may start with `?`. */
  private aggregate(open: number, close: number): void {
    const s = this.source;
    const items = splitTopLevel(s, open + 1, close);
    const optional = items.flatMap(([from, end], index) => (/^\s*\?/.test(s.slice(from, end)) ? [index] : []));
    if (optional.length > 0) this.emit(`${s[open] === '[' ? OPTIONAL_LIST : OPTIONAL_MAP}(`, open);
    this.keep(open, open + 1);
    items.forEach(([from, end], index) => {
      const question = optional.includes(index) ? s.indexOf('?', from) : -1;
      if (question >= 0) {
        this.keep(from, question);
        this.changed = true;
        this.copy(question + 1, end);
      } else {
        this.copy(from, end);
      }
      // the comma after the item, a trailing one included
      if (end < close) this.keep(end, end + 1);
    });
    this.keep(close, close + 1);
    if (optional.length > 0) this.emit(`, [${optional.join(', ')}])`, open);
  }
}

/** The string literal starting at `i` (quotes, raw `r`, bytes `b`, and `br`), with its end. */
function stringAt(s: string, i: number): {end: number; prefix: string} | undefined {
  if (i > 0 && NAME_CHAR.test(s[i - 1]!)) return undefined;
  const prefix = /^(?:[bB][rR]?|[rR][bB]?)?(?=["'])/.exec(s.slice(i, i + 3))?.[0];
  if (prefix === undefined) return undefined;
  const raw = /[rR]/.test(prefix);
  const q = i + prefix.length;
  const quote = s.startsWith(s[q]!.repeat(3), q) ? s[q]!.repeat(3) : s[q]!;
  let k = q + quote.length;
  while (k < s.length) {
    if (!raw && s[k] === '\\') {
      k += 2;
      continue;
    }
    if (s.startsWith(quote, k)) return {end: k + quote.length, prefix};
    k++;
  }
  return {end: s.length, prefix};
}

/** Whether the `.` at `i` is a number's (`1.5`), not the start of `.5`. */
function afterDigits(s: string, i: number): boolean {
  let j = i;
  while (j > 0 && NAME_CHAR.test(s[j - 1]!)) j--;
  return j < i;
}

/** Whether a macro or cel.bind variable named `name` could shadow it (then `.name` differs from `name`). */
function shadowed(s: string, name: string): boolean {
  return new RegExp(`[(,]\\s*${name}\\s*,`).test(s);
}

/** The offset of the bracket closing the one at `open`, or -1. */
function closing(s: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    const string = stringAt(s, i);
    if (string) {
      i = string.end - 1;
      continue;
    }
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth === 0) return i;
  }
  return -1;
}

/** The [start, end) of each comma-separated item in s[from, to), a trailing comma's empty item left out. */
function splitTopLevel(s: string, from: number, to: number): Array<[number, number]> {
  const items: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const string = stringAt(s, i);
    if (string) {
      i = string.end - 1;
      continue;
    }
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      items.push([start, i]);
      start = i + 1;
    }
  }
  if (s.slice(start, to).trim() !== '') items.push([start, to]);
  return items;
}
