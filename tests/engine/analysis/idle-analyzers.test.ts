/**
 * runAnalyzers skips an analyzer when the run holds none of the kinds it reads (its `inputs`):
 * that is only right if an analyzer reads and reports on its inputs alone. These tests run every
 * analyzer with and without the skip over many clusters (istioctl's test grid, the project's
 * fixtures and lab files) and require the same reports, in the same order.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {ALL_ANALYZERS, ISTIOCTL_UNLISTED_ANALYZERS} from '../../../src/engine/analysis/analyzers/all';
import {defaultMeshConfig} from '../../../src/engine/analysis/meshConfig';
import {runAnalyzers, type Report} from '../../../src/engine/analysis/run';
import {splitApiVersion} from '../../../src/engine/api-version';
import type {AnalysisResource} from '../../../src/engine/model/resource';
import {parseYaml} from '../../../src/engine/yaml/index';
import {sharedFile} from '../../support/shared';

const root = new URL('../../../', import.meta.url).pathname;
const ANALYZERS = [...ALL_ANALYZERS, ...ISTIOCTL_UNLISTED_ANALYZERS];

/** The resources of YAML texts, as the analysis sees them (namespace `default` when unset). */
function resourcesOf(texts: readonly string[]): AnalysisResource[] {
  const resources: AnalysisResource[] = [];
  for (const text of texts) {
    for (const document of parseYaml(text, {maxBytes: 1 << 24}).documents) {
      const value = document.value as Record<string, unknown> | null | undefined;
      if (!value || typeof value !== 'object' || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') continue;
      const metadata = (value.metadata ?? {}) as Record<string, unknown>;
      resources.push({
        document: resources.length, pathPrefix: '', group: splitApiVersion(value.apiVersion).group, kind: value.kind,
        name: String(metadata.name ?? ''), namespace: String(metadata.namespace ?? 'default'), value,
      });
    }
  }
  return resources;
}

function reports(resources: readonly AnalysisResource[], closedWorld: boolean, idleAnalyzers: boolean): string[] {
  const found: Report[] = [];
  runAnalyzers({
    resources, analyzers: ANALYZERS, closedWorld, idleAnalyzers, meshConfig: defaultMeshConfig(),
    knownKinds: new Set(resources.map((r) => r.kind)), report: (r) => found.push(r),
  });
  return found.map((r) => `${r.analyzer} ${r.message} ${r.resource.kind} ${r.resource.namespace}/${r.resource.name} ${JSON.stringify(r.parameters)} ${JSON.stringify(r.at ?? {})}`);
}

function sameWithAndWithoutSkip(texts: readonly string[]): number {
  const resources = resourcesOf(texts);
  let count = 0;
  for (const closedWorld of [true, false]) {
    const all = reports(resources, closedWorld, true);
    expect(reports(resources, closedWorld, false)).toEqual(all);
    count += all.length;
  }
  return count;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(join(root, dir), {withFileTypes: true, recursive: true})
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const grid = sharedFile('reference/istio-1.30.3/analyzer-tests/cases.json', "istioctl analyze's test grid");

describe('analyzers without input', () => {
  it('report nothing on a lone resource of a kind they do not read', () => {
    const reported = sameWithAndWithoutSkip(['apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination:\n        host: r\n        subset: v9\n']);
    expect(reported).toBeGreaterThan(0);
  });

  it('report nothing on the project\'s fixtures and lab files, each file a cluster', () => {
    let reported = 0;
    for (const file of [...yamlFiles('tests/fixtures'), ...yamlFiles('labs')]) reported += sameWithAndWithoutSkip([readFileSync(file, 'utf8')]);
    expect(reported).toBeGreaterThan(0);
  });

  it.skipIf(!grid.available)('report nothing on istioctl\'s test grid, each case\'s files a cluster', () => {
    const cases = (JSON.parse(readFileSync(grid.path, 'utf8')) as {cases: Array<{inputFiles: string[]}>}).cases;
    let reported = 0;
    for (const gridCase of cases) reported += sameWithAndWithoutSkip(gridCase.inputFiles.map((file) => readFileSync(join(grid.path, '..', file), 'utf8')));
    expect(reported).toBeGreaterThan(100);
  });
});
