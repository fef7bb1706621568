#!/usr/bin/env node
// The whole test suite, as `npm test` runs it: type check, unit tests, the production
// build (which fails on broken links and malformed lab files), then the browser tests
// against that build. Ends with one summary line counting every stage.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {closingLine, countVitestReport, summarize} from './test-summary.mjs';

// The fewest tests each suite may run: a suite that silently shrinks (a glob that stops
// matching, a describe that skips) fails the run. Raise these as suites grow.
const MINIMUM = {unit: 1300, browser: 75};

const reports = mkdtempSync(join(tmpdir(), 'meshdive-tests-'));

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
  let counts;
  try {
    counts = countVitestReport(JSON.parse(readFileSync(report, 'utf8')));
  } catch {
    counts = {passed: 0, failed: 1, skipped: 0, problems: [`${title}: the runner died before writing its report`]};
  }
  return {ok, counts};
}

const stages = [];
stages.push({title: 'type check', result: {ok: run('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])}});
stages.push({title: 'unit tests', minimum: MINIMUM.unit, result: vitest('unit tests')});
const buildOk = run('production build', 'npx', ['docusaurus', 'build']);
stages.push({title: 'production build', result: {ok: buildOk}});
// The browser tests need the build; without it they would only repeat its failure, so they count as failed.
stages.push({title: 'browser tests', minimum: MINIMUM.browser, result: buildOk ? vitest('browser tests', 'vitest.e2e.config.mts') : undefined});

const totals = summarize(stages);
if (totals.problems.length > 0) console.error(`\n${totals.problems.map((problem) => `✖ ${problem}`).join('\n')}`);
const ok = totals.failed === 0 && stages.every((stage) => stage.result?.ok);
console.log(`\n${closingLine(totals)}`);
process.exit(ok ? 0 : 1);
