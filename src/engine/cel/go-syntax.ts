/**
 * What cel-go v0.23.2's grammar (parser/gen/CEL.g4) accepts and cel-js's parser does not, written
 * in terms cel-js parses, so that such a rule is type-checked, costed and evaluated like any other
 * (tests/engine/cel/go-syntax.test.ts lists each gap against parser_test.go's accepted inputs):
 *
 * - a double without leading digits (NUM_FLOAT `'.' DIGIT+`): `.5` becomes `0.5`;
 * - form feed, which CEL.g4's WHITESPACE skips: a space;
 * - raw bytes (BYTES is `b` before any STRING, raw ones included): `br"\d"` becomes `b"\\d"`;
 * - a leading dot (`.self`, `.f(x)`): dropped. In v0.23.2 it only skips the container
 *   (containers.ResolveCandidateNames), empty in Kubernetes, and checker/env.go LookupIdent then
 *   searches every scope, innermost first, so a macro variable of that name is what `.name` reads
 *   (as the plain name does). Only cel-go v0.27 (#1256) made it the root scope's;
 * - `.has(e)`: parser.go VisitGlobalCall names the call `.has`, and expandMacro looks macros up
 *   by that name, so it is no macro: a global call whose arguments are checked as any call's,
 *   then LookupFunction strips the dot and finds no function `has` ("undeclared reference to
 *   '.has'"). Written LEADING_DOT_HAS(e), which estimate-expr.ts reads as that call;
 * - optional list elements `[a, ?b]` and map entries `{?k: v}` (optional syntax is on in
 *   Kubernetes 1.33: base.go cel.OptionalTypes from 1.28): `__optional_list__([a, b], [1])` and
 *   `__optional_map__({k: v}, [0])`, the indices of the optional ones;
 * - message construction `a.b.Msg{f: v, ?g: w}`: `__message__("a.b.Msg", {"f": v, "g": w}, [1])`.
 *
 * estimate-expr.ts turns the three calls back into cel-go's list, map and struct expressions, and
 * kubernetes-library.ts evaluates the first two as cel-go's interpreter does (an absent optional
 * element is left out). `origin` maps each offset of the rewrite back to the rule's own, so issues
 * are placed where cel-go places them. One pass with a stack of open brackets: linear time, no recursion.
 */

export const OPTIONAL_LIST = '__optional_list__';
export const OPTIONAL_MAP = '__optional_map__';
export const MESSAGE = '__message__';
/** `.has(e)`: a call of the function `.has`, not the macro (see above). */
export const LEADING_DOT_HAS = '__leading_dot_has__';

export interface BridgedSource {
  text: string;
  /** origin[i]: the rule's offset the rewrite's offset i came from (one past the end included). */
  origin: number[];
  /** The rule's offsets of the leading dots dropped (`.self`), which cel-go's messages still spell. */
  leadingDots: Set<number>;
}

const NAME_CHAR = /[A-Za-z0-9_]/;
const KEYWORDS = new Set(['in', 'true', 'false', 'null']);
/** Characters that end an operand: a `.`, `[` or `{` after one continues it rather than starting a primary. */
const OPERAND_END = /[A-Za-z0-9_)\]}"'`]/;

/** Replace `remove` characters at `at` with `insert`, whose characters come from `origin` (default `at`). */
interface Edit {
  at: number;
  remove: number;
  insert: string;
  origin?: number;
  /** A leading dot dropped. */
  leadingDot?: true;
}

/** An open bracket while scanning: where its items start, and whether it is a literal or message. */
interface Open {
  at: number;
  char: string;
  /** 'list' or 'map' for a literal, 'message' after a type name, undefined for an index or call. */
  literal?: 'list' | 'map' | 'message';
  /** For a message: where its dotted name starts, and the name. */
  nameStart?: number;
  name?: string;
  items: number[];
}

/**
 * The rewrite of `source`, or undefined when it has none of the syntax above (cel-js parses it
 * as it is). One pass with a stack of open brackets, so its time is linear whatever the nesting.
 */
export function bridgeGoSyntax(source: string): BridgedSource | undefined {
  const edits = findEdits(source);
  if (edits.length === 0) return undefined;
  const leadingDots = new Set(edits.filter((edit) => edit.leadingDot).map((edit) => edit.at));
  return {...applyEdits(source, edits), leadingDots};
}

/** Whether the name at the rule's offset `at` was written with a leading dot (`.self`, `. f(x)`). */
export function hasLeadingDot(bridged: BridgedSource, source: string, at: number): boolean {
  let dot = at - 1;
  while (dot >= 0 && /\s/.test(source[dot]!)) dot--;
  return bridged.leadingDots.has(dot);
}

function findEdits(s: string): Edit[] {
  const edits: Edit[] = [];
  const stack: Open[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '/' && s[i + 1] === '/') {
      const end = s.indexOf('\n', i);
      i = end < 0 ? s.length : end;
      continue;
    }
    const string = stringAt(s, i);
    if (string) {
      if (/^[bB][rR]$/.test(string.prefix)) rawBytes(s, i, string.end, edits);
      i = string.end;
      continue;
    }
    if (NAME_CHAR.test(c)) {
      while (i < s.length && NAME_CHAR.test(s[i]!)) i++;
      continue;
    }
    switch (c) {
      case '\f':
        edits.push({at: i, remove: 1, insert: ' '});
        break;
      case '.':
        if (/\d/.test(s[i + 1] ?? '') && !afterName(s, i)) edits.push({at: i, remove: 0, insert: '0'});
        else if (primaryAt(s, i)) leadingDot(s, i, edits);
        break;
      case '[': case '{': case '(': {
        const open: Open = {at: i, char: c, items: [i + 1]};
        if (c === '[' && primaryAt(s, i)) open.literal = 'list';
        else if (c === '{') Object.assign(open, braceKind(s, i));
        stack.push(open);
        break;
      }
      case ',':
        stack.at(-1)?.items.push(i + 1);
        break;
      case ']': case '}': case ')': {
        const open = stack.pop();
        if (open?.literal) closeAggregate(s, open, i, edits);
        break;
      }
    }
    i++;
  }
  return edits;
}

/** A leading dot before a name (blanks may follow it, as CEL.g4 skips them between tokens): dropped, or `.has(` named LEADING_DOT_HAS. */
function leadingDot(s: string, dot: number, edits: Edit[]): void {
  const name = /^\s*(?=[A-Za-z_])(has\s*\()?/.exec(s.slice(dot + 1, dot + 1024));
  if (!name) return;
  if (name[1]) {
    const has = dot + 1 + name[0].length - name[1].length;
    edits.push({at: dot, remove: has + 3 - dot, insert: LEADING_DOT_HAS, origin: has, leadingDot: true});
  } else edits.push({at: dot, remove: 1, insert: '', leadingDot: true});
}

/** A `{` starts a message after a dotted type name in primary position, else a map literal in primary position. */
function braceKind(s: string, open: number): Partial<Open> {
  let end = open - 1;
  while (end >= 0 && /\s/.test(s[end]!)) end--;
  let start = -1;
  for (let last = end; ;) {
    let first = last + 1;
    while (first > 0 && NAME_CHAR.test(s[first - 1]!)) first--;
    if (first > last || !/[A-Za-z_]/.test(s[first]!)) break;
    start = first;
    let dot = first - 1;
    while (dot >= 0 && /\s/.test(s[dot]!)) dot--;
    if (s[dot] !== '.') break;
    let before = dot - 1;
    while (before >= 0 && /\s/.test(s[before]!)) before--;
    // a leading dot ends the name (the `.` case drops it)
    if (before < 0 || !NAME_CHAR.test(s[before]!)) break;
    last = before;
  }
  const name = start < 0 ? '' : s.slice(start, end + 1).replace(/\s+/g, '');
  if (name !== '' && !KEYWORDS.has(name) && primaryAt(s, start)) return {literal: 'message', nameStart: start, name};
  return primaryAt(s, open) ? {literal: 'map'} : {};
}

/** Records the edits for a list, map or message literal closing at `close`. */
function closeAggregate(s: string, open: Open, close: number, edits: Edit[]): void {
  const items = open.items;
  const optional: number[] = [];
  items.forEach((start, index) => {
    const end = index + 1 < items.length ? items[index + 1]! - 1 : close;
    let first = start;
    while (first < end && /\s/.test(s[first]!)) first++;
    // a trailing comma's empty item
    if (first === end) return;
    const question = s[first] === '?';
    if (question) {
      optional.push(index);
      edits.push({at: first, remove: 1, insert: ''});
    }
    if (open.literal === 'message') {
      // the field's name becomes a string key
      const from = question ? first + 1 : first;
      const field = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(from, Math.min(end, from + 1024)));
      if (field) edits.push({at: from + field[0].length - field[1]!.length, remove: field[1]!.length, insert: JSON.stringify(field[1])});
    }
  });
  if (open.literal === 'message') {
    // cel-go places the message at its brace
    edits.push({at: open.nameStart!, remove: open.at - open.nameStart!, insert: `${MESSAGE}(${JSON.stringify(open.name)}, `, origin: open.at});
    edits.push({at: close + 1, remove: 0, insert: `, [${optional.join(', ')}])`});
  } else if (optional.length > 0) {
    edits.push({at: open.at, remove: 0, insert: `${open.literal === 'list' ? OPTIONAL_LIST : OPTIONAL_MAP}(`});
    edits.push({at: close + 1, remove: 0, insert: `, [${optional.join(', ')}])`});
  }
}

/** Raw bytes `br"..."` as plain bytes: the `r` dropped, each backslash doubled. */
function rawBytes(s: string, at: number, end: number, edits: Edit[]): void {
  edits.push({at: at + 1, remove: 1, insert: ''});
  for (let k = at + 2; k < end; k++) if (s[k] === '\\') edits.push({at: k, remove: 0, insert: '\\'});
}

/** The edits applied in order of position (a stable sort keeps an inner literal's closing before its outer one's). */
function applyEdits(s: string, edits: Edit[]): Omit<BridgedSource, 'leadingDots'> {
  const sorted = edits.map((edit, order) => ({edit, order})).sort((a, b) => a.edit.at - b.edit.at || a.order - b.order).map(({edit}) => edit);
  let text = '';
  const origin: number[] = [];
  let i = 0;
  for (const edit of sorted) {
    if (edit.at < i) continue;
    text += s.slice(i, edit.at);
    for (let k = i; k < edit.at; k++) origin.push(k);
    text += edit.insert;
    for (let k = 0; k < edit.insert.length; k++) origin.push(edit.origin ?? edit.at);
    i = edit.at + edit.remove;
  }
  text += s.slice(i);
  for (let k = i; k <= s.length; k++) origin.push(k);
  return {text, origin};
}

/** Whether offset `i` starts a primary expression: what precedes it (past blanks) cannot end an operand, or is the keyword `in`. */
function primaryAt(s: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /\s/.test(s[j]!)) j--;
  if (j < 0 || !OPERAND_END.test(s[j]!)) return true;
  return s.slice(Math.max(0, j - 1), j + 1) === 'in' && !NAME_CHAR.test(s[j - 2] ?? '') && j + 1 < i;
}

/** The string literal starting at `i` (quotes, raw `r`, bytes `b`, and `br`), with its end and prefix. */
export function stringAt(s: string, i: number): {end: number; prefix: string} | undefined {
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

/** Whether the `.` at `i` follows a name or number (`1.5`, `a.5`), not the start of `.5`. */
function afterName(s: string, i: number): boolean {
  return i > 0 && NAME_CHAR.test(s[i - 1]!);
}
