/**
 * Runs one command through a real shell and records what it writes, with the
 * time of each chunk, the way asciinema records a terminal: stdout and stderr
 * interleaved as they arrive.
 */
import {spawn} from 'node:child_process';

export interface RecordedRun {
  /** Seconds since the command started, and the text written then. */
  chunks: Array<{time: number; text: string}>;
  output: string;
  exitCode: number;
}

export function runInShell(command: string, options: {shell?: string; cwd?: string; env?: NodeJS.ProcessEnv} = {}): Promise<RecordedRun> {
  const shell = options.shell ?? process.env.SHELL ?? '/bin/sh';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const chunks: RecordedRun['chunks'] = [];
    const child = spawn(shell, ['-c', command], {cwd: options.cwd, env: {...process.env, ...options.env}, stdio: ['ignore', 'pipe', 'pipe']});
    const collect = (data: Buffer): void => {
      chunks.push({time: (performance.now() - started) / 1000, text: data.toString('utf8')});
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({chunks, output: chunks.map((chunk) => chunk.text).join(''), exitCode: code ?? (signal ? 128 : 1)});
    });
  });
}
