import {describe, expect, it} from 'vitest';
import {evaluateRules} from '../../../src/engine/cel/evaluate-rules';
import {structuralKey as sharedKey} from '../../../src/engine/cel/passed-values';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

/** A copy of the key's tokens (structuralKey reuses its array for the next key). */
const structuralKey = (value: unknown) => sharedKey(value)?.slice();

describe('structuralKey', () => {
  it('is equal exactly for structurally identical plain data', () => {
    expect(structuralKey({a: 1, b: ['x', true, null]})).toEqual(structuralKey({a: 1, b: ['x', true, null]}));
    expect(structuralKey({a: 1})).not.toEqual(structuralKey({a: '1'}));
    expect(structuralKey(['a,b'])).not.toEqual(structuralKey(['a', 'b']));
    expect(structuralKey({a: {b: 1}})).not.toEqual(structuralKey({a: {}, b: 1}));
    expect(structuralKey({a: 1, b: 2})).not.toEqual(structuralKey({b: 2, a: 1}));
  });

  it('gives up on large values and on anything beyond plain data', () => {
    expect(structuralKey({text: 'x'.repeat(600)})).toBeUndefined();
    expect(structuralKey({n: Number.NaN})).toBeUndefined();
    expect(structuralKey({n: -0})).toBeUndefined();
    expect(structuralKey({n: undefined})).toBeUndefined();
    expect(structuralKey({d: new Date(0)})).toBeUndefined();
  });
});

describe('evaluateRules caches', () => {
  const oneOf: SchemaNode = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {a: {type: 'string', nullable: true}, b: {type: 'string'}},
        'x-kubernetes-validations': [{rule: '(has(self.a) ? 1 : 0) + (has(self.b) ? 1 : 0) <= 1', message: 'only one of a, b'}],
      },
    },
  };

  it('gives the same verdicts for repeated values as for fresh ones', () => {
    for (let i = 0; i < 3; i++) {
      expect(evaluateRules(oneOf, {spec: {a: 'x'}})).toEqual([]);
      expect(evaluateRules(oneOf, {spec: {a: 'x', b: 'y'}})).toHaveLength(1);
      expect(evaluateRules(oneOf, {spec: {a: 'z', b: 'w'}})).toHaveLength(1);
      expect(evaluateRules(oneOf, {spec: {b: 'w'}})).toEqual([]);
    }
  });

  it('keeps rules that read values out of the presence cache', () => {
    const reads: SchemaNode = {
      type: 'object',
      properties: {spec: {type: 'object', properties: {a: {type: 'string'}}, 'x-kubernetes-validations': [{rule: 'has(self.a) && self.a != "bad"'}]}},
    };
    expect(evaluateRules(reads, {spec: {a: 'good'}})).toEqual([]);
    expect(evaluateRules(reads, {spec: {a: 'bad'}})).toHaveLength(1);
    expect(evaluateRules(reads, {spec: {a: 'good'}})).toEqual([]);
  });
});

describe('verdicts of rules that read named fields', () => {
  const pathMatch: SchemaNode = {
    type: 'object',
    properties: {
      match: {
        type: 'object',
        properties: {type: {type: 'string'}, value: {type: 'string'}, headers: {type: 'object', additionalProperties: {type: 'string'}}},
        'x-kubernetes-validations': [{rule: "self.type == 'Exact' ? self.value.startsWith('/') : true", message: 'must be absolute'}],
      },
    },
  };

  it('judges each object by the fields the rule reads, whatever the other fields hold', () => {
    for (let i = 0; i < 3; i++) {
      expect(evaluateRules(pathMatch, {match: {type: 'Exact', value: '/a', headers: {n: `${i}`}}})).toEqual([]);
      expect(evaluateRules(pathMatch, {match: {type: 'Exact', value: 'a', headers: {n: `${i}`}}})).toHaveLength(1);
      expect(evaluateRules(pathMatch, {match: {type: 'Prefix', value: 'a', headers: {n: `${i}`}}})).toEqual([]);
      expect(evaluateRules(pathMatch, {match: {type: 'Exact', headers: {n: `${i}`}}})[0]?.message).toMatch(/no such key/);
    }
  });

  it('keeps the verdicts of one rule apart on schema nodes that type its fields differently', () => {
    // An integer field is a CEL int (1 / 2 is 0), a number field a double (1 / 2 is 0.5).
    const typed = (type: 'integer' | 'number'): SchemaNode => ({
      type: 'object',
      properties: {spec: {type: 'object', properties: {n: {type}, note: {type: 'string'}}, 'x-kubernetes-validations': [{rule: 'self.n / 2 == 0'}]}},
    });
    const asInteger = typed('integer');
    const asNumber = typed('number');
    for (let i = 0; i < 2; i++) {
      expect(evaluateRules(asInteger, {spec: {n: 1, note: `${i}`}})).toEqual([]);
      expect(evaluateRules(asNumber, {spec: {n: 1, note: `${i}`}})).toHaveLength(1);
    }
  });
});

describe('nodes whose values never repeat', () => {
  // Pairwise rule over a list (as the Gateway API's parentRefs have): it reads the whole list.
  const refs: SchemaNode = {
    type: 'object',
    properties: {
      refs: {
        type: 'array',
        items: {type: 'object', properties: {name: {type: 'string'}}},
        'x-kubernetes-validations': [{rule: 'self.all(a, self.exists_one(b, b.name == a.name))', message: 'names must be unique'}],
      },
    },
  };

  it('keep their verdicts once the cache stops keying them', () => {
    // Hundreds of distinct lists: no key ever hits, so the node is no longer keyed after a while.
    for (let i = 0; i < 600; i++) expect(evaluateRules(refs, {refs: [{name: `gw-${i}`}, {name: `gw-${i}-b`}]})).toEqual([]);
    for (let i = 0; i < 3; i++) {
      expect(evaluateRules(refs, {refs: [{name: 'same'}, {name: 'same'}]})).toHaveLength(1);
      expect(evaluateRules(refs, {refs: [{name: 'gw-1'}, {name: 'gw-1-b'}]})).toEqual([]);
    }
  });
});
