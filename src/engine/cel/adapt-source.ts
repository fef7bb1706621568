/**
 * Syntax cel-go parses and cel-js does not (`.5`, `[?x]`, `{?k: v}`, ...) is first rewritten by
 * go-syntax.ts. Then, two places where cel-js (the engine's CEL interpreter) departs from cel-go, which the API
 * server runs, bridged by rewriting a rule's source once, before it is compiled:
 *
 * - `has()` in cel-js takes only a chain of field selections from a variable
 *   (`has(self.a.b)`); CEL allows any operand, and the Gateway API writes
 *   `has(self.matches[0].path)`. `has(e.f)` becomes `__has__(e, "f")`, the presence test that
 *   kubernetes-library.ts implements as cel-go's attributes.go refQualify answers it, and that
 *   the cost meter charges as cel-go does (nothing for the test itself), not as an `in`.
 * - `matches()` in cel-js is a JavaScript RegExp; cel-go's is RE2 (Go's regexp), whose syntax
 *   differs (`(?i)` flags, which the Gateway API's GRPCRoute uses). Method calls become
 *   `re2Matches`, which kubernetes-library.ts implements with re2js.
 *
 * - Escaped property names (escaping.ts: `p1.__namespace__` reads `namespace`), which cel-js
 *   would look up as written: the selection becomes an index by the property's own name
 *   (`p1["namespace"]`), and `has()` of it becomes `__has__(p1, "namespace")`.
 *
 * - `timestamp(x)` and `duration(x)` become TIMESTAMP_CONVERSION(x) and DURATION_CONVERSION(x):
 *   cel-go's values (timestamps.ts, durations.ts), not cel-js's Dates and durations; the type
 *   names `google.protobuf.Timestamp` and `google.protobuf.Duration` become those values' types.
 *
 * String literals are skipped, so a pattern or message that spells `has(` stays as written.
 */
import {unescapeCelName} from './escaping';
import {bridgeGoSyntax, LEADING_DOT_HAS, stringAt} from './go-syntax';
import {TIMESTAMP_CONVERSION} from './timestamps';
import {DURATION_CONVERSION} from './durations';

/** The function a rewritten `has(e.f)` calls (kubernetes-library.ts presenceTest). */
export const PRESENCE_TEST = '__has__';

/** Index just past the string literal starting at `start` (go-syntax.ts stringAt: quotes, r, b, br prefixes). */
export function skipString(source: string, start: number): number {
  return stringAt(source, start)?.end ?? start + 1;
}

/** Whether a string literal (quoted, raw r"...", bytes b"...", raw bytes br"...") starts at `i`. */
export function startsString(source: string, i: number): boolean {
  return stringAt(source, i) !== undefined;
}

/** Index of the parenthesis closing the one opened just before `start`. */
function closingParen(source: string, start: number): number {
  let depth = 1;
  for (let i = start; i < source.length; i++) {
    if (startsString(source, i)) {
      i = skipString(source, i) - 1;
      continue;
    }
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * `e.f` split at its last top-level dot, when `e` is more than a dotted chain of names; `e["f"]`
 * (an escaped name, already rewritten) always, since cel-js's has() takes only selections.
 */
function splitSelection(argument: string): {operand: string; field: string} | undefined {
  const text = argument.trim();
  const indexed = /\[("(?:[^"\\]|\\.)*")\]$/.exec(text);
  if (indexed) return {operand: text.slice(0, indexed.index).trim(), field: JSON.parse(indexed[1]!) as string};
  const match = /\.\s*([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (!match) return undefined;
  const operand = text.slice(0, match.index).trim();
  if (/^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/.test(operand)) return undefined;
  return {operand, field: match[1]!};
}

/** Whether the dot at `i` follows a number literal (`1.5`), not a name (`p1.f`). */
function afterNumber(source: string, i: number): boolean {
  let j = i;
  while (j > 0 && /\w/.test(source[j - 1]!)) j--;
  return j < i && /\d/.test(source[j]!);
}

/** The type names and conversions cel-go's values replace, matched in place (sticky: no copy of the rest). */
const TYPE_NAME = /google\s*\.\s*protobuf\s*\.\s*(Timestamp|Duration)\b(?!\s*\{)/y;
const CONVERSION = /(timestamp|duration)\s*\(/y;

function at(pattern: RegExp, source: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(source);
}

export function adaptRuleSource(rule: string): string {
  const source = bridgeGoSyntax(rule)?.text ?? rule;
  let out = '';
  let i = 0;
  while (i < source.length) {
    if (startsString(source, i)) {
      const end = skipString(source, i);
      out += source.slice(i, end);
      i = end;
      continue;
    }
    // the checker refuses `.has(e)` (go-syntax.ts): no program to run
    if (source.startsWith(LEADING_DOT_HAS, i)) throw new Error("undeclared reference to '.has' (in container '')");
    // the type names: cel-js's constants name its own classes, so they are the types of cel-go's values
    const startsName = (source[i] === 'g' || source[i] === 't' || source[i] === 'd') && !/[\w.]/.test(source[i - 1] ?? '');
    const typeName = startsName ? at(TYPE_NAME, source, i) : null;
    if (typeName) {
      out += `type(${typeName[1] === 'Timestamp' ? TIMESTAMP_CONVERSION : DURATION_CONVERSION}(0))`;
      i += typeName[0].length;
      continue;
    }
    // cel-js's timestamp() and duration() build its own values; cel-go's are registered under other names
    const conversion = startsName ? at(CONVERSION, source, i)?.[1] : undefined;
    if (conversion) {
      out += conversion === 'timestamp' ? TIMESTAMP_CONVERSION : DURATION_CONVERSION;
      i += conversion.length;
      continue;
    }
    if (source.startsWith('.matches(', i)) {
      out += '.re2Matches(';
      i += '.matches('.length;
      continue;
    }
    if (source[i] === '.' && !afterNumber(source, i)) {
      const escaped = /^\.\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(source.slice(i, i + 256));
      const name = escaped && unescapeCelName(escaped[1]!);
      if (escaped && name !== undefined && name !== escaped[1] && source[i + escaped[0].length] !== '(') {
        out += `[${JSON.stringify(name)}]`;
        i += escaped[0].length;
        continue;
      }
    }
    if (source.startsWith('has(', i) && !/[\w.]/.test(source[i - 1] ?? '')) {
      const close = closingParen(source, i + 4);
      if (close > 0) {
        const argument = adaptRuleSource(source.slice(i + 4, close));
        const selection = splitSelection(argument);
        out += selection ? `${PRESENCE_TEST}(${selection.operand}, ${JSON.stringify(selection.field)})` : `has(${argument})`;
        i = close + 1;
        continue;
      }
    }
    out += source[i];
    i++;
  }
  return out;
}
