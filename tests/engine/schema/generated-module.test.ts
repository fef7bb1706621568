/**
 * src/engine/generated/ must load anywhere: plain Node ESM and a browser bundle, with no
 * imports, no Node built-ins and no runtime code generation (CSP-safe).
 */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {bundleForBrowser, nodeBuiltins} from '../../support/browser-bundle';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const generated = (name: string) => resolve(root, 'src/engine/generated', name);

describe('generated validators', () => {
  const validatorsSource = readFileSync(generated('validators.mjs'), 'utf8');
  const dataSource = readFileSync(generated('schema-data.mjs'), 'utf8');

  it('imports and requires nothing, and never generates code at run time', () => {
    for (const source of [validatorsSource, dataSource]) {
      expect(source).not.toMatch(/\brequire\(/);
      expect(source).not.toMatch(/^\s*import\b/m);
      expect(source).not.toMatch(/\bnew Function\b|\beval\(/);
    }
  });

  it('loads in plain Node ESM (no bundler, no TypeScript)', () => {
    const script = `import(${JSON.stringify(generated('validators.mjs'))}).then(async (v) => {
      const d = await import(${JSON.stringify(generated('schema-data.mjs'))});
      const entry = d.catalog.find((e) => e.kind === 'VirtualService' && e.version === 'v1');
      const validate = v.validators[entry.schemaId];
      const ok = validate({apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {}, spec: {hosts: ['a']}});
      const bad = validate({apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: {}, spec: {hostz: ['a']}});
      console.log(JSON.stringify({ok, bad, keyword: validate.errors[0].keyword}));
    })`;
    const output = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {encoding: 'utf8'});
    expect(JSON.parse(output)).toEqual({ok: true, bad: false, keyword: 'additionalProperties'});
  });

  it('bundles the whole schema engine for the browser without Node built-ins', async () => {
    const {inputs, text} = await bundleForBrowser('src/engine/schema/index.ts');
    expect(nodeBuiltins(inputs)).toEqual([]);
    expect(inputs.filter((path) => /(^|\/)node_modules\/(ajv|ajv-formats)\//.test(path))).toEqual([]);
    expect(text).not.toMatch(/\bnew Function\b/);
  });
});
