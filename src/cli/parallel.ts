/**
 * A large file checked on more than one thread, as kubeconform validates on several goroutines.
 *
 * This thread reads every document (analysis needs all of them) and checks the first share;
 * worker threads, each running the bundle through the launcher (bin/meshdive.js, with its code
 * cache), check the others (engine `checkShare`), and `finish` merges their located findings
 * in document order: the report is the one a single thread writes. A worker that fails or
 * dies leaves its documents to this thread, so nothing is lost, only time.
 */
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads';
import {checkShare, shareBoundaries, startValidation, validateYaml, type DocumentCheck, type ValidateOptions, type ValidationResult} from '../engine/index';

/**
 * Checking a document (schema, CEL, metadata, webhooks) costs several times reading it (6, measured cold on the bench shapes).
 * This thread reads every document and then analyses, so it keeps the share that ends its
 * checks when the workers end theirs: f where R + f·C = (R + C)(1 − f)/(n − 1).
 */
const CHECK_TO_READ = 6;

interface ShareRequest {
  text: string;
  from: number;
  to: number;
  limits: Pick<ValidateOptions, 'maxBytes' | 'maxDepth' | 'maxExpandedNodes'>;
}

type ShareReply = {checks: DocumentCheck[]} | {error: string};

/** The launcher the workers run (bin/meshdive.js), when the CLI runs from its bundle; else no workers. */
let launcher: string | undefined;

export function useLauncher(path: string | undefined): void {
  launcher = path;
}

/**
 * How many threads check a text of this many characters: one unless asked. On the project's
 * 2-core machine two threads were slower, not faster (README, "Tried and measured"): the two
 * isolates contend for the cores' caches and memory bandwidth, and each reads its share again.
 * On machines with more cores `--threads` may pay; it is not the default until measured so.
 */
export function threadsFor(requested: number | undefined): number {
  return launcher === undefined || requested === undefined ? 1 : requested;
}

/** validateYaml on `threads` threads; the same result. */
export async function validateOnThreads(text: string, options: ValidateOptions, threads: number): Promise<ValidationResult> {
  if (threads <= 1 || launcher === undefined) return validateYaml(text, options);
  const workers = threads - 1;
  const perWorker = (1 + CHECK_TO_READ) / workers;
  const own = Math.min(0.9, Math.max(0.1, (perWorker - 1) / (CHECK_TO_READ + perWorker)));
  const cuts = shareBoundaries(text, [own, ...Array<number>(workers).fill((1 - own) / workers)]);
  const limits = {maxBytes: options.maxBytes, maxDepth: options.maxDepth, maxExpandedNodes: options.maxExpandedNodes};
  const replies = cuts.map((from, i) => checkElsewhere(launcher!, {text, from, to: cuts[i + 1] ?? text.length, limits}));
  // Synchronous: the workers run meanwhile on their own threads; their replies wait in the queue.
  const begun = startValidation(text, options, cuts[0] ?? text.length);
  const checks = await Promise.all(replies);
  // MESHDIVE_TRACE=threads: what each worker did, for tests and for anyone wondering whether they ran.
  if (process.env.MESHDIVE_TRACE === 'threads') {
    for (const [i, list] of checks.entries()) process.stderr.write(`meshdive: worker ${i + 1} of ${workers}: ${list === undefined ? 'failed; its share was checked here' : `${list.length} documents checked`}\n`);
  }
  return begun.finish(checks.flatMap((list) => list ?? []));
}

/** One worker's checks of a share, or undefined if it failed (its documents are then checked here). */
function checkElsewhere(file: string, request: ShareRequest): Promise<DocumentCheck[] | undefined> {
  if (request.from >= request.to) return Promise.resolve([]);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(file, {workerData: request, stdout: true, stderr: true});
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (reply: ShareReply) => {
      resolve('checks' in reply ? reply.checks : undefined);
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

/** Whether this thread is a worker started by checkElsewhere. */
export function isShareWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && typeof (workerData as ShareRequest).text === 'string';
}

/** A worker's whole life: check its share and post the checks. */
export function serveShare(): void {
  const {text, from, to, limits} = workerData as ShareRequest;
  let reply: ShareReply;
  try {
    reply = {checks: checkShare(text, from, to, limits)};
  } catch (error) {
    reply = {error: error instanceof Error ? error.message : String(error)};
  }
  parentPort!.postMessage(reply);
}
