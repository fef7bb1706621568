/**
 * The CLI's text output, and the CLI on hostile invocations. Text output goes to terminals:
 * whatever names, hosts and values the YAML carries (YAML escapes make ESC, BEL, CR, C1),
 * each report is one line `file:line:column: severity code: message` without a raw control
 * or bidi-override character. Hostile invocations (endless or empty input, symlinked and
 * empty contexts) end in bounded time with an exit status and a message, never a hang or
 * an internal error.
 */
import {buildSync} from 'esbuild';
import fc from 'fast-check';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, openSync, closeSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Diagnostic} from '../../src/engine/index';
import {HOSTILE_YAML} from './hostile-inputs';
import {trapText} from './support/arbitraries';
import {callFace, stopFaces} from './support/bounded';
import {rawControlIn} from './support/invariants';
import {checkProperty, PROPERTY_TEST_TIMEOUT_MS} from './support/property';

afterAll(stopFaces);

/** Raw control characters and the bidi overrides that reorder what a reader sees. */
function unsafeIn(text: string): string | undefined {
  return rawControlIn(text) ?? (/[\u202a-\u202e\u2066-\u2069]/u.test(text) ? `a bidi override in ${JSON.stringify(text.slice(0, 80))}` : undefined);
}

/** `[^\n]`, not `.`: U+2028 is no line break for a terminal. */
const REPORT_LINE = /^[^\n]+:\d+:\d+: (?:error|warning|info) \S+: [^\n]*$/;
const SUMMARY_LINE = /^\d+ errors?, \d+ warnings?(?:, \d+ info)? in \d+ files?$/;

const diagnostic: fc.Arbitrary<Diagnostic> = fc.record({
  severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
  code: fc.constantFrom('IST0101', 'type', 'unknown-field'),
  message: fc.oneof(trapText, fc.string({unit: 'binary', maxLength: 40}), fc.constantFrom('a\u202eb', '\u001b]0;title\u0007', 'line\nbreak', 'tab\there')),
  path: fc.constant('/spec'),
  document: fc.nat({max: 3}),
  range: fc.record({start: fc.record({line: fc.integer({min: 1, max: 99}), column: fc.integer({min: 1, max: 99})}), end: fc.record({line: fc.integer({min: 1, max: 99}), column: fc.integer({min: 1, max: 99})})}),
});
const fileName = fc.oneof(fc.constantFrom('vs.yaml', 'dir/vs.yaml', '<stdin>'), trapText.map((t) => `${t}.yaml`));

describe('meshdive validate: text output', () => {
  it('prints one safe report line per diagnostic and a summary, whatever the messages and file names carry', () => {
    checkProperty(fc.property(fc.array(fc.record({file: fileName, diagnostics: fc.array(diagnostic, {maxLength: 4})}), {minLength: 1, maxLength: 3}), (reports) => {
      const text = callFace('cliText', [reports]);
      expect(unsafeIn(text), 'the text output carries a raw control character').toBeUndefined();
      const lines = text.replace(/\n$/, '').split('\n');
      const count = reports.reduce((sum, r) => sum + r.diagnostics.length, 0);
      expect(lines, 'a message or file name broke a report into several lines').toHaveLength(count + 1);
      for (const line of lines.slice(0, -1)) expect(line).toMatch(REPORT_LINE);
      expect(lines.at(-1)).toMatch(SUMMARY_LINE);
    }), {numRuns: 100});
  }, PROPERTY_TEST_TIMEOUT_MS);

  it.each(HOSTILE_YAML.filter((input) => !input.large).map((input) => [input.name, input] as const))('%s: the report is safe to print', (_, input) => {
    const text = callFace('cliValidateText', ['input.yaml', input.text]);
    expect(unsafeIn(text)).toBeUndefined();
    for (const line of text.replace(/\n$/, '').split('\n').slice(0, -1)) expect(line).toMatch(REPORT_LINE);
  });
});

describe('meshdive on hostile invocations', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  let work: string;
  let bundle: string;

  const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n';
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  selector: {app: reviews}\n  ports: [{name: http, port: 9080}]\n';

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'meshdive-hostile-cli-'));
    bundle = join(work, 'meshdive.cjs');
    writeFileSync(join(work, 'vs.yaml'), vs);
    buildSync({entryPoints: [fileURLToPath(new URL('./support/cli-entry.ts', import.meta.url))], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error'});
  });
  afterAll(() => rmSync(work, {recursive: true, force: true}));

  /** An invocation's bound: starting the CLI and reading its limit of input take a second or two. */
  const INVOCATION_BOUND_MS = 20_000;
  function meshdive(args: string[], stdin: 'ignore' | number | string = 'ignore') {
    const result = spawnSync(process.execPath, [bundle, ...args], {
      cwd: root, encoding: 'utf8', timeout: INVOCATION_BOUND_MS, killSignal: 'SIGKILL', maxBuffer: 64 << 20,
      ...(typeof stdin === 'string' && stdin !== 'ignore' ? {input: stdin} : {stdio: [stdin, 'pipe', 'pipe']}),
    });
    return {status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? ''};
  }
  /** Ended by itself (not killed at the bound), with a status and no internal error. */
  function expectEnded(result: ReturnType<typeof meshdive>): void {
    expect(result.signal, `killed after ${INVOCATION_BOUND_MS} ms: the CLI did not end`).toBeNull();
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).not.toContain('unhandled');
  }

  it('stops reading /dev/zero at the size limit and says so (exit 2)', () => {
    const result = meshdive(['validate', '--max-bytes', '1000000', '/dev/zero']);
    expectEnded(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('/dev/zero');
  }, INVOCATION_BOUND_MS + 5_000);

  it('stops reading an endless standard input at the size limit and says so (exit 2)', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const result = meshdive(['validate', '--max-bytes', '1000000', '-'], zero);
      expectEnded(result);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('<stdin>');
    } finally {
      closeSync(zero);
    }
  }, INVOCATION_BOUND_MS + 5_000);

  it('answers an empty standard input at once, as kubectl does: no objects (exit 1)', () => {
    const result = meshdive(['validate', '-'], '');
    expectEnded(result);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^<stdin>:1:1: error \S+: no objects/);
  }, INVOCATION_BOUND_MS + 5_000);

  it('reads a context file through a symlink rather than skipping it (its Service is found)', () => {
    const real = join(work, 'real');
    const context = join(work, 'linked-context');
    mkdirSync(real, {recursive: true});
    mkdirSync(context, {recursive: true});
    writeFileSync(join(real, 'service.yaml'), service);
    symlinkSync(join(real, 'service.yaml'), join(context, 'service.yaml'));
    const result = meshdive(['validate', '--context', context, join(work, 'vs.yaml')]);
    expectEnded(result);
    expect(result.stdout, 'the Service behind the symlink was not read').not.toContain('IST0101');
  }, INVOCATION_BOUND_MS + 5_000);

  it('ends on a context directory with a symlink loop and one to /dev/zero', () => {
    const context = join(work, 'loop-context');
    mkdirSync(context, {recursive: true});
    writeFileSync(join(context, 'service.yaml'), service);
    symlinkSync('.', join(context, 'loop'));
    symlinkSync('/dev/zero', join(context, 'zero.yaml'));
    const result = meshdive(['validate', '--max-bytes', '1000000', '--context', context, join(work, 'vs.yaml')]);
    expectEnded(result);
    expect([0, 1, 2]).toContain(result.status);
  }, INVOCATION_BOUND_MS + 5_000);

  it('refuses an empty context directory (exit 2) rather than judging against an empty cluster', () => {
    const context = join(work, 'empty-context');
    mkdirSync(context, {recursive: true});
    const result = meshdive(['validate', '--context', context, join(work, 'vs.yaml')]);
    expectEnded(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('empty-context');
  }, INVOCATION_BOUND_MS + 5_000);
});
