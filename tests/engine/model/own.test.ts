/**
 * Records keyed by names users chose (src/engine/model/own.ts): every name, Object.prototype's
 * included, is written and read as the record's own property, and the record's prototype and
 * Object.prototype stay as they were.
 */
import {describe, expect, it} from 'vitest';
import {stringLabels} from '../../../src/engine/model/labels';
import {ownValue, setOwn} from '../../../src/engine/model/own';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'app', '0'];

describe('own properties', () => {
  it('setOwn writes every name as an own, enumerable, writable property, in order', () => {
    const record: Record<string, string> = {};
    for (const name of NAMES) setOwn(record, name, `v-${name}`);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    for (const name of NAMES) {
      expect(Object.getOwnPropertyDescriptor(record, name)).toEqual({value: `v-${name}`, writable: true, enumerable: true, configurable: true});
      expect(ownValue(record, name)).toBe(`v-${name}`);
    }
    expect(Object.keys(record)).toEqual(['0', ...NAMES.filter((n) => n !== '0')]);
    setOwn(record, '__proto__', 'again');
    expect(ownValue(record, '__proto__')).toBe('again');
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('stringLabels copies string labels of any name, and nothing inherited', () => {
    const written = JSON.parse('{"__proto__": "x", "constructor": "y", "count": 3, "app": "reviews"}') as Record<string, unknown>;
    const labels = stringLabels(written);
    expect(Object.keys(labels)).toEqual(['__proto__', 'constructor', 'app']);
    expect(ownValue(labels, '__proto__')).toBe('x');
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(ownValue(stringLabels({}), 'constructor')).toBeUndefined();
  });
});
