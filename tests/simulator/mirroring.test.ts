/**
 * Mirroring (src/simulator/mirroring.ts): the share of a route's requests copied, to which
 * pods, and that the copies' answers are discarded (Envoy RequestMirrorPolicy:
 * fire-and-forget, the client gets the primary's answer). Percentages as istio 1.30.3
 * route.go MirrorPercent and MirrorPercentByPolicy read them.
 */
import {describe, expect, it} from 'vitest';
import {formatDecisionText} from '../../src/simulator/format';
import type {Decision} from '../../src/simulator/index';
import {backend, meshRoute, routeShop} from './gateway-api-support';
import {route} from './helpers';

const SUBSETS = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v3, labels: {version: v3}}
`;
const reviews = (http: string): Decision => route({context: 'bookinfo', from: 'bookinfo/productpage-v1', request: 'GET http://reviews.bookinfo:9080/reviews/0', yaml: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
${http}${SUBSETS}`});

describe('VirtualService mirror', () => {
  it('copies mirrorPercentage of the requests to the mirror subset, whose answers no user sees', () => {
    const decision = reviews('    mirror: {host: reviews, subset: v3}\n    mirrorPercentage: {value: 10}\n');
    const [plan] = decision.mirroring!;
    expect(plan).toMatchObject({host: 'reviews.bookinfo.svc.cluster.local', subset: 'v3', share: 0.1, responsesDiscarded: true, alsoServesUsers: false,
      cluster: 'outbound|9080|v3|reviews.bookinfo.svc.cluster.local', authority: 'reviews.bookinfo-shadow'});
    expect(plan!.pods[0]).toMatch(/^reviews-v3-/);
    // The client's answers are the primary's alone: everything from v1.
    expect(decision.distribution.every((e) => e.status === 200 && e.subset === 'v1')).toBe(true);
  });

  it.each([
    {fields: '', share: 1, why: 'no percentage: 100% (route.go: "Default to 100 percent")'},
    {fields: '    mirrorPercent: 30\n', share: 0.3, why: 'the deprecated integer mirrorPercent'},
    {fields: '    mirrorPercentage: {value: 5}\n    mirrorPercent: 30\n', share: 0.05, why: 'mirrorPercentage wins over mirrorPercent'},
    {fields: '    mirrorPercentage: {value: 0}\n', share: 0, why: 'an explicit 0 mirrors nothing'},
  ])('mirrors $share of requests: $why', ({fields, share}) => {
    expect(reviews(`    mirror: {host: reviews, subset: v3}\n${fields}`).mirroring![0]!.share).toBeCloseTo(share, 9);
  });

  it('reads every mirrors[] entry with its own percentage (100% when absent)', () => {
    const decision = reviews('    mirrors:\n    - destination: {host: reviews, subset: v3}\n      percentage: {value: 25}\n    - destination: {host: ratings}\n');
    expect(decision.mirroring!.map((m) => [m.host, m.share])).toEqual([['reviews.bookinfo.svc.cluster.local', 0.25], ['ratings.bookinfo.svc.cluster.local', 1]]);
  });

  it('says when the mirror pods also answer users through the route', () => {
    expect(reviews('    mirror: {host: reviews, subset: v1}\n').mirroring![0]!.alsoServesUsers).toBe(true);
  });

  it('does not mirror requests the fault filter aborts (it answers before the router)', () => {
    const decision = reviews('    mirror: {host: reviews, subset: v3}\n    fault: {abort: {httpStatus: 500, percentage: {value: 50}}}\n');
    expect(decision.mirroring![0]!.share).toBeCloseTo(0.5, 9);
  });

  it('mirrors nothing to a subset no DestinationRule defines, and the users are unaffected', () => {
    const decision = reviews('    mirror: {host: reviews, subset: v9}\n');
    expect(decision.mirroring![0]).toMatchObject({share: 0, problem: 'subset v9 is not defined: nothing is mirrored'});
    expect(decision.status).toBe(200);
  });

  it('prints the share, the pods and that the answers are discarded', () => {
    const text = formatDecisionText(reviews('    mirror: {host: reviews, subset: v3}\n    mirrorPercentage: {value: 10}\n'), ['vs.yaml']);
    expect(text).toMatch(/copies 10% of requests to outbound\|9080\|v3\|reviews\.bookinfo\.svc\.cluster\.local \(Host reviews\.bookinfo-shadow\) → pods reviews-v3-\S+; responses discarded, never seen by users/);
  });
});

describe('Gateway API RequestMirror', () => {
  it('resolves the mirror backend to its pods, with the filter percentage', () => {
    const decision = routeShop(meshRoute(`  - filters:\n    - type: RequestMirror\n      requestMirror: {backendRef: {name: reviews-v3, port: 9080}, percent: 10}\n    backendRefs:\n${backend('reviews-v1')}\n`), 'GET http://reviews.shop:9080/');
    expect(decision.mirroring![0]).toMatchObject({host: 'reviews-v3.shop.svc.cluster.local', share: 0.1, alsoServesUsers: false, podCount: 1});
  });
});
