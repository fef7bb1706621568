/**
 * Resilience timelines with Linkerd's proxy as the client (src/simulator/resilience/linkerd.ts),
 * Linkerd 2.20 with linkerd2-proxy v2.359.0:
 * - retries sit above the backend distribution (app/outbound/src/http/logical/policy/route.rs:
 *   NewHttpRetry wraps NewDistribute): a retry draws a weighted backendRef again, where Envoy
 *   keeps the weighted cluster it picked;
 * - the retry back-off is the controller's 25 ms to 250 ms with jitter 1 (policy-controller
 *   grpc/src/outbound/http.rs convert_retry; linkerd/exp-backoff), taken at its upper bound;
 * - an invalid backendRef's error is answered 500 and not retried (route/retry.rs
 *   retryable_error); a connection error gets 502 (app/outbound/src/http/server.rs);
 * - failure accrual from the Service's balancer.linkerd.io annotations (k8s/index/src/outbound/
 *   index.rs parse_accrual_config; app/outbound/src/http/breaker/consecutive_failures.rs);
 *   DestinationRules are never read.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {timeline, type Timeline} from '../../src/simulator/resilience/timeline';
import {formatTimelineText} from '../../src/simulator/resilience/format';
import {documents, labResources} from './helpers';

/** An error backend as Linkerd's fault-injection guide builds one: a Service whose pods answer 500. */
const errorBackend = `apiVersion: v1
kind: Service
metadata: {name: error-injector, namespace: bookinfo}
spec:
  selector: {app: error-injector}
  ports: [{name: http, port: 9080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: error-injector, namespace: bookinfo}
spec:
  replicas: 1
  selector: {matchLabels: {app: error-injector}}
  template:
    metadata: {labels: {app: error-injector}}
    spec:
      containers: [{name: nginx, image: nginx, ports: [{name: http, containerPort: 9080}]}]
---
`;

const split = (annotations: string, second = 'error-injector') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: bookinfo
  annotations: {${annotations}}
spec:
  parentRefs: [{group: core, kind: Service, name: reviews, port: 9080}]
  rules:
  - backendRefs:
    - {name: reviews-v1, port: 9080, weight: 80}
    - {name: ${second}, port: 9080, weight: 20}
`;

function run(context: string, yaml: string, script: string, options: {requests?: number; everyMs?: number} = {}, host = 'reviews'): Timeline {
  const world = new World(labResources(context), [documents(yaml)]);
  return timeline(world, {request: parseRequest(`GET http://${host}.bookinfo:9080/`), from: 'bookinfo/productpage-v1'}, script, options);
}

const answers = (t: Timeline) => t.requests.map((r) => `${r.status}/${r.attempts.length}`);

describe('weighted backendRefs and retries', () => {
  it("Linkerd retries a 500 from the error backend by drawing a backendRef again: the retry lands on reviews-v1", () => {
    const t = run('linkerd-reviews', `${errorBackend}${split('retry.linkerd.io/http: 5xx, retry.linkerd.io/limit: "2"')}`, 'error-injector: 500', {requests: 5});
    // Smooth weighted round robin over 80/20: the third request meets the error backend first.
    expect(t.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(t.requests[0]!.attempts.map((a) => a.pod)).toEqual([expect.stringMatching(/^reviews-v1-/)]);
    const met = t.requests.find((r) => r.attempts.length > 1)!;
    expect(met.attempts.map((a) => [a.pod?.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''), a.result])).toEqual([['error-injector', '500'], ['reviews-v1', '200']]);
    expect(met.destination).toMatch(/^reviews-v1\./);
  });

  it('Istio (the same HTTPRoute read by a sidecar) keeps the weighted cluster it picked: every retry meets the error backend', () => {
    // istiod reads a Service parent with group "" only ("core" is an unsupported parent to it)
    const yaml = `${errorBackend}${split('x: y')}`.replace('  - backendRefs:', '  - retry: {attempts: 2, codes: [500]}\n    backendRefs:').replace('name: reviews-v1,', 'name: reviews,')
      .replace('{group: core, kind: Service', '{group: "", kind: Service');
    const t = run('bookinfo', yaml, 'error-injector: 500', {requests: 5});
    const met = t.requests.find((r) => r.status !== 200)!;
    expect(met.attempts.map((a) => a.pod?.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''))).toEqual(['error-injector', 'error-injector', 'error-injector']);
    expect(met.status).toBe(500);
  });

  it("a backendRef to a missing Service answers 500 for its share, and Linkerd does not retry the invalid backend's error", () => {
    const t = run('linkerd-reviews', split('retry.linkerd.io/http: 5xx', 'no-such-service'), '*: 200', {requests: 5});
    expect(answers(t)).toEqual(['200/1', '200/1', '500/0', '200/1', '200/1']);
    expect(t.requests[2]!.summary).toMatch(/no Service bookinfo\/no-such-service; Linkerd does not retry an invalid backend's error/);
    expect(t.requests[2]!.flags).toBeUndefined();
  });

  it("a retry that draws the missing Service's backendRef ends with its 500 (the retry drew it)", () => {
    const t = run('linkerd-reviews', split('retry.linkerd.io/http: 5xx, retry.linkerd.io/limit: "3"', 'no-such-service'), 'reviews-v1: 503', {requests: 1});
    // Request 1 meets reviews-v1 (503); its retries draw v1, v1, v1, then the missing one.
    const r = t.requests[0]!;
    expect(r.status).toBe(500);
    expect(r.attempts.at(-1)!.result).toMatch(/^500: no Service bookinfo\/no-such-service/);
    expect(r.summary).toMatch(/the retry drew this backendRef/);
  });
});

describe("Linkerd's retry back-off and errors", () => {
  it('waits min(25 ms × 2^N, 250 ms) before retry N, where Envoy waits (2^N − 1) × 25 ms', () => {
    const t = run('linkerd-reviews', split('retry.linkerd.io/http: 5xx, retry.linkerd.io/limit: "4"').replace(/weight: 20/, 'weight: 0'), 'reviews-v1: 503', {requests: 1});
    expect(t.requests[0]!.attempts.map((a) => a.start)).toEqual([0, 50, 150, 350, 600]);
    expect(t.requests[0]!.status).toBe(503);
    expect(t.requests[0]!.flags).toBeUndefined();
  });

  it("answers a refused connection 502 and does not retry it", () => {
    const t = run('linkerd-reviews', split('retry.linkerd.io/http: 5xx').replace(/weight: 20/, 'weight: 0'), 'reviews-v1: refuse', {requests: 1});
    expect(t.requests[0]).toMatchObject({status: 502});
    expect(t.requests[0]!.attempts).toHaveLength(1);
  });

  it('retries a per-try timeout (retry.linkerd.io/timeout) and ends at the request timeout with 504, without Envoy flags', () => {
    const t = run('linkerd-reviews', split('retry.linkerd.io/http: 5xx, retry.linkerd.io/limit: "5", retry.linkerd.io/timeout: 300ms, timeout.linkerd.io/request: 1s').replace(/weight: 20/, 'weight: 0'), 'reviews-v1: hang', {requests: 1});
    expect(t.requests[0]!.attempts.map((a) => [a.start, a.end])).toEqual([[0, 300], [350, 650], [750, 1000]]);
    expect(t.requests[0]).toMatchObject({status: 504, end: 1000});
    expect(t.requests[0]!.flags).toBeUndefined();
  });

  it('never reads a DestinationRule: its outlierDetection ejects nothing for a Linkerd client', () => {
    const dr = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews-v1
  trafficPolicy: {outlierDetection: {consecutive5xxErrors: 1, maxEjectionPercent: 100}}
`;
    const t = run('linkerd-reviews', dr, '*: 503', {requests: 5}, 'reviews-v1');
    expect(t.events).toEqual([]);
    expect(t.policy.outlier).toBeUndefined();
  });
});

const accrualService = (annotations: string) => `apiVersion: v1
kind: Service
metadata:
  name: reviews-v1
  namespace: bookinfo
  annotations: {${annotations}}
spec:
  selector: {app: reviews, version: v1}
  ports: [{name: http, port: 9080}]
`;

describe("Linkerd's failure accrual", () => {
  it('shuts an endpoint after max-failures consecutive failures for the min penalty, then admits one probation request', () => {
    const annotations = 'balancer.linkerd.io/failure-accrual: consecutive, balancer.linkerd.io/failure-accrual-consecutive-max-failures: "3", balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio: "0"';
    const t = run('linkerd-reviews', accrualService(annotations), 'reviews-v1: 500 until t=1500ms', {requests: 6, everyMs: 100}, 'reviews-v1');
    expect(t.policy.accrual).toMatchObject({maxFailures: 3, minPenaltyMs: 1000, maxPenaltyMs: 60_000, jitter: 0, from: 'Service bookinfo/reviews-v1'});
    // Failures at 0, 100, 200 shut the pod until 1200; request 4 (at 300) waits for probation at 1200.
    expect(t.events.slice(0, 2)).toMatchObject([{kind: 'ejected', at: 200, durationMs: 1000, consecutive: 3}, {kind: 'returned', at: 1200}]);
    expect(t.requests[3]!.attempts[0]!.start).toBe(1200);
    // The probe fails (500 until 1.5 s): shut again for the doubled penalty, 2000 ms.
    expect(t.events[2]).toMatchObject({kind: 'ejected', at: 1200, durationMs: 2000, consecutive: 1});
    // Request 5 waits for the next probation at 3200 (within the 3 s fail-fast) and is served.
    expect(t.requests[4]).toMatchObject({status: 200});
    expect(t.requests[4]!.attempts[0]!.start).toBe(3200);
    expect(formatTimelineText(t)).toMatch(/3 consecutive failures \(failure-accrual-consecutive-max-failures 3\)/);
  });

  it('a wait longer than the fail-fast timeout answers 504 after 3 s', () => {
    const annotations = 'balancer.linkerd.io/failure-accrual: consecutive, balancer.linkerd.io/failure-accrual-consecutive-max-failures: "1", balancer.linkerd.io/failure-accrual-consecutive-min-penalty: 10s, balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio: "0"';
    const t = run('linkerd-reviews', accrualService(annotations), 'reviews-v1: 500', {requests: 2}, 'reviews-v1');
    expect(t.requests[1]).toMatchObject({status: 504, start: 0, end: 3000});
    expect(t.requests[1]!.summary).toMatch(/fail-fast/);
  });

  it('takes the defaults (7 failures, 1s to 1m, jitter 0.5: the first penalty at most 1.5 s)', () => {
    const t = run('linkerd-reviews', accrualService('balancer.linkerd.io/failure-accrual: consecutive'), 'reviews-v1: 503', {requests: 8}, 'reviews-v1');
    expect(t.events[0]).toMatchObject({kind: 'ejected', durationMs: 1500, consecutive: 7});
  });

  it("ignores annotations the controller cannot parse, and says so", () => {
    const t = run('linkerd-reviews', accrualService('balancer.linkerd.io/failure-accrual: sometimes'), 'reviews-v1: 503', {requests: 8}, 'reviews-v1');
    expect(t.events).toEqual([]);
    expect(t.notes.join('\n')).toMatch(/unsupported failure accrual mode: sometimes/);
    const bad = run('linkerd-reviews', accrualService('balancer.linkerd.io/failure-accrual: consecutive, balancer.linkerd.io/failure-accrual-consecutive-min-penalty: 2m'), 'reviews-v1: 503', {requests: 8}, 'reviews-v1');
    expect(bad.events).toEqual([]);
    expect(bad.notes.join('\n')).toMatch(/min_penalty \(120000 ms\) cannot exceed max_penalty \(60000 ms\)/);
  });
});

describe('the printed timeline', () => {
  it('prints failure accrual for a Linkerd client, not outlier detection', () => {
    const withAccrual = run('linkerd-reviews', accrualService('balancer.linkerd.io/failure-accrual: consecutive'), 'reviews-v1: 503', {requests: 1}, 'reviews-v1');
    expect(formatTimelineText(withAccrual)).toMatch(/failure accrual \(Service bookinfo\/reviews-v1\): consecutive, 7 failures, penalty 1000 ms doubling to 60000 ms, jitter ratio 0.5/);
    const without = formatTimelineText(run('linkerd-reviews', '', '*: 503', {requests: 1}, 'reviews-v1'));
    expect(without).toMatch(/failure accrual: none/);
    expect(without).not.toMatch(/outlier detection/);
  });
});

/** Answers alternating by the attempt's start: 500 in [0, 100), 200 in [100, 200), … for `count` slots of 100 ms. */
const alternating = (count: number) => Array.from({length: count}, (_, i) => i % 2 === 0 ? `reviews-v1: 500 from t=${i * 100}ms until t=${i * 100 + 100}ms` : '').filter(Boolean).join('\n');

describe("Linkerd's unified failure accrual (consecutive failures or success rate)", () => {
  // linkerd2 version-2.20 policy-controller k8s/index/src/outbound/index.rs parse_accrual_config and
  // parse_success_rate_params; linkerd2-proxy v2.359.0 app/outbound/src/http/breaker/unified.rs, success_rate.rs.
  const unified = (extra = '') => `balancer.linkerd.io/failure-accrual: unified, balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio: "0"${extra}`;

  it('reads the success-rate annotations with their defaults (0.8 over 10 s, at least 5 responses)', () => {
    const t = run('linkerd-reviews', accrualService(unified()), 'reviews-v1: 200', {requests: 1}, 'reviews-v1');
    expect(t.policy.accrual).toMatchObject({mode: 'unified', maxFailures: 7, successRate: {threshold: 0.8, windowMs: 10_000, minRequests: 5}});
    expect(formatTimelineText(t)).toMatch(/failure accrual \(Service bookinfo\/reviews-v1\): unified, 7 failures or a success rate under 0.8 over 10000 ms \(at least 5 responses\)/);
  });

  it('shuts an endpoint that fails every other request, which the consecutive mode never does', () => {
    const script = alternating(10);
    const partial = run('linkerd-reviews', accrualService(unified()), script, {requests: 8, everyMs: 100}, 'reviews-v1');
    // 500, 200, 500, 200, 500: 2 of 5 succeeded, under 0.8, at the fifth response (t = 400 ms).
    expect(partial.events[0]).toMatchObject({kind: 'ejected', at: 400, durationMs: 1000});
    expect(partial.events[0]!.reason).toMatch(/success rate 2\/5 under the threshold 0.8/);
    const consecutive = run('linkerd-reviews', accrualService('balancer.linkerd.io/failure-accrual: consecutive, balancer.linkerd.io/failure-accrual-consecutive-max-failures: "2"'), script, {requests: 8, everyMs: 100}, 'reviews-v1');
    expect(consecutive.events).toEqual([]);
  });

  it('counts a 429 against the success rate but not as a consecutive failure', () => {
    const limited = run('linkerd-reviews', accrualService(unified()), 'reviews-v1: 429', {requests: 6, everyMs: 100}, 'reviews-v1');
    expect(limited.events[0]).toMatchObject({kind: 'ejected', at: 400, consecutive: 0});
    expect(limited.events[0]!.reason).toMatch(/success rate 0\/5/);
    expect(run('linkerd-reviews', accrualService('balancer.linkerd.io/failure-accrual: consecutive'), 'reviews-v1: 429', {requests: 10, everyMs: 100}, 'reviews-v1').events).toEqual([]);
  });

  it('fails a probation request answered 429, so the penalty doubles', () => {
    const t = run('linkerd-reviews', accrualService(unified()), 'reviews-v1: 429', {requests: 7, everyMs: 100}, 'reviews-v1');
    // Shut at 400 for 1 s; the sixth request is the probe at 1400, answered 429: shut for 2 s.
    expect(t.events.slice(0, 3)).toMatchObject([{kind: 'ejected', at: 400}, {kind: 'returned', at: 1400}, {kind: 'ejected', at: 1400, durationMs: 2000}]);
    expect(t.events[2]!.reason).toMatch(/a 429 fails a probe/);
  });

  it('forgets responses older than the window: five in 10 s trip, the same five over more than the window do not', () => {
    const spaced = run('linkerd-reviews', accrualService(unified(', balancer.alpha.linkerd.io/failure-accrual-success-rate-window: 300ms')), 'reviews-v1: 429', {requests: 10, everyMs: 100}, 'reviews-v1');
    // Ten buckets of 30 ms: at most four responses 100 ms apart sit in the window, fewer than 5.
    expect(spaced.events).toEqual([]);
  });

  it('keeps the consecutive dimension: max-failures 500s in a row trip before the ratio has 5 responses', () => {
    const t = run('linkerd-reviews', accrualService(unified(', balancer.linkerd.io/failure-accrual-consecutive-max-failures: "2"')), 'reviews-v1: 500', {requests: 3, everyMs: 100}, 'reviews-v1');
    expect(t.events[0]).toMatchObject({kind: 'ejected', at: 100, consecutive: 2});
    expect(t.events[0]!.reason).toMatch(/2 consecutive failures \(failure-accrual-consecutive-max-failures 2, unified mode\)/);
  });

  it('refuses what the controller refuses, and says so', () => {
    const notes = (extra: string) => run('linkerd-reviews', accrualService(unified(extra)), 'reviews-v1: 429', {requests: 6, everyMs: 100}, 'reviews-v1');
    const high = notes(', balancer.alpha.linkerd.io/failure-accrual-success-rate-threshold: "1.5"');
    expect(high.events).toEqual([]);
    expect(high.notes.join('\n')).toMatch(/success-rate threshold must be between 0.0 and 1.0, got 1.5/);
    expect(notes(', balancer.alpha.linkerd.io/failure-accrual-success-rate-window: 5ms').notes.join('\n')).toMatch(/success-rate-window must be at least 10ms/);
    expect(notes(', balancer.alpha.linkerd.io/failure-accrual-success-rate-min-requests: "2000000"').notes.join('\n')).toMatch(/cannot exceed 1000000/);
    // A zero threshold turns the success rate off: 429s never trip, and the floors no longer apply.
    const off = notes(', balancer.alpha.linkerd.io/failure-accrual-success-rate-threshold: "0", balancer.alpha.linkerd.io/failure-accrual-success-rate-window: 5ms');
    expect(off.events).toEqual([]);
    expect(off.policy.accrual).toMatchObject({successRate: {threshold: 0, windowMs: 5}});
  });
});
