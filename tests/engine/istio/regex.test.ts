/**
 * RE2 regexes as istiod checks them: Go's regexp.Compile (RE2 syntax, Go's limits) after
 * validateStringRegexp's 1024-byte limit, with Go's wording ("error parsing regexp: ...").
 */
import {describe, expect, it} from 'vitest';
import {goRegexpError, re2Error} from '../../../src/engine/istio/regex';
import {problems} from '../helpers';

describe('RE2 syntax, as Go parses it', () => {
  it.each([
    '^/api/v[0-9]+$', '(?i)abc', '(?i:a)b', '(?s).', '(?U)a*', '(?m)^a$', '(?P<name>x)', '(?<name>x)', '[[:alpha:]]+', '[^[:space:]]',
    'a{2,5}', 'a{,5}', 'x{1000}', '\\d+\\.\\d+', '\\pL', '\\p{Greek}', '\\PN', '\\p{^Greek}', '\\x{1F600}', '\\Qa.b*\\E', '\\A/x\\z',
    '[]a]', '[a-]', '\\012', '\\_', '(?:a{10}){100}', '(a|b){0,1000}', '',
  ])('accepts %j', (re) => {
    expect(re2Error(re)).toBeUndefined();
  });

  it.each([
    ['a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=` (RE2 has no lookahead)'],
    ['(?=x)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=` (RE2 has no lookahead)'],
    ['a(?!b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!` (RE2 has no negative lookahead)'],
    // Go reads (?< as a named group and quotes the rest of the pattern.
    ['(?<=a)b', 'error parsing regexp: invalid named capture: `(?<=a)b` (RE2 has no lookbehind)'],
    ['(?<!a)b', 'error parsing regexp: invalid named capture: `(?<!a)b` (RE2 has no negative lookbehind)'],
    ['(?>a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?>` (RE2 has no atomic groups)'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1` (RE2 has no backreferences)'],
    ['(?<x>a)\\k<x>', 'error parsing regexp: invalid escape sequence: `\\k` (RE2 has no backreferences)'],
    ['a++', 'error parsing regexp: invalid nested repetition operator: `++` (RE2 has no possessive quantifiers)'],
    ['a{2}+', 'error parsing regexp: invalid nested repetition operator: `{2}+` (RE2 has no possessive quantifiers)'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['*a', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['(abc', 'error parsing regexp: missing closing ): `(abc`'],
    ['abc)', 'error parsing regexp: unexpected ): `abc)`'],
    ['[a-', 'error parsing regexp: missing closing ]: `[a-`'],
    ['[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
    ['[[:foo:]]', 'error parsing regexp: invalid character class range: `[:foo:]`'],
    ['\\p{Foo}', 'error parsing regexp: invalid character class range: `\\p{Foo}`'],
    ['\\u0041', 'error parsing regexp: invalid escape sequence: `\\u`'],
    ['\\Z', 'error parsing regexp: invalid escape sequence: `\\Z`'],
    ['[\\b]', 'error parsing regexp: invalid escape sequence: `\\b`'],
    ['\\x{110000}', 'error parsing regexp: invalid escape sequence: `\\x{110000`'],
    ['ab\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
    ['(?x)a', 'error parsing regexp: invalid or unsupported Perl syntax: `(?x`'],
    ['(?#note)a', 'error parsing regexp: invalid or unsupported Perl syntax: `(?#`'],
  ])('rejects %j as Go does', (re, message) => {
    expect(re2Error(re)).toBe(message);
  });
});

describe("Go's limits", () => {
  it('allows a repeat count up to 1000', () => {
    expect(re2Error('a{1000}')).toBeUndefined();
    expect(re2Error('a{0,1000}')).toBeUndefined();
    expect(re2Error('a{1001}')).toBe('error parsing regexp: invalid repeat count: `{1001}`');
    expect(re2Error('a{1,1001}')).toBe('error parsing regexp: invalid repeat count: `{1,1001}`');
    expect(re2Error('a{3,2}')).toBe('error parsing regexp: invalid repeat count: `{3,2}`');
  });

  it('limits nested repeats to 1000 copies of the innermost expression', () => {
    expect(re2Error('(a{2}){600}')).toBe('error parsing regexp: invalid repeat count: `{600}`');
    expect(re2Error('(?:a{10}){101}')).toBe('error parsing regexp: invalid repeat count: `{101}`');
    expect(re2Error('(?:(?:a{2}){2}){250}')).toBeUndefined();
    expect(re2Error('((a{10}){10}){11}')).toBe('error parsing regexp: invalid repeat count: `{11}`');
  });

  it('counts the 1024-character limit in UTF-8 bytes, as Go len() does', () => {
    expect(re2Error('a'.repeat(1024))).toBeUndefined();
    expect(re2Error('a'.repeat(1025))).toBe('regex is too large, max length allowed is 1024');
    expect(re2Error('é'.repeat(512))).toBeUndefined();
    expect(re2Error('é'.repeat(513))).toBe('regex is too large, max length allowed is 1024');
  });

  // Only reachable where istiod compiles without the length limit (EnvoyFilter proxyVersion).
  it('rejects nesting deeper than 1000 and programs larger than Go allows', () => {
    const deep = `${'('.repeat(1001)}a${')'.repeat(1001)}`;
    expect(goRegexpError(deep)).toBe(`error parsing regexp: expression nests too deeply: \`${deep}\``);
    expect(goRegexpError(`${'('.repeat(900)}a${')'.repeat(900)}`)).toBeUndefined();
    const large = 'x{1000}'.repeat(3400);
    expect(goRegexpError(large)).toBe(`error parsing regexp: expression too large: \`${large}\``);
  });
});

describe('where Go 1.25 (istiod 1.30) accepts more than RE2', () => {
  it('accepts two groups with the same name', () => {
    expect(re2Error('(?P<v>a)|(?P<v>b)')).toBeUndefined();
    expect(re2Error('(?<v>a)(?P<v>b)(?<v>c)')).toBeUndefined();
    // ...and still reports what follows, quoting the pattern as written.
    expect(re2Error('(?P<v>a)(?P<v>b)(')).toBe('error parsing regexp: missing closing ): `(?P<v>a)(?P<v>b)(`');
  });

  it('looks Unicode class names up loosely and knows the long category names', () => {
    for (const re of ['\\p{Letter}', '\\p{greek}', '\\p{ASCII}', '\\P{Uppercase_Letter}', '[\\p{decimal-number}x]', '\\p{^letter}', '\\pl']) {
      expect(re2Error(re), re).toBeUndefined();
    }
    expect(re2Error('\\p{Letter}(')).toBe('error parsing regexp: missing closing ): `\\p{Letter}(`');
    expect(re2Error('\\p{Letters}')).toBe('error parsing regexp: invalid character class range: `\\p{Letters}`');
    // An escaped backslash: `p{Letter}` is literal text, and a repeat of `p` with a bad count is not involved.
    expect(re2Error('\\\\p{Letter}')).toBeUndefined();
  });
});

describe('hostile patterns', () => {
  it('checks a long, deeply repeated pattern quickly', () => {
    const started = Date.now();
    expect(re2Error(`${'.*'.repeat(100)}!`)).toBeUndefined();
    expect(re2Error('(a+)+b')).toBeUndefined();
    expect(re2Error(`${'(?:a{10}|b)'.repeat(90)}`)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the messages istiod wraps around a regex verdict (validateStringRegexp, envoyfilter.go)', () => {
  const virtualService = (regex: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - match:
    - uri: {regex: ${JSON.stringify(regex)}}
    route:
    - destination: {host: reviews}
`;
  const envoyFilter = (proxyVersion: string) => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: lua, namespace: default}
spec:
  configPatches:
  - applyTo: HTTP_FILTER
    match:
      proxy: {proxyVersion: ${JSON.stringify(proxyVersion)}}
    patch:
      operation: MERGE
      value: {}
`;
  const messages = (text: string) => problems(text).filter((p) => p.severity === 'error').map((p) => p.message);

  it('says only that a route regex over 1024 bytes is too large, without the RE2 syntax pointer', () => {
    expect(messages(virtualService('a'.repeat(1025)))).toEqual(['"uri": regex is too large, max length allowed is 1024']);
  });

  it("points at RE2's syntax when Go's regexp cannot compile a route regex", () => {
    expect(messages(virtualService('(a{2}){600}'))).toEqual([
      expect.stringMatching(/^"uri": error parsing regexp: invalid repeat count: .*; Istio uses RE2 style regex-based match \(https:\/\/github.com\/google\/re2\/wiki\/Syntax\)$/),
    ]);
  });

  it("compiles an EnvoyFilter's proxyVersion with no length limit", () => {
    expect(messages(envoyFilter(`1\\.30\\.${'[0-9]'.repeat(300)}`))).toEqual([]);
    expect(messages(envoyFilter('(a{2}){600}'))).toEqual([expect.stringMatching(/^Envoy filter: invalid regex for proxy version, \[error parsing regexp: invalid repeat count/)]);
  });
});
