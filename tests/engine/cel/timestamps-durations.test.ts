/**
 * CEL timestamps to the nanosecond, as the 1.33 API server's cel-go v0.23.2 keeps them (a Go
 * time.Time). Upstream sources: common/types/timestamp.go (minUnixTime/maxUnixTime, Add,
 * Subtract, Compare, ConvertToType: string is t.Format(time.RFC3339Nano), int is t.Unix(); the
 * getters and timeZone), common/types/overflow.go (addTimeDurationChecked,
 * subtractTimeChecked, negateDurationChecked) and err.go (errIntOverflow "integer overflow",
 * errTimestampOverflow "timestamp overflow"), common/types/string.go and int.go ConvertToType
 * (time.Parse(time.RFC3339, s); "type conversion error from 'string' to
 * 'google.protobuf.Timestamp'"); Go's time package (parseNanoseconds keeps nine digits; Parse
 * keeps the offset it read as the time's location); apiserver v0.33.9 pkg/cel/common/values.go
 * (format date-time, date and duration strings become timestamps and durations); durations:
 * common/types/duration.go (int64 nanoseconds; Add/Subtract through addInt64Checked; string is
 * strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"; int is the nanoseconds; getHours is
 * Int(d.Hours()), truncated, getMilliseconds d.Milliseconds()).
 */
import {describe, expect, it} from 'vitest';
import {evaluate, failure, outcome} from './run-rule';
import {evaluateRules} from '../../../src/engine/cel/evaluate-rules';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

const ts = (text: string) => `timestamp('${text}')`;

describe('nanoseconds are kept (time.Time), where JavaScript dates keep milliseconds', () => {
  it('compare, subtract and print to the nanosecond', () => {
    expect(evaluate(`${ts('2024-01-01T00:00:00.123456789Z')} < ${ts('2024-01-01T00:00:00.123456790Z')}`)).toBe(true);
    expect(evaluate(`${ts('2024-01-01T00:00:00.123456789Z')} == ${ts('2024-01-01T00:00:00.123456788Z')}`)).toBe(false);
    expect(evaluate(`${ts('2024-01-01T00:00:00.123456789Z')} - ${ts('2024-01-01T00:00:00.123456788Z')} == duration('1ns')`)).toBe(true);
    expect(evaluate(`string(${ts('2024-01-01T00:00:00.123456789Z')})`)).toBe('2024-01-01T00:00:00.123456789Z');
    expect(evaluate(`string(${ts('2024-01-01T00:00:00Z')} - duration('1ns'))`)).toBe('2023-12-31T23:59:59.999999999Z');
  });

  it('RFC3339Nano drops trailing zeros of the fraction; Parse keeps the first nine digits', () => {
    expect(evaluate(`string(${ts('2024-01-01T00:00:00.500Z')})`)).toBe('2024-01-01T00:00:00.5Z');
    expect(evaluate(`string(${ts('2024-01-01T00:00:00.1234567891Z')})`)).toBe('2024-01-01T00:00:00.123456789Z');
    expect(evaluate(`string(${ts('2024-01-01T00:00:00,25Z')})`)).toBe('2024-01-01T00:00:00.25Z');
  });

  it('getMilliseconds is the millisecond of the second (t.Nanosecond() / 1e6); int() the Unix seconds', () => {
    expect(evaluate(`${ts('2024-01-01T00:00:00.123999999Z')}.getMilliseconds()`)).toBe(123n);
    expect(evaluate(`int(${ts('1969-12-31T23:59:59.9Z')})`)).toBe(-1n);
  });

  it('costs as before: a constant conversion folded, an operator or getter 1', () => {
    expect(outcome(`${ts('2024-01-01T00:00:00Z')} < ${ts('2024-01-01T00:00:01Z')}`)).toEqual({result: true, cost: 1});
    expect(outcome(`${ts('2024-01-01T00:00:00Z')}.getHours() == 0`)).toEqual({result: true, cost: 2});
  });
});

describe('the offset the text carried is the time\'s location', () => {
  it('string() and the getters without a zone read the wall time there; equality is of instants', () => {
    expect(evaluate(`string(${ts('2024-01-01T10:00:00+01:00')})`)).toBe('2024-01-01T10:00:00+01:00');
    expect(evaluate(`${ts('2024-01-01T10:00:00+01:00')}.getHours()`)).toBe(10n);
    expect(evaluate(`${ts('2024-01-01T10:00:00+01:00')} == ${ts('2024-01-01T09:00:00Z')}`)).toBe(true);
    // Add propagates the location (time.Unix(sec, nsec).In(x.Location()))
    expect(evaluate(`string(${ts('2024-01-01T23:30:00-05:00')} + duration('1h'))`)).toBe('2024-01-02T00:30:00-05:00');
  });

  it("a zone argument: ±hh:mm by strconv.Atoi, else a location's name (LoadLocation)", () => {
    expect(evaluate(`${ts('2024-01-01T10:00:00Z')}.getHours('+05:30')`)).toBe(15n);
    expect(evaluate(`${ts('2024-01-01T10:00:00Z')}.getMinutes('-05:30')`)).toBe(30n);
    expect(evaluate(`${ts('2024-07-01T10:00:00Z')}.getHours('America/New_York')`)).toBe(6n);
    expect(evaluate(`${ts('2024-01-01T10:00:00+01:00')}.getHours('UTC')`)).toBe(9n);
    expect(failure(`${ts('2024-01-01T10:00:00Z')}.getHours('Mars/Base') == 0`)).toBe('unknown time zone Mars/Base');
    expect(failure(`${ts('2024-01-01T10:00:00Z')}.getHours('x:00') == 0`)).toBe('strconv.Atoi: parsing "x": invalid syntax');
  });

  it('the calendar getters (Go: 0001-01-01 is a Monday; months and days of year 0-based)', () => {
    expect(evaluate(`${ts('0001-01-01T00:00:00Z')}.getDayOfWeek()`)).toBe(1n);
    expect(evaluate(`${ts('2024-12-31T00:00:00Z')}.getDayOfYear()`)).toBe(365n);
    expect(evaluate(`${ts('2024-02-29T00:00:00Z')}.getMonth() == 1 && ${ts('2024-02-29T00:00:00Z')}.getDayOfMonth() == 28 && ${ts('2024-02-29T00:00:00Z')}.getDate() == 29`)).toBe(true);
    expect(evaluate(`${ts('9999-12-31T23:59:59.999999999Z')}.getFullYear()`)).toBe(9999n);
  });
});

describe('the range 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z and overflow', () => {
  it('holds both ends to the nanosecond', () => {
    expect(evaluate(`string(${ts('9999-12-31T23:59:59.999999999Z')})`)).toBe('9999-12-31T23:59:59.999999999Z');
    expect(evaluate(`string(${ts('0001-01-01T00:00:00Z')})`)).toBe('0001-01-01T00:00:00Z');
    expect(evaluate('string(timestamp(-62135596800))')).toBe('0001-01-01T00:00:00Z');
  });

  it('one nanosecond past either end is "timestamp overflow"', () => {
    expect(failure(`${ts('9999-12-31T23:59:59.999999999Z')} + duration('1ns') > ${ts('2024-01-01T00:00:00Z')}`)).toBe('timestamp overflow');
    expect(failure(`${ts('0001-01-01T00:00:00Z')} - duration('1ns') > ${ts('2024-01-01T00:00:00Z')}`)).toBe('timestamp overflow');
    expect(failure('timestamp(253402300800) > timestamp(0)')).toBe('timestamp overflow');
    // Parse reads the offset, then the Unix seconds are out of range
    expect(failure(`${ts('0001-01-01T00:00:00+01:00')} > timestamp(0)`)).toBe('timestamp overflow');
  });

  it('a difference beyond int64 nanoseconds (about 292 years) is "integer overflow"; bad text a conversion error', () => {
    expect(failure(`${ts('9999-12-31T23:59:59Z')} - ${ts('0001-01-01T00:00:00Z')} > duration('0s')`)).toBe('integer overflow');
    expect(failure(`${ts('2024-13-01T00:00:00Z')} > timestamp(0)`)).toBe("type conversion error from 'string' to 'google.protobuf.Timestamp'");
  });

  it("reads a one-digit hour, as Go's general parser reads \"15\" (the RFC 3339 fast path refuses it, then time.Parse falls back)", () => {
    expect(evaluate(`${ts('2024-01-01T1:00:00Z')} == ${ts('2024-01-01T01:00:00Z')}`)).toBe(true);
    expect(evaluate(`string(${ts('2024-01-01T9:05:00+02:00')})`)).toBe('2024-01-01T09:05:00+02:00');
    expect(failure(`${ts('2024-01-01T01:5:00Z')} > timestamp(0)`)).toBe("type conversion error from 'string' to 'google.protobuf.Timestamp'");
  });
});

describe("a rule's self: format date-time, date and duration strings (values.go UnstructuredToVal)", () => {
  const schema = (rule: string): SchemaNode => ({
    type: 'object',
    properties: {t: {type: 'string', format: 'date-time'}, u: {type: 'string', format: 'date-time'}, day: {type: 'string', format: 'date'}, d: {type: 'string', format: 'duration'}},
    'x-kubernetes-validations': [{rule}],
  }) as SchemaNode;
  const holds = (rule: string, value: Record<string, string>) => evaluateRules(schema(rule), value).length === 0;

  it('compare as timestamps and durations, to the nanosecond', () => {
    expect(holds("self.t > timestamp('2024-01-01T00:00:00.123456788Z')", {t: '2024-01-01T00:00:00.123456789Z'})).toBe(true);
    expect(holds("self.t > timestamp('2024-01-01T00:00:00.123456789Z')", {t: '2024-01-01T00:00:00.123456789Z'})).toBe(false);
    expect(holds('self.day < self.t', {day: '2024-01-01', t: '2024-01-01T00:00:00.000000001Z'})).toBe(true);
    expect(holds("self.d > duration('1ms')", {d: '1000001ns'})).toBe(true);
    expect(holds("self.t.getMilliseconds() == 123 && string(self.t) == '2024-01-01T01:00:00.123+01:00'", {t: '2024-01-01T01:00:00.123+01:00'})).toBe(true);
  });

  it('two spellings of one instant are equal, whatever was cached for other values (rule-reads.ts keys them whole)', () => {
    expect(holds('self.t == self.u', {t: '2024-01-01T00:00:00Z', u: '2024-01-01T00:00:00Z'})).toBe(true);
    expect(holds('self.t == self.u', {t: '2024-01-01T00:00:00Z', u: '2025-01-01T00:00:00Z'})).toBe(false);
    expect(holds('self.t == self.u', {t: '2024-01-01T00:00:00Z', u: '2024-01-01T01:00:00+01:00'})).toBe(true);
  });
});

describe('durations: int64 nanoseconds (time.Duration)', () => {
  it('carry between seconds and nanoseconds, and compare exactly at any size', () => {
    expect(evaluate("duration('1s') + duration('-1ns') == duration('999999999ns')")).toBe(true);
    expect(evaluate("duration('1s') - duration('1ns') == duration('999999999ns')")).toBe(true);
    expect(evaluate("duration('1000000h') < duration('1000000h1ns')")).toBe(true);
    expect(evaluate("int(duration('1s')) == 1000000000 && duration(5) == duration('5ns')")).toBe(true);
  });

  it("print as FormatFloat(d.Seconds(), 'f', -1, 64) + \"s\": no exponent", () => {
    expect(evaluate("string(duration('1ns'))")).toBe('0.000000001s');
    expect(evaluate("string(duration('1h30m'))")).toBe('5400s');
    expect(evaluate("string(duration('-1.5s'))")).toBe('-1.5s');
  });

  it('getters truncate toward zero', () => {
    expect(evaluate("duration('-1.5ms').getMilliseconds()")).toBe(-1n);
    expect(evaluate("duration('90m').getHours()")).toBe(1n);
    expect(evaluate("duration('-90s').getMinutes()")).toBe(-1n);
  });

  it('overflow is "integer overflow"; bad text a conversion error', () => {
    expect(failure("duration('2562047h') + duration('2562047h') > duration('0s')")).toBe('integer overflow');
    expect(failure("duration('x') > duration('0s')")).toBe("type conversion error from 'string' to 'google.protobuf.Duration'");
  });

  it('their type is the one google.protobuf.Timestamp and google.protobuf.Duration name (stdlib TypeVariable)', () => {
    expect(evaluate("type(timestamp('2024-01-01T00:00:00Z')) == google.protobuf.Timestamp")).toBe(true);
    expect(evaluate("type(duration('1s')) == google.protobuf.Duration && type(duration('1s')) != google.protobuf.Timestamp")).toBe(true);
    expect(evaluate("type(google.protobuf.Timestamp{seconds: 1}) == google.protobuf.Timestamp")).toBe(true);
  });

  it('costs as before: constant conversions folded', () => {
    expect(outcome("duration(self) >= duration('1ms')", '2ms')).toEqual({result: true, cost: 3});
  });
});
