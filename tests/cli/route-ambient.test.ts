/**
 * `meshdive route` in a lab that shows ambient mode: the data-plane lines (who routed, the waypoint or
 * why none, each path with the proxies that enforce the destination's policy) and `decision.dataplane` in JSON.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {bookinfoService, REVIEWS_CANARY} from '../simulator/ambient-support';
import {routeInProcess} from '../support/route-in-process';

const work = mkdtempSync(join(tmpdir(), 'meshdive-ambient-route-'));
const canary = join(work, 'canary.yaml');
writeFileSync(canary, REVIEWS_CANARY);
const enrolled = join(work, 'enrolled.yaml');
writeFileSync(enrolled, bookinfoService('reviews', {'istio.io/use-waypoint': 'waypoint'}));
const args = (...files: string[]) => ['--context', 'labs/contexts/ambient-bookinfo.yaml', '--request', 'GET http://reviews:9080/', '--from', 'bookinfo/productpage-v1', ...files];

describe('meshdive route in ambient mode', () => {
  it('says the HTTPRoute is ignored when reviews has no waypoint', async () => {
    const result = await routeInProcess(args(canary));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Data plane: client ambient; routed by no proxy (L4 only): no route applies: ztunnel balances connections over the Service\'s pods (HTTPRoute bookinfo/reviews ignored)\n');
    expect(result.stdout).toContain('No waypoint: neither Service bookinfo/reviews nor namespace bookinfo is labelled istio.io/use-waypoint: no waypoint\n');
    expect(result.stdout).toContain('Path: bookinfo/productpage-v1 → ztunnel (client) —HBONE→ ztunnel → bookinfo/reviews-v3  [policy: ztunnel L4]\n');
  });

  it('prints the waypoint on the path once reviews is enrolled, and the route it applied', async () => {
    const result = await routeInProcess(args(enrolled, canary));
    expect(result.stdout).toContain('Route: HTTPRoute bookinfo/reviews rules[0]');
    expect(result.stdout).toContain('Data plane: client ambient; routed by waypoint: the waypoint routes by HTTPRoute bookinfo/reviews\n');
    expect(result.stdout).toContain('Path: bookinfo/productpage-v1 → ztunnel (client) —HBONE→ waypoint bookinfo/waypoint —HBONE→ ztunnel → bookinfo/reviews-v2  [policy: waypoint L7, ztunnel L4]\n');
  });

  it('carries the data plane in JSON', async () => {
    const result = await routeInProcess([...args(enrolled, canary), '--format', 'json']);
    const dataplane = JSON.parse(result.stdout).decision.dataplane;
    expect(dataplane.routedBy).toBe('waypoint');
    expect(dataplane.crosses).toEqual(['ztunnel', 'waypoint', 'ztunnel']);
    expect(dataplane.paths.map((path: {workload: string}) => path.workload)).toEqual(['reviews-v1', 'reviews-v2']);
  });
});
