/**
 * `npm test`'s closing line counts every stage, and a stage that failed without a failing
 * test still fails the count. Shown against a real Vitest run of deliberately broken files.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {closingLine, countVitestReport, stageTotals, summarize} from '../../scripts/test-summary.mjs';

const root = join(__dirname, '../..');

function vitestReport(files: Record<string, string>): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'meshdive-harness-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const report = join(dir, 'report.json');
  spawnSync('npx', ['vitest', 'run', '--root', dir, '--reporter=json', `--outputFile.json=${report}`], {cwd: root, encoding: 'utf8'});
  return JSON.parse(readFileSync(report, 'utf8'));
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, {recursive: true, force: true})));

describe("npm test's count", () => {
  it('counts a file that fails to import and a failing beforeAll as failures, though Vitest counts no failed test', () => {
    const report = vitestReport({
      'imports.test.ts': "import {it} from 'vitest';\nimport './no-such-module';\nit('never runs', () => {});\n",
      'hook.test.ts': "import {beforeAll, describe, it} from 'vitest';\ndescribe('d', () => {\n  beforeAll(() => { throw new Error('set-up broke'); });\n  it('a', () => {});\n});\n",
      'fine.test.ts': "import {expect, it} from 'vitest';\nit('passes', () => expect(1).toBe(1));\n",
    }) as {numFailedTests: number};
    expect(report.numFailedTests).toBe(0);
    const counts = countVitestReport(report);
    expect(counts.passed).toBe(1);
    expect(counts.failed).toBe(2);
    expect(counts.problems.join('\n')).toMatch(/imports\.test\.ts: failed outside any test \(.*no-such-module/);
    expect(counts.problems.join('\n')).toMatch(/hook\.test\.ts: failed outside any test/);
  });

  it('counts the type check and the build as checks of their own', () => {
    const totals = summarize([
      {title: 'type check', result: {ok: true}},
      {title: 'production build', result: {ok: false}},
    ]);
    expect(totals).toMatchObject({passed: 1, failed: 1, skipped: 0});
    expect(totals.problems).toEqual(['production build: failed']);
  });

  it('counts a stage that did not run as failed, by its minimum', () => {
    expect(stageTotals({title: 'browser tests', minimum: 75, result: undefined})).toEqual({
      passed: 0,
      failed: 75,
      skipped: 0,
      problems: ['browser tests: did not run (counted as 75 failed)'],
    });
  });

  it('fails a suite that silently shrank below its minimum', () => {
    const share = stageTotals({title: 'unit tests', minimum: 10, result: {ok: true, counts: {passed: 6, failed: 0, skipped: 1, problems: []}}});
    expect(share).toMatchObject({passed: 6, failed: 3, skipped: 1});
    expect(share.problems[0]).toMatch(/7 tests ran, fewer than the 10 expected/);
  });

  it('fails a runner that exited non-zero although no test failed', () => {
    const share = stageTotals({title: 'unit tests', minimum: 1, result: {ok: false, counts: {passed: 3, failed: 0, skipped: 0, problems: []}}});
    expect(share.failed).toBe(1);
  });

  it('ends with the line CI reads', () => {
    expect(closingLine({passed: 3, failed: 0, skipped: 2})).toBe('tests: 3 passed, 0 failed, 2 skipped');
  });
});
