/**
 * A ServiceProfile as Linkerd 2.20's sp-validator judges it (controller/sp-validator webhook.go
 * AdmitSP → pkg/profiles/profiles.go Validate): strict decoding into the v1alpha2 Go types, then
 * Validate's checks, the first failure denying the request.
 */
import {describe, expect, it} from 'vitest';
import {denial, manifest, verdict} from './admission-support';
import {parseGoDurationStrict} from '../../../src/engine/go/time-duration';

const profile = (spec: string, version = 'v1alpha2') => manifest(`linkerd.io/${version}`, 'ServiceProfile', spec);
const route = (lines: string) => `  routes:\n  - name: GET /books\n${lines}`;
const getBooks = '    condition: {method: GET, pathRegex: /books}\n';

describe('ServiceProfile routes (profiles.go Validate)', () => {
  it('admits a route with a condition, a timeout and response classes', () => {
    expect(verdict(profile(route(`${getBooks}    timeout: 250ms\n    responseClasses:\n    - condition: {status: {min: 500, max: 599}}\n      isFailure: true\n`)))).toEqual([]);
  });

  it('refuses a route whose name is empty', () => {
    expect(denial(profile('  routes:\n  - name: ""\n    condition: {method: GET}\n'))).toEqual({
      path: '/spec/routes/0/name', message: 'ServiceProfile "web" has a route with no name',
    });
  });

  it('refuses a timeout Go cannot parse, with time.ParseDuration\'s words', () => {
    expect(verdict(profile(route(`${getBooks}    timeout: 1 second\n`)))).toEqual([{
      at: '10:14', path: '/spec/routes/0/timeout', severity: 'error', code: 'linkerd-admission',
      message: 'ServiceProfile "web" has a route with an invalid timeout: time: unknown unit " second" in duration "1 second"',
    }]);
    expect(denial(profile(route(`${getBooks}    timeout: "10"\n`)))?.message)
      .toBe('ServiceProfile "web" has a route with an invalid timeout: time: missing unit in duration "10"');
  });

  it('refuses a condition with no field set, however deep', () => {
    expect(denial(profile(route('    condition: {}\n')))).toEqual({
      path: '/spec/routes/0/condition', message: 'ServiceProfile "web" has a route with an invalid condition: A request match must have a field set',
    });
    expect(denial(profile(route('    condition:\n      any:\n      - method: GET\n      - {}\n')))).toEqual({
      path: '/spec/routes/0/condition/any/1', message: 'ServiceProfile "web" has a route with an invalid condition: A request match must have a field set',
    });
  });

  it('counts an empty all list as a field set (a non-nil slice in Go)', () => {
    expect(denial(profile(route('    condition: {all: []}\n')))).toBeUndefined();
  });

  it('checks response classes\' status ranges', () => {
    const classOf = (condition: string) => profile(route(`${getBooks}    responseClasses:\n    - condition: ${condition}\n`));
    expect(denial(classOf('{status: {min: 99}}'))?.message)
      .toBe('ServiceProfile "web" has a response class with an invalid condition: Range minimum must be between 100 and 599, inclusive');
    expect(denial(classOf('{status: {max: 600}}'))?.message)
      .toBe('ServiceProfile "web" has a response class with an invalid condition: Range maximum must be between 100 and 599, inclusive');
    expect(denial(classOf('{status: {min: 500, max: 400}}'))).toEqual({
      path: '/spec/routes/0/responseClasses/0/condition/status/max',
      message: 'ServiceProfile "web" has a response class with an invalid condition: Range maximum cannot be smaller than minimum',
    });
    expect(denial(classOf('{isFailure: true}'))).toBeUndefined(); // isFailure belongs to the class, not its condition: the schema stops it before the webhook
  });
});

describe('ServiceProfile retry budgets (profiles.go Validate)', () => {
  const budget = (lines: string) => profile(`${route(getBooks)}  retryBudget:\n${lines}`);

  it('admits a budget with a ratio, a rate and a TTL', () => {
    expect(verdict(budget('    retryRatio: 0.2\n    minRetriesPerSecond: 10\n    ttl: 10s\n'))).toEqual([]);
  });

  it('refuses a negative ratio, printed as Go\'s %f', () => {
    expect(denial(budget('    retryRatio: -0.5\n    minRetriesPerSecond: 10\n    ttl: 10s\n'))).toEqual({
      path: '/spec/retryBudget/retryRatio', message: 'ServiceProfile "web" RetryBudget RetryRatio must be non-negative: -0.500000',
    });
  });

  it('refuses an empty or unparsable TTL', () => {
    expect(denial(budget('    retryRatio: 0.2\n    minRetriesPerSecond: 10\n    ttl: ""\n'))?.message).toBe('ServiceProfile "web" RetryBudget missing TTL field');
    expect(denial(budget('    retryRatio: 0.2\n    minRetriesPerSecond: 10\n    ttl: 10sec\n'))?.message)
      .toBe('ServiceProfile "web" RetryBudget: time: unknown unit "sec" in duration "10sec"');
  });
});

describe('ServiceProfile values the CRD accepts but its Go types cannot hold (yaml.UnmarshalStrict)', () => {
  it('refuses condition.not written as the CRD\'s array: Go reads one RequestMatch', () => {
    expect(denial(profile(route('    condition:\n      not:\n      - method: POST\n')))).toEqual({
      path: '/spec/routes/0/condition/not',
      message: 'failed to validate ServiceProfile: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field RequestMatch.spec.routes.condition.not of type v1alpha2.RequestMatch',
    });
  });

  it('refuses an unknown field inside a preserved condition, matching names without case as encoding/json does', () => {
    expect(denial(profile(route('    condition:\n      all:\n      - pathregex: /books\n      - methd: GET\n')))).toEqual({
      path: '/spec/routes/0/condition/all/1/methd',
      message: 'failed to validate ServiceProfile: error unmarshaling JSON: while decoding JSON: json: unknown field "methd"',
    });
  });

  it('refuses a negative status inside a preserved response condition (a uint32 in Go)', () => {
    expect(denial(profile(route(`${getBooks}    responseClasses:\n    - condition:\n        any:\n        - status: {min: -1}\n`)))?.message)
      .toBe('failed to validate ServiceProfile: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number -1 into Go struct field Range.spec.routes.responseClasses.condition.any.status.min of type uint32');
  });

  it('judges v1alpha1 with the same rules', () => {
    expect(denial(profile(route('    condition: {}\n'), 'v1alpha1'))?.path).toBe('/spec/routes/0/condition');
  });
});

describe('Go\'s time.ParseDuration (time/format.go)', () => {
  it('reads Go durations and words its errors as Go does', () => {
    expect(parseGoDurationStrict('1h30m')).toEqual({nanos: 5_400_000_000_000n});
    expect(parseGoDurationStrict('1.5s')).toEqual({nanos: 1_500_000_000n});
    expect(parseGoDurationStrict('-0')).toEqual({nanos: 0n});
    expect(parseGoDurationStrict('')).toEqual({error: 'time: invalid duration ""'});
    expect(parseGoDurationStrict('.s')).toEqual({error: 'time: invalid duration ".s"'});
    expect(parseGoDurationStrict('3d')).toEqual({error: 'time: unknown unit "d" in duration "3d"'});
    expect(parseGoDurationStrict('3µ')).toEqual({error: 'time: unknown unit "\\xc2\\xb5" in duration "3\\xc2\\xb5"'});
    expect(parseGoDurationStrict('9999999999999999999h')).toEqual({error: 'time: invalid duration "9999999999999999999h"'});
  });
});
