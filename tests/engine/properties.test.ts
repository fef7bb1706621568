import fc from 'fast-check';
import {dump} from 'js-yaml';
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {validateYaml} from '../../src/engine/index';
import {parseYaml} from '../../src/engine/yaml/index';
import {resolvePlainScalar} from '../../src/engine/yaml/scalars';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const SEEDS = [fixture('reviews-canary.yaml'), fixture('broken.yaml'), fixture('context/cluster.yaml')];
// Each input must finish: a bound that catches runaway work, loose enough that a loaded CI machine never trips it.
const TIME_BOUND_MS = 2_000;

/** Validates and checks the result is well-formed: ranges inside the text, sorted, no exception. */
function checkWellFormed(text: string): void {
  const started = performance.now();
  const result = validateYaml(text);
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
  const lineCount = text.split('\n').length;
  let previous = {document: -1, line: 0, column: 0};
  for (const d of result.diagnostics) {
    expect(typeof d.message).toBe('string');
    expect(d.range.start.line).toBeGreaterThanOrEqual(1);
    expect(d.range.end.line).toBeLessThanOrEqual(lineCount);
    expect(d.range.start.column).toBeGreaterThanOrEqual(1);
    const current = {document: d.document, line: d.range.start.line, column: d.range.start.column};
    const ordered = current.document > previous.document ||
      (current.document === previous.document && (current.line > previous.line || (current.line === previous.line && current.column >= previous.column)));
    expect(ordered).toBe(true);
    previous = current;
  }
}

const YAML_CHARACTERS = [':', '-', ' ', '  ', '\t', '"', "'", '[', ']', '{', '}', '&a', '*a', '\n', '#', '|', '>', '!', '!!int', '%', '@', '`', '?', ',', '<<: *a', '---\n', '...\n', '\u0000', 'é', '\ud83d'];

const mutation = fc.oneof(
  fc.record({kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...YAML_CHARACTERS)}),
  fc.record({kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({min: 1, max: 8})}),
  fc.record({kind: fc.constant('duplicateLine' as const), at: fc.nat()}),
  fc.record({kind: fc.constant('swapLines' as const), at: fc.nat(), other: fc.nat()}),
);

type Mutation = {kind: string; at: number; text?: string; length?: number; other?: number};

function mutate(text: string, mutations: readonly Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    const at = result.length ? m.at % result.length : 0;
    if (m.kind === 'insert') result = result.slice(0, at) + m.text + result.slice(at);
    else if (m.kind === 'delete') result = result.slice(0, at) + result.slice(at + (m.length ?? 1));
    else {
      const lines = result.split('\n');
      const i = m.at % lines.length;
      if (m.kind === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else {
        const j = (m.other ?? 0) % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      result = lines.join('\n');
    }
  }
  return result;
}

describe('properties', () => {
  it('never throws on random text, and stays fast', () => {
    fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 400}), (text) => checkWellFormed(text)), {numRuns: 300});
  });

  it('never throws on random YAML-ish token soup', () => {
    const soup = fc.array(fc.constantFrom(...YAML_CHARACTERS, 'a', 'key', 'apiVersion: v1', 'kind: Service', 'yes', '0755', '~'), {maxLength: 120}).map((t) => t.join(''));
    fc.assert(fc.property(soup, (text) => checkWellFormed(text)), {numRuns: 400});
  });

  it('never throws on mutated manifests', () => {
    fc.assert(fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, {minLength: 1, maxLength: 6}), (seed, mutations) => {
      checkWellFormed(mutate(seed, mutations));
    }), {numRuns: 400});
  });

  it('reads back what a YAML dumper wrote (strings, numbers, booleans, null, nesting)', () => {
    // js-yaml's dumper leaves a few strings plain that go-yaml reads as numbers (`0_8` is 8 for
    // kubectl): those are not round-trippable by design, so random strings exclude them.
    const goString = (text: string) => resolvePlainScalar(text).tag === 'str';
    const key = fc.string({minLength: 1, maxLength: 8}).filter((k) => k !== '<<' && goString(k));
    const scalar = fc.oneof(fc.string({maxLength: 12}).filter(goString), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('yes', 'no', 'on', 'off', 'y', 'n', '0755', '0x1F', '1_000', '~', '1e3', '.inf', '2001-12-14'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({depthSize: 'small'}, scalar, fc.array(tie('node'), {maxLength: 4}), fc.dictionary(key, tie('node'), {maxKeys: 4})),
    })).node;
    fc.assert(fc.property(fc.dictionary(key, value, {maxKeys: 5}), (object) => {
      const text = dump(object);
      const parsed = parseYaml(text, {maxBytes: 1 << 20});
      expect(parsed.documents[0]!.problems).toEqual([]);
      expect(parsed.documents[0]!.value).toEqual(object);
    }), {numRuns: 300});
  });
});
