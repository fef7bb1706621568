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
