// npm run bench:validate — throughput and cold start of the validation engine
// (the compiled CLI bundle) against @kubernetes-models/istio's validators, on the
// same generated manifests: 20,000 Istio resources in one file, in four shapes
// (generate-manifest.mjs's SHAPES), and one small VirtualService; and a fifth shape of
// 20,000 Gateway API and Linkerd resources against @kubernetes-models/gateway-api's.
// Prints figures; it asserts nothing.
//
// Every figure is the median of several runs, and the two sides' runs alternate, so
// that load from other processes falls on both alike. Cold figures time the whole
// process, as a shell would: `bin/meshdive.js validate FILE` (started through its shebang, as
// `npx meshdive` starts it, V8 flags included) against
// `node scripts/bench/models-validate.cjs FILE` (js-yaml loadAll, then the matching
// model class's validate() for each resource). For each shape it also gives the process's
// CPU time (user + system) and peak memory (maximum resident set), from GNU time when
// /usr/bin/time is there, else from the process itself (a preloaded module reporting
// process.resourceUsage() at exit). With a context (the namespaces shape), both sides get
// the same files: the engine analyses against the cluster it describes; the models read
// and parse it too, and validate the resources they have a model for (none: Services,
// Deployments and Namespaces are not Istio kinds). The Gateway API and Linkerd shape
// (mesh-apis) has its own peer, @kubernetes-models/gateway-api, driven the same way
// (gateway-models-validate.mjs); it has models for the Gateway API's kinds only, so Linkerd's
// documents are parsed but not validated there, which the output says.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {availableParallelism, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {generateManifest, SHAPES, smallVirtualService} from './generate-manifest.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 20_000);
// BENCH_RESOURCES, BENCH_COLD_RUNS, BENCH_WARM_RUNS: smaller runs while working on it; BENCH_USAGE=process: no GNU time;
// BENCH_SHAPES=findings,block: only the per-shape table, for those shapes, in that order (a shape's
// figures can depend on what ran before it on this machine: compare mesh-apis,block with block,mesh-apis).
const ONLY_SHAPES = process.env.BENCH_SHAPES?.split(',').filter(Boolean);
for (const name of ONLY_SHAPES ?? []) if (!(name in SHAPES)) throw new Error(`BENCH_SHAPES: no shape ${name} (${Object.keys(SHAPES).join(', ')})`);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 7);
// BENCH_EACH_RUN=1: every shape run's figures and the load average as it ends, to see drift within a run.
const EACH_RUN = process.env.BENCH_EACH_RUN === '1';
const SMALL_ITERATIONS = 2000;
/** The CLI as users start it: the bin script, executed, so that its shebang's node flags apply. */
const MESHDIVE = join(root, 'bin/meshdive.js');
/** Each shape's peer: @kubernetes-models/istio's validators, or the Gateway API's for the mesh-apis shape. */
const PEERS = {
  istio: {script: 'scripts/bench/models-validate.cjs', name: '@kubernetes-models/istio'},
  gateway: {script: 'scripts/bench/gateway-models-validate.mjs', name: '@kubernetes-models/gateway-api'},
};
const peerOf = (shape) => (shape === 'mesh-apis' ? PEERS.gateway : PEERS.istio);

/** Wall time of a whole process, in ms; it must exit 0 (valid) or 1 (findings), as both validators do. */
function run(command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {cwd: root, encoding: 'utf8', maxBuffer: 1 << 30});
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr || result.stdout.slice(0, 500)}`);
  return ms;
}

/** How a run's CPU time and peak memory are taken: GNU time's -f, or a module preloaded into the process. */
const GNU_TIME = '/usr/bin/time';
const useGnuTime = process.env.BENCH_USAGE !== 'process' && existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%U', 'true'], {encoding: 'utf8'}).status === 0;

/**
 * A whole process's wall time (ms), CPU time (user + system, ms) and peak resident memory (MB);
 * it must exit 0 or 1, as both validators do.
 */
function measure(command, args, dir) {
  const report = join(dir, 'usage.txt');
  rmSync(report, {force: true});
  let ms;
  let result;
  if (useGnuTime) {
    const started = process.hrtime.bigint();
    result = spawnSync(GNU_TIME, ['-o', report, '-f', '%U %S %M', command, ...args], {cwd: root, encoding: 'utf8', maxBuffer: 1 << 30});
    ms = Number(process.hrtime.bigint() - started) / 1e6;
  } else {
    const env = {...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(root, 'scripts/bench/report-usage.cjs')}`, BENCH_USAGE_FILE: report};
    const started = process.hrtime.bigint();
    result = spawnSync(command, args, {cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env});
    ms = Number(process.hrtime.bigint() - started) / 1e6;
  }
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr || result.stdout.slice(0, 500)}`);
  // GNU time writes a "Command exited with non-zero status" line first when the exit code is 1.
  const [user, system, maxKb] = readFileSync(report, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return {ms, cpuMs: (user + system) * 1000, peakMb: maxKb / 1024, output: result.stdout};
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs each measurement `times` times, alternating between them; returns their medians. */
function alternate(times, ...measurements) {
  const samples = measurements.map(() => []);
  for (let i = 0; i < times; i++) measurements.forEach((measure, j) => samples[j].push(measure()));
  return samples.map(median);
}

function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

function printShapes(shapeRows, shapeNotes, peerNotes) {
  console.log(`\nWhole process per shape, ${fmt(RESOURCES)} resources (${shapeNotes.join('; ')}), measured with ${useGnuTime ? 'GNU time' : 'process.resourceUsage() at exit'}:`);
  printTable([
    ['', 'wall ms', '', '', 'CPU ms', '', '', 'peak MB', '', ''],
    ['shape', 'engine', 'models', 'speed', 'engine', 'models', 'speed', 'engine', 'models', 'memory'],
    ...shapeRows,
  ]);
  console.log('(speed: models ÷ engine, > 1 when the engine is faster; memory: engine ÷ models, < 1 when it uses less)');
  for (const note of peerNotes) console.log(note);
}

function timeInProcess(fn) {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});

const build = spawnSync(process.execPath, ['scripts/cli/build.mjs'], {cwd: root, encoding: 'utf8'});
if (build.status !== 0) throw new Error(`npm run build:cli failed: ${build.stderr || build.stdout}`);
const dir = mkdtempSync(join(tmpdir(), 'meshdive-bench-'));
try {
  const big = join(dir, 'big.yaml');
  const small = join(dir, 'small.yaml');
  const bigText = generateManifest(RESOURCES);
  const smallText = smallVirtualService();
  writeFileSync(big, bigText);
  writeFileSync(small, smallText);
  console.log(`manifest: ${fmt(RESOURCES)} resources, ${fmt(statSync(big).size / 1e6, 1)} MB; small: ${statSync(small).size} bytes (in ${dir})`);
  console.log(`node ${process.version}, ${availableParallelism()} cores; medians of ${COLD_RUNS} cold and ${WARM_RUNS} warm runs, alternating engine and models`);

  // Cold first, while this process is still small: whole processes, as a user runs them.
  // The third column: the same CLI under plain `node`, without the shebang's V8 flags, for comparison.
  const [engineColdBig, modelsColdBig, engineDefaultsColdBig] = ONLY_SHAPES ? [] : alternate(COLD_RUNS,
    () => run(MESHDIVE, ['validate', big]),
    () => run(process.execPath, ['scripts/bench/models-validate.cjs', big]),
    () => run(process.execPath, ['bin/meshdive.js', 'validate', big]));
  const [engineColdSmall, modelsColdSmall] = ONLY_SHAPES ? [] : alternate(COLD_RUNS,
    () => run(MESHDIVE, ['validate', small]),
    () => run(process.execPath, ['scripts/bench/models-validate.cjs', small]));

  // Each shape, whole process: wall time, CPU time and peak memory of both sides.
  const shapeRows = [];
  const shapeNotes = [];
  const peerNotes = [];
  for (const name of ONLY_SHAPES ?? Object.keys(SHAPES)) {
    const make = SHAPES[name];
    const {manifest, context} = make(RESOURCES);
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, manifest);
    const extra = [];
    if (context !== undefined) {
      writeFileSync(join(dir, `${name}.context.yaml`), context);
      extra.push('--context', join(dir, `${name}.context.yaml`));
    }
    const engineRuns = [];
    const modelRuns = [];
    const peer = peerOf(name);
    for (let i = 0; i < COLD_RUNS; i++) {
      engineRuns.push(measure(MESHDIVE, ['validate', file, ...extra], dir));
      modelRuns.push(measure(process.execPath, [peer.script, file, ...extra], dir));
      if (EACH_RUN) console.log(`  ${name} run ${i + 1}: engine ${fmt(engineRuns[i].ms)} ms wall, ${fmt(engineRuns[i].cpuMs)} ms CPU; models ${fmt(modelRuns[i].ms)} ms wall, ${fmt(modelRuns[i].cpuMs)} ms CPU; load ${fmt(loadavg()[0], 2)}`);
    }
    if (peer !== PEERS.istio) peerNotes.push(`${name}: the models side is ${peer.name} (${modelRuns[0].output.trim()}; it has no models for Linkerd's kinds)`);
    const med = (runs, field) => median(runs.map((r) => r[field]));
    const e = {ms: med(engineRuns, 'ms'), cpuMs: med(engineRuns, 'cpuMs'), peakMb: med(engineRuns, 'peakMb')};
    const m = {ms: med(modelRuns, 'ms'), cpuMs: med(modelRuns, 'cpuMs'), peakMb: med(modelRuns, 'peakMb')};
    shapeRows.push([name, fmt(e.ms), fmt(m.ms), fmt(m.ms / e.ms, 2), fmt(e.cpuMs), fmt(m.cpuMs), fmt(m.cpuMs / e.cpuMs, 2), fmt(e.peakMb), fmt(m.peakMb), fmt(e.peakMb / m.peakMb, 2)]);
    shapeNotes.push(`${name}: ${fmt(statSync(file).size / 1e6, 1)} MB${context === undefined ? '' : ` and a ${fmt(statSync(extra[1]).size / 1e6, 1)} MB context`}`);
    rmSync(file);
  }

  if (ONLY_SHAPES) printShapes(shapeRows, shapeNotes, peerNotes);
  else {
    const {validateYaml} = require(join(root, 'dist/meshdive.js'));
    const {validateWithModels} = require('./models-validate.cjs');

    // Warm both once so throughput measures steady state, not first compilation.
    const engineCheck = validateYaml(bigText, {maxBytes: 64 << 20});
    const errors = engineCheck.diagnostics.filter((d) => d.severity === 'error').length;
    const modelCheck = validateWithModels(bigText);

    const [engineMs, modelsMs] = alternate(WARM_RUNS,
      () => timeInProcess(() => validateYaml(bigText, {maxBytes: 64 << 20})),
      () => timeInProcess(() => validateWithModels(bigText)));
    const perDocumentUs = (fn) => (timeInProcess(() => { for (let i = 0; i < SMALL_ITERATIONS; i++) fn(smallText); }) / SMALL_ITERATIONS) * 1000;
    perDocumentUs(validateYaml);
    perDocumentUs(validateWithModels);
    const [engineSmallUs, modelsSmallUs] = alternate(WARM_RUNS, () => perDocumentUs(validateYaml), () => perDocumentUs(validateWithModels));

    const perSecond = (ms) => (RESOURCES / ms) * 1000;
    const rows = [
      ['', 'meshdive engine', '@kubernetes-models/istio', 'engine speed ÷ models speed'],
      ['documents per second, whole process (cold)', fmt(perSecond(engineColdBig)), fmt(perSecond(modelsColdBig)), fmt(modelsColdBig / engineColdBig, 2)],
      ['documents per second, in process (warm)', fmt(perSecond(engineMs)), fmt(perSecond(modelsMs)), fmt(modelsMs / engineMs, 2)],
      [`${fmt(RESOURCES)} resources, whole process (cold, ms)`, fmt(engineColdBig), fmt(modelsColdBig), fmt(modelsColdBig / engineColdBig, 2)],
      ['  the same, `node bin/meshdive.js` (V8 defaults)', fmt(engineDefaultsColdBig), fmt(modelsColdBig), fmt(modelsColdBig / engineDefaultsColdBig, 2)],
      [`${fmt(RESOURCES)} resources, in process (warm, ms)`, fmt(engineMs), fmt(modelsMs), fmt(modelsMs / engineMs, 2)],
      ['small VirtualService, whole process (cold, ms)', fmt(engineColdSmall), fmt(modelsColdSmall), fmt(modelsColdSmall / engineColdSmall, 2)],
      ['small VirtualService, in process (warm, µs)', fmt(engineSmallUs, 1), fmt(modelsSmallUs, 1), fmt(modelsSmallUs / engineSmallUs, 2)],
    ];
    printTable(rows);
    console.log('(speed ratio > 1: the engine is faster; < 1: slower)');

    printShapes(shapeRows, shapeNotes, peerNotes);
    console.log(`\nengine: ${errors} errors in the manifest; models: ${modelCheck.invalid} of ${modelCheck.documents} documents rejected.`);
    console.log('Beyond the OpenAPI schema both check, the engine rejects unknown fields, checks metadata, Istio webhook');
    console.log('rules, CEL rules and cross-resource references, and reports line and column for each finding.');
  }
} finally {
  rmSync(dir, {recursive: true, force: true});
}
