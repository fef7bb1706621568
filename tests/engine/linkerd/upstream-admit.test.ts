/**
 * Linkerd's own admission suite (linkerd/linkerd2 version-2.20, policy-test/tests/admit_*.rs)
 * transcribed: each case names its file and test function, the resource written here as YAML
 * from the Rust structs the test builds (`None` fields left out, `Some("")` kept). Upstream
 * creates each resource in a temporary namespace of a cluster running Linkerd and asserts only
 * that the API server accepts or rejects it; a rejection may come from the CRD schema or from
 * the policy webhook, and each case here also says which (`by`), so a rejection for the wrong
 * reason fails. The run's context is a cluster running Linkerd (its control plane namespace).
 */
import {describe, expect, it} from 'vitest';
import {verdict} from './admission-support';

const NS = 'policy-test';
const LINKERD_CLUSTER = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: linkerd\n  labels:\n    linkerd.io/control-plane-ns: linkerd\n';

interface Case {
  file: string;
  test: string;
  yaml: string;
  /** Accepted, or rejected with this code (and, for the webhook, this message). */
  expect: 'accepts' | {code: string; message?: string};
}

const doc = (apiVersion: string, kind: string, spec: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: test\n  namespace: ${NS}\nspec:\n${spec}`;
const webhook = (message: string) => ({code: 'linkerd-admission', message});

// admit_authorization_policy.rs
const authzPolicy = (target: string, refs: string) => doc('policy.linkerd.io/v1alpha1', 'AuthorizationPolicy', `  targetRef: ${target}\n${refs}`);
const serverApi = '{group: policy.linkerd.io, kind: Server, name: api}';
const mtlsClients = '  - {group: policy.linkerd.io, kind: MeshTLSAuthentication, name: mtls-clients}\n';
const clusterNets = '  - {group: policy.linkerd.io, kind: NetworkAuthentication, name: cluster-nets, namespace: linkerd}\n';
const bothAuthns = `  requiredAuthenticationRefs:\n${mtlsClients}${clusterNets}`;

// admit_http_local_ratelimit_policy.rs mk_ratelimiter, default_target_ref and default_overrides (the status it sets is a
// subresource, which a create ignores: left out).
const ratelimiter = (target: string, total: number, identity: number, overrideRps: number) => doc('policy.linkerd.io/v1alpha1', 'HTTPLocalRateLimitPolicy',
  `  targetRef: ${target}\n  total: {requestsPerSecond: ${total}}\n  identity: {requestsPerSecond: ${identity}}\n  overrides:\n`
  + `  - requestsPerSecond: ${overrideRps}\n    clientRefs: [{group: "", kind: ServiceAccount, name: sa-1, namespace: linkerd}]\n`);

const network = (spec: string) => doc('policy.linkerd.io/v1alpha1', 'NetworkAuthentication', spec);
const serverAuthz = (client: string) => doc('policy.linkerd.io/v1beta1', 'ServerAuthorization', `  server: {name: test}\n  client:\n${client}`);

// admit_http_route.rs: server_parent_ref, egress_network_parent_ref (policy-test/src/lib.rs) and rules().
const serverParent = `{group: policy.linkerd.io, kind: Server, namespace: ${NS}, name: my-server}`;
const egressParent = (port?: number) => `{group: policy.linkerd.io, kind: EgressNetwork, namespace: ${NS}, name: my-egress-net${port ? `, port: ${port}` : ''}}`;
const exactFoo = '  - matches: [{path: {value: /foo, type: Exact}}]\n';
const linkerdRoute = (parent: string, rules = exactFoo) => doc('policy.linkerd.io/v1beta3', 'HTTPRoute', `  parentRefs: [${parent}]\n  rules:\n${rules}`);
const gatewayRoute = (rules: string) => doc('gateway.networking.k8s.io/v1', 'HTTPRoute', `  parentRefs: [${serverParent}]\n  rules:\n${rules}`);
const grpcRoute = (port?: number) => doc('gateway.networking.k8s.io/v1', 'GRPCRoute',
  `  parentRefs: [${egressParent(port)}]\n  rules:\n  - matches: [{method: {method: foo, service: boo, type: Exact}}]\n`);
// admit_tcp_route.rs / admit_tls_route.rs rules(n): backends of group policy.linkerd.ip (sic) without ports.
const streamRules = (n: number) => Array.from({length: n}, (_, i) =>
  `  - backendRefs: [{name: default-${i + 1}, group: policy.linkerd.ip, namespace: root, kind: EgressNetwork}]\n`).join('');
const streamRoute = (kind: string, port: number | undefined, rules: number) => doc('gateway.networking.k8s.io/v1alpha2', kind,
  `  parentRefs: [${egressParent(port)}]\n  rules:\n${streamRules(rules)}`);

const CASES: Case[] = [
  // admit_authorization_policy.rs
  {file: 'admit_authorization_policy.rs', test: 'accepts_valid', yaml: authzPolicy(serverApi, bothAuthns), expect: 'accepts'},
  {file: 'admit_authorization_policy.rs', test: 'accepts_targets_namespace', yaml: authzPolicy(`{kind: Namespace, name: ${NS}}`, bothAuthns), expect: 'accepts'},
  {file: 'admit_authorization_policy.rs', test: 'rejects_targets_other_namespace', yaml: authzPolicy('{kind: Namespace, name: foobar}', bothAuthns),
    expect: webhook('cannot target another namespace: foobar')},
  {file: 'admit_authorization_policy.rs', test: 'accepts_targets_route', yaml: authzPolicy('{group: policy.linkerd.io, kind: HttpRoute, name: route-foo}', bothAuthns), expect: 'accepts'},
  {file: 'admit_authorization_policy.rs', test: 'accepts_valid_with_only_meshtls', yaml: authzPolicy(serverApi, `  requiredAuthenticationRefs:\n${mtlsClients}`), expect: 'accepts'},
  {file: 'admit_authorization_policy.rs', test: 'accepts_valid_with_only_network', yaml: authzPolicy(serverApi, `  requiredAuthenticationRefs:\n${clusterNets}`), expect: 'accepts'},
  {file: 'admit_authorization_policy.rs', test: 'accepts_empty_required_authentications',
    yaml: authzPolicy('{group: policy.linkerd.io, kind: Server, name: deny}', '  requiredAuthenticationRefs: []\n'), expect: 'accepts'},
  {file: 'admit_authorization_policy.rs', test: 'rejects_missing_required_authentications',
    yaml: authzPolicy('{group: policy.linkerd.io, kind: Server, name: deny}', ''), expect: {code: 'required'}},
  {file: 'admit_authorization_policy.rs', test: 'rejects_target_ref_deployment',
    yaml: authzPolicy('{group: apps, kind: Deployment, name: someapp}', `  requiredAuthenticationRefs:\n${clusterNets}`),
    expect: webhook('unsupported authorization target type: Deployment.apps')},
  {file: 'admit_authorization_policy.rs', test: 'rejects_duplicate_mtls_authns',
    yaml: authzPolicy('{group: policy.linkerd.io, kind: Server, name: some-srv}', '  requiredAuthenticationRefs:\n'
      + '  - {group: policy.linkerd.io, kind: MeshTLSAuthentication, namespace: some-ns, name: some-ids}\n'
      + '  - {group: policy.linkerd.io, kind: MeshTLSAuthentication, namespace: other-ns, name: other-ids}\n'),
    expect: webhook('only a single MeshTLSAuthentication may be set')},
  {file: 'admit_authorization_policy.rs', test: 'rejects_duplicate_network_authns',
    yaml: authzPolicy('{group: policy.linkerd.io, kind: Server, name: some-srv}', '  requiredAuthenticationRefs:\n'
      + '  - {group: policy.linkerd.io, kind: NetworkAuthentication, namespace: some-ns, name: some-nets}\n'
      + '  - {group: policy.linkerd.io, kind: NetworkAuthentication, namespace: other-ns, name: other-nets}\n'),
    expect: webhook('only a single NetworkAuthentication may be set')},

  // admit_egress_networks.rs
  {file: 'admit_egress_networks.rs', test: 'accepts_valid', yaml: doc('policy.linkerd.io/v1alpha1', 'EgressNetwork',
    '  trafficPolicy: Allow\n  networks:\n  - cidr: 10.1.0.0/24\n  - cidr: 10.1.1.0/24\n    except: [10.1.1.0/28]\n'), expect: 'accepts'},
  {file: 'admit_egress_networks.rs', test: 'rejects_empty_networks', yaml: doc('policy.linkerd.io/v1alpha1', 'EgressNetwork', '  trafficPolicy: Allow\n  networks: []\n'),
    expect: webhook('at least one network must be specified')},

  // admit_grpc_route.rs
  {file: 'admit_grpc_route.rs', test: 'accepts_valid_egress_network', yaml: grpcRoute(555), expect: 'accepts'},
  {file: 'admit_grpc_route.rs', test: 'rejects_egress_network_parent_with_no_port', yaml: grpcRoute(),
    expect: webhook('cannot target an EgressNetwork without specifying a port')},

  // admit_http_local_ratelimit_policy.rs
  {file: 'admit_http_local_ratelimit_policy.rs', test: 'accepts_valid', yaml: ratelimiter('{group: policy.linkerd.io, kind: Server, name: api}', 1000, 100, 200), expect: 'accepts'},
  {file: 'admit_http_local_ratelimit_policy.rs', test: 'rejects_target_ref_deployment', yaml: ratelimiter('{group: apps, kind: Deployment, name: api}', 1000, 100, 200),
    expect: webhook('invalid targetRef kind: Deployment.apps')},
  {file: 'admit_http_local_ratelimit_policy.rs', test: 'rejects_identity_rps_higher_than_total', yaml: ratelimiter('{group: policy.linkerd.io, kind: Server, name: api}', 1000, 2000, 200),
    expect: webhook('identity.requestsPerSecond must be less than or equal to total.requestsPerSecond')},
  {file: 'admit_http_local_ratelimit_policy.rs', test: 'rejects_overrides_rps_higher_than_total', yaml: ratelimiter('{group: policy.linkerd.io, kind: Server, name: api}', 1000, 2000, 2000),
    expect: webhook('identity.requestsPerSecond must be less than or equal to total.requestsPerSecond')},

  // admit_http_route.rs
  {file: 'admit_http_route.rs', test: 'accepts_valid', yaml: linkerdRoute(serverParent), expect: 'accepts'},
  {file: 'admit_http_route.rs', test: 'accepts_valid_egress_network', yaml: linkerdRoute(egressParent(555)), expect: 'accepts'},
  {file: 'admit_http_route.rs', test: 'rejects_egress_network_parent_with_no_port', yaml: linkerdRoute(egressParent()),
    expect: webhook('cannot target an EgressNetwork without specifying a port')},
  {file: 'admit_http_route.rs', test: 'rejects_relative_path_match', yaml: linkerdRoute(serverParent, '  - matches: [{path: {value: foo/bar, type: Exact}}]\n'),
    expect: webhook('HttpPathMatch paths must be absolute (begin with `/`); "foo/bar" is not an absolute path')},
  {file: 'admit_http_route.rs', test: 'rejects_relative_redirect_path', yaml: linkerdRoute(serverParent,
    `${exactFoo}    filters:\n    - type: RequestRedirect\n      requestRedirect: {path: {replaceFullPath: foo/bar, type: ReplaceFullPath}}\n`),
  expect: webhook(`RequestRedirect filters may only contain absolute paths (starting with '/'); "foo/bar" is not an absolute path`)},

  // admit_http_route_gateway.rs
  {file: 'admit_http_route_gateway.rs', test: 'accepts_valid', yaml: gatewayRoute(exactFoo), expect: 'accepts'},
  {file: 'admit_http_route_gateway.rs', test: 'accepts_not_implemented_requestmirror', yaml: gatewayRoute(
    `${exactFoo}    filters:\n    - type: RequestMirror\n      requestMirror: {backendRef: {namespace: foo, name: foo, port: 80}, percent: 100}\n`), expect: 'accepts'},
  {file: 'admit_http_route_gateway.rs', test: 'accepts_not_implemented_urlrewrite', yaml: gatewayRoute(
    `${exactFoo}    filters:\n    - type: URLRewrite\n      urlRewrite: {hostname: foo, path: {replaceFullPath: baz, type: ReplaceFullPath}}\n`), expect: 'accepts'},
  {file: 'admit_http_route_gateway.rs', test: 'accepts_not_implemented_extensionref', yaml: gatewayRoute(
    `${exactFoo}    filters:\n    - type: ExtensionRef\n      extensionRef: {group: "", kind: Service, name: foo}\n`), expect: 'accepts'},
  {file: 'admit_http_route_gateway.rs', test: 'accepts_backend_unknown_kind', yaml: gatewayRoute(
    `${exactFoo}    backendRefs: [{group: alien.example.com, kind: ExoService, namespace: foo, name: foo}]\n`), expect: 'accepts'},
  {file: 'admit_http_route_gateway.rs', test: 'accepts_backend_service_with_port', yaml: gatewayRoute(
    `${exactFoo}    backendRefs: [{group: core, kind: Service, namespace: foo, name: foo, port: 8080}]\n`), expect: 'accepts'},
  {file: 'admit_http_route_gateway.rs', test: 'accepts_backend_service_implicit_with_port', yaml: gatewayRoute(
    `${exactFoo}    backendRefs: [{namespace: foo, name: foo, port: 8080}]\n`), expect: 'accepts'},
  // The Gateway API's CEL rules refuse these before Linkerd's webhook is asked.
  {file: 'admit_http_route_gateway.rs', test: 'rejects_relative_path_match', yaml: gatewayRoute('  - matches: [{path: {value: foo, type: Exact}}]\n'), expect: {code: 'cel'}},
  {file: 'admit_http_route_gateway.rs', test: 'rejects_relative_redirect_path', yaml: gatewayRoute(
    `${exactFoo}    filters:\n    - type: RequestRedirect\n      requestRedirect: {path: {replaceFullPath: foo/bar, type: ReplaceFullPath}}\n`),
  expect: webhook(`RequestRedirect filters may only contain absolute paths (starting with '/'); "foo/bar" is not an absolute path`)},
  {file: 'admit_http_route_gateway.rs', test: 'rejects_backend_service_without_port', yaml: gatewayRoute(
    `${exactFoo}    backendRefs: [{group: core, kind: Service, namespace: foo, name: foo}]\n`), expect: webhook('invalid backendRef')},
  {file: 'admit_http_route_gateway.rs', test: 'rejects_backend_service_implicit_without_port', yaml: gatewayRoute(
    `${exactFoo}    backendRefs: [{namespace: foo, name: foo}]\n`), expect: {code: 'cel'}},

  // admit_meshtls_authentication.rs
  {file: 'admit_meshtls_authentication.rs', test: 'accepts_valid_ref', yaml: doc('policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication',
    '  identityRefs: [{kind: ServiceAccount, name: default}]\n'), expect: 'accepts'},
  {file: 'admit_meshtls_authentication.rs', test: 'accepts_ns_ref', yaml: doc('policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication',
    '  identityRefs: [{kind: Namespace, name: default}]\n'), expect: 'accepts'},
  {file: 'admit_meshtls_authentication.rs', test: 'rejects_namespaced_namespace', yaml: doc('policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication',
    '  identityRefs: [{kind: Namespace, name: default, namespace: default}]\n'), expect: webhook('Namespace identity_ref is cluster-scoped and cannot have a namespace')},
  {file: 'admit_meshtls_authentication.rs', test: 'accepts_strings', yaml: doc('policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication',
    '  identities: [example.id]\n'), expect: 'accepts'},
  {file: 'admit_meshtls_authentication.rs', test: 'rejects_empty', yaml: doc('policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication', '  {}\n'),
    // no oneOf branch valid: kube-openapi reports the first branch's failure with the oneOf's own error
    expect: {code: 'required', message: 'spec.identities: Required value'}},
  {file: 'admit_meshtls_authentication.rs', test: 'rejects_both_refs_and_strings', yaml: doc('policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication',
    '  identities: [example.id]\n  identityRefs: [{kind: ServiceAccount, name: default}]\n'), expect: {code: 'one-of'}},

  // admit_network_authentication.rs
  {file: 'admit_network_authentication.rs', test: 'accepts_valid', yaml: network('  networks:\n  - cidr: 10.1.0.0/24\n  - cidr: 10.1.1.0/24\n    except: [10.1.1.0/28]\n'), expect: 'accepts'},
  {file: 'admit_network_authentication.rs', test: 'accepts_ip_except', yaml: network('  networks:\n  - cidr: 10.1.0.0/16\n    except: [10.1.1.1]\n'), expect: 'accepts'},
  {file: 'admit_network_authentication.rs', test: 'rejects_except_whole_cidr', yaml: network('  networks:\n  - cidr: 10.1.1.0/24\n    except: [10.1.0.0/16]\n'),
    expect: webhook("cidr '10.1.1.0/24' is completely negated by exception '10.1.0.0/16'")},
  {file: 'admit_network_authentication.rs', test: 'rejects_except_not_in_cidr', yaml: network('  networks:\n  - cidr: 10.1.1.0/24\n    except: [10.1.2.0/24]\n'),
    expect: webhook("cidr '10.1.1.0/24' does not include exception '10.1.2.0/24'")},
  {file: 'admit_network_authentication.rs', test: 'rejects_invalid_cidr', yaml: network('  networks:\n  - cidr: 10.1.0.0/16\n    except: [bogus]\n'),
    expect: webhook('data did not match any variant of untagged enum Cidr')},
  {file: 'admit_network_authentication.rs', test: 'rejects_empty', yaml: network('  networks: []\n'), expect: webhook('at least one network must be specified')},

  // admit_server.rs (Selector::default() is a selector with neither field: `podSelector: {}` at v1beta3).
  {file: 'admit_server.rs', test: 'accepts_valid', yaml: doc('policy.linkerd.io/v1beta3', 'Server', '  podSelector: {}\n  port: 80\n'), expect: 'accepts'},
  {file: 'admit_server.rs', test: 'accepts_server_updates', yaml: doc('policy.linkerd.io/v1beta3', 'Server', '  podSelector: {matchLabels: {app: test}}\n  port: 80\n'), expect: 'accepts'},
  // Sent as v1alpha1, as upstream sends it; that version's CRD wants matchLabels or matchExpressions in a selector, so one is written.
  {file: 'admit_server.rs', test: 'rejects_invalid_proxy_protocol', yaml: doc('policy.linkerd.io/v1alpha1', 'Server',
    '  podSelector: {matchLabels: {}}\n  port: 80\n  proxyProtocol: garbanzo\n'),
  expect: webhook('unknown variant `garbanzo`, expected one of `unknown`, `HTTP/1`, `HTTP/2`, `gRPC`, `opaque`, `TLS`')},
  {file: 'admit_server.rs', test: 'rejects_invalid_access_policy', yaml: doc('policy.linkerd.io/v1beta3', 'Server', '  podSelector: {}\n  port: 80\n  accessPolicy: foobar\n'),
    expect: webhook(`Invalid 'accessPolicy' field: invalid mode: "foobar"`)},

  // admit_server_authorization.rs
  {file: 'admit_server_authorization.rs', test: 'accepts_valid', yaml: serverAuthz(
    '    networks:\n    - cidr: 10.1.0.0/24\n    - cidr: 10.1.1.0/24\n      except: [10.1.1.0/28]\n    unauthenticated: true\n'), expect: 'accepts'},
  {file: 'admit_server_authorization.rs', test: 'rejects_except_whole_cidr', yaml: serverAuthz(
    '    networks:\n    - cidr: 10.1.1.0/24\n      except: [10.1.0.0/16]\n    unauthenticated: true\n'),
  expect: webhook("cidr '10.1.1.0/24' is completely negated by exception '10.1.0.0/16'")},
  {file: 'admit_server_authorization.rs', test: 'rejects_unauthenciated_and_mtls', yaml: serverAuthz(
    '    unauthenticated: true\n    meshTLS: {identities: ["*"]}\n'), expect: webhook('`unauthenticated` must be false if `mesh_tls` is specified')},
  {file: 'admit_server_authorization.rs', test: 'rejects_unauthenciated_tls_and_identities', yaml: serverAuthz(
    '    meshTLS: {unauthenticatedTLS: true, identities: ["*"]}\n'), expect: webhook('`unauthenticatedTLS` be false if any `identities` or `service_accounts` is specified')},
  {file: 'admit_server_authorization.rs', test: 'accepts_network_as_ip', yaml: serverAuthz(
    '    networks:\n    - cidr: 10.1.0.2\n    - cidr: 10.1.1.0/24\n      except: [10.1.1.3]\n    unauthenticated: true\n'), expect: 'accepts'},
  {file: 'admit_server_authorization.rs', test: 'rejects_except_not_in_cidr', yaml: serverAuthz(
    '    networks:\n    - cidr: 10.1.1.0/24\n      except: [10.1.2.0/24]\n    unauthenticated: true\n'),
  expect: webhook("cidr '10.1.1.0/24' does not include exception '10.1.2.0/24'")},
  {file: 'admit_server_authorization.rs', test: 'rejects_invalid_cidr', yaml: serverAuthz('    networks:\n    - cidr: bogus\n    unauthenticated: true\n'),
    expect: webhook('data did not match any variant of untagged enum Cidr')},

  // admit_tcp_route.rs and admit_tls_route.rs (the experimental channel's v1alpha2 kinds)
  {file: 'admit_tcp_route.rs', test: 'accepts_valid_egress_network', yaml: streamRoute('TCPRoute', 555, 1), expect: 'accepts'},
  {file: 'admit_tcp_route.rs', test: 'rejects_egress_network_parent_with_no_port', yaml: streamRoute('TCPRoute', undefined, 1),
    expect: webhook('cannot target an EgressNetwork without specifying a port')},
  {file: 'admit_tcp_route.rs', test: 'rejects_if_more_than_one_rule', yaml: streamRoute('TCPRoute', 555, 2), expect: webhook('TcpRoute supports a single rule only')},
  {file: 'admit_tls_route.rs', test: 'accepts_valid_egress_network', yaml: streamRoute('TLSRoute', 555, 1), expect: 'accepts'},
  {file: 'admit_tls_route.rs', test: 'rejects_egress_network_parent_with_no_port', yaml: streamRoute('TLSRoute', undefined, 1),
    expect: webhook('cannot target an EgressNetwork without specifying a port')},
  {file: 'admit_tls_route.rs', test: 'rejects_if_more_than_one_rule', yaml: streamRoute('TLSRoute', 555, 2), expect: webhook('TlsRoute supports a single rule only')},
];

describe("Linkerd's admission suite (policy-test/tests/admit_*.rs, version-2.20)", () => {
  it.each(CASES.map((c) => [`${c.file} ${c.test}`, c] as const))('%s', (_name, c) => {
    const errors = verdict(c.yaml, {context: LINKERD_CLUSTER, analysis: false}).filter((d) => d.severity === 'error');
    if (c.expect === 'accepts') expect(errors).toEqual([]);
    else {
      expect(errors.length, 'rejected').toBeGreaterThan(0);
      expect(errors[0]).toEqual(expect.objectContaining(c.expect.message === undefined ? {code: c.expect.code} : c.expect));
    }
  });

  it('covers every test function of the suite', () => {
    expect(CASES.length).toBe(64);
    expect(new Set(CASES.map((c) => `${c.file} ${c.test}`)).size).toBe(CASES.length);
  });
});
