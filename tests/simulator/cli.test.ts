/**
 * `meshdive route` end to end: the real launcher (bin/meshdive.js) and a bundle built from
 * the current sources. The bundle goes to a temporary copy of bin/ and dist/, so this file
 * can run beside tests/cli/cli.test.ts, which rebuilds dist/meshdive.js itself.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {privateCliInstall, repositoryRoot} from '../support/cli-bundle';
import {SEED_VIRTUAL_SERVICE} from '../support/labs';

const root = repositoryRoot;
const {bin, buildCli} = privateCliInstall('meshdive-route-');
const work = mkdtempSync(join(tmpdir(), 'meshdive-route-files-'));

beforeAll(buildCli, 60_000);

function meshdive(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {cwd: root, input, encoding: 'utf8', timeout: 60_000});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

// The seed's VirtualService; its first line is a comment, so its documents start at index 0 still.
const seedVs = SEED_VIRTUAL_SERVICE;

describe('meshdive route', () => {
  it('prints the decision, the shares and the trace, and exits 0', () => {
    const vs = file('seed.yaml', seedVs);
    const result = meshdive(['route', '--context', 'labs/contexts/reviews.yaml', '--request', 'GET http://reviews/ -H end-user:jason', vs]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe("GET http://reviews:9080/ -H 'end-user: jason'  (from namespace default)");
    expect(lines[1]).toBe('Decision: 200  reviews.default.svc.cluster.local subset v2 (1 pod)');
    expect(lines[2]).toBe(`Route: VirtualService default/reviews http[0] match[0]  [${vs}#0/spec/http/0]`);
    expect(result.stdout).toMatch(/\n {2}→ reviews\.default\.svc\.cluster\.local:9080 subset v2 {2}pods reviews-v2-\w{10}-\w{5}\n/);
    expect(result.stdout).toContain('\nTrace:\n  1. client: a sidecar without labels in namespace default');
    expect(result.stdout).toContain('  5. reviews http[0] matches: match[0] holds');
  });

  it('shows the split and a deterministic sampled run', () => {
    const vs = file('split.yaml', seedVs);
    const args = ['route', '--context', 'labs/contexts/reviews.yaml', '--request', 'GET http://reviews:9080/', '--requests', '1000', '--seed', '3', vs];
    const result = meshdive(args);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Distribution:\n {5}50% {2}200 {2}v1 {2}reviews-v1-\S+\n {5}50% {2}200 {2}v3 {2}reviews-v3-\S+\nSampled 1000 requests:\n/);
    expect(result.stdout).toContain('reviews http[0] does not match: match[0]: header end-user exact "jason" but the request has no end-user header');
    expect(meshdive(args).stdout).toBe(result.stdout);
  });

  it('writes JSON with --format json, with pointers into the input', () => {
    const vs = file('json.yaml', seedVs.replace('subset: v3', 'subset: v9'));
    const result = meshdive(['route', '--format', 'json', '--context', 'labs/contexts/reviews.yaml', '--request', 'GET http://reviews:9080/', vs]);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.files).toEqual([vs]);
    expect(output.decision).toMatchObject({
      outcome: 'routed',
      route: {index: 1, at: {file: 0, document: 0, pointer: '/spec/http/1'}},
      destinations: [{subset: 'v1', share: 0.5, status: 200}, {subset: 'v9', share: 0.5, status: 503, flags: 'NC'}],
    });
  });

  it('routes from a workload and through a gateway of a lab context', () => {
    const yaml = file('gw.yaml', `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: bookinfo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bookinfo, namespace: bookinfo}
spec:
  hosts: ["*"]
  gateways: [bookinfo-gateway]
  http:
  - match:
    - uri: {exact: /productpage}
    route:
    - destination: {host: productpage, port: {number: 9080}}
`);
    const viaGateway = meshdive(['route', '--context', 'labs/contexts/bookinfo.yaml', '--gateway', 'bookinfo/bookinfo-gateway', '--request', 'GET http://shop.example.com/productpage', yaml]);
    expect(viaGateway.status).toBe(0);
    expect(viaGateway.stdout).toContain('(from gateway bookinfo/bookinfo-gateway)');
    expect(viaGateway.stdout).toContain('Decision: 200  productpage.bookinfo.svc.cluster.local (1 pod)');
    const notFound = meshdive(['route', '--context', 'labs/contexts/bookinfo.yaml', '--gateway', 'bookinfo-gateway', '--request', 'GET http://shop.example.com/admin', yaml]);
    expect(notFound.status).toBe(0);
    expect(notFound.stdout).toContain('Decision: 404 NR  404 NR: no route matched');
  });

  it('refuses YAML with errors (exit 1) and reports usage problems (exit 2)', () => {
    const broken = file('broken.yaml', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: Reviews}\nspec:\n  hosts: [reviews]\n');
    const invalid = meshdive(['route', '--request', 'GET http://reviews/', broken]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/the YAML has errors the cluster would reject[\s\S]*broken\.yaml:3:/);
    expect(invalid.stdout).toBe('');
    const vs = file('ok.yaml', seedVs);
    expect(meshdive(['route', vs])).toMatchObject({status: 2, stderr: expect.stringContaining('--request is required')});
    expect(meshdive(['route', '--request', 'GET', vs])).toMatchObject({status: 2, stderr: expect.stringContaining('needs a URL')});
    expect(meshdive(['route', '--request', 'GET http://reviews/', '--from', 'nobody/none', vs])).toMatchObject({status: 2, stderr: expect.stringContaining('no workload nobody/none')});
    expect(meshdive(['route', '--request', 'GET http://reviews/', join(work, 'missing.yaml')])).toMatchObject({status: 2, stderr: expect.stringContaining('no such file')});
    expect(meshdive(['route', '--help'])).toMatchObject({status: 0, stdout: expect.stringContaining('Usage: meshdive route')});
    expect(meshdive(['--help']).stdout).toContain('meshdive route --request');
  });

  it('reads the YAML from standard input', () => {
    const result = meshdive(['route', '--context', 'labs/contexts/reviews.yaml', '--format=json', '--request=GET http://reviews:9080/ -H end-user:jason', '-'], seedVs);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({files: ['<stdin>'], decision: {destinations: [{subset: 'v2'}]}});
  });
});
