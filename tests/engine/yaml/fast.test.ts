/**
 * The fast path (src/engine/yaml/fast.ts) must be invisible: on every input, parsing
 * with it gives the same documents — values, key order, problems, offsets and position
 * trees — as parsing without it. These tests compare the two on real manifests, edge
 * cases around its subset, dumped random data and mutated text.
 */
import fc from 'fast-check';
import {dump} from 'js-yaml';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {describe, expect, it, vi} from 'vitest';
import {validateYaml} from '../../../src/engine/index';
import {FastScanner} from '../../../src/engine/yaml/fast';
import {parseYaml} from '../../../src/engine/yaml/index';
import {splitDocuments} from '../../../src/engine/yaml/split';
import {generateManifest, generateStyledManifest, SHAPES} from '../../../scripts/bench/generate-manifest.mjs';

const root = new URL('../../../', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  return readdirSync(join(root, dir), {withFileTypes: true, recursive: true})
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

/** The YAML code blocks of the book's chapters. */
function chapterBlocks(): string[] {
  const blocks: string[] = [];
  for (const entry of readdirSync(join(root, 'docs'), {withFileTypes: true, recursive: true})) {
    if (!entry.isFile() || !/\.mdx?$/.test(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/```ya?ml[^\n]*\n([\s\S]*?)```/g)) blocks.push(match[1]!);
  }
  return blocks;
}

/** How many documents of text the fast path reads itself. */
function fastCount(text: string): number {
  const scanner = new FastScanner(text, 100);
  return splitDocuments(text).filter((chunk) => scanner.document(chunk.start, chunk.end) !== undefined).length;
}

function same(text: string): void {
  const fast = parseYaml(text, {maxBytes: 1 << 26});
  const general = parseYaml(text, {maxBytes: 1 << 26, fastPath: false});
  expect(fast.problems).toEqual(general.problems);
  expect(fast.documents.length).toBe(general.documents.length);
  fast.documents.forEach((document, i) => {
    const other = general.documents[i]!;
    // node's deep equality, not toStrictEqual: that one compares objects' `constructor`
    // properties as their classes, and a manifest may have a key named constructor.
    expect(isDeepStrictEqual(document.value, other.value), JSON.stringify(document.value)).toBe(true);
    // Key order too: it shows in messages and output.
    expect(JSON.stringify(document.value)).toBe(JSON.stringify(other.value));
    expect(document.problems).toEqual(other.problems);
    expect([document.index, document.start, document.end]).toEqual([other.index, other.start, other.end]);
    expect(document.root).toEqual(other.root);
  });
}

const EDGE_CASES = [
  'a: 1\n',
  'a: 1',
  '---\na: 1\n',
  '--- # c\na: 1\n',
  '---x\na: 1\n',
  '--- a\n',
  '# c\n---\na: 1\n',
  '%YAML 1.1\n---\na: 1\n',
  'a: 1\n...\n',
  'a: 1\n... # c\n',
  '  a: 1\n  b: 2\n',
  '  a: 1\nb: 2\n',
  'a:\n- 1\n- 2\nb: 3\n',
  'a:\n  - 1\n  - 2\nb: 3\n',
  'a:\n  - 1\n  b: 2\n',
  'a:\n- x: 1\n  y: 2\n- z\nb:\n',
  '- a\n- b\n',
  'a: [1, two, "3", \'4\']\n',
  'a: []\nb: {}\nc: { }\nd: [ ]\n',
  'a: [1, ]\n',
  'a: [1,2]\n',
  'a: [a b]\n',
  'a: [a:b]\n',
  'a: ["a": b]\n',
  'a: [[1]]\n',
  'a: [1\n  , 2]\n',
  'a: {b: 1}\n',
  'a: b # comment\nc: d#e\n',
  'a: b #\n',
  'a: "b" # c\n',
  'a: "b"# c\n',
  'a: "b" c\n',
  "a: 'it''s'\nb: ''''\n",
  'a: "x\\ny"\n',
  'a: "unterminated\n',
  'a: b: c\n',
  'a: b:\n',
  'a: http://x:80/y\n',
  'a: b, c ] } {\n',
  'a: x\n  y\n',
  'a: x\n    # c\nb: y\n',
  'a:\n  # only a comment\nb: 1\n',
  'a:\n\n\n  b: 1\n',
  'a: 1\na: 2\n',
  '"a": 1\n\'a\': 2\n',
  '"": 1\n',
  '"<<": 1\n',
  '<<: {a: 1}\n',
  '__proto__: 1\n',
  '"__proto__": 1\n',
  '~: 1\n',
  'null: 1\n',
  'yes: 1\nno: 2\non: 3\n0755: 4\n0x1F: 5\n1_000: 6\n1e3: 7\n.inf: 8\n.nan: 9\n',
  'a: yes\nb: 0755\nc: .inf\nd: -.inf\ne: .nan\nf: ~\ng: null\nh: 1e3\ni: 0b101\nj: 2001-12-14\nk: 1_000\n',
  'a: -1\nb: +1\nc: .5\nd: -x\n',
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  'a: |\n  text\n',
  'a: >\n  text\n',
  'a:\tb\n',
  'a: b\r\nc: d\r\n',
  'a: é\n',
  'a: b\u0085\n',
  'a:b\n',
  'a :b\n',
  'a : b\n',
  '? a\n: b\n',
  '-a: 1\n',
  'a-b: 1\na.b/c_d: 2\n',
  'a b: 1\n',
  '- - a\n',
  '- \n- a\n',
  '-\n  a: 1\n-\n- b\n',
  '-# x\n',
  'a:\n-\n  b: 1\n-\n',
  'a:\n  b:\n    c:\n      d: 1\n  e: 2\n',
  'a:\n - 1\n -  b: 2\n    c: 3\n',
  'a:\n  -   b: 1\n      c: 2\n',
  'a:\n  -   b: 1\n    c: 2\n',
  'a: 1\n b: 2\n',
  'a:\n    b: 1\n   c: 2\n',
  'a: {}\n  b: 1\n',
  'a:#b\n',
  'a: #b\n  c: 1\n',
  'k: v\n---\n',
  'k: "a#b: c"\n',
  'k: \'a" b\'\n',
  'k: "a\' b"\n',
  'k: [\'it\'\'s\', "x"]\n',
  'k: ["a", "b"] # c\n',
  'k: ["a", "b"]x\n',
  'k: [\n',
  'k: ]\n',
  'k: v\n\n\n',
  'k: v   \n   \n',
  'k: v\n  \n  # x\nl: w\n',
  `${'a:\n'.repeat(1)}${Array.from({length: 120}, (_, i) => `${' '.repeat(i + 2)}k${i}:\n`).join('')}`,
  `root:\n${Array.from({length: 40}, (_, i) => `  key${i}: ${i}\n`).join('')}  key3: dup\n`,
  // Flow mappings and nested flow collections on one line.
  'a: {b: 1, "c": \'d\', e: [f, {g: h}]}\n',
  'a: {b: {c: {d: []}}}\n',
  'a: {"8080": {mode: STRICT}}\n',
  'a: {b: 1, b: 2}\n',
  'a: {b:1}\n',
  'a: {b: }\n',
  'a: {b}\n',
  'a: {b: 1,}\n',
  'a: {b: 1 c: 2}\n',
  'a: {b: c d, e: f  }\n',
  'a: {b: c #d}\n',
  'a: {b: c, # d\n  e: f}\n',
  'a: {b: 1}\n  c: 2\n',
  'a: {b: 1}: c\n',
  'a: {__proto__: 1}\n',
  'a: {<<: {b: 1}}\n',
  'a: {~: 1}\n',
  'a: {b: yes, c: 0755, d: ~, e: .inf}\n',
  'a: [b c, d:e, "f", http://x:80/y]\n',
  'a: [b: c]\n',
  'a: [b:, c]\n',
  'a: [b:]\n',
  'a: [-1, -b, ?c]\n',
  'a: [b, [c, [d]], {e: [f]}]\n',
  'a: [*, b]\n',
  'a: ["b"c]\n',
  'a: [{b: 1}, {c: 2}]\n',
  '- {a: 1}\n- [b]\n',
  '- {a: 1}: b\n',
  'a:\n- {name: v1, labels: {version: v1}}\n- name: v2\n',
  // Anchors and aliases.
  'a: &x 1\nb: *x\n',
  'a: &x {b: 1}\nc: *x\n',
  'a: &x\n  b: 1\nc: *x\n',
  'a: &x\n- 1\nc: *x\n',
  'a: &x\n  - 1\nc: *x\n',
  'a: &x # c\n  b: 1\nc: *x # d\n',
  'a: &x\nb: *x\n',
  'a: &x\n',
  'a: *x\n',
  'a: &x {b: *x}\n',
  'a: &x\n  b: *x\n',
  'a: &x 1\nb: &x 2\nc: *x\n',
  'a: &x [1, *x]\n',
  'a: [&x 1, *x, {b: *x}]\n',
  'a: {b: &x c, d: *x}\n',
  'a: [&x , b]\n',
  'a: [& x]\n',
  'a: &x, 1\n',
  'a: &x.y 1\nb: *x.y\n',
  'a: &x 1\nb: *x:\n',
  'a: &x 1\nb: *x : 1\n',
  'a: &x 1\nb: *x\n  c: 1\n',
  'a: &x 1\nb: [*x]\nc: {d: *x}\n',
  'a: &x 1\n*x : b\n',
  '&x a: 1\n',
  'a:\n- &x b\n- *x\n- &y\n  c: 1\n- *y\n',
  'a:\n- &x b: 1\n- *x\n',
  'a:\n-&x b\n',
  'a:\n- &x\n- b\n',
  'a: &x &y 1\n',
  'a: &x !!str 1\n',
  'a: &x |\n  t\n',
  'a: &x {b: &y [1, 2]}\nc: *y\nd: *x\n',
  'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e]\n',
  `a: &x\n${Array.from({length: 95}, (_, i) => `${' '.repeat(i + 2)}k${i}:\n`).join('')}b: [*x]\n`,
];

describe('fast path', () => {
  it('reads the benchmark manifests by themselves, identically', () => {
    for (const shape of Object.values(SHAPES)) {
      const {manifest, context} = shape(60) as {manifest: string; context?: string};
      for (const text of context === undefined ? [manifest] : [manifest, context]) {
        expect(fastCount(text)).toBe(splitDocuments(text).length);
        same(text);
      }
    }
  });

  it('builds the general path\'s position tree for every document it reads', () => {
    const texts = [...EDGE_CASES, ...Object.values(SHAPES).map((shape) => (shape(12) as {manifest: string}).manifest), ...yamlFiles('tests/fixtures')];
    let trees = 0;
    for (const text of texts) {
      const scanner = new FastScanner(text, 100);
      const general = parseYaml(text, {maxBytes: 1 << 26, fastPath: false}).documents;
      for (const chunk of splitDocuments(text)) {
        if (scanner.document(chunk.start, chunk.end) === undefined) continue;
        const tree = scanner.tree(chunk.start, chunk.end);
        expect(tree).toBeDefined();
        expect(tree).toEqual(general.find((document) => document.start === chunk.start)!.root);
        trees++;
      }
    }
    expect(trees).toBeGreaterThan(100);
  });

  it('builds a document\'s position tree once for all its findings, and none for a clean document', () => {
    // Placing a finding needs the tree; rebuilding it per finding was a measurable share of the findings shape.
    const {manifest} = SHAPES.findings(120) as {manifest: string};
    const built = vi.spyOn(FastScanner.prototype, 'tree');
    try {
      const {diagnostics} = validateYaml(manifest, {maxBytes: 1 << 26});
      const withFindings = new Set(diagnostics.map((d) => d.document));
      expect(diagnostics.length).toBeGreaterThan(withFindings.size);
      expect(built).toHaveBeenCalledTimes(withFindings.size);
    } finally {
      built.mockRestore();
    }
  });

  it('shares an anchored value between its aliases, as the general path does', () => {
    const text = 'a: &x {b: [1]}\nc: *x\nd: [*x]\n';
    expect(fastCount(text)).toBe(1);
    const value = parseYaml(text).documents[0]!.value as {a: unknown; c: unknown; d: unknown[]};
    expect(value.c).toBe(value.a);
    expect(value.d[0]).toBe(value.a);
  });

  it('reads the fixtures and the chapters\' YAML identically', () => {
    const texts = [...yamlFiles('tests/fixtures'), ...chapterBlocks()];
    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) same(text);
    // It must actually be used on real text for the comparison to mean something.
    expect(texts.reduce((n, text) => n + fastCount(text), 0)).toBeGreaterThan(10);
  });

  it('agrees with the general path on the edge of its subset', () => {
    let fast = 0;
    for (const text of EDGE_CASES) {
      same(text);
      fast += fastCount(text);
    }
    expect(fast).toBeGreaterThan(20);
  });

  it('agrees on dumped random data in every style', () => {
    const key = fc.oneof(fc.string({minLength: 1, maxLength: 8}), fc.constantFrom('a', 'b-c', 'd.e/f', '8080', 'yes', '~', '0755', '"q"', "'s'"));
    const scalar = fc.oneof(fc.string({maxLength: 12}), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
      fc.constantFrom('yes', 'no', 'on', '0755', '0x1F', '1_000', '~', '1e3', '.inf', '2001-12-14', 'a: b', 'a #b', "it's", 'x"y', '', ' ', '-1', '- a', '[a]', '{a}', '#', 'a,b'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({depthSize: 'small'}, scalar, fc.array(tie('node'), {maxLength: 4}), fc.dictionary(key, tie('node'), {maxKeys: 4})),
    })).node;
    const options = fc.record({
      flowLevel: fc.constantFrom(-1, 1, 2, 3),
      indent: fc.constantFrom(1, 2, 4),
      noArrayIndent: fc.boolean(),
      quotingType: fc.constantFrom('"' as const, "'" as const),
      forceQuotes: fc.boolean(),
    });
    fc.assert(fc.property(fc.dictionary(key, value, {maxKeys: 5}), options, fc.boolean(), (object, style, share) => {
      // A collection written twice is dumped once, anchored, then aliased.
      const collection = Object.values(object).find((v) => typeof v === 'object' && v !== null);
      if (share && collection) object = {...object, again: collection, more: [collection]};
      let text: string;
      try {
        text = dump(object, style);
      } catch {
        return;
      }
      same(text);
      same(`---\n${text}---\n${text}`);
    }), {numRuns: 400});
  });

  it('agrees on mutated manifests', () => {
    const seeds = [generateManifest(6) as string, generateStyledManifest(4) as string, ...yamlFiles('tests/fixtures')];
    const pieces = [' ', '  ', '\n', '- ', ': ', ':', '#', ' #', '"', "'", '[', ']', '{', '}', '{}', ',', '\t', '&a ', '&b', '*a', '*b', '!', '|', '---\n', '...\n', 'é', 'yes', '~', '0755', '.inf'];
    const mutation = fc.record({at: fc.nat(), cut: fc.integer({min: 0, max: 3}), text: fc.constantFrom(...pieces)});
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(mutation, {minLength: 1, maxLength: 4}), (seed, mutations) => {
      let text = seed;
      for (const m of mutations) {
        const at = m.at % (text.length + 1);
        text = text.slice(0, at) + m.text + text.slice(at + m.cut);
      }
      same(text);
    }), {numRuns: 600});
  });

  it('reads keys alike whatever earlier inputs filled its process-wide key cache with', () => {
    // Plain `yes` is the key "true", quoted 'yes' is "yes": one cache each, shared by every input.
    const keywords = `yes: 1\n"yes": 2\n'no': 3\nno: 4\nlong-${'k'.repeat(200)}: 5\n`;
    const first = parseYaml(keywords).documents[0]!.value;
    expect(first).toEqual({true: 1, yes: 2, no: 3, false: 4, [`long-${'k'.repeat(200)}`]: 5});
    // Thousands of distinct keys fill the caches; the next inputs read the same values.
    const many = Array.from({length: 5000}, (_, i) => `key${i}: ${i}\n"quoted${i}": ${i}`).join('\n');
    same(many);
    expect(parseYaml(keywords).documents[0]!.value).toEqual(first);
    same(keywords);
    same(generateManifest(3) as string);
  });

  it('locates findings in documents read by the fast path like in the others', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: Reviews\nspec:\n  hosts: [reviews]\n  htp: []\n';
    expect(fastCount(text)).toBe(1);
    const fast = validateYaml(text);
    expect(fast.diagnostics.length).toBeGreaterThan(0);
    // The general path alone gives the same diagnostics: compare with an input the fast path refuses (a tab in a comment).
    const general = validateYaml(`${text}#\t\n`);
    expect(fastCount(`${text}#\t\n`)).toBe(0);
    expect(fast.diagnostics).toEqual(general.diagnostics);
  });
});
