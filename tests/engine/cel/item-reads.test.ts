import {describe, expect, it} from 'vitest';
import {evaluateRules} from '../../../src/engine/cel/evaluate-rules';
import {itemReads} from '../../../src/engine/cel/item-reads';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';

describe('itemReads', () => {
  it("lists the fields a list rule reads of its items through the macros' variables", () => {
    expect(itemReads('self.all(l1, self.exists_one(l2, l1.port == l2.port && (has(l1.hostname) ? l1.hostname == l2.hostname : true)))')).toEqual(['hostname', 'port']);
    expect(itemReads("self.filter(f, f.type == 'CORS').size() <= 1")).toEqual(['type']);
    expect(itemReads("self.all(l, has(l.tls) ? l.tls.mode != '' : true)")).toEqual(['tls']);
  });

  it('reads items by index and the list by its size', () => {
    expect(itemReads('(self.size() > 0 ? (has(self[0].matches) ? self[0].matches.size() : 0) : 0) + (self.size() > 1 ? self[ 1 ].matches.size() : 0) <= 8')).toEqual(['matches']);
    expect(itemReads('self.size() <= 16')).toEqual([]);
  });

  it('says whole when the list or an item is read other than through named fields', () => {
    expect(itemReads("!('*' in self && self.size() > 1)")).toBe('whole');
    expect(itemReads('self.all(h, !isIP(h))')).toBe('whole');
    expect(itemReads("self.all(h, h.startsWith('a'))")).toBe('whole');
    expect(itemReads('self.all(p1, self.all(p2, p1 == p2))')).toBe('whole');
    expect(itemReads('self[0] == self[1]')).toBe('whole');
    expect(itemReads('self.exists(x, true) && self.first == 1')).toBe('whole');
    expect(itemReads('size(self) > 1')).toBe('whole');
  });

  it('ignores string literals and the names of fields of fields', () => {
    expect(itemReads("self.all(f, f.type != 'self.x' && f.path.f == 'f')")).toEqual(['path', 'type']);
  });
});

describe('verdicts of list rules keyed by what they read of the items', () => {
  const list = (rule: string): SchemaNode => ({
    type: 'object',
    properties: {
      refs: {
        type: 'array',
        items: {type: 'object', properties: {name: {type: 'string'}, section: {type: 'string'}, extra: {type: 'string'}, m: {type: 'array', items: {type: 'string'}}}},
        'x-kubernetes-validations': [{rule, message: 'broken'}],
      },
    },
  });
  const unique = list('self.all(p1, self.exists_one(p2, p1.name == p2.name && (has(p1.section) == has(p2.section))))');

  it('judges a list by its items’ fields the rule reads, whatever their other fields hold', () => {
    for (let i = 0; i < 300; i++) {
      const extra = `e${i}`;
      expect(evaluateRules(unique, {refs: [{name: 'a', extra}, {name: 'b', extra}]})).toEqual([]);
      expect(evaluateRules(unique, {refs: [{name: 'a', extra}, {name: 'a', extra: `${extra}x`}]})).toHaveLength(1);
      expect(evaluateRules(unique, {refs: [{name: 'a', extra}, {name: 'a', section: 's', extra}]})).toEqual([]);
      expect(evaluateRules(unique, {refs: [{name: 'a', extra}, {name: 'b'}, {name: 'a'}]})).toHaveLength(1);
    }
  });

  it('counts items read by index and keeps verdicts apart by the number of items', () => {
    const count = list('(self.size() > 0 ? self[0].m.size() : 0) + (self.size() > 1 ? self[1].m.size() : 0) <= 2');
    for (let i = 0; i < 3; i++) {
      expect(evaluateRules(count, {refs: [{m: ['x'], extra: `${i}`}, {m: ['y']}]})).toEqual([]);
      expect(evaluateRules(count, {refs: [{m: ['x'], extra: `${i}`}, {m: ['y', 'z']}]})).toHaveLength(1);
      expect(evaluateRules(count, {refs: [{m: ['x'], extra: `${i}`}]})).toEqual([]);
      expect(evaluateRules(count, {refs: [{m: ['x', 'y', 'z'], extra: `${i}`}]})).toHaveLength(1);
    }
  });

  it('judges lists whose items are not all objects whole', () => {
    const nullable = list('self.all(p, p.name != "bad")');
    expect(evaluateRules(nullable, {refs: [{name: 'ok'}]})).toEqual([]);
    expect(evaluateRules(nullable, {refs: [{name: 'ok'}, null]}).length).toBeGreaterThan(0);
    expect(evaluateRules(nullable, {refs: [{name: 'bad', extra: 'x'}]})).toHaveLength(1);
  });
});
