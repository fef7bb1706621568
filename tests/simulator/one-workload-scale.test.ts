/**
 * The simulator groups what it reads about one workload in time linear in its size: 20,000
 * same-named container ports (30 s), 6,000 probe paths on one port (6 s), or an exercise check
 * over 60,000 Istio answers for one workload once copied the group on every add (quadratic);
 * each now takes tens of milliseconds, with the same answers.
 */
import {describe, expect, it} from 'vitest';
import type {Decision} from '../../src/simulator/decision';
import {evaluateIstioCheck} from '../../src/simulator/istio-authz/checks';
import type {IstioAnswer} from '../../src/simulator/istio-authz/attach';
import {DEFAULT_CLUSTER_INFO} from '../../src/simulator/linkerd/cluster-info';
import {linkerdWorkload} from '../../src/simulator/linkerd/workloads';
import {World} from '../../src/simulator/world';

const PORTS = 20_000;
const PROBES = 6_000;
const ANSWERS = 60_000;
/** Loose, for a loaded machine: the linear work takes tens of milliseconds, the quadratic took many seconds. */
const BOUND_MS = 3_000;

function timed<T>(run: () => T): {ms: number; value: T} {
  const start = performance.now();
  const value = run();
  return {ms: performance.now() - start, value};
}

function pod(containers: unknown[]): World {
  return new World([{apiVersion: 'v1', kind: 'Pod', metadata: {name: 'wide', namespace: 'shop'}, spec: {containers}}]);
}

describe('a Linkerd workload with many containers', () => {
  it('groups 20,000 container ports of one name in container order', () => {
    const world = pod(Array.from({length: PORTS}, (_, i) => ({name: `c${i}`, ports: [{name: 'http', containerPort: 1 + (i % 65535)}]})));
    const {ms, value} = timed(() => linkerdWorkload(world, world.resources[0]!, DEFAULT_CLUSTER_INFO));
    expect(ms).toBeLessThan(BOUND_MS);
    const ports = value!.portsByName.get('http')!;
    expect(ports).toHaveLength(PORTS);
    expect(ports.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('gathers 6,000 probe paths on one port, each once', () => {
    const probe = (path: string) => ({httpGet: {port: 8080, path}});
    const world = pod(Array.from({length: PROBES / 3}, (_, i) => ({
      name: `c${i}`,
      livenessProbe: probe(`/live/${i}`),
      readinessProbe: probe(`/ready/${i}?full=1`),
      startupProbe: probe(i % 2 === 0 ? '/started' : `/start/${i}`),
    })));
    const {ms, value} = timed(() => linkerdWorkload(world, world.resources[0]!, DEFAULT_CLUSTER_INFO));
    expect(ms).toBeLessThan(BOUND_MS);
    const paths = value!.probePaths.get(8080)!;
    expect(paths.size).toBe(PROBES / 3 * 2 + PROBES / 6 + 1);
    expect(paths.has('/ready/7')).toBe(true);
    expect([...paths].slice(0, 4)).toEqual(['/live/0', '/ready/0', '/started', '/live/1']);
  });
});

describe('an exercise check over many Istio answers for one workload', () => {
  function answer(i: number, verdict: 'allowed' | 'denied'): IstioAnswer {
    const summary = verdict === 'allowed' ? `allowed at proxy ${i}` : `denied at proxy ${i}`;
    return {enforcer: 'sidecar', verdict, status: verdict === 'denied' ? 403 : undefined, reset: false, audited: false, summary,
      host: 'api.shop.svc.cluster.local', workload: {namespace: 'shop', name: 'api'}} as IstioAnswer;
  }
  const decision = (answers: IstioAnswer[]) => ({istio: answers}) as unknown as Decision;

  it('takes the workload\'s first refusal, else its last answer, from 60,000', () => {
    const allowed = Array.from({length: ANSWERS}, (_, i) => answer(i, 'allowed'));
    const denied = [...allowed];
    denied[ANSWERS / 2] = answer(ANSWERS / 2, 'denied');
    denied[ANSWERS - 1] = answer(ANSWERS - 1, 'denied');
    const {ms, value} = timed(() => [evaluateIstioCheck({authorized: true}, decision(allowed)), evaluateIstioCheck({denied: 403}, decision(denied))]);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(value[0]).toEqual({passed: true, reason: `shop/api: allowed at proxy ${ANSWERS - 1}`});
    expect(value[1]).toEqual({passed: true, reason: `shop/api: denied at proxy ${ANSWERS / 2}`});
  });
});
