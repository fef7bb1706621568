/**
 * A URL naming a pod's IP address: ztunnel finds no Service at the address and takes it as the
 * workload's (ztunnel 1.30.3 src/proxy/outbound.rs build_request): the pod's own waypoint for workload
 * traffic is crossed if it has one (istiod waypoints.go fetchWaypointForWorkload), the Service's waypoint
 * never, and no route applies (listener_waypoint.go buildWaypointInboundHTTPRouteConfig without a Service).
 */
import {describe, expect, it} from 'vitest';
import {podAddress} from '../../src/simulator/linkerd/workloads';
import {route} from './helpers';

const waypoint = (name: string, trafficFor: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: bookinfo
  labels: {istio.io/waypoint-for: ${trafficFor}}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE}]
`;
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
const doc = (...parts: string[]) => parts.join('---\n');
const messages = (decision: ReturnType<typeof route>) => decision.trace.map((step) => step.message).join('\n');

/** The address of ratings-v1's pod, as the simulator gives it: found through a request to the Service. */
function ratingsPod(yaml: string): {pod: string; ip: string} {
  const viaService = route({context: 'ambient-bookinfo', yaml, request: 'GET http://ratings.bookinfo:9080/', from: 'bookinfo/productpage-v1'});
  const pod = viaService.destinations[0]!.pods[0]!;
  return {pod, ip: podAddress('bookinfo', pod)};
}

describe('a request to a pod\'s IP address from an ambient client', () => {
  it('goes through the pod\'s waypoint for workload traffic, which applies no route', () => {
    const yaml = doc(waypoint('pods', 'workload'), ratingsPods(', istio.io/use-waypoint: pods'));
    const {pod, ip} = ratingsPod(yaml);
    const decision = route({context: 'ambient-bookinfo', yaml, request: `GET http://${ip}:9080/`, from: 'bookinfo/productpage-v1'});
    expect(decision.outcome).toBe('routed');
    expect(decision.destinations.map((d) => [d.host, d.pods])).toEqual([[ip, [pod]]]);
    expect(decision.dataplane!.paths.map((path) => path.crosses.join(' → '))).toEqual(['ztunnel → waypoint → ztunnel']);
    expect(decision.dataplane!.waypoint).toEqual(expect.objectContaining({namespace: 'bookinfo', name: 'pods'}));
    expect(decision.dataplane!.routedBy).toBe('none');
    expect(messages(decision)).toContain(`${ip} is the address of pod bookinfo/${pod} (bookinfo/ratings-v1), not of a Service`);
  });

  it('goes straight to the pod without a waypoint for workload traffic, although its Service has one for services', () => {
    const {ip} = ratingsPod('');
    const decision = route({context: 'ambient-bookinfo', yaml: '', request: `GET http://${ip}:9080/`, from: 'bookinfo/productpage-v1'});
    expect(decision.status).toBe(200);
    expect(decision.dataplane!.crosses).toEqual(['ztunnel', 'ztunnel']);
    expect(decision.dataplane!.waypoint).toBeUndefined();
    expect(decision.dataplane!.noWaypoint).toContain('neither the pods of bookinfo/ratings-v1 nor namespace bookinfo is labelled istio.io/use-waypoint');
  });

  it('takes the address a written Pod states', () => {
    const written = `apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: bookinfo, labels: {app: debug, istio.io/use-waypoint: pods}}
spec: {containers: [{name: debug, image: debug:1}]}
status: {podIP: 10.244.9.9}
`;
    const decision = route({context: 'ambient-bookinfo', yaml: doc(waypoint('pods', 'all'), written), request: 'GET http://10.244.9.9:8080/', from: 'bookinfo/productpage-v1'});
    expect(decision.destinations.map((d) => [d.host, d.port, d.pods])).toEqual([['10.244.9.9', 8080, ['debug']]]);
    expect(decision.dataplane!.waypoint?.name).toBe('pods');
  });

  it('from a client without a proxy, reaches the pod with no waypoint', () => {
    const yaml = doc(waypoint('pods', 'workload'), ratingsPods(', istio.io/use-waypoint: pods'));
    const {ip} = ratingsPod(yaml);
    const decision = route({context: 'ambient-bookinfo', yaml, request: `GET http://${ip}:9080/`, from: 'legacy/legacy-client'});
    expect(decision.dataplane!.crosses).toEqual(['ztunnel']);
    expect(decision.dataplane!.routedBy).toBe('none');
  });

  it('meets the policies of the pod\'s waypoint', () => {
    const deny = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: pods-no-delete, namespace: bookinfo}
spec:
  targetRefs:
  - {kind: Gateway, group: gateway.networking.k8s.io, name: pods}
  action: DENY
  rules:
  - to:
    - operation:
        methods: [DELETE]
`;
    const yaml = doc(waypoint('pods', 'workload'), ratingsPods(', istio.io/use-waypoint: pods'), deny);
    const {ip} = ratingsPod(yaml);
    expect(route({context: 'ambient-bookinfo', yaml, request: `DELETE http://${ip}:9080/`, from: 'bookinfo/productpage-v1'}).status).toBe(403);
    expect(route({context: 'ambient-bookinfo', yaml, request: `GET http://${ip}:9080/`, from: 'bookinfo/productpage-v1'}).status).toBe(200);
  });

  it('an address no pod has stays an outside address, passed through', () => {
    const decision = route({context: 'ambient-bookinfo', yaml: '', request: 'GET http://192.0.2.10/', from: 'bookinfo/productpage-v1'});
    expect(decision.outcome).toBe('passthrough');
  });
});
