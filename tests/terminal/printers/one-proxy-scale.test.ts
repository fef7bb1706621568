/**
 * The istioctl printers group what one proxy reads in time linear in its size: a Sidecar's 20,000
 * egress hosts of one namespace, or 20,000 plain-text HTTP servers merged onto one gateway port,
 * once copied their group on every add (quadratic: 189 s and 96 s for one printed command on a
 * loaded 2-core machine); now under a second and about 3 s, with the same answers.
 */
import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';

const HOSTS = 20_000;
/** Loose, for a loaded machine: far above the linear work, far below the quadratic. */
const BOUND_MS = 15_000;

function timedText(line: string, model: StateModel): {ms: number; text: string} {
  const start = performance.now();
  const printed = printFromModel(line, {namespace: 'default', placeholders: {}}, model);
  const ms = performance.now() - start;
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return {ms, text: printed.text};
}

const istio = (kind: string, name: string, ns: string, spec: Record<string, unknown>): ModelObject => ({
  group: 'networking.istio.io', kind, namespace: ns, name, value: {apiVersion: 'networking.istio.io/v1', kind, metadata: {name, namespace: ns}, spec},
});

describe('a sidecar whose Sidecar imports 20,000 hosts of one namespace', () => {
  it('gets the one Service among them, in time linear in the hosts', () => {
    const hosts = [...Array.from({length: HOSTS}, (_, i) => `./h${i}.default.svc.cluster.local`), './reviews.default.svc.cluster.local'];
    const model = withMeshConfig(namespaced(ISTIOD, namespace('default'), namespace('istio-system'),
      sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5'),
      service('reviews', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.12'}),
      service('ratings', 'default', [{name: 'http', port: 9081}], {clusterIP: '10.96.0.13'}),
      istio('Sidecar', 'default', 'default', {egress: [{hosts}]})));
    const {ms, text} = timedText('istioctl pc cluster productpage-v1-abc --direction outbound', model);
    expect(ms).toBeLessThan(BOUND_MS);
    const clusters = new Set(text.split('\n').slice(1, -1).map((row) => row.split(/ +/)[0]));
    expect([...clusters]).toEqual(['reviews.default.svc.cluster.local']);
  });
});

describe('an ingress gateway with 20,000 plain-text HTTP servers on one port', () => {
  it('merges them into one listener and one route name, in time linear in the servers', () => {
    const servers = Array.from({length: HOSTS}, (_, i) => ({port: {number: 80, name: `http-${i}`, protocol: 'HTTP'}, hosts: [`h${i}.example.com`]}));
    const model = withMeshConfig(namespaced(ISTIOD, GATEWAY, namespace('default'), namespace('istio-system'),
      service('istio-ingressgateway', 'istio-system', [{name: 'http2', port: 80, targetPort: 8080}], {clusterIP: '10.96.0.20', selector: {istio: 'ingressgateway'}}),
      istio('Gateway', 'wide', 'istio-system', {selector: {istio: 'ingressgateway'}, servers})));
    const {ms, text} = timedText('istioctl pc listener istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system', model);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(text.split('\n').filter((row) => /\b8080\b/.test(row))).toHaveLength(1);
  });
});
