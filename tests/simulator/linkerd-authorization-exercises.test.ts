/**
 * Exercise checks on Linkerd's answer (`authorized`, `denied`; request `clientIp`), run by
 * checkExercise and accepted by schemas/labs/exercise.schema.json through the lab-exercises plugin.
 */
import {cpSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {checkExercise, type ExerciseCheck} from '../../src/simulator/exercises';
import {apiDeployment, MESHED_SHOP, SERVER_HTTP} from './linkerd-helpers';
import {documents} from './helpers';

const context = documents(MESHED_SHOP + '---' + apiDeployment());
const webOnly = `${SERVER_HTTP}---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: web-only, namespace: shop}
spec:
  targetRef: {group: policy.linkerd.io, kind: Server, name: api-http}
  requiredAuthenticationRefs: [{kind: ServiceAccount, name: web}]
`;
const send = 'GET http://api.shop/';

function run(checks: ExerciseCheck[], yaml: string) {
  return checkExercise({checks}, yaml, context).map((r) => r.passed);
}

describe('authorized and denied checks', () => {
  it('authorized passes when every meshed destination admits the request', () => {
    expect(run([{request: {send, from: 'shop/web'}, authorized: true}, {request: {send, from: 'ops/batch'}, authorized: true}], webOnly)).toEqual([true, false]);
  });

  it('denied checks the way Linkerd refuses', () => {
    const checks: ExerciseCheck[] = [
      {request: {send, from: 'ops/batch'}, denied: true},
      {request: {send, from: 'ops/batch'}, denied: 403},
      {request: {send, from: 'ops/batch'}, denied: 'refused'},
      {request: {send, from: 'shop/web'}, denied: true},
    ];
    expect(run(checks, webOnly)).toEqual([true, true, false, false]);
  });

  it('authorized: audit asks for the audit mode', () => {
    const audit = SERVER_HTTP.replace('port: http', 'port: http\n  accessPolicy: audit');
    expect(run([{request: {send, clientIp: '203.0.113.9'}, authorized: 'audit'}], audit)).toEqual([true]);
    expect(run([{request: {send, clientIp: '203.0.113.9'}, authorized: 'audit'}], '')).toEqual([false]);
  });

  it('fails, saying why, when no destination is meshed by Linkerd', () => {
    const [result] = checkExercise({checks: [{request: {send: 'GET http://api.shop/', from: 'shop/web'}, authorized: true}]}, '', documents(MESHED_SHOP.replace(/linkerd\.io\/inject: enabled/g, 'x: y') + '---' + apiDeployment()));
    expect(result).toMatchObject({passed: false, reason: expect.stringMatching(/^no destination pod is meshed by Linkerd/)});
  });

  it('names the check in words', () => {
    const [result] = checkExercise({checks: [{request: {send, from: 'ops/batch'}, denied: 403}]}, webOnly, context);
    expect(result!.criterion).toBe('Linkerd denies GET http://api.shop/ from ops/batch with 403');
  });
});

describe('the exercise schema', () => {
  it('accepts authorized, denied and clientIp, and refuses other denial values', () => {
    const site = mkdtempSync(join(tmpdir(), 'meshdive-linkerd-exercises-'));
    cpSync('schemas', join(site, 'schemas'), {recursive: true});
    mkdirSync(join(site, 'labs', 'contexts'), {recursive: true});
    mkdirSync(join(site, 'labs', 'exercises'));
    writeFileSync(join(site, 'labs', 'contexts', 'shop.yaml'), `name: shop\ntitle: A meshed shop\ndescription: The shop namespace on Linkerd.\nresources:\n${context.map((r) => `  - ${JSON.stringify(r)}`).join('\n')}\n`);
    const exercise = (denied: string) => `id: lock-api
title: Lock the api
context: shop
task: Let only web call the api.
start: |
${SERVER_HTTP.replace(/^/gm, '  ')}
solution: |
${webOnly.replace(/^/gm, '  ')}
hints: [Write an AuthorizationPolicy.]
checks:
  - request: {send: "GET http://api.shop/", from: shop/web}
    authorized: true
  - request: {send: "GET http://api.shop/", from: ops/batch, clientIp: 10.244.0.9}
    denied: ${denied}
`;
    writeFileSync(join(site, 'labs', 'exercises', 'lock-api.yaml'), exercise('403'));
    expect(Object.keys(loadExercises(site))).toEqual(['lock-api']);
    writeFileSync(join(site, 'labs', 'exercises', 'lock-api.yaml'), exercise('500'));
    expect(() => loadExercises(site)).toThrow(/lock-api\.yaml:\d+:\d+: .*denied/);
  });
});
