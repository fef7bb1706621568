/**
 * A rule's `self` built from schema strings of `format: date-time`, `date` and `duration` as the
 * API server builds it: apiserver v0.33.9 pkg/cel/common/values.go UnstructuredToVal
 * (strfmt.ParseDateTime, time.Parse(strfmt.RFC3339FullDate), strfmt.ParseDuration, and for
 * `format: byte` strfmt.Base64's UnmarshalText, base64.URLEncoding; a string they
 * refuse is types.NewErr("Invalid date-time formatted string %s: %v"), "Invalid date formatted
 * string %s: %v", "Invalid duration %s: %v"). The map converts a field when a rule reads it
 * (unstructuredMap.Find, also for has() and `in`: cel-go attributes.go refQualify returns Find's
 * error), so a rule that does not read the field passes; apiextensions validation.go reports
 * the others as "<error> evaluating rule: <rule>".
 */
import {describe, expect, it} from 'vitest';
import {evaluateRules} from '../../../src/engine/cel/evaluate-rules';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

const schema = (rule: string): SchemaNode => ({
  type: 'object',
  properties: {
    t: {type: 'string', format: 'date-time'}, day: {type: 'string', format: 'date'}, d: {type: 'string', format: 'duration'},
    name: {type: 'string'}, times: {type: 'array', items: {type: 'string', format: 'date-time'}},
    data: {type: 'string', format: 'byte'}, e: {type: 'string', format: 'duration'},
  },
  'x-kubernetes-validations': [{rule}],
}) as SchemaNode;
const messages = (rule: string, value: unknown) => evaluateRules(schema(rule), value).map((issue) => issue.message);
const holds = (rule: string, value: unknown) => messages(rule, value).length === 0;

describe('the layouts the API server reads', () => {
  it("date-time: strfmt's layouts, a time without a zone being UTC", () => {
    expect(holds("self.t == timestamp('2014-12-15T08:00:00Z')", {t: '2014-12-15T08:00:00'})).toBe(true);
    expect(holds("self.t == timestamp('2014-12-15T08:00:00.5Z')", {t: '2014-12-15T08:00:00,5'})).toBe(true);
    expect(holds("self.t == timestamp('1970-01-01T00:00:00Z')", {t: ''})).toBe(true);
  });

  it('duration: Go syntax, else "3 days", "1 week", "2 hours"', () => {
    expect(holds("self.d == duration('72h')", {d: '3 days'})).toBe(true);
    expect(holds("self.d == duration('168h')", {d: '1 week'})).toBe(true);
    expect(holds("self.d == duration('1h30m')", {d: '1h30m'})).toBe(true);
  });

  it('date: midnight UTC', () => {
    expect(holds("self.day == timestamp('2024-02-29T00:00:00Z')", {day: '2024-02-29'})).toBe(true);
  });
});

describe('a string no layout reads', () => {
  it('fails the rules that read the field, with values.go\'s wording, and no other rule', () => {
    const value = {t: '2024-01-01t00:00:00Z', name: 'a'};
    expect(messages("self.t > timestamp('2020-01-01T00:00:00Z')", value)).toEqual([
      '<nil>: Invalid value: "object": Invalid date-time formatted string 2024-01-01t00:00:00Z: parsing time "2024-01-01t00:00:00Z" as "2006-01-02T15:04:05": cannot parse "t00:00:00Z" as "T" evaluating rule: self.t > timestamp(\'2020-01-01T00:00:00Z\')',
    ]);
    expect(messages('has(self.t)', value)).toHaveLength(1);
    expect(holds("self.name == 'a'", value)).toBe(true);
  });

  it('words durations and dates as values.go does', () => {
    expect(messages("self.d == duration('1s')", {d: 'forever'})).toEqual([
      "<nil>: Invalid value: \"object\": Invalid duration forever: unable to parse forever as duration evaluating rule: self.d == duration('1s')",
    ]);
    expect(messages('self.day == self.day', {day: '2024-1-01'})).toEqual([
      '<nil>: Invalid value: "object": Invalid date formatted string 2024-1-01: parsing time "2024-1-01" as "2006-01-02": cannot parse "1-01" as "01" evaluating rule: self.day == self.day',
    ]);
  });

  it('in a list, fails the rules that read the list', () => {
    expect(messages('self.times.size() == 1', {times: ['x']})[0]).toMatch(/^<nil>: Invalid value: "object": Invalid date-time formatted string x: .* evaluating rule: self.times.size\(\) == 1$/);
  });

  it("at a rule's own node, fails its rules", () => {
    const node = {type: 'string', format: 'date-time', 'x-kubernetes-validations': [{rule: "self > timestamp('2020-01-01T00:00:00Z')"}]} as SchemaNode;
    expect(evaluateRules(node, 'yada').map((issue) => issue.message)).toEqual([
      `<nil>: Invalid value: "string": Invalid date-time formatted string yada: parsing time "yada" as "2006-01-02T15:04:05": cannot parse "yada" as "2006" evaluating rule: self > timestamp('2020-01-01T00:00:00Z')`,
    ]);
  });
});

describe('format: byte (strfmt.Base64, URL alphabet)', () => {
  it('is the decoded bytes', () => {
    expect(holds("self.data == b'hi'", {data: 'aGk='})).toBe(true);
    expect(holds("self.data == b'\\xfb\\xff'", {data: '-_8='})).toBe(true);
  });

  it("fails on the standard alphabet's + and /, which the format check (govalidator.IsBase64) lets through", () => {
    expect(messages('self.data.size() > 0', {data: 'a+b/'})).toEqual([
      '<nil>: Invalid value: "object": Invalid byte formatted string a+b/: illegal base64 data at input byte 1 evaluating rule: self.data.size() > 0',
    ]);
  });
});

describe('verdicts remembered for values the rules compare (rule-reads.ts, passed-values.ts)', () => {
  it('tell two spellings of one duration from two different durations', () => {
    expect(holds('self.d == self.e', {d: '1h', e: '60m'})).toBe(true);
    expect(holds('self.d == self.e', {d: '1h', e: '2h'})).toBe(false);
    expect(holds('self.d == self.e', {d: '1h', e: '60m'})).toBe(true);
  });
});
