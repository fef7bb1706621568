/**
 * npm run schemas:compile
 *
 * Precompiles the imported schemas (schemas/index.json) into standalone Ajv validators, so
 * neither the browser nor the CLI ever compiles a schema or needs eval / new Function:
 *
 *   src/engine/generated/validators.mjs   one validate function per distinct schema
 *   src/engine/generated/schema-data.mjs  catalog, schemas and field help as plain data
 *
 * (+ .d.mts files). `.mjs` because the files are ES modules whatever package.json's "type" says:
 * Node, tsx, webpack and esbuild all agree on that extension. The output is git-ignored and rebuilt by `npm run prepare`. It imports
 * nothing: Ajv's runtime helpers are pasted in, so it loads in Node ESM and in webpack alike.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import Ajv from 'ajv';
import {_} from 'ajv/dist/compile/codegen/index.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type {JsonObject} from './crd-to-schema';
import type {ServedVersion} from '../../src/engine/schema/schema-node';
import {FORMATS_SOURCE, evaluateFormats} from './format-source';
import {shareRepeatedSubschemas} from './share-subschemas';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemasDir = join(projectRoot, 'schemas');
const outDir = join(projectRoot, 'src/engine/generated');

/** Kubernetes vendor extensions: data for the engine, no meaning to Ajv. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
];

/** Ajv runtime modules the standalone code may require, replaced by self-contained functions. */
const RUNTIME_SOURCE: Record<string, {name: string; source: string}> = {
  'ajv/dist/runtime/ucs2length': {name: 'ajvRuntime_ucs2length', source: `function ajvRuntime_ucs2length(str) {
  let length = 0;
  for (let pos = 0; pos < str.length; pos++) {
    length++;
    const code = str.charCodeAt(pos);
    if (code >= 0xd800 && code <= 0xdbff && pos + 1 < str.length && (str.charCodeAt(pos + 1) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}`},
  'ajv/dist/runtime/equal': {name: 'ajvRuntime_equal', source: `function ajvRuntime_equal(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && ajvRuntime_equal(a[key], b[key]));
}`},
};

interface IndexEntry extends ServedVersion {
  file: string;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function collectFormats(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((child) => collectFormats(child, found));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') found.add(value);
      else collectFormats(value, found);
    }
  }
  return found;
}

function createAjv(formatNames: Set<string>): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    messages: false, // the engine words its own messages
    strict: true,
    strictRequired: false, // oneOf branches name fields declared on the parent
    strictTypes: false, // nullable and int-or-string unions
    allowUnionTypes: true,
    ownProperties: true,
    inlineRefs: false, // shared subschemas stay one function each
    code: {source: true, esm: true, formats: _`schemaFormats`},
  });
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  const known = evaluateFormats();
  for (const name of [...formatNames].sort()) ajv.addFormat(name, (known[name] ?? true) as never);
  return ajv;
}

/** Replaces `require("ajv/dist/runtime/x").default` with pasted source; fails on anything else. */
function inlineRuntime(code: string): string {
  const used = new Set<string>();
  const result = code.replace(/require\("([^"]+)"\)(?:\.default)?/g, (_match, module: string) => {
    const runtime = RUNTIME_SOURCE[module];
    if (!runtime) throw new Error(`standalone code requires "${module}", which has no inlined replacement`);
    used.add(runtime.source);
    return runtime.name;
  });
  return [...used, result].join('\n');
}

function main(): void {
  const index = readJson<{kinds: IndexEntry[]}>(join(schemasDir, 'index.json'));
  const fieldHelp = readJson<JsonObject>(join(schemasDir, 'field-help.json'));
  const schemaIdByText = new Map<string, string>();
  const schemas: Record<string, JsonObject> = {};
  const catalog = index.kinds.map((entry) => {
    const text = readFileSync(join(schemasDir, entry.file), 'utf8');
    let schemaId = schemaIdByText.get(text);
    if (!schemaId) {
      // Versions of a kind usually share one schema: compile it once.
      schemaId = `${entry.kind}_${entry.version}`.replace(/\W/g, '_');
      schemaIdByText.set(text, schemaId);
      schemas[schemaId] = JSON.parse(text) as JsonObject;
    }
    const {file: _file, ...rest} = entry;
    return {...rest, schemaId};
  });

  const ajv = createAjv(collectFormats(schemas, new Set()));
  const exports: Record<string, string> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    ajv.addSchema(shareRepeatedSubschemas(schema), id);
    exports[`validate_${id}`] = id;
  }
  const standalone = inlineRuntime(standaloneCode(ajv, exports)).replace(/^"use strict";/, '');
  const validatorMap = Object.keys(schemas)
    .map((id) => `  ${JSON.stringify(id)}: validate_${id},`)
    .join('\n');

  mkdirSync(outDir, {recursive: true});
  writeFileSync(
    join(outDir, 'validators.mjs'),
    `// Generated by scripts/schemas/compile-validators.ts from schemas/. Do not edit.\n` +
      `const schemaFormats = ${FORMATS_SOURCE};\n${standalone}\n` +
      `export const validators = {\n${validatorMap}\n};\n`,
  );
  writeFileSync(
    join(outDir, 'validators.d.mts'),
    `// Generated by scripts/schemas/compile-validators.ts. Do not edit.\n` +
      `import type {GeneratedValidator} from '../schema/ajv-error';\n` +
      `export declare const validators: Readonly<Record<string, GeneratedValidator>>;\n`,
  );
  writeFileSync(
    join(outDir, 'schema-data.mjs'),
    `// Generated by scripts/schemas/compile-validators.ts from schemas/. Do not edit.\n` +
      `export const catalog = ${JSON.stringify(catalog)};\n` +
      `export const schemas = ${JSON.stringify(schemas)};\n` +
      `export const fieldHelp = ${JSON.stringify(fieldHelp)};\n`,
  );
  writeFileSync(
    join(outDir, 'schema-data.d.mts'),
    `// Generated by scripts/schemas/compile-validators.ts. Do not edit.\n` +
      `import type {CatalogEntry, SchemaNode} from '../schema/schema-node';\n` +
      `export declare const catalog: readonly CatalogEntry[];\n` +
      `export declare const schemas: Readonly<Record<string, SchemaNode>>;\n` +
      `export declare const fieldHelp: Readonly<Record<string, Readonly<Record<string, string>>>>;\n`,
  );
  console.log(`compiled ${Object.keys(schemas).length} distinct schemas for ${catalog.length} kinds into ${outDir}`);
}

main();
