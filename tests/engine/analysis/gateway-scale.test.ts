/**
 * Gateways are judged in time that grows linearly with their servers and their number:
 * - one Gateway with thousands of HTTPS servers on port 443 (a real istiod accepts 20,000):
 *   `gateway.CertificateAnalyzer` once took 3 s of CPU over them (each server's certificate key
 *   was looked for in the list of those before it);
 * - thousands of Gateways with a selector each: `gateway.ConflictingGatewayAnalyzer` compared every
 *   pair of selectors' texts (20,000 took 14 s of CPU);
 * - thousands of Gateways on one selector with as many gateway pods: the secret and port analyzers
 *   listed every matching pod for each Gateway (20,000 of each ran for over 300 s).
 * Each check compares the time at 2,500 and at 20,000 (the best of a few runs each): eight times as
 * many may take about eight times as long, not sixty-four (the old code: 2,500 servers in about
 * 60 ms, 20,000 in about 3 s). The admission rules (ValidateGateway) and every analyzer run, open
 * world and with a cluster context, so that the closed-world analyzers run too.
 */
import {describe, expect, it} from 'vitest';
import {analyze, type AnalysisFinding} from '../../../src/engine/analysis';
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

function bestOf(runs: number, judge: () => number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, judge());
  return best;
}

/** The growth of `judge`'s time from SMALL to LARGE, after a warm-up; a message with both times. */
function growth(judge: (count: number) => number): {ratio: number; message: string} {
  bestOf(2, () => judge(SMALL));
  const small = bestOf(3, () => judge(SMALL));
  const large = bestOf(2, () => judge(LARGE));
  return {ratio: large / small, message: `${SMALL}: ${small.toFixed(1)} ms; ${LARGE}: ${large.toFixed(1)} ms`};
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
    const {ratio, message} = growth((servers) => judge(servers).ms);
    expect(ratio, message).toBeLessThan(MAX_GROWTH);
  });
});

/** Gateways `g<i>` selecting `app: gw-<i>`, and (as a context) a pod for each of them. */
function selectingGateways(count: number): {gateways: AnalysisResource[]; pods: AnalysisResource[]} {
  const gateways = Array.from({length: count}, (_, i) => resource('networking.istio.io', 'Gateway', `g${i}`,
    {selector: {app: `gw-${i}`}, servers: [{port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['shared.example.com']}]}, i));
  const pods = Array.from({length: count}, (_, i) => resource('', 'Pod', `gw-${i}`, {containers: [{name: 'istio-proxy', image: 'istio/proxyv2:1.30.3'}]}, -1, {labels: {app: `gw-${i}`}}));
  return {gateways, pods};
}

function judgeSelecting(count: number): {ms: number; conflicts: AnalysisFinding[]} {
  const {gateways, pods} = selectingGateways(count);
  const start = performance.now();
  analyze(gateways, [], {closedWorld: false});
  const closed = analyze(gateways, pods, {closedWorld: true});
  return {ms: performance.now() - start, conflicts: closed.filter((f) => f.code === 'IST0145')};
}

describe('thousands of Gateways with a selector each', () => {
  it('compares a selector with those whose text contains it when a pod has both: g1 (app=gw-1) and g10 (app=gw-10) share no pod', () => {
    expect(judgeSelecting(20).conflicts).toEqual([]);
  });

  it('is judged in time linear in the Gateways', () => {
    const {ratio, message} = growth((count) => judgeSelecting(count).ms);
    expect(ratio, message).toBeLessThan(MAX_GROWTH);
  });
});

/** Gateways `g<i>` on the one ingress gateway's selector, and (as a context) as many of its pods and its Service. */
function sharedSelector(count: number): {gateways: AnalysisResource[]; context: AnalysisResource[]} {
  const gateways = Array.from({length: count}, (_, i) => resource('networking.istio.io', 'Gateway', `g${i}`,
    {selector: {istio: 'ingressgateway'}, servers: [{port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: [`h${i}.example.com`]}]}, i));
  const pods = Array.from({length: count}, (_, i) => resource('', 'Pod', `ingress-${i}`, {containers: [{name: 'istio-proxy', image: 'istio/proxyv2:1.30.3'}]}, -1, {labels: {istio: 'ingressgateway'}}));
  return {gateways, context: [...pods, CONTEXT[1]!]};
}

describe('thousands of Gateways on one selector, with as many gateway pods', () => {
  function judgeShared(count: number): {ms: number; codes: string[]} {
    const {gateways, context} = sharedSelector(count);
    const start = performance.now();
    const closed = analyze(gateways, context, {closedWorld: true});
    return {ms: performance.now() - start, codes: closed.map((f) => `${f.code} ${f.document} ${f.path}`)};
  }

  it('reports each port 80 server that the Service (443 to 8443 only) does not expose', () => {
    const {codes} = judgeShared(3);
    expect(codes).toEqual(['IST0162 0 /spec/servers/0/port/number', 'IST0162 1 /spec/servers/0/port/number', 'IST0162 2 /spec/servers/0/port/number']);
  });

  it('is judged in time linear in the Gateways and pods', () => {
    const {ratio, message} = growth((count) => judgeShared(count).ms);
    expect(ratio, message).toBeLessThan(MAX_GROWTH);
  });
});
