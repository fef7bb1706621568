import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {effectiveMtls, World} from '../../src/simulator/index';
import {checkExercise, type Exercise} from '../../src/simulator/exercises';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {parseYaml} from '../../src/engine/yaml/index';
import {documents, labResources} from './helpers';

const exercises = loadExercises(process.cwd());

function exercise(id: string): Exercise {
  return exercises[id]!;
}

function results(id: string, yaml: string) {
  const e = exercise(id);
  return checkExercise(e, yaml, labResources(e.context));
}

describe('exercises', () => {
  it('loads the required exercises, each solution passing and each start failing', () => {
    expect(Object.keys(exercises).sort()).toEqual([
      'ambient-namespace-migration', 'ambient-waypoint-canary', 'ambient-waypoint-l7-policy',
      'istio-only-productpage-reviews', 'linkerd-canary-httproute', 'linkerd-fix-403', 'linkerd-only-productpage',
      'ratings-fault-injection', 'reviews-canary-shift', 'reviews-destinationrule', 'reviews-timeout-retries', 'strict-mtls-migration',
      'ratings-bounded-wait', 'reviews-mirror-v3', 'reviews-outlier-ejection',
      'bookinfo-egress-allowlist', 'linkerd-reviews-rate-limit',
      'istio-ingress-partner-range', 'istio-ingress-tls-passthrough',
    ].sort());
    for (const e of Object.values(exercises)) {
      expect(checkExercise(e, e.solution, labResources(e.context)).filter((r) => !r.passed), e.id).toEqual([]);
      expect(checkExercise(e, e.start, labResources(e.context)).some((r) => !r.passed), e.id).toBe(true);
    }
  });

  it('judges the Linkerd exercises by what the proxies answer: the fix-403 start admits no one, a ServiceAccount ref admits productpage alone', () => {
    // The analysis names the missing MeshTLSAuthentication (an error, as istioctl's missing references are),
    // and the typo refuses productpage as it refuses everyone else.
    expect(results('linkerd-fix-403', exercise('linkerd-fix-403').start).map((r) => r.passed)).toEqual([false, false, true]);
    const byServiceAccount = `${exercise('linkerd-only-productpage').start}---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: reviews-from-productpage, namespace: bookinfo}
spec:
  targetRef: {group: policy.linkerd.io, kind: Server, name: reviews-http}
  requiredAuthenticationRefs: [{kind: ServiceAccount, name: bookinfo-productpage}]
`;
    expect(results('linkerd-only-productpage', byServiceAccount).filter((r) => !r.passed)).toEqual([]);
    const anyMeshed = byServiceAccount.replace('{kind: ServiceAccount, name: bookinfo-productpage}', '{kind: ServiceAccount, name: bookinfo-reviews}');
    expect(results('linkerd-only-productpage', anyMeshed).map((r) => r.passed)).toEqual([true, false, false, true]);
  });

  it('fails the canary exercise with the right reasons when kim is routed after the catch-all', () => {
    const kim = '  - match:\n    - headers:\n        end-user:\n          exact: kim\n    route:\n    - destination:\n        host: reviews\n        subset: v3\n';
    const solution = exercise('reviews-canary-shift').solution;
    expect(solution).toContain(kim);
    const broken = solution.replace(kim, '') + kim;
    const failed = results('reviews-canary-shift', broken).filter((r) => !r.passed);
    expect(failed).toEqual([{criterion: 'requests with `end-user: kim` reach v3', passed: false, reason: 'only 20% reach subset v3; 80% 200 v1, 20% 200 v3'}]);
  });

  it('fails the canary exercise on a 70/30 split, saying what it measured', () => {
    const broken = exercise('reviews-canary-shift').solution.replace('weight: 80', 'weight: 70').replace('weight: 20', 'weight: 30');
    const failed = results('reviews-canary-shift', broken).filter((r) => !r.passed).map((r) => r.reason);
    expect(failed).toEqual(['30% reach subset v3 (expected 20% ± 2%)', '70% reach subset v1 (expected 80% ± 2%)']);
  });

  it('fails the DestinationRule exercise when a subset selects the wrong pods', () => {
    const broken = exercise('reviews-destinationrule').solution.replace('version: v3', 'version: v2');
    const failed = results('reviews-destinationrule', broken).filter((r) => !r.passed);
    expect(failed.map((r) => r.criterion)).toEqual(['about 20% of other requests reach the pods of reviews v3']);
    expect(failed[0]!.reason).toBe('0% reach pods with app=reviews,version=v3 (expected 20% ± 2%)');
  });

  it('fails the mTLS exercise when STRICT is set mesh-wide without the exception', () => {
    const broken = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec:\n  mtls: {mode: STRICT}\n';
    const failed = results('strict-mtls-migration', broken).filter((r) => !r.passed);
    expect(failed.map((r) => [r.criterion, r.reason])).toEqual([
      ['details keeps accepting plain text (PERMISSIVE)', 'workload bookinfo/details-v1 is STRICT, set by PeerAuthentication istio-system/default (mesh level)'],
    ]);
  });

  it('fails the fault exercise when the delay hits everyone', () => {
    const broken = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ratings, namespace: bookinfo}\nspec:\n  hosts: [ratings]\n  http:\n  - fault:\n      delay: {fixedDelay: 7s, percentage: {value: 100}}\n    route:\n    - destination: {host: ratings}\n';
    const failed = results('ratings-fault-injection', broken).filter((r) => !r.passed);
    expect(failed.map((r) => r.reason)).toEqual(['a fault is injected: delay 7s for 100%']);
  });

  it('fails the timeout exercise on a wrong per-try timeout and a missing retry condition', () => {
    const broken = exercise('reviews-timeout-retries').solution.replace('perTryTimeout: 250ms', 'perTryTimeout: 2s').replace('retryOn: 5xx,connect-failure', 'retryOn: 5xx');
    const failed = results('reviews-timeout-retries', broken).filter((r) => !r.passed);
    expect(failed.map((r) => r.reason)).toEqual(['expected 250ms per try; retryOn lacks connect-failure: 3 attempts, 2s per try on 5xx']);
  });

  it('reports invalid YAML through the "valid" check', () => {
    const [valid] = results('reviews-canary-shift', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: Reviews}\nspec: {hosts: [reviews]}\n');
    expect(valid).toMatchObject({criterion: 'the YAML is valid', passed: false});
  });
});

describe('PeerAuthentication precedence', () => {
  const pa = (name: string, namespace: string, mode: string, selector?: string): string =>
    `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${selector ? `  selector: {matchLabels: {app: ${selector}}}\n` : ''}  mtls: {mode: ${mode}}\n---\n`;
  const world = (yaml: string) => new World(labResources('bookinfo'), [documents(yaml)]);

  it('defaults to PERMISSIVE, then mesh, then namespace, then workload', () => {
    expect(effectiveMtls(world(''), 'bookinfo').mode).toBe('PERMISSIVE');
    const mesh = pa('default', 'istio-system', 'STRICT');
    expect(effectiveMtls(world(mesh), 'bookinfo')).toMatchObject({mode: 'STRICT', from: {level: 'mesh'}});
    const ns = mesh + pa('default', 'bookinfo', 'PERMISSIVE');
    expect(effectiveMtls(world(ns), 'bookinfo')).toMatchObject({mode: 'PERMISSIVE', from: {level: 'namespace'}});
    const workload = ns + pa('ratings', 'bookinfo', 'DISABLE', 'ratings');
    expect(effectiveMtls(world(workload), 'bookinfo', {app: 'ratings', version: 'v1'})).toMatchObject({mode: 'DISABLE', from: {level: 'workload', name: 'ratings'}});
    expect(effectiveMtls(world(workload), 'bookinfo', {app: 'details', version: 'v1'})).toMatchObject({mode: 'PERMISSIVE', from: {level: 'namespace'}});
  });

  it('lets UNSET inherit from the next level and reports port-level modes', () => {
    const yaml = `${pa('default', 'bookinfo', 'STRICT')}apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: details, namespace: bookinfo}\nspec:\n  selector: {matchLabels: {app: details}}\n  mtls: {mode: UNSET}\n  portLevelMtls:\n    "9080": {mode: PERMISSIVE}\n`;
    expect(effectiveMtls(world(yaml), 'bookinfo', {app: 'details'})).toMatchObject({mode: 'STRICT', from: {level: 'namespace'}, ports: {'9080': 'PERMISSIVE'}});
  });
});

describe('the lab-exercises plugin', () => {
  it('rejects an exercise whose solution fails, naming the file and check', async () => {
    const {mkdtempSync, mkdirSync, cpSync, writeFileSync} = await import('node:fs');
    const {tmpdir} = await import('node:os');
    const {join} = await import('node:path');
    const site = mkdtempSync(join(tmpdir(), 'meshdive-exercises-'));
    cpSync('schemas', join(site, 'schemas'), {recursive: true});
    cpSync('labs/contexts', join(site, 'labs', 'contexts'), {recursive: true});
    mkdirSync(join(site, 'labs', 'exercises'));
    const source = readFileSync('labs/exercises/reviews-canary-shift.yaml', 'utf8');
    writeFileSync(join(site, 'labs', 'exercises', 'reviews-canary-shift.yaml'), source.replace('weight: 80', 'weight: 60').replace('weight: 20\n', 'weight: 40\n'));
    expect(() => loadExercises(site)).toThrow(/labs\/exercises\/reviews-canary-shift\.yaml: the solution fails check\(s\):\n  - about 20% of other requests reach v3: 40% reach subset v3/);
    writeFileSync(join(site, 'labs', 'exercises', 'reviews-canary-shift.yaml'), source.replace('context: reviews', 'context: reviewz'));
    expect(() => loadExercises(site)).toThrow(/context "reviewz" is not a file/);
    writeFileSync(join(site, 'labs', 'exercises', 'reviews-canary-shift.yaml'), source.replace('checks:', 'checkz:'));
    expect(() => loadExercises(site)).toThrow(/reviews-canary-shift\.yaml:\d+:1: \(top level\): unknown field "checkz"/);
    expect(parseYaml(source).documents).toHaveLength(1);
  });
});
