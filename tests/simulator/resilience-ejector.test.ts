/**
 * Who ejects a failing pod (resilience/ejector.ts): outlier detection is an Envoy cluster's, so it runs in
 * the proxy that balances over the pods, with the DestinationRule its own namespace scope selects
 * (cluster_traffic_policy.go applyOutlierDetection; a waypoint's inbound VIP cluster, cluster_waypoint.go
 * buildWaypointInboundVIP). In ambient mode that is the waypoint for east-west traffic and ztunnel does none;
 * for ingress the gateway's Envoy, unless the Service sends ingress through its waypoint
 * (istio.io/ingress-use-waypoint), where the waypoint ejects the pods and the gateway's own endpoints are
 * the waypoint's pods (xds/endpoints/endpoint_builder.go findServiceWaypoint).
 */
import {describe, expect, it} from 'vitest';
import {parseRequest, World} from '../../src/simulator/index';
import {formatTimelineText} from '../../src/simulator/resilience/format';
import {timeline, type Timeline} from '../../src/simulator/resilience/timeline';
import {bookinfoService, httpIngress, istioIngress} from './ambient-support';
import {documents, labResources} from './helpers';

/** Outlier detection that ejects on the first 5xx, whatever the share it takes out. */
const ejectAtOnce = (host: string, namespace = 'bookinfo') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${host}-outliers, namespace: ${namespace}}
spec:
  host: ${host}.bookinfo.svc.cluster.local
  trafficPolicy:
    outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}
`;

/** Two ratings pods, so ejecting one leaves the other. */
const twoRatings = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ratings-v1, namespace: bookinfo, labels: {app: ratings, version: v1}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ratings, version: v1}}
  template:
    metadata: {labels: {app: ratings, version: v1}}
    spec: {serviceAccountName: bookinfo-ratings, containers: [{name: ratings, image: ratings, ports: [{containerPort: 9080}]}]}
`;

const ingress = httpIngress({gateway: 'edge', rules: '\n  - backendRefs:\n    - {name: ratings, port: 9080}\n'});
const ratingsToIngressWaypoint = bookinfoService('ratings', {'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true'});

/** The waypoint's route for ratings retries a 5xx (the mesh default retries no status: retry.go defaultRetryOn). */
const waypointRetries = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: {host: ratings}
    retries: {attempts: 2, retryOn: 5xx}
`;

/**
 * A classic Istio ingress whose route names subset v1 of ratings, and ratings' DestinationRule with that subset: `subsetOutlier` is the
 * subset's own outlierDetection, `ruleOutlier` the rule's.
 */
function subsetIngress({ruleOutlier, subsetOutlier}: {ruleOutlier?: string; subsetOutlier?: string}): string[] {
  const policy = (outlier: string | undefined, indent: string) => (outlier ? `\n${indent}trafficPolicy: {outlierDetection: ${outlier}}` : '');
  return [istioIngress('[{route: [{destination: {host: ratings, subset: v1}}]}]'), `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ratings, namespace: bookinfo}
spec:
  host: ratings.bookinfo.svc.cluster.local${policy(ruleOutlier, '  ')}
  subsets:
  - name: v1
    labels: {version: v1}${policy(subsetOutlier, '    ')}
`];
}
const EJECT_AT_ONCE = '{consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}';

function run(yaml: string[], query: {from?: string; gateway?: string; url?: string}, script: string, requests = 4): Timeline {
  const world = new World(labResources('ambient-bookinfo'), [documents(yaml.join('---\n'))]);
  return timeline(world, {request: parseRequest(`GET ${query.url ?? 'http://ratings.bookinfo:9080/'}`), from: query.from, gateway: query.gateway}, script, {requests});
}

describe('east-west in ambient mode', () => {
  it('the waypoint that routes the request ejects the failing pod, and says so', () => {
    const t = run([twoRatings, ejectAtOnce('ratings')], {from: 'bookinfo/reviews-v2'}, 'pod 1: 503');
    expect(t.decision.dataplane?.routedBy).toBe('waypoint');
    expect(t.policy.outlierBy).toBe('waypoint bookinfo/waypoint');
    const ejected = t.events.filter((e) => e.kind === 'ejected');
    expect(ejected).toHaveLength(1);
    expect(ejected[0]).toMatchObject({by: 'waypoint bookinfo/waypoint', pod: t.decision.destinations[0]!.pods[0]});
    // The ejected pod is out: every later request is the other pod's 200.
    expect(t.requests.slice(1).map((r) => r.status)).toEqual([200, 200, 200]);
    const text = formatTimelineText(t);
    expect(text).toMatch(/outlier detection at waypoint bookinfo\/waypoint \(DestinationRule bookinfo\/ratings-outliers\)/);
    expect(text).toMatch(/ratings-v1-\S+ EJECTED by waypoint bookinfo\/waypoint: 1 consecutive 5xx/);
  });

  it('reads the DestinationRule the waypoint\'s namespace sees, not one only the client\'s namespace would', () => {
    // A DestinationRule in the client's namespace binds a sidecar client there; the waypoint in bookinfo never reads it.
    const legacyRule = ejectAtOnce('ratings', 'legacy').replace('ratings-outliers', 'legacy-ratings');
    const t = run([twoRatings, legacyRule, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: legacy, labels: {istio.io/dataplane-mode: ambient}}\n'], {from: 'legacy/legacy-client'}, 'pod 1: 503');
    expect(t.decision.dataplane?.routedBy).toBe('waypoint');
    expect(t.policy.outlier).toBeUndefined();
    expect(t.events).toEqual([]);
  });

  it('without a waypoint nothing ejects: ztunnel does no outlier detection, and the trace names the rule it ignores', () => {
    const reviewsRule = ejectAtOnce('reviews');
    const t = run([reviewsRule], {from: 'bookinfo/productpage-v1', url: 'http://reviews.bookinfo:9080/'}, 'reviews-v1: 503');
    expect(t.decision.dataplane?.routedBy).toBe('none');
    expect(t.policy.outlier).toBeUndefined();
    expect(t.events).toEqual([]);
    expect(t.notes.join('\n')).toContain('DestinationRule bookinfo/reviews-outliers\'s outlierDetection for reviews.bookinfo.svc.cluster.local ejects nothing here: ztunnel, the client\'s only proxy, is L4');
    // reviews-v1 keeps getting its share of the requests.
    expect(t.requests.filter((r) => r.status === 503).length).toBeGreaterThan(1);
  });
});

describe('ingress', () => {
  it('without a waypoint for ingress, the gateway\'s Envoy ejects the pod', () => {
    const t = run([twoRatings, ejectAtOnce('ratings'), ingress], {gateway: 'bookinfo/edge', url: 'http://shop.example/'}, 'pod 1: 503');
    expect(t.policy.outlierBy).toBe('gateway bookinfo/edge');
    expect(t.events.filter((e) => e.kind === 'ejected')).toEqual([expect.objectContaining({by: 'gateway bookinfo/edge', pod: t.decision.destinations[0]!.pods[0]})]);
  });

  it('through the waypoint, the waypoint ejects the pod; the gateway counts only the waypoint\'s answers, which its retries turned to 200', () => {
    const t = run([twoRatings, ejectAtOnce('ratings'), ratingsToIngressWaypoint, ingress, waypointRetries], {gateway: 'bookinfo/edge', url: 'http://shop.example/'}, 'pod 1: 503');
    expect(t.decision.destinations[0]!.waypoint).toMatchObject({namespace: 'bookinfo', name: 'waypoint'});
    expect(t.policy.outlierBy).toBe('waypoint bookinfo/waypoint');
    expect(t.events.filter((e) => e.kind === 'ejected')).toEqual([expect.objectContaining({by: 'waypoint bookinfo/waypoint', pod: t.decision.destinations[0]!.pods[0]})]);
    expect(t.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(t.events.filter((e) => e.by === 'gateway bookinfo/edge')).toEqual([]);
    expect(t.notes.join('\n')).toMatch(/gateway bookinfo\/edge's endpoints for ratings\.bookinfo\.svc\.cluster\.local are waypoint bookinfo\/waypoint's pods \(waypoint-\S+\), not the Service's/);
  });

  it('through the waypoint, a backend failing everywhere makes the gateway eject the waypoint itself: 503 UH at the gateway while it is out', () => {
    const t = run([twoRatings, ejectAtOnce('ratings'), ratingsToIngressWaypoint, ingress, waypointRetries], {gateway: 'bookinfo/edge', url: 'http://shop.example/'}, '*: 503');
    const gateway = t.events.filter((e) => e.by === 'gateway bookinfo/edge');
    expect(gateway).toEqual([expect.objectContaining({kind: 'ejected', pod: expect.stringMatching(/^waypoint-/)})]);
    expect(t.requests[0]!.status).toBe(503);
    // The next requests never leave the gateway: its only endpoint, the waypoint, is ejected.
    expect(t.requests.slice(1).map((r) => [r.status, r.flags, r.attempts[0]!.result])).toEqual([[503, 'UH', 'no healthy host'], [503, 'UH', 'no healthy host'], [503, 'UH', 'no healthy host']]);
    expect(t.requests[1]!.summary).toMatch(/every endpoint of gateway bookinfo\/edge's cluster is ejected, and they are the waypoint's pods/);
  });

  it('with the default maxEjectionPercent the gateway keeps its one waypoint pod, and says why', () => {
    const rule = ejectAtOnce('ratings').replace(', maxEjectionPercent: 100', '');
    const t = run([twoRatings, rule, ratingsToIngressWaypoint, ingress], {gateway: 'bookinfo/edge', url: 'http://shop.example/'}, '*: 503', 2);
    const gateway = t.events.filter((e) => e.by === 'gateway bookinfo/edge');
    expect(gateway.length).toBeGreaterThan(0);
    expect(gateway.every((e) => e.kind === 'not-ejected')).toBe(true);
    expect(t.requests.every((r) => r.flags !== 'UH' || r.attempts[0]!.result !== 'no healthy host')).toBe(true);
  });

  describe('a subset the gateway\'s route names, through the waypoint', () => {
    const public9080 = {gateway: 'bookinfo/public', url: 'http://bookinfo.example:9080/'};

    it('keeps its cluster at the gateway, over the waypoint\'s pods: the subset\'s outlier detection ejects the waypoint', () => {
      // The rule sets none: only subset v1's cluster (outbound|9080|v1|ratings…) has outlier detection, and the waypoint,
      // which routes ratings without the subset, has none for the pods.
      const t = run([twoRatings, ratingsToIngressWaypoint, waypointRetries, ...subsetIngress({subsetOutlier: EJECT_AT_ONCE})], public9080, '*: 503');
      expect(t.decision.destinations[0]!.waypoint).toMatchObject({gatewayCluster: {name: 'outbound|9080|v1|ratings.bookinfo.svc.cluster.local', subset: 'v1'}});
      expect(t.events.filter((e) => e.by === 'waypoint bookinfo/waypoint')).toEqual([]);
      expect(t.events.filter((e) => e.by === 'gateway bookinfo/public')).toEqual([expect.objectContaining({kind: 'ejected', pod: expect.stringMatching(/^waypoint-/)})]);
      expect(t.requests.slice(1).map((r) => [r.status, r.flags])).toEqual([[503, 'UH'], [503, 'UH'], [503, 'UH']]);
      expect(t.notes.join('\n')).toContain('gateway bookinfo/public\'s endpoints in outbound|9080|v1|ratings.bookinfo.svc.cluster.local (subset v1 of ratings.bookinfo.svc.cluster.local) are waypoint bookinfo/waypoint\'s pods');
      expect(t.notes.join('\n')).toMatch(/its outlier detection \(DestinationRule bookinfo\/ratings subset v1\) counts the waypoint's answers/);
    });

    it('the subset\'s outlierDetection replaces the rule\'s there: one that ejects on no 5xx leaves the waypoint in', () => {
      const t = run([twoRatings, ratingsToIngressWaypoint, waypointRetries, ...subsetIngress({ruleOutlier: EJECT_AT_ONCE, subsetOutlier: '{consecutive5xxErrors: 0}'})], public9080, '*: 503');
      expect(t.events.filter((e) => e.by === 'gateway bookinfo/public')).toEqual([]);
      expect(t.requests.map((r) => r.summary).join('\n')).not.toContain('gateway bookinfo/public\'s cluster is ejected');
      // The waypoint's own cluster for ratings has no subset: the rule's outlier detection ejects the pods there.
      expect(t.events.filter((e) => e.kind === 'ejected' && e.by === 'waypoint bookinfo/waypoint').length).toBeGreaterThan(0);
    });

    it('with every pod ejected at the waypoint, the gateway still forwards: the waypoint\'s own 503 UH counts toward ejecting it', () => {
      // The waypoint ejects both pods during the first request; the next requests still reach it, and its 503s are the
      // gateway's second and third consecutive 5xx.
      const three = '{consecutive5xxErrors: 3, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}';
      const t = run([twoRatings, ratingsToIngressWaypoint, waypointRetries, ...subsetIngress({ruleOutlier: EJECT_AT_ONCE, subsetOutlier: three})], public9080, '*: 503');
      const gatewayEvents = t.events.filter((e) => e.by === 'gateway bookinfo/public');
      expect(gatewayEvents).toEqual([expect.objectContaining({kind: 'ejected', pod: expect.stringMatching(/^waypoint-/)})]);
      expect(t.requests.slice(1, 3).map((r) => [r.status, r.flags, r.summary, r.attempts.map((a) => a.result)])).toEqual([1, 2].map(() => [503, undefined,
        'waypoint bookinfo/waypoint answers 503', ['503 UH from waypoint bookinfo/waypoint: every pod is ejected']]));
      expect(t.requests[3]).toMatchObject({status: 503, flags: 'UH', attempts: [{result: 'no healthy host'}]});
    });

    it('a subset without a traffic policy takes the rule\'s', () => {
      const t = run([twoRatings, ratingsToIngressWaypoint, waypointRetries, ...subsetIngress({ruleOutlier: EJECT_AT_ONCE})], public9080, '*: 503');
      expect(t.events.filter((e) => e.by === 'gateway bookinfo/public')).toEqual([expect.objectContaining({kind: 'ejected', pod: expect.stringMatching(/^waypoint-/)})]);
      expect(t.notes.join('\n')).toMatch(/its outlier detection \(DestinationRule bookinfo\/ratings\) counts the waypoint's answers/);
    });
  });
});
