/**
 * Gateway API's conformance suite (kubernetes-sigs/gateway-api v1.5.1), the GRPCRoute tests
 * (conformance/tests/grpcroute-*.go and mesh/grpcroute-weight.go): each gRPC call the suite makes
 * (the echo service's Echo, EchoTwo or EchoThree, with its metadata and authority) and the backend
 * it must reach. A call no rule matches is answered 404, which a gRPC client reads as
 * UNIMPLEMENTED (the gRPC spec's HTTP to gRPC status mapping), the suite's `codes.Unimplemented`.
 */
import {describe, expect, it} from 'vitest';
import {
  conformanceDecision, describeConformance, GATEWAY_BASE, INFRA, MESH, meshBase, routeHeader, sharesByDeployment, throughGateway, type ConformanceTest, type ExpectedResponse,
} from './gateway-api-conformance-support';
const SERVICE = 'gateway_api_conformance.echo_basic.grpcecho.GrpcEcho';

/** One call: the method, its metadata (headers) and authority (Host); a backend, each Deployment's share, or Unimplemented. */
interface Call {
  method: 'Echo' | 'EchoTwo' | 'EchoThree';
  metadata?: Record<string, string>;
  authority?: string;
  backend?: string;
  shares?: Record<string, number>;
  unimplemented?: true;
}

const request = (call: Call): ExpectedResponse['request'] => ({
  method: 'POST',
  path: `/${SERVICE}/${call.method}`,
  host: call.authority,
  headers: {'content-type': 'application/grpc', ...call.metadata},
});

const expectation = (call: Call): ExpectedResponse =>
  (call.unimplemented ? {request: request(call), status: 404} : call.shares ? {request: request(call), shares: call.shares} : {request: request(call), backend: call.backend});

const TESTS: Array<{test: string; source: string; gateway?: string; manifests: string; calls: Call[]}> = [
  {test: 'GRPCExactMethodMatching', source: 'grpcroute-exact-method-matching.go', manifests: `${routeHeader('exact-matching', INFRA, 'GRPCRoute')}  parentRefs: [{name: same-namespace}]
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
  {test: 'GRPCRouteHeaderMatching', source: 'grpcroute-header-matching.go', manifests: `${routeHeader('grpc-header-matching', INFRA, 'GRPCRoute')}  parentRefs: [{name: same-namespace}]
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
${routeHeader(name, INFRA, 'GRPCRoute')}  parentRefs: [{name: grpcroute-listener-hostname-matching, namespace: ${INFRA}, sectionName: ${listener}}]
  rules: [{backendRefs: [{name: grpc-infra-backend-${v}, port: 8080}]}]
`).join('')}---
${routeHeader('backend-v3', INFRA, 'GRPCRoute')}  parentRefs:
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
  {test: 'GRPCRouteWeight', source: 'grpcroute-weight.go', manifests: `${routeHeader('weighted-backends', INFRA, 'GRPCRoute')}  parentRefs: [{name: same-namespace}]
  rules:
  - backendRefs: [{name: grpc-infra-backend-v1, port: 8080, weight: 70}, {name: grpc-infra-backend-v2, port: 8080, weight: 30}, {name: grpc-infra-backend-v3, port: 8080, weight: 0}]
`, calls: [
    // 70% of calls to grpc-infra-backend-v1, 30% to v2 and none to v3 (weight 0)
    {method: 'Echo', shares: {[`${INFRA}/grpc-infra-backend-v1`]: 0.7, [`${INFRA}/grpc-infra-backend-v2`]: 0.3}},
  ]},
];

/** The calls as the suite's tests, each through its Gateway (same-namespace unless the test names one). */
const CONFORMANCE_TESTS: ConformanceTest[] = TESTS.map(({test, source, gateway, manifests, calls}) =>
  ({test, source: `conformance/tests/${source}`, namespace: INFRA, gateway: gateway ?? `${INFRA}/same-namespace`, manifests, cases: calls.map(expectation)}));

// The gRPC client compares the backend and code only: the request path is the method's.
describeConformance(CONFORMANCE_TESTS, (test, expected) => throughGateway(GATEWAY_BASE)(test, {...expected, backendSaw: {path: expected.request.path}}));

describe('MeshGRPCRouteWeight (conformance/tests/mesh/grpcroute-weight.go)', () => {
  const manifests = `${routeHeader('mesh-grpc-weighted-backends', MESH, 'GRPCRoute')}  parentRefs: [{group: "", kind: Service, name: echo, port: 7070}]
  rules:
  - backendRefs: [{name: echo-v1, port: 7070, weight: 70}, {name: echo-v2, port: 7070, weight: 30}, {name: echo-v3, port: 7070, weight: 0}]
`;
  const call = {request: {...request({method: 'Echo'}), host: 'echo:7070'}};

  it('istio: sends 70% of calls to echo-v1 and 30% to echo-v2; echo-v3 (weight 0, and no such Service) gets none', () => {
    expect(sharesByDeployment(conformanceDecision({base: meshBase('istio'), manifests}, call))).toEqual({[`${MESH}/echo-v1`]: 0.7, [`${MESH}/echo-v2`]: 0.3});
  });

  it("linkerd: the port's appProtocol grpc is one Linkerd 2.20 does not know, so the port is opaque and the route unused (core/src/outbound.rs AppProtocol::from_str; policy-test outbound_api_app_protocol.rs unknown_app_protocol_parent)", () => {
    const decision = conformanceDecision({base: meshBase('linkerd'), manifests}, call);
    expect(decision.trace.map((s) => s.message).join('\n')).toContain('opaque TCP (appProtocol grpc)');
    expect(decision.connection?.state).toBe('established');
    // Connections are balanced over the Service's pods: one each.
    expect(sharesByDeployment(decision)).toEqual({[`${MESH}/echo-v1`]: 0.5, [`${MESH}/echo-v2`]: 0.5});
  });
});
