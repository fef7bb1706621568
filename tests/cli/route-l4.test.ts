/**
 * `meshdive route` through an ingress gateway's TCP server: an L4 connection is established or
 * closed (Envoy's tcp_proxy: flag NC for a cluster that does not exist), never an HTTP status, in
 * text and in JSON.
 */
import {describe, expect, it} from 'vitest';
import {routeInProcess} from '../support/route-in-process';
import {workFiles} from '../support/work-files';
import {edgeVirtualService, L4_GATEWAY_CLUSTER} from '../simulator/gateway-l4-support';

const file = workFiles('meshdive-route-l4-');

const context = file('edge.yaml', L4_GATEWAY_CLUSTER);
const split = file('db.yaml', edgeVirtualService('db', `  hosts: ['*']
  tcp: [{route: [{destination: {host: db}, weight: 80}, {destination: {host: missing}, weight: 20}]}]`));
const args = (...extra: string[]) => ['--context', context, '--gateway', 'shop/edge', '--request', 'GET http://db.example.com:5432/', ...extra, split];

describe('meshdive route with an L4 connection', () => {
  it('prints the connection\'s state on the Decision and Connection lines, and the closed share with its flag', async () => {
    const result = await routeInProcess(args());
    expect(result).toMatchObject({status: 0, stderr: ''});
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe('Decision: established  80% → db.shop.svc.cluster.local (1 pod), 20% → closed NC: no Service or ServiceEntry missing.shop.svc.cluster.local');
    expect(lines).toContain('Connection: TCP, at server 0 (TCP); 1 filter chain on the port; established');
    expect(result.stdout).toMatch(/^ +20% {2}closed NC {2}missing\.shop\.svc\.cluster\.local$/m);
    expect(result.stdout.split('Trace:')[0]).not.toMatch(/\b(200|503)\b/);
  });

  it('writes no HTTP status in JSON: the connection state on the decision, each destination and each share', async () => {
    const result = await routeInProcess(args('--format', 'json'));
    const {decision} = JSON.parse(result.stdout) as {decision: Record<string, unknown> & {destinations: Array<Record<string, unknown>>; distribution: Array<Record<string, unknown>>}};
    expect(decision).toMatchObject({status: null, connection: {proxy: 'gateway', protocol: 'tcp', state: 'established'}});
    expect(decision.destinations.map((d) => [d.connection, d.flags, 'status' in d])).toEqual([['established', undefined, false], ['closed', 'NC', false]]);
    expect(decision.distribution.every((e) => !('status' in e) && (e.connection === 'established' || e.connection === 'closed'))).toBe(true);
  });
});
