/**
 * One Gateway with thousands of servers on one port is judged in time that grows linearly with
 * its servers: a real istiod accepts 20,000 HTTPS servers on port 443, and
 * `gateway.CertificateAnalyzer` once took 3 s of CPU over them (each server's certificate key was
 * looked for in the list of those before it). The check compares the time at 2,000 and at 16,000
 * servers (the best of a few runs each): eight times the servers may take about eight times as
 * long, not sixty-four (the old check: 2,500 servers in about 60 ms, 20,000 in about 3 s). The admission rules (ValidateGateway) and every analyzer run, with a cluster
 * context holding the gateway's pod and Service, so that the closed-world analyzers run too.
 */
import {describe, expect, it} from 'vitest';
import {analyze} from '../../../src/engine/analysis';
import {validateIstioRules} from '../../../src/engine/istio';
import type {AnalysisResource} from '../../../src/engine/model/resource';

const SMALL = 2_500;
const LARGE = 20_000;
/** Linear work grows eight times; allow four times that for GC and a loaded machine's noise (quadratic grows 64 times). */
const MAX_GROWTH = 32;

function resource(group: string, kind: string, name: string, spec: Record<string, unknown>, document: number, extra: Record<string, unknown> = {}): AnalysisResource {
  const apiVersion = group === '' ? 'v1' : `${group}/v1`;
  return {document, pathPrefix: '', group, kind, name, namespace: 'istio-system', value: {apiVersion, kind, metadata: {name, namespace: 'istio-system', ...extra}, spec}};
}

const CONTEXT = [
  resource('', 'Pod', 'istio-ingressgateway-1', {containers: [{name: 'istio-proxy', image: 'istio/proxyv2:1.30.3'}]}, -1, {labels: {istio: 'ingressgateway'}}),
  resource('', 'Service', 'istio-ingressgateway', {selector: {istio: 'ingressgateway'}, ports: [{name: 'https', port: 443, targetPort: 8443}]}, -1),
];

/** HTTPS servers on port 443, each with its own host and certificate, and every seventh sharing one. */
function gateway(servers: number): AnalysisResource {
  return resource('networking.istio.io', 'Gateway', 'wide', {
    selector: {istio: 'ingressgateway'},
    servers: Array.from({length: servers}, (_, i) => ({
      port: {number: 443, name: `https-${i}`, protocol: 'HTTPS'},
      hosts: [`h${i}.example.com`, `ns${i % 50}/x${i}.example.com`],
      tls: {mode: 'SIMPLE', credentialName: i % 7 === 0 ? 'shared-cert' : `cert-${i}`},
    })),
  }, 0);
}

function judge(servers: number): {ms: number; admission: number; open: number; closed: string[]} {
  const input = [gateway(servers)];
  const start = performance.now();
  const admission = validateIstioRules('networking.istio.io', 'Gateway', input[0]!.value);
  const open = analyze(input, [], {closedWorld: false});
  const closed = analyze(input, CONTEXT, {closedWorld: true});
  return {ms: performance.now() - start, admission: admission.length, open: open.length, closed: closed.map((f) => `${f.code} ${f.path}`)};
}

function bestOf(runs: number, servers: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, judge(servers).ms);
  return best;
}

describe('a Gateway with thousands of servers on one port', () => {
  it('passes admission and open-world analysis; with a cluster, each server misses its secret', () => {
    const {admission, open, closed} = judge(SMALL);
    expect(admission).toBe(0);
    expect(open).toBe(0);
    // gateway/secret.go: the context holds no Secret, so each server's credentialName is not found.
    expect(closed).toHaveLength(SMALL);
    expect(closed.slice(0, 2)).toEqual(['IST0101 /spec/servers/0/tls/credentialName', 'IST0101 /spec/servers/1/tls/credentialName']);
  });

  it('is judged in time linear in its servers', () => {
    bestOf(2, SMALL); // warm up the code paths before timing
    const small = bestOf(3, SMALL);
    const large = bestOf(2, LARGE);
    expect(large / small, `${SMALL} servers: ${small.toFixed(1)} ms; ${LARGE}: ${large.toFixed(1)} ms`).toBeLessThan(MAX_GROWTH);
  });
});
