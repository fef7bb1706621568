/**
 * Gateway API's conformance suite (kubernetes-sigs/gateway-api v1.5.1), the tests of backend
 * references: a backendRef that cannot be resolved (missing Service, unknown kind, another namespace
 * without a ReferenceGrant that admits it) answers 500 for its share; a ReferenceGrant admits only
 * the exact from (group, kind, namespace) and to (group, kind, name); a route attaches to a Gateway of
 * another namespace when its listener's allowedRoutes admits the route's namespace. Each case is one
 * request of the test named, with its manifests transcribed.
 */
import {describeConformance, GATEWAY_BASE, INFRA, referenceGrant as grant, routeHeader, throughGateway, type ConformanceTest} from './gateway-api-conformance-support';

const WEB = 'gateway-conformance-web-backend';
const APP = 'gateway-conformance-app-backend';

/** An HTTPRoute of gateway-conformance-infra on the Gateway same-namespace with these rules. */
const infraRoute = (name: string, rules: string): string => `${routeHeader(name)}  parentRefs: [{name: same-namespace}]
  rules:
${rules}`;

const FROM_ROUTES = `{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ${INFRA}}`;
const TO_WEB = '{group: "", kind: Service, name: web-backend}';
const WEB_ROUTE = infraRoute('reference-grant', `  - backendRefs: [{name: web-backend, namespace: ${WEB}, port: 8080}]\n`);

/** A test of gateway-conformance-infra through Gateway `gateway` (same-namespace by default). */
const test = (name: string, file: string, manifests: string, cases: ConformanceTest['cases'], gateway = 'same-namespace'): ConformanceTest =>
  ({test: name, source: `conformance/tests/${file}`, namespace: INFRA, gateway: `${INFRA}/${gateway}`, manifests, cases});

const PARTIALLY_INVALID = `${grant('invalid-reference-grant', APP, FROM_ROUTES, '{group: "", kind: Service, name: app-backend-v1}')}---\n${infraRoute('invalid-reference-grant', `  - matches: [{path: {type: PathPrefix, value: /v2}}]\n    backendRefs: [{name: app-backend-v2, namespace: ${APP}, port: 8080}]\n  - backendRefs: [{name: app-backend-v1, namespace: ${APP}, port: 8080}]\n`)}`;

const TESTS: ConformanceTest[] = [
  test('HTTPRouteInvalidNonExistentBackendRef', 'httproute-invalid-nonexistent-backendref.go',
    infraRoute('invalid-nonexistent-backend-ref', `  - backendRefs: [{name: nonexistent, namespace: ${INFRA}, port: 8080}]\n`),
    [{request: {path: '/'}, status: 500}]),
  test('HTTPRouteInvalidBackendRefUnknownKind', 'httproute-invalid-backendref-unknown-kind.go',
    infraRoute('invalid-backend-ref-unknown-kind', '  - backendRefs: [{group: unknownkind.example.com, kind: NonExistent, name: infra-backend-v1, port: 8080}]\n'),
    [{request: {path: '/v2'}, status: 500}]),
  test('HTTPRouteInvalidCrossNamespaceBackendRef', 'httproute-invalid-cross-namespace-backend-ref.go',
    infraRoute('invalid-cross-namespace-backend-ref', `  - backendRefs: [{name: web-backend, namespace: ${WEB}, port: 8080}]\n`),
    [{request: {path: '/'}, status: 500}]),
  test('HTTPRouteInvalidReferenceGrant', 'httproute-invalid-reference-grant.go', [
    grant('reference-grant-wrong-namespace', INFRA, FROM_ROUTES, TO_WEB),
    grant('reference-grant-wrong-from-group', WEB, `{group: not-the-group-youre-looking-for, kind: HTTPRoute, namespace: ${INFRA}}`, TO_WEB),
    grant('reference-grant-wrong-from-kind', WEB, `{group: gateway.networking.k8s.io, kind: Gateway, namespace: ${INFRA}}`, TO_WEB),
    grant('reference-grant-wrong-from-namespace', WEB, '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: not-the-namespace-youre-looking-for}', TO_WEB),
    grant('reference-grant-wrong-to-group', WEB, FROM_ROUTES, '{group: not-the-group-youre-looking-for, kind: Service, name: web-backend}'),
    grant('reference-grant-wrong-to-kind', WEB, FROM_ROUTES, '{group: "", kind: Secret, name: web-backend}'),
    grant('reference-grant-wrong-to-name', WEB, FROM_ROUTES, '{group: "", kind: Secret, name: not-the-service-youre-looking-for}'),
    `---\n${WEB_ROUTE}`,
  ].join(''), [{request: {path: '/'}, status: 500}]),
  // /v2: the rule whose backend no grant admits; /: the rule whose backend the grant admits
  test('HTTPRoutePartiallyInvalidViaInvalidReferenceGrant', 'httproute-partially-invalid-via-invalid-reference-grant.go', PARTIALLY_INVALID,
    [{request: {path: '/v2'}, status: 500}, {request: {path: '/'}, backend: 'app-backend-v1', namespace: APP}]),
  test('HTTPRouteReferenceGrant (with the grant)', 'httproute-reference-grant.go', `${grant('reference-grant', WEB, FROM_ROUTES, TO_WEB)}---\n${WEB_ROUTE}`,
    [{request: {path: '/'}, backend: 'web-backend', namespace: WEB}]),
  test('HTTPRouteReferenceGrant (after the grant is deleted)', 'httproute-reference-grant.go', WEB_ROUTE, [{request: {path: '/'}, status: 500}]),
  test('HTTPRouteCrossNamespace', 'httproute-cross-namespace.go', `${routeHeader('cross-namespace', WEB)}  parentRefs: [{name: backend-namespaces, namespace: ${INFRA}}]
  rules:
  - backendRefs: [{name: web-backend, port: 8080}]
`, [{request: {path: '/'}, backend: 'web-backend', namespace: WEB}], 'backend-namespaces'),
];

describeConformance(TESTS, throughGateway(GATEWAY_BASE));
