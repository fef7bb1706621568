/**
 * Go's net/url (src/engine/go/url.ts): url.ParseRequestURI as the Kubernetes CEL library and
 * istiod's WasmPlugin rule read URLs, url.Parse as the external control plane analyzer reads
 * webhook URLs. Verdicts and error texts are Go 1.24.8+/1.25.2+'s.
 */
import {describe, expect, it} from 'vitest';
import {escapedPath, isRequestUri, parseRequestUri, parseUrl, UrlParseError, urlHostname, urlPort} from '../../../src/engine/go/url';

function failure(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof UrlParseError) return error.reason;
    throw error;
  }
  return 'parsed';
}

describe('url.ParseRequestURI', () => {
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
    ['http://]x[/', false],
  ])('accepts %j: %s', (input, expected) => {
    expect(isRequestUri(input)).toBe(expected);
  });

  it("fails with Go's reasons", () => {
    expect(failure(() => parseRequestUri(''))).toBe('empty url');
    expect(failure(() => parseRequestUri('relative'))).toBe('invalid URI for request');
    expect(failure(() => parseRequestUri(':x'))).toBe('missing protocol scheme');
    expect(failure(() => parseRequestUri('http://x/\u0007'))).toBe('net/url: invalid control character in URL');
    expect(failure(() => parseRequestUri('http://host:port/x'))).toBe('invalid port ":port" after host');
    expect(failure(() => parseRequestUri('http://x/%zz'))).toBe('invalid URL escape "%zz"');
    expect(failure(() => parseRequestUri('http://ex%41mple.com/'))).toBe('invalid URL escape "%41"');
    expect(failure(() => parseRequestUri('http://a{b/'))).toBe('invalid character "{" in host name');
    expect(failure(() => parseRequestUri('http://us er@host/'))).toBe('net/url: invalid userinfo');
    expect(failure(() => parseRequestUri('http://[::1/'))).toBe("missing ']' in host");
    expect(failure(() => parseRequestUri('http://[1.2.3.4]/'))).toBe('invalid IP-literal');
    expect(failure(() => parseRequestUri('http://[example.com]/'))).toMatch(/^invalid host: ParseAddr\("example\.com"\): /);
  });

  it('splits scheme, host, port, path and query', () => {
    const url = parseRequestUri('HTTPS://user@example.com:8443/a?b=c');
    expect(url).toMatchObject({scheme: 'https', host: 'example.com:8443', path: '/a', rawQuery: 'b=c', user: {username: 'user'}});
    expect([urlHostname(url), urlPort(url)]).toEqual(['example.com', '8443']);
    const ipv6 = parseRequestUri('http://[::1]:80/');
    expect([ipv6.host, urlHostname(ipv6), urlPort(ipv6)]).toEqual(['[::1]:80', '::1', '80']);
    expect(parseRequestUri('mailto:someone@example.com')).toMatchObject({scheme: 'mailto', opaque: 'someone@example.com', host: ''});
    expect(parseRequestUri('http://x/?')).toMatchObject({forceQuery: true, rawQuery: ''});
  });

  it('decodes the host and the path, and escapes the path as EscapedPath does', () => {
    expect(parseRequestUri('http://ex%C3%A9.com/').host).toBe('exé.com');
    const slash = parseRequestUri('http://x/a%2Fb');
    expect([slash.path, slash.rawPath, escapedPath(slash)]).toEqual(['/a/b', '/a%2Fb', '/a%2Fb']);
    const space = parseRequestUri('http://x/a b');
    expect([space.path, escapedPath(space)]).toEqual(['/a b', '/a%20b']);
    const accent = parseRequestUri('http://x/caf%C3%A9');
    expect([accent.path, escapedPath(accent)]).toEqual(['/café', '/caf%C3%A9']);
    const emoji = parseRequestUri('http://x/%F0%9F%98%80-\u{1F600}');
    expect([emoji.path, escapedPath(emoji)]).toEqual(['/\u{1F600}-\u{1F600}', '/%F0%9F%98%80-%F0%9F%98%80']);
    expect(parseRequestUri('http://u%40x:p%3A@h/').user).toEqual({username: 'u@x', password: 'p:'});
  });
});

describe('url.Parse', () => {
  it('reads relative references, which ParseRequestURI refuses', () => {
    expect(parseUrl('istiod/inject')).toMatchObject({scheme: '', host: '', path: 'istiod/inject'});
    expect(parseUrl('//istiod:15017/inject')).toMatchObject({host: 'istiod:15017', path: '/inject'});
    expect(parseUrl('///inject')).toMatchObject({host: '', path: '///inject'});
    expect(parseUrl('')).toMatchObject({path: ''});
    expect(isRequestUri('//istiod/inject')).toBe(true);
    expect(parseRequestUri('//istiod/inject')).toMatchObject({host: '', path: '//istiod/inject'});
  });

  it('cuts the fragment at the first #, and checks its escapes', () => {
    expect(parseUrl('http://a#b/')).toMatchObject({host: 'a', path: '', fragment: 'b/'});
    expect(parseUrl('http://x/p#a%20b')).toMatchObject({fragment: 'a b', rawFragment: ''});
    expect(failure(() => parseUrl('http://x/#a%zz'))).toBe('invalid URL escape "%zz"');
    expect(failure(() => parseUrl('http://a b/#ok'))).toBe('invalid character " " in host name');
  });

  it("refuses a colon in a relative reference's first segment, and a leading colon", () => {
    expect(failure(() => parseUrl('1a:b'))).toBe('first path segment in URL cannot contain colon');
    expect(parseUrl('./1a:b')).toMatchObject({path: './1a:b'});
    expect(failure(() => parseUrl(':15017/inject'))).toBe('missing protocol scheme');
  });

  it("gives the webhook analyzer the host's name without port or brackets", () => {
    expect(urlHostname(parseUrl('https://istiod.istio-system.svc:15017/inject'))).toBe('istiod.istio-system.svc');
    expect(urlHostname(parseUrl('https://[fd00::1]:15017/inject'))).toBe('fd00::1');
    expect(urlHostname(parseUrl('https://10.0.0.1:15017/inject'))).toBe('10.0.0.1');
    expect(urlHostname(parseUrl('https://istiod:/inject'))).toBe('istiod');
  });
});
