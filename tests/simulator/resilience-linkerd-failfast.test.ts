/**
 * Linkerd's fail-fast (src/simulator/resilience/linkerd-failfast.ts), linkerd2-proxy as Linkerd
 * 2.20 ships it: with every endpoint of a backend in its failure-accrual penalty, a request waits
 * in the balancer's queue for the 3 s failfast timeout (env.rs DEFAULT_OUTBOUND_HTTP_FAILFAST_TIMEOUT;
 * the controller's backend `queue.failfast_timeout`), then fails with FailFastError, which the
 * client's proxy answers 504 with `l5d-proxy-error: service in fail-fast` (http/server.rs
 * ServerRescue). The queue's gate is then shut: the route's LoadShed layer fails later requests at
 * once with `service unavailable`, 503, never retried (route/retry.rs retryable_error), while a
 * fail-fast error is retried; the distribution draws a backend that is ready (distribute random.rs);
 * fail-fast ends when an endpoint is ready (balance/queue worker.rs, failfast.rs). The proxy's own
 * test logical/tests/failure_accrual.rs asserts the same sequence: FailFastError, then LoadShedError.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {formatTimelineText} from '../../src/simulator/resilience/format';
import {timeline, type Timeline} from '../../src/simulator/resilience/timeline';
import {documents, labResources} from './helpers';

const ACCRUAL = 'balancer.linkerd.io/failure-accrual: consecutive, balancer.linkerd.io/failure-accrual-consecutive-max-failures: "1", balancer.linkerd.io/failure-accrual-consecutive-min-penalty: 10s, balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio: "0"';

const service = (name: string, selector: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: bookinfo
  annotations: {${ACCRUAL}}
spec:
  selector: {${selector}}
  ports: [{name: http, port: 9080}]
`;

const route = (parent: string, annotations: string, backends: string[]) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${parent}
  namespace: bookinfo
  annotations: {${annotations}}
spec:
  parentRefs: [{group: core, kind: Service, name: ${parent}, port: 9080}]
  rules:
  - backendRefs: [${backends.map((b) => `{name: ${b}, port: 9080, weight: 1}`).join(', ')}]
`;

function run(yaml: string, script: string, options: {requests?: number; everyMs?: number}, host: string): Timeline {
  const world = new World(labResources('linkerd-reviews'), [documents(yaml)]);
  return timeline(world, {request: parseRequest(`GET http://${host}.bookinfo:9080/`), from: 'bookinfo/productpage-v1'}, script, options);
}

describe("Linkerd's fail-fast state", () => {
  it('answers the waiting request 504 after 3 s, sheds later ones with 503 at once, and serves again once the penalty ends', () => {
    const t = run(service('reviews-v1', 'app: reviews, version: v1'), 'reviews-v1: 500 until t=1ms', {requests: 5, everyMs: 3000}, 'reviews-v1');
    expect(t.requests.map((r) => [r.start, r.status, r.end])).toEqual([[0, 500, 0], [3000, 504, 6000], [6000, 503, 6000], [9000, 503, 9000], [12000, 200, 12000]]);
    expect(t.requests[1]!.summary).toMatch(/l5d-proxy-error: service in fail-fast/);
    expect(t.requests[2]!.summary).toMatch(/at once \(l5d-proxy-error: service unavailable\).*never retried/);
    const failfast = t.events.filter((e) => e.kind === 'fail-fast' || e.kind === 'available');
    expect(failfast.map((e) => [e.kind, e.at])).toEqual([['fail-fast', 6000], ['available', 10000]]);
    const text = formatTimelineText(t);
    expect(text).toMatch(/6000 ms: reviews-v1\.bookinfo\.svc\.cluster\.local enters fail-fast/);
    expect(text).toMatch(/10000 ms: reviews-v1\.bookinfo\.svc\.cluster\.local leaves fail-fast/);
  });

  it('serves a waiting request when the endpoint leaves its penalty within the 3 s, without entering fail-fast', () => {
    const t = run(service('reviews-v1', 'app: reviews, version: v1'), 'reviews-v1: 500 until t=1ms', {requests: 2, everyMs: 8000}, 'reviews-v1');
    expect(t.requests[1]).toMatchObject({status: 200, start: 8000, end: 10000});
    expect(t.events.some((e) => e.kind === 'fail-fast')).toBe(false);
  });

  it('retries a fail-fast error, and the retry is shed once the backend is in fail-fast (a load-shed error is final)', () => {
    const yaml = service('reviews-v1', 'app: reviews, version: v1') + '---\n' + route('reviews-v1', 'retry.linkerd.io/http: 5xx, retry.linkerd.io/limit: "2"', ['reviews-v1']);
    const t = run(yaml, 'reviews-v1: 500', {requests: 1}, 'reviews-v1');
    const r = t.requests[0]!;
    expect(r.attempts.map((a) => a.result)).toEqual(['500', 'fail-fast', 'shed: reviews-v1.bookinfo.svc.cluster.local is in fail-fast']);
    // 500 at 0, back-off 50 ms, fail-fast at 3050, back-off 100 ms, shed at 3150.
    expect(r.attempts.map((a) => a.start)).toEqual([0, 50, 3150]);
    expect(r).toMatchObject({status: 503, end: 3150});
  });

  it('sends a request to another backendRef while one backend is in fail-fast', () => {
    const yaml = service('reviews', 'app: reviews') + '---\n' + route('reviews', '', ['reviews-v1', 'reviews-v2']);
    const t = run(yaml, 'reviews-v1: 500', {requests: 5}, 'reviews');
    expect(t.requests.map((r) => `${r.status} ${r.destination}`)).toEqual([
      '500 reviews-v1.bookinfo.svc.cluster.local',
      '200 reviews-v2.bookinfo.svc.cluster.local',
      '504 reviews-v1.bookinfo.svc.cluster.local',
      '200 reviews-v2.bookinfo.svc.cluster.local',
      '200 reviews-v2.bookinfo.svc.cluster.local',
    ]);
  });
});
