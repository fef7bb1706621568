import {mkdtempSync, mkdirSync, readFileSync, writeFileSync, cpSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {LoadContext} from '@docusaurus/types';
import labContexts from '../../src/plugins/lab-contexts';
import {checkYamlLabFile} from '../../src/labs/check-lab-file';
import {validateYaml} from '../../src/engine';
import type {LabContext} from '../../src/labs/lab-context';

const schema = JSON.parse(readFileSync('schemas/labs/context.schema.json', 'utf8')) as object;

function siteWith(files: Record<string, string>): LoadContext {
  const siteDir = mkdtempSync(join(tmpdir(), 'meshdive-site-'));
  mkdirSync(join(siteDir, 'labs', 'contexts'), {recursive: true});
  cpSync('schemas', join(siteDir, 'schemas'), {recursive: true});
  for (const [name, text] of Object.entries(files)) writeFileSync(join(siteDir, 'labs', 'contexts', name), text);
  return {siteDir} as LoadContext;
}

describe('lab context files', () => {
  it('accepts every context in labs/contexts', async () => {
    const plugin = labContexts({siteDir: process.cwd()} as LoadContext);
    const contexts = (await plugin.loadContent!()) as Record<string, LabContext>;
    expect(Object.keys(contexts)).toContain('reviews');
    expect(contexts.reviews!.resources.length).toBeGreaterThan(3);
  });

  it('holds a reviews context whose own resources validate cleanly', () => {
    const text = readFileSync('labs/contexts/reviews.yaml', 'utf8');
    const lab = checkYamlLabFile('labs/contexts/reviews.yaml', text, schema) as LabContext;
    const destinationRules = lab.resources.filter((resource) => (resource as {kind: string}).kind === 'DestinationRule');
    const result = validateYaml(destinationRules.map((resource) => JSON.stringify(resource)).join('\n---\n'));
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('fails the build naming the file, line and field of a malformed context', async () => {
    const plugin = labContexts(
      siteWith({'broken.yaml': 'name: broken\ntitle: Broken\nresources:\n  - apiVersion: v1\n    kind: 42\n    metadata: {name: x}\n'}),
    );
    await expect(plugin.loadContent!()).rejects.toThrow(/labs\/contexts\/broken\.yaml:5:11: \/resources\/0\/kind/);
  });

  it('names an unknown field and a YAML syntax error with their positions', async () => {
    const unknown = labContexts(siteWith({'extra.yaml': 'name: extra\ntitle: Extra\nresourcez: []\n'}));
    await expect(unknown.loadContent!()).rejects.toThrow(/extra\.yaml:3:1: \(top level\): unknown field "resourcez"/);
    const syntax = labContexts(siteWith({'syntax.yaml': 'name: syntax\ntitle: [unclosed\n'}));
    await expect(syntax.loadContent!()).rejects.toThrow(/syntax\.yaml:\d+:\d+:/);
  });

  it('requires the name to match the file name', async () => {
    const plugin = labContexts(siteWith({'one.yaml': 'name: two\ntitle: T\nresources:\n  - {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n'}));
    await expect(plugin.loadContent!()).rejects.toThrow(/name "two" must match the file name "one"/);
  });
});
