/**
 * The string formats the CRDs use, checked as the 1.33 API server checks them: k8s.io/kube-openapi's
 * strfmt registry at the version k8s.io/apiextensions-apiserver v0.33.9 pins (c8a335a9a2ff):
 * date-time is IsDateTime (time.go), byte is govalidator.IsBase64, ipv4 is isIPv4 (k8s.io/utils'
 * ParseIPSloppy), ipv6 is govalidator.IsIPv6 (Go's net.ParseIP). The checks run as the schema
 * compiler registers them with Ajv (scripts/schemas/create-ajv.ts); duration has its own file.
 */
import {describe, expect, it} from 'vitest';
import {createAjv} from '../../../scripts/schemas/create-ajv';

const ajv = createAjv(new Set(['date-time', 'byte', 'ipv4', 'ipv6']), {standalone: false});
const passes = (format: string, value: string): boolean => ajv.compile({type: 'string', format})(value) as boolean;

describe('format: date-time (strfmt.IsDateTime)', () => {
  it.each([
    '2026-01-31T12:00:00Z',
    '2026-01-31t12:00:00.123z', // the text is lower-cased first
    '2026-01-31T12:00:00+01:00',
    '2026-01-31T12:00:00-23:59',
    '2026-01-31T12:00:00+99:99', // the zone's digits are not bounded
    '2026-01-31T12:00:00,5Z', // DateTimePattern's fraction separator is "." unescaped: any character
    '2026-01-31T12:00:00\u{1F600}5Z', // one rune, whatever its width
    '2026-01-31T12:00:00Zt12', // only the text between the first and second "t" is read
    '2024-02-29T00:00:00Z', // a leap day
    '0000-01-01T00:00:00Z',
  ])('accepts %j', (value) => expect(passes('date-time', value)).toBe(true));

  it.each([
    '2026-01-31 12:00:00Z', // no "t" to split at
    '2026-01-31T12:00:00', // the zone is required
    '2026-01-31T12:00:00+0100', // the zone needs its colon
    '2026-01-31T12:00:00.Z', // a separator needs digits after it
    '2026-01-31T12:00:00\n5Z', // "." matches anything but a newline
    '2026-01-31T24:00:00Z',
    '2026-01-31T12:60:00Z',
    '2026-01-31T12:00:60Z', // no leap second
    '2026-02-29T00:00:00Z', // time.Parse checks the day against the month
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-1-31T12:00:00Z', // two-digit month and day
    '2026-01-31TT12:00:00Z',
    '',
  ])('refuses %j', (value) => expect(passes('date-time', value)).toBe(false));
});

describe('format: byte (govalidator.IsBase64)', () => {
  it.each(['AAAA', 'aGVsbG8=', 'aGk=', 'a+/9', 'aGVsbG8gd29ybGQ='])('accepts %j', (value) => expect(passes('byte', value)).toBe(true));

  // The pattern's last quantum is not optional, so the empty string fails; URL-safe letters and
  // missing padding fail too.
  it.each(['', 'A', 'AAA', 'A===', 'aGk', 'a-_9', 'aGVs bG8='])('refuses %j', (value) => expect(passes('byte', value)).toBe(false));
});

describe('format: ipv4 (ParseIPSloppy, text with a ".")', () => {
  it.each(['10.0.0.1', '010.000.000.001', '0000255.0.0.0', '::ffff:10.0.0.1', '::ffff:010.0.0.1'])('accepts %j', (value) =>
    expect(passes('ipv4', value)).toBe(true));
  it.each(['10.0.0', '10.0.0.256', '10.0.0.1.', '::1', 'a.b.c.d', '10.0.0.1/8', ''])('refuses %j', (value) => expect(passes('ipv4', value)).toBe(false));
});

describe('format: ipv6 (net.ParseIP since Go 1.17, text with a ":")', () => {
  it.each(['::', '::1', '2001:db8::68', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', '::ffff:10.0.0.1', '1::', 'ABCD::ef'])('accepts %j', (value) =>
    expect(passes('ipv6', value)).toBe(true));
  it.each([
    '10.0.0.1', // no ":"
    '::ffff:010.0.0.1', // leading zeros in the IPv4 tail
    '00001::', // at most four hex digits a field
    'fe80::1%eth0', // no zone
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8', // "::" must stand for at least one field
    '1::2::3',
    '1:2:3:4:5:1.2.3.4', // the IPv4 tail must end the 128 bits
    '1:2:3:4:5:6:7:',
    ':1::',
    '',
  ])('refuses %j', (value) => expect(passes('ipv6', value)).toBe(false));
});

describe('bounded time', () => {
  // A request body is at most 3 MiB; JavaScript's backtracking regular expressions must not make
  // a long value slower than Go's RE2 makes it.
  it.each(['date-time', 'byte', 'ipv4', 'ipv6'])('answers %s for 3 MB values in well under a second each', (format) => {
    for (const value of [`${'A'.repeat(3_000_000)}!`, `2026-01-31T${'1'.repeat(3_000_000)}`, ':'.repeat(3_000_000), '1.'.repeat(1_500_000), `${'f'.repeat(3_000_000)}::`]) {
      const started = performance.now();
      expect(passes(format, value)).toBe(false);
      expect(performance.now() - started).toBeLessThan(1500);
    }
  });
});
