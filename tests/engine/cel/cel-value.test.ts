/**
 * The value a rule sees as `self` (src/engine/cel/cel-value.ts): typed and pruned by the schema
 * as the API server prepares it, and shared with the manifest's own value where nothing changes.
 */
import {describe, expect, it} from 'vitest';
import {CelValueCache, toCelValue} from '../../../src/engine/cel/cel-value';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

const listener: SchemaNode = {
  type: 'object',
  properties: {
    name: {type: 'string'},
    port: {type: 'integer'},
    hostname: {type: 'string'},
    tls: {type: 'object', nullable: true, properties: {mode: {type: 'string'}}},
  },
};
const listeners: SchemaNode = {type: 'array', items: listener};

describe('toCelValue', () => {
  it('hands over a subtree that needs no change as it is, without copying it', () => {
    const value = [{name: 'http', hostname: 'a.example.com', tls: {mode: 'Terminate'}}, {name: 'b', tls: null}];
    expect(toCelValue(value, listeners, new CelValueCache())).toBe(value);
  });

  it('copies what holds an integer, which CEL reads as an int (BigInt)', () => {
    const value = [{name: 'http', tls: {mode: 'Terminate'}}, {name: 'https', port: 443}];
    const converted = toCelValue(value, listeners, new CelValueCache()) as Record<string, unknown>[];
    expect(converted).not.toBe(value);
    expect(converted).toEqual([{name: 'http', tls: {mode: 'Terminate'}}, {name: 'https', port: 443n}]);
    expect(converted[0]).toBe(value[0]); // the unchanged item is still shared
    expect(value[1]!.port).toBe(443); // the manifest's value is untouched
  });

  it('prunes unknown fields and nulls the schema does not allow, on a copy', () => {
    const value = {name: 'a', extra: 'x', hostname: null};
    expect(toCelValue(value, listener, new CelValueCache())).toEqual({name: 'a'});
    expect(value).toEqual({name: 'a', extra: 'x', hostname: null});
  });

  it('copies an object that is not a plain one into a plain object', () => {
    const value = Object.assign(Object.create(null) as Record<string, unknown>, {name: 'a'});
    const converted = toCelValue(value, listener, new CelValueCache());
    expect(converted).not.toBe(value);
    expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
  });
});
