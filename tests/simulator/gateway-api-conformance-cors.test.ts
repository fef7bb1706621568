/**
 * Gateway API's conformance suite, CORS tests (kubernetes-sigs/gateway-api v1.5.1):
 * conformance/tests/httproute-cors.go (HTTPRouteCORS) and httproute-cors-allow-credentials-behavior.go
 * (HTTPRouteCORSAllowCredentialsBehavior), with the `.yaml` beside each, transcribed: every request
 * they send through the Gateway `same-namespace` and the answer they accept, routed by the simulator
 * as Istio's gateway (Envoy's CORS filter) answers. The cluster is the suite's base
 * (gateway-api-conformance-support.ts); the tests' routes are written here from their facts.
 *
 * How the suite reads a response (conformance/utils/http/http.go CompareRoundTrip): the status among
 * `StatusCodes` (else `StatusCode`, 200 by default); each `ValidHeaderValues` header present with one
 * of the values (spaces removed on both sides with `IgnoreWhitespace`); each `Headers` header equal;
 * each `AbsentHeaders` header missing. A case with a `Namespace` also checks the backend's namespace
 * (the echo server's answer); a preflight case sets it to "" since the answer has no body.
 */
import {describe, expect, it} from 'vitest';
import type {Decision} from '../../src/simulator/index';
import {answers, conformanceDecision, GATEWAY_BASE, INFRA, type ExpectedResponse} from './gateway-api-conformance-support';

const GATEWAY = `${INFRA}/same-namespace`;

/** One http.ExpectedResponse of a CORS test, in the suite's terms. */
interface CorsCase {
  name: string;
  request: ExpectedResponse['request'];
  /** Response.StatusCodes, or [StatusCode] (200 when unset). */
  statusCodes?: number[];
  /** ExpectedResponse.Namespace: the backend's namespace the suite checks ('' for a preflight: not checked). */
  namespace: string;
  validHeaderValues?: Record<string, string[]>;
  headers?: Record<string, string>;
  absentHeaders?: string[];
  ignoreWhitespace?: boolean;
}

/** An HTTPRoute on the Gateway `same-namespace` whose rules each send a path prefix to infra-backend-v1 through one CORS filter (JSON, which YAML reads). */
function corsRoute(name: string, rules: Array<[prefix: string, cors: Record<string, unknown>]>): string {
  return JSON.stringify({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name, namespace: INFRA},
    spec: {
      parentRefs: [{name: 'same-namespace'}],
      rules: rules.map(([prefix, cors]) => ({
        filters: [{type: 'CORS', cors}], matches: [{path: {type: 'PathPrefix', value: prefix}}], backendRefs: [{name: 'infra-backend-v1', port: 8080}],
      })),
    },
  });
}

/** conformance/tests/httproute-cors.yaml: its routes' names, paths and filters. */
const CORS_MANIFESTS = [
  corsRoute('cors-multiple-origins-methods-headers', [['/cors-1', {
    allowOrigins: ['https://www.foo.com', 'https://*.bar.com'], allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['x-header-1', 'x-header-2'],
    exposeHeaders: ['x-header-3', 'x-header-4'], allowCredentials: true, maxAge: 3600,
  }]]),
  corsRoute('cors-wildcard-methods', [['/cors-2', {allowOrigins: ['https://www.foo.com'], allowMethods: ['*']}]]),
  corsRoute('cors-wildcard-origin', [['/cors-wildcard-origin', {allowOrigins: ['*'], allowMethods: ['PUT'], allowCredentials: false}]]),
  corsRoute('cors-wildcard-methods-headers', [
    ['/cors-wildcard-methods-headers', {allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], allowCredentials: true}],
    ['/cors-wildcard-methods-headers-unauth', {allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], allowCredentials: false}],
  ]),
].join('\n---\n');

const preflight = (path: string, headers: Record<string, string>): ExpectedResponse['request'] => ({path, method: 'OPTIONS', headers});
const FOO_PREFLIGHT_HEADERS = {'access-control-allow-methods': ['GET, OPTIONS', 'OPTIONS, GET'], 'access-control-allow-headers': ['x-header-1, x-header-2', 'x-header-2, x-header-1'],
  'access-control-expose-headers': ['x-header-3, x-header-4', 'x-header-4, x-header-3'], 'access-control-max-age': ['3600'], 'access-control-allow-credentials': ['true']};
const REQUESTED = {'access-control-request-method': 'GET', 'access-control-request-headers': 'x-header-1, x-header-2'};

/** httproute-cors.go testCases, in order. */
const HTTPROUTE_CORS: CorsCase[] = [
  {name: 'CORS preflight request from an exact matching origin should be allowed', namespace: '', statusCodes: [200, 204], ignoreWhitespace: true,
    request: preflight('/cors-1', {Origin: 'https://www.foo.com', ...REQUESTED}),
    validHeaderValues: {'access-control-allow-origin': ['https://www.foo.com'], ...FOO_PREFLIGHT_HEADERS}},
  {name: 'CORS preflight request from a wildcard matching origin should be allowed', namespace: '', statusCodes: [200, 204], ignoreWhitespace: true,
    request: preflight('/cors-1', {Origin: 'https://www.bar.com', ...REQUESTED}),
    validHeaderValues: {'access-control-allow-origin': ['https://www.bar.com'], ...FOO_PREFLIGHT_HEADERS}},
  {name: "CORS preflight request from a wildcard matching any number of periods left to '*' should be allowed", namespace: '', statusCodes: [200, 204], ignoreWhitespace: true,
    request: preflight('/cors-1', {Origin: 'https://xpto.www.bar.com', ...REQUESTED}),
    validHeaderValues: {'access-control-allow-origin': ['https://xpto.www.bar.com'], ...FOO_PREFLIGHT_HEADERS}},
  {name: 'CORS preflight request from a non-matching origin should not be allowed', namespace: '', statusCodes: [200, 204, 403],
    request: preflight('/cors-1', {Origin: 'https://foobar.com', 'access-control-request-method': 'GET'}),
    absentHeaders: ['access-control-allow-origin']},
  {name: 'Simple request from an exact matching origin should be allowed', namespace: INFRA,
    request: {path: '/cors-1', method: 'GET', headers: {Origin: 'https://www.foo.com', ...REQUESTED}},
    headers: {'access-control-allow-origin': 'https://www.foo.com'}},
  {name: 'Simple request from a wildcard matching origin should be allowed', namespace: INFRA,
    request: {path: '/cors-1', method: 'GET', headers: {Origin: 'https://www.bar.com', ...REQUESTED}},
    headers: {'access-control-allow-origin': 'https://www.bar.com'}},
  {name: 'Simple request from a non-matching origin should not be allowed', namespace: INFRA,
    request: {path: '/cors-1', method: 'GET', headers: {Origin: 'https://foobar.com', 'access-control-request-method': 'GET'}},
    absentHeaders: ['access-control-allow-origin']},
  {name: 'CORS preflight request with POST method should be allowed by allowMethods with wildcard', namespace: '', statusCodes: [200, 204],
    request: preflight('/cors-2', {Origin: 'https://www.foo.com', 'access-control-request-method': 'POST'}),
    validHeaderValues: {'access-control-allow-methods': ['POST', '*']}, headers: {'access-control-allow-origin': 'https://www.foo.com'}, absentHeaders: ['access-control-allow-credentials']},
  {name: 'CORS preflight request should not receive access-control-allow-credentials header without access-control-allow-credentials set to true', namespace: '', statusCodes: [200, 204],
    request: preflight('/cors-2', {Origin: 'https://www.foo.com', 'access-control-request-method': 'POST'}),
    absentHeaders: ['Access-Control-Allow-Credentials']},
  {name: "Pre-flight request from a wildcard origin should return header with '*' or with the requested Origin", namespace: '', statusCodes: [200, 204],
    request: preflight('/cors-wildcard-origin', {Origin: 'https://foobar.com', 'access-control-request-method': 'PUT'}),
    validHeaderValues: {'access-control-allow-origin': ['https://foobar.com', '*'], 'access-control-allow-methods': ['PUT']}, absentHeaders: ['Access-Control-Allow-Credentials']},
  {name: "Pre-flight request from a wildcard origin containing a port should return header with '*' or with the requested Origin", namespace: '', statusCodes: [200, 204],
    request: preflight('/cors-wildcard-origin', {Origin: 'https://foobar.com:12345', 'access-control-request-method': 'PUT'}),
    validHeaderValues: {'access-control-allow-origin': ['https://foobar.com:12345', '*'], 'access-control-allow-methods': ['PUT']}, absentHeaders: ['Access-Control-Allow-Credentials']},
  {name: "Request from a wildcard origin containing a port should return header with '*' or with the requested Origin", namespace: INFRA,
    request: {path: '/cors-wildcard-origin', method: 'PUT', headers: {Origin: 'https://foobar.com:12345'}},
    validHeaderValues: {'access-control-allow-origin': ['https://foobar.com:12345', '*']}},
  {name: "Simple request from a wildcard origin should return header with '*' or with the requested Origin", namespace: INFRA,
    request: {path: '/cors-wildcard-origin', method: 'PUT', headers: {Origin: 'https://foobar.com'}},
    validHeaderValues: {'access-control-allow-origin': ['https://foobar.com', '*']}, absentHeaders: ['Access-Control-Allow-Credentials']},
  {name: 'CORS preflight request requesting auth and specific method and headers should be allowed and always echo the origin', namespace: '', statusCodes: [200, 204], ignoreWhitespace: true,
    request: preflight('/cors-wildcard-methods-headers', {Origin: 'https://other.foo.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-header-1, x-header-2'}),
    validHeaderValues: {'access-control-allow-origin': ['https://other.foo.com'], 'access-control-allow-methods': ['PUT'], 'access-control-allow-headers': ['x-header-1, x-header-2', 'x-header-2, x-header-1'], 'access-control-allow-credentials': ['true']}},
  {name: 'CORS preflight request requesting auth and specific method and headers should hide auth headers on unauth path', namespace: '', statusCodes: [200, 204], ignoreWhitespace: true,
    request: preflight('/cors-wildcard-methods-headers-unauth', {Origin: 'https://other.foo.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-header-1, x-header-2'}),
    validHeaderValues: {'access-control-allow-origin': ['https://other.foo.com', '*'], 'access-control-allow-methods': ['PUT', '*'], 'access-control-allow-headers': ['x-header-1, x-header-2', 'x-header-2, x-header-1', '*']},
    absentHeaders: ['access-control-allow-credentials']},
  {name: 'CORS request with credentials auth should be allowed and always echo the origin', namespace: INFRA,
    request: {path: '/cors-wildcard-methods-headers', method: 'GET', headers: {Origin: 'https://other.foo.com', Cookie: 'foo=bar'}},
    validHeaderValues: {'access-control-allow-origin': ['https://other.foo.com'], 'access-control-allow-credentials': ['true']}},
  {name: 'CORS request with credentials should hide auth headers on unauth path', namespace: INFRA,
    request: {path: '/cors-wildcard-methods-headers-unauth', method: 'GET', headers: {Origin: 'https://other.foo.com', Cookie: 'foo=bar'}},
    validHeaderValues: {'access-control-allow-origin': ['https://other.foo.com']}, absentHeaders: ['access-control-allow-credentials']},
];

/** conformance/tests/httproute-cors-allow-credentials-behavior.yaml: one route, credentials off and on. */
const CREDENTIALS_MANIFESTS = corsRoute('cors-allow-credentials', [
  ['/cors-behavior-creds-false', {allowOrigins: ['https://app.example'], allowCredentials: false}],
  ['/cors-behavior-creds-true', {allowOrigins: ['https://app.example'], allowCredentials: true}],
]);

const credentialed = (path: string, origin: string): ExpectedResponse['request'] => ({path, method: 'GET', headers: {Origin: origin, Cookie: 'sid=abc123', Authorization: 'Bearer test'}});

/** httproute-cors-allow-credentials-behavior.go testCases, in order. */
const CREDENTIALS_BEHAVIOR: CorsCase[] = [
  {name: 'credentials false: no allow-credentials', namespace: INFRA, request: credentialed('/cors-behavior-creds-false', 'https://app.example'), absentHeaders: ['Access-Control-Allow-Credentials']},
  {name: 'credentials true, another origin: no allow-credentials', namespace: INFRA, request: credentialed('/cors-behavior-creds-true', 'http://not-app.example'), absentHeaders: ['Access-Control-Allow-Credentials']},
  {name: 'credentials true, the allowed origin: allow-credentials with allow-origin', namespace: INFRA, request: credentialed('/cors-behavior-creds-true', 'https://app.example'),
    headers: {'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Origin': 'https://app.example'}},
];

/** The response headers the client sees: the echo backend sets none here, so the CORS filter's alone. */
function responseHeaders(decision: Decision): Record<string, string> {
  return decision.cors?.responseHeaders?.set ?? {};
}

/** http.go CompareRoundTrip over a simulated answer. */
function expectCorsResponse(decision: Decision, c: CorsCase): void {
  expect(c.statusCodes ?? [200], decision.summary).toContain(decision.status);
  if (c.namespace !== '') expect(answers(decision).map((a) => a.split('/')[0]), decision.summary).toEqual([c.namespace]);
  const headers = responseHeaders(decision);
  const squeeze = (text: string): string => (c.ignoreWhitespace ? text.replaceAll(' ', '') : text);
  for (const [name, values] of Object.entries(c.validHeaderValues ?? {})) {
    const actual = headers[name.toLowerCase()];
    expect(actual, `${name} must be set`).toBeDefined();
    expect(values.map(squeeze), name).toContain(squeeze(actual!));
  }
  for (const [name, value] of Object.entries(c.headers ?? {})) expect(headers[name.toLowerCase()], name).toBe(value);
  for (const name of c.absentHeaders ?? []) expect(headers[name.toLowerCase()], name).toBeUndefined();
}

describe.each([
  {test: 'HTTPRouteCORS', source: 'conformance/tests/httproute-cors.go', manifests: CORS_MANIFESTS, cases: HTTPROUTE_CORS},
  {test: 'HTTPRouteCORSAllowCredentialsBehavior', source: 'conformance/tests/httproute-cors-allow-credentials-behavior.go', manifests: CREDENTIALS_MANIFESTS, cases: CREDENTIALS_BEHAVIOR},
])('$test ($source)', ({manifests, cases}) => {
  it.each(cases.map((c, i) => [`${i} ${c.name}`, c] as const))('%s', (_, c) => {
    const decision = conformanceDecision({base: GATEWAY_BASE, manifests, gateway: GATEWAY}, {request: c.request});
    expectCorsResponse(decision, c);
    // Beyond what the suite checks: Envoy's CORS filter answers every preflight of these routes itself
    // (createCorsFilter writes unmatchedPreflights IGNORE), so none reaches the backend.
    if (c.request.method === 'OPTIONS') {
      expect(decision.cors?.answered, decision.summary).toBe(true);
      expect(decision.destinations).toEqual([]);
      expect(decision.outcome).toBe('direct-response');
    } else {
      expect(decision.cors?.answered).toBe(false);
    }
  });
});

describe('HTTPRouteCORS: what Envoy answers where the suite accepts several answers', () => {
  const decide = (request: ExpectedResponse['request']): Decision => conformanceDecision({base: GATEWAY_BASE, manifests: CORS_MANIFESTS, gateway: GATEWAY}, {request});

  it("a disallowed origin's preflight is answered 200 with the policy's methods, headers, max-age and credentials, but no allow-origin or expose-headers", () => {
    const decision = decide(preflight('/cors-1', {Origin: 'https://foobar.com', 'access-control-request-method': 'GET'}));
    expect(decision.status).toBe(200);
    expect(responseHeaders(decision)).toEqual({'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'GET,OPTIONS', 'access-control-allow-headers': 'x-header-1,x-header-2', 'access-control-max-age': '3600'});
  });

  it('`*` echoes the Origin, the requested method and the requested headers (never `*`)', () => {
    const decision = decide(preflight('/cors-wildcard-methods-headers-unauth', {Origin: 'https://other.foo.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-header-1, x-header-2'}));
    // The CRD's maxAge default of 5 seconds reaches the answer (createCorsFilter: maxAge > 0).
    expect(responseHeaders(decision)).toEqual({'access-control-allow-origin': 'https://other.foo.com', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-header-1, x-header-2', 'access-control-max-age': '5'});
  });

  it('the `*` origin is a regex for `scheme://host[:port]`: an Origin of `null` (an opaque origin) is not allowed', () => {
    const decision = decide({path: '/cors-wildcard-origin', method: 'PUT', headers: {Origin: 'null'}});
    expect(decision.cors?.originAllowed).toBe(false);
    expect(responseHeaders(decision)).toEqual({});
  });
});
