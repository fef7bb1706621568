import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/meshdive.js');
const fixtures = join(root, 'tests/fixtures');

function meshdive(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {cwd: root, input, encoding: 'utf8', timeout: 60_000});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

beforeAll(() => {
  // The CLI runs from its compiled bundle: build it from the current sources.
  const build = spawnSync(process.execPath, [join(root, 'scripts/cli/build.mjs')], {cwd: root, encoding: 'utf8'});
  expect(build.status, build.stderr).toBe(0);
}, 60_000);

describe('the meshdive executable', () => {
  it('starts through its shebang, as npx starts it, with the V8 flags it sets', () => {
    const result = spawnSync(bin, ['validate', join(fixtures, 'reviews-canary.yaml')], {cwd: root, encoding: 'utf8', timeout: 60_000});
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('0 errors, 0 warnings in 1 file\n');
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env -S node --v8-pool-size=1');
  });
});

describe('meshdive validate', () => {
  it('exits 0 for a valid file and says so', () => {
    const result = meshdive(['validate', join(fixtures, 'reviews-canary.yaml')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('0 errors, 0 warnings in 1 file\n');
  });

  it('prints file:line:column: severity code: message and exits 1 on errors', () => {
    const file = join(fixtures, 'broken.yaml');
    const result = meshdive(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`\n${file}:11:16: error type: spec.http[0].match[0].uri.exact: Invalid value: "boolean": spec.http[0].match[0].uri.exact in body must be of type string: "boolean"`);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^1 error, 0 warnings, \d+ info in 1 file$/);
  });

  it('writes one JSON object with --format json', () => {
    const result = meshdive(['validate', '--format', 'json', join(fixtures, 'broken.yaml'), join(fixtures, 'reviews-canary.yaml')]);
    expect(result.status).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.files.map((f: {file: string}) => f.file)).toEqual([join(fixtures, 'broken.yaml'), join(fixtures, 'reviews-canary.yaml')]);
    expect(output.files[0].diagnostics).toContainEqual(expect.objectContaining({
      severity: 'error', code: 'type', path: '/spec/http/0/match/0/uri/exact', document: 0,
      range: {start: {line: 11, column: 16}, end: {line: 11, column: 19}},
    }));
    expect(output.files[1].diagnostics).toEqual([]);
  });

  it('reads standard input for -', () => {
    const result = meshdive(['validate', '--format=json', '-'], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Reviews\n');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).files[0]).toMatchObject({file: '<stdin>', diagnostics: [{code: 'invalid-metadata'}]});
  });

  it('words a CEL rule\'s failure as the 1.33 API server does (validation.go: Invalid value: the node\'s type)', () => {
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules:\n  - backendRefs:\n    - name: reviews\n';
    const result = meshdive(['validate', '-'], route);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('error cel: spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference\n');
  });

  it('checks references against a --context directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdive-cli-'));
    const file = join(dir, 'vs.yaml');
    writeFileSync(file, 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v7}\n');
    expect(meshdive(['validate', file]).status).toBe(0);
    const result = meshdive(['validate', '--context', join(fixtures, 'context'), file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${file}:8:44: error IST0101: Referenced host+subset in destinationrule not found: "reviews+v7"`);
  });

  it('takes a lab context file as --context, and refuses a context document that is not a resource', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdive-cli-'));
    const file = join(dir, 'vs.yaml');
    writeFileSync(file, 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v3}\n');
    // labs/contexts/reviews.yaml holds the reviews Service and a DestinationRule with subsets v1-v3.
    const labContext = join(root, 'labs/contexts/reviews.yaml');
    expect(meshdive(['validate', '--context', labContext, file])).toMatchObject({status: 0, stdout: '0 errors, 0 warnings in 1 file\n'});
    writeFileSync(file, readFileSync(file, 'utf8').replace('subset: v3', 'subset: v4'));
    expect(meshdive(['validate', '--context', labContext, file]).stdout).toContain('error IST0101: Referenced host+subset in destinationrule not found: "reviews+v4"');

    const notAResource = join(dir, 'notes.yaml');
    writeFileSync(notAResource, 'apiVersion: v1\nkind: Service\nmetadata: {name: reviews}\n---\nowner: platform team\n');
    const refused = meshdive(['validate', '--context', notAResource, file]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`meshdive: context file ${notAResource}:4:1: document 2 is neither a Kubernetes object (apiVersion and kind) nor a lab context (a resources: list)\n`);

    // The context is read document by document; a YAML error further on is still what is reported.
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'owner: platform team\n---\napiVersion: v1\nkind: Service\nmetadata: {name: [reviews}\n');
    expect(meshdive(['validate', '--context', broken, file])).toMatchObject({
      status: 2, stderr: `meshdive: context file ${broken}:5:18: unclosed flow sequence: the '[' opened here has no matching ']'\n`,
    });
  });

  it('lets files validated together refer to each other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdive-cli-'));
    writeFileSync(join(dir, 'dr.yaml'), 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: reviews\n  subsets: [{name: v1, labels: {version: v1}}]\n');
    writeFileSync(join(dir, 'vs.yaml'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v2}\n');
    const result = meshdive(['validate', join(dir, 'dr.yaml'), join(dir, 'vs.yaml')]);
    expect(result.stdout).toContain('vs.yaml:8:44: error IST0101');
  });

  it('applies --max-bytes while reading: a larger input is an I/O error (exit 2)', () => {
    const result = meshdive(['validate', '--max-bytes', '10', '-'], 'apiVersion: v1\nkind: Namespace\n');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('meshdive: <stdin>: input is larger than the limit of 10 bytes (--max-bytes raises it); reading stopped there\n');
  });

  it('exits 2 with a clear message for usage and I/O errors', () => {
    for (const args of [[], ['lint'], ['validate'], ['validate', '--format', 'xml', 'x.yaml'], ['validate', '--bogus', 'x.yaml'], ['validate', '--max-bytes', 'lots', 'x.yaml']]) {
      const result = meshdive(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^meshdive: /);
      expect(result.stdout).toBe('');
    }
    const missing = meshdive(['validate', join(fixtures, 'does-not-exist.yaml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`meshdive: ${join(fixtures, 'does-not-exist.yaml')}: no such file or directory\n`);
    expect(meshdive(['validate', '--context', join(fixtures, 'nope'), '-'], '').status).toBe(2);
  });

  it('treats binary input as invalid (exit 1) and a directory as an I/O error (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdive-cli-'));
    const binary = join(dir, 'image.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const result = meshdive(['validate', binary]);
    expect(result.status).toBe(1);
    // \x89PNG\r\n then \x1a: the first control character YAML forbids starts line 2.
    expect(result.stdout).toContain(`${binary}:2:1: error input-not-text: input contains the control character U+001A`);
    const directory = meshdive(['validate', dir]);
    expect(directory.status).toBe(2);
    expect(directory.stderr).toContain('is a directory');
  });

  it('prints help', () => {
    const result = meshdive(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: meshdive validate \[options\] FILE\.\.\./);
  });
});

describe('meshdive record', () => {
  it('records a real command into a session through the installed CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdive-record-cli-'));
    const result = meshdive(['record', '--session', 'demo', '--mesh', 'istio', '--dir', dir, '--', 'printf', 'hello from a shell\\n']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('hello from a shell');
    const cast = readFileSync(join(dir, 'demo', 'session.cast'), 'utf8').split('\n');
    expect(JSON.parse(cast[0]!)).toMatchObject({version: 2});
    expect(cast.some((line) => line.includes('hello from a shell'))).toBe(true);
    expect(readFileSync(join(dir, 'demo', 'scenario.yaml'), 'utf8')).toContain('printf');
    expect(readFileSync(join(dir, 'demo', 'scenario.yaml'), 'utf8')).toMatch(/^mesh: istio$/m);
  });

  it('answers a usage error with exit 2', () => {
    const result = meshdive(['record', '--', 'true']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--session/);
  });
});

describe('the compiled bundle', () => {
  it('is ASCII only, so that Node reads it as one-byte text, not on its slow UTF-8 path', () => {
    // Regular expressions with a `µs` unit (ours and cel-js's) are where esbuild left non-ASCII characters.
    const bundle = readFileSync(join(root, 'dist/meshdive.js'));
    expect(bundle.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });
});

describe('bin/meshdive.js code cache', () => {
  // The launcher loads the bundle with V8's code cache (dist/meshdive.js.v8cache). It may only
  // make start-up faster: with none, its own, a corrupt one or another build's, the output is the same.
  const cache = join(root, 'dist/meshdive.js.v8cache');
  const run = () => meshdive(['validate', join(fixtures, 'broken.yaml')]);

  it('gives the same output without a cache, with the one it wrote, and with a corrupt one', () => {
    rmSync(cache, {force: true});
    const first = run();
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('error');
    expect(existsSync(cache)).toBe(true);
    expect(run()).toEqual(first);

    // Right stamp, garbage data: V8 rejects it, the run is unchanged and the cache is rewritten.
    const stored = readFileSync(cache);
    // The stamp, then the line of the parts it covers (tests/cli/code-cache.test.ts), then V8's data.
    const stampEnd = stored.indexOf(10, stored.indexOf(10) + 1) + 1;
    writeFileSync(cache, Buffer.concat([stored.subarray(0, stampEnd), Buffer.from('not a code cache')]));
    expect(run()).toEqual(first);
    expect(readFileSync(cache).length).toBeGreaterThan(stampEnd + 100);

    // Another build's cache: ignored.
    writeFileSync(cache, Buffer.concat([Buffer.from('v0.0.0 1 2\n'), stored.subarray(stampEnd)]));
    expect(run()).toEqual(first);
  }, 60_000);
});
