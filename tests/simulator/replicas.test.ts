/**
 * A workload's replicas as the API server takes them (an int32, at least 0) and as the
 * simulator models them: a count, with a few named pods for display. A shared edit or a
 * context may say `replicas: 100000000`; routing and drawing it must not build that many pods.
 */
import {describe, expect, it} from 'vitest';
import {routingDiagram} from '../../src/simulator/diagram';
import {formatDecisionText} from '../../src/simulator/format';
import {sampleRequests} from '../../src/simulator/distribution';
import {checkExercise} from '../../src/simulator/exercises';
import {World} from '../../src/simulator/world';
import {labResources, reviewsVs, route} from './helpers';

/** The reviews lab with reviews-v1 scaled to `replicas` (as written: a number or anything else). */
function reviewsWith(replicas: unknown): unknown[] {
  const resources = structuredClone(labResources('reviews')) as Array<{kind: string; metadata: {name: string}; spec: {replicas?: unknown}}>;
  for (const resource of resources) if (resource.kind === 'Deployment' && resource.metadata.name === 'reviews-v1') resource.spec.replicas = replicas;
  return resources;
}

const SPLIT = reviewsVs(`  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination: {host: reviews, subset: v3}
      weight: 50
`);

/** Loose bound: the unbounded model took minutes and gigabytes; the count model takes milliseconds. */
const HANG_BOUND_MS = 5_000;

function timed<T>(run: () => T): {value: T; ms: number} {
  const start = performance.now();
  const value = run();
  return {value, ms: performance.now() - start};
}

describe('a workload with a hundred million replicas', () => {
  const context = reviewsWith(100_000_000);

  it('is routed quickly, counting its pods and naming only a few', () => {
    const {value: decision, ms} = timed(() => route({context, yaml: SPLIT, request: 'GET http://reviews:9080/'}));
    expect(ms).toBeLessThan(HANG_BOUND_MS);
    const v1 = decision.destinations.find((d) => d.subset === 'v1')!;
    expect(v1.podCount).toBe(100_000_000);
    expect(v1.pods.length).toBeGreaterThan(0);
    expect(v1.pods.length).toBeLessThanOrEqual(10);
    for (const pod of v1.pods) expect(pod).toMatch(/^reviews-v1-[a-z0-9]{10}-[a-z0-9]{5}$/);
    expect(decision.destinations.find((d) => d.subset === 'v3')!.podCount).toBe(1);
    expect(decision.summary).toContain('100,000,000 pods');
  });

  it('keeps exact shares: the workload is one entry standing for all its pods', () => {
    const decision = route({context, yaml: SPLIT, request: 'GET http://reviews:9080/'});
    expect(decision.distribution.length).toBeLessThanOrEqual(20);
    expect(decision.distribution.reduce((sum, e) => sum + e.share, 0)).toBeCloseTo(1, 12);
    const v1 = decision.distribution.filter((e) => e.subset === 'v1');
    expect(v1).toEqual([expect.objectContaining({share: 0.5, status: 200, workload: 'reviews-v1', pods: 100_000_000})]);
    const sampled = sampleRequests(decision, 1000, 7);
    expect(sampled.reduce((sum, e) => sum + e.count, 0)).toBe(1000);
  });

  it('says how many more pods there are than it names, in the trace and the text output', () => {
    const decision = route({context, yaml: SPLIT, request: 'GET http://reviews:9080/'});
    const text = formatDecisionText(decision, ['vs.yaml']);
    expect(text).toMatch(/and 99,999,99\d more/);
    expect(text.length).toBeLessThan(20_000);
    expect(decision.trace.map((step) => step.message).join('\n')).toMatch(/100,000,000 pods: reviews-v1-\S+, .*and 99,999,99\d more/);
  });

  it('is routed quickly when the Service, not a subset, selects it', () => {
    const {value: decision, ms} = timed(() => route({context, yaml: '', request: 'GET http://reviews:9080/'}));
    expect(ms).toBeLessThan(HANG_BOUND_MS);
    expect(decision.destinations[0]!.podCount).toBe(100_000_002);
    // Each of the single-pod workloads gets 1 / 100,000,002 of the traffic.
    const single = decision.distribution.filter((e) => e.pod !== undefined);
    expect(single).toHaveLength(2);
    for (const entry of single) expect(entry.share).toBeCloseTo(1 / 100_000_002, 15);
  });

  it('counts all its pods in an exercise that targets their labels', () => {
    const [result] = checkExercise({checks: [{request: {send: 'GET http://reviews:9080/'}, share: {labels: {version: 'v1'}, about: 0.5}}]}, SPLIT, context);
    expect(result).toMatchObject({passed: true, reason: expect.stringMatching(/^50% reach/)});
  });

  it('is drawn quickly, with a few pods and a count of the others', () => {
    const {value: diagram, ms} = timed(() => routingDiagram(SPLIT, context));
    expect(ms).toBeLessThan(HANG_BOUND_MS);
    if (diagram.kind !== 'diagram') throw new Error(`expected a diagram, got ${JSON.stringify(diagram)}`);
    expect(diagram.source).toContain('and 99,999,997 more pods');
    expect(diagram.source.length).toBeLessThan(10_000);
  });

  it('is the largest count a Deployment can have, 2147483647, just as quickly', () => {
    const {value: decision, ms} = timed(() => route({context: reviewsWith(2_147_483_647), yaml: SPLIT, request: 'GET http://reviews:9080/'}));
    expect(ms).toBeLessThan(HANG_BOUND_MS);
    expect(decision.destinations.find((d) => d.subset === 'v1')!.podCount).toBe(2_147_483_647);
  });
});

describe('replicas the API server would refuse', () => {
  // Not an int32, or negative: kubectl apply fails, so the workload never exists and runs no pods.
  for (const [written, reason] of [
    [1e20, /spec\.replicas.*32-bit integer/],
    [2_147_483_648, /spec\.replicas.*32-bit integer/],
    [1.5, /spec\.replicas.*32-bit integer/],
    [-1, /spec\.replicas.*greater than or equal to 0/],
    ['3', /spec\.replicas.*integer/],
    [true, /spec\.replicas.*integer/],
  ] as const) {
    it(`refuses replicas: ${JSON.stringify(written)} with a clear message, not a crash`, () => {
      const context = reviewsWith(written);
      const world = new World(context);
      expect(world.refusedWorkloads).toEqual([expect.objectContaining({kind: 'Deployment', name: 'reviews-v1', namespace: 'default', message: expect.stringMatching(reason)})]);
      const decision = route({context, yaml: SPLIT, request: 'GET http://reviews:9080/'});
      const v1 = decision.destinations.find((d) => d.subset === 'v1')!;
      expect(v1).toMatchObject({status: 503, flags: 'UH', podCount: 0, pods: []});
      expect(decision.trace.map((step) => step.message).join('\n')).toMatch(reason);
    });
  }

  it('explains a refused Deployment in the edited YAML instead of drawing', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: default}
spec:
  replicas: 1e20
  selector:
    matchLabels: {app: reviews, version: v1}
  template:
    metadata:
      labels: {app: reviews, version: v1}
    spec:
      containers: [{name: reviews, image: reviews}]
---
`;
    const diagram = routingDiagram(deployment + SPLIT, labResources('reviews'));
    // The engine refuses it as the API server would, before the simulator reads it.
    expect(diagram).toEqual({kind: 'invalid', message: expect.stringMatching(/^line 5: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number \d+ into Go struct field DeploymentSpec\.spec\.replicas of type int32$/)});
  });

  it('defaults absent or null replicas to 1, and runs no pod with 0', () => {
    for (const [written, count] of [[undefined, 1], [null, 1], [0, 0]] as const) {
      const decision = route({context: reviewsWith(written), yaml: SPLIT, request: 'GET http://reviews:9080/'});
      expect(decision.destinations.find((d) => d.subset === 'v1')!.podCount).toBe(count);
    }
  });
});
