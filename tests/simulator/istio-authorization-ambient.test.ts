/**
 * Ambient mode: ztunnel enforces selector and namespace policies at L4 only, as istiod converts
 * them for it (istio 1.30.3 pilot/pkg/serviceregistry/ambient/authorization.go
 * convertAuthorizationPolicy, handleRule): an ALLOW rule with HTTP attributes is dropped, a
 * DENY rule keeps its L4 fields only; CUSTOM, AUDIT and dry-run policies are not sent.
 * A waypoint enforces the policies that target it (its Gateway, or a Service it serves) with
 * HTTP, and ignores selector policies (policyattachment.go: "waypoints never use selector").
 */
import {describe, expect, it} from 'vitest';
import {answers, ask, decide, ordersService, policy} from './istio-authz-helpers';
import {httpIngress} from './ambient-support';

const CART = 'GET http://cart.mesh/';
const ORDERS = 'GET http://orders.mesh/';
const mesh = {namespace: 'mesh'};

describe('ztunnel (no waypoint)', () => {
  it('an L4 ALLOW by principal allows the mesh client and resets the others', () => {
    const p = policy('allow-web', 'rules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]', mesh);
    expect(ask({yaml: p, request: CART})).toMatchObject({enforcer: 'ztunnel', verdict: 'allowed'});
    const other = ask({yaml: p, request: CART, from: 'shop/batch'});
    expect(other).toMatchObject({enforcer: 'ztunnel', verdict: 'denied', reset: true});
    expect(other.summary).toMatch(/connection reset by ztunnel/);
    expect(decide({yaml: p, request: CART, from: 'shop/batch'}).outcome).toBe('unreachable');
  });

  it('an ALLOW rule with HTTP attributes is dropped whole: nothing matches, so everything is denied', () => {
    const p = policy('get-only', 'rules:\n- to:\n  - operation:\n      methods: [GET]', mesh);
    const answer = ask({yaml: p, request: CART});
    expect(answer).toMatchObject({verdict: 'denied', reset: true});
    expect(answer.policies[0]!.rules[0]).toMatchObject({outcome: 'skipped'});
    expect(answer.policies[0]!.rules[0]!.reasons[0]).toMatch(/ztunnel drops an ALLOW rule with HTTP attributes/);
  });

  it('a DENY rule with HTTP attributes keeps only its L4 fields, so it denies more', () => {
    const p = policy('no-delete', 'action: DENY\nrules:\n- to:\n  - operation:\n      methods: [DELETE]', mesh);
    const answer = ask({yaml: p, request: CART});
    expect(answer).toMatchObject({verdict: 'denied', reset: true});
    expect(answer.policies[0]!.rules[0]!.dropped[0]).toMatch(/to\[0\]\.operation\.methods/);
  });

  it('a DENY rule keeps its L4 port, so another port passes', () => {
    const p = policy('no-admin', 'action: DENY\nrules:\n- to:\n  - operation:\n      ports: ["9090"]\n      paths: ["/admin*"]', mesh);
    expect(ask({yaml: p, request: CART}).verdict).toBe('allowed');
  });

  it('when keys other than the L4 five are HTTP: a DENY condition on a header matches every connection', () => {
    const p = policy('no-debug', 'action: DENY\nrules:\n- when:\n  - key: request.headers[x-debug]\n    values: ["*"]', mesh);
    expect(ask({yaml: p, request: CART}).verdict).toBe('denied');
  });

  it('CUSTOM, AUDIT and dry-run policies are ignored by ztunnel', () => {
    const yaml = [
      policy('ext', 'action: CUSTOM\nprovider: {name: opa}\nrules:\n- {}', mesh),
      policy('audit', 'action: AUDIT\nrules:\n- {}', mesh),
      policy('dry', 'action: DENY\nrules:\n- {}', {...mesh, annotations: {'istio.io/dry-run': 'true'}}),
    ];
    const answer = ask({yaml, request: CART});
    expect(answer.verdict).toBe('allowed');
    expect(answer.policies.map((p) => p.ignored)).toEqual([
      'ztunnel does not support the CUSTOM action',
      'ztunnel does not support the AUDIT action',
      'ztunnel ignores dry-run policies (AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is off)',
    ]);
  });

  it('a pod labelled istio.io/dataplane-mode: none opts out: no Istio enforcement', () => {
    const optOut = `apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: mesh}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart, istio.io/dataplane-mode: none}}
    spec: {serviceAccountName: cart, containers: [{name: cart, image: cart}]}`;
    expect(answers({yaml: [optOut, policy('deny-all', 'action: DENY\nrules:\n- {}', mesh)], request: CART})).toEqual([]);
  });
});

describe('a pod both injected and in an ambient namespace', () => {
  it('keeps its sidecar, which enforces with HTTP attributes: istio-cni skips injected pods (podutil.go podHasSidecar)', () => {
    const injected = `apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: mesh}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart, sidecar.istio.io/inject: "true"}}
    spec: {serviceAccountName: cart, containers: [{name: cart, image: cart}]}`;
    const getOnly = policy('get-only', 'rules:\n- to:\n  - operation:\n      methods: [GET]', mesh);
    expect(ask({yaml: [injected, getOnly], request: CART})).toMatchObject({enforcer: 'sidecar', verdict: 'allowed'});
  });
});

describe('waypoint', () => {
  // An ambient client: its ztunnel sends to the Service's waypoint (a sidecar client bypasses it: istio-authorization-waypoint-path.test.ts).
  const from = 'mesh/cart';
  const viaWaypoint = (spec: string) => policy('orders-policy', `targetRefs:\n- {kind: Service, group: "", name: orders}\n${spec}`, mesh);

  it('a policy targeting the Service is enforced at the waypoint with HTTP attributes', () => {
    const p = viaWaypoint('rules:\n- to:\n  - operation:\n      methods: [GET]');
    const [waypoint, ztunnel] = answers({yaml: p, request: ORDERS, from});
    expect(waypoint).toMatchObject({enforcer: 'waypoint', at: {kind: 'waypoint', namespace: 'mesh', name: 'waypoint'}, verdict: 'allowed'});
    expect(ztunnel).toMatchObject({enforcer: 'ztunnel', verdict: 'allowed'});
    const post = answers({yaml: p, request: 'POST http://orders.mesh/', from});
    expect(post).toHaveLength(1);
    expect(post[0]).toMatchObject({enforcer: 'waypoint', verdict: 'denied', status: 403});
    expect(decide({yaml: p, request: 'POST http://orders.mesh/', from}).status).toBe(403);
  });

  it('a policy targeting the waypoint Gateway applies there too', () => {
    const p = policy('gw', 'targetRefs:\n- {kind: Gateway, group: gateway.networking.k8s.io, name: waypoint}\naction: DENY\nrules:\n- to:\n  - operation:\n      paths: ["/admin*"]', mesh);
    expect(answers({yaml: p, request: 'GET http://orders.mesh/admin/x', from})[0]).toMatchObject({enforcer: 'waypoint', verdict: 'denied', status: 403});
  });

  it('selector policies are not enforced at the waypoint', () => {
    const p = policy('get-only', 'selector: {matchLabels: {app: orders}}\nrules:\n- from:\n  - source:\n      principals: [cluster.local/ns/mesh/sa/cart]', mesh);
    const [waypoint, ztunnel] = answers({yaml: p, request: ORDERS, from});
    expect(waypoint).toMatchObject({enforcer: 'waypoint', verdict: 'allowed', policies: []});
    // ztunnel at the pod sees the waypoint's identity, not the client's.
    expect(ztunnel).toMatchObject({enforcer: 'ztunnel', verdict: 'denied', reset: true});
    expect(ztunnel!.policies[0]!.rules[0]!.reasons[0]).toMatch(/peer cluster\.local\/ns\/mesh\/sa\/waypoint/);
  });
});

describe('a waypoint istiod does not bind', () => {
  it('a use-waypoint label naming no Gateway binds nothing: the traffic skips it and only ztunnel enforces, as the routing path says', () => {
    const orders = ordersService({'istio.io/use-waypoint': 'missing'});
    const p = policy('orders-policy', 'targetRefs:\n- {kind: Service, group: "", name: orders}\nrules:\n- to:\n  - operation:\n      methods: [GET]', mesh);
    expect(answers({yaml: [orders, p], request: 'POST http://orders.mesh/'}).map((a) => a.enforcer)).toEqual(['ztunnel']);
  });
});

describe('an ingress gateway as the client', () => {
  const gatewayApiIngress = httpIngress({gateway: 'edge', namespace: 'mesh', route: 'orders', rules: '[{backendRefs: [{name: orders, port: 80}]}]'});
  const denyAtWaypoint = policy('deny-all', 'targetRefs:\n- {kind: Service, group: "", name: orders}\naction: DENY\nrules:\n- {}', mesh);

  it('skips the waypoint unless the Service says istio.io/ingress-use-waypoint: "true"', () => {
    const viaEdge = (extra: string[]) => answers({yaml: [gatewayApiIngress, denyAtWaypoint, ...extra], request: 'GET http://orders.example/', gatewayName: 'mesh/edge'});
    expect(viaEdge([]).map((a) => a.enforcer)).toEqual(['ztunnel']);
    const optIn = ordersService({'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true'});
    expect(viaEdge([optIn])).toMatchObject([{enforcer: 'waypoint', verdict: 'denied', status: 403}]);
  });
});

describe('a Gateway API gateway without a Deployment in the lab', () => {
  it('presents the service account Istio gives its proxy: <name>-<class>', () => {
    const yaml = httpIngress({gateway: 'edge', namespace: 'mesh', route: 'cart', rules: '[{backendRefs: [{name: cart, port: 80}]}]'});
    // Selecting cart: a namespace-wide ALLOW in mesh would also bind the gateway's own pods, which see no principal (istio-authz/ingress.ts).
    const allowEdge = policy('from-edge', 'selector:\n  matchLabels: {app: cart}\nrules:\n- from:\n  - source:\n      principals: [cluster.local/ns/mesh/sa/edge-istio]', mesh);
    expect(answers({yaml: [yaml, allowEdge], request: 'GET http://cart.example/', gatewayName: 'mesh/edge'})).toMatchObject([{enforcer: 'ztunnel', verdict: 'allowed', peer: {principal: 'cluster.local/ns/mesh/sa/edge-istio'}}]);
  });
});
