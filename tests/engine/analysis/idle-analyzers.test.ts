/**
 * runAnalyzers skips an analyzer when the run holds none of the kinds it reads (its `inputs`), and,
 * when the caller keeps reports on some resources only (validateYaml: its input, not the context),
 * an analyzer none of whose `reports` kinds those resources have. That is only right if an analyzer
 * reads its inputs alone and reports on its `reports` kinds alone. These tests run every analyzer
 * with and without the skips over many clusters (istioctl's test grid, the project's fixtures and
 * lab files) and require the same reports, in the same order.
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

function run(resources: readonly AnalysisResource[], closedWorld: boolean, idleAnalyzers: boolean, reportedOn?: readonly AnalysisResource[]): Report[] {
  const found: Report[] = [];
  runAnalyzers({
    resources, analyzers: ANALYZERS, closedWorld, idleAnalyzers, reportedOn, meshConfig: defaultMeshConfig(),
    knownKinds: new Set(resources.map((r) => r.kind)), report: (r) => found.push(r),
  });
  return found;
}

const described = (r: Report) => `${r.analyzer} ${r.message} ${r.resource.kind} ${r.resource.namespace}/${r.resource.name} ${JSON.stringify(r.parameters)} ${JSON.stringify(r.at ?? {})}`;
const reports = (resources: readonly AnalysisResource[], closedWorld: boolean, idleAnalyzers: boolean) => run(resources, closedWorld, idleAnalyzers).map(described);

const REPORTS = new Map(ANALYZERS.map((analyzer) => [analyzer.name, analyzer.reports]));

/**
 * The same reports with and without the skips; every report on a kind its analyzer declares in
 * `reports`; and, with each kind of the cluster in turn taken as the input (the rest its context),
 * the same reports on that input whether or not analyzers with nothing there to report on run.
 */
function sameWithAndWithoutSkip(texts: readonly string[]): number {
  const resources = resourcesOf(texts);
  let count = 0;
  for (const closedWorld of [true, false]) {
    const found = run(resources, closedWorld, true);
    expect(reports(resources, closedWorld, false)).toEqual(found.map(described));
    for (const report of found) {
      const declared = REPORTS.get(report.analyzer);
      if (declared) expect(declared.map((k) => `${k.group}/${k.kind}`), described(report)).toContain(`${report.resource.group}/${report.resource.kind}`);
    }
    for (const kind of new Set(resources.map((r) => `${r.group}/${r.kind}`))) {
      const input = resources.filter((r) => `${r.group}/${r.kind}` === kind);
      const onInput = (list: readonly Report[]) => list.filter((r) => input.includes(r.resource)).map(described);
      expect(onInput(run(resources, closedWorld, false, input)), kind).toEqual(onInput(found));
    }
    count += found.length;
  }
  return count;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(join(root, dir), {withFileTypes: true, recursive: true})
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const grid = sharedFile('reference/istio-1.30.3/analyzer-tests/cases.json', "istioctl analyze's test grid");

describe('analyzers without input, or with nothing kept to report on', () => {
  it('declare `reports` kinds, some of them, and report on those kinds alone', () => {
    const declaring = ANALYZERS.filter((analyzer) => analyzer.reports !== undefined).map((analyzer) => analyzer.name);
    expect(declaring).toEqual(expect.arrayContaining(['deployment.MultiServiceAnalyzer', 'linkerd.DefaultInboundDenyAnalyzer', 'annotations.K8sAnalyzer']));
    // A Namespace that is the input is reported on by Linkerd's check of its cluster's workloads.
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    config.linkerd.io/default-inbound-policy: deny\n';
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    metadata:\n      annotations:\n        linkerd.io/inject: enabled\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        ports: [{containerPort: 8080}]\n';
    const server = 'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: other\n  namespace: shop\nspec:\n  podSelector: {matchLabels: {app: other}}\n  port: 9090\n';
    // The Deployment is the cluster's (a context document): its Namespace is then what is reported.
    const cluster = resourcesOf([namespace, deployment, server]).map((r) => (r.kind === 'Deployment' ? {...r, document: -1} : r));
    const input = cluster.filter((r) => r.kind === 'Namespace');
    const kept = run(cluster, true, false, input).filter((r) => input.includes(r.resource)).map((r) => `${r.analyzer} ${r.message}`);
    expect(kept).toContain('linkerd.DefaultInboundDenyAnalyzer LinkerdDefaultDenyUncovered');
    expect(sameWithAndWithoutSkip([namespace, deployment, server])).toBeGreaterThan(0);
  });

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
