import {vi} from 'vitest';
import {runRoute} from '../../src/cli/commands/route';

/** `meshdive route ARGS` run in this process, its stdout and stderr captured as the terminal would show them. */
export async function routeInProcess(args: string[]): Promise<{status: number; stdout: string; stderr: string}> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const status = await runRoute(args);
    return {status, stdout, stderr};
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
