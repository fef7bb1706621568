import {describe, expect, it} from 'vitest';
import {createKubernetesEnvironment} from '../../../src/engine/cel/kubernetes-library';

const env = createKubernetesEnvironment();
const evaluate = (expression: string, self: unknown) => env.evaluate(expression, {self});

describe('Kubernetes CEL library on cel-js', () => {
  it('provides url(), isURL() and the URL accessors', () => {
    expect(evaluate('url(self).getScheme()', 'https://a.example.com/x')).toBe('https');
    expect(evaluate('url(self).getHost()', 'https://a.example.com:8443/x')).toBe('a.example.com:8443');
    expect(evaluate('url(self).getHostname()', 'https://a.example.com:8443/x')).toBe('a.example.com');
    expect(evaluate('url(self).getPort()', 'https://a.example.com:8443/x')).toBe('8443');
    expect(evaluate('url(self).getEscapedPath()', 'https://a.example.com/x/y')).toBe('/x/y');
    // URL.EscapedPath: the path re-escaped where the text left a character bare, as written where it escaped one.
    expect(evaluate('url(self).getEscapedPath()', 'https://a.example.com/a b')).toBe('/a%20b');
    expect(evaluate('url(self).getEscapedPath()', 'https://a.example.com/a%2Fb')).toBe('/a%2Fb');
    expect(evaluate('url(self).getHost()', 'https://[::1]:8443/x')).toBe('[::1]:8443');
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
