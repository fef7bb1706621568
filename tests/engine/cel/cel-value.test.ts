import {describe, expect, it} from 'vitest';
import {CelValueCache, toCelValue} from '../../../src/engine/cel/cel-value';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

const ref: SchemaNode = {type: 'object', properties: {name: {type: 'string'}, port: {type: 'integer'}, weight: {type: 'number'}}};
const refs: SchemaNode = {type: 'array', items: ref};

describe('toCelValue', () => {
  it('hands over lists and maps with nothing to convert or prune, unchanged', () => {
    const value = [{name: 'a'}, {name: 'b', weight: 0.5}];
    expect(toCelValue(value, refs, new CelValueCache())).toBe(value);
  });

  it('copies what changes, integers as CEL ints, and leaves the value as written alone', () => {
    const value = [{name: 'a'}, {name: 'b', port: 80}];
    const converted = toCelValue(value, refs, new CelValueCache()) as unknown[];
    expect(converted).toEqual([{name: 'a'}, {name: 'b', port: 80n}]);
    expect(converted).not.toBe(value);
    expect(converted[0]).toBe(value[0]);
    expect(value[1]).toEqual({name: 'b', port: 80});
  });

  it('prunes unknown fields and nulls the schema does not allow, keeping the order of the others', () => {
    const value = {name: 'a', extra: 1, weight: null, port: 1};
    const converted = toCelValue(value, ref, new CelValueCache());
    expect(Object.keys(converted as object)).toEqual(['name', 'port']);
    expect(value).toEqual({name: 'a', extra: 1, weight: null, port: 1});
  });

  it('copies a map that is not a plain object into one', () => {
    const value = Object.assign(Object.create(null) as Record<string, unknown>, {name: 'a'});
    const converted = toCelValue(value, ref, new CelValueCache());
    expect(converted).not.toBe(value);
    expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
    expect(converted).toEqual({name: 'a'});
  });

  it('converts an object met under two schema nodes (a YAML alias) as each node types it', () => {
    const shared = {port: 8080};
    const memo = new CelValueCache();
    const asInt: SchemaNode = {type: 'object', properties: {port: {type: 'integer'}}};
    const asNumber: SchemaNode = {type: 'object', properties: {port: {type: 'number'}}};
    for (let i = 0; i < 2; i++) {
      expect(toCelValue(shared, asInt, memo)).toEqual({port: 8080n});
      expect(toCelValue(shared, asNumber, memo)).toBe(shared);
    }
  });

  it('keeps a `__proto__` key as a field, before or after a field that changes (JSON and YAML make it an own key)', () => {
    const open: SchemaNode = {type: 'object', 'x-kubernetes-preserve-unknown-fields': true};
    for (const text of ['{"__proto__": {"a": 1}}', '{"__proto__": "x", "b": 2}']) {
      const converted = toCelValue(JSON.parse(text), open, new CelValueCache()) as Record<string, unknown>;
      expect(Object.getPrototypeOf(converted), text).toBe(Object.prototype);
      expect(Object.keys(converted), text).toContain('__proto__');
    }
  });
});
