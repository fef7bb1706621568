/**
 * istioctl analyze's own test grid (istio/istio pkg/config/analysis/analyzers/analyzers_test.go at
 * 1.30.3, ../shared/reference/istio-1.30.3/analyzer-tests), each case run as upstream runs it: its
 * files are the whole cluster, with the default resources and its mesh config, and only its
 * analyzer runs. A case passes when the messages are exactly the expected ones, compared as
 * upstream compares them (code and origin: kind, name, and namespace unless the case leaves it
 * open) and counted as a multiset. Recall (expected messages found) and precision (messages found
 * that were expected) are printed overall and per analyzer. The alpha case is skipAll upstream
 * (its analyzer is not in All()) and counts all the same.
 *
 * KNOWN_GAPS lists the cases that do not pass yet: they run as `it.fails`, so a case that starts
 * passing fails here until it is taken off the list.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {ISTIOCTL_ANALYZERS, ISTIOCTL_UNLISTED_ANALYZERS} from '../../../src/engine/analysis/analyzers/all';
import {analyzeIstioctl, type IstioctlMessage} from '../../../src/engine/analysis/istioctl';
import {sharedFile} from '../../support/shared';

const grid = sharedFile('reference/istio-1.30.3/analyzer-tests/cases.json', "istioctl analyze's test grid");
const GRID_DIR = join(grid.path, '..');

interface Expected {
  code: string;
  msgName: string;
  level: string;
  kind: string;
  namespace: string | null;
  name: string;
}

interface GridCase {
  index: number;
  name: string;
  inputFiles: string[];
  analyzer: string;
  meshConfigFile: string | null;
  meshNetworksFile: string | null;
  skipAll: boolean;
  expected: Expected[];
}

/** Go types whose Metadata().Name is not `<package>.<Type>`. */
const RENAMED: Record<string, string> = {
  'authz.AuthorizationPoliciesAnalyzer': 'auth.AuthorizationPoliciesAnalyzer',
  'deployment.ServiceAssociationAnalyzer': 'deployment.MultiServiceAnalyzer',
  'deployment.ApplicationUIDAnalyzer': 'applicationUID.Analyzer',
  'destinationrule.PodNotSelectedAnalyzer': 'destinationrule.SubsetSelectPodAnalyzer',
  'maturity.AlphaAnalyzer': 'annotations.AlphaAnalyzer',
  'deprecation.FieldAnalyzer': 'deprecation.DeprecationAnalyzer',
  'multicluster.MeshNetworksAnalyzer': 'meshnetworks.MeshNetworksAnalyzer',
  'multicluster.ServiceAnalyzer': 'services.MultiClusterServiceAnalyzer',
  'serviceentry.ProtocolAddressesAnalyzer': 'serviceentry.Analyzer',
};

/** The istioctl name of a case's analyzer: `&virtualservice.GatewayAnalyzer{}`, `schemaValidation.CollectionValidationAnalyzer(collections.VirtualService)`. */
export function analyzerName(goExpression: string): string {
  const schema = /^schemaValidation\.CollectionValidationAnalyzer\(collections\.(\w+)\)$/.exec(goExpression);
  if (schema) return `schema.ValidationAnalyzer.${schema[1]}`;
  const typed = /^&(\w+\.\w+)\{\}$/.exec(goExpression);
  if (!typed) throw new Error(`unrecognised analyzer expression ${goExpression}`);
  return RENAMED[typed[1]!] ?? typed[1]!;
}

/** The cases that do not pass yet (see the file's comment). */
const KNOWN_GAPS = new Set<string>([
]);

function readCases(): GridCase[] {
  if (!grid.available) return [];
  return (JSON.parse(readFileSync(grid.path, 'utf8')) as {cases: GridCase[]}).cases;
}

const cases = readCases();
const nameCounts = new Map<string, number>();
for (const c of cases) nameCounts.set(c.name, (nameCounts.get(c.name) ?? 0) + 1);
/** Three names are used twice upstream: those cases are told apart by their index. */
const caseId = (c: GridCase) => (nameCounts.get(c.name)! > 1 ? `${c.name} (case ${c.index})` : c.name);

const registered = new Set([...ISTIOCTL_ANALYZERS, ...ISTIOCTL_UNLISTED_ANALYZERS].map((analyzer) => analyzer.name));
const read = (relative: string) => ({name: relative, text: readFileSync(join(GRID_DIR, relative), 'utf8')});

function runCase(c: GridCase): IstioctlMessage[] {
  const name = analyzerName(c.analyzer);
  // An analyzer not written yet finds nothing (istioctl would run all of them for an unknown name).
  if (!registered.has(name)) return [];
  return analyzeIstioctl({
    files: c.inputFiles.map(read),
    meshConfig: c.meshConfigFile ? read(c.meshConfigFile) : undefined,
    meshNetworks: c.meshNetworksFile ? read(c.meshNetworksFile) : undefined,
    analyzers: [name],
  }).messages;
}

const describeMessage = (m: {code: string; kind: string; namespace: string | null; name: string}) =>
  `${m.code} ${m.kind} ${m.namespace === null ? '*' : m.namespace}/${m.name}`;

/** Expected and found messages matched as a multiset; an expected namespace of null matches any. */
function compareMessages(expected: readonly Expected[], found: readonly IstioctlMessage[]): {missing: string[]; unexpected: string[]} {
  const left = found.map((m) => ({code: m.code, kind: m.resource.kind, namespace: m.resource.namespace as string | null, name: m.resource.name}));
  const missing: string[] = [];
  // Expectations naming a namespace first, so an open one does not take a message they need.
  const ordered = [...expected].sort((a, b) => Number(a.namespace === null) - Number(b.namespace === null));
  for (const want of ordered) {
    const at = left.findIndex((m) => m.code === want.code && m.kind === want.kind && m.name === want.name && (want.namespace === null || m.namespace === want.namespace));
    if (at === -1) missing.push(describeMessage(want));
    else left.splice(at, 1);
  }
  return {missing, unexpected: left.map(describeMessage)};
}

interface Tally {
  expected: number;
  found: number;
  matched: number;
  cases: number;
  passed: number;
}

const tallies = new Map<string, Tally>();
const total: Tally = {expected: 0, found: 0, matched: 0, cases: 0, passed: 0};

function count(analyzer: string, expected: number, found: number, unexpected: number, missing: number): void {
  const tally = tallies.get(analyzer) ?? {expected: 0, found: 0, matched: 0, cases: 0, passed: 0};
  tallies.set(analyzer, tally);
  for (const t of [tally, total]) {
    t.expected += expected;
    t.found += found;
    t.matched += found - unexpected;
    t.cases++;
    if (missing === 0 && unexpected === 0) t.passed++;
  }
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

describe.skipIf(!grid.available)("istioctl analyze's analyzer grid (istio 1.30.3 analyzers_test.go)", () => {
  it('has the 100 cases and 213 expected messages the reference describes', () => {
    expect(cases).toHaveLength(100);
    expect(cases.reduce((sum, c) => sum + c.expected.length, 0)).toBe(213);
  });

  it('names every KNOWN_GAPS entry after a case of the grid', () => {
    const ids = new Set(cases.map(caseId));
    expect([...KNOWN_GAPS].filter((id) => !ids.has(id))).toEqual([]);
  });

  for (const c of cases) {
    const id = caseId(c);
    const test = KNOWN_GAPS.has(id) ? it.fails : it;
    test(`${id} [${analyzerName(c.analyzer)}]`, () => {
      const found = runCase(c);
      const diff = compareMessages(c.expected, found);
      count(analyzerName(c.analyzer), c.expected.length, found.length, diff.unexpected.length, diff.missing.length);
      expect(diff).toEqual({missing: [], unexpected: []});
    });
  }

  afterAll(() => {
    if (total.cases === 0) return;
    const rows = [...tallies.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, t]) =>
      `  ${name.padEnd(58)} recall ${`${t.matched}/${t.expected}`.padStart(7)} ${percent(t.matched, t.expected).padStart(6)}` +
      `  precision ${`${t.matched}/${t.found}`.padStart(7)} ${percent(t.matched, t.found).padStart(6)}  cases ${t.passed}/${t.cases}`);
    console.log([
      `istioctl analyze grid: recall ${total.matched}/${total.expected} (${percent(total.matched, total.expected)}), ` +
        `precision ${total.matched}/${total.found} (${percent(total.matched, total.found)}), cases passing ${total.passed}/${total.cases}`,
      ...rows,
    ].join('\n'));
  });
});
