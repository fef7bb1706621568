import {describe, expect, it} from 'vitest';
import {applyDefaults} from '../../../src/engine/schema/defaults';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

// A Gateway API HTTPRoute rule's shape: a missing `matches` takes a list of objects by default.
const rules: SchemaNode = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      matches: {type: 'array', default: [{path: {type: 'PathPrefix', value: '/'}}], items: {type: 'object'}},
      timeout: {type: 'string', default: '10s'},
    },
  },
};

describe('applyDefaults', () => {
  it('fills a missing field with a copy of its default, leaving the written value as it was', () => {
    const written = [{timeout: '1s'}];
    const defaulted = applyDefaults(rules, written) as Array<Record<string, unknown>>;
    expect(defaulted).toEqual([{timeout: '1s', matches: [{path: {type: 'PathPrefix', value: '/'}}]}]);
    expect(written).toEqual([{timeout: '1s'}]);
  });

  it('gives every defaulted field its own copy, never the schema’s value or another object’s', () => {
    const [a, b] = applyDefaults(rules, [{}, {}]) as Array<{matches: Array<{path: Record<string, unknown>}>}>;
    expect(a!.matches).not.toBe(b!.matches);
    expect(a!.matches[0]!.path).not.toBe(b!.matches[0]!.path);
    expect(a!.matches).not.toBe(rules.items!.properties!.matches!.default);
    a!.matches[0]!.path.value = '/changed';
    expect(b!.matches[0]!.path.value).toBe('/');
    expect(rules.items!.properties!.matches!.default).toEqual([{path: {type: 'PathPrefix', value: '/'}}]);
  });

  it('returns the same object when nothing was missing', () => {
    const written = [{timeout: '1s', matches: []}];
    expect(applyDefaults(rules, written)).toBe(written);
  });
});
