/**
 * What the Gateway API's rules need of CEL beyond cel-js's standard library, as cel-go and
 * the Kubernetes libraries give it: isIP (ip.go), RE2's `matches`, and has() on any operand.
 */
import {describe, expect, it} from 'vitest';
import {adaptRuleSource} from '../../../src/engine/cel/adapt-source';
import {isKubernetesIp, re2Matches} from '../../../src/engine/cel/kubernetes-library';
import {compileRule} from '../../../src/engine/cel/rule-cache';

describe('isIP, as the Kubernetes IP library reads an address', () => {
  it.each([
    ['1.2.3.4', true], ['2001:db8::1', true], ['::1', true], ['::ffff:0:1.2.3.4', true],
    // netip.ParseAddr refuses leading zeros; the library refuses zones and IPv4-mapped IPv6.
    ['01.2.3.4', false], ['fe80::1%eth0', false], ['::ffff:1.2.3.4', false], ['0:0:0:0:0:ffff:102:304', false],
    ['1.2.3', false], ['foo.example.com', false], ['1.2.3.4:80', false],
  ])('%s → %s', (address, want) => expect(isKubernetesIp(address)).toBe(want));
});

describe('matches, as RE2 reads the pattern', () => {
  it('takes RE2 flags that JavaScript does not (the GRPCRoute service rule)', () => {
    const service = '^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$';
    expect(re2Matches('.Foo.Bar', service)).toBe(true);
    expect(re2Matches('foo.*.bar', service)).toBe(false);
    expect(re2Matches('letters', '^[[:alpha:]]+$')).toBe(true);
  });

  it('keeps RE2\'s meaning of \\s (no vertical tab) and finds a match anywhere', () => {
    expect(re2Matches('a\vb', '\\s')).toBe(false);
    expect(re2Matches('a b', '\\s')).toBe(true);
    expect(re2Matches('/foo/./bar', '/\\./')).toBe(true);
  });

  it('refuses a pattern RE2 refuses, even one JavaScript reads', () => {
    expect(() => re2Matches('aa', '(a)\\1')).toThrow(/invalid matches argument/);
  });
});

describe('has() on any operand', () => {
  it('is read as a presence test of the key where cel-js takes only a chain of names', () => {
    expect(adaptRuleSource('has(self.matches[0].path)')).toBe('__has__(self.matches[0], "path")');
    expect(adaptRuleSource('has(self.a.b)')).toBe('has(self.a.b)');
    expect(adaptRuleSource("'has(x[0].y)' == s")).toBe("'has(x[0].y)' == s");
  });

  it('evaluates as CEL does: false for a missing field, an error for a missing list item', () => {
    const compiled = compileRule('!has(self.matches[0].path) || self.matches[0].path.type == "PathPrefix"');
    if (!compiled.ok) throw new Error(compiled.error);
    expect(compiled.program({self: {matches: [{}]}})).toBe(true);
    expect(compiled.program({self: {matches: [{path: {type: 'Exact'}}]}})).toBe(false);
    expect(() => compiled.program({self: {matches: []}})).toThrow();
  });
});
