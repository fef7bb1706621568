/**
 * Outlier detection per port (src/simulator/resilience/policy.ts over src/engine/model/traffic-policy.ts):
 * istiod 1.30.3 builds each cluster from the DestinationRule's traffic policy for the cluster's port
 * (pilot/pkg/networking/util/util.go GetPortLevelTrafficPolicy: the port's `portLevelSettings` entry
 * replaces the whole policy, its unset parts left at the defaults) and a subset's over it
 * (MergeSubsetTrafficPolicy: part by part, every part when the subset has the port's own entry).
 * Bookinfo's reviews listens on 9080 and has one pod per version.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {timeline, type Timeline} from '../../src/simulator/resilience/timeline';
import {documents, labResources} from './helpers';

/** Ejects on the first 5xx, whatever share it takes out. */
const AT_ONCE = '{consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}';
/** Never ejects on 5xx (consecutive5xxErrors 0 turns it off). */
const NEVER = '{consecutive5xxErrors: 0}';

/** reviews' DestinationRule with this trafficPolicy, and subset v1 with its own when given. */
const rule = (trafficPolicy: string, subsetPolicy?: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy: ${trafficPolicy}
  subsets:
  - name: v1
    labels: {version: v1}${subsetPolicy ? `\n    trafficPolicy: ${subsetPolicy}` : ''}
`;

const toSubsetV1 = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
`;

function run(yaml: string[], script = 'reviews-v1: 503'): Timeline {
  const world = new World(labResources('bookinfo'), [documents(yaml.join('---\n'))]);
  return timeline(world, {request: parseRequest('GET http://reviews.bookinfo:9080/'), from: 'bookinfo/productpage-v1'}, script, {requests: 6, everyMs: 1000});
}

const ejected = (t: Timeline) => t.events.filter((e) => e.kind === 'ejected').map((e) => e.pod.replace(/-[^-]+-[^-]+$/, ''));

describe('portLevelSettings outlierDetection', () => {
  it('the entry for the destination port replaces the policy\'s outlierDetection, and the timeline names it', () => {
    const t = run([rule(`{outlierDetection: ${NEVER}, portLevelSettings: [{port: {number: 9080}, outlierDetection: ${AT_ONCE}}]}`)]);
    expect(t.policy.outlier).toMatchObject({consecutive5xx: 1, from: 'DestinationRule bookinfo/reviews portLevelSettings[0] (port 9080)'});
    expect(ejected(t)).toEqual(['reviews-v1']);
  });

  it('an entry for another port changes nothing: the policy\'s own applies', () => {
    const t = run([rule(`{outlierDetection: ${AT_ONCE}, portLevelSettings: [{port: {number: 9090}, outlierDetection: ${NEVER}}]}`)]);
    expect(t.policy.outlier).toMatchObject({consecutive5xx: 1, from: 'DestinationRule bookinfo/reviews'});
    expect(ejected(t)).toEqual(['reviews-v1']);
  });

  it('an entry for the port without outlierDetection leaves the port without any: it does not inherit the policy\'s', () => {
    const t = run([rule(`{outlierDetection: ${AT_ONCE}, portLevelSettings: [{port: {number: 9080}, loadBalancer: {simple: ROUND_ROBIN}}]}`)]);
    expect(t.policy.outlier).toBeUndefined();
    expect(t.events).toEqual([]);
  });

  it('the first entry for the port is the one read', () => {
    const t = run([rule(`{portLevelSettings: [{port: {number: 9080}, outlierDetection: ${AT_ONCE}}, {port: {number: 9080}, outlierDetection: ${NEVER}}]}`)]);
    expect(t.policy.outlier?.from).toBe('DestinationRule bookinfo/reviews portLevelSettings[0] (port 9080)');
  });
});

describe('a subset\'s portLevelSettings', () => {
  it('replace the rule\'s outlierDetection for the subset\'s cluster on that port', () => {
    const t = run([toSubsetV1, rule(`{outlierDetection: ${NEVER}}`, `{portLevelSettings: [{port: {number: 9080}, outlierDetection: ${AT_ONCE}}]}`)]);
    expect(t.policy.outlier).toMatchObject({consecutive5xx: 1, from: 'DestinationRule bookinfo/reviews subset v1 portLevelSettings[0] (port 9080)'});
    expect(ejected(t)).toEqual(['reviews-v1']);
  });

  it('an entry of the subset for the port without outlierDetection drops the rule\'s (every part is the entry\'s)', () => {
    const t = run([toSubsetV1, rule(`{outlierDetection: ${AT_ONCE}}`, '{portLevelSettings: [{port: {number: 9080}, loadBalancer: {simple: LEAST_REQUEST}}]}')]);
    expect(t.policy.outlier).toBeUndefined();
  });

  it('the subset\'s own outlierDetection wins over the rule\'s entry for the port; without one the rule\'s entry holds', () => {
    const portLevelRule = `{portLevelSettings: [{port: {number: 9080}, outlierDetection: ${NEVER}}]}`;
    expect(run([toSubsetV1, rule(portLevelRule, `{outlierDetection: ${AT_ONCE}}`)]).policy.outlier).toMatchObject({consecutive5xx: 1, from: 'DestinationRule bookinfo/reviews subset v1'});
    const kept = run([toSubsetV1, rule(portLevelRule, '{loadBalancer: {simple: LEAST_REQUEST}}')]);
    expect(kept.policy.outlier).toMatchObject({from: 'DestinationRule bookinfo/reviews portLevelSettings[0] (port 9080)'});
    expect(kept.policy.outlier?.consecutive5xx).toBeUndefined();
    expect(ejected(kept)).toEqual([]);
  });
});
