import {describe, expect, it} from 'vitest';
import {selfReads} from '../../../src/engine/cel/self-reads';

describe('selfReads', () => {
  it('lists the fields a rule reads, by presence or by value', () => {
    expect(selfReads('has(self.wasm) != has(self.lua)')).toEqual([['lua', 'presence'], ['wasm', 'presence']]);
    expect(selfReads("(has(self.valueFrom) ? self.valueFrom : '') != 'HOST' || !has(self.value)")).toEqual([['value', 'presence'], ['valueFrom', 'value']]);
    expect(selfReads('has(self.a.b) && self.c > 0')).toEqual([['a', 'value'], ['c', 'value']]);
    expect(selfReads('size(self.group) == 0 && x.has(self.kind)')).toEqual([['group', 'value'], ['kind', 'value']]);
  });

  it('reads a field by value once any use of it reads more than its presence', () => {
    expect(selfReads('has(self.a) ? self.a == "x" : true')).toEqual([['a', 'value']]);
    expect(selfReads('self.a == "x" || has(self.a)')).toEqual([['a', 'value']]);
  });

  it('says whole when self is read other than through its fields', () => {
    expect(selfReads('self.all(key, key != "*")')).toBe('whole');
    expect(selfReads('self.size() > 0')).toBe('whole');
    expect(selfReads("'*' in self")).toBe('whole');
    expect(selfReads('self[0].matches.size() < 16')).toBe('whole');
    expect(selfReads('duration(self) >= duration("1ms")')).toBe('whole');
  });

  it('ignores string literals and names that only contain self', () => {
    expect(selfReads('self.type == "self.z" && oldSelf.q == myself.r')).toEqual([['type', 'value']]);
    expect(selfReads("self.v.matches(r'''self''')")).toEqual([['v', 'value']]);
  });
});
