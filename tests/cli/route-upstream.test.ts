/**
 * `meshdive route --upstream`: the resilience timeline printed after the decision, the mTLS
 * lines per destination workload, and bounded, clear refusals of bad scripts and counts.
 */
import {describe, expect, it} from 'vitest';
import {routeInProcess} from '../support/route-in-process';
import {workFiles} from '../support/work-files';

const file = workFiles('meshdive-route-upstream-');

const RATINGS = file('ratings.yaml', `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings}
    timeout: 3s
    retries: {attempts: 3, perTryTimeout: 1s, retryOn: 5xx}
`);
const base = ['--context', 'labs/contexts/bookinfo.yaml', '--request', 'GET http://ratings.bookinfo:9080/', '--from', 'bookinfo/reviews-v2'];

describe('meshdive route --upstream', () => {
  it('prints each try, the 504 UT at the route timeout and the worst case', async () => {
    const result = await routeInProcess([...base, '--upstream', 'ratings-v1: hang', RATINGS]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Timeline:\n  timeout 3000 ms; retries 3, 1000 ms per try on 5xx/);
    expect(result.stdout).toMatch(/request 1 at 0 ms → 504 UT at 3000 ms \(3000 ms\)/);
    expect(result.stdout).toMatch(/try 2 ratings-v1-\S+ 1025–2025 ms: per-try timeout \(script line 1\); retry after 75 ms back-off/);
    expect(result.stdout).toMatch(/Worst case: 3000 ms \(the route timeout 3000 ms/);
  });

  it('reads the script from a file and answers JSON with the timeline beside the decision', async () => {
    const script = file('script.txt', '# ratings fails for a while\nratings-v1: 503 until t=1s\n');
    const result = await routeInProcess([...base, '--upstream-file', script, '--requests', '3', '--every', '500ms', '--format', 'json', RATINGS]);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as {timeline: {requests: Array<{start: number; status: number}>}; decision: {destinations: Array<{mtls: unknown[]}>}};
    expect(out.timeline.requests.map((r) => [r.start, r.status])).toEqual([[0, 503], [500, 503], [1000, 200]]);
    expect(out.decision.destinations[0]!.mtls).toHaveLength(1);
  });

  it('prints the mTLS of each destination workload', async () => {
    const result = await routeInProcess([...base, RATINGS]);
    expect(result.stdout).toMatch(/mTLS bookinfo\/ratings-v1: mtls \(client sends istio-mtls; server sidecar PERMISSIVE\)/);
  });

  it.each([
    [['--upstream', 'ratings-v1 503'], /upstream script line 1: no ":" after the target/],
    [['--upstream', '*: 200', '--requests', '1001'], /with --upstream, --requests must be from 1 to 1000/],
    [['--upstream', '*: 200', '--upstream-file', 'x'], /not both/],
    [['--every', '1s'], /--every needs --upstream/],
    [['--upstream', '*: 200', '--every', 'soon'], /--every must be a duration/],
    [['--upstream', 'x'.repeat(5000)], /at most 4096/],
  ])('refuses %j with a clear message and exit 2', async (args, message) => {
    const result = await routeInProcess([...base, ...args, RATINGS]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
