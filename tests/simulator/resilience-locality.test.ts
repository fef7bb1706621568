/**
 * Istio's locality failover in the resilience timeline (src/simulator/resilience/locality.ts):
 * priorities as istiod writes them (pilot/pkg/networking/core/loadbalancer/loadbalancer.go
 * applyLocalityFailover; networking/util/util.go LbPriority), only with outlier detection
 * (cluster_traffic_policy.go applyLocalityLoadBalancer), and Envoy's priority load with its
 * overprovisioning factor 1.4 (Envoy docs, "Priority levels").
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {localityWeights, priorityLoads} from '../../src/simulator/resilience/locality';
import {timeline, type Timeline} from '../../src/simulator/resilience/timeline';
import {formatTimelineText} from '../../src/simulator/resilience/format';
import {documents} from './helpers';
import {ECHO_SHOP, localityDeployment} from './locality-support';

const rule = (extra = '') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: echo, namespace: shop}
spec:
  host: echo
  trafficPolicy:
    outlierDetection: {consecutive5xxErrors: 2, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 100}
${extra}`;

function run(yaml: string, script: string, requests: number, everyMs = 1000): Timeline {
  const world = new World([], [documents(ECHO_SHOP + yaml)]);
  return timeline(world, {request: parseRequest('GET http://echo.shop:8080/'), from: 'shop/client'}, script, {requests, everyMs});
}

const workloadsHit = (t: Timeline) => t.requests.map((r) => r.attempts[0]!.pod!.split('-')[0] + '-' + r.attempts[0]!.pod!.split('-')[1]);

describe('priority levels', () => {
  const pods = `${localityDeployment('echo-local', {region: 'us-east', zone: 'us-east-1a'})}${localityDeployment('echo-west', {label: 'us-west.us-west-1a'})}`;

  it("sends every request to the client's own zone while its pods are healthy, and fails over when outlier detection ejects them", () => {
    const t = run(`${pods}${rule()}`, 'echo-local: 503', 5);
    expect(workloadsHit(t)).toEqual(['echo-local', 'echo-local', 'echo-west', 'echo-west', 'echo-west']);
    expect(t.events[0]).toMatchObject({kind: 'ejected', at: 1000});
    expect(t.policy.locality).toMatchObject({client: 'us-east/us-east-1a/', from: expect.stringMatching(/mesh config/)});
    expect(formatTimelineText(t)).toMatch(/priority 0: shop\/echo-local \(us-east\/us-east-1a\/\); priority 1: shop\/echo-west \(us-west\/us-west-1a\/\)/);
  });

  it('without outlier detection there is no failover: requests alternate between the localities', () => {
    const t = run(`${pods}apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: echo, namespace: shop}
spec:
  host: echo
  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
`, 'echo-local: 503', 4);
    expect(workloadsHit(t)).toEqual(['echo-local', 'echo-west', 'echo-local', 'echo-west']);
    expect(t.policy.locality).toBeUndefined();
  });

  it('localityLbSetting enabled false turns failover off', () => {
    const t = run(`${pods}${rule('    loadBalancer: {localityLbSetting: {enabled: false}}\n')}`, '*: 200', 2);
    expect(workloadsHit(t)).toEqual(['echo-local', 'echo-west']);
  });

  it('a portLevelSettings entry for the port replaces the loadBalancer too: without one there, the mesh config\'s locality setting applies (util.go GetPortLevelTrafficPolicy)', () => {
    const portLevel = '    loadBalancer: {localityLbSetting: {enabled: false}}\n    portLevelSettings:\n    - port: {number: 8080}\n      outlierDetection: {consecutive5xxErrors: 2, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 100}\n';
    const t = run(`${pods}${rule(portLevel)}`, 'echo-local: 503', 5);
    expect(workloadsHit(t)).toEqual(['echo-local', 'echo-local', 'echo-west', 'echo-west', 'echo-west']);
    expect(t.policy.locality).toMatchObject({from: expect.stringMatching(/mesh config/)});
    expect(t.policy.outlier?.from).toBe('DestinationRule shop/echo portLevelSettings[0] (port 8080)');
  });

  it("a failover entry from the client's region ranks its `to` region above the others", () => {
    const three = `${localityDeployment('echo-eu', {label: 'eu-west.eu-west-1a'})}${localityDeployment('echo-west', {label: 'us-west.us-west-1a'})}`;
    const t = run(`${three}${rule('    loadBalancer: {localityLbSetting: {enabled: true, failover: [{from: us-east, to: us-west}]}}\n')}`, '*: 200', 3);
    expect(t.policy.locality!.levels.map((l) => l.workloads.map((w) => w.split(' ')[0]))).toEqual([['shop/echo-west'], ['shop/echo-eu']]);
    expect(workloadsHit(t)).toEqual(['echo-west', 'echo-west', 'echo-west']);
  });
});

describe('failoverPriority', () => {
  const pods = `${localityDeployment('echo-local', {region: 'us-east', zone: 'us-east-1a'})}${localityDeployment('echo-west', {label: 'us-west.us-west-1a'})}`;

  it('ranks pods by the labels listed instead of their locality: an overriding value can prefer the far region', () => {
    const t = run(`${pods}${rule('    loadBalancer: {localityLbSetting: {failoverPriority: ["version=echo-west"]}}\n')}`, 'echo-west: 503', 5);
    expect(t.policy.locality!.levels.map((l) => l.workloads.map((w) => w.split(' ')[0]))).toEqual([['shop/echo-west'], ['shop/echo-local']]);
    // echo-west first while healthy; ejected after two 503s, the load fails over to echo-local.
    expect(workloadsHit(t)).toEqual(['echo-west', 'echo-west', 'echo-local', 'echo-local', 'echo-local']);
  });

  it('reads the topology labels of each pod\'s locality: the client\'s own region first', () => {
    const t = run(`${pods}${rule('    loadBalancer: {localityLbSetting: {failoverPriority: [topology.kubernetes.io/region]}}\n')}`, '*: 200', 2);
    expect(workloadsHit(t)).toEqual(['echo-local', 'echo-local']);
  });

  it('with failover written too, ranks by locality within each label rank (label rank × 5 + locality priority, renumbered)', () => {
    const four = `${pods}${localityDeployment('echo-zone', {region: 'us-east', zone: 'us-east-1b'})}${localityDeployment('echo-eu', {label: 'eu-west.eu-west-1a'})}`;
    const setting = (failover: string) => rule(`    loadBalancer: {localityLbSetting: {failoverPriority: [topology.kubernetes.io/region]${failover}}}\n`);
    const levels = (t: Timeline) => t.policy.locality!.levels.map((l) => l.workloads.map((w) => w.split(' ')[0]).sort());
    // failoverPriority alone: the client's region, then the rest, one level each.
    expect(levels(run(`${four}${setting('')}`, '*: 200', 1))).toEqual([['shop/echo-local', 'shop/echo-zone'], ['shop/echo-eu', 'shop/echo-west']]);
    // With failover: same zone 0, same region 2; failover's to region 3, the rest 4; the other label rank adds 5.
    const t = run(`${four}${setting(', failover: [{from: us-east, to: us-west}]')}`, 'echo-local: 503\necho-zone: 503', 6);
    expect(levels(t)).toEqual([['shop/echo-local'], ['shop/echo-zone'], ['shop/echo-west'], ['shop/echo-eu']]);
    expect(workloadsHit(t)).toEqual(['echo-local', 'echo-local', 'echo-zone', 'echo-zone', 'echo-west', 'echo-west']);
  });
});

describe('distribute in the timeline', () => {
  const pods = `${localityDeployment('echo-local', {region: 'us-east', zone: 'us-east-1a'})}${localityDeployment('echo-west', {label: 'us-west.us-west-1a'})}`;
  const distribute = '    loadBalancer: {localityLbSetting: {distribute: [{from: "us-east/*", to: {"us-east/*": 80, "us-west/*": 20}}]}}\n';

  it('weighs the localities as written: 80% of the requests stay in us-east, 20% go to us-west', () => {
    const t = run(`${pods}${rule(distribute)}`, '*: 200', 10);
    const hits = workloadsHit(t);
    expect(hits.filter((w) => w === 'echo-local')).toHaveLength(8);
    expect(hits.filter((w) => w === 'echo-west')).toHaveLength(2);
    expect(t.notes.join('\n')).toMatch(/locality weighted balancing \(distribute\) for echo\.shop\.svc\.cluster\.local: us-east\/us-east-1a\/ weight 80, us-west\/us-west-1a\/ weight 20/);
    expect(t.policy.locality).toBeUndefined();
  });

  it('moves the weight off a locality whose pods outlier detection ejected (weight × min(100%, 1.4 × healthy share))', () => {
    const t = run(`${pods}${rule(distribute)}`, 'echo-local: 503', 6);
    expect(workloadsHit(t)).toEqual(['echo-local', 'echo-local', 'echo-west', 'echo-west', 'echo-west', 'echo-west']);
  });

  it('sends nothing to a locality no `to` entry takes', () => {
    const t = run(`${pods}${rule('    loadBalancer: {localityLbSetting: {distribute: [{from: "us-east/*", to: {"us-west/*": 100}}]}}\n')}`, '*: 200', 4);
    expect(workloadsHit(t)).toEqual(['echo-west', 'echo-west', 'echo-west', 'echo-west']);
  });
});

describe("Envoy's locality weighted balancing", () => {
  // Envoy docs, "Locality weighted load balancing": X weight 1, Y weight 2 and all healthy.
  const share = (healthyX: number) => {
    const [x, y] = localityWeights([{weight: 1, healthy: healthyX, total: 100}, {weight: 2, healthy: 100, total: 100}]);
    return (100 * x!) / (x! + y!);
  };
  it('keeps a locality\'s weight while 1.4 × its healthy share reaches 100%, then scales it down (the docs\' table, to its rounding)', () => {
    const table: Array<[number, number]> = [[100, 33], [70, 33], [69, 32], [50, 26], [25, 15], [0, 0]];
    for (const [healthy, percent] of table) expect(Math.abs(share(healthy) - percent)).toBeLessThanOrEqual(1);
    expect(share(72)).toBeCloseTo(100 / 3, 6);
  });
});

describe("Envoy's priority load", () => {
  it('a level keeps all the load while 1.4 × its healthy share reaches 100%, and spills the rest to the next', () => {
    expect(priorityLoads([{healthy: 3, total: 3}, {healthy: 1, total: 1}])).toEqual([1, 0]);
    const [p0, p1] = priorityLoads([{healthy: 2, total: 3}, {healthy: 1, total: 1}]);
    expect(p0).toBeCloseTo(0.9333, 4);
    expect(p1).toBeCloseTo(0.0667, 4);
    expect(priorityLoads([{healthy: 0, total: 2}, {healthy: 1, total: 1}])).toEqual([0, 1]);
  });

  it('when the healths sum under 100% the loads are scaled to them', () => {
    const [p0, p1] = priorityLoads([{healthy: 1, total: 4}, {healthy: 1, total: 4}]);
    expect(p0).toBeCloseTo(0.5, 6);
    expect(p1).toBeCloseTo(0.5, 6);
  });
});
