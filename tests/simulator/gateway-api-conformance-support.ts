/**
 * Gateway API's conformance suite (kubernetes-sigs/gateway-api v1.5.1, conformance/) as cases of
 * this project: the suite's base cluster (conformance/base/manifests.yaml for Gateways,
 * conformance/mesh/manifests.yaml for GAMMA), transcribed as the facts routing reads (namespaces
 * and their labels, Gateways and listeners, Services and ports, Deployments and pod labels), and
 * a check of a simulator decision against one `http.ExpectedResponse` of a test.
 *
 * How the suite reads an answer (conformance/utils/http/http.go CompareRoundTrip, utils/echo/pod.go):
 * the status (200 unless the case says), the backend by the answering pod's name prefix and its
 * namespace, a redirect's Location (scheme, host, port, path), and the request the backend saw
 * (path after rewrites, Host, headers set or removed). A mesh request without a Host goes to `echo`
 * on port 80 from the pod `app=echo,version=v1` of gateway-conformance-mesh.
 */
import {describe, expect, it} from 'vitest';
import type {Decision} from '../../src/simulator/index';
import {reachesPods, simulate, World} from '../../src/simulator/index';
import type {SimRequest} from '../../src/simulator/request';
import type {HeaderOperations} from '../../src/simulator/decision';
import {documents} from './helpers';

/** The namespaces of the suite's Gateway tests and of its mesh tests. */
export const INFRA = 'gateway-conformance-infra';
export const MESH = 'gateway-conformance-mesh';

/**
 * The manifests' repeated openings, written as the suite's `.yaml` files write them (block style), so a
 * test's manifest reads as its file does: a route's header up to `spec:`, its first parentRef (a Gateway
 * of gateway-conformance-infra, or a Service of gateway-conformance-mesh), a Gateway's header up to its
 * `listeners:`, and an HTTP listener.
 */
export const routeHeader = (name: string, namespace = INFRA, kind = 'HTTPRoute'): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n`;

/** An HTTPRoute of gateway-conformance-infra whose first parentRef is Gateway `parent` (its namespace written when `parentNamespace`). */
export const gatewayRoute = (name: string, parent = 'same-namespace', parentNamespace = false): string =>
  `${routeHeader(name)}  parentRefs:\n  - name: ${parent}\n${parentNamespace ? `    namespace: ${INFRA}\n` : ''}`;

/** An HTTPRoute of gateway-conformance-mesh whose first parentRef is Service `service` (on `port` when given). */
export const meshRoute = (name: string, service = 'echo', port?: number): string =>
  `${routeHeader(name, MESH)}  parentRefs:\n  - group: ""\n    kind: Service\n    name: ${service}\n${port === undefined ? '' : `    port: ${port}\n`}`;

/** A ReferenceGrant (a document of its own, `---` first) with one `from` and one `to` entry (flow-style YAML maps). */
export const referenceGrant = (name: string, namespace: string, from: string, to: string): string => `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  from: [${from}]
  to: [${to}]
`;

/** A Gateway of gateway-conformance-infra (class istio), up to its `listeners:`. */
export const gatewayHeader = (name: string): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: ${INFRA}\nspec:\n  gatewayClassName: "istio"\n  listeners:\n`;

/** A rule's first `matches` entry, a path match (the value as the YAML writes it, quotes and all); more matches may follow. Lines of their own, the last without its newline. */
export const pathMatch = (type: string, value: string): string => `  - matches:\n    - path:\n        type: ${type}\n        value: ${value}`;

/** A rule's `backendRefs` with one Service backend on `port`. Lines of their own, the last without its newline. */
export const oneBackend = (name: string, port = 8080): string => `    backendRefs:\n    - name: ${name}\n      port: ${port}`;

/** An HTTP listener allowing routes of its own namespace, up to `from: Same` (a hostname may follow). */
export const sameNamespaceListener = (name: string, port = 80): string =>
  `  - name: ${name}\n    port: ${port}\n    protocol: HTTP\n    allowedRoutes:\n      namespaces:\n        from: Same\n`;

const deployment = (name: string, namespace: string, labels: string): string => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 2
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec: {containers: [{name: ${name.split('-v')[0]}, image: echo-basic, ports: [{containerPort: 3000}]}]}
`;

const service = (name: string, namespace: string, selector: string, ports: string): string => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec: {selector: {${selector}}, ports: [${ports}]}
`;

/** A Gateway of gateway-conformance-infra (class istio, a document of its own) with these listeners (YAML list items). */
export const gateway = (name: string, listeners: string): string => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${INFRA}}
spec:
  gatewayClassName: istio
  listeners:
${listeners}`;

const namespace = (name: string, labels: string): string => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {${labels}}}
`;

const httpListener = (from: string): string => `  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {${from}}}}\n`;

/** An HTTPS listener of same-namespace-with-https-listener, terminating with the suite's certificate Secret. */
const httpsListener = (name: string, hostname?: string): string =>
  `  - {name: ${name}, port: 443, protocol: HTTPS${hostname ? `, hostname: "${hostname}"` : ''}, allowedRoutes: {namespaces: {from: Same}}, tls: {certificateRefs: [{group: "", kind: Secret, name: tls-validity-checks-certificate, namespace: ${INFRA}}]}}\n`;

/** A certificate Secret of gateway-conformance-infra as the suite creates one (its bytes play no part in routing). */
const tlsSecret = (name: string): string => `---
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${INFRA}}
type: kubernetes.io/tls
data: {tls.crt: Y2VydA==, tls.key: a2V5}
`;

const backend = (name: string, namespace: string): string => `${service(name, namespace, `app: ${name}`, '{port: 8080, targetPort: 3000}')}${deployment(name, namespace, `app: ${name}`)}`;

/** conformance/base/manifests.yaml: the HTTP and HTTPS Gateways and the echo backends (2 replicas each). */
export const GATEWAY_BASE = [
  namespace(INFRA, 'gateway-conformance: infra'),
  namespace('gateway-conformance-app-backend', 'gateway-conformance: backend'),
  namespace('gateway-conformance-web-backend', 'gateway-conformance: backend'),
  gateway('same-namespace', httpListener('from: Same')),
  gateway('all-namespaces', httpListener('from: All')),
  gateway('backend-namespaces', httpListener('from: Selector, selector: {matchLabels: {gateway-conformance: backend}}')),
  tlsSecret('tls-validity-checks-certificate'),
  gateway('same-namespace-with-https-listener', [
    httpsListener('https'),
    httpsListener('https-with-hostname', 'second-example.org'),
    httpsListener('https-with-wildcard-hostname', '*.wildcard.org'),
    httpsListener('https-with-hostname-matching-wildcard', 'fourth-example.wildcard.org'),
  ].join('')),
  service('infra-backend-v1', INFRA, 'app: infra-backend-v1', '{name: first-port, port: 8080, targetPort: 3000}, {name: second-port, appProtocol: kubernetes.io/h2c, port: 8081, targetPort: 3001}, {name: third-port, appProtocol: kubernetes.io/ws, port: 8082, targetPort: 3000}'),
  deployment('infra-backend-v1', INFRA, 'app: infra-backend-v1'),
  backend('infra-backend-v2', INFRA),
  backend('infra-backend-v3', INFRA),
  backend('app-backend-v1', 'gateway-conformance-app-backend'),
  backend('app-backend-v2', 'gateway-conformance-app-backend'),
  backend('web-backend', 'gateway-conformance-web-backend'),
  ...['grpc-infra-backend-v1', 'grpc-infra-backend-v2', 'grpc-infra-backend-v3'].map((name) =>
    `${service(name, INFRA, `app: ${name}`, '{port: 8080, targetPort: 3000, appProtocol: kubernetes.io/h2c}')}${deployment(name, INFRA, `app: ${name}`)}`),
].join('').replace(/^---\n/, '');

/**
 * conformance/base/manifests.yaml's TLS and TCP backends beside GATEWAY_BASE: tls-backend and tls-backend-2
 * (443 → 8443) of gateway-conformance-infra, tls-backend of gateway-conformance-app-backend, tcp-backend
 * (3000 plain, 8443 TLS); and the certificate Secret suite.go creates for Terminate listeners
 * (tls-terminate-checks-certificate, SAN tls.example.com).
 */
export const L4_GATEWAY_BASE = [
  GATEWAY_BASE, '\n',
  ...[['tls-backend', INFRA], ['tls-backend-2', INFRA], ['tls-backend', 'gateway-conformance-app-backend']].map(([name, ns]) =>
    `${service(name!, ns!, `app: ${name}`, '{protocol: TCP, port: 443, targetPort: 8443}')}${deployment(name!, ns!, `app: ${name}`)}`),
  service('tcp-backend', INFRA, 'app: tcp-backend', '{name: echo-tcp-plain, protocol: TCP, port: 3000, targetPort: 3000}, {name: echo-tcp-tls, protocol: TCP, port: 8443, targetPort: 8443}'),
  deployment('tcp-backend', INFRA, 'app: tcp-backend'),
  tlsSecret('tls-terminate-checks-certificate'),
].join('');

const MESH_PORTS = '{name: http, port: 80, appProtocol: http, targetPort: 8080}, {name: http-alt, port: 8080, appProtocol: http}, {name: https, port: 443, targetPort: 8443}, {name: tcp, port: 9090}, {name: grpc, port: 7070, appProtocol: grpc}';

/**
 * conformance/mesh/manifests.yaml: Services echo, echo-v1, echo-v2 over Deployments echo-v1 and echo-v2
 * (one pod each) in gateway-conformance-mesh, and echo-v1 in gateway-conformance-mesh-consumer. The
 * suite labels its namespaces for the mesh under test (`--namespace-labels`): here Istio's
 * `istio-injection: enabled`, or Linkerd's `linkerd.io/inject: enabled` annotation.
 */
export function meshBase(mesh: 'istio' | 'linkerd'): string {
  const meshNamespace = (name: string, label: string): string => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {gateway-conformance: ${label}${mesh === 'istio' ? ', istio-injection: enabled' : ''}}${mesh === 'linkerd' ? ', annotations: {linkerd.io/inject: enabled}' : ''}}
`;
  const echo = (name: string, ns: string, version: string): string => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}, labels: {app: echo}}
spec:
  selector: {matchLabels: {app: echo, version: ${version}}}
  template:
    metadata: {labels: {app: echo, version: ${version}}}
    spec: {containers: [{name: echo, image: echo-advanced, ports: [{containerPort: 8080}, {containerPort: 8443}, {containerPort: 9090}, {containerPort: 7070}]}]}
`;
  const ns = 'gateway-conformance-mesh';
  return `${meshNamespace(ns, 'mesh')}${echo('echo-v1', ns, 'v1')}${service('echo-v1', ns, 'app: echo, version: v1', MESH_PORTS)}${echo('echo-v2', ns, 'v2')}${service('echo-v2', ns, 'app: echo, version: v2', MESH_PORTS)}${service('echo', ns, 'app: echo', MESH_PORTS)}${meshNamespace(`${ns}-consumer`, 'mesh-consumer')}${echo('echo-v1', `${ns}-consumer`, 'v1')}`;
}

/** One `http.ExpectedResponse` of a conformance test, in the suite's own terms. */
export interface ExpectedResponse {
  /** `scheme`, `port`: the listener the suite dials, when not the Host's (http, port 80). */
  request: {path: string; host?: string; method?: string; headers?: Record<string, string>; scheme?: 'https'; port?: number};
  /** `ns/name`: the Gateway this case dials, when a test dials several. */
  gateway?: string;
  /** `ns/workload`: the mesh client, when not echo-v1 of gateway-conformance-mesh (echo.ConnectToAppInNamespace). */
  from?: string;
  /** The answering pod's name prefix (a Deployment's name); with `namespace` (the suite's default: the test's). */
  backend?: string;
  namespace?: string;
  /** Response.StatusCode; 200 by default. */
  status?: number;
  /** RedirectRequest: the Location's parts (an unset part is not compared). */
  redirect?: {scheme?: string; host?: string; port?: string; path?: string};
  /** ExpectedRequest: what the backend received. */
  backendSaw?: {path?: string; host?: string; headers?: Record<string, string>; absentHeaders?: string[]};
  /** MirroredTo: the backends that get a copy (http.ExpectMirroredRequest), `percent` of requests (all when unset). */
  mirroredTo?: Array<{name: string; namespace: string; percent?: number}>;
  /** BackendSetResponseHeaders: headers the echo backend is asked to answer with. */
  backendSets?: Record<string, string>;
  /** weight.TestWeightedDistribution: each answering Deployment's (`namespace/name`) share of requests, instead of one backend. */
  shares?: Record<string, number>;
  /** Response.Headers and AbsentHeaders. */
  responseHeaders?: Record<string, string>;
  absentResponseHeaders?: string[];
}

/** One conformance test: its ShortName, source file, namespace, the Gateway it dials (none: the mesh), its manifests and requests. */
export interface ConformanceTest {
  test: string;
  source: string;
  namespace: string;
  gateway?: string;
  manifests: string;
  cases: ExpectedResponse[];
  /** Under Linkerd: why its policy controller refuses the test's route (the test then checks the route is not used). */
  linkerd?: string;
}

export const caseName = (c: ExpectedResponse, i: number): string =>
  `${i} ${c.request.method ?? 'GET'} ${c.request.scheme ?? 'http'}://${c.request.host ?? ''}${c.request.port ? `:${c.request.port}` : ''}${c.request.path}${c.request.headers ? ` ${JSON.stringify(c.request.headers)}` : ''}`;

/** A request as the suite sends it: to the Gateway's address (no Host: any host) or, in the mesh, to `echo`. */
export function conformanceRequest(request: ExpectedResponse['request'], defaultHost: string): SimRequest {
  const [path, query = ''] = request.path.split(/\?(.*)/s, 2) as [string, string?];
  const [host, port] = (request.host ?? defaultHost).split(':') as [string, string?];
  const scheme = request.scheme ?? 'http';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  return {method: request.method ?? 'GET', scheme, host: host.toLowerCase(), port: request.port ?? (port === undefined ? (scheme === 'https' ? 443 : 80) : Number(port)), path, query, headers};
}

/**
 * One `describe` per conformance test (its ShortName and source file) and one `it` per expected
 * response, each checked by `check` (the Gateway tests: expectResponse through the test's Gateway).
 */
export function describeConformance(tests: readonly ConformanceTest[], check: (test: ConformanceTest, expected: ExpectedResponse) => void): void {
  describe.each(tests)('$test ($source)', (test) => {
    it.each(test.cases.map((c, i) => [caseName(c, i), c] as const))('%s', (_, c) => check(test, c));
  });
}

/** A Gateway test's check: the request through the test's Gateway, its answer as CompareRoundTrip reads it. */
export const throughGateway = (base: string) => (test: ConformanceTest, expected: ExpectedResponse): void =>
  expectResponse(conformanceDecision({base, manifests: test.manifests, gateway: test.gateway}, expected), expected, test.namespace, 'gateway');

/** The Gateways' address when a case gives no Host (the suite dials the Gateway's IP). */
export const GATEWAY_ADDRESS = '172.18.0.200';

export interface ConformanceRun {
  base: string;
  /** The test's own manifests (the `.yaml` beside its `.go`). */
  manifests: string;
  /** `ns/name` of the Gateway the requests enter through; else a mesh client (`from`). */
  gateway?: string;
  from?: string;
}

export function conformanceDecision(run: ConformanceRun, expected: ExpectedResponse): Decision {
  const world = new World(documents(run.base), [documents(run.manifests)]);
  const gateway = expected.gateway ?? run.gateway;
  return simulate(world, {request: conformanceRequest(expected.request, gateway ? GATEWAY_ADDRESS : 'echo'), gateway, from: gateway ? undefined : (expected.from ?? run.from ?? 'gateway-conformance-mesh/echo-v1')});
}

/** The Deployments (by pod name prefix, `namespace/name`) that answer (or take an L4 connection), and the statuses of the rest. */
export function answers(decision: Decision): string[] {
  const seen = new Set<string>();
  for (const entry of decision.distribution) {
    if (reachesPods(entry) && entry.pod) seen.add(`${podNamespace(decision, entry.host)}/${entry.pod.replace(/-[a-z0-9]+-[a-z0-9]+$/, '')}`);
    else if (reachesPods(entry) && entry.workload) seen.add(`${podNamespace(decision, entry.host)}/${entry.workload}`);
    else seen.add(String(entry.status ?? entry.connection));
  }
  return [...seen].sort();
}

function podNamespace(decision: Decision, host: string | undefined): string {
  return host?.split('.')[1] ?? decision.source.namespace;
}

/** Each answering Deployment's share of requests (`namespace/name`), as weight.TestWeightedDistribution counts pods by name prefix. */
export function sharesByDeployment(decision: Decision): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const entry of decision.distribution) {
    const [key] = answers({...decision, distribution: [entry]});
    shares[key!] = (shares[key!] ?? 0) + entry.share;
  }
  return shares;
}

/**
 * Asserts a decision meets one expected response. Through a Gateway as http.go CompareRoundTrip
 * compares: the path (with its query) the backend saw is always compared, the pod's namespace too
 * when no backend is named. In the mesh as echo/pod.go compareRequest compares: status, headers and
 * the pod, never the path or Host.
 */
export function expectResponse(decision: Decision, expected: ExpectedResponse, testNamespace: string, mode: 'gateway' | 'mesh'): void {
  const status = expected.status ?? 200;
  if (expected.redirect) {
    expect(decision.redirect?.status, decision.summary).toBe(status);
    // http.go CompareRoundTrip with setRedirectRequestDefaults: an unset host is not compared, an unset
    // scheme or path is the request's; an unset port is the scheme's default or none.
    const location = new URL(decision.redirect!.location);
    const sent = conformanceRequest(expected.request, GATEWAY_ADDRESS);
    const {scheme = sent.scheme, host, port, path = sent.path} = expected.redirect;
    expect(location.protocol, 'scheme').toBe(`${scheme}:`);
    if (host !== undefined) expect(location.hostname, 'host').toBe(host);
    // URL drops the scheme's default port, as the suite accepts either.
    expect(location.port, 'port').toBe(port ?? '');
    expect(location.pathname, 'path').toBe(path);
    return;
  }
  if (status !== 200) {
    expect({status: decision.status, summary: decision.summary}).toMatchObject({status});
    return;
  }
  const reached = answers(decision);
  const namespace = expected.namespace ?? testNamespace;
  if (expected.shares) expect(sharesByDeployment(decision), decision.summary).toEqual(expected.shares);
  else if (expected.backend !== undefined) expect(reached, decision.summary).toEqual([`${namespace}/${expected.backend}`]);
  else expect(reached.map((r) => r.split('/')[0]), decision.summary).toEqual([namespace]);
  if (expected.mirroredTo) {
    expect(decision.mirrors?.map((m) => ({host: m.host, percentage: m.percentage}))).toEqual(
      expected.mirroredTo.map((m) => ({host: `${m.name}.${m.namespace}.svc.cluster.local`, percentage: m.percent ?? 100})));
  }
  const saw = expected.backendSaw;
  if (mode === 'gateway') {
    const sent = conformanceRequest(expected.request, GATEWAY_ADDRESS);
    const path = decision.rewrite?.path ?? sent.path;
    expect(`${path}${sent.query ? `?${sent.query}` : ''}`, 'path').toBe(saw?.path ?? expected.request.path);
    if (saw?.host !== undefined) expect(decision.rewrite?.authority ?? decision.request.host, 'host').toBe(saw.host);
  }
  if (saw?.headers || saw?.absentHeaders) {
    const sent: Record<string, string> = applyHeaders(decision.request.headers, decision.gatewayApi?.requestHeaders);
    for (const [name, value] of Object.entries(saw?.headers ?? {})) expect(sent[name.toLowerCase()], name).toBe(value);
    for (const name of saw?.absentHeaders ?? []) expect(sent[name.toLowerCase()], name).toBeUndefined();
  }
  if (expected.responseHeaders || expected.absentResponseHeaders) {
    const echoed = applyHeaders(lowercased(expected.backendSets ?? {}), decision.gatewayApi?.responseHeaders);
    for (const [name, value] of Object.entries(expected.responseHeaders ?? {})) expect(echoed[name.toLowerCase()], name).toBe(value);
    for (const name of expected.absentResponseHeaders ?? []) expect(echoed[name.toLowerCase()], name).toBeUndefined();
  }
}

const lowercased = (headers: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * Header operations applied as Envoy applies them: `set` replaces, `add` appends (a second value
 * joined with `,`, as the echo server reports a repeated header), `remove` drops. A response's
 * base headers are the backend's (set by the test's request headers to the echo server, none here).
 */
function applyHeaders(base: Record<string, string>, ops: HeaderOperations | undefined): Record<string, string> {
  const out = {...base};
  for (const [name, value] of Object.entries(ops?.set ?? {})) out[name] = value;
  for (const [name, value] of Object.entries(ops?.add ?? {})) out[name] = out[name] === undefined ? value : `${out[name]},${value}`;
  for (const name of ops?.remove ?? []) delete out[name];
  return out;
}
