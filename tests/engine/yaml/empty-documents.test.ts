/**
 * Documents that are only a `---` line (and comments): read without parsing, as exactly the
 * null documents the general path reads, so that a stream of a million bare markers costs a
 * scan, not a million parses.
 */
import {describe, expect, it} from 'vitest';
import {parseYaml} from '../../../src/engine/yaml/index';
import {validateYaml} from '../../../src/engine/index';

const summary = (text: string) =>
  parseYaml(text).documents.map((d) => ({index: d.index, value: d.value, start: d.start, end: d.end, problems: d.problems, root: d.root}));
const nullRoot = (at: number) => ({kind: 'scalar', start: at, end: at, text: '', plain: true, value: null, expandedSize: 1, expandedDepth: 0});

describe('empty documents', () => {
  it('are null documents spanning their marker and comments, with a null scalar root at the marker', () => {
    expect(summary('--- # first\n\n# nothing here\n---\r\n')).toEqual([
      // The root is built on demand by the general parser: it agrees with the shortcut's span.
      {index: 0, value: null, start: 0, end: 27, problems: [], root: nullRoot(0)},
      {index: 1, value: null, start: 28, end: 31, problems: [], root: nullRoot(28)},
    ]);
  });

  it('leave documents with content, tags, block scalars or an explicit end to the parser', () => {
    expect(summary('--- |\n  text\n')[0]!.value).toBe('text\n');
    expect(summary('--- !!str\n')[0]!.value).toBe('');
    expect(summary('---\n...\na: 1\n').map((d) => d.value)).toEqual([null, {a: 1}]);
    expect(summary('---\n# c\nkind: Service\n')[0]!.value).toEqual({kind: 'Service'});
  });

  it('cost a scan each: a million bare markers are read in bounded time', () => {
    const text = '---\n'.repeat(1_000_000);
    const started = performance.now();
    const {diagnostics} = validateYaml(text, {maxBytes: 1 << 26, documents: false});
    // Loose bound: the parse of each marker took ~27 s in all; a scan takes ~2 s on a loaded machine.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }, 60_000);
});
