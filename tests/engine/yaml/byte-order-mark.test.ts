/**
 * A byte order mark (U+FEFF) where files were joined. kubectl splits a stream at its `---`
 * lines (apimachinery's YAMLReader) and hands each piece to go-yaml, which drops a BOM at
 * the start of its input (readerc.go, yaml_parser_determine_encoding): a BOM at the start
 * of the file or on the first line after `---` is read as nothing. Anywhere else at the
 * start of a line go-yaml skips it but counts it as a column, and the document fails to
 * parse: the engine says so, naming the mark, instead of reading a key "\uFEFFapiVersion"
 * and reporting apiVersion missing.
 */
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../../src/engine/index';
import {parseYaml} from '../../../src/engine/yaml/index';

const BOM = '\uFEFF';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  ports:\n  - name: http\n    port: 9080\n';
const VIRTUAL_SERVICE = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  htp: []\n';

function findings(text: string): Array<[string, number, number]> {
  return validateYaml(text).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column]);
}

describe('byte order marks', () => {
  it('reads a BOM at the start of the file as nothing', () => {
    expect(parseYaml(`${BOM}${SERVICE}`).documents.map((d) => d.value)).toEqual(parseYaml(SERVICE).documents.map((d) => d.value));
  });

  it('reads a BOM on the line after --- as nothing, as kubectl does with concatenated files', () => {
    const text = `${SERVICE}---\n${BOM}${VIRTUAL_SERVICE}`;
    const {documents} = parseYaml(text);
    expect(documents.map((d) => d.problems)).toEqual([[], []]);
    expect(documents[1]!.value).toEqual(parseYaml(VIRTUAL_SERVICE).documents[0]!.value);
    // No "apiVersion not set": only the real finding, at its place (the BOM is a column of its line).
    expect(findings(text).filter(([code]) => code !== 'istio-rules-skipped')).toEqual([['unknown-field', 16, 3]]);
  });

  it('does so after a --- line with a comment, and with CR LF line endings', () => {
    for (const text of [`${SERVICE}--- # reviews\n${BOM}${VIRTUAL_SERVICE}`, `${SERVICE}---\n${BOM}${VIRTUAL_SERVICE}`.replace(/\n/g, '\r\n')]) {
      const {documents} = parseYaml(text);
      expect(documents.map((d) => d.problems)).toEqual([[], []]);
      expect((documents[1]!.value as Record<string, unknown>).apiVersion).toBe('networking.istio.io/v1');
    }
  });

  it('names a BOM that kubectl would fail on: before ---, or inside a document', () => {
    for (const [text, line] of [
      [`${SERVICE}${BOM}---\n${VIRTUAL_SERVICE}`, 9],
      [`${SERVICE}---\n# the reviews route\n${BOM}${VIRTUAL_SERVICE}`, 11],
      [`apiVersion: v1\n${BOM}kind: Service\nmetadata:\n  name: a\n`, 2],
    ] as const) {
      const parsed = parseYaml(text);
      const problems = parsed.documents.flatMap((d) => d.problems);
      expect(problems.map((p) => [p.code, parsed.lines.position(p.start).line, parsed.lines.position(p.start).column])).toEqual([['yaml-byte-order-mark', line, 1]]);
      expect(problems[0]!.message).toMatch(/byte order mark \(U\+FEFF\)/);
      const codes = findings(text).map(([code]) => code);
      expect(codes).not.toContain('missing-api-version');
      expect(codes).not.toContain('missing-kind');
    }
  });

  it('keeps a BOM inside a value, as go-yaml does', () => {
    expect(parseYaml(`a: "x${BOM}y"\nb: x${BOM}y\n`).documents[0]!.value).toEqual({a: `x${BOM}y`, b: `x${BOM}y`});
  });
});
