import {describe, expect, it} from 'vitest';
import {locate, parseYaml} from '../../../src/engine/yaml/index';

function problems(text: string, options = {}) {
  const parsed = parseYaml(text, options);
  return [...parsed.problems, ...parsed.documents.flatMap((d) => d.problems)].map((p) => ({
    code: p.code, message: p.message, start: parsed.lines.position(p.start), end: parsed.lines.position(p.end),
  }));
}

function rangeAt(text: string, pointer: string, index = 0) {
  const parsed = parseYaml(text);
  const found = locate(parsed.documents[index]!.root, pointer)!;
  return {
    key: found.key && parsed.lines.range(found.key.start, found.key.end),
    value: parsed.lines.range(found.value.start, found.value.end),
    exact: found.exact,
  };
}

describe('values', () => {
  it('builds plain JS values with YAML 1.1 typing', () => {
    const {documents} = parseYaml('a: yes\nb: 0755\nc: "0755"\nd: [1, two]\ne: {f: ~}\ng: |\n  text\n');
    expect(documents[0]!.value).toEqual({a: true, b: 493, c: '0755', d: [1, 'two'], e: {f: null}, g: 'text\n'});
  });

  it('converts non-string keys like kubectl (yes → "true", 80 → "80")', () => {
    expect(parseYaml('yes: 1\n80: http\n').documents[0]!.value).toEqual({true: 1, 80: 'http'});
  });

  it('applies merge keys, explicit keys winning', () => {
    const {documents} = parseYaml('base: &b {a: 1, b: 2}\nobj:\n  <<: *b\n  b: 3\n');
    expect(documents[0]!.value).toEqual({base: {a: 1, b: 2}, obj: {a: 1, b: 3}});
  });

  it('never lets a __proto__ key reach the prototype', () => {
    const value = parseYaml('__proto__: {polluted: true}\n').documents[0]!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('multi-document streams', () => {
  it('numbers documents in order, including empty ones', () => {
    const {documents} = parseYaml('---\na: 1\n---\n---\nb: 2\n...\n---\n- c\n');
    expect(documents.map((d) => d.value)).toEqual([{a: 1}, null, {b: 2}, ['c']]);
  });

  it('keeps the other documents when one has a syntax error', () => {
    const {documents} = parseYaml('a: 1\n---\nb: [\n---\nc: 3\n');
    expect(documents.map((d) => d.value)).toEqual([{a: 1}, undefined, {c: 3}]);
    expect(documents[1]!.problems[0]).toMatchObject({code: 'yaml-unclosed-bracket', start: 12});
  });

  it('keeps directives with the document they introduce', () => {
    expect(parseYaml('%YAML 1.1\n---\na: 1\n').documents.map((d) => d.value)).toEqual([{a: 1}]);
  });
});

describe('positions', () => {
  const text = 'metadata:\n  name: reviews\nspec:\n  hosts:\n  - "reviews"\n  http:\n  - route:\n    - destination: {host: reviews, subset: v4}\n';

  it('gives 1-based key and value ranges with exclusive ends', () => {
    expect(rangeAt(text, '/metadata/name')).toEqual({
      key: {start: {line: 2, column: 3}, end: {line: 2, column: 7}},
      value: {start: {line: 2, column: 9}, end: {line: 2, column: 16}},
      exact: true,
    });
  });

  it('covers the quotes of a quoted scalar', () => {
    expect(rangeAt(text, '/spec/hosts/0').value).toEqual({start: {line: 5, column: 5}, end: {line: 5, column: 14}});
  });

  it('finds values inside flow mappings', () => {
    expect(rangeAt(text, '/spec/http/0/route/0/destination/subset')).toMatchObject({
      key: {start: {line: 8, column: 36}, end: {line: 8, column: 42}},
      value: {start: {line: 8, column: 44}, end: {line: 8, column: 46}},
    });
  });

  it('reports the deepest existing ancestor for a missing path', () => {
    const found = rangeAt(text, '/spec/http/0/timeout');
    expect(found.exact).toBe(false);
    expect(found.value.start).toEqual({line: 7, column: 5});
  });

  it('points into the anchor for paths through an alias, without expanding it', () => {
    const found = rangeAt('a: &x {b: 1}\nc: *x\n', '/c/b');
    expect(found.value).toEqual({start: {line: 1, column: 11}, end: {line: 1, column: 12}});
  });

  it('finds keys that came from a merge', () => {
    expect(rangeAt('base: &b {a: 1}\nobj:\n  <<: *b\n', '/obj/a').key).toEqual({start: {line: 1, column: 11}, end: {line: 1, column: 12}});
  });

  it('locates documents after the first', () => {
    expect(rangeAt('a: 1\n---\nb:\n  c: 2\n', '/b/c', 1).value).toEqual({start: {line: 4, column: 6}, end: {line: 4, column: 7}});
  });
});

describe('problems are diagnostics, never exceptions', () => {
  it('reports a duplicate key at the second occurrence', () => {
    expect(problems('metadata:\n  name: a\n  labels: {}\n  name: b\n')).toEqual([{
      code: 'yaml-duplicate-key', message: 'key "name" already set in map (first set on line 2); kubectl would silently keep only this last value',
      start: {line: 4, column: 3}, end: {line: 4, column: 7},
    }]);
  });

  it('reports duplicates in large mappings too', () => {
    const keys = Array.from({length: 40}, (_, i) => `k${i}: ${i}`).join('\n');
    expect(problems(`${keys}\nk7: again\n`)[0]).toMatchObject({code: 'yaml-duplicate-key', start: {line: 41, column: 1}});
  });

  it('reports a tab used for indentation at the tab', () => {
    expect(problems('spec:\n\thosts: [a]\n')[0]).toMatchObject({code: 'yaml-tab-indentation', start: {line: 2, column: 1}});
  });

  it('reports bad indentation with its position', () => {
    expect(problems('spec:\n  hosts:\n  - a\n   gateways: [b]\n')[0]).toMatchObject({code: 'yaml-indentation', start: {line: 4}});
  });

  it('reports an unterminated quote where it opens', () => {
    expect(problems('metadata:\n  name: "reviews\n  namespace: x\n')[0]).toMatchObject({
      code: 'yaml-unterminated-string', start: {line: 2, column: 9},
    });
  });

  it('reports unknown anchors and self-containing anchors', () => {
    expect(problems('a: *nope\n')[0]).toMatchObject({code: 'yaml-unknown-anchor', start: {line: 1, column: 4}});
    expect(problems('a: &x [*x]\n')[0]).toMatchObject({code: 'yaml-recursive-alias'});
  });

  it('rejects complex and null keys like sigs.k8s.io/yaml', () => {
    expect(problems('? [a]\n: 1\n')[0]!.code).toBe('yaml-complex-key');
    expect(problems('~: 1\n')[0]!.code).toBe('yaml-null-key');
  });
});

describe('hostile input', () => {
  // The bound catches an expansion that would hang (10^12 nodes), not speed: bench:validate measures speed.
  it('stops a billion-laughs alias bomb without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    const parsed = parseYaml(`${levels.join('\n')}\n`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(parsed.documents[0]!.value).toBeUndefined();
    expect(parsed.documents[0]!.problems[0]!.code).toBe('yaml-excessive-aliasing');
    expect(parsed.documents[0]!.problems[0]!.message).toMatch(/excessive aliasing/);
  });

  it('accepts modest, legitimate aliasing', () => {
    const parsed = parseYaml('labels: &l {app: a}\nx: {labels: *l}\ny: {labels: *l}\n');
    expect(parsed.documents[0]!.problems).toEqual([]);
  });

  it('limits nesting depth with a clear message', () => {
    const deep = `${'['.repeat(500)}${']'.repeat(500)}\n`;
    const [problem] = problems(deep);
    expect(problem).toMatchObject({code: 'yaml-too-deep'});
    expect(problem!.message).toMatch(/deeper than 100 levels/);
  });

  it('limits nesting reached through aliases', () => {
    let text = `l0: &l0 ${'['.repeat(60)}${']'.repeat(60)}\n`;
    text += `l1: &l1 ${'['.repeat(60)}*l0${']'.repeat(60)}\n`;
    expect(problems(text)[0]).toMatchObject({code: 'yaml-too-deep'});
  });

  it('rejects input over the size limit before parsing it', () => {
    expect(problems('a: 1\n'.repeat(100), {maxBytes: 100})[0]).toMatchObject({code: 'input-too-large'});
    expect(problems('a: é\n', {maxBytes: 5})[0]!.message).toMatch(/6 bytes, over the limit of 5 bytes/);
  });

  it('rejects binary data with the position of the first control character', () => {
    expect(problems('apiVersion: v1\nkind: \u0000\u0001\u0002\u00ff')[0]).toMatchObject({code: 'input-not-text', start: {line: 2, column: 7}});
  });
});

describe('JSON conversion', () => {
  it('rejects NaN and infinite values, which JSON cannot carry, but accepts them as keys', () => {
    expect(problems('a: .inf\nb: [.nan]\n.inf: ok\n').map((p) => [p.code, p.start])).toEqual([
      ['yaml-non-finite-number', {line: 1, column: 4}],
      ['yaml-non-finite-number', {line: 2, column: 5}],
    ]);
  });
});

describe('problem paths', () => {
  it('names the JSON pointer of the offending node', () => {
    const parsed = parseYaml('spec:\n  hosts: [a, .inf]\n  http:\n  - name: x\n    name: y\n  ref: *missing\n');
    expect(parsed.documents[0]!.problems.map((p) => [p.code, p.path])).toEqual([
      ['yaml-non-finite-number', '/spec/hosts/1'],
      ['yaml-duplicate-key', '/spec/http/0/name'],
      ['yaml-unknown-anchor', '/spec/ref'],
    ]);
  });
});
