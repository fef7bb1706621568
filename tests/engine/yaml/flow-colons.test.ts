/**
 * A `:` just before a flow indicator, as kubectl's YAML reader (go-yaml v2 through
 * sigs.k8s.io/yaml) reads it: inside the plain scalar, not as a key separator.
 */
import {describe, expect, it} from 'vitest';
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
