/**
 * `meshdive validate --threads N`: a large file's documents are checked on N threads (worker
 * threads running the launcher and bundle), as kubeconform validates on several goroutines; the
 * report is the one a single thread writes, byte for byte, whatever N.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {SHAPES} from '../../scripts/bench/generate-manifest.mjs';
import {privateCliInstall} from '../support/cli-bundle';

const {bin, buildCli} = privateCliInstall('meshdive-threads-');
const directory = mkdtempSync(join(tmpdir(), 'meshdive-threads-input-'));
const findings = join(directory, 'findings.yaml');
const meshApis = join(directory, 'mesh-apis.yaml');

function meshdive(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {encoding: 'utf8', timeout: 120_000, env: {...process.env, MESHDIVE_TRACE: 'threads'}, maxBuffer: 1 << 26});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

beforeAll(async () => {
  await buildCli();
  writeFileSync(findings, SHAPES.findings(800).manifest);
  writeFileSync(meshApis, SHAPES['mesh-apis'](800).manifest);
}, 120_000);

describe('meshdive validate --threads', () => {
  it('writes the one-thread report on two and three threads, text and JSON, and says its workers ran', () => {
    for (const file of [findings, meshApis]) {
      for (const format of ['text', 'json']) {
        const one = meshdive(['validate', '--threads', '1', '--format', format, file]);
        expect(one.stderr).toBe('');
        for (const threads of ['2', '3']) {
          const many = meshdive(['validate', '--threads', threads, '--format', format, file]);
          expect(many.stdout, `${file} --threads ${threads} --format ${format}`).toBe(one.stdout);
          expect(many.status).toBe(one.status);
          expect(many.stderr).toMatch(/^(meshdive: worker \d of \d: \d+ documents checked\n)+$/);
          expect(many.stderr.trim().split('\n')).toHaveLength(Number(threads) - 1);
        }
      }
    }
    expect(meshdive(['validate', '--threads', '1', findings]).stdout).toMatch(/[1-9]\d* errors?, \d+ warnings?(, \d+ info)? in 1 file\n$/);
  }, 240_000);

  it('uses no worker unless asked', () => {
    const small = join(directory, 'small.yaml');
    writeFileSync(small, SHAPES.block(20).manifest);
    expect(meshdive(['validate', small])).toEqual({status: 0, stdout: '0 errors, 0 warnings in 1 file\n', stderr: ''});
    expect(meshdive(['validate', '--threads', '2', small]).stderr).toMatch(/^meshdive: worker 1 of 1: \d+ documents checked\n$/);
  });

  it('refuses a thread count that is not a whole number from 1 to 64', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '65', '0x2']) {
      const run = meshdive(['validate', '--threads', bad, findings]);
      expect(run.status, bad).toBe(2);
      expect(run.stderr).toContain('--threads must be a whole number from 1 to 64');
    }
  });
});
