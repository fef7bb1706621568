import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

// bin/meshdive.js keeps a V8 code cache next to the bundle; its stamp's second line lists the parts
// of the bundle (commands, engine families and kinds) the runs that wrote it used. A run that used
// a part not listed saves it again; a run that adds nothing leaves it alone. These runs use a copy
// of bin/ and dist/ in a temporary directory, so that no other test's cache is touched.
const root = fileURLToPath(new URL('../..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'meshdive-code-cache-'));
const bin = join(home, 'bin/meshdive.js');
const cache = join(home, 'dist/meshdive.js.v8cache');

const ISTIO = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
`;
const GATEWAY_API = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: default}
spec:
  parentRefs: [{name: mesh-gateway}]
  rules:
  - backendRefs: [{name: reviews, port: 9080}]
`;

function validate(file: string) {
  const result = spawnSync(process.execPath, [bin, 'validate', file], {cwd: home, encoding: 'utf8', timeout: 60_000});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** The cache's stamp (first line), the parts it covers (second line), its size and modification time. */
function stored() {
  const bytes = readFileSync(cache);
  const stampEnd = bytes.indexOf(10);
  const partsEnd = bytes.indexOf(10, stampEnd + 1);
  return {
    bytes,
    stamp: bytes.toString('latin1', 0, stampEnd),
    parts: bytes.toString('latin1', stampEnd + 1, partsEnd).split(' '),
    dataStart: partsEnd + 1,
    mtimeMs: statSync(cache).mtimeMs,
  };
}

const istioFile = join(home, 'istio.yaml');
const gatewayFile = join(home, 'gateway.yaml');

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(root, 'scripts/cli/build.mjs')], {cwd: root, encoding: 'utf8'});
  expect(build.status, build.stderr).toBe(0);
  mkdirSync(join(home, 'bin'));
  mkdirSync(join(home, 'dist'));
  copyFileSync(join(root, 'bin/meshdive.js'), bin);
  copyFileSync(join(root, 'dist/meshdive.js'), join(home, 'dist/meshdive.js'));
  // The record command's Ajv runtime is required from node_modules.
  symlinkSync(join(root, 'node_modules'), join(home, 'node_modules'));
  writeFileSync(istioFile, ISTIO);
  writeFileSync(gatewayFile, GATEWAY_API);
}, 60_000);

afterAll(() => rmSync(home, {recursive: true, force: true}));

describe('bin/meshdive.js code cache coverage', () => {
  it('is saved again after a run that used a part it does not cover, and only then', () => {
    const istio = validate(istioFile);
    expect(istio.status, istio.stderr).toBe(0);
    const first = stored();
    expect(first.stamp).toMatch(/^meshdive-cache 2 v\d+\.\d+\.\d+ \d+ [\d.]+$/);
    expect(first.parts).toEqual(['istio/networking.istio.io/VirtualService', 'validate']);

    // The same kinds again: covered, the file is not written (same bytes, same time).
    expect(validate(istioFile)).toEqual(istio);
    const again = stored();
    expect(again.mtimeMs).toBe(first.mtimeMs);
    expect(again.bytes.equals(first.bytes)).toBe(true);

    // A Gateway API route: not covered, saved again with both runs' parts and more compiled code.
    const gateway = validate(gatewayFile);
    expect(gateway.status, gateway.stderr).not.toBe(2);
    const grown = stored();
    expect(grown.parts).toEqual(['gateway-api/gateway.networking.k8s.io/HTTPRoute', 'istio/networking.istio.io/VirtualService', 'validate']);
    expect(grown.bytes.length).toBeGreaterThan(first.bytes.length);

    // Both covered now: neither run writes it.
    expect(validate(istioFile)).toEqual(istio);
    expect(validate(gatewayFile)).toEqual(gateway);
    expect(stored().bytes.equals(grown.bytes)).toBe(true);
    expect(stored().mtimeMs).toBe(grown.mtimeMs);
  }, 120_000);

  it('falls back on a corrupt or foreign cache, with the same output, and saves one covering only that run', () => {
    const istio = validate(istioFile);
    validate(gatewayFile);
    const good = stored();
    expect(good.parts.length).toBeGreaterThan(2);

    // Right stamp and parts, garbage data: V8 rejects it; the new cache covers only what this run used.
    writeFileSync(cache, Buffer.concat([good.bytes.subarray(0, good.dataStart), Buffer.from('not a code cache')]));
    expect(validate(istioFile)).toEqual(istio);
    const rewritten = stored();
    expect(rewritten.parts).toEqual(['istio/networking.istio.io/VirtualService', 'validate']);
    expect(rewritten.bytes.length).toBeGreaterThan(rewritten.dataStart + 100);

    // Another build's stamp (or the format without the parts line): ignored, and replaced.
    writeFileSync(cache, Buffer.concat([Buffer.from(`v0.0.0 1 2\n`), good.bytes.subarray(good.dataStart)]));
    expect(validate(istioFile)).toEqual(istio);
    expect(stored().stamp).toBe(good.stamp);

    // A stamp without its parts line: no cache.
    writeFileSync(cache, Buffer.from(`${good.stamp}\n`));
    expect(validate(istioFile)).toEqual(istio);
    expect(stored().parts).toEqual(['istio/networking.istio.io/VirtualService', 'validate']);
  }, 120_000);
});
