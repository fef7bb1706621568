/**
 * The ambient exercises (labs/exercises/ambient-*.yaml) and the checks they add: `crosses` and
 * `routedBy` (src/simulator/ambient/checks.ts), judged by the paths and the routing proxy.
 */
import {describe, expect, it} from 'vitest';
import {checkExercise, type Exercise} from '../../src/simulator/exercises';
import {loadExercises} from '../../src/plugins/lab-exercises';
import {labResources} from './helpers';

const exercises = loadExercises(process.cwd());
const exercise = (id: string): Exercise => exercises[id]!;
const failures = (id: string, yaml: string) => checkExercise(exercise(id), yaml, labResources(exercise(id).context)).filter((r) => !r.passed);

describe('moving bookinfo from sidecars to ambient', () => {
  const {start, solution} = exercise('ambient-namespace-migration');

  it('passes with the solution and fails the start: the lab shows no ambient mode yet', () => {
    expect(failures('ambient-namespace-migration', solution)).toEqual([]);
    expect(failures('ambient-namespace-migration', start).map((r) => r.reason)).toEqual([
      expect.stringContaining('the lab shows no ambient mode'),
      expect.stringContaining('the lab shows no ambient mode'),
      expect.stringContaining('the lab shows no ambient mode'),
    ]);
  });

  it.each([
    ['keeping istio-injection beside the ambient label (sidecar wins)', solution.replace('    istio.io/dataplane-mode: ambient\n', '    istio.io/dataplane-mode: ambient\n    istio-injection: enabled\n'),
      ['productpage reaches reviews from ztunnel to ztunnel (no sidecar on either side)', 'reviews reaches ratings from ztunnel to ztunnel', 'the legacy client still reaches details, in plain text into details\' ztunnel']],
    ['keeping productpage\'s own inject label', solution.replace('        version: v1\n    spec:', '        version: v1\n        sidecar.istio.io/inject: "true"\n    spec:'),
      ['productpage reaches reviews from ztunnel to ztunnel (no sidecar on either side)']],
  ])('fails when %s', (_case, yaml, criteria) => {
    expect(failures('ambient-namespace-migration', yaml).map((r) => r.criterion)).toEqual(criteria);
  });

  it('says which proxies the request crossed instead', () => {
    const kept = solution.replace('        version: v1\n    spec:', '        version: v1\n        sidecar.istio.io/inject: "true"\n    spec:');
    expect(failures('ambient-namespace-migration', kept)[0]!.reason).toBe('bookinfo/productpage-v1 → sidecar (client) —HBONE→ ztunnel → bookinfo/reviews-v1; '
      + 'bookinfo/productpage-v1 → sidecar (client) —HBONE→ ztunnel → bookinfo/reviews-v2; bookinfo/productpage-v1 → sidecar (client) —HBONE→ ztunnel → bookinfo/reviews-v3 '
      + '(no waypoint: neither Service bookinfo/reviews nor namespace bookinfo is labelled istio.io/use-waypoint: no waypoint)');
  });
});

describe('putting reviews behind the waypoint', () => {
  const {start, solution} = exercise('ambient-waypoint-canary');

  it('fails the start on the path, the routing proxy and the shares: ztunnel ignores the HTTPRoute', () => {
    expect(failures('ambient-waypoint-canary', start).map((r) => [r.criterion, r.reason])).toEqual([
      ['requests from productpage cross ztunnel, the waypoint, then reviews\' ztunnel', expect.stringContaining('(no waypoint: neither Service bookinfo/reviews nor namespace bookinfo is labelled istio.io/use-waypoint')],
      ['the waypoint applies the route', 'routed by no proxy: no route applies: ztunnel balances connections over the Service\'s pods (HTTPRoute bookinfo/reviews ignored)'],
      ['about 90% of the requests reach reviews-v1', expect.stringContaining('0% reach reviews-v1')],
      ['about 10% of the requests reach reviews-v2', expect.stringContaining('0% reach reviews-v2')],
      ['no request reaches reviews-v3', expect.stringContaining('33.3% of requests reach pods with version=v3')],
    ]);
    expect(failures('ambient-waypoint-canary', solution)).toEqual([]);
  });

  it('also passes when the whole namespace is enrolled instead of the Service', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo\n  labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}\n---\n';
    expect(failures('ambient-waypoint-canary', namespace + start)).toEqual([]);
  });

  it('fails when the enrolment drops the namespace out of ambient mode', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo\n  labels: {istio.io/use-waypoint: waypoint}\n---\n';
    const failed = failures('ambient-waypoint-canary', namespace + start);
    expect(failed[0]!.reason).toContain('bookinfo/productpage-v1 —plaintext→ bookinfo/reviews-v1');
    expect(failed.map((r) => r.criterion)).toContain('the waypoint applies the route');
  });

  it('fails when reviews names a waypoint that does not exist', () => {
    const typo = solution.replace('istio.io/use-waypoint: waypoint', 'istio.io/use-waypoint: waypiont');
    expect(failures('ambient-waypoint-canary', typo)[0]!.criterion).toBe('the YAML is valid');
  });
});

describe('letting only productpage GET reviews, enforced by the waypoint', () => {
  const {start, solution} = exercise('ambient-waypoint-l7-policy');
  const [service, policy] = solution.split('---\n') as [string, string];
  const criteria = (yaml: string) => failures('ambient-waypoint-l7-policy', yaml).map((r) => r.criterion);

  it('fails the start everywhere: ztunnel drops the policy\'s HTTP rule and resets every connection, productpage\'s too', () => {
    const failed = failures('ambient-waypoint-l7-policy', start);
    expect(failed.map((r) => r.criterion)).toEqual([
      'productpage\'s requests cross ztunnel, the waypoint, then reviews\' ztunnel',
      'productpage\'s GET /reviews/1 is allowed',
      'productpage\'s POST /reviews/1 gets 403 from the waypoint',
      'ratings\' GET /reviews/1 gets 403 from the waypoint',
    ]);
    expect(failed[1]!.reason).toContain('denied (connection reset by ztunnel)');
    expect(failures('ambient-waypoint-l7-policy', solution)).toEqual([]);
  });

  it('fails when only one half is done: targetRefs without a waypoint enforces nothing, a waypoint with the selector policy still resets', () => {
    expect(criteria(policy)).toEqual([
      'productpage\'s requests cross ztunnel, the waypoint, then reviews\' ztunnel',
      'productpage\'s POST /reviews/1 gets 403 from the waypoint',
      'ratings\' GET /reviews/1 gets 403 from the waypoint',
    ]);
    expect(criteria(`${service}---\n${start}`)).toEqual([
      'productpage\'s GET /reviews/1 is allowed',
      'productpage\'s POST /reviews/1 gets 403 from the waypoint',
      'ratings\' GET /reviews/1 gets 403 from the waypoint',
    ]);
  });

  it('also passes when the policy targets the waypoint Gateway and the namespace is enrolled', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo\n  labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}\n---\n';
    const onGateway = policy.replace('  - kind: Service\n    group: ""\n    name: reviews', '  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint');
    expect(onGateway).not.toBe(policy);
    expect(failures('ambient-waypoint-l7-policy', namespace + onGateway)).toEqual([]);
  });
});
