/**
 * Calls to the engine's faces with a hang bound that really interrupts. A runaway regex
 * or a quadratic loop in synchronous code would block the test thread for ever (no test
 * timeout can preempt it), so each call runs in a worker thread: the test thread waits on
 * shared memory for at most the bound, then terminates the worker and fails the case.
 * A fresh worker serves the next call. The worker's heap is capped, so an input that
 * makes the engine allocate without end fails the case instead of the machine.
 *
 * The worker runs faces.ts bundled by esbuild (Node 20 workers take no TypeScript loader),
 * built once and reused by every test file while its inputs are unchanged.
 */
import {buildSync} from 'esbuild';
import {mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {MessageChannel, receiveMessageOnPort, Worker, type MessagePort} from 'node:worker_threads';
import type {FaceAnswer} from './face-worker';
import type {FaceName, Faces} from './faces';

/**
 * One case's bound: runaway work (exponential backtracking, quadratic output) takes far
 * longer; a normal case takes milliseconds, so a loaded CI machine stays far below it.
 */
export const CASE_TIME_BOUND_MS = 5_000;
/** For the hostile inputs at full size (20,000 VirtualServices, a 200 KB line): normally well under a second. */
export const LARGE_CASE_TIME_BOUND_MS = 15_000;
/** Loading the bundled engine in a fresh worker. */
const STARTUP_BOUND_MS = 60_000;
/** Heap of the worker: far above what any case needs, far below what would endanger the machine. */
const WORKER_HEAP_MB = 1536;

export class CaseTimeBoundError extends Error {
  override name = 'CaseTimeBoundError';
}

export class FaceError extends Error {
  override name = 'FaceError';
}

/**
 * The bundled worker, built once for all test files: kept in the temporary directory and
 * rebuilt when any of its inputs (sources or dependencies) is newer than it.
 */
const CACHE_DIR = join(tmpdir(), 'meshdive-properties-worker');
const BUNDLE = join(CACHE_DIR, 'face-worker.mjs');
const INPUTS = join(CACHE_DIR, 'face-worker.inputs.json');

function upToDate(): boolean {
  try {
    const built = statSync(BUNDLE).mtimeMs;
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8')) as string[];
    return inputs.every((input) => statSync(input).mtimeMs < built);
  } catch {
    return false;
  }
}

let bundled = false;
function bundle(): string {
  if (bundled || upToDate()) {
    bundled = true;
    return BUNDLE;
  }
  // Built aside, then renamed into place: test files running at once never see half a bundle.
  mkdirSync(CACHE_DIR, {recursive: true});
  const staging = mkdtempSync(join(CACHE_DIR, 'build-'));
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL('./face-worker.ts', import.meta.url))],
    outfile: join(staging, 'face-worker.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
    // CommonJS dependencies bundled into ESM call require() for Node built-ins.
    banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(input));
  writeFileSync(join(staging, 'inputs.json'), JSON.stringify(inputs));
  renameSync(join(staging, 'face-worker.mjs.map'), `${BUNDLE}.map`);
  renameSync(join(staging, 'inputs.json'), INPUTS);
  renameSync(join(staging, 'face-worker.mjs'), BUNDLE);
  rmSync(staging, {recursive: true, force: true});
  bundled = true;
  return BUNDLE;
}

interface Running {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let running: Running | undefined;

/**
 * Waits for the worker's next answer for at most `ms`; undefined when it does not come
 * (hang, crash or out of memory). The worker posts its answer, then counts up `signal`
 * and notifies; waiting in short slices also catches an answer whose notification came
 * before the wait began, and gives up on a worker that died at the deadline.
 */
function awaitAnswer(current: Running, ms: number): FaceAnswer | undefined {
  const deadline = performance.now() + ms;
  for (;;) {
    const seen = Atomics.load(current.signal, 0);
    const message = receiveMessageOnPort(current.port);
    if (message) return message.message as FaceAnswer;
    const left = deadline - performance.now();
    if (left <= 0) return undefined;
    Atomics.wait(current.signal, 0, seen, Math.min(left, 5));
  }
}

function stop(current: Running): void {
  void current.worker.terminate();
  current.port.close();
  if (running === current) running = undefined;
}

function start(): Running {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const {port1, port2} = new MessageChannel();
  const worker = new Worker(bundle(), {
    workerData: {signal, port: port2},
    transferList: [port2],
    resourceLimits: {maxOldGenerationSizeMb: WORKER_HEAP_MB},
    // Stacks of the engine's exceptions point into the sources, not the bundle.
    execArgv: ['--enable-source-maps'],
    stderr: false,
  });
  // A worker that dies (out of memory) must not take the test process with it: its answer simply never comes.
  worker.on('error', () => {});
  const current = {worker, port: port1, signal};
  const ready = awaitAnswer(current, STARTUP_BOUND_MS);
  if (!ready?.ok) {
    stop(current);
    throw new Error(`the property-test worker did not start: ${ready && !ready.ok ? ready.error.message : 'no answer'}`);
  }
  return current;
}

/** Stops the worker (at the end of a test file, so the process can exit). */
export function stopFaces(): void {
  if (running) stop(running);
}

function shorten(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}… (${v.length} characters)` : v));
  return text === undefined ? String(value) : text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/**
 * Runs one face in the worker and returns its result. Throws CaseTimeBoundError when the
 * face does not answer within `timeBoundMs` (the worker is then replaced), FaceError
 * when the face threw (an exception escaped the engine).
 */
export function callFace<F extends FaceName>(face: F, args: Parameters<Faces[F]>, timeBoundMs = CASE_TIME_BOUND_MS): ReturnType<Faces[F]> {
  running ??= start();
  const current = running;
  current.port.postMessage({face, args});
  const answer = awaitAnswer(current, timeBoundMs);
  if (!answer) {
    stop(current);
    throw new CaseTimeBoundError(`${face}(${args.map(shorten).join(', ')}) did not finish within ${timeBoundMs} ms (runaway work, or the worker ran out of its ${WORKER_HEAP_MB} MB heap)`);
  }
  if (!answer.ok) {
    throw new FaceError(`${face} threw ${answer.error.name}: ${answer.error.message}\n${answer.error.stack ?? ''}`);
  }
  return answer.value as ReturnType<Faces[F]>;
}
