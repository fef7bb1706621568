import {describe, expect, it} from 'vitest';
import {keyToString, resolvePlainScalar, resolveTaggedScalar} from '../../../src/engine/yaml/scalars';

const value = (text: string) => resolvePlainScalar(text).value;

describe('plain scalars resolve as go-yaml v2 (kubectl) reads them', () => {
  it.each(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])('%s is true', (text) => {
    expect(value(text)).toBe(true);
  });
  it.each(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])('%s is false', (text) => {
    expect(value(text)).toBe(false);
  });
  it.each(['yEs', 'oN', 'nO', 'TRue', 'yes please'])('%s stays a string', (text) => {
    expect(value(text)).toBe(text);
  });
  it.each([['', null], ['~', null], ['null', null], ['Null', null], ['NULL', null]])('%j is null', (text, expected) => {
    expect(value(text)).toBe(expected);
  });
  it.each([
    ['0755', 493], ['0o17', 15], ['0x1F', 31], ['-0x10', -16], ['0b101', 5], ['1_000', 1000], ['+12', 12], ['-7', -7], ['0', 0],
  ])('integer %s = %d', (text, expected) => {
    expect(value(text)).toBe(expected);
  });
  it.each([['1.5', 1.5], ['1e3', 1000], ['.5', 0.5], ['1.', 1], ['08', 8], ['-1.5e-3', -0.0015], ['99999999999999999999', 1e20]])(
    'float %s = %d', (text, expected) => {
      expect(value(text)).toBe(expected);
    });
  it.each([['.inf', Infinity], ['-.Inf', -Infinity], ['+.INF', Infinity]])('%s is infinite', (text, expected) => {
    expect(value(text)).toBe(expected);
  });
  it('.nan is NaN', () => expect(Number.isNaN(value('.NaN'))).toBe(true));
  it.each(['2001-12-14', '2001-12-14T21:59:43.10-05:00', '12:30', '1.2.3', '0x', '-', '.', 'v1', '1e', '0b2'])('%s stays a string', (text) => {
    expect(value(text)).toBe(text);
  });
});

describe('tags and keys', () => {
  it('!!str keeps text, !!int checks it', () => {
    expect(resolveTaggedScalar('5', '!!str', true)).toEqual({tag: 'str', value: '5'});
    expect(resolveTaggedScalar('5', '!!int', false)).toEqual({tag: 'int', value: 5});
    expect(resolveTaggedScalar('abc', '!!int', true)).toEqual({error: 'cannot decode !!str `abc` as a !!int'});
  });
  it('non-string keys become strings as sigs.k8s.io/yaml converts them', () => {
    expect(keyToString({tag: 'bool', value: true})).toBe('true');
    expect(keyToString({tag: 'int', value: 80})).toBe('80');
    expect(keyToString({tag: 'null', value: null})).toBeUndefined();
  });
});

describe('underscores are dropped before numbers are parsed, as in go-yaml v2', () => {
  it('reads 0_8 as the float 8 and 1__0 as 10', () => {
    expect(resolvePlainScalar('0_8')).toEqual({tag: 'float', value: 8});
    expect(resolvePlainScalar('1__0')).toEqual({tag: 'int', value: 10});
  });
});
