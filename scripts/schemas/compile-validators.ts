/**
 * npm run schemas:compile
 *
 * Precompiles the imported schemas (schemas/index.json) into standalone Ajv validators, so
 * neither the browser nor the CLI ever compiles a schema or needs eval / new Function:
 *
 *   src/engine/generated/validators.mjs   one validate function per distinct schema
 *   src/engine/generated/schema-data.mjs  catalog, schemas and field help as plain data
 *
 * Both load lazily, per schema: a validator's code (with the schema objects Ajv's code keeps)
 * runs the first time its kind is validated, and a schema is parsed from its JSON text the
 * first time it is read, so a run pays only for the kinds it meets (an Istio manifest never
 * builds the Gateway API's or Linkerd's validators).
 *
 * (+ .d.mts files). `.mjs` because the files are ES modules whatever package.json's "type" says:
 * Node, tsx, webpack and esbuild all agree on that extension. The output is git-ignored and rebuilt by `npm run prepare`. It imports
 * nothing: Ajv's runtime helpers are pasted in, so it loads in Node ESM and in webpack alike.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type {JsonObject} from './crd-to-schema';
import type {ServedVersion} from '../../src/engine/schema/schema-node';
import {collectFormats, createAjv} from './create-ajv';
import {FORMATS_SOURCE} from './format-source';
import {shareRepeatedSubschemas} from './share-subschemas';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemasDir = join(projectRoot, 'schemas');
const outDir = join(projectRoot, 'src/engine/generated');

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

/**
 * A record whose every property is made by its factory on first read and kept: the same
 * object on every read, enumerable as data.
 */
const LAZY_RECORD_SOURCE = `function lazyRecord(factories) {
  const record = {};
  for (const [key, make] of Object.entries(factories)) {
    let value;
    Object.defineProperty(record, key, {enumerable: true, get: () => (value ??= make())});
  }
  return Object.freeze(record);
}`;

interface IndexEntry extends ServedVersion {
  file: string;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Replaces `require("ajv/dist/runtime/x").default` with the name of a pasted function (added to `used`); fails on anything else. */
function inlineRuntime(code: string, used: Set<string>): string {
  return code.replace(/require\("([^"]+)"\)(?:\.default)?/g, (_match, module: string) => {
    const runtime = RUNTIME_SOURCE[module];
    if (!runtime) throw new Error(`standalone code requires "${module}", which has no inlined replacement`);
    used.add(runtime.source);
    return runtime.name;
  });
}

/**
 * Ajv's loops over an object's own keys (`ownProperties`) as `for...in` with an own-key guard:
 * the same keys in the same order as `Object.keys`, without its array per object checked
 * (12 MB of a Gateway API run at 20,000 resources) and without `for...of`'s iterator and result
 * per key, which cost most wherever V8 leaves a validator unoptimized (the VirtualService one).
 */
function ownKeyLoops(code: string): string {
  const loops = /for\(const (key\d+) of Object\.keys\((\w+)\)\)\{/g;
  return code.replace(loops, (_match, key: string, data: string) =>
    `for(const ${key} in ${data}){if(!Object.prototype.hasOwnProperty.call(${data},${key}))continue;`);
}

/** One schema's standalone validator as a function that runs its code and returns it (its names stay local). */
function validatorFactory(ajv: ReturnType<typeof createAjv>, id: string, used: Set<string>): string {
  const name = `validate_${id}`;
  const code = ownKeyLoops(inlineRuntime(standaloneCode(ajv, {[name]: id}), used)).replace(/^"use strict";/, '');
  const exported = `export const ${name} = `;
  if (code.split(exported).length !== 2) throw new Error(`standalone code for ${id} does not export ${name} once`);
  return `  ${JSON.stringify(id)}: () => {\n${code.replace(exported, `const ${name} = `)}\nreturn ${name};\n  },`;
}

/**
 * The schema a validator checks: with a status subresource, create deletes `status` before validation
 * (customResourceStrategy.PrepareForCreate, apiextensions-apiserver pkg/registry/customresource/strategy.go)
 * and validateAgainst does the same, so its part of the schema would be code that never runs
 * (schema-data keeps it, for describe and field help).
 */
function withoutStatus(schema: JsonObject): JsonObject {
  const properties = schema.properties as JsonObject | undefined;
  if (!properties || !('status' in properties)) return schema;
  const {status: _dropped, ...rest} = properties;
  return {...schema, properties: rest};
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
      // The group too: Linkerd's and the Gateway API's HTTPRoute share kind and version names.
      schemaId = `${entry.group}_${entry.kind}_${entry.version}`.replace(/\W/g, '_');
      schemaIdByText.set(text, schemaId);
      schemas[schemaId] = JSON.parse(text) as JsonObject;
    }
    const {file: _file, ...rest} = entry;
    return {...rest, schemaId};
  });

  const ajv = createAjv(collectFormats(schemas, new Set()), {standalone: true});
  for (const [id, schema] of Object.entries(schemas)) {
    const validated = catalog.every((entry) => entry.schemaId !== id || entry.statusSubresource) ? withoutStatus(schema) : schema;
    ajv.addSchema(shareRepeatedSubschemas(validated), id);
  }
  const runtime = new Set<string>();
  const factories = Object.keys(schemas).map((id) => validatorFactory(ajv, id, runtime)).join('\n');

  mkdirSync(outDir, {recursive: true});
  writeFileSync(
    join(outDir, 'validators.mjs'),
    `// Generated by scripts/schemas/compile-validators.ts from schemas/. Do not edit.\n` +
      `const schemaFormats = ${FORMATS_SOURCE};\n${[...runtime].join('\n')}\n` +
      `const factories = {\n${factories}\n};\n` +
      `${LAZY_RECORD_SOURCE}\n` +
      `export const validators = lazyRecord(factories);\n` +
      `export const formats = schemaFormats;\n`,
  );
  writeFileSync(
    join(outDir, 'validators.d.mts'),
    `// Generated by scripts/schemas/compile-validators.ts. Do not edit.\n` +
      `import type {GeneratedValidator} from '../schema/ajv-error';\n` +
      `/** Each schema's validator, its code run on first read. */\n` +
      `export declare const validators: Readonly<Record<string, GeneratedValidator>>;\n` +
      `/** The formats the validators check (scripts/schemas/format-source.ts), for the combinator branches the engine evaluates itself. */\n` +
      `export declare const formats: Readonly<Record<string, {validate: (value: never) => boolean}>>;\n`,
  );
  const schemaTexts = Object.entries(schemas)
    .map(([id, schema]) => `  ${JSON.stringify(id)}: () => JSON.parse(${JSON.stringify(JSON.stringify(schema))}),`)
    .join('\n');
  writeFileSync(
    join(outDir, 'schema-data.mjs'),
    `// Generated by scripts/schemas/compile-validators.ts from schemas/. Do not edit.\n` +
      `export const catalog = ${JSON.stringify(catalog)};\n` +
      `${LAZY_RECORD_SOURCE}\n` +
      `export const schemas = lazyRecord({\n${schemaTexts}\n});\n` +
      `export const fieldHelp = ${JSON.stringify(fieldHelp)};\n`,
  );
  writeFileSync(
    join(outDir, 'schema-data.d.mts'),
    `// Generated by scripts/schemas/compile-validators.ts. Do not edit.\n` +
      `import type {CatalogEntry, SchemaNode} from '../schema/schema-node';\n` +
      `export declare const catalog: readonly CatalogEntry[];\n` +
      `/** Each schema, parsed on first read (the same object on every read). */\n` +
      `export declare const schemas: Readonly<Record<string, SchemaNode>>;\n` +
      `export declare const fieldHelp: Readonly<Record<string, Readonly<Record<string, string>>>>;\n`,
  );
  console.log(`compiled ${Object.keys(schemas).length} distinct schemas for ${catalog.length} kinds into ${outDir}`);
}

main();
