#!/usr/bin/env node
// The whole test suite, as `npm test` runs it: type check, unit tests, the production
// build (which fails on broken links and malformed lab files), then the browser tests
// against that build. Ends with one summary line counting every test.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'meshdive-tests-'));
const totals = {passed: 0, failed: 0, skipped: 0};

function run(title, command, args) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {stdio: 'inherit', env: process.env});
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
    return false;
  }
  console.log(`✔ ${title} (${seconds}s)`);
  return true;
}

function vitest(title, config) {
  const report = join(reports, `${title.replace(/\W+/g, '-')}.json`);
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  if (config) args.push('--config', config);
  const ok = run(title, 'npx', args);
  try {
    const {numPassedTests, numFailedTests, numPendingTests, numTodoTests} = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += numPassedTests;
    totals.failed += numFailedTests;
    totals.skipped += numPendingTests + numTodoTests;
  } catch {
    totals.failed += 1; // The runner died before writing its report.
  }
  return ok;
}

const typesOk = run('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
const unitOk = vitest('unit tests');
const buildOk = run('production build', 'npx', ['docusaurus', 'build']);
// The browser tests need the build; without it they would only repeat its failure.
const browserOk = buildOk ? vitest('browser tests', 'vitest.e2e.config.mts') : false;
if (!buildOk) console.error('Browser tests not run: the production build failed.');
const ok = typesOk && unitOk && buildOk && browserOk;

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
