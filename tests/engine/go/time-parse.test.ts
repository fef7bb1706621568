/**
 * Go's time.Parse general parser (src/time/format.go parse, Go 1.24) on the layouts the API server
 * and cel-go read: getnum reads "15" as one or two digits and the other numbers as exactly two,
 * a fraction the layout lacks is read after "." or ",", a fixed-width fraction ".000" reads its
 * digits with atoi (a sign allowed), a range error is reported before a bad element beside it,
 * and errors are ParseError's texts ("cannot parse ... as ...", "... out of range", "extra text").
 */
import {describe, expect, it} from 'vitest';
import {ISO8601_LOCAL_TIME, parseGoTime, RFC3339, RFC3339_FULL_DATE, RFC3339_MILLIS, RFC3339_NANO} from '../../../src/engine/go/time-parse';

const seconds = (text: string) => {
  const parsed = parseGoTime(RFC3339, text);
  return 'error' in parsed ? parsed.error : parsed.seconds;
};

describe('time.Parse(time.RFC3339, s)', () => {
  it('reads an hour of one digit ("15" is getnum(value, false)), and no other one-digit number', () => {
    expect(seconds('2024-01-01T1:00:00Z')).toBe(seconds('2024-01-01T01:00:00Z'));
    expect(seconds('2024-01-01T9:30:00+01:00')).toBe(seconds('2024-01-01T08:30:00Z'));
    expect(seconds('2024-01-01T01:0:00Z')).toBe('parsing time "2024-01-01T01:0:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "0:00Z" as "04"');
    expect(seconds('2024-1-01T01:00:00Z')).toBe('parsing time "2024-1-01T01:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T01:00:00Z" as "01"');
  });

  it('reads a fraction the layout does not ask for, after a dot or a comma, nine digits kept', () => {
    expect(parseGoTime(RFC3339, '2024-01-01T00:00:00,1234567891Z')).toEqual({seconds: 1704067200, nanos: 123456789, offset: 0});
    expect(parseGoTime(RFC3339_NANO, '2024-01-01T00:00:00Z')).toEqual({seconds: 1704067200, nanos: 0, offset: 0});
  });

  it('words out-of-range values, the missing literal and extra text as ParseError does', () => {
    expect(seconds('2024-01-01T24:00:00Z')).toBe('parsing time "2024-01-01T24:00:00Z": hour out of range');
    expect(seconds('2024-02-30T00:00:00Z')).toBe('parsing time "2024-02-30T00:00:00Z": day out of range');
    expect(seconds('2024-01-01 00:00:00Z')).toBe('parsing time "2024-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00Z" as "T"');
    expect(seconds('2024-01-01T00:00:00Zjunk')).toBe('parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"');
    expect(seconds('2024-01-01T00:00:00+25:00')).toBe('parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range');
    // the range test runs before the sign's: a range error wins
    expect(seconds('2024-01-01T00:00:00x25:00')).toBe('parsing time "2024-01-01T00:00:00x25:00": time zone offset hour out of range');
    expect(seconds('2024-01-01T00:00:00x05:00')).toBe('parsing time "2024-01-01T00:00:00x05:00" as "2006-01-02T15:04:05Z07:00": cannot parse "x05:00" as "Z07:00"');
  });

  it('keeps the offset it read (the location time.Parse gives the time)', () => {
    expect(parseGoTime(RFC3339, '2024-01-01T00:00:00-07:30')).toEqual({seconds: 1704067200 + 7.5 * 3600, nanos: 0, offset: -7.5 * 3600});
  });
});

describe('other layouts', () => {
  it('a fixed-width fraction takes exactly its digits, read by atoi: a sign is allowed, a negative is out of range', () => {
    expect(parseGoTime(RFC3339_MILLIS, '2024-01-01T00:00:00.123Z')).toEqual({seconds: 1704067200, nanos: 123000000, offset: 0});
    expect(parseGoTime(RFC3339_MILLIS, '2024-01-01T00:00:00.+12Z')).toEqual({seconds: 1704067200, nanos: 12000000, offset: 0});
    expect(parseGoTime(RFC3339_MILLIS, '2024-01-01T00:00:00.-12Z')).toEqual({error: 'parsing time "2024-01-01T00:00:00.-12Z": fractional second out of range'});
    expect(parseGoTime(RFC3339_MILLIS, '2024-01-01T00:00:00Z')).toEqual({error: 'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000Z07:00": cannot parse "Z" as ".000"'});
  });

  it('a layout without a zone reads the time as UTC; a date alone is midnight', () => {
    expect(parseGoTime(ISO8601_LOCAL_TIME, '2014-12-15T08:00:00')).toEqual({seconds: 1418630400, nanos: 0, offset: 0});
    expect(parseGoTime(RFC3339_FULL_DATE, '2014-12-15')).toEqual({seconds: 1418601600, nanos: 0, offset: 0});
    expect(parseGoTime(RFC3339_FULL_DATE, '0000-02-29')).toEqual({seconds: -62162121600, nanos: 0, offset: 0});
  });
});
