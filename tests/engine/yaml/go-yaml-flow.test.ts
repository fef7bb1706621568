/**
 * Plain scalars inside flow collections as kubectl's YAML reader (go-yaml v2 through
 * sigs.k8s.io/yaml) reads them: a `:` before a flow indicator stays in the scalar; a `?`, or a
 * `:` before `[` or `{`, is a syntax error.
 */
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../../src/engine/index';
import {locate, parseYaml} from '../../../src/engine/yaml/index';

const valueOf = (text: string, fastPath = true) => {
  const [document] = parseYaml(text, {fastPath}).documents;
  expect(document!.problems).toEqual([]);
  return document!.value;
};

function textAt(text: string, pointer: string): string {
  const parsed = parseYaml(text);
  const found = locate(parsed.documents[0]!.root, pointer)!;
  return text.slice(found.value.start, found.value.end);
}

describe('a plain scalar ending in `:` inside a flow sequence', () => {
  it('keeps the colon: an IPv6 address written without quotes is one string', () => {
    expect(valueOf('addresses: [1.2.3.4, 001:db8::]\n')).toEqual({addresses: ['1.2.3.4', '001:db8::']});
  });

  it('keeps it before a comma, before the closing bracket, and in nested lists', () => {
    expect(valueOf('a: [x:, z]\n')).toEqual({a: ['x:', 'z']});
    expect(valueOf('a: [x:]\n')).toEqual({a: ['x:']});
    expect(valueOf('a: [[fe80::], b::]\n')).toEqual({a: [['fe80::'], 'b::']});
  });

  it('is located at its whole text, colon included', () => {
    const text = 'addresses: [1.2.3.4, 001:db8::]\n';
    expect(textAt(text, '/addresses/1')).toBe('001:db8::');
  });

  it('reads the same whether or not the fast path is tried', () => {
    const text = 'spec:\n  addresses: [1.2.3.4, 001:db8::]\n  hosts: [a:, b]\n';
    expect(valueOf(text, true)).toEqual(valueOf(text, false));
  });
});

describe('a plain key ending in `:` inside a flow mapping', () => {
  it('keeps the colon and has no value', () => {
    expect(valueOf('m: {a:, b: c}\n')).toEqual({m: {'a:': null, b: 'c'}});
    expect(valueOf('m: {a:}\n')).toEqual({m: {'a:': null}});
  });
});

describe('what go-yaml v2 and YAML 1.2 read alike', () => {
  it('leaves pairs with a value, a spaced colon, a quoted key and an inner colon as they were', () => {
    expect(valueOf('a: [x: z]\n')).toEqual({a: [{x: 'z'}]});
    expect(valueOf('a: [x :, z]\n')).toEqual({a: [{x: null}, 'z']});
    expect(valueOf('a: ["x":, z]\n')).toEqual({a: [{x: null}, 'z']});
    expect(valueOf('a: [x:y, {k:v}]\n')).toEqual({a: ['x:y', {'k:v': null}]});
    expect(valueOf('a: b::c\n')).toEqual({a: 'b::c'});
  });
});

describe('what go-yaml v2 cannot read inside a flow collection', () => {
  const problemsOf = (text: string) => {
    const parsed = parseYaml(text);
    return parsed.documents.flatMap((d) => d.problems).map((p) => ({code: p.code, at: text.slice(p.start, p.end), message: p.message}));
  };

  it('rejects a "?" after the start of an unquoted item, where js-yaml would read one string', () => {
    expect(problemsOf('urls: [http://example.com/a?b=c]\n')).toEqual([
      {code: 'yaml-syntax', at: '?', message: expect.stringMatching(/^YAML syntax error: did not find expected ',' or '\]': .*quote the value$/)},
    ]);
    expect(problemsOf('m: {k: what?}\n')[0]).toMatchObject({at: '?', message: expect.stringContaining("did not find expected ',' or '}'")});
  });

  it('rejects a ":" glued to a following "[" or "{", where js-yaml would read a pair', () => {
    expect(problemsOf('a: [k:[v]]\n')).toEqual([{code: 'yaml-syntax', at: ':[', message: expect.stringContaining('put a space after the ":"')}]);
    expect(problemsOf('a: {k:{v: 1}}\n')[0]).toMatchObject({at: ':{'});
  });

  it('accepts the same text quoted, spaced, or outside a flow collection', () => {
    expect(problemsOf('urls: ["http://example.com/a?b=c"]\n')).toEqual([]);
    expect(problemsOf('a: [k: [v]]\n')).toEqual([]);
    expect(problemsOf('url: http://example.com/a?b=c # why?\n')).toEqual([]);
    expect(problemsOf('a: [b] # a comment? yes\n')).toEqual([]);
  });

  it('rejects it through validateYaml too, with the document left unread', () => {
    const {documents, diagnostics} = validateYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a?b}\n');
    expect(documents[0]!.value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, `${d.range.start.line}:${d.range.start.column}`])).toEqual([['yaml-syntax', '3:19']]);
  });
});
