import {describe, expect, it} from 'vitest';
import {age, humanDuration} from '../../../src/terminal/printers/duration';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('AGE as duration.HumanDuration prints it', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [-999, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * s, '59s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [2 * m + 1 * s, '2m1s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [2 * d, '2d'],
    [2 * d + 5 * h, '2d5h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [8 * 365 * d + 10 * d, '8y'],
  ])('%i ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('counts from the session clock, truncating as Go truncates, and prints <unknown> without a timestamp', () => {
    const now = Date.parse('2026-11-24T22:10:00Z');
    expect(age('2026-11-24T22:00:00Z', now)).toBe('10m');
    expect(age('2026-11-24T22:07:59Z', now)).toBe('2m1s');
    expect(age('2026-11-24T22:08:00.5Z', now)).toBe('119s');
    expect(age(undefined, now)).toBe('<unknown>');
  });
});
