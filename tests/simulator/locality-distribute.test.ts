/**
 * `localityLbSetting.distribute` in the routing's exact shares (src/simulator/locality-distribute.ts),
 * as istiod 1.30.3 weights the cluster's localities (pilot/pkg/networking/core/loadbalancer/
 * loadbalancer.go ApplyLocalityLoadBalancer, applyLocalityWeights; util.go LocalityMatch) and
 * Envoy's locality weighted load balancing spreads requests: a locality by its weight, its pods evenly.
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, simulate, World} from '../../src/simulator/index';
import {documents} from './helpers';
import {ECHO_SHOP, localityDeployment} from './locality-support';

const CLUSTER = `${ECHO_SHOP}${localityDeployment('east', {region: 'us-east', zone: 'us-east-1a'}, 3)}${localityDeployment('westa', {region: 'us-west', zone: 'us-west-1a'})}${localityDeployment('westb', {region: 'us-west', zone: 'us-west-1b'})}`;

const rule = (setting: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: echo, namespace: shop}
spec:
  host: echo
  trafficPolicy:
    loadBalancer:
      localityLbSetting:
${setting}`;

function sharesByWorkload(yaml: string) {
  const decision = simulate(new World([], [documents(CLUSTER + yaml)]), {request: parseRequest('GET http://echo.shop:8080/'), from: 'shop/client'});
  const shares: Record<string, number> = {};
  for (const e of decision.distribution) {
    const key = e.status === 200 ? e.pod!.split('-')[0]! : `${e.status} ${e.flags}`;
    shares[key] = (shares[key] ?? 0) + e.share;
  }
  for (const key of Object.keys(shares)) shares[key] = Math.round(shares[key]! * 1e6) / 1e6;
  return {shares, decision};
}

describe('localityLbSetting.distribute', () => {
  it('spreads by pod count without it', () => {
    expect(sharesByWorkload('').shares).toEqual({east: 0.6, westa: 0.2, westb: 0.2});
  });

  it('weighs each locality as its to entry says, without outlier detection, each locality\'s pods sharing its part evenly', () => {
    const {shares, decision} = sharesByWorkload(rule(`        distribute:
        - from: us-east/*
          to: {"us-east/us-east-1a/*": 20, "us-west/us-west-1a/*": 80}`));
    // us-west-1b is taken by no to entry: its endpoints are removed.
    expect(shares).toEqual({east: 0.2, westa: 0.8});
    expect(decision.trace.map((s) => s.message)).toContain('echo.shop.svc.cluster.local: DestinationRule shop/echo: localityLbSetting.distribute from us-east/* (the client is in us-east/us-east-1a/): us-east/us-east-1a/ weight 20, us-west/us-west-1a/ weight 80, us-west/us-west-1b/ no endpoints (no to entry takes it)');
  });

  it('divides a wildcard to entry\'s weight over the localities it takes by their pods, rounding up', () => {
    // us-west/* takes two localities of one pod each: ceil(1 × 50 / 2) = 25 each.
    expect(sharesByWorkload(rule(`        distribute:
        - from: "*"
          to: {"us-east/*": 50, "us-west/*": 50}`)).shares).toEqual({east: 0.5, westa: 0.25, westb: 0.25});
    // ceil(1 × 33 / 2) = 17 each against 34.
    expect(sharesByWorkload(rule(`        distribute:
        - from: "*"
          to: {"us-east/*": 34, "us-west/*": 33}`)).shares).toEqual({east: 0.5, westa: 0.25, westb: 0.25});
  });

  it('applies only the first entry from the client\'s locality, none for another region, and nothing when disabled', () => {
    expect(sharesByWorkload(rule(`        distribute:
        - from: us-west/*
          to: {"us-west/*": 100}`)).shares).toEqual({east: 0.6, westa: 0.2, westb: 0.2});
    expect(sharesByWorkload(rule(`        enabled: false
        distribute:
        - from: us-east/*
          to: {"us-west/*": 100}`)).shares).toEqual({east: 0.6, westa: 0.2, westb: 0.2});
  });

  it('answers 503 UH when no to entry takes any of the pods\' localities', () => {
    const {decision} = sharesByWorkload(rule(`        distribute:
        - from: us-east/*
          to: {"eu-central/*": 100}`));
    expect(decision).toMatchObject({status: 503, flags: 'UH', distribution: [{share: 1, status: 503, flags: 'UH'}]});
  });
});

// Locality failover in the exact shares (locality-distribute.ts failoverWeights): loadbalancer.go applyLocalityFailover's
// priorities, applied only with outlier detection (cluster_traffic_policy.go applyLocalityLoadBalancer), and Envoy's
// priority load with every host healthy (level 0 takes min(100%, 1.4 × its healthy share)).
describe('locality failover in the exact shares', () => {
  const OUTLIER = '    outlierDetection: {consecutive5xxErrors: 3, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 100}\n';
  it('sends everything to the client\'s own zone while its pods are healthy, naming the levels in the trace', () => {
    const {shares, decision} = sharesByWorkload(rule('        enabled: true\n') + OUTLIER);
    expect(shares).toEqual({east: 1});
    expect(decision.trace.map((t) => t.message).join('\n')).toMatch(/locality failover with outlier detection, the client in us-east\/us-east-1a\/.*priority 0 shop\/east.*100%.*priority 1 shop\/westa.*0%/);
  });

  it('leaves the pod-count shares without outlier detection (istiod applies no failover), or with the setting turned off', () => {
    expect(sharesByWorkload(rule('        enabled: true\n')).shares).toEqual({east: 0.6, westa: 0.2, westb: 0.2});
    expect(sharesByWorkload(rule('        enabled: false\n') + OUTLIER).shares).toEqual({east: 0.6, westa: 0.2, westb: 0.2});
  });
});
