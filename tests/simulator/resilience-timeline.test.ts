/**
 * Resilience over time (src/simulator/resilience/): retries against perTryTimeout and the
 * route timeout, Envoy's back-off, outlier ejection and return, maxEjectionPercent, each
 * case citing the Envoy or Istio fact it encodes. Bookinfo's reviews has three pods (v1, v2,
 * v3, one each), ratings one.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {parseScript, ScriptError} from '../../src/simulator/resilience/script';
import {timeline, type Timeline} from '../../src/simulator/resilience/timeline';
import {formatTimelineText} from '../../src/simulator/resilience/format';
import {documents, labResources} from './helpers';

const vs = (host: string, http: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${host}, namespace: bookinfo}
spec:
  hosts: [${host}]
  http:
  - route:
    - destination: {host: ${host}}
${http}`;
const outlier = (fields: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy:
    outlierDetection:
${fields}`;

function run(yaml: string[], host: string, script: string, options: {requests?: number; everyMs?: number} = {}): Timeline {
  const world = new World(labResources('bookinfo'), [documents(yaml.join('---\n'))]);
  return timeline(world, {request: parseRequest(`GET http://${host}.bookinfo:9080/`), from: 'bookinfo/productpage-v1'}, script, options);
}

const spans = (t: Timeline, request = 0) => t.requests[request]!.attempts.map((a) => [a.start, a.end]);

describe('retries, perTryTimeout and the route timeout', () => {
  it('the route timeout cuts the retries of a hanging pod at its deadline: 504 UT (Envoy router: timeout covers all retries)', () => {
    const t = run([vs('ratings', '    timeout: 3s\n    retries: {attempts: 3, perTryTimeout: 1s, retryOn: 5xx}\n')], 'ratings', 'ratings-v1: hang');
    // Back-off upper bounds: retry 1 waits 25 ms, retry 2 waits 75 ms ((2^N - 1) × 25 ms).
    expect(spans(t)).toEqual([[0, 1000], [1025, 2025], [2100, 3000]]);
    expect(t.requests[0]).toMatchObject({status: 504, flags: 'UT', end: 3000});
    expect(t.worstCase).toMatchObject({observedMs: 3000, boundMs: 3000});
  });

  it('without timeout or perTryTimeout a hanging pod holds the client forever (Istio sets the route timeout to 0: disabled)', () => {
    const t = run([], 'ratings', '*: hang', {requests: 3});
    expect(t.requests).toHaveLength(1);
    expect(t.requests[0]).toMatchObject({end: null, status: null});
    expect(t.worstCase.boundMs).toBeNull();
    expect(t.worstCase.observedMs).toBeNull();
  });

  it('perTryTimeout alone bounds the request: tries × perTryTimeout + back-offs, then 504 UT with URX', () => {
    const t = run([vs('ratings', '    retries: {attempts: 2, perTryTimeout: 250ms, retryOn: 5xx}\n')], 'ratings', '*: hang');
    expect(spans(t)).toEqual([[0, 250], [275, 525], [600, 850]]);
    expect(t.requests[0]).toMatchObject({status: 504, flags: 'UT,URX'});
    expect(t.worstCase.boundMs).toBe(850);
  });

  it('a per-try timeout is not retried when retryOn lacks 5xx, gateway-error and reset (Envoy retry_on)', () => {
    const t = run([vs('ratings', '    retries: {attempts: 2, perTryTimeout: 250ms, retryOn: connect-failure}\n')], 'ratings', '*: hang');
    expect(t.requests[0]!.attempts).toHaveLength(1);
    expect(t.requests[0]).toMatchObject({status: 504, flags: 'UT', end: 250});
  });

  it('the mesh default retries do not retry a 503 (retry.go: no retriable status codes since 1.24)', () => {
    const t = run([], 'reviews', 'reviews-v1: 503');
    expect(t.policy).toMatchObject({retries: 2, retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes']});
    expect(t.requests[0]).toMatchObject({status: 503});
    expect(t.requests[0]!.attempts).toHaveLength(1);
  });

  it('the mesh default retries a refused connection twice, each time on another pod (previous_hosts predicate), then 503 UF,URX', () => {
    const t = run([], 'reviews', '*: refuse');
    expect(t.requests[0]!.attempts.map((a) => a.pod?.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''))).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(t.requests[0]).toMatchObject({status: 503, flags: 'UF,URX', end: 100});
  });

  it('retryOn 5xx sends the retry to the next pod, which answers: the client sees 200 after the back-off', () => {
    const t = run([vs('reviews', '    retries: {attempts: 2, retryOn: 5xx}\n')], 'reviews', 'reviews-v1: 503 after 40ms');
    expect(t.requests[0]).toMatchObject({status: 200, end: 65});
    expect(spans(t)).toEqual([[0, 40], [65, 65]]);
  });

  it('a status code in retryOn makes it retriable (retry.go parseRetryOn adds retriable-status-codes)', () => {
    const t = run([vs('reviews', '    retries: {attempts: 1, retryOn: "503"}\n')], 'reviews', 'reviews-v1: 503');
    expect(t.requests[0]).toMatchObject({status: 200});
    expect(t.policy.retryOn).toEqual(['retriable-status-codes', '503']);
  });

  it('the back-off grows as (2^N - 1) × 25 ms and stops at 250 ms (Envoy router docs, default base and 10 × base cap)', () => {
    const t = run([vs('ratings', '    retries: {attempts: 6, retryOn: 5xx}\n')], 'ratings', '*: 500');
    expect(t.requests[0]!.attempts.slice(0, -1).map((a) => a.retried!.backoffMs)).toEqual([25, 75, 175, 250, 250, 250]);
    expect(t.requests[0]).toMatchObject({status: 500, flags: 'URX', end: 1025});
  });

  it('retries.backoff sets the base interval (retry.go RetryBackOff), the cap stays ten times it', () => {
    const t = run([vs('ratings', '    retries: {attempts: 3, retryOn: 5xx, backoff: 100ms}\n')], 'ratings', '*: 500');
    expect(t.requests[0]!.attempts.slice(0, -1).map((a) => a.retried!.backoffMs)).toEqual([100, 300, 700]);
  });

  it('a fault delay comes before the router: it adds to the worst case', () => {
    const t = run([vs('ratings', '    timeout: 1s\n    fault: {delay: {fixedDelay: 2s, percentage: {value: 100}}}\n')], 'ratings', '*: hang');
    expect(t.requests[0]).toMatchObject({status: 504, flags: 'UT', end: 3000});
    expect(t.worstCase.boundMs).toBe(3000);
  });
});

describe('outlier detection', () => {
  const every = {everyMs: 1000};
  it('three consecutive 5xx eject the pod for baseEjectionTime; it returns at the next interval tick (Envoy outlier detection)', () => {
    const t = run([outlier('      consecutive5xxErrors: 3\n      interval: 1s\n      baseEjectionTime: 30s\n      maxEjectionPercent: 100\n')], 'reviews', 'reviews-v1: 503', {requests: 40, ...every});
    const ejected = t.events.find((e) => e.kind === 'ejected')!;
    // Round robin: v1 answers requests 1, 4 and 7; the third 503 at t=6 s ejects it.
    expect(ejected).toMatchObject({at: 6000, durationMs: 30_000, ejections: 1});
    expect(ejected.pod).toMatch(/^reviews-v1-/);
    expect(t.events.find((e) => e.kind === 'returned')).toMatchObject({at: 36_000, pod: ejected.pod});
    const toV1 = t.requests.filter((r) => r.attempts[0]!.pod === ejected.pod).map((r) => r.start);
    expect(toV1.filter((s) => s > 6000 && s < 36_000)).toEqual([]);
    expect(toV1.some((s) => s >= 36_000)).toBe(true);
  });

  it('the second ejection lasts baseEjectionTime × 2 (ejection time grows with the count)', () => {
    const t = run([outlier('      consecutive5xxErrors: 1\n      interval: 1s\n      baseEjectionTime: 5s\n      maxEjectionPercent: 100\n')], 'reviews', 'reviews-v1: 503', {requests: 20, ...every});
    expect(t.events.filter((e) => e.kind === 'ejected').map((e) => e.durationMs).slice(0, 2)).toEqual([5000, 10_000]);
  });

  it('a host back in the pool loses one ejection count per interval tick (Envoy: the multiplier decreases while healthy)', () => {
    // Ejected at 0 s for 5 s, back at the 5 s tick; healthy at each later tick until its next 503.
    const t = run([outlier('      consecutive5xxErrors: 1\n      interval: 1s\n      baseEjectionTime: 5s\n      maxEjectionPercent: 100\n')], 'reviews', 'reviews-v1: 503 until 1s; reviews-v1: 503 from 20s', {requests: 30, ...every});
    const ejections = t.events.filter((e) => e.kind === 'ejected');
    expect(ejections.map((e) => e.ejections).slice(0, 2)).toEqual([1, 1]);
  });

  it('with the default maxEjectionPercent (10%) and three pods nothing is ever ejected: one of three is 33%', () => {
    const t = run([outlier('      consecutive5xxErrors: 3\n')], 'reviews', 'reviews-v1: 503', {requests: 12, ...every});
    expect(t.events.filter((e) => e.kind === 'ejected')).toEqual([]);
    expect(t.events.find((e) => e.kind === 'not-ejected')!.reason).toMatch(/33\.3% of 3 hosts, over maxEjectionPercent 10/);
    expect(t.policy.outlier).toMatchObject({maxEjectionPercent: 10, intervalMs: 10_000, baseEjectionMs: 30_000});
  });

  it('maxEjectionPercent 50 lets one pod of three go, not two', () => {
    const t = run([outlier('      consecutive5xxErrors: 1\n      interval: 1s\n      maxEjectionPercent: 50\n')], 'reviews', '*: 503', {requests: 6, ...every});
    expect(t.events.filter((e) => e.kind === 'ejected')).toHaveLength(1);
    expect(t.events.some((e) => e.kind === 'not-ejected')).toBe(true);
  });

  it('with every pod ejected the client gets 503 UH (Istio disables the panic threshold)', () => {
    const t = run([outlier('      consecutive5xxErrors: 1\n      interval: 10s\n      maxEjectionPercent: 100\n')], 'reviews', '*: 503', {requests: 4, ...every});
    expect(t.requests[3]).toMatchObject({status: 503, flags: 'UH'});
  });

  it('consecutiveGatewayErrors counts 502/503/504 only: a 500 resets it', () => {
    const t = run([outlier('      consecutive5xxErrors: 0\n      consecutiveGatewayErrors: 2\n      interval: 1s\n      maxEjectionPercent: 100\n')], 'reviews', 'reviews-v1: 500', {requests: 12, ...every});
    expect(t.events.filter((e) => e.kind === 'ejected')).toEqual([]);
    const u = run([outlier('      consecutive5xxErrors: 0\n      consecutiveGatewayErrors: 2\n      interval: 1s\n      maxEjectionPercent: 100\n')], 'reviews', 'reviews-v1: 502', {requests: 12, ...every});
    expect(u.events.find((e) => e.kind === 'ejected')).toMatchObject({at: 3000});
  });

  it('the text names each request, its tries, the ejection and the worst case', () => {
    const text = formatTimelineText(run([outlier('      consecutive5xxErrors: 1\n      interval: 1s\n      maxEjectionPercent: 100\n')], 'reviews', 'reviews-v1: 503', {requests: 2}));
    expect(text).toMatch(/request 1 at 0 ms → 503 at 0 ms/);
    expect(text).toMatch(/reviews-v1-\S+ EJECTED: 1 consecutive 5xx/);
    expect(text).toMatch(/Worst case: unbounded/);
  });
});

describe('weighted destinations and determinism', () => {
  it('deals requests to weighted destinations in their proportions, the same every run', () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 80
    - destination: {host: reviews, subset: v2}
      weight: 20
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
`;
    const a = run([yaml], 'reviews', '', {requests: 10});
    const b = run([yaml], 'reviews', '', {requests: 10});
    expect(a.requests.filter((r) => r.destination?.endsWith('subset v2'))).toHaveLength(2);
    expect(JSON.stringify(a.requests)).toBe(JSON.stringify(b.requests));
  });
});

describe('the upstream script', () => {
  it('reads targets, answers, latency and time windows', () => {
    const [a, b, c] = parseScript('ratings-v1: 503 from t=0 until 30s\npod 2: hang # comment\n*: 200 after 100ms');
    expect(a).toMatchObject({target: {kind: 'name', name: 'ratings-v1'}, answer: {kind: 'status', status: 503}, from: 0, until: 30_000});
    expect(b).toMatchObject({target: {kind: 'index', index: 2}, answer: {kind: 'hang'}});
    expect(c).toMatchObject({target: {kind: 'any'}, after: 100});
  });

  it.each([
    ['ratings-v1 503', /no ":"/],
    ['ratings: 700', /not an HTTP status/],
    ['ratings: 503 after soon', /not a duration/],
    ['ratings: 503 from 2s until 1s', /"until" must come after "from"/],
    ['ratings: 503 after 1s after 2s', /given twice/],
    ['pod 0: 503', /counted from 1/],
  ])('refuses %j with its line and what was expected', (text, message) => {
    expect(() => parseScript(text)).toThrow(ScriptError);
    expect(() => parseScript(text)).toThrow(message);
  });

  it('bounds the script and the number of requests', () => {
    expect(() => parseScript('*: 200\n'.repeat(700))).toThrow(/at most 4096/);
    expect(() => parseScript('*: 200;'.repeat(65))).toThrow(/more than 64 rules/);
    expect(() => run([], 'ratings', '', {requests: 1001})).toThrow(/from 1 to 1000/);
  });

  it('a pod whose mTLS connection fails fails every try there, whatever the script says', () => {
    const strict = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec: {mtls: {mode: STRICT}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ratings, namespace: bookinfo}
spec:
  host: ratings
  trafficPolicy: {tls: {mode: DISABLE}}
`;
    const t = run([strict, vs('ratings', '    retries: {attempts: 1, retryOn: reset}\n')], 'ratings', '*: 200');
    expect(t.requests[0]).toMatchObject({status: 503, flags: 'UC,URX'});
    expect(t.requests[0]!.attempts.map((a) => a.result)).toEqual(['connection reset (mTLS)', 'connection reset (mTLS)']);
  });
});

describe('bounded work', () => {
  it('runs a thousand requests a day apart under a 1 ms detector interval without stepping through every tick', () => {
    const started = Date.now();
    const t = run([outlier('      consecutive5xxErrors: 1\n      interval: 1ms\n      baseEjectionTime: 1ms\n      maxEjectionPercent: 100\n')], 'reviews', 'reviews-v1: 503 after 24h', {requests: 1000, everyMs: 86_400_000});
    expect(t.requests).toHaveLength(1000);
    expect(t.events.filter((e) => e.kind === 'returned').length).toBeGreaterThan(100);
    // Generous: stepping through 8.6e10 ticks would take hours.
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
