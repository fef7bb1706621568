/**
 * Gateway API's conformance suite (kubernetes-sigs/gateway-api v1.5.1), the tests of backend
 * references: a backendRef that cannot be resolved (missing Service, unknown kind, another namespace
 * without a ReferenceGrant that admits it) answers 500 for its share; a ReferenceGrant admits only
 * the exact from (group, kind, namespace) and to (group, kind, name); a route attaches to a Gateway of
 * another namespace when its listener's allowedRoutes admits the route's namespace. Each case is one
 * request of the test named, with its manifests transcribed.
 */
import {describe, it} from 'vitest';
import {conformanceDecision, expectResponse, GATEWAY_BASE, type ExpectedResponse} from './gateway-api-conformance-support';

const INFRA = 'gateway-conformance-infra';
const WEB = 'gateway-conformance-web-backend';
const APP = 'gateway-conformance-app-backend';

/** An HTTPRoute of gateway-conformance-infra on the Gateway same-namespace with these rules. */
const infraRoute = (name: string, rules: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
${rules}`;

const grant = (name: string, namespace: string, from: string, to: string): string => `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  from: [${from}]
  to: [${to}]
`;

const FROM_ROUTES = `{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ${INFRA}}`;
const TO_WEB = '{group: "", kind: Service, name: web-backend}';
const WEB_ROUTE = infraRoute('reference-grant', `  - backendRefs: [{name: web-backend, namespace: ${WEB}, port: 8080}]\n`);

const CASES: Array<{test: string; source: string; manifests: string; expected: ExpectedResponse; gateway?: string}> = [
  {test: 'HTTPRouteInvalidNonExistentBackendRef', source: 'httproute-invalid-nonexistent-backendref.go',
    manifests: infraRoute('invalid-nonexistent-backend-ref', `  - backendRefs: [{name: nonexistent, namespace: ${INFRA}, port: 8080}]\n`),
    expected: {request: {path: '/'}, status: 500}},
  {test: 'HTTPRouteInvalidBackendRefUnknownKind', source: 'httproute-invalid-backendref-unknown-kind.go',
    manifests: infraRoute('invalid-backend-ref-unknown-kind', '  - backendRefs: [{group: unknownkind.example.com, kind: NonExistent, name: infra-backend-v1, port: 8080}]\n'),
    expected: {request: {path: '/v2'}, status: 500}},
  {test: 'HTTPRouteInvalidCrossNamespaceBackendRef', source: 'httproute-invalid-cross-namespace-backend-ref.go',
    manifests: infraRoute('invalid-cross-namespace-backend-ref', `  - backendRefs: [{name: web-backend, namespace: ${WEB}, port: 8080}]\n`),
    expected: {request: {path: '/'}, status: 500}},
  {test: 'HTTPRouteInvalidReferenceGrant', source: 'httproute-invalid-reference-grant.go',
    manifests: [
      grant('reference-grant-wrong-namespace', INFRA, FROM_ROUTES, TO_WEB),
      grant('reference-grant-wrong-from-group', WEB, `{group: not-the-group-youre-looking-for, kind: HTTPRoute, namespace: ${INFRA}}`, TO_WEB),
      grant('reference-grant-wrong-from-kind', WEB, `{group: gateway.networking.k8s.io, kind: Gateway, namespace: ${INFRA}}`, TO_WEB),
      grant('reference-grant-wrong-from-namespace', WEB, '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: not-the-namespace-youre-looking-for}', TO_WEB),
      grant('reference-grant-wrong-to-group', WEB, FROM_ROUTES, '{group: not-the-group-youre-looking-for, kind: Service, name: web-backend}'),
      grant('reference-grant-wrong-to-kind', WEB, FROM_ROUTES, '{group: "", kind: Secret, name: web-backend}'),
      grant('reference-grant-wrong-to-name', WEB, FROM_ROUTES, '{group: "", kind: Secret, name: not-the-service-youre-looking-for}'),
      `---\n${WEB_ROUTE}`,
    ].join(''),
    expected: {request: {path: '/'}, status: 500}},
  {test: 'HTTPRoutePartiallyInvalidViaInvalidReferenceGrant (the rule whose backend no grant admits)', source: 'httproute-partially-invalid-via-invalid-reference-grant.go',
    manifests: `${grant('invalid-reference-grant', APP, FROM_ROUTES, '{group: "", kind: Service, name: app-backend-v1}')}---\n${infraRoute('invalid-reference-grant', `  - matches: [{path: {type: PathPrefix, value: /v2}}]\n    backendRefs: [{name: app-backend-v2, namespace: ${APP}, port: 8080}]\n  - backendRefs: [{name: app-backend-v1, namespace: ${APP}, port: 8080}]\n`)}`,
    expected: {request: {path: '/v2'}, status: 500}},
  {test: 'HTTPRoutePartiallyInvalidViaInvalidReferenceGrant (the rule whose backend the grant admits)', source: 'httproute-partially-invalid-via-invalid-reference-grant.go',
    manifests: `${grant('invalid-reference-grant', APP, FROM_ROUTES, '{group: "", kind: Service, name: app-backend-v1}')}---\n${infraRoute('invalid-reference-grant', `  - matches: [{path: {type: PathPrefix, value: /v2}}]\n    backendRefs: [{name: app-backend-v2, namespace: ${APP}, port: 8080}]\n  - backendRefs: [{name: app-backend-v1, namespace: ${APP}, port: 8080}]\n`)}`,
    expected: {request: {path: '/'}, backend: 'app-backend-v1', namespace: APP}},
  {test: 'HTTPRouteReferenceGrant (with the grant)', source: 'httproute-reference-grant.go',
    manifests: `${grant('reference-grant', WEB, FROM_ROUTES, TO_WEB)}---\n${WEB_ROUTE}`,
    expected: {request: {path: '/'}, backend: 'web-backend', namespace: WEB}},
  {test: 'HTTPRouteReferenceGrant (after the grant is deleted)', source: 'httproute-reference-grant.go',
    manifests: WEB_ROUTE,
    expected: {request: {path: '/'}, status: 500}},
  {test: 'HTTPRouteCrossNamespace', source: 'httproute-cross-namespace.go', gateway: `${INFRA}/backend-namespaces`,
    manifests: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cross-namespace, namespace: ${WEB}}
spec:
  parentRefs: [{name: backend-namespaces, namespace: ${INFRA}}]
  rules:
  - backendRefs: [{name: web-backend, port: 8080}]
`,
    expected: {request: {path: '/'}, backend: 'web-backend', namespace: WEB}},
];

describe('Gateway API conformance v1.5.1: backend references (conformance/tests/)', () => {
  it.each(CASES)('$test ($source)', ({manifests, expected, gateway}) => {
    expectResponse(conformanceDecision({base: GATEWAY_BASE, manifests, gateway: gateway ?? `${INFRA}/same-namespace`}, expected), expected, INFRA, 'gateway');
  });
});
