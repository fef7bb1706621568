/**
 * Reference material in ../shared, beside the checkout. A user's clone has no ../shared, so
 * tests that read it skip there, loudly. CI always has it: under CI a missing file is a
 * failure, because a skip would let a suite silently stop proving anything.
 */
import {existsSync} from 'node:fs';
import {resolve} from 'node:path';

export const SHARED_ROOT = resolve(__dirname, '../../../shared');

export interface SharedFile {
  path: string;
  available: boolean;
  /** Why the tests that need it are skipped, when it is absent. */
  reason: string;
}

/** True when running under CI (`CI=true`, as .ci/run is started), where ../shared must exist. */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Locates `relative` under ../shared (or at `override`, for runs that point elsewhere). Absent:
 * throws under CI, otherwise warns once and returns `available: false` for `describe.skipIf`.
 */
export function sharedFile(relative: string, what: string, override?: string, env: NodeJS.ProcessEnv = process.env): SharedFile {
  const path = override ? resolve(override) : resolve(SHARED_ROOT, relative);
  const available = existsSync(path);
  const reason = `${what} not found at ${path} (it lives in ../shared beside the project checkout)`;
  if (!available) {
    if (underCi(env)) throw new Error(`${reason}. CI runs with ../shared beside the checkout, so these tests must not skip there.`);
    console.warn(`SKIPPED: ${reason}`);
  }
  return {path, available, reason};
}
