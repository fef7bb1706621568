/**
 * Waypoints for workload traffic (istio.io/waypoint-for: workload or all): ztunnel sends a request
 * addressed to a pod (here through a headless Service, whose name resolves to pod addresses) to the
 * pod's waypoint, and a request addressed to a Service only to the Service's waypoint (ztunnel
 * src/proxy/outbound.rs build_request; istiod waypoints.go fetchWaypointForWorkload).
 */
import {describe, expect, it} from 'vitest';
import {formatDecisionText} from '../../src/simulator/format';
import {bookinfoService, doc, waypointGateway} from './ambient-support';
import {route} from './helpers';

const waypoint = (name: string, trafficFor: string) => waypointGateway(name, {trafficFor});
/** Service ratings, headless unless told: its name resolves to the pods' addresses. */
const ratingsService = ({headless = true, labels = {}}: {headless?: boolean; labels?: Record<string, string>} = {}) => bookinfoService('ratings', labels, {headless});
const ratingsPods = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ratings-v1, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: ratings, version: v1}}
  template:
    metadata:
      labels: {app: ratings, version: v1${labels}}
    spec:
      serviceAccountName: bookinfo-ratings
      containers: [{name: ratings, image: ratings:1, ports: [{containerPort: 9080}]}]
`;
const send = (yaml: string, from = 'bookinfo/productpage-v1') => route({context: 'ambient-bookinfo', yaml, request: 'GET http://ratings.bookinfo:9080/', from});
const messages = (decision: ReturnType<typeof route>) => decision.trace.map((step) => step.message).join('\n');

describe('a request addressed to a pod', () => {
  it('goes through the pod\'s waypoint for workload traffic', () => {
    const decision = send(doc(waypoint('pods', 'workload'), ratingsService(), ratingsPods(', istio.io/use-waypoint: pods')));
    expect(decision.dataplane!.paths.map((path) => path.crosses.join(' → '))).toEqual(['ztunnel → waypoint → ztunnel']);
    expect(decision.dataplane!.waypoint).toEqual(expect.objectContaining({namespace: 'bookinfo', name: 'pods'}));
    expect(decision.dataplane!.routedBy).toBe('none');
    expect(messages(decision)).toContain('a waypoint applies no VirtualService or HTTPRoute to a request addressed to a pod');
  });

  it('takes a waypoint for all traffic named by the namespace', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo\n  labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: shared}\n';
    const decision = send(doc(namespace, waypoint('shared', 'all'), ratingsService(), ratingsPods('')));
    expect(decision.dataplane!.waypoint?.name).toBe('shared');
    expect(messages(decision)).toContain('the pods of bookinfo/ratings-v1 use waypoint bookinfo/shared for workload traffic (istio.io/use-waypoint on namespace bookinfo, istio.io/waypoint-for: all)');
  });

  it('skips a namespace\'s waypoint for services only, and ignores the headless Service\'s own waypoint', () => {
    const decision = send(doc(ratingsService({labels: {'istio.io/use-waypoint': 'waypoint'}}), ratingsPods('')));
    expect(decision.dataplane!.crosses).toEqual(['ztunnel', 'ztunnel']);
    expect(messages(decision)).toContain('but ztunnel uses a Service\'s waypoint only for traffic addressed to the Service: a headless Service has no such address');
  });

  it('is refused a pod label naming a waypoint for services (UnsupportedTrafficType)', () => {
    const decision = send(doc(ratingsService(), ratingsPods(', istio.io/use-waypoint: waypoint')));
    expect(decision.dataplane!.waypoint).toBeUndefined();
    expect(decision.dataplane!.noWaypoint).toContain('which is for service traffic (istio.io/waypoint-for): istiod refuses the binding (UnsupportedTrafficType)');
  });

  it('does not reach a waypoint from a client without a proxy', () => {
    const decision = send(doc(waypoint('pods', 'workload'), ratingsService(), ratingsPods(', istio.io/use-waypoint: pods')), 'legacy/legacy-client');
    expect(decision.dataplane!.crosses).toEqual(['ztunnel']);
  });
});

describe('a request addressed to a Service whose pods have a workload waypoint', () => {
  it('does not go through the pods\' waypoint, and says so', () => {
    const decision = send(doc(waypoint('pods', 'workload'), ratingsService({headless: false, labels: {'istio.io/use-waypoint': 'none'}}), ratingsPods(', istio.io/use-waypoint: pods')));
    expect(decision.dataplane!.crosses).toEqual(['ztunnel', 'ztunnel']);
    expect(messages(decision)).toContain('this request is addressed to the Service: ztunnel sends to a workload\'s waypoint only what is addressed to its pods');
  });
});

describe('pods of one Service with different waypoints', () => {
  it('put each waypoint on its own path, and meshdive route says there is one per destination', () => {
    const other = ratingsPods(', istio.io/use-waypoint: other').replace('name: ratings-v1', 'name: ratings-v2').replace(/version: v1/g, 'version: v2');
    const decision = send(doc(waypoint('pods', 'workload'), waypoint('other', 'all'), ratingsService(), ratingsPods(', istio.io/use-waypoint: pods'), other));
    expect(decision.dataplane!.paths.map((path) => `${path.workload}: ${path.hops.filter((hop) => hop.proxy === 'waypoint').map((hop) => hop.serves).join()}`))
      .toEqual(['ratings-v1: bookinfo/pods', 'ratings-v2: bookinfo/other']);
    expect(decision.dataplane!.waypoint).toBeUndefined();
    expect(formatDecisionText(decision, [])).toContain('Waypoints: per destination, on the paths below');
  });
});
