/**
 * Ambient routing on any labelling of the ambient Bookinfo lab (fast-check, seeded): whatever the
 * namespace, Service and pod labels say, the simulator answers without an exception, every path starts
 * at the client's own proxy (none for a client without one), the waypoint is on a path exactly when it
 * routed (or a gateway sends there), and only destination-side proxies enforce the destination's policy.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {dataplaneMode} from '../../src/engine/model/ambient';
import {parseRequest, simulate, World} from '../../src/simulator/index';
import {bookinfoService, REVIEWS_CANARY} from './ambient-support';
import {documents, labResources} from './helpers';

const context = labResources('ambient-bookinfo');
const value = fc.constantFrom('ambient', 'none', 'enabled', 'disabled', 'waypoint', 'true', 'false', 'workload', 'all', 'service', 'stable', '__proto__', 'wayp0int');
const key = fc.constantFrom('istio.io/dataplane-mode', 'istio-injection', 'istio.io/rev', 'istio.io/use-waypoint', 'istio.io/use-waypoint-namespace', 'sidecar.istio.io/inject', 'istio.io/ingress-use-waypoint');
const labels = fc.dictionary(key, value, {maxKeys: 4});

const namespaceDoc = (name: string, l: Record<string, string>) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(l)}\n`;
const serviceDoc = (l: Record<string, string>) => bookinfoService('reviews', l);
const clientDoc = (l: Record<string, string>) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: productpage-v1, namespace: bookinfo}\nspec:\n  selector: {matchLabels: {app: productpage}}\n  template:\n    metadata:\n      labels: ${JSON.stringify({app: 'productpage', version: 'v1', ...l})}\n    spec:\n      containers: [{name: productpage, image: p:1, ports: [{containerPort: 9080}]}]\n`;
const waypointDoc = (l: Record<string, string>) => `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: waypoint\n  namespace: bookinfo\n  labels: ${JSON.stringify(l)}\nspec:\n  gatewayClassName: istio-waypoint\n  listeners: [{name: mesh, port: 15008, protocol: HBONE}]\n`;

describe('ambient routing on any labelling', () => {
  it('answers with consistent paths', () => {
    fc.assert(fc.property(labels, labels, labels, labels, labels, fc.constantFrom('bookinfo/productpage-v1', 'legacy/legacy-client', 'bookinfo'),
      (bookinfo, legacy, service, client, waypoint, from) => {
        const yaml = [namespaceDoc('bookinfo', bookinfo), namespaceDoc('legacy', legacy), serviceDoc(service), clientDoc(client), waypointDoc(waypoint), REVIEWS_CANARY].join('---\n');
        const world = new World(context, [documents(yaml)]);
        const decision = simulate(world, {request: parseRequest('GET http://reviews.bookinfo:9080/'), from});
        const dataplane = decision.dataplane!;
        expect(dataplane).toBeDefined();
        const total = decision.distribution.reduce((sum, e) => sum + e.share, 0);
        if (decision.distribution.length > 0) expect(Math.abs(total - 1)).toBeLessThan(1e-9);
        const [namespace, workload] = from.includes('/') ? from.split('/') : [from, undefined];
        const podLabels: Record<string, string> = workload === 'productpage-v1' ? {app: 'productpage', version: 'v1', ...client} : workload ? {app: 'legacy-client'} : {};
        const mode = dataplaneMode(namespace === 'bookinfo' ? bookinfo : legacy, podLabels);
        expect(dataplane.client).toBe(mode);
        for (const path of dataplane.paths) {
          const first = {sidecar: 'sidecar', ambient: 'ztunnel', none: undefined}[mode];
          if (first) expect(path.hops[0]).toEqual(expect.objectContaining({proxy: first, side: 'client'}));
          else expect(path.hops[0]?.side).not.toBe('client');
          expect(path.crosses.includes('waypoint')).toBe(dataplane.routedBy === 'waypoint');
          for (const hop of path.hops) expect(hop.enforces === undefined).toBe(hop.side === 'client');
        }
        if (dataplane.routedBy === 'waypoint') expect(mode).toBe('ambient');
        if (mode === 'sidecar') expect(dataplane.routedBy).toBe('sidecar');
      }), {seed: 15, numRuns: 300});
  });
});
