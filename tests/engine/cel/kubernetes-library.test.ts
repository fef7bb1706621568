import {describe, expect, it} from 'vitest';
import {isRequestUri, parseRequestUri} from '../../../src/engine/cel/go-url';
import {createKubernetesEnvironment} from '../../../src/engine/cel/kubernetes-library';

const env = createKubernetesEnvironment();
const evaluate = (expression: string, self: unknown) => env.evaluate(expression, {self});

describe('Go ParseRequestURI subset', () => {
  it.each([
    ['https://issuer.example.com/jwks', true],
    ['oci://ghcr.io/org/filter:1.0', true],
    ['file:///opt/filters/x.wasm', true],
    ['/absolute/path', true],
    ['mailto:someone@example.com', true],
    ['relative/path', false],
    ['ghcr.io/org/filter:1', false],
    ['', false],
    [':no-scheme', false],
    ['http://host:port/x', false],
    ['http://bad host/x', false],
    ['http://x/%zz', false],
    ['http://x/\u0001', false],
    ['*', true],
    // No fragment: `#` is part of whichever component it falls in.
    ['http://x/#frag', true],
    ['#%blah$#@', false],
    ['http://#%blah$#@', false],
    ['http://a#b/', false],
    // userinfo: RFC 3986 characters plus `@`, escapes well formed.
    ['http://user:p@ss@host/', true],
    ['http://us er@host/', false],
    ['http://us%zzer@host/', false],
    // host: sub-delims and `<>"` pass, other ASCII does not; %-escapes only for non-ASCII bytes.
    ['http://a"b/', true],
    ['http://a{b/', false],
    ['http://ex%41mple.com/', false],
    ['http://ex%C3%A9.com/', true],
    // brackets hold an IPv6 address (a zone after %25), never IPv4 or a name.
    ['http://[fe80::1%25en0]:8080/', true],
    ['http://[1.2.3.4]/', false],
    ['http://[example.com]/', false],
    ['http://[::1]x/', false],
  ])('isURL(%j) is %s', (input, expected) => {
    expect(isRequestUri(input)).toBe(expected);
  });

  it('splits scheme, host and port', () => {
    expect(parseRequestUri('HTTPS://user@example.com:8443/a?b=c')).toMatchObject({scheme: 'https', host: 'example.com:8443', hostname: 'example.com', port: '8443', path: '/a', rawQuery: 'b=c'});
    expect(parseRequestUri('http://[::1]:80/')).toMatchObject({hostname: '::1', port: '80'});
  });
});

describe('Kubernetes CEL library on cel-js', () => {
  it('provides url(), isURL() and the URL accessors', () => {
    expect(evaluate('url(self).getScheme()', 'https://a.example.com/x')).toBe('https');
    expect(evaluate('url(self).getHost()', 'https://a.example.com:8443/x')).toBe('a.example.com:8443');
    expect(evaluate('url(self).getHostname()', 'https://a.example.com:8443/x')).toBe('a.example.com');
    expect(evaluate('url(self).getPort()', 'https://a.example.com:8443/x')).toBe('8443');
    expect(evaluate('url(self).getEscapedPath()', 'https://a.example.com/x/y')).toBe('/x/y');
    expect(evaluate('isURL(self)', 'not a url')).toBe(false);
    expect(() => evaluate('url(self).getScheme()', 'relative')).toThrow(/URL parse error/);
  });

  it('has the standard functions the Istio rules use', () => {
    expect(evaluate("duration(self) >= duration('1ms')", '1h30m')).toBe(true);
    expect(evaluate("duration(self) >= duration('1ms')", '500us')).toBe(false);
    expect(evaluate('self.matches("^[a-z]+$")', 'abc')).toBe(true);
    expect(evaluate('self.all(l1, self.exists_one(l2, l1.number == l2.number))', [{number: 1n}, {number: 1n}])).toBe(false);
    expect(evaluate('self.all(key, 0 < int(key) && int(key) <= 65535)', {'80': {}, '443': {}})).toBe(true);
    expect(evaluate('self.substring(7, 8)', 'unix:///x')).toBe('/');
    expect(evaluate('self.lowerAscii()', 'AbC')).toBe('abc');
  });
});
