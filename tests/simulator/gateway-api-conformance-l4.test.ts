/**
 * Gateway API's conformance suite (kubernetes-sigs/gateway-api v1.5.1), the TLSRoute tests with
 * connections to send (conformance/tests/tlsroute-*.go; v1.5.1 has no TCPRoute test): each connection
 * the test opens (tls.MakeTLSRequestAndExpectEventuallyConsistentResponse, tcp.MakeTCPRequestAndExpect
 * EventuallyValidResponse: the backend that answers; tls.MakeTLSConnectionAndExpectEventuallyConnection
 * Rejection: none answers), through the simulator as Istio 1.30.3's gateway proxies it
 * (src/simulator/gatewayapi/l4-routes.ts, gateway-l4.ts). A rejected connection is told apart as Envoy
 * closes it: no filter chain for the SNI (NR), or a chain whose cluster does not exist (NC: a missing
 * Service, a kind that is not a Service, a ReferenceGrant that does not permit the backend).
 * The tests that check only listener or route conditions are the analyzer's (tests/engine/analysis).
 */
import {describe, expect, it} from 'vitest';
import {answers, conformanceDecision, gateway, INFRA, L4_GATEWAY_BASE, referenceGrant} from './gateway-api-conformance-support';

const APP = 'gateway-conformance-app-backend';

/** One connection: its SNI (the host the suite dials) and port, and the Deployment that answers or how Envoy closes it. */
interface L4Case {
  sni: string;
  port?: number;
  backend?: string;
  rejected?: 'NR' | 'NC';
}

interface L4Test {
  test: string;
  source: string;
  manifests: string;
  /** Each Gateway the test dials (`name` in gateway-conformance-infra) with its connections. */
  gateways: Record<string, L4Case[]>;
}

/** A TLS listener allowing TLSRoutes of its own namespace: Passthrough, or Terminate with suite.go's certificate. */
const tlsListener = (name: string, port: number, mode: 'Passthrough' | 'Terminate', hostname?: string, kinds = true): string =>
  `  - {name: ${name}, port: ${port}, protocol: TLS${hostname ? `, hostname: "${hostname}"` : ''}, allowedRoutes: {namespaces: {from: Same}${kinds ? ', kinds: [{kind: TLSRoute}]' : ''}}, tls: {mode: ${mode}${mode === 'Terminate' ? ', certificateRefs: [{name: tls-terminate-checks-certificate}]' : ''}}}\n`;

/** A TLSRoute of gateway-conformance-infra on Gateway `parent` with these hostnames and one rule's backendRefs. */
const tlsRoute = (name: string, parent: string, hostnames: string[], backendRefs: string): string => `---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: ${name}, namespace: ${INFRA}}
spec:
  parentRefs: [{name: ${parent}, namespace: ${INFRA}}]
  hostnames: [${hostnames.map((h) => `"${h}"`).join(', ')}]
  rules: [{backendRefs: [${backendRefs}]}]
`;

const grant = (name: string, from: string, to: string, namespace = APP): string => referenceGrant(name, namespace, from, to);

const TLS_BACKEND = '{name: tls-backend, port: 443}';
const TLS_BACKEND_2 = '{name: tls-backend-2, port: 443}';
const FROM_TLS_ROUTES = `{group: gateway.networking.k8s.io, kind: TLSRoute, namespace: ${INFRA}}`;
const TO_TLS_BACKEND = '{group: "", kind: Service, name: tls-backend}';

/** tlsroute-hostname-intersection.yaml: Gateway `gw` with one Passthrough listener of this hostname, and its routes (hostnames → backend). */
const intersection = (gw: string, listener: string, hostname: string | undefined, routes: Array<[string, string, string]>): string =>
  `${gateway(gw, tlsListener(listener, 443, 'Passthrough', hostname))}${routes.map(([name, host, backend]) => tlsRoute(name, gw, [host], backend)).join('')}`;

const INVALID_REFERENCE_GRANT_ROUTE = tlsRoute('gateway-conformance-infra-test', 'gateway-tlsroute-referencegrant', ['abc.example.com'],
  `{name: tls-backend, namespace: ${APP}, port: 443}`);
const REFERENCE_GRANT_GATEWAY = gateway('gateway-tlsroute-referencegrant', tlsListener('https', 443, 'Passthrough', '*.example.com'));

const L4_TESTS: L4Test[] = [
  {test: 'TLSRouteSimpleSameNamespace', source: 'tlsroute-simple-same-namespace.go',
    manifests: `${tlsRoute('gateway-conformance-infra-test', 'gateway-tlsroute', ['abc.example.com'], '{name: tcp-backend, port: 8443}')}${gateway('gateway-tlsroute', tlsListener('https', 443, 'Passthrough', '*.example.com'))}`,
    gateways: {'gateway-tlsroute': [{sni: 'abc.example.com', backend: 'tcp-backend'}]}},
  {test: 'TLSRouteHostnameIntersection', source: 'tlsroute-hostname-intersection.go',
    manifests: [
      intersection('gw-tlsroute-exact-hostname-x-1', 'listener-exact-hostname', 'abc.example.com', [['tlsroute-more-specific-wc-hostname-x-1', '*.example.com', TLS_BACKEND]]),
      intersection('gw-tlsroute-more-specific-wc-hostname-x-2', 'listener-more-specific-wc-hostname', '*.example.com',
        [['tlsroute-exact-hostname-x-2', 'abc.example.com', TLS_BACKEND], ['tlsroute-less-specific-wc-hostname-x-2', '*.com', TLS_BACKEND_2]]),
      intersection('gw-tlsroute-less-specific-wc-hostname-x-3', 'listener-less-specific-wc-hostname', '*.com',
        [['tlsroute-exact-hostname-x-3', 'abc.example.com', TLS_BACKEND], ['tlsroute-more-specific-wc-hostname-x-3', '*.example.com', TLS_BACKEND_2]]),
      intersection('gw-tlsroute-empty-hostname-x-4', 'listener-empty-hostname', undefined,
        [['tlsroute-exact-hostname-x-4', 'abc.example.com', TLS_BACKEND], ['tlsroute-less-specific-wc-hostname-x-4', '*.com', TLS_BACKEND_2]]),
    ].join(''),
    gateways: {
      'gw-tlsroute-exact-hostname-x-1': [{sni: 'abc.example.com', backend: 'tls-backend'}, {sni: 'non.matching.com', rejected: 'NR'}],
      'gw-tlsroute-more-specific-wc-hostname-x-2': [{sni: 'abc.example.com', backend: 'tls-backend'}, {sni: 'other.example.com', backend: 'tls-backend-2'}, {sni: 'non.matching.com', rejected: 'NR'}],
      'gw-tlsroute-less-specific-wc-hostname-x-3': [{sni: 'abc.example.com', backend: 'tls-backend'}, {sni: 'other.example.com', backend: 'tls-backend-2'}, {sni: 'non.matching.com', rejected: 'NR'}],
      'gw-tlsroute-empty-hostname-x-4': [{sni: 'abc.example.com', backend: 'tls-backend'}, {sni: 'other.example.com', backend: 'tls-backend-2'}, {sni: 'non.matching.net', rejected: 'NR'}],
    }},
  {test: 'TLSRouteInvalidBackendRefNonExistent', source: 'tlsroute-invalid-backendref-nonexistent.go',
    manifests: `${gateway('gateway-tlsroute-invalid-backend-ref-nonexistent', tlsListener('tls', 443, 'Passthrough', undefined, false))}${tlsRoute('invalid-backend-ref-nonexistent', 'gateway-tlsroute-invalid-backend-ref-nonexistent', ['example.com'], `{name: nonexistent, namespace: ${INFRA}, port: 443}`)}`,
    gateways: {'gateway-tlsroute-invalid-backend-ref-nonexistent': [{sni: 'example.com', rejected: 'NC'}]}},
  {test: 'TLSRouteInvalidBackendRefUnknownKind', source: 'tlsroute-invalid-backendref-unknown-kind.go',
    manifests: `${gateway('gateway-tlsroute-invalid-backend-ref-unknown-kind', tlsListener('tls', 443, 'Passthrough', undefined, false))}${tlsRoute('invalid-backend-ref-unknown-kind', 'gateway-tlsroute-invalid-backend-ref-unknown-kind', ['example.com'], '{group: unknownkind.example.com, kind: NonExistent, name: tls-backend, port: 443}')}`,
    gateways: {'gateway-tlsroute-invalid-backend-ref-unknown-kind': [{sni: 'example.com', rejected: 'NC'}]}},
  // The test checks ResolvedRefs=False RefNotPermitted only; the connection Istio's gateway then closes is the simulator's answer.
  {test: 'TLSRouteInvalidReferenceGrant', source: 'tlsroute-invalid-reference-grant.go',
    manifests: [
      grant('reference-grant-wrong-namespace', FROM_TLS_ROUTES, TO_TLS_BACKEND, INFRA),
      grant('reference-grant-wrong-from-group', `{group: not-the-group-youre-looking-for, kind: TLSRoute, namespace: ${INFRA}}`, TO_TLS_BACKEND),
      grant('reference-grant-wrong-from-kind', `{group: gateway.networking.k8s.io, kind: Gateway, namespace: ${INFRA}}`, TO_TLS_BACKEND),
      grant('reference-grant-wrong-from-namespace', '{group: gateway.networking.k8s.io, kind: TLSRoute, namespace: not-the-namespace-youre-looking-for}', TO_TLS_BACKEND),
      grant('reference-grant-wrong-to-group', FROM_TLS_ROUTES, '{group: not-the-group-youre-looking-for, kind: Service, name: tls-backend}'),
      grant('reference-grant-wrong-to-kind', FROM_TLS_ROUTES, '{group: "", kind: Secret, name: tls-backend}'),
      grant('reference-grant-wrong-to-name', FROM_TLS_ROUTES, '{group: "", kind: Service, name: not-the-service-youre-looking-for}'),
      INVALID_REFERENCE_GRANT_ROUTE, REFERENCE_GRANT_GATEWAY,
    ].join(''),
    gateways: {'gateway-tlsroute-referencegrant': [{sni: 'abc.example.com', rejected: 'NC'}]}},
  // Not a test of the suite: tlsroute-invalid-reference-grant.yaml's route with the grant it lacks (as httproute-reference-grant.go pairs them).
  {test: 'TLSRouteInvalidReferenceGrant, with a grant that permits the backend', source: 'tlsroute-invalid-reference-grant.yaml',
    manifests: `${grant('reference-grant', FROM_TLS_ROUTES, TO_TLS_BACKEND)}${INVALID_REFERENCE_GRANT_ROUTE}${REFERENCE_GRANT_GATEWAY}`,
    gateways: {'gateway-tlsroute-referencegrant': [{sni: 'abc.example.com', backend: `${APP}/tls-backend`}]}},
  {test: 'TLSRouteTerminateSimpleSameNamespace', source: 'tlsroute-terminate-simple-same-namespace.go',
    manifests: `${tlsRoute('tlsroute-terminated-test', 'gateway-tlsroute-terminate', ['tls.example.com'], '{name: tcp-backend, port: 3000}')}${gateway('gateway-tlsroute-terminate', tlsListener('tlsterminate', 8443, 'Terminate', 'tls.example.com'))}`,
    gateways: {'gateway-tlsroute-terminate': [{sni: 'tls.example.com', port: 8443, backend: 'tcp-backend'}]}},
  {test: 'TLSRouteMixedTerminationSameNamespace', source: 'tlsroute-mixed-termination-same-namespace.go',
    manifests: [
      gateway('gateway-tlsroute-mixed-termination', tlsListener('tls-terminate', 8883, 'Terminate', 'tls.example.com') + tlsListener('tls-passthrough', 8883, 'Passthrough', 'abc.example.com')),
      tlsRoute('gateway-conformance-mixed-passthroughroute', 'gateway-tlsroute-mixed-termination', ['abc.example.com'], '{name: tcp-backend, port: 8443}'),
      tlsRoute('gateway-conformance-mixed-terminateroute', 'gateway-tlsroute-mixed-termination', ['tls.example.com'], '{name: tcp-backend, port: 3000}'),
    ].join(''),
    gateways: {'gateway-tlsroute-mixed-termination': [{sni: 'tls.example.com', port: 8883, backend: 'tcp-backend'}, {sni: 'abc.example.com', port: 8883, backend: 'tcp-backend'}]}},
];

describe.each(L4_TESTS)('$test (conformance/tests/$source)', ({manifests, gateways}) => {
  const cases = Object.entries(gateways).flatMap(([gw, list]) => list.map((c) => ({gw, ...c, answer: c.backend ?? `closed (${c.rejected})`})));
  it.each(cases)('$gw: SNI $sni → $answer', ({gw, sni, port = 443, backend, rejected}) => {
    const decision = conformanceDecision({base: L4_GATEWAY_BASE, manifests: manifests.replace(/^---\n/, ''), gateway: `${INFRA}/${gw}`},
      {request: {scheme: 'https', host: sni, port, path: '/'}});
    expect(decision.connection, decision.summary).toMatchObject({protocol: 'tls', sni});
    if (backend) {
      expect(answers(decision), decision.summary).toEqual([backend.includes('/') ? backend : `${INFRA}/${backend}`]);
      return;
    }
    expect(decision.connection?.state, decision.summary).toBe('closed');
    if (rejected === 'NR') expect(decision).toMatchObject({outcome: 'unreachable', flags: 'NR'});
    else expect(decision.destinations.map((d) => d.flags)).toEqual(['NC']);
  });
});
