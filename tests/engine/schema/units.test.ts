import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {knownKinds, validateResource} from '../../../src/engine/schema/index';
import {fieldPath, joinPointer, parsePointer, valueAt} from '../../../src/engine/schema/pointer';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';
import {closestMatch, editDistance} from '../../../src/engine/schema/suggest';

describe('editDistance / closestMatch', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit', () => {
    expect(editDistance('route', 'route')).toBe(0);
    expect(editDistance('rout', 'route')).toBe(1);
    expect(editDistance('rotue', 'route')).toBe(1);
    expect(editDistance('ruote', 'route')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('equals the whole-table optimal string alignment distance', () => {
    const reference = (a: string, b: string): number => {
      const d = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    const word = fc.string({unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9});
    fc.assert(fc.property(word, word, (a, b) => editDistance(a, b) === reference(a, b)), {numRuns: 2000});
  });

  it('is symmetric', () => {
    fc.assert(fc.property(fc.string({maxLength: 8}), fc.string({maxLength: 8}), (a, b) => editDistance(a, b) === editDistance(b, a)));
  });

  it('only suggests plausible typos', () => {
    expect(closestMatch('hots', ['hosts', 'gateways', 'http'])).toBe('hosts');
    expect(closestMatch('HOSTS', ['hosts', 'http'])).toBe('hosts');
    expect(closestMatch('completelydifferent', ['hosts', 'http'])).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });
});

describe('pointers and field paths', () => {
  it('round-trips escaped segments', () => {
    fc.assert(
      fc.property(fc.array(fc.string({maxLength: 6}), {maxLength: 5}), (segments) => {
        const pointer = segments.reduce<string>((acc, s) => joinPointer(acc, s), '');
        expect(parsePointer(pointer)).toEqual(segments);
      }),
    );
  });

  it('renders list indexes and map keys like the API server', () => {
    const schema: SchemaNode = {
      type: 'object',
      properties: {spec: {type: 'object', properties: {http: {type: 'array', items: {type: 'object', properties: {headers: {type: 'object', additionalProperties: {type: 'string'}}}}}}}},
    };
    expect(fieldPath(schema, '/spec/http/2/headers/x-user')).toBe('spec.http[2].headers[x-user]');
    expect(fieldPath(schema, '')).toBe('');
    expect(valueAt({a: [{b: 1}]}, '/a/0/b')).toBe(1);
    expect(valueAt({a: 1}, '/a/b/c')).toBeUndefined();
  });
});

describe('robustness', () => {
  const kinds = knownKinds();

  it('never throws, whatever the input, and always returns issues for known kinds', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: kinds.length - 1}), fc.anything({maxDepth: 4}), fc.jsonValue({maxDepth: 5}), (index, anything, spec) => {
        const gvk = kinds[index]!;
        const apiVersion = `${gvk.group}/${gvk.version}`;
        for (const input of [anything, {apiVersion, kind: gvk.kind, metadata: {name: 'x'}, spec}]) {
          const issues = validateResource(apiVersion, gvk.kind, input);
          expect(Array.isArray(issues)).toBe(true);
          for (const issue of issues!) {
            expect(issue.path === '' || issue.path.startsWith('/')).toBe(true);
            expect(issue.message.length).toBeGreaterThan(0);
            expect(issue.code).not.toBe('internal');
          }
        }
      }),
      {numRuns: 500},
    );
  });
});
