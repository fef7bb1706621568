/**
 * The lab's drawn allow/deny trace (istio-authz/evaluation.ts): each enforcing proxy's answer laid
 * out in Istio's evaluation order (builder.go build: CUSTOM's ext_authz, then the RBAC filters for
 * AUDIT, DENY and ALLOW), exactly one stage deciding, the deciding policy marked, later stages not reached.
 */
import {describe, expect, it} from 'vitest';
import {evaluationStages} from '../../src/simulator/istio-authz/evaluation';
import {answers, ask, policy} from './istio-authz-helpers';

const stagesOf = (a: Parameters<typeof evaluationStages>[0]) => evaluationStages(a).map((s) => `${s.kind}${s.decides ? '!' : ''}${s.reached ? '' : '~'}`);

describe('the evaluation order of one proxy', () => {
  it('CUSTOM, AUDIT, DENY, ALLOW in that order whatever order the policies were written in', () => {
    const yaml = [
      policy('allow', 'rules:\n- {}'),
      policy('deny-post', 'action: DENY\nrules:\n- to:\n  - operation:\n      methods: [POST]'),
      policy('audit', 'action: AUDIT\nrules:\n- {}'),
      policy('ext', 'action: CUSTOM\nprovider: {name: opa}\nrules:\n- to:\n  - operation:\n      paths: [/admin]'),
    ];
    expect(stagesOf(ask({yaml}))).toEqual(['connection', 'CUSTOM', 'AUDIT', 'DENY', 'ALLOW!']);
  });

  it('a DENY match decides; ALLOW after it is not reached and its policy is not marked', () => {
    const yaml = [policy('allow', 'rules:\n- {}'), policy('deny-web', 'action: DENY\nrules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]')];
    const stages = evaluationStages(ask({yaml}));
    expect(stagesOf(ask({yaml}))).toEqual(['connection', 'CUSTOM', 'DENY!', 'ALLOW~']);
    const deny = stages.find((s) => s.kind === 'DENY')!;
    expect(deny.policies).toEqual([expect.objectContaining({ref: 'shop/deny-web', decides: true, matchedRule: 0, rules: [{index: 0, outcome: 'matched'}]})]);
    expect(stages.find((s) => s.kind === 'ALLOW')!.policies[0]).toMatchObject({ref: 'shop/allow', decides: false});
  });

  it('the implicit deny is the default stage: ALLOW policies exist and none matched', () => {
    const yaml = policy('only-api', 'rules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/api]');
    const stages = evaluationStages(ask({yaml}));
    expect(stages.map((s) => `${s.kind}${s.decides ? '!' : ''}`)).toEqual(['connection', 'CUSTOM', 'DENY', 'ALLOW', 'default!']);
    expect(stages.at(-1)!.outcome).toMatch(/none matched: denied/);
    expect(stages.find((s) => s.kind === 'ALLOW')!.policies[0]!.rules).toEqual([{index: 0, outcome: 'not-matched'}]);
  });

  it('with no policy at all the default allows', () => {
    const yaml = policy('elsewhere', 'rules:\n- {}', {namespace: 'legacy'});
    expect(stagesOf(ask({yaml}))).toEqual(['connection', 'CUSTOM', 'DENY', 'ALLOW', 'default!']);
    expect(evaluationStages(ask({yaml})).at(-1)!.outcome).toBe('no ALLOW policy: allowed');
  });

  it('a CUSTOM match decides (the provider), with what follows if it allows left to the summary', () => {
    const yaml = [policy('ext', 'action: CUSTOM\nprovider: {name: opa}\nrules:\n- {}'), policy('deny-all', 'action: DENY\nrules:\n- {}')];
    expect(stagesOf(ask({yaml}))).toEqual(['connection', 'CUSTOM!', 'DENY~', 'ALLOW~']);
  });

  it('a rejected token decides at RequestAuthentication, before any policy', () => {
    const ra = 'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: shop}\nspec:\n  jwtRules: [{issuer: "https://idp"}]';
    const a = ask({yaml: [ra, policy('allow', 'rules:\n- {}')], claims: {iss: 'https://evil'}});
    expect(stagesOf(a)).toEqual(['connection', 'jwt!', 'CUSTOM~', 'DENY~', 'ALLOW~']);
  });

  it('a connection that fails decides at the connection stage, and no policy stage is drawn', () => {
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: strict, namespace: shop}\nspec: {mtls: {mode: STRICT}}';
    const a = ask({yaml: [strict, policy('allow', 'rules:\n- {}')], from: 'legacy/client'});
    const stages = evaluationStages(a);
    expect(stages.map((s) => `${s.kind}${s.decides ? '!' : ''}`)).toEqual(['connection!']);
    expect(stages[0]!.outcome).toMatch(/^fails: plain text to a sidecar in STRICT/);
  });

  it('dry-run and ztunnel-ignored policies are drawn but never decide', () => {
    const dry = policy('dry-deny', 'action: DENY\nrules:\n- {}', {annotations: {'istio.io/dry-run': 'true'}});
    const stages = evaluationStages(ask({yaml: dry}));
    expect(stages.find((s) => s.kind === 'DENY')).toMatchObject({decides: false, outcome: 'only dry-run or ignored policies: they never decide', policies: [{dryRun: true, decides: false}]});
    const audit = policy('audit', 'action: AUDIT\nrules:\n- {}', {namespace: 'mesh'});
    const atZtunnel = answers({yaml: audit, request: 'GET http://cart.mesh/', from: 'mesh/orders'}).find((x) => x.enforcer === 'ztunnel')!;
    expect(evaluationStages(atZtunnel).find((s) => s.kind === 'AUDIT')!.policies[0]!.ignored).toMatch(/ztunnel does not support the AUDIT action/);
  });
});
