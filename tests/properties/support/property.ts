/**
 * How every property of this folder runs: fast-check with a fixed seed (the same cases on
 * every machine and every run), a bounded number of runs, and on failure a message that
 * leads with the seed, the path and the command that replays the exact counterexample.
 *
 *   MESHDIVE_PROPERTY_SEED=N   another seed (explore: a random one each run with `random`)
 *   MESHDIVE_PROPERTY_PATH=P   replay the failing case at path P (printed with the failure)
 *   MESHDIVE_PROPERTY_RUNS=N   runs per property instead of each property's own number
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_125;

function seedFromEnv(): number {
  const text = process.env.MESHDIVE_PROPERTY_SEED;
  if (text === undefined || text === '') return DEFAULT_SEED;
  if (text === 'random') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`MESHDIVE_PROPERTY_SEED must be an integer or "random", got ${JSON.stringify(text)}`);
  return seed;
}

export const PROPERTY_SEED = seedFromEnv();

/**
 * After a failure fast-check shrinks the counterexample; a failing case that runs into the
 * hang bound costs the whole bound each time, so shrinking stops after this budget and the
 * smallest counterexample found so far is reported.
 */
const PROPERTY_TIME_BUDGET_MS = 30_000;

export interface PropertyOptions {
  /** Runs of this property (kept small: the whole folder must stay well under a minute on 2 cores). */
  numRuns: number;
}

/** A vitest timeout for a property test: its time budget plus one case bound, with room to report. */
export const PROPERTY_TEST_TIMEOUT_MS = PROPERTY_TIME_BUDGET_MS + 30_000;

/**
 * Checks a property; on failure throws an Error whose message starts with the seed and
 * replay path, then fast-check's report (counterexample, shrinks, the error).
 */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IPropertyWithHooks<Ts>, options: PropertyOptions): void {
  const runs = process.env.MESHDIVE_PROPERTY_RUNS ? Number(process.env.MESHDIVE_PROPERTY_RUNS) : options.numRuns;
  const path = process.env.MESHDIVE_PROPERTY_PATH || undefined;
  const details = fc.check(property, {
    seed: PROPERTY_SEED,
    path,
    numRuns: runs,
    interruptAfterTimeLimit: PROPERTY_TIME_BUDGET_MS,
  });
  if (!details.failed) return;
  const replay = details.counterexamplePath === null ? '' : ` MESHDIVE_PROPERTY_PATH=${details.counterexamplePath}`;
  const report = fc.defaultReportMessage(details) ?? '';
  const escaped = details.counterexample === null ? '' : `\nCounterexample, control and invisible characters escaped: ${visible(details.counterexample)}`;
  const error = new Error(
    `Property failed with seed ${details.seed}${details.counterexamplePath === null ? '' : `, path ${details.counterexamplePath}`}` +
    ` (replay: MESHDIVE_PROPERTY_SEED=${details.seed}${replay} npx vitest run <this file>)\n${report}${escaped}`,
  );
  // The engine's own error (with its stack from the worker) is the useful one.
  if (details.errorInstance instanceof Error) error.cause = details.errorInstance;
  throw error;
}

/** JSON with control, format and lone-surrogate characters as `\u` escapes, long strings shortened: a counterexample as it really is. */
export function visible(value: unknown): string {
  const json = JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}… (${v.length} characters)` : v)) ?? String(value);
  return json.replace(/[\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
