/**
 * A streamed document's position tree can be let go once its findings are located, and is
 * rebuilt from the text when analysis locates a later finding: the same tree, whichever path
 * read the document and wherever it sits in its chunk.
 */
import {describe, expect, it} from 'vitest';
import {parseYamlStream, type StreamedDocument} from '../../../src/engine/yaml/index';

const stream = [
  // Read by the fast path (no tree until asked).
  '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n',
  // Two documents in one chunk (`...` ends the first): the second is the chunk's ordinal 1.
  '---\nkind: First\n...\nkind: Second\nspec: {ports: [80,\n  443]}\n',
  // A multi-line flow mapping: the general path reads it.
  '---\nmetadata: {name: c,\n  labels: {app: c}}\n',
  // Only a marker and a comment: a null document.
  '--- # nothing\n',
].join('');

function documents(): StreamedDocument[] {
  return [...parseYamlStream(stream).documents];
}

describe('released position trees', () => {
  it('are rebuilt equal to the tree first built, for every document of the stream', () => {
    const read = documents();
    expect(read.map((d) => d.value)).toEqual([
      {apiVersion: 'v1', kind: 'Service', metadata: {name: 'a'}},
      {kind: 'First'},
      {kind: 'Second', spec: {ports: [80, 443]}},
      {metadata: {name: 'c', labels: {app: 'c'}}},
      null,
    ]);
    for (const document of read) {
      const first = document.root;
      document.release();
      const rebuilt = document.root;
      expect(rebuilt).toEqual(first);
      if (first !== null) expect(rebuilt).not.toBe(first);
    }
  });

  it('locate the second document of a chunk in its own text, not the first one\'s', () => {
    const second = documents()[2]!;
    second.release();
    expect(second.root).toMatchObject({kind: 'map', start: stream.indexOf('kind: Second')});
  });

  it('are rebuilt for a fast-path document never asked for its tree before', () => {
    const [fast] = documents();
    fast!.release();
    expect(fast!.root).toMatchObject({kind: 'map', start: stream.indexOf('apiVersion'), value: fast!.value});
  });
});
