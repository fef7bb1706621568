/**
 * What a rule reads of `self`: most CRD rules on objects read a few named fields
 * (`self.type == 'Exact' ? self.value.startsWith('/') : true`, `has(self.a) != has(self.b)`),
 * and their verdict depends on those fields alone, not on the rest of the object. A verdict
 * can then be reused for any object with the same values in those fields, whatever else it
 * holds (a path match's verdict for every route with that path, whatever its headers).
 */
import {skipString, startsString} from './adapt-source';
import {unescapeCelName} from './escaping';

/** How a rule uses one field of `self`: only `has(self.f)`, or its value. */
export type FieldUse = 'presence' | 'value';

/** The fields a rule reads, in a stable order; `whole` when it reads `self` in any other way. */
export type SelfReads = ReadonlyArray<readonly [field: string, use: FieldUse]> | 'whole';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;
const cache = new Map<string, SelfReads>();

export function selfReads(source: string): SelfReads {
  let reads = cache.get(source);
  if (reads === undefined) cache.set(source, (reads = findSelfReads(source)));
  return reads;
}

function findSelfReads(source: string): SelfReads {
  const uses = new Map<string, FieldUse>();
  for (let i = 0; i < source.length; i++) {
    if (startsString(source, i)) {
      i = skipString(source, i) - 1;
      continue;
    }
    if (!source.startsWith('self', i) || /[\w.]/.test(source[i - 1] ?? '') || /\w/.test(source[i + 4] ?? '')) continue;
    // `self` as a name: only `self.field` (not a method call, `self.size()`) is a field read.
    let j = skipSpaces(source, i + 4);
    if (source[j] !== '.') return 'whole';
    j = skipSpaces(source, j + 1);
    const written = IDENTIFIER.exec(source.slice(j))?.[0];
    if (!written) return 'whole';
    // The property's own name, which the verdict's key reads (`__namespace__` is `namespace`).
    const field = unescapeCelName(written) ?? written;
    const after = skipSpaces(source, j + written.length);
    if (source[after] === '(') return 'whole';
    if (!(insideHas(source, i) && source[after] === ')')) uses.set(field, 'value');
    else if (!uses.has(field)) uses.set(field, 'presence');
    i = after - 1;
  }
  return [...uses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether `self` at `i` is the start of the argument of the has() macro (not a method `.has(`). */
function insideHas(source: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /\s/.test(source[j]!)) j--;
  return source[j] === '(' && source.slice(j - 3, j) === 'has' && !/[\w.]/.test(source[j - 4] ?? '');
}

function skipSpaces(source: string, i: number): number {
  while (i < source.length && /\s/.test(source[i]!)) i++;
  return i;
}
