/**
 * YAML 1.2 (5.4) counts CR LF, CR alone and LF alone each as one line break; go-yaml,
 * which kubectl reads with, does too. Positions must count lines the same way whatever
 * the file's line endings: an old Mac-style file (CR only) is not one long line.
 */
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../../src/engine/index';
import {LineIndex, parseYaml} from '../../../src/engine/yaml/index';

const LINES = [
  'apiVersion: networking.istio.io/v1',
  'kind: VirtualService',
  'metadata:',
  '  name: reviews',
  'spec:',
  '  hosts: [reviews]',
  '  htp: []',
  '',
];

const ENDINGS = {LF: '\n', 'CR LF': '\r\n', CR: '\r'};

function positions(text: string): Array<[string, number, number, number, number]> {
  return validateYaml(text).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.range.end.line, d.range.end.column]);
}

describe('line breaks', () => {
  for (const [name, ending] of Object.entries(ENDINGS)) {
    it(`places findings on their line and column with ${name} line endings`, () => {
      const found = positions(LINES.join(ending));
      expect(found).toContainEqual(['unknown-field', 7, 3, 7, 6]);
      expect(found).toEqual(positions(LINES.join('\n')));
    });
  }

  it('counts CR LF as one line break, and CR and LF alone as one each', () => {
    const lines = new LineIndex('a\r\nb\rc\nd\r\re');
    expect(lines.lineCount).toBe(6);
    expect([1, 3, 5, 7, 9, 10].map((offset) => lines.position(offset))).toEqual([
      {line: 1, column: 2}, {line: 2, column: 1}, {line: 3, column: 1}, {line: 4, column: 1}, {line: 5, column: 1}, {line: 6, column: 1},
    ]);
    expect(lines.lineStart(3)).toBe(5);
  });

  it('ends a line before its break, whichever it is', () => {
    const text = 'key: a\rnext: b\r\nlast: c\n';
    const lines = new LineIndex(text);
    expect([0, 7, 16].map((offset) => text.slice(offset, lines.lineEnd(offset)))).toEqual(['key: a', 'next: b', 'last: c']);
  });

  it('places YAML problems on their line in a CR-only file', () => {
    const text = ['a: 1', 'b: 2', 'a: 3', 'c: [1, 2', ''].join('\r');
    const parsed = parseYaml(text);
    const problems = parsed.documents.flatMap((d) => d.problems).map((p) => [p.code, parsed.lines.position(p.start).line, parsed.lines.position(p.end).line]);
    expect(problems).toEqual([['yaml-unclosed-bracket', 4, 4]]);
    const duplicate = parseYaml(['a: 1', 'b: 2', 'a: 3', ''].join('\r'));
    const problem = duplicate.documents[0]!.problems[0]!;
    expect([problem.code, duplicate.lines.position(problem.start).line]).toEqual(['yaml-duplicate-key', 3]);
    expect(problem.message).toContain('first set on line 1');
  });

  it('splits CR-only streams into their documents, each placed on its own lines', () => {
    const text = [...LINES.slice(0, -1), '---', ...LINES].join('\r');
    const found = positions(text).filter(([code]) => code === 'unknown-field');
    expect(found).toEqual([['unknown-field', 7, 3, 7, 6], ['unknown-field', 15, 3, 15, 6]]);
  });
});
