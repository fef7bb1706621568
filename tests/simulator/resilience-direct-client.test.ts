/**
 * A timeline for a client without a proxy that applies the route (resilience/client-proxy.ts):
 * retries, the route timeout, fault injection and outlier detection live in the client's Envoy
 * (Istio writes them into its outbound route and cluster: route.go, retry.go ConvertPolicy,
 * cluster_traffic_policy.go applyOutlierDetection), so legacy/legacy-client in Bookinfo, which
 * has no sidecar, calls a pod directly: one try, no timeout, nothing ejected, and a reset is a
 * reset, not a 503. productpage, which has a sidecar, keeps them.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {timeline, type Timeline} from '../../src/simulator/resilience/timeline';
import {documents, labResources} from './helpers';

const RESILIENT_RATINGS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings}
    timeout: 2s
    retries: {attempts: 3, perTryTimeout: 500ms, retryOn: 5xx}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ratings, namespace: bookinfo}
spec:
  host: ratings
  trafficPolicy:
    outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}`;

function run(from: string, script: string, yaml = RESILIENT_RATINGS, requests = 3): Timeline {
  const world = new World(labResources('bookinfo'), [documents(yaml)]);
  return timeline(world, {request: parseRequest('GET http://ratings.bookinfo:9080/'), from}, script, {requests});
}

describe('a client without a sidecar calls the pod directly', () => {
  it('a 503 is what the client gets, after one try: the route\'s retries are its sidecar\'s, which it lacks', () => {
    const t = run('legacy/legacy-client', '*: 503 after 10ms');
    expect(t.requests.map((r) => [r.status, r.attempts.length])).toEqual([[503, 1], [503, 1], [503, 1]]);
    expect(t.policy).toMatchObject({retries: 0, timeoutMs: undefined, outlier: undefined});
    expect(t.events).toEqual([]);
    expect(t.notes.join('\n')).toMatch(/no client proxy: the client has no sidecar/);
  });

  it('with a sidecar the same script is retried, and outlier detection ejects the pod', () => {
    const t = run('bookinfo/productpage-v1', '*: 503 after 10ms', RESILIENT_RATINGS, 1);
    expect(t.requests[0]!.attempts.length).toBeGreaterThan(1);
    expect(t.events.some((e) => e.kind === 'ejected')).toBe(true);
  });

  it('a hanging pod holds it forever: the route timeout is not its to apply', () => {
    const t = run('legacy/legacy-client', '*: hang');
    expect(t.requests).toHaveLength(1);
    expect(t.requests[0]).toMatchObject({end: null, status: null});
    expect(t.worstCase.boundMs).toBeNull();
    expect(run('bookinfo/productpage-v1', '*: hang').worstCase.boundMs).toBe(2000);
  });

  it('a reset or a refused connection reaches it as such, with no HTTP response (no proxy turns it into 503 UC or UF)', () => {
    expect(run('legacy/legacy-client', '*: reset').requests[0]).toMatchObject({status: null, attempts: [{result: 'reset'}]});
    expect(run('legacy/legacy-client', '*: refuse').requests[0]!.summary).toMatch(/the connection is refused: the client has no proxy/);
  });

  it('STRICT mTLS at one workload resets its plaintext there: no response, never a 200', () => {
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: reviews-v1, namespace: bookinfo}\nspec:\n  selector: {matchLabels: {app: reviews, version: v1}}\n  mtls: {mode: STRICT}';
    const world = new World(labResources('bookinfo'), [documents(strict)]);
    const t = timeline(world, {request: parseRequest('GET http://reviews.bookinfo:9080/'), from: 'legacy/legacy-client'}, '', {requests: 3});
    const byPod = Object.fromEntries(t.requests.map((r) => [r.attempts[0]!.pod!.replace(/-[^-]+-[^-]+$/, ''), r.status]));
    expect(byPod).toEqual({'reviews-v1': null, 'reviews-v2': 200, 'reviews-v3': 200});
  });

  it('a fault the route injects is its sidecar\'s too: none applies', () => {
    const fault = RESILIENT_RATINGS.replace('    timeout: 2s\n', '    fault: {abort: {httpStatus: 500, percentage: {value: 100}}}\n');
    expect(run('legacy/legacy-client', '', fault, 2).requests.map((r) => r.status)).toEqual([200, 200]);
    expect(run('bookinfo/productpage-v1', '', fault, 2).requests.map((r) => r.status)).toEqual([500, 500]);
  });
});
