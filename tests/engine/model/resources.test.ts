import {describe, expect, it} from 'vitest';
import {applyDocuments, indexByKind} from '../../../src/engine/model/resources';

const vs = (name: string, namespace = 'default', hosts = ['a']) =>
  ({apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {name, namespace}, spec: {hosts}});

describe('applying documents to the cluster model', () => {
  it('keeps creation order, and an object applied again keeps its place with the new content', () => {
    const applied = applyDocuments([vs('first'), vs('second')], [[vs('third'), vs('first', 'default', ['b'])]]);
    expect(applied.map((r) => r.name)).toEqual(['first', 'second', 'third']);
    expect(applied[0]).toMatchObject({order: 0, spec: {hosts: ['b']}, at: {file: 0, document: 1, pointer: ''}});
    expect(applied[1]!.at).toBeUndefined();
  });

  it('unpacks a List into its items, located by pointer, and skips what names no object', () => {
    const list = {apiVersion: 'v1', kind: 'List', items: [vs('x'), {kind: 'Service'}, vs('y', 'other')]};
    const applied = applyDocuments([], [[null, list]]);
    expect(applied.map((r) => [r.namespace, r.name, r.at?.pointer])).toEqual([['default', 'x', '/items/0'], ['other', 'y', '/items/2']]);
  });

  it('indexes by group and kind, oldest first', () => {
    const applied = applyDocuments([{apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}}, vs('v')]);
    const byKind = indexByKind(applied);
    expect(byKind.get('/Service')?.map((r) => r.name)).toEqual(['s']);
    expect(byKind.get('networking.istio.io/VirtualService')?.map((r) => r.name)).toEqual(['v']);
  });
});
