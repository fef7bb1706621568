/**
 * What a rule on a list reads of the list's items. The Gateway API's list rules reach items
 * only through the comprehension macros' variables (`self.all(p1, self.exists_one(p2,
 * p1.name == p2.name))`), through `self[i].field`, and count them with `self.size()`: their
 * verdict depends on the number of items and, in each, on those fields alone. A route's
 * parentRefs or rules can then be judged once for every route whose items agree on them,
 * whatever else the items hold (a route's own backends, filters and matches).
 */
import {skipString, startsString} from './adapt-source';
import {unescapeCelName} from './escaping';

/** The fields read of each item, in a stable order; `whole` when the rule reads the list or its items in any other way. */
export type ItemReads = readonly string[] | 'whole';

const MACROS = new Set(['all', 'exists', 'exists_one', 'filter', 'map']);
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const cache = new Map<string, ItemReads>();

export function itemReads(source: string): ItemReads {
  let reads = cache.get(source);
  if (reads === undefined) cache.set(source, (reads = findItemReads(source)));
  return reads;
}

function findItemReads(source: string): ItemReads {
  const fields = new Set<string>();
  /** Variables the macros bind to the list's items (`p1` in `self.all(p1, ...)`), and where each is declared. */
  const itemVariables = new Set<string>();
  const declarations = new Set<number>();
  for (let i = 0; i < source.length; i++) {
    if (startsString(source, i)) {
      i = skipString(source, i) - 1;
      continue;
    }
    const name = identifierAt(source, i);
    if (name === undefined) continue;
    // A name after a dot is a field or a method, not a variable; other names are functions,
    // keywords, or variables of macros over values already read whole (`self[0].matches.all(m, ...)`).
    const end = i + name.length;
    if (name === 'self') {
      const read = readOfSelf(source, end, itemVariables, declarations);
      if (read === undefined) return 'whole';
      if (read !== '') fields.add(unescapeCelName(read) ?? read);
    } else if (itemVariables.has(name) && !declarations.has(i)) {
      const field = fieldAfter(source, end);
      if (field === undefined) return 'whole';
      fields.add(unescapeCelName(field) ?? field);
    }
    i = end - 1;
  }
  return [...fields].sort();
}

/** The name starting at i, when a name starts there (not inside another name or after a dot). */
function identifierAt(source: string, i: number): string | undefined {
  if (/[\w.]/.test(source[i - 1] ?? '')) return undefined;
  IDENTIFIER.lastIndex = i;
  return IDENTIFIER.exec(source)?.[0];
}

/**
 * After `self` (at `at`): `.size()` reads the count (''), `[N].field` a field of an item, and
 * `.macro(v, ...` binds v to the items ('', v recorded); anything else is undefined (whole).
 */
function readOfSelf(source: string, at: number, itemVariables: Set<string>, declarations: Set<number>): string | undefined {
  let j = skipSpaces(source, at);
  if (source[j] === '[') {
    const index = /\[\s*\d+\s*\]/y;
    index.lastIndex = j;
    const match = index.exec(source);
    return match ? fieldAfter(source, j + match[0].length) : undefined;
  }
  if (source[j] !== '.') return undefined;
  j = skipSpaces(source, j + 1);
  IDENTIFIER.lastIndex = j;
  const method = IDENTIFIER.exec(source)?.[0];
  if (method === undefined) return undefined;
  j = skipSpaces(source, j + method.length);
  if (source[j] !== '(') return undefined;
  j = skipSpaces(source, j + 1);
  if (method === 'size') return source[j] === ')' ? '' : undefined;
  if (!MACROS.has(method)) return undefined;
  IDENTIFIER.lastIndex = j;
  const variable = IDENTIFIER.exec(source)?.[0];
  if (variable === undefined || variable === 'self' || source[skipSpaces(source, j + variable.length)] !== ',') return undefined;
  itemVariables.add(variable);
  declarations.add(j);
  return '';
}

/** `.field` at `at`, not a method call: the field's name; undefined otherwise. */
function fieldAfter(source: string, at: number): string | undefined {
  let j = skipSpaces(source, at);
  if (source[j] !== '.') return undefined;
  j = skipSpaces(source, j + 1);
  IDENTIFIER.lastIndex = j;
  const field = IDENTIFIER.exec(source)?.[0];
  if (field === undefined) return undefined;
  return source[skipSpaces(source, j + field.length)] === '(' ? undefined : field;
}

function skipSpaces(source: string, i: number): number {
  while (i < source.length && /\s/.test(source[i]!)) i++;
  return i;
}
