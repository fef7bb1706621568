/**
 * kube-openapi pkg/validation/strfmt (c8a335a9a2ff, required by k8s.io/apiserver v0.33.9), the
 * parsers the API server converts `format: date-time`, `date` and `duration` strings with
 * (values.go UnstructuredToVal). time.go ParseDateTime tries RFC3339Micro, RFC3339Millis,
 * RFC3339, RFC3339Nano and ISO8601LocalTime in turn and returns the last one's error; "" is the
 * Unix epoch. duration.go ParseDuration falls back from time.ParseDuration to every
 * `(\d+)\s*([A-Za-zµ]+)` in the text. Cases from time_test.go and duration_test.go.
 */
import {describe, expect, it} from 'vitest';
import {parseDateTime, parseDuration, parseFullDate} from '../../../src/engine/go/strfmt';

describe('ParseDateTime', () => {
  it('reads the test cases of time_test.go', () => {
    expect(parseDateTime('2014-12-15T08:00:00')).toEqual({seconds: 1418630400, nanos: 0, offset: 0});
    expect(parseDateTime('2014-12-15T08:00:00.000Z')).toEqual({seconds: 1418630400, nanos: 0, offset: 0});
    expect(parseDateTime('2011-08-18T19:03:37.000000000+01:00')).toEqual({seconds: 1313690617, nanos: 0, offset: 3600});
    expect(parseDateTime('0001-01-01T00:00:00Z')).toEqual({seconds: -62135596800, nanos: 0, offset: 0});
    expect(parseDateTime('')).toEqual({seconds: 0, nanos: 0, offset: 0});
  });

  it('reads a time without a zone, with a fraction, as UTC (ISO8601LocalTime)', () => {
    expect(parseDateTime('2014-12-15T08:00:00.5')).toEqual({seconds: 1418630400, nanos: 500000000, offset: 0});
  });

  it('refuses with the error of its last layout, ISO8601LocalTime', () => {
    expect(parseDateTime('yada')).toEqual({error: 'parsing time "yada" as "2006-01-02T15:04:05": cannot parse "yada" as "2006"'});
    expect(parseDateTime('2024-01-01t00:00:00Z')).toEqual({error: 'parsing time "2024-01-01t00:00:00Z" as "2006-01-02T15:04:05": cannot parse "t00:00:00Z" as "T"'});
    expect(parseDateTime('2024-01-01T00:00:00z')).toEqual({error: 'parsing time "2024-01-01T00:00:00z": extra text: "z"'});
  });

  it('has no NoColon or space-separated layouts (go-openapi added them after kube-openapi forked)', () => {
    expect(parseDateTime('2024-01-01T00:00:00+0100')).toHaveProperty('error');
    expect(parseDateTime('2024-01-01 00:00:00Z')).toHaveProperty('error');
  });
});

describe('the full date (time.Parse("2006-01-02"))', () => {
  it('is midnight UTC; anything after the date is extra text', () => {
    expect(parseFullDate('2024-02-29')).toEqual({seconds: 1709164800, nanos: 0, offset: 0});
    expect(parseFullDate('2024-02-29T00:00:00Z')).toEqual({error: 'parsing time "2024-02-29T00:00:00Z": extra text: "T00:00:00Z"'});
  });
});

describe('ParseDuration', () => {
  const nanos = (text: string) => {
    const parsed = parseDuration(text);
    return 'nanos' in parsed ? parsed.nanos : parsed.error;
  };
  const SECOND = 1_000_000_000n;

  it("reads Go's syntax first, then a number and a unit name anywhere in the text", () => {
    expect(nanos('1h30m')).toBe(5400n * SECOND);
    expect(nanos('1d')).toBe(86400n * SECOND);
    expect(nanos('1  wk')).toBe(7n * 86400n * SECOND);
    expect(nanos('1µs')).toBe(1000n);
    expect(nanos('12 minutes')).toBe(720n * SECOND);
    expect(nanos('45 weekz')).toBe(45n * 7n * 86400n * SECOND);
    expect(nanos('1 Hour')).toBe(3600n * SECOND);
    // each match counts: "1.5 hours" is the "5 hours" in it
    expect(nanos('1.5 hours')).toBe(5n * 3600n * SECOND);
    expect(nanos('3 days and 2hr, roughly')).toBe((3n * 86400n + 7200n) * SECOND);
  });

  it('refuses text with no known unit, and a number past int64 (strconv.Atoi)', () => {
    expect(nanos('three week')).toBe('unable to parse three week as duration');
    expect(nanos('45 wekk')).toBe('unable to parse 45 wekk as duration');
    expect(nanos('12 phours')).toBe('unable to parse 12 phours as duration');
    expect(nanos('12 y')).toBe('unable to parse 12 y as duration');
    expect(nanos('9999999999999999999999999999999999999999999999999999999 weeks'))
      .toBe('strconv.Atoi: parsing "9999999999999999999999999999999999999999999999999999999": value out of range');
  });

  it('wraps past int64 as Go multiplies and adds time.Durations', () => {
    expect(nanos('16000 weeks')).toBe(BigInt.asIntN(64, 16000n * 7n * 86400n * SECOND));
  });
});
