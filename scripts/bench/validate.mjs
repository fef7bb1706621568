// npm run bench:validate — throughput and cold start of the validation engine
// (the compiled CLI bundle) against @kubernetes-models/istio's validators, on the
// same generated manifest: 20,000 Istio resources in one file, and one small
// VirtualService. Prints figures; it asserts nothing.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {generateManifest, smallVirtualService} from './generate-manifest.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
const RESOURCES = 20_000;

function run(command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {cwd: root, encoding: 'utf8', maxBuffer: 1 << 30});
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr || result.stdout.slice(0, 500)}`);
  return ms;
}

/** Best of a few runs: the figure least disturbed by other load on the machine. */
function best(times, fn) {
  let min = Infinity;
  for (let i = 0; i < times; i++) min = Math.min(min, fn());
  return min;
}

function timeInProcess(fn) {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});

run(process.execPath, ['scripts/cli/build.mjs']);
const dir = mkdtempSync(join(tmpdir(), 'meshdive-bench-'));
try {
  const big = join(dir, 'big.yaml');
  const small = join(dir, 'small.yaml');
  const bigText = generateManifest(RESOURCES);
  writeFileSync(big, bigText);
  writeFileSync(small, smallVirtualService());
  console.log(`manifest: ${fmt(RESOURCES)} resources, ${fmt(statSync(big).size / 1e6, 1)} MB; small: ${statSync(small).size} bytes (in ${dir})`);

  const {validateYaml} = require(join(root, 'dist/meshdive.js'));
  const {validateWithModels} = require('./models-validate.cjs');

  // Warm both once so throughput measures steady state, not first compilation.
  const engineCheck = validateYaml(bigText, {maxBytes: 64 << 20});
  const errors = engineCheck.diagnostics.filter((d) => d.severity === 'error').length;
  const modelCheck = validateWithModels(bigText);

  const engineMs = best(3, () => timeInProcess(() => validateYaml(bigText, {maxBytes: 64 << 20})));
  const modelsMs = best(3, () => timeInProcess(() => validateWithModels(bigText)));
  const smallText = smallVirtualService();
  const engineSmallUs = (timeInProcess(() => { for (let i = 0; i < 1000; i++) validateYaml(smallText); }) / 1000) * 1000;
  const modelsSmallUs = (timeInProcess(() => { for (let i = 0; i < 1000; i++) validateWithModels(smallText); }) / 1000) * 1000;

  const engineColdBig = best(3, () => run(process.execPath, ['bin/meshdive.js', 'validate', big]));
  const modelsColdBig = best(3, () => run(process.execPath, ['scripts/bench/models-validate.cjs', big]));
  const engineColdSmall = best(5, () => run(process.execPath, ['bin/meshdive.js', 'validate', small]));
  const modelsColdSmall = best(5, () => run(process.execPath, ['scripts/bench/models-validate.cjs', small]));

  const rows = [
    ['', 'meshdive engine', '@kubernetes-models/istio', 'engine speed ÷ models speed'],
    ['documents per second (warm, in process)', fmt((RESOURCES / engineMs) * 1000), fmt((RESOURCES / modelsMs) * 1000), fmt(modelsMs / engineMs, 2)],
    ['20,000 resources, warm (ms)', fmt(engineMs), fmt(modelsMs), fmt(modelsMs / engineMs, 2)],
    ['small VirtualService, warm (µs)', fmt(engineSmallUs, 1), fmt(modelsSmallUs, 1), fmt(modelsSmallUs / engineSmallUs, 2)],
    ['cold start, whole process, big file (ms)', fmt(engineColdBig), fmt(modelsColdBig), fmt(modelsColdBig / engineColdBig, 2)],
    ['cold start, whole process, small file (ms)', fmt(engineColdSmall), fmt(modelsColdSmall), fmt(modelsColdSmall / engineColdSmall, 2)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  console.log('(speed ratio > 1: the engine is faster; < 1: slower)');
  console.log(`\nengine: ${errors} errors in the manifest; models: ${modelCheck.invalid} of ${modelCheck.documents} documents rejected.`);
  console.log('The engine also checks metadata, Istio webhook rules, CEL rules and cross-resource references, and reports positions.');
} finally {
  rmSync(dir, {recursive: true, force: true});
}
