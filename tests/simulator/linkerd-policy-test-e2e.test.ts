/**
 * Linkerd's own end-to-end policy tests (linkerd/linkerd2 version-2.20, policy-test/tests/
 * e2e_authorization_policy.rs, e2e_server_authorization.rs, e2e_audit.rs,
 * e2e_http_local_ratelimit_policy.rs) as cases of this project:
 * the same cluster (policy-test/src/web.rs: Pod `web` meshed by its own annotation, Server `web` on
 * its port `http` as HTTP/1, Service `web` port 80; src/curl.rs: curl Pods under the service
 * account `curl`, meshed or not by their `linkerd.io/inject` annotation, in a namespace that says
 * nothing), the same policies, and the verdicts the tests assert, read from `curl -sf`: exit 0 is a
 * 2xx answer, exit 22 an HTTP error (the proxy's 403, or 404 for a request no route matches).
 */
import {describe, expect, it} from 'vitest';
import {linkerdAnswers} from '../../src/simulator/linkerd/attach';
import {simulate, World} from '../../src/simulator/index';
import {parseRequest} from '../../src/simulator/request';
import {planRateLimit} from '../../src/simulator/ratelimit/plan';
import {documents} from './helpers';

const NS = 'linkerd-policy-test';

/** with_temp_ns, web::pod, web::service, and curl Pods: curl-injected, curl-uninjected, and the network tests' blessed and cursed pairs. */
function cluster(namespaceAnnotations = ''): string {
  const curl = (name: string, inject: 'enabled' | 'disabled') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${NS}, annotations: {linkerd.io/inject: ${inject}}}
spec: {serviceAccountName: curl, restartPolicy: Never, containers: [{name: curl, image: curl}]}
`;
  return `apiVersion: v1
kind: Namespace
metadata: {name: ${NS}, labels: {linkerd-policy-test: e2e}${namespaceAnnotations ? `, annotations: {${namespaceAnnotations}}` : ''}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ${NS}, labels: {app: web}, annotations: {linkerd.io/inject: enabled}}
spec: {containers: [{name: hokay, image: hokay, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${NS}}
spec: {type: ClusterIP, selector: {app: web}, ports: [{port: 80, targetPort: http}]}
${['injected', 'blessed-injected', 'cursed-injected'].map((n) => curl(`curl-${n}`, 'enabled')).join('')}${['uninjected', 'blessed', 'blessed-uninjected', 'cursed', 'cursed-uninjected'].map((n) => curl(`curl-${n}`, 'disabled')).join('')}`;
}

/** The curl pods' addresses, as the network tests read them with `blessed.ip()` (any pod addresses will do). */
const ADDRESS: Record<string, string> = {
  'curl-blessed': '10.244.1.10', 'curl-blessed-injected': '10.244.1.11', 'curl-blessed-uninjected': '10.244.1.12',
  'curl-cursed': '10.244.1.20', 'curl-cursed-injected': '10.244.1.21', 'curl-cursed-uninjected': '10.244.1.22',
};

/** web::server(ns, accessPolicy) */
const server = (accessPolicy?: string) => `---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: {name: web, namespace: ${NS}}
spec: {podSelector: {matchLabels: {app: web}}, port: http, proxyProtocol: HTTP/1${accessPolicy ? `, accessPolicy: ${accessPolicy}` : ''}}
`;

/** authz_policy(ns, name, target, authns) */
const authorizationPolicy = (name: string, target: string, authentications: string[]) => `---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${NS}}
spec: {targetRef: ${target}, requiredAuthenticationRefs: [${authentications.join(', ')}]}
`;

const SERVER_REF = '{group: policy.linkerd.io, kind: Server, name: web}';
/** all_authenticated(ns) and ns_authenticated(ns): both named all-authenticated. */
const ALL_MTLS = `---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata: {name: all-authenticated, namespace: ${NS}}
spec: {identities: ["*"]}
`;
const NS_MTLS = `---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata: {name: all-authenticated, namespace: ${NS}}
spec: {identityRefs: [{kind: Namespace, name: ${NS}}]}
`;
const MTLS_REF = '{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: all-authenticated}';
/** allow_ips(ns, ips): a NetworkAuthentication of bare addresses. */
const allowIps = (pods: string[]) => `---
apiVersion: policy.linkerd.io/v1alpha1
kind: NetworkAuthentication
metadata: {name: allow-pod, namespace: ${NS}}
spec: {networks: [${pods.map((p) => `{cidr: "${ADDRESS[p]}"}`).join(', ')}]}
`;
const IPS_REF = '{group: policy.linkerd.io, kind: NetworkAuthentication, name: allow-pod}';

/** http_route(name, ns, server, path): a policy.linkerd.io HTTPRoute on the Server, one Exact path. */
const httpRoute = (name: string, path: string) => `---
apiVersion: policy.linkerd.io/v1beta3
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  parentRefs: [{group: policy.linkerd.io, kind: Server, namespace: ${NS}, name: web}]
  rules: [{matches: [{path: {type: Exact, value: "${path}"}}]}]
`;

/** server_authz(ns, client): a ServerAuthorization of the Server web. */
const serverAuthorization = (client: string) => `---
apiVersion: policy.linkerd.io/v1beta1
kind: ServerAuthorization
metadata: {name: web, namespace: ${NS}}
spec: {server: {name: web}, client: ${client}}
`;

/** What `curl -sf http://web<path>` from a curl pod gets: the status the web pod's proxy answers. */
function curl(policies: string, pod: string, path = '/', namespaceAnnotations = ''): number | undefined {
  const world = new World(documents(cluster(namespaceAnnotations)), [documents(policies)]);
  const decision = simulate(world, {request: parseRequest(`GET http://web${path}`), from: `${NS}/${pod}`, clientAddress: ADDRESS[pod]});
  const [answer] = linkerdAnswers(decision);
  expect(answer, decision.summary).toBeDefined();
  // An audit admission is `allowed` too (logged, with `audit` set).
  if (answer!.verdict === 'allowed') return 200;
  // An HTTP/1 Server refuses with a status (403 unauthorized, 404 unrouted), never by closing the connection.
  expect(answer!.status, answer!.summary).toBeGreaterThanOrEqual(400);
  return answer!.status;
}

/** curl -sf's exit code for a status: 0 for 2xx, 22 for an HTTP error. */
const exit = (status: number | undefined) => (status !== undefined && status < 400 ? 0 : 22);

describe('e2e_authorization_policy.rs', () => {
  it('meshtls: a Server whose policy requires any mesh identity admits the injected curl only', () => {
    const policies = `${server()}${ALL_MTLS}${authorizationPolicy('web', SERVER_REF, [MTLS_REF])}`;
    expect(exit(curl(policies, 'curl-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-uninjected'))).not.toBe(0);
  });

  it('targets_route: a policy on the route / admits meshed clients there; /noroute is 404; /roux (a route without policy) is 403 until the Server has one', () => {
    const policies = `${server()}${ALL_MTLS}${httpRoute('root', '/')}${httpRoute('roux', '/roux')}${authorizationPolicy('root-authz', '{group: policy.linkerd.io, kind: HTTPRoute, name: root}', [MTLS_REF])}`;
    expect(curl(policies, 'curl-injected', '/')).toBe(200);
    expect(curl(policies, 'curl-injected', '/noroute')).toBe(404);
    expect(curl(policies, 'curl-uninjected', '/')).toBe(403);
    expect(curl(policies, 'curl-injected', '/roux')).toBe(403);
    const withServerPolicy = `${policies}${authorizationPolicy('server-authz', SERVER_REF, [MTLS_REF])}`;
    expect(curl(withServerPolicy, 'curl-injected', '/roux')).toBe(200);
  });

  it('targets_namespace: a policy on the Namespace covers its Server', () => {
    const policies = `${server()}${ALL_MTLS}${authorizationPolicy('web', `{kind: Namespace, name: ${NS}}`, [MTLS_REF])}`;
    expect(exit(curl(policies, 'curl-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-uninjected'))).not.toBe(0);
  });

  it("meshtls_namespace: identityRefs naming the Namespace admit its service accounts' identities", () => {
    const policies = `${server()}${NS_MTLS}${authorizationPolicy('web', SERVER_REF, [MTLS_REF])}`;
    expect(exit(curl(policies, 'curl-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-uninjected'))).not.toBe(0);
  });

  it('network: a NetworkAuthentication admits the blessed address only', () => {
    const policies = `${server()}${allowIps(['curl-blessed'])}${authorizationPolicy('web', SERVER_REF, [IPS_REF])}`;
    expect(exit(curl(policies, 'curl-blessed'))).toBe(0);
    expect(exit(curl(policies, 'curl-cursed'))).not.toBe(0);
  });

  it('both: two authentications in one policy must both hold (blessed and meshed)', () => {
    const policies = `${server()}${allowIps(['curl-blessed-injected', 'curl-blessed-uninjected'])}${ALL_MTLS}${authorizationPolicy('web', SERVER_REF, [IPS_REF, MTLS_REF])}`;
    expect(exit(curl(policies, 'curl-blessed-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-blessed-uninjected'))).not.toBe(0);
    expect(exit(curl(policies, 'curl-cursed-injected'))).not.toBe(0);
    expect(exit(curl(policies, 'curl-cursed-uninjected'))).not.toBe(0);
  });

  it('either: two policies, either one admits (blessed address, or meshed)', () => {
    const policies = `${server()}${allowIps(['curl-blessed-uninjected'])}${ALL_MTLS}${authorizationPolicy('web-from-ip', SERVER_REF, [IPS_REF])}${authorizationPolicy('web-from-id', SERVER_REF, [MTLS_REF])}`;
    expect(exit(curl(policies, 'curl-blessed-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-blessed-uninjected'))).toBe(0);
    expect(exit(curl(policies, 'curl-cursed-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-cursed-uninjected'))).not.toBe(0);
  });

  it('empty_authentications: a policy without requiredAuthenticationRefs admits everyone', () => {
    const policies = `${server()}${authorizationPolicy('web', SERVER_REF, [])}`;
    expect(exit(curl(policies, 'curl-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-uninjected'))).toBe(0);
  });
});

describe('e2e_server_authorization.rs', () => {
  it('meshtls: identities ["*"] admit the injected curl; the uninjected one exits 22', () => {
    const policies = `${server()}${serverAuthorization('{meshTLS: {identities: ["*"]}}')}`;
    expect(exit(curl(policies, 'curl-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-uninjected'))).toBe(22);
  });

  it('network: unauthenticated from the blessed address only', () => {
    const policies = `${server()}${serverAuthorization(`{networks: [{cidr: "${ADDRESS['curl-blessed']}"}], unauthenticated: true}`)}`;
    expect(exit(curl(policies, 'curl-blessed'))).toBe(0);
    expect(exit(curl(policies, 'curl-cursed'))).toBe(22);
  });

  it('both: meshTLS from the blessed networks: only the blessed injected curl', () => {
    const policies = `${server()}${serverAuthorization(`{networks: [{cidr: "${ADDRESS['curl-blessed-injected']}"}, {cidr: "${ADDRESS['curl-blessed-uninjected']}"}], meshTLS: {identities: ["*"]}}`)}`;
    expect(exit(curl(policies, 'curl-blessed-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-blessed-uninjected'))).toBe(22);
    expect(exit(curl(policies, 'curl-cursed-injected'))).toBe(22);
    expect(exit(curl(policies, 'curl-cursed-uninjected'))).toBe(22);
  });

  it('either: an unauthenticated authorization for the blessed networks, a meshTLS one for all', () => {
    const policies = `${server()}${serverAuthorization(`{unauthenticated: true, networks: [{cidr: "${ADDRESS['curl-blessed-injected']}"}, {cidr: "${ADDRESS['curl-blessed-uninjected']}"}]}`)}${serverAuthorization('{meshTLS: {identities: ["*"]}}').replace('name: web, namespace', 'name: web-mtls, namespace')}`;
    expect(exit(curl(policies, 'curl-blessed-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-blessed-uninjected'))).toBe(0);
    expect(exit(curl(policies, 'curl-cursed-injected'))).toBe(0);
    expect(exit(curl(policies, 'curl-cursed-uninjected'))).toBe(22);
  });
});

describe('e2e_audit.rs', () => {
  it('server_audit: a Server without authorizations refuses both curls; accessPolicy audit lets both through', () => {
    expect(exit(curl(server(), 'curl-injected'))).not.toBe(0);
    expect(exit(curl(server(), 'curl-uninjected'))).not.toBe(0);
    expect(exit(curl(server('audit'), 'curl-injected'))).toBe(0);
    expect(exit(curl(server('audit'), 'curl-uninjected'))).toBe(0);
  });

  it('ns_audit: the namespace default cluster-authenticated admits only the meshed curl; audit (the web pod recreated) admits both', () => {
    const annotation = (policy: string) => `config.linkerd.io/default-inbound-policy: ${policy}`;
    expect(exit(curl('', 'curl-injected', '/', annotation('cluster-authenticated')))).toBe(0);
    expect(exit(curl('', 'curl-uninjected', '/', annotation('cluster-authenticated')))).not.toBe(0);
    expect(exit(curl('', 'curl-injected', '/', annotation('audit')))).toBe(0);
    expect(exit(curl('', 'curl-uninjected', '/', annotation('audit')))).toBe(0);
  });
});

/**
 * e2e_http_local_ratelimit_policy.rs: fortio clients (one Pod each, under its own service account)
 * send to web for 30s; the test reads the percentage of 429s and asserts a range around the rate
 * the policy leaves them. The policy `rl` on the Server web, made by mk_ratelimit(total, identity,
 * override for the service account meshed-id-1; its clientRef's group written "core").
 */
describe('e2e_http_local_ratelimit_policy.rs', () => {
  const fortio = (name: string, inject: 'enabled' | 'disabled') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${NS}, annotations: {linkerd.io/inject: ${inject}}}
spec: {serviceAccountName: ${name}, containers: [{name: fortio, image: fortio}]}
`;
  const rateLimit = (limits: string) => `---
apiVersion: policy.linkerd.io/v1alpha1
kind: HTTPLocalRateLimitPolicy
metadata: {name: rl, namespace: ${NS}}
spec:
  targetRef: {group: policy.linkerd.io, kind: Server, name: web}
${limits}`;
  const override = `  overrides:\n  - requestsPerSecond: 10\n    clientRefs: [{group: core, kind: ServiceAccount, name: meshed-id-1, namespace: ${NS}}]\n`;

  /** The percentage of a fortio pod's requests answered 429 at `rps` for 30s (fetch_fortio_rl). */
  function limitedPercent(policies: string, pod: string, rps: number): number {
    const world = new World(documents(`${cluster()}${fortio('meshed-regular', 'enabled')}${fortio('meshed-id-1', 'enabled')}${fortio('unmeshed', 'disabled')}`), [documents(policies)]);
    const plan = planRateLimit(world, simulate(world, {request: parseRequest('GET http://web/'), from: `${NS}/${pod}`}), rps, 30);
    expect(plan.denied, pod).toBe(0);
    return Math.round((100 * plan.limited) / plan.sent);
  }

  it('ratelimit_identity_and_overrides: 20 rps against identity 5 (meshed or not) leaves ~75% limited, against the override 10 ~50%', () => {
    const policies = `${server('all-unauthenticated')}${rateLimit(`  total: {requestsPerSecond: 70}\n  identity: {requestsPerSecond: 5}\n${override}`)}`;
    expect(limitedPercent(policies, 'meshed-regular', 20)).toSatisfy((p: number) => p >= 70 && p <= 80);
    expect(limitedPercent(policies, 'meshed-id-1', 20)).toSatisfy((p: number) => p >= 45 && p <= 55);
    expect(limitedPercent(policies, 'unmeshed', 20)).toSatisfy((p: number) => p >= 70 && p <= 80);
  });

  it('ratelimit_total: 100 rps against a total of 70 leaves ~30% limited', () => {
    const policies = `${server('all-unauthenticated')}${rateLimit('  total: {requestsPerSecond: 70}\n')}`;
    expect(limitedPercent(policies, 'meshed-id-1', 100)).toSatisfy((p: number) => p >= 25 && p <= 35);
  });
});
