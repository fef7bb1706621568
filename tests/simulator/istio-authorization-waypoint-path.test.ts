/**
 * Authorization enforces at the waypoints the routing put on the request's path (the decision's data
 * plane), so the two always agree: a waypoint that reroutes to another Service still enforces the
 * policies targeting the Service it received the request for; an ingress gateway that sends to the
 * Service's waypoint (istio.io/ingress-use-waypoint) meets that waypoint's policies; a pod's own
 * waypoint enforces for traffic addressed to the pod; and a sidecar client, which sends straight to the
 * pods (istio 1.30.3 pilot/pkg/xds/endpoints/endpoint_builder.go: service waypoints are not taken into
 * account for sidecars), never meets the waypoint's L7 policy.
 */
import {describe, expect, it} from 'vitest';
import {answers, decide, ordersService, policy} from './istio-authz-helpers';
import {doc, httpIngress, waypointGateway} from './ambient-support';

const mesh = {namespace: 'mesh'};
const AMBIENT_CLIENT = 'mesh/cart';

/** Service orders-v1 selects the orders pods; the HTTPRoute on Service orders (its waypoint applies it) sends everything there. */
const canary = `apiVersion: v1
kind: Service
metadata: {name: orders-v1, namespace: mesh}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: orders-canary, namespace: mesh}
spec:
  parentRefs: [{group: "", kind: Service, name: orders, port: 80}]
  rules:
  - backendRefs: [{name: orders-v1, port: 80}]`;

const denyPostToOrders = policy('no-post', 'targetRefs:\n- {kind: Service, group: "", name: orders}\naction: DENY\nrules:\n- to:\n  - operation:\n      methods: [POST]', mesh);
const denyAdminAtWaypoint = policy('no-admin', 'targetRefs:\n- {kind: Gateway, group: gateway.networking.k8s.io, name: waypoint}\naction: DENY\nrules:\n- to:\n  - operation:\n      paths: ["/admin*"]', mesh);

describe('a waypoint that reroutes to another Service', () => {
  it('still enforces the policies targeting the Service it received the request for', () => {
    const decision = decide({yaml: [canary, denyPostToOrders], request: 'POST http://orders.mesh/', from: AMBIENT_CLIENT});
    expect(decision.destinations.map((d) => d.host)).toEqual(['orders-v1.mesh.svc.cluster.local']);
    expect(answers({yaml: [canary, denyPostToOrders], request: 'POST http://orders.mesh/', from: AMBIENT_CLIENT}))
      .toMatchObject([{enforcer: 'waypoint', at: {kind: 'waypoint', namespace: 'mesh', name: 'waypoint'}, verdict: 'denied', status: 403}]);
    expect(decision.status).toBe(403);
  });

  it('still enforces the policies targeting its Gateway', () => {
    const [waypoint] = answers({yaml: [canary, denyAdminAtWaypoint], request: 'GET http://orders.mesh/admin/x', from: AMBIENT_CLIENT});
    expect(waypoint).toMatchObject({enforcer: 'waypoint', verdict: 'denied', status: 403});
  });

  it('and the pods\' ztunnel sees the waypoint\'s identity', () => {
    const [waypoint, ztunnel] = answers({yaml: [canary, denyPostToOrders], request: 'GET http://orders.mesh/', from: AMBIENT_CLIENT});
    expect(waypoint).toMatchObject({enforcer: 'waypoint', verdict: 'allowed'});
    expect(ztunnel).toMatchObject({enforcer: 'ztunnel', verdict: 'allowed', peer: {principal: 'cluster.local/ns/mesh/sa/waypoint'}});
  });
});

describe('an ingress gateway sending to the Service\'s waypoint', () => {
  const edge = httpIngress({gateway: 'edge', namespace: 'mesh', route: 'orders', rules: '[{backendRefs: [{name: orders, port: 80}]}]'});
  const ordersOptIn = ordersService({'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true'});

  it('meets the waypoint\'s policies even when the waypoint reroutes the request (istio.io/ingress-use-waypoint)', () => {
    const ask = {yaml: [edge, ordersOptIn, canary, denyPostToOrders], request: 'POST http://orders.example/', gatewayName: 'mesh/edge'};
    const decision = decide(ask);
    expect(decision.dataplane!.paths.map((path) => path.crosses.join(' → '))).toEqual(['gateway → waypoint → ztunnel']);
    expect(answers(ask)).toMatchObject([{enforcer: 'waypoint', verdict: 'denied', status: 403}]);
    expect(decision.status).toBe(403);
  });
});

describe('a pod\'s own waypoint', () => {
  const headlessOrders = doc(ordersService(undefined, {headless: true}), `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: mesh}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders, istio.io/use-waypoint: pods}}
    spec: {serviceAccountName: orders, containers: [{name: orders, image: orders, ports: [{name: http, containerPort: 8080}]}]}
`, waypointGateway('pods', {namespace: 'mesh', trafficFor: 'workload'}));
  const denyPostAtPods = policy('pods-no-post', 'targetRefs:\n- {kind: Gateway, group: gateway.networking.k8s.io, name: pods}\naction: DENY\nrules:\n- to:\n  - operation:\n      methods: [POST]', mesh);

  it('enforces its policies for traffic addressed to the pod', () => {
    const ask = {yaml: [headlessOrders, denyPostAtPods], request: 'POST http://orders.mesh/', from: AMBIENT_CLIENT};
    expect(decide(ask).dataplane!.paths.map((path) => path.crosses.join(' → '))).toEqual(['ztunnel → waypoint → ztunnel']);
    expect(answers(ask)).toMatchObject([{enforcer: 'waypoint', at: {kind: 'waypoint', namespace: 'mesh', name: 'pods'}, verdict: 'denied', status: 403}]);
  });
});

describe('a sidecar client', () => {
  it('bypasses the waypoint\'s L7 policy, as the routing says: only the pods\' ztunnel enforces, and sees the client\'s identity', () => {
    const ask = {yaml: [denyPostToOrders], request: 'POST http://orders.mesh/', from: 'shop/web'};
    const decision = decide(ask);
    expect(decision.dataplane!.paths.map((path) => path.crosses.join(' → '))).toEqual(['sidecar → ztunnel']);
    expect(answers(ask)).toMatchObject([{enforcer: 'ztunnel', verdict: 'allowed', peer: {principal: 'cluster.local/ns/shop/sa/web'}}]);
    expect(decision.status).toBe(200);
  });
});

describe('one workload reached through two Services with different waypoints', () => {
  // The edge gateway splits between Service orders (waypoint `waypoint`) and Service orders-b (waypoint `other`); both select the orders pods.
  const split = `${httpIngress({gateway: 'edge', namespace: 'mesh', route: 'split', rules: '\n  - backendRefs:\n    - {name: orders, port: 80, weight: 50}\n    - {name: orders-b, port: 80, weight: 50}'})}---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: mesh, labels: {istio.io/use-waypoint: waypoint, istio.io/ingress-use-waypoint: "true"}}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: orders-b, namespace: mesh, labels: {istio.io/use-waypoint: other, istio.io/ingress-use-waypoint: "true"}}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: other, namespace: mesh, labels: {istio.io/waypoint-for: service}}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE}]`;
  const denyPostAtOther = policy('other-no-post', 'targetRefs:\n- {kind: Gateway, group: gateway.networking.k8s.io, name: other}\naction: DENY\nrules:\n- to:\n  - operation:\n      methods: [POST]', mesh);
  const ask = {yaml: [split, denyPostAtOther], request: 'POST http://orders.example/', gatewayName: 'mesh/edge'};

  it('has one path per waypoint in the data plane', () => {
    const paths = decide(ask).dataplane!.paths;
    expect(paths.map((path) => [path.workload, path.hops.find((hop) => hop.side === 'waypoint')?.serves, path.hosts])).toEqual([
      ['orders', 'mesh/waypoint', ['orders.mesh.svc.cluster.local']],
      ['orders', 'mesh/other', ['orders-b.mesh.svc.cluster.local']],
    ]);
  });

  it('authorizes each share at the waypoint of the Service it went through, not the first one\'s', () => {
    const byWaypoint = answers(ask).filter((answer) => answer.enforcer === 'waypoint').map((answer) => [answer.host, answer.at, answer.verdict]);
    expect(byWaypoint).toEqual([
      ['orders.mesh.svc.cluster.local', {kind: 'waypoint', namespace: 'mesh', name: 'waypoint'}, 'allowed'],
      ['orders-b.mesh.svc.cluster.local', {kind: 'waypoint', namespace: 'mesh', name: 'other'}, 'denied'],
    ]);
    const decision = decide(ask);
    const shares = decision.distribution.reduce<Record<string, number>>((sum, e) => ({...sum, [`${e.host} ${e.status}`]: (sum[`${e.host} ${e.status}`] ?? 0) + e.share}), {});
    expect(shares).toEqual({'orders.mesh.svc.cluster.local 200': 0.5, 'orders-b.mesh.svc.cluster.local 403': 0.5});
  });
});

describe('one host reached through two waypoints', () => {
  // The edge gateway splits between Service orders (waypoint `waypoint`) and Service orders-b (waypoint `other`);
  // each waypoint routes its Service to the same host, orders-v1, by its own HTTPRoute.
  const split = `${httpIngress({gateway: 'edge', namespace: 'mesh', route: 'split', rules: '\n  - backendRefs:\n    - {name: orders, port: 80, weight: 50}\n    - {name: orders-b, port: 80, weight: 50}'})}---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: mesh, labels: {istio.io/use-waypoint: waypoint, istio.io/ingress-use-waypoint: "true"}}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: orders-b, namespace: mesh, labels: {istio.io/use-waypoint: other, istio.io/ingress-use-waypoint: "true"}}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: other, namespace: mesh, labels: {istio.io/waypoint-for: service}}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE}]
---
${canary}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: orders-b-to-v1, namespace: mesh}
spec:
  parentRefs: [{group: "", kind: Service, name: orders-b, port: 80}]
  rules:
  - filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-via, value: b}]}}]
    backendRefs: [{name: orders-v1, port: 80}]`;
  const denyPostAtOther = policy('other-no-post', 'targetRefs:\n- {kind: Gateway, group: gateway.networking.k8s.io, name: other}\naction: DENY\nrules:\n- to:\n  - operation:\n      methods: [POST]', mesh);
  const ask = {yaml: [split, denyPostAtOther], request: 'POST http://orders.example/', gatewayName: 'mesh/edge'};

  it('keeps one path per waypoint, both to the same host, each routed by its own waypoint\'s route', () => {
    const decision = decide(ask);
    expect(decision.destinations.map((d) => [d.host, d.share, d.waypoint && `${d.waypoint.namespace}/${d.waypoint.name}`])).toEqual([
      ['orders-v1.mesh.svc.cluster.local', 0.5, 'mesh/waypoint'],
      ['orders-v1.mesh.svc.cluster.local', 0.5, 'mesh/other'],
    ]);
    expect(decision.dataplane!.paths.map((path) => [path.hops.find((hop) => hop.side === 'waypoint')?.serves, path.hosts])).toEqual([
      ['mesh/waypoint', ['orders-v1.mesh.svc.cluster.local']],
      ['mesh/other', ['orders-v1.mesh.svc.cluster.local']],
    ]);
    expect(decision.dataplane!.routing).toContain('waypoint mesh/waypoint routes orders.mesh.svc.cluster.local again by HTTPRoute mesh/orders-canary');
    expect(decision.dataplane!.routing).toContain('waypoint mesh/other routes orders-b.mesh.svc.cluster.local again by HTTPRoute mesh/orders-b-to-v1');
  });

  it('authorizes each share at its own waypoint: the share through `other` is denied, the other allowed', () => {
    const byWaypoint = answers(ask).filter((answer) => answer.enforcer === 'waypoint').map((answer) => [answer.host, answer.at, answer.verdict]);
    expect(byWaypoint).toEqual([
      ['orders-v1.mesh.svc.cluster.local', {kind: 'waypoint', namespace: 'mesh', name: 'waypoint'}, 'allowed'],
      ['orders-v1.mesh.svc.cluster.local', {kind: 'waypoint', namespace: 'mesh', name: 'other'}, 'denied'],
    ]);
    const shares = decide(ask).distribution.reduce<Record<number, number>>((sum, e) => ({...sum, [e.status!]: (sum[e.status!] ?? 0) + e.share}), {});
    expect(shares).toEqual({200: 0.5, 403: 0.5});
  });
});
