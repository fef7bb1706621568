/**
 * Which `format`s the engine checks, against what the 1.33 API server checks. apiextensions-apiserver
 * keeps the formats of pkg/apiserver/validation/formats.go (supportedFormats, names without "-") and
 * StripUnsupportedFormatsPostProcess blanks every other one before kube-openapi validates; the kept
 * ones are checked with strfmt.Default. So: every string format a CRD uses must be one the engine
 * checks as strfmt does (scripts/schemas/format-source.ts), and every other format must check nothing
 * (the number formats excepted: the project's int32 / uint32 range checks, never on strings).
 * Also: the combinator branches the engine judges again (combinators.ts) use only the keywords it reads.
 */
import {readFileSync} from 'node:fs';
import {loadAll} from 'js-yaml';
import {describe, expect, it} from 'vitest';
import {collectFormats, createAjv} from '../../../scripts/schemas/create-ajv';
import {evaluateFormats} from '../../../scripts/schemas/format-source';
import {allEntries, schemaFor} from '../../../src/engine/schema/catalog';
import {BRANCH_KEYWORDS} from '../../../src/engine/schema/combinators';
import {isApiServerFormat} from '../../../src/engine/schema/issue-codes';
import type {SchemaNode} from '../../../src/engine/schema/schema-node';
import {sharedFile} from '../../support/shared';

const NUMBER_FORMATS = new Set(['int32', 'int64', 'uint32', 'float', 'double']);
const implemented = evaluateFormats();

const catalogSchemas = (): SchemaNode[] => allEntries().map(schemaFor);

const referenceCrds = [
  sharedFile('reference/istio-1.30.3/crd-all.gen.yaml', "Istio 1.30.3's CRDs"),
  sharedFile('reference/gateway-api-v1.5.1/experimental-install.yaml', "the Gateway API v1.5.1's experimental CRDs"),
  sharedFile('reference/linkerd-2.20/crds.yaml', "Linkerd 2.20's CRDs"),
];

function expectCheckedAsTheApiServer(formats: Set<string>): void {
  for (const format of formats) {
    if (isApiServerFormat(format)) {
      expect(typeof implemented[format], `format ${format} is kept by the API server: the engine must check it`).toBe('object');
      expect((implemented[format] as {type: string}).type, format).toBe('string');
    } else {
      expect(NUMBER_FORMATS.has(format), `format ${format} is stripped by the API server and must check nothing`).toBe(true);
    }
  }
}

describe('string formats', () => {
  it('checks every format the catalog\'s CRDs keep, as the API server does', () => {
    const formats = collectFormats(catalogSchemas(), new Set());
    expect([...formats].filter(isApiServerFormat).sort()).toEqual(['byte', 'date-time', 'duration', 'ipv4', 'ipv6']);
    expectCheckedAsTheApiServer(formats);
  });

  it.skipIf(!referenceCrds.every((file) => file.available))('covers every format of the reference CRDs too', () => {
    const formats = new Set<string>();
    for (const file of referenceCrds) collectFormats(loadAll(readFileSync(file.path, 'utf8')), formats);
    expectCheckedAsTheApiServer(formats);
  });

  it('accepts anything for a format the API server strips (formats.go), as an unregistered format', () => {
    // k8s-short-name and friends came with 1.34's versioned formats; 1.33 strips them.
    const ajv = createAjv(new Set(['k8s-short-name', 'int32']), {standalone: false});
    const shortName = ajv.compile({type: 'string', format: 'k8s-short-name'});
    for (const value of ['', 'UPPER', 'a b', '-']) expect(shortName(value), value).toBe(true);
    // int32 checks numbers only (the project's range check), never a string
    expect(ajv.compile({type: 'string', format: 'int32'})('not a number')).toBe(true);
  });
});

describe('combinator branches', () => {
  it('use only the keywords combinators.ts evaluates, in every catalog schema', () => {
    const unsupported = new Set<string>();
    const walkBranch = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walkBranch);
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (!BRANCH_KEYWORDS.has(key)) unsupported.add(key);
        if (key === 'properties') Object.values(value as object).forEach(walkBranch);
        else if (key !== 'enum' && key !== 'required') walkBranch(value);
      }
    };
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'oneOf' || key === 'anyOf' || key === 'allOf' || key === 'not') walkBranch(value);
        // a property may be named "not" (Linkerd's ServiceProfile conditions): walk the properties' schemas, not their names
        else if (key === 'properties') Object.values(value as object).forEach(walk);
        else if (key !== 'enum' && key !== 'default') walk(value);
      }
    };
    catalogSchemas().forEach(walk);
    expect([...unsupported]).toEqual([]);
  });
});
