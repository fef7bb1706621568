import {describe, expect, it} from 'vitest';
import {durationError, parseGoDuration} from '../../../src/engine/istio/durations';
import {fqdnError, hostsOverlap, ipSubnetError, wildcardDomainError} from '../../../src/engine/istio/hosts';
import {re2Error} from '../../../src/engine/istio/regex';

describe('durations (Go time.ParseDuration, at least 1ms, ms precision)', () => {
  it.each([['1s', 1e9], ['1.5s', 1.5e9], ['100ms', 1e8], ['1h30m', 5400e9], ['0', 0], ['2m3s', 123e9]])('%s', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });
  it.each(['10', 's', '1x', '1.2.3s', ''])('%s is not a duration', (text) => expect(parseGoDuration(text)).toBeUndefined());
  it('enforces Istio limits', () => {
    expect(durationError('500us')).toBe('duration must be greater than 1ms');
    expect(durationError('1.0005s')).toBe('only durations to ms precision are supported');
    expect(durationError('250ms')).toBeUndefined();
  });
});

describe('RE2 regexes', () => {
  it.each(['^/api/v[0-9]+$', '(?i)abc', '(?P<name>x)', '[[:alpha:]]+', 'a{2,5}', '\\d+\\.\\d+'])('accepts %s', (re) => {
    expect(re2Error(re)).toBeUndefined();
  });
  it.each([['a(?=b)', 'lookahead'], ['(?<!a)b', 'lookbehind'], ['(a)\\1', 'backreferences'], ['a++', 'possessive'], ['(?>a)', 'atomic'], ['a{1001}', 'repeat count'], ['(abc', 'error parsing regexp']])(
    'rejects %s', (re, why) => {
      expect(re2Error(re)).toContain(why);
    });
});

describe('host names', () => {
  it('allows a wildcard only as the leftmost label', () => {
    expect(wildcardDomainError('*.example.com')).toBeUndefined();
    expect(wildcardDomainError('*')).toBeUndefined();
    // Like Istio, the message names the rest of the domain after the first label.
    expect(wildcardDomainError('api.*.example.com')).toBe('domain name "*.example.com" invalid (label "*" invalid)');
    expect(wildcardDomainError('')).toBe('empty domain name not allowed');
  });
  it('rejects all-numeric top level domains in FQDNs', () => {
    expect(fqdnError('example.123')).toMatch(/top level domain "123" cannot be all-numeric/);
  });
  it('matches wildcard hosts like host.Name.Matches', () => {
    expect(hostsOverlap('*.example.com', 'api.example.com')).toBe(true);
    expect(hostsOverlap('*.com', '*.example.com')).toBe(true);
    expect(hostsOverlap('api.example.com', 'www.example.com')).toBe(false);
  });
  it('checks IPs and CIDRs', () => {
    expect(ipSubnetError('10.0.0.0/8')).toBeUndefined();
    expect(ipSubnetError('2001:db8::/32')).toBeUndefined();
    expect(ipSubnetError('10.0.0.0/33')).toBe('10.0.0.0/33 is not a valid CIDR block');
    expect(ipSubnetError('300.1.1.1')).toBe('300.1.1.1 is not a valid IP');
  });
});
