/** Ajv as the schema compiler configures it for the engine's validators (see compile-validators.ts). */
import Ajv from 'ajv';
import {_} from 'ajv/dist/compile/codegen/index.js';
import {evaluateFormats} from './format-source';

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

export function collectFormats(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((child) => collectFormats(child, found));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') found.add(value);
      else collectFormats(value, found);
    }
  }
  return found;
}

/**
 * The Ajv the validators are compiled with: standalone (code for src/engine/generated, formats
 * read from the generated module's `schemaFormats`), or in-process for tests that judge
 * against CRDs outside the catalog (the Gateway API's experimental channel).
 */
export function createAjv(formatNames: Set<string>, {standalone}: {standalone: boolean}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    messages: false, // the engine words its own messages
    strict: true,
    strictRequired: false, // oneOf branches name fields declared on the parent
    strictTypes: false, // nullable and int-or-string unions
    allowUnionTypes: true,
    ownProperties: true,
    inlineRefs: false, // shared subschemas stay one function each
    ...(standalone ? {code: {source: true, esm: true, formats: _`schemaFormats`}} : {}),
  });
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  const known = evaluateFormats();
  for (const name of [...formatNames].sort()) ajv.addFormat(name, (known[name] ?? true) as never);
  return ajv;
}

