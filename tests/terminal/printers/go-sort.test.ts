import {describe, expect, it} from 'vitest';
import {goSortSlice} from '../../../src/terminal/printers/go-sort';

/** A small deterministic generator, so a failure names its case. */
function numbers(seed: number, length: number, range: number): number[] {
  let state = seed;
  return Array.from({length}, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % range;
  });
}

describe('goSortSlice, Go\'s sort.Slice (pattern-defeating quicksort)', () => {
  it('sorts under a strict weak order whatever the input: random, sorted, reversed, few distinct values, long', () => {
    const cases: number[][] = [[], [1], [2, 1]];
    for (const length of [5, 12, 13, 40, 49, 50, 51, 200, 1000]) {
      cases.push(numbers(length, length, 1_000_000), numbers(length + 1, length, 3));
      cases.push(Array.from({length}, (_, i) => i), Array.from({length}, (_, i) => length - i));
      cases.push(Array.from({length}, (_, i) => (i % 2 === 0 ? i : length - i)));
    }
    for (const input of cases) {
      const sorted = goSortSlice([...input], (a, b) => a < b);
      expect(sorted).toEqual([...input].sort((a, b) => a - b));
    }
  });

  it('leaves items that compare as equal where insertion sort leaves them for 12 items or fewer, as retrieveSortedRouteSlice relies on', () => {
    const numeric = (a: string, b: string): boolean => /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) < Number(b);
    // A name that is not a number is never less, nor is anything less than it: it stops numbers moving past it.
    expect(goSortSlice(['b', '10', '2', 'a', '1'], numeric)).toEqual(['b', '2', '10', 'a', '1']);
    expect(goSortSlice(['9080', '80', '15010', 'x:15021', '', 'inbound|9080||'], numeric)).toEqual(['80', '9080', '15010', 'x:15021', '', 'inbound|9080||']);
  });
});
