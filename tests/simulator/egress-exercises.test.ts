/** The egress and rate-limit exercises judge behaviour: what leaves the mesh, how many requests per second are served. */
import {cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {checkExercise, describeCheck, type ExerciseCheck} from '../../src/simulator/exercises';
import {labResources} from './helpers';

const exercises = loadExercises(process.cwd());
const failing = (id: string, yaml: string): string[] => {
  const e = exercises[id]!;
  return checkExercise(e, yaml, labResources(e.context)).filter((r) => !r.passed).map((r) => r.criterion);
};

describe('bookinfo-egress-allowlist', () => {
  const solution = exercises['bookinfo-egress-allowlist']!.solution;

  it('fails the start on the two hosts it lets out', () => {
    expect(failing('bookinfo-egress-allowlist', exercises['bookinfo-egress-allowlist']!.start)).toEqual([
      'productpage cannot reach www.example.org over HTTP', 'ratings cannot reach www.example.org over HTTPS']);
  });

  it('fails REGISTRY_ONLY without port 80 on the ServiceEntry: plain HTTP to api.example.com gets 502', () => {
    const withoutHttp = solution.replace(/ *- number: 80\n *name: http\n *protocol: HTTP\n/, '');
    expect(withoutHttp).not.toContain('number: 80');
    expect(failing('bookinfo-egress-allowlist', withoutHttp)).toEqual(['productpage reaches api.example.com over HTTP']);
  });

  it('accepts the mesh-wide policy in the istio ConfigMap as well as a Sidecar', () => {
    const meshWide = solution.replace(/^apiVersion: networking.istio.io\/v1\nkind: Sidecar[^]*?---\n/, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: |\n    outboundTrafficPolicy:\n      mode: REGISTRY_ONLY\n---\n');
    expect(meshWide).toContain('kind: ConfigMap');
    expect(failing('bookinfo-egress-allowlist', meshWide)).toEqual([]);
  });

  it('says an in-cluster request meets no egress decision', () => {
    const e = exercises['bookinfo-egress-allowlist']!;
    const check: ExerciseCheck = {request: {send: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1'}, egress: 'allowed'};
    expect(checkExercise({checks: [check]}, e.solution, labResources('bookinfo'))[0]).toMatchObject({passed: false, reason: expect.stringMatching(/^the request does not leave the cluster/)});
    expect(describeCheck(check)).toBe('GET http://reviews:9080/ from bookinfo/productpage-v1 is allowed out of the mesh');
  });
});

describe('linkerd-reviews-rate-limit', () => {
  const solution = exercises['linkerd-reviews-rate-limit']!.solution;

  it('fails a per-pod limit of 10: three pods serve 30 per second', () => {
    expect(failing('linkerd-reviews-rate-limit', solution.replace('requestsPerSecond: 3', 'requestsPerSecond: 10'))).toEqual(['productpage sending 60 requests per second is served at most 10 per second']);
  });

  it('fails a limit so low that 9 per second are refused', () => {
    expect(failing('linkerd-reviews-rate-limit', solution.replace('requestsPerSecond: 3', 'requestsPerSecond: 2'))).toEqual(['productpage sending 9 requests per second is served all 9']);
  });

  it('accepts a total limit of 3 per pod as well', () => {
    expect(failing('linkerd-reviews-rate-limit', solution.replace('identity:', 'total:'))).toEqual([]);
  });
});

describe('the exercise schema', () => {
  it('accepts egress, servedPerSecond and rate, and refuses a rate above the bound and an unknown egress verdict', () => {
    const site = mkdtempSync(join(tmpdir(), 'meshdive-egress-exercises-'));
    cpSync('schemas', join(site, 'schemas'), {recursive: true});
    mkdirSync(join(site, 'labs', 'contexts'), {recursive: true});
    mkdirSync(join(site, 'labs', 'exercises'));
    for (const context of ['bookinfo', 'linkerd-reviews']) cpSync(`labs/contexts/${context}.yaml`, join(site, 'labs', 'contexts', `${context}.yaml`));
    const egress = readFileSync('labs/exercises/bookinfo-egress-allowlist.yaml', 'utf8');
    const rate = readFileSync('labs/exercises/linkerd-reviews-rate-limit.yaml', 'utf8');
    writeFileSync(join(site, 'labs', 'exercises', 'bookinfo-egress-allowlist.yaml'), egress);
    writeFileSync(join(site, 'labs', 'exercises', 'linkerd-reviews-rate-limit.yaml'), rate);
    expect(Object.keys(loadExercises(site)).sort()).toEqual(['bookinfo-egress-allowlist', 'linkerd-reviews-rate-limit']);
    writeFileSync(join(site, 'labs', 'exercises', 'linkerd-reviews-rate-limit.yaml'), rate.replace('rate: 60', 'rate: 20000'));
    expect(() => loadExercises(site)).toThrow(/linkerd-reviews-rate-limit\.yaml/);
    writeFileSync(join(site, 'labs', 'exercises', 'linkerd-reviews-rate-limit.yaml'), rate);
    writeFileSync(join(site, 'labs', 'exercises', 'bookinfo-egress-allowlist.yaml'), egress.replace('egress: allowed', 'egress: maybe'));
    expect(() => loadExercises(site)).toThrow(/bookinfo-egress-allowlist\.yaml/);
  });
});
