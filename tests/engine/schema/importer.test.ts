/**
 * The importer against the reference CRDs in ../shared (skipped, with a notice, in clones
 * that do not have them): committed schemas are up to date, stripped of prose, strict, and
 * carry exactly the CRD's CEL rules.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadAll} from 'js-yaml';
import {describe, expect, it} from 'vitest';
import {convertNode, servedVersionSchemas, stableJson, wrapEnvelope} from '../../../scripts/schemas/crd-to-schema';
import {sharedFile} from '../../support/shared';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// MESHDIVE_REFERENCE_CRDS lets a run point elsewhere (or at nothing, to check the skip path).
const crds = sharedFile('reference/istio-1.30.3/crd-all.gen.yaml', 'the Istio 1.30.3 reference CRDs', process.env.MESHDIVE_REFERENCE_CRDS);
const crdFile = crds.path;
const haveCrds = crds.available;

describe('crd-to-schema conversion rules', () => {
  it('adds strict unknown-field rejection only where the API server prunes', () => {
    const converted = convertNode(
      {
        type: 'object',
        description: 'prose',
        properties: {
          open: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
          map: {type: 'object', additionalProperties: {type: 'string'}},
          closed: {type: 'object', properties: {a: {type: 'string', description: 'more prose'}}},
        },
      },
      'test',
    );
    expect(converted).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        open: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
        map: {type: 'object', additionalProperties: {type: 'string'}},
        closed: {type: 'object', additionalProperties: false, properties: {a: {type: 'string'}}},
      },
    });
  });

  it('gives int-or-string the union type, keeps its anyOf as the API server does (ConvertJSONSchemaPropsWithPostProcess), and keeps CEL rules as written', () => {
    const converted = convertNode(
      {
        anyOf: [{type: 'integer'}, {type: 'string'}],
        'x-kubernetes-int-or-string': true,
        'x-kubernetes-validations': [{rule: 'self != 0', message: 'm', extra: 'dropped'}],
      },
      'test',
    );
    expect(converted).toEqual({
      anyOf: [{type: 'integer'}, {type: 'string'}],
      type: ['integer', 'string'],
      'x-kubernetes-int-or-string': true,
      'x-kubernetes-validations': [{rule: 'self != 0', message: 'm'}],
    });
    expect(convertNode({'x-kubernetes-int-or-string': true}, 'test')).toEqual({type: ['integer', 'string'], 'x-kubernetes-int-or-string': true});
  });

  it('refuses schema keywords it does not understand instead of dropping them', () => {
    expect(() => convertNode({type: 'string', 'x-made-up': true}, 'here')).toThrow(/here: unsupported schema keyword "x-made-up"/);
  });

  it('wraps the spec in the resource envelope', () => {
    const envelope = wrapEnvelope({type: 'object', properties: {spec: {type: 'object'}}, required: ['spec']}, 'test');
    expect(Object.keys(envelope.properties as object)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(envelope.additionalProperties).toBe(false);
    expect(envelope.required).toEqual(['spec']);
  });
});

describe.skipIf(!haveCrds)('importing the Istio 1.30.3 CRDs (../shared)', () => {
  const documents = haveCrds ? loadAll(readFileSync(crdFile, 'utf8')) : [];
  const served = haveCrds ? servedVersionSchemas(documents) : [];

  it('finds 15 kinds and 33 served group/version/kinds', () => {
    expect(new Set(served.map((s) => s.kind)).size).toBe(15);
    expect(served).toHaveLength(33);
  });

  it('matches the committed schemas/ byte for byte (run npm run schemas:import if not)', () => {
    const index = JSON.parse(readFileSync(join(root, 'schemas/index.json'), 'utf8')) as {kinds: Array<{group: string; version: string; kind: string; file: string}>};
    expect(index.kinds.filter((k) => k.group.endsWith('istio.io'))).toHaveLength(served.length);
    for (const entry of served) {
      const file = `${entry.group}/${entry.version}/${entry.kind.toLowerCase()}.json`;
      expect(index.kinds.some((k) => k.file === file && k.kind === entry.kind)).toBe(true);
      expect(readFileSync(join(root, 'schemas', file), 'utf8')).toBe(stableJson(entry.schema));
    }
  });

  it('keeps no description prose anywhere', () => {
    const text = JSON.stringify(served.map((s) => s.schema));
    expect(text).not.toContain('"description"');
  });

  it('carries every CEL rule of the CRDs: 362 occurrences, 36 distinct rule texts', () => {
    const fromCrd: string[] = [];
    const collect = (node: unknown, out: string[]): void => {
      if (Array.isArray(node)) node.forEach((n) => collect(n, out));
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'x-kubernetes-validations') for (const r of value as Array<{rule: string; message?: string}>) out.push(`${r.message}|${r.rule}`);
          else if (key !== 'description') collect(value, out);
        }
      }
    };
    collect(documents, fromCrd);
    const imported: string[] = [];
    collect(served.map((s) => s.schema), imported);
    expect(fromCrd).toHaveLength(362);
    expect(new Set(fromCrd.map((r) => r.split('|').slice(1).join('|'))).size).toBe(36);
    expect(imported.sort()).toEqual(fromCrd.sort());
  });

  it('leaves no object that silently accepts unknown fields', () => {
    const loose: string[] = [];
    const check = (node: Record<string, unknown>, path: string): void => {
      if (node.type === 'object' && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) loose.push(path);
      for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) check(child, `${path}.${name}`);
      if (node.items) check(node.items as Record<string, unknown>, `${path}[]`);
      if (typeof node.additionalProperties === 'object') check(node.additionalProperties as Record<string, unknown>, `${path}{}`);
    };
    for (const s of served) check(s.schema, `${s.kind}/${s.version}`);
    // metadata is open on purpose: the metadata checks live elsewhere in the engine.
    expect(loose).toEqual(served.map((s) => `${s.kind}/${s.version}.metadata`));
  });

  it('field help is written in our own words: no six-word run taken from a CRD description', () => {
    const descriptions: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'description' && typeof value === 'string') descriptions.push(value);
          else collect(value);
        }
      }
    };
    collect(documents);
    const words = (text: string) => text.toLowerCase().replace(/[^a-z0-9_*./-]+/g, ' ').trim().split(' ');
    const corpus = ` ${descriptions.map((d) => words(d).join(' ')).join(' | ')} `;
    const help = JSON.parse(readFileSync(join(root, 'schemas/field-help.json'), 'utf8')) as Record<string, Record<string, string>>;
    const copied: string[] = [];
    for (const entries of Object.values(help)) {
      for (const text of Object.values(entries)) {
        const w = words(text);
        for (let i = 0; i + 6 <= w.length; i++) {
          const run = w.slice(i, i + 6).join(' ');
          if (corpus.includes(` ${run} `)) copied.push(run);
        }
      }
    }
    expect(copied).toEqual([]);
  });

  it.skipIf(crdFile !== sharedFile('reference/istio-1.30.3/crd-all.gen.yaml', 'the Istio 1.30.3 reference CRDs').path)('the CLI writes schemas and index.json, replacing stale versions but keeping hand-written files', () => {
    const out = mkdtempSync(join(tmpdir(), 'meshdive-schemas-'));
    try {
      mkdirSync(join(out, 'networking.istio.io/v0stale'), {recursive: true});
      writeFileSync(join(out, 'networking.istio.io/v0stale/old.json'), '{}');
      writeFileSync(join(out, 'field-help.json'), '{"kept": true}');
      mkdirSync(join(out, 'labs'));
      // With no CRD file named, the importer reads every source of scripts/schemas/sources.ts.
      execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts/schemas/import-crds.ts'), out], {encoding: 'utf8'});
      expect(readdirSync(join(out, 'networking.istio.io')).sort()).toEqual(['v1', 'v1alpha3', 'v1beta1']);
      expect(readFileSync(join(out, 'field-help.json'), 'utf8')).toBe('{"kept": true}');
      expect(existsSync(join(out, 'labs'))).toBe(true);
      expect(readFileSync(join(out, 'index.json'), 'utf8')).toBe(readFileSync(join(root, 'schemas/index.json'), 'utf8'));
      expect(readFileSync(join(out, 'networking.istio.io/v1/virtualservice.json'), 'utf8')).toBe(readFileSync(join(root, 'schemas/networking.istio.io/v1/virtualservice.json'), 'utf8'));
    } finally {
      rmSync(out, {recursive: true, force: true});
    }
  });

  it('is deterministic', () => {
    const again = servedVersionSchemas(loadAll(readFileSync(crdFile, 'utf8')));
    expect(again.map((s) => stableJson(s.schema))).toEqual(served.map((s) => stableJson(s.schema)));
  });
});
