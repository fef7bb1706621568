/**
 * Ingress through a waypoint (istio.io/ingress-use-waypoint): the gateway routes, then the waypoint
 * routes again by the Service's own routes (ambient/ingress-waypoint.ts). Each proxy's route actions
 * are its own: the gateway's fault filter acts first, the waypoint's acts on what reaches it; the
 * waypoint's mirrors copy what it forwards; and an abort at the waypoint is an answer the gateway's
 * router sees, so the gateway's retry policy applies to it (Envoy's fault filter answers before its own
 * router only: pilot/pkg/networking/core/route/route.go translateFault sits in the waypoint's route).
 */
import {describe, expect, it} from 'vitest';
import {formatDecisionText} from '../../src/simulator/format';
import {parseRequest, World} from '../../src/simulator/index';
import {timeline} from '../../src/simulator/resilience/timeline';
import {httpIngress} from './ambient-support';
import {documents} from './helpers';
import {CLUSTER, decide} from './istio-authz-helpers';

const edge = (backends: string, filters = '') => httpIngress({gateway: 'edge', namespace: 'mesh', rules: `\n  - backendRefs:\n${backends}${filters}`});
const ordersOptIn = `apiVersion: v1
kind: Service
metadata: {name: orders, namespace: mesh, labels: {istio.io/use-waypoint: waypoint, istio.io/ingress-use-waypoint: "true"}}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: 8080}]`;
/** The waypoint's route for orders: a VirtualService in the Service's namespace. */
const atWaypoint = (actions: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: orders, namespace: mesh}
spec:
  hosts: [orders]
  http:
  - route:
    - destination: {host: orders}
${actions}`;
const abortHalf = '    fault: {abort: {httpStatus: 503, percentage: {value: 50}}}\n';
const ONLY_ORDERS = '    - {name: orders, port: 80}\n';
const SPLIT = '    - {name: orders, port: 80, weight: 50}\n    - {name: cart, port: 80, weight: 50}\n';
const ask = (yaml: string[]) => ({yaml, request: 'GET http://shop.example/', gatewayName: 'mesh/edge'});
const byStatus = (decision: ReturnType<typeof decide>) => decision.distribution.reduce<Record<string, number>>((sum, e) => {
  const key = `${e.status}${e.flags ? ` ${e.flags}` : ''}`;
  return {...sum, [key]: Math.round(((sum[key] ?? 0) + e.share) * 1000) / 1000};
}, {});

describe('the waypoint\'s fault injection', () => {
  it('aborts its share of the traffic that reaches it, beside the gateway\'s other destination', () => {
    const decision = decide(ask([edge(SPLIT), ordersOptIn, atWaypoint('    fault: {abort: {httpStatus: 503, percentage: {value: 100}}}\n')]));
    expect(byStatus(decision)).toEqual({'503 FI': 0.5, 200: 0.5});
    expect(decision.distribution.find((e) => e.status === 503)?.host).toBe('orders.mesh.svc.cluster.local');
  });

  it('acts after the gateway\'s own aborts', () => {
    const gateway = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: edge-fault, namespace: mesh}
spec:
  hosts: [shop.example]
  gateways: [edge]
  http:
  - fault: {abort: {httpStatus: 500, percentage: {value: 20}}}
    route:
    - destination: {host: orders}`;
    const classic = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: mesh}
spec:
  selector: {app: edge}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]`;
    const decision = decide({yaml: [classic, gateway, ordersOptIn, atWaypoint(abortHalf)], request: 'GET http://shop.example/', gatewayName: 'mesh/edge'});
    expect(byStatus(decision)).toEqual({'500 FI': 0.2, '503 FI': 0.4, 200: 0.4});
  });

  it('is named in the trace', () => {
    const decision = decide(ask([edge(ONLY_ORDERS), ordersOptIn, atWaypoint(abortHalf)]));
    expect(decision.trace.map((step) => step.message)).toContain('waypoint mesh/waypoint\'s fault filter aborts 50% with 503 of what it receives from the gateway');
  });
});

describe('the waypoint\'s mirrors', () => {
  it('copy what the waypoint forwards, scaled by the gateway\'s share, named as the waypoint\'s', () => {
    const decision = decide(ask([edge(SPLIT), ordersOptIn, atWaypoint('    mirror: {host: cart}\n')]));
    expect(decision.mirroring?.map((m) => [m.by, m.host, m.share])).toEqual([['waypoint mesh/waypoint', 'cart.mesh.svc.cluster.local', 0.5]]);
    expect(formatDecisionText(decision, ['input.yaml'])).toContain('  waypoint mesh/waypoint copies 50% of requests to outbound|80||cart.mesh.svc.cluster.local');
  });
});

describe('the resilience timeline through the waypoint', () => {
  const run = (yaml: string[], requests: number) => timeline(new World(documents(CLUSTER), [documents(yaml.join('\n---\n'))]),
    {request: parseRequest('GET http://shop.example/'), gateway: 'mesh/edge'}, '', {requests});

  it('aborts the requests sent to the waypoint\'s Service, not the others', () => {
    const result = run([edge(SPLIT), ordersOptIn, atWaypoint('    fault: {abort: {httpStatus: 503, percentage: {value: 100}}}\n')], 4);
    const seen = result.requests.map((r) => [r.destination, r.attempts[0]?.result]);
    expect(seen.filter(([destination]) => destination === 'orders.mesh.svc.cluster.local').every(([, first]) => first === '503 (waypoint mesh/waypoint\'s fault filter)')).toBe(true);
    expect(seen.filter(([destination]) => destination === 'cart.mesh.svc.cluster.local').every(([, first]) => first === '200')).toBe(true);
  });

  it('lets the gateway retry the waypoint\'s 503 (its retry policy sees the answer)', () => {
    const result = run([edge(ONLY_ORDERS, '    retry: {attempts: 1, codes: [503]}\n'), ordersOptIn, atWaypoint(abortHalf)], 2);
    // Attempts through the waypoint: 1st passes, 2nd is aborted (50%), the retry (3rd) passes.
    expect(result.requests.map((r) => [r.status, r.attempts.map((a) => a.result)])).toEqual([
      [200, ['200']],
      [200, ['503 (waypoint mesh/waypoint\'s fault filter)', '200']],
    ]);
  });

  it('adds the waypoint\'s delay to each attempt it delays', () => {
    const result = run([edge(ONLY_ORDERS), ordersOptIn, atWaypoint('    fault: {delay: {fixedDelay: 2s, percentage: {value: 100}}}\n')], 1);
    expect(result.requests[0]!.end! - result.requests[0]!.start).toBe(2000);
  });
});
