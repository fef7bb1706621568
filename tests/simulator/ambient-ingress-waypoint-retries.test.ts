/**
 * Ingress through a waypoint: the waypoint routes every attempt the gateway forwards with its own route's
 * timeout and retries (route.go setTimeout, retry.go ConvertPolicy: the mesh default of 2 retries when the
 * route sets none), and answers the gateway with HTTP: 503 UC/UF where a pod resets or refuses, 504 UT
 * where its timeouts end a try (Envoy router, "Retry semantics" and "Timeouts"). The gateway's own
 * retries and timeout then act on those answers (resilience/waypoint-hop.ts).
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {timeline} from '../../src/simulator/resilience/timeline';
import {formatTimelineText} from '../../src/simulator/resilience/format';
import {httpIngress} from './ambient-support';
import {documents} from './helpers';
import {CLUSTER} from './istio-authz-helpers';

const edge = (extra = '') => httpIngress({gateway: 'edge', namespace: 'mesh', rules: `\n  - backendRefs:\n    - {name: orders, port: 80}\n${extra}`});
const ordersOptIn = `apiVersion: v1
kind: Service
metadata: {name: orders, namespace: mesh, labels: {istio.io/use-waypoint: waypoint, istio.io/ingress-use-waypoint: "true"}}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: 8080}]`;
/** Two orders pods, so a retry can go to the other one. */
const twoPods = `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: mesh}
spec:
  replicas: 2
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec: {serviceAccountName: orders, containers: [{name: orders, image: orders, ports: [{name: http, containerPort: 8080}]}]}`;
const atWaypoint = (actions: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: orders, namespace: mesh}
spec:
  hosts: [orders]
  http:
  - route:
    - destination: {host: orders}
${actions}`;
/** The orders pods in the order the balancer takes them. */
const podNames = (result: ReturnType<typeof timeline>): string[] => result.decision.destinations[0]!.pods;
const run = (yaml: string[], script: string, requests = 1) => timeline(new World(documents(CLUSTER), [documents([twoPods, ...yaml].join('\n---\n'))]),
  {request: parseRequest('GET http://shop.example/'), gateway: 'mesh/edge'}, script, {requests});

describe('the waypoint\'s own retries', () => {
  it('retry a pod\'s 503 on the other pod, so the gateway gets the 200 in one attempt', () => {
    const result = run([edge(), ordersOptIn, atWaypoint('    retries: {attempts: 2, retryOn: "5xx"}\n')], 'pod 1: 503');
    const [request] = result.requests;
    expect(request).toMatchObject({status: 200});
    expect(request!.attempts).toHaveLength(1);
    const [first, second] = podNames(result);
    expect(request!.attempts[0]!.waypointTries!.map((t) => [t.pod, t.result])).toEqual([[first, '503'], [second, '200']]);
    expect(request!.attempts[0]!.waypointTries![0]!.retriedAfterMs).toBe(25);
    expect(request!.end! - request!.start).toBe(25);
  });

  it('turn a reset into the waypoint\'s 503 once they run out: the gateway sees an HTTP answer, not a reset', () => {
    const result = run([edge(), ordersOptIn, atWaypoint('    retries: {attempts: 1, retryOn: "reset"}\n')], '*: reset');
    const [request] = result.requests;
    expect(request!.status).toBe(503);
    expect(request!.attempts[0]!.result).toMatch(/^503 UC,URX from waypoint mesh\/waypoint: its retries exhausted \(1\)/);
    expect(request!.attempts[0]!.waypointTries).toHaveLength(2);
  });

  it('are the mesh default (2, on connect-failure) when the waypoint\'s route sets none', () => {
    const result = run([edge(), ordersOptIn], '*: refuse');
    expect(result.requests[0]!.attempts[0]!.waypointTries).toHaveLength(3);
    expect(result.requests[0]!.attempts[0]!.result).toMatch(/^503 UF,URX from waypoint mesh\/waypoint/);
    expect(result.notes.join('\n')).toContain('waypoint mesh/waypoint routes every attempt the gateway forwards to orders.mesh.svc.cluster.local with its own route\'s timeout (none) and retries (2 on connect-failure');
  });

  it('multiply with the gateway\'s: each gateway attempt is a full round of the waypoint\'s tries', () => {
    const result = run([edge('    retry: {attempts: 1, codes: [503]}\n'), ordersOptIn, atWaypoint('    retries: {attempts: 1, retryOn: "5xx"}\n')], '*: 503');
    const [request] = result.requests;
    expect(request!.status).toBe(503);
    expect(request!.attempts.map((a) => a.waypointTries!.length)).toEqual([2, 2]);
  });
});

describe('the pods\' outlier detection behind the waypoint', () => {
  it('counts each of the waypoint\'s tries, so a failing pod is ejected by the tries the waypoint retried', () => {
    const outlier = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: orders, namespace: mesh}
spec:
  host: orders
  trafficPolicy: {outlierDetection: {consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}}`;
    const result = run([edge(), ordersOptIn, outlier, atWaypoint('    retries: {attempts: 1, retryOn: "5xx"}\n')], 'pod 1: 503', 3);
    expect(result.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    const [first] = podNames(result);
    expect(result.events.filter((e) => e.kind === 'ejected').map((e) => e.pod)).toEqual([first]);
  });
});

describe('the waypoint\'s own timeout', () => {
  it('answers the gateway 504 when a pod hangs, where the gateway alone would wait forever', () => {
    const result = run([edge(), ordersOptIn, atWaypoint('    timeout: 2s\n    retries: {attempts: 0}\n')], '*: hang', 2);
    expect(result.requests.map((r) => [r.status, r.end! - r.start])).toEqual([[504, 2000], [504, 2000]]);
    expect(result.requests[0]!.attempts[0]!.result).toMatch(/^504 UT from waypoint mesh\/waypoint: its route timeout \(2000 ms\) ends the request/);
    // The gateway sets no timeout; its 3 tries (mesh default retries) each end within the waypoint's 2 s: 3 × 2000 + 25 + 75 ms.
    expect(result.worstCase.boundMs).toBe(6100);
    expect(formatTimelineText(result)).toContain(`      waypoint try 1 ${podNames(result)[0]} 0–2000 ms: cut by waypoint mesh/waypoint's route timeout`);
  });

  it('bounds each of its tries with its perTryTimeout and retries a hang on the other pod', () => {
    const result = run([edge(), ordersOptIn, atWaypoint('    retries: {attempts: 1, perTryTimeout: 500ms, retryOn: "5xx"}\n')], 'pod 1: hang');
    const [request] = result.requests;
    expect(request).toMatchObject({status: 200});
    const [first, second] = podNames(result);
    expect(request!.attempts[0]!.waypointTries!.map((t) => [t.pod, t.start, t.end])).toEqual([[first, 0, 500], [second, 525, 525]]);
  });

  it('is cut by the gateway\'s shorter timeout: the gateway answers 504 itself', () => {
    const gatewayTimeout = '    timeouts: {request: 1s}\n';
    const result = run([edge(gatewayTimeout), ordersOptIn, atWaypoint('    timeout: 3s\n')], '*: hang');
    expect(result.requests[0]).toMatchObject({status: 504, flags: 'UT'});
    expect(result.requests[0]!.end! - result.requests[0]!.start).toBe(1000);
  });
});
