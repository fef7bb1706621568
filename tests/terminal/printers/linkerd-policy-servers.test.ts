/**
 * `linkerd diagnostics policy` for a pod port a Server selects, beyond AuthorizationPolicies: gRPC Servers
 * (grpc/src/inbound/grpc.rs, core GrpcRoute::default), ServerAuthorizations
 * (k8s/index/src/inbound/server_authorization.rs), HTTPLocalRateLimitPolicies (client_ratelimit,
 * to_rate_limit) and the routes the Server accepted (routes.rs accepted_by_server, grpc/src/inbound/http.rs), as linkerd2 version-2.20's
 * policy controller answers them.
 */
import {describe, expect, it} from 'vitest';
import {modelOf} from './linkerd-support';
import {gap, LINE, LINKERD_CONFIG, object, policy, server, webPod} from './linkerd-policy-support';

const BOT_IDENTITY = 'vote-bot.emojivoto.serviceaccount.identity.linkerd.cluster.local';
const CREATED = '2026-11-26T09:10:00Z';

const serverAuthorization = (name: string, spec: Record<string, unknown>) => object('policy.linkerd.io', 'ServerAuthorization', 'emojivoto', name, {spec});

const rateLimitPolicy = (name: string, spec: Record<string, unknown>, status?: Record<string, unknown>) =>
  object('policy.linkerd.io', 'HTTPLocalRateLimitPolicy', 'emojivoto', name, {spec: {targetRef: {group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}, ...spec}, ...(status ? {status} : {})});

const ACCEPTED = {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}], targetRef: {group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}};

describe('linkerd diagnostics policy: a gRPC Server', () => {
  it('answers Grpc with the default route: one rule matching any service and method (an empty rpc match)', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), server('web-grpc', CREATED, {port: 8080, proxyProtocol: 'gRPC'})], []);
    expect(policy(LINE, model)).toBe([
      'labels:', '  group: policy.linkerd.io', '  kind: server', '  name: web-grpc',
      'protocol:', '  Kind:', '    Grpc:', '      routes:', '      - metadata:', '          Kind:', '            Default: default',
      '        rules:', '        - matches:', '          - rpc: {}', ''].join('\n'));
    const json = JSON.parse(policy(`${LINE} -o json`, model)) as {protocol: {Kind: {Grpc: unknown}}};
    expect(json.protocol.Kind.Grpc).toEqual({routes: [{metadata: {Kind: {Default: 'default'}}, rules: [{matches: [{rpc: {}}]}]}]});
  });

  it('sends no rate limit, even one the policy\'s status says the Server accepted (to_server has none for Grpc)', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080, proxyProtocol: 'gRPC'}), rateLimitPolicy('web-limit', {total: {requestsPerSecond: 100}}, ACCEPTED)], []);
    expect(policy(LINE, model)).not.toContain('rate_limit');
  });
});

describe('linkerd diagnostics policy: ServerAuthorizations', () => {
  it('one naming the Server authorizes its mesh TLS service accounts, from the cluster networks when it lists none', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}),
      serverAuthorization('web-from-bot', {server: {name: 'web-http'}, client: {meshTLS: {serviceAccounts: [{name: 'vote-bot'}]}}})], []);
    const text = policy(LINE, model);
    expect(text.startsWith(['authorizations:', '- authentication:', '    Permit:', '      MeshTLS:', '        Clients:', '          Identities:', '            identities:',
      `            - name: ${BOT_IDENTITY}`, '  labels:', '    group: policy.linkerd.io', '    kind: serverauthorization', '    name: web-from-bot',
      '  metadata:', '    Kind:', '      Resource:', '        group: policy.linkerd.io', '        kind: serverauthorization', '        name: web-from-bot',
      // clusterNetworks 10.0.0.0/8 and fd00::/8, as to_authz fills an authorization without networks.
      '  networks:', '  - net:', '      ip:', '        Ip:', '          Ipv4: 167772160', '      prefix_len: 8',
      '  - net:', '      ip:', '        Ip:', '          Ipv6:', '            first: 18230571291595767808', '      prefix_len: 8', 'labels:'].join('\n'))).toBe(true);
  });

  it('one selecting Servers by label: unauthenticated clients from its networks; a selector that misses the Server authorizes nothing', () => {
    const unauthenticated = serverAuthorization('web-public', {server: {selector: {matchLabels: {tier: 'front'}}}, client: {unauthenticated: true, networks: [{cidr: '192.168.0.0/16'}]}});
    const selected = policy(LINE, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}, {tier: 'front'}), unauthenticated], []));
    // 192.168.0.0 is 3232235520.
    expect(selected).toContain('    Permit:\n      Unauthenticated: {}\n');
    expect(selected).toContain('  networks:\n  - net:\n      ip:\n        Ip:\n          Ipv4: 3232235520\n      prefix_len: 16\n');
    expect(selected).toContain('    kind: serverauthorization\n    name: web-public\n');
    const missed = policy(LINE, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}, {tier: 'back'}), unauthenticated], []));
    expect(missed).not.toContain('authorizations:');
  });

  it('unauthenticated TLS is MeshTLS with unauthenticated clients; one configuring no authentication, or mesh TLS naming nobody, is dropped', () => {
    const tls = policy(LINE, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}),
      serverAuthorization('any-meshed', {server: {name: 'web-http'}, client: {meshTLS: {unauthenticatedTLS: true}}})], []));
    expect(tls).toContain('    Permit:\n      MeshTLS:\n        Clients:\n          Unauthenticated: {}\n');
    const dropped = policy(LINE, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}),
      serverAuthorization('nobody', {server: {name: 'web-http'}, client: {meshTLS: {}}}),
      serverAuthorization('nothing', {server: {name: 'web-http'}, client: {networks: [{cidr: '10.0.0.0/8'}]}})], []));
    expect(dropped).not.toContain('authorizations:');
  });

  it('a ServerAuthorization beside an AuthorizationPolicy on the same Server is two authorizations in a hash map: a gap', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}),
      serverAuthorization('web-public', {server: {name: 'web-http'}, client: {unauthenticated: true}}),
      object('policy.linkerd.io', 'AuthorizationPolicy', 'emojivoto', 'anyone', {spec: {targetRef: {group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}, requiredAuthenticationRefs: []}})], []);
    expect(gap(LINE, model)).toMatch(/2 authorizations/);
  });
});

describe('linkerd diagnostics policy: HTTPLocalRateLimitPolicy', () => {
  const limits = {total: {requestsPerSecond: 100}, identity: {requestsPerSecond: 20}, overrides: [{requestsPerSecond: 50, clientRefs: [{kind: 'ServiceAccount', name: 'vote-bot'}]}]};

  it('an accepted policy on an HTTP/1 Server is its local_rate_limit: the policy as a resource, total, identity and overrides by identity', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080, proxyProtocol: 'HTTP/1'}), rateLimitPolicy('web-limit', limits, ACCEPTED)], []);
    expect(policy(LINE, model)).toContain([
      'protocol:', '  Kind:', '    Http1:', '      local_rate_limit:', '        identity:', '          requestsPerSecond: 20',
      '        metadata:', '          Kind:', '            Resource:', '              group: policy.linkerd.io', '              kind: HTTPLocalRateLimitPolicy', '              name: web-limit',
      '        overrides:', '        - clients:', '            identities:', `            - name: ${BOT_IDENTITY}`, '          limit:', '            requestsPerSecond: 50',
      '        total:', '          requestsPerSecond: 100', '      routes:', ''].join('\n'));
    const json = JSON.parse(policy(`${LINE} -o json`, model)) as {protocol: {Kind: {Http1: Record<string, unknown>}}};
    expect(Object.keys(json.protocol.Kind.Http1)).toEqual(['routes', 'local_rate_limit']);
    expect(Object.keys(json.protocol.Kind.Http1.local_rate_limit as object)).toEqual(['metadata', 'total', 'identity', 'overrides']);
  });

  it('on a detecting Server it is http_local_rate_limit, after the routes', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}), rateLimitPolicy('web-limit', {total: {requestsPerSecond: 100}}, ACCEPTED)], []);
    const json = JSON.parse(policy(`${LINE} -o json`, model)) as {protocol: {Kind: {Detect: Record<string, unknown>}}};
    expect(Object.keys(json.protocol.Kind.Detect)).toEqual(['timeout', 'http_routes', 'http_local_rate_limit']);
    expect(json.protocol.Kind.Detect.http_local_rate_limit).toEqual({metadata: {Kind: {Resource: {group: 'policy.linkerd.io', kind: 'HTTPLocalRateLimitPolicy', name: 'web-limit'}}}, total: {requestsPerSecond: 100}});
  });

  it('one its status does not accept, or whose override names a client other than a ServiceAccount, is left out', () => {
    const rejected = modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}),
      rateLimitPolicy('web-limit', limits, {...ACCEPTED, conditions: [{type: 'Accepted', status: 'False', reason: 'RateLimitPolicyAlreadyExists'}]})], []);
    expect(policy(LINE, rejected)).not.toContain('rate_limit');
    const illegal = modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}),
      rateLimitPolicy('web-limit', {overrides: [{requestsPerSecond: 5, clientRefs: [{kind: 'Namespace', name: 'emojivoto'}]}]}, ACCEPTED)], []);
    expect(policy(LINE, illegal)).not.toContain('rate_limit');
  });

  it('one the model holds without a status is a gap: the status controller decides acceptance', () => {
    const model = modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}), rateLimitPolicy('web-limit', limits)], []);
    expect(gap(LINE, model)).toMatch(/HTTPLocalRateLimitPolicy web-limit targets Server web-http but the model holds no status/);
  });
});

describe('linkerd diagnostics policy: routes naming the Server', () => {
  const route = (withStatus?: {status: Record<string, unknown>}) => object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'web-route', {
    spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}]}, ...(withStatus ?? {}),
  });
  const parentStatus = (accepted: 'True' | 'False') => ({status: {parents: [{controllerName: 'linkerd.io/policy-controller', parentRef: {group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}, conditions: [{type: 'Accepted', status: accepted}]}]}});

  it('a route the Server did not accept is left out: the Server keeps its default route', () => {
    const text = policy(LINE, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}), route(parentStatus('False'))], []));
    expect(text).toContain('      http_routes:\n      - metadata:\n          Kind:\n            Default: default\n');
  });

  it('an accepted route replaces the default and probe routes: the HTTPRoute as a resource, its rules\' matches (the CRD\'s default: every path)', () => {
    const probed = webPod({}, {readinessProbe: {httpGet: {path: '/ready', port: 8080}}});
    const text = policy(LINE, modelOf([LINKERD_CONFIG, probed, server('web-http', CREATED, {port: 8080, proxyProtocol: 'HTTP/1'}), route(parentStatus('True'))], []));
    expect(text).toBe([
      'labels:', '  group: policy.linkerd.io', '  kind: server', '  name: web-http',
      'protocol:', '  Kind:', '    Http1:', '      routes:', '      - metadata:', '          Kind:', '            Resource:',
      '              group: gateway.networking.k8s.io', '              kind: HTTPRoute', '              name: web-route',
      '        rules:', '        - matches:', '          - path:', '              Kind:', '                Prefix: /', ''].join('\n'));
  });

  it('a route\'s rules and matches as written; an AuthorizationPolicy targeting the route is the route\'s authorization, not the Server\'s', () => {
    const written = object('policy.linkerd.io', 'HTTPRoute', 'emojivoto', 'web-api', {
      spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}], rules: [{matches: [{path: {type: 'Exact', value: '/api/vote'}, method: 'POST', headers: [{name: 'X-Team', value: 'a'}]}]}, {}]},
      ...parentStatus('True'),
    });
    const onRoute = object('policy.linkerd.io', 'AuthorizationPolicy', 'emojivoto', 'api-anyone', {spec: {targetRef: {group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'web-api'}, requiredAuthenticationRefs: []}});
    const answer = JSON.parse(policy(`${LINE} -o json`, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080, proxyProtocol: 'HTTP/1'}), written, onRoute], []))) as {authorizations?: unknown; protocol: {Kind: {Http1: {routes: Record<string, unknown>[]}}}};
    expect(answer.authorizations).toBeUndefined();
    const [only] = answer.protocol.Kind.Http1.routes;
    expect(Object.keys(only!)).toEqual(['metadata', 'authorizations', 'rules']);
    expect(only!.rules).toEqual([
      {matches: [{path: {Kind: {Exact: '/api/vote'}}, headers: [{name: 'x-team', Value: {Exact: 'YQ=='}}], method: {Type: {Registered: 1}}}]},
      {matches: [{path: {Kind: {Prefix: '/'}}}]},
    ]);
    expect((only!.authorizations as {metadata: unknown}[]).map((a) => a.metadata)).toEqual([{Kind: {Resource: {group: 'policy.linkerd.io', kind: 'authorizationpolicy', name: 'api-anyone'}}}]);
  });

  it('routes in creation order, then by name; one naming the Server by port is invalid and left out', () => {
    const later = object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'a-later', {metadata: {creationTimestamp: '2026-11-26T09:40:00Z'}, spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}]}, ...parentStatus('True')});
    const earlier = object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'z-earlier', {metadata: {creationTimestamp: '2026-11-26T09:20:00Z'}, spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}]}, ...parentStatus('True')});
    const byPort = object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'b-port', {metadata: {creationTimestamp: '2026-11-26T09:00:00Z'}, spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web-http', port: 8080}]}, ...parentStatus('True')});
    const answer = JSON.parse(policy(`${LINE} -o json`, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080, proxyProtocol: 'HTTP/1'}), later, earlier, byPort], []))) as {protocol: {Kind: {Http1: {routes: {metadata: {Kind: {Resource: {name: string}}}}[]}}}};
    expect(answer.protocol.Kind.Http1.routes.map((r) => r.metadata.Kind.Resource.name)).toEqual(['z-earlier', 'a-later']);
  });

  it('a route without a status in the model, route filters and an accepted GRPCRoute are gaps', () => {
    expect(gap(LINE, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}), route()], []))).toMatch(/holds no status/);
    const filtered = object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'web-route', {spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}], rules: [{filters: [{type: 'RequestHeaderModifier', requestHeaderModifier: {set: [{name: 'x', value: 'y'}]}}]}]}, ...parentStatus('True')});
    expect(gap(LINE, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080}), filtered], []))).toMatch(/filters/);
    const grpc = object('gateway.networking.k8s.io', 'GRPCRoute', 'emojivoto', 'web-grpc', {spec: {parentRefs: [{group: 'policy.linkerd.io', kind: 'Server', name: 'web-http'}]}, ...parentStatus('True')});
    expect(gap(LINE, modelOf([LINKERD_CONFIG, webPod(), server('web-http', CREATED, {port: 8080, proxyProtocol: 'gRPC'}), grpc], []))).toMatch(/inbound gRPC routes are not modelled/);
  });
});
