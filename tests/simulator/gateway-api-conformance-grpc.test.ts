/**
 * Gateway API's conformance suite (kubernetes-sigs/gateway-api v1.5.1), the GRPCRoute tests
 * (conformance/tests/grpcroute-*.go and mesh/grpcroute-weight.go): each gRPC call the suite makes
 * (the echo service's Echo, EchoTwo or EchoThree, with its metadata and authority) and the backend
 * it must reach. A call no rule matches is answered 404, which a gRPC client reads as
 * UNIMPLEMENTED (the gRPC spec's HTTP to gRPC status mapping), the suite's `codes.Unimplemented`.
 */
import {describe, expect, it} from 'vitest';
import {conformanceDecision, expectResponse, GATEWAY_BASE, meshBase, sharesByDeployment, type ExpectedResponse} from './gateway-api-conformance-support';

const INFRA = 'gateway-conformance-infra';
const SERVICE = 'gateway_api_conformance.echo_basic.grpcecho.GrpcEcho';

/** One call: the method, its metadata (headers) and authority (Host); a backend or Unimplemented. */
interface Call {
  method: 'Echo' | 'EchoTwo' | 'EchoThree';
  metadata?: Record<string, string>;
  authority?: string;
  backend?: string;
  unimplemented?: true;
}

const request = (call: Call): ExpectedResponse['request'] => ({
  method: 'POST',
  path: `/${SERVICE}/${call.method}`,
  host: call.authority,
  headers: {'content-type': 'application/grpc', ...call.metadata},
});

const expectation = (call: Call): ExpectedResponse => (call.unimplemented ? {request: request(call), status: 404} : {request: request(call), backend: call.backend});

const TESTS: Array<{test: string; source: string; gateway?: string; manifests: string; calls: Call[]}> = [
  {test: 'GRPCExactMethodMatching', source: 'grpcroute-exact-method-matching.go', manifests: `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: exact-matching, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{method: {service: ${SERVICE}, method: Echo}}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{method: {service: ${SERVICE}, method: EchoTwo}}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`, calls: [
    {method: 'Echo', backend: 'grpc-infra-backend-v1'},
    {method: 'EchoTwo', backend: 'grpc-infra-backend-v2'},
    {method: 'EchoThree', unimplemented: true},
  ]},
  {test: 'GRPCRouteHeaderMatching', source: 'grpcroute-header-matching.go', manifests: `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: grpc-header-matching, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{headers: [{name: version, value: one}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: two}]}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: blue}]}, {headers: [{name: color, value: green}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: red}]}, {headers: [{name: color, value: yellow}]}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`, calls: [
    {method: 'Echo', metadata: {Version: 'one'}, backend: 'grpc-infra-backend-v1'},
    {method: 'Echo', metadata: {Version: 'two'}, backend: 'grpc-infra-backend-v2'},
    {method: 'Echo', metadata: {Version: 'two', Color: 'orange'}, backend: 'grpc-infra-backend-v1'},
    {method: 'Echo', metadata: {Version: 'two', Color: 'blue'}, backend: 'grpc-infra-backend-v2'},
    {method: 'Echo', metadata: {Color: 'orange'}, unimplemented: true},
    {method: 'Echo', metadata: {'Some-Other-Header': 'one'}, unimplemented: true},
    {method: 'Echo', metadata: {Color: 'blue'}, backend: 'grpc-infra-backend-v1'},
    {method: 'Echo', metadata: {Color: 'green'}, backend: 'grpc-infra-backend-v1'},
    {method: 'Echo', metadata: {Color: 'red'}, backend: 'grpc-infra-backend-v2'},
    {method: 'Echo', metadata: {Color: 'yellow'}, backend: 'grpc-infra-backend-v2'},
  ]},
  {test: 'GRPCRouteListenerHostnameMatching', source: 'grpcroute-listener-hostname-matching.go', gateway: `${INFRA}/grpcroute-listener-hostname-matching`, manifests: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: grpcroute-listener-hostname-matching, namespace: ${INFRA}}
spec:
  gatewayClassName: istio
  listeners:
${[['listener-1', 'bar.com'], ['listener-2', 'foo.bar.com'], ['listener-3', '"*.bar.com"'], ['listener-4', '"*.foo.com"']].map(([name, host]) => `  - {name: ${name}, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: ${host}}`).join('\n')}
${[['backend-v1', 'listener-1', 'v1'], ['backend-v2', 'listener-2', 'v2']].map(([name, listener, v]) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: ${name}, namespace: ${INFRA}}
spec:
  parentRefs: [{name: grpcroute-listener-hostname-matching, namespace: ${INFRA}, sectionName: ${listener}}]
  rules: [{backendRefs: [{name: grpc-infra-backend-${v}, port: 8080}]}]
`).join('')}---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: backend-v3, namespace: ${INFRA}}
spec:
  parentRefs:
  - {name: grpcroute-listener-hostname-matching, namespace: ${INFRA}, sectionName: listener-3}
  - {name: grpcroute-listener-hostname-matching, namespace: ${INFRA}, sectionName: listener-4}
  rules: [{backendRefs: [{name: grpc-infra-backend-v3, port: 8080}]}]
`, calls: [
    {method: 'Echo', authority: 'bar.com', backend: 'grpc-infra-backend-v1'},
    {method: 'Echo', authority: 'foo.bar.com', backend: 'grpc-infra-backend-v2'},
    {method: 'Echo', authority: 'baz.bar.com', backend: 'grpc-infra-backend-v3'},
    {method: 'Echo', authority: 'boo.bar.com', backend: 'grpc-infra-backend-v3'},
    {method: 'Echo', authority: 'multiple.prefixes.bar.com', backend: 'grpc-infra-backend-v3'},
    {method: 'Echo', authority: 'multiple.prefixes.foo.com', backend: 'grpc-infra-backend-v3'},
    {method: 'Echo', authority: 'foo.com', unimplemented: true},
    {method: 'Echo', authority: 'no.matching.host', unimplemented: true},
  ]},
];

describe.each(TESTS)('$test (conformance/tests/$source)', ({manifests, calls, gateway}) => {
  it.each(calls.map((call, i) => [`${i} ${call.method} ${call.authority ?? ''} ${JSON.stringify(call.metadata ?? {})}`, call] as const))('%s', (_, call) => {
    const expected = expectation(call);
    const decision = conformanceDecision({base: GATEWAY_BASE, manifests, gateway: gateway ?? `${INFRA}/same-namespace`}, expected);
    // The gRPC client compares the backend and code only: the request path is the method's.
    expectResponse(decision, {...expected, backendSaw: {path: expected.request.path}}, INFRA, 'gateway');
  });
});

describe('GRPCRouteWeight (conformance/tests/grpcroute-weight.go)', () => {
  it('sends 70% of calls to grpc-infra-backend-v1, 30% to v2 and none to v3 (weight 0)', () => {
    const manifests = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: weighted-backends, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - backendRefs: [{name: grpc-infra-backend-v1, port: 8080, weight: 70}, {name: grpc-infra-backend-v2, port: 8080, weight: 30}, {name: grpc-infra-backend-v3, port: 8080, weight: 0}]
`;
    const decision = conformanceDecision({base: GATEWAY_BASE, manifests, gateway: `${INFRA}/same-namespace`}, {request: request({method: 'Echo'})});
    expect(sharesByDeployment(decision)).toEqual({[`${INFRA}/grpc-infra-backend-v1`]: 0.7, [`${INFRA}/grpc-infra-backend-v2`]: 0.3});
  });
});

describe('MeshGRPCRouteWeight (conformance/tests/mesh/grpcroute-weight.go)', () => {
  const manifests = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: mesh-grpc-weighted-backends, namespace: gateway-conformance-mesh}
spec:
  parentRefs: [{group: "", kind: Service, name: echo, port: 7070}]
  rules:
  - backendRefs: [{name: echo-v1, port: 7070, weight: 70}, {name: echo-v2, port: 7070, weight: 30}, {name: echo-v3, port: 7070, weight: 0}]
`;
  const call = {request: {...request({method: 'Echo'}), host: 'echo:7070'}};

  it('istio: sends 70% of calls to echo-v1 and 30% to echo-v2; echo-v3 (weight 0, and no such Service) gets none', () => {
    expect(sharesByDeployment(conformanceDecision({base: meshBase('istio'), manifests}, call))).toEqual({'gateway-conformance-mesh/echo-v1': 0.7, 'gateway-conformance-mesh/echo-v2': 0.3});
  });

  it("linkerd: the port's appProtocol grpc is one Linkerd 2.20 does not know, so the port is opaque and the route unused (core/src/outbound.rs AppProtocol::from_str; policy-test outbound_api_app_protocol.rs unknown_app_protocol_parent)", () => {
    const decision = conformanceDecision({base: meshBase('linkerd'), manifests}, call);
    expect(decision.trace.map((s) => s.message).join('\n')).toContain('opaque TCP (appProtocol grpc)');
    expect(decision.connection?.state).toBe('established');
    // Connections are balanced over the Service's pods: one each.
    expect(sharesByDeployment(decision)).toEqual({'gateway-conformance-mesh/echo-v1': 0.5, 'gateway-conformance-mesh/echo-v2': 0.5});
  });
});
