/**
 * Go's time.Parse(time.RFC3339, s): the fast path of format_rfc3339.go and, when it fails, the
 * general parser of format.go, whose range tests let an offset of 24 hours or 60 minutes through.
 */
import {describe, expect, it} from 'vitest';
import {parseGoRfc3339} from '../../../src/engine/go/time-rfc3339';

describe("Go's time.Parse(time.RFC3339)", () => {
  it('reads the instant in Unix seconds, the offset subtracted and fractions dropped', () => {
    expect(parseGoRfc3339('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseGoRfc3339('1970-01-01T01:00:00.999999999+01:00')).toBe(0);
    expect(parseGoRfc3339('2006-01-02T15:04:05-07:00')).toBe(1136239445);
  });

  it('reads years 0 to 99 as written, not as 1900 and after', () => {
    expect(parseGoRfc3339('0001-01-01T00:00:00Z')).toBe(-62135596800);
    expect(parseGoRfc3339('9999-12-31T23:59:59Z')).toBe(253402300799);
  });

  it('accepts a comma before the fraction and offsets of 24 hours or 60 minutes (format.go)', () => {
    expect(parseGoRfc3339('2024-01-01T00:00:00,5Z')).toBe(parseGoRfc3339('2024-01-01T00:00:00Z'));
    expect(parseGoRfc3339('2030-01-01T00:00:00+24:00')).toBe(parseGoRfc3339('2030-01-01T00:00:00Z')! - 24 * 3600);
    expect(parseGoRfc3339('2030-01-01T00:00:00+00:60')).toBe(parseGoRfc3339('2030-01-01T00:00:00Z')! - 3600);
  });

  it('refuses what neither parser takes: a missing zone or time, a day the month lacks, hour 24, second 60, a lower-case t or z', () => {
    for (const text of ['2024-01-02', '2024-01-02T15:04:05', '2023-02-29T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:00:60Z',
      '2024-01-01t00:00:00Z', '2024-01-01T00:00:00z', '2030-01-01T00:00:00+25:00', '2030-01-01T00:00:00+00:61', '24-01-01T00:00:00Z']) {
      expect(parseGoRfc3339(text), text).toBeUndefined();
    }
    expect(parseGoRfc3339('2024-02-29T00:00:00Z')).toBeDefined();
  });
});
