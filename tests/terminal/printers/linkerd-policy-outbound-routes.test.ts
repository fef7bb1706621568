/**
 * `linkerd diagnostics policy svc/NAME PORT` with every route kind Linkerd 2.20's outbound index reads
 * (k8s/index/src/outbound/index.rs and index/{http,grpc,tls,tcp}.rs): GRPCRoutes, TLSRoutes and
 * TCPRoutes beside HTTPRoutes, which protocol to_proto (grpc/src/outbound.rs) picks when several attach,
 * producer and consumer routes as the CLI's token places the client, hostnames, filters and regex
 * matches as grpc/src/outbound/{http,grpc,tls,tcp}.rs and routes.rs send them.
 */
import {describe, expect, it} from 'vitest';
import {modelOf} from './linkerd-support';
import {gap, LINKERD_CONFIG, object, outboundJson as json, service, type Json} from './linkerd-policy-support';
import type {ModelObject} from '../../../src/terminal/printers/model';

const LINE = 'linkerd diagnostics policy -n emojivoto svc/web-svc 80';
const GATEWAY = 'gateway.networking.k8s.io';

const acceptedBy = (name = 'web-svc') => ({parents: [{controllerName: 'linkerd.io/policy-controller', parentRef: {kind: 'Service', group: 'core', name, port: 80}, conditions: [{type: 'Accepted', status: 'True'}]}]});

/** A route of `kind` on web-svc:80, accepted, created at `created`. */
function route(kind: string, name: string, spec: Record<string, unknown>, options: {namespace?: string; created?: string; annotations?: Record<string, string>; group?: string} = {}): ModelObject {
  return object(options.group ?? GATEWAY, kind, options.namespace ?? 'emojivoto', name, {
    metadata: {creationTimestamp: options.created ?? '2026-11-26T09:30:00Z', annotations: options.annotations ?? {}},
    spec: {parentRefs: [{kind: 'Service', group: '', name: 'web-svc', namespace: 'emojivoto', port: 80}], ...spec},
    status: acceptedBy(),
  });
}

const backends = [service('web-svc'), service('web-v1'), service('web-v2')];
const kindOf = (answer: Json): string[] => Object.keys(answer.protocol.Kind);
const balancerPath = (b: Json): string => b.backend.backend.Kind.Balancer.discovery.Kind.Dst.path;

describe('linkerd diagnostics policy svc: GRPCRoutes', () => {
  const grpc = route('GRPCRoute', 'web-grpc', {rules: [
    {matches: [{method: {service: 'emojivoto.v1.VotingService', method: 'VoteDoughnut'}, headers: [{name: 'X-Canary', value: 'yes'}]}], backendRefs: [{name: 'web-v2', port: 80}]},
    {backendRefs: [{name: 'web-v1', port: 80, weight: 90}, {name: 'web-v2', port: 80, weight: 10}]},
  ]}, {annotations: {'timeout.linkerd.io/response': '2s', 'retry.linkerd.io/grpc': 'unavailable,Deadline-Exceeded', 'retry.linkerd.io/limit': '3'}});

  it('a port without appProtocol carries the gRPC protocol: each rule\'s rpc and header matches, its backends at random by weight', () => {
    const answer = json(LINE, [...backends, grpc]);
    expect(kindOf(answer)).toEqual(['Grpc']);
    const [first, second] = answer.protocol.Kind.Grpc.routes[0].rules as Json[];
    expect(first!.matches).toEqual([{rpc: {service: 'emojivoto.v1.VotingService', method: 'VoteDoughnut'}, headers: [{name: 'x-canary', Value: {Exact: 'eWVz'}}]}]);
    expect(second!.matches).toBeUndefined();
    expect(second!.backends.Kind.RandomAvailable.backends.map((b: Json) => [balancerPath(b), b.weight])).toEqual([['web-v1.emojivoto.svc.cluster.local:80', 90], ['web-v2.emojivoto.svc.cluster.local:80', 10]]);
  });

  it('timeouts and retries come from the route\'s annotations: gRPC status names as flags (the proto\'s own spelling `deadine_exceeded`)', () => {
    const rule = json(LINE, [...backends, grpc]).protocol.Kind.Grpc.routes[0].rules[0];
    expect(rule.timeouts).toEqual({response: {seconds: 2}});
    expect(rule.retry).toEqual({max_retries: 3, max_request_bytes: 65536, conditions: {deadine_exceeded: true, unavailable: true}, backoff: {min_backoff: {nanos: 25000000}, max_backoff: {nanos: 250000000}, jitter_ratio: 1}});
  });

  it('a rule\'s own timeouts are not read for a GRPCRoute; a rule without backends goes to the Service, whose failure accrual the protocol carries', () => {
    const plain = route('GRPCRoute', 'web-grpc', {rules: [{timeouts: {request: '5s'}}]});
    const answer = json(LINE, [service('web-svc', {'balancer.linkerd.io/failure-accrual': 'consecutive'}), plain]);
    const rule = answer.protocol.Kind.Grpc.routes[0].rules[0];
    expect(rule.timeouts).toEqual({});
    expect(balancerPath({backend: rule.backends.Kind.FirstAvailable.backends[0]})).toBe('web-svc.emojivoto.svc.cluster.local:80');
    expect(answer.protocol.Kind.Grpc.failure_accrual.Kind.ConsecutiveFailures.max_failures).toBe(7);
  });

  it('a request header modifier is a gRPC filter; a response header modifier has no gRPC kind and is sent empty (a nil oneof: `Kind: null`)', () => {
    const filtered = route('GRPCRoute', 'web-grpc', {rules: [{filters: [
      {type: 'RequestHeaderModifier', requestHeaderModifier: {set: [{name: 'X-Env', value: 'canary'}], remove: ['X-Debug']}},
      {type: 'ResponseHeaderModifier', responseHeaderModifier: {add: [{name: 'x-served-by', value: 'web'}]}},
    ]}]});
    const filters = json(LINE, [service('web-svc'), filtered]).protocol.Kind.Grpc.routes[0].rules[0].filters;
    expect(filters).toEqual([{Kind: {RequestHeaderModifier: {add: {}, set: {headers: [{name: 'x-env', value: 'Y2FuYXJ5'}]}, remove: ['x-debug']}}}, {Kind: null}]);
  });

  it('a method matched by regular expression fails the route\'s conversion: the controller leaves it out', () => {
    const regex = route('GRPCRoute', 'web-grpc', {rules: [{matches: [{method: {type: 'RegularExpression', service: 'emojivoto\\..*'}}]}]});
    expect(kindOf(json(LINE, [service('web-svc'), regex]))).toEqual(['Detect']);
  });
});

describe('linkerd diagnostics policy svc: which protocol wins when several route kinds attach', () => {
  const http = route('HTTPRoute', 'web-http', {});
  const grpc = route('GRPCRoute', 'web-grpc', {rules: [{}]});
  const tls = route('TLSRoute', 'web-tls', {rules: [{backendRefs: [{name: 'web-v1', port: 80}]}]});
  const tcp = (name: string, created: string) => route('TCPRoute', name, {rules: [{backendRefs: [{name: 'web-v1', port: 80}]}]}, {created});

  it('without an appProtocol: GRPCRoutes, then HTTPRoutes (under Detect), then TLSRoutes, then TCPRoutes', () => {
    expect(kindOf(json(LINE, [...backends, http, grpc, tls]))).toEqual(['Grpc']);
    expect(kindOf(json(LINE, [...backends, http, tls]))).toEqual(['Detect']);
    expect(kindOf(json(LINE, [...backends, tls, tcp('web-tcp', '2026-11-26T09:00:00Z')]))).toEqual(['Tls']);
    expect(kindOf(json(LINE, [...backends, tcp('web-tcp', '2026-11-26T09:00:00Z')]))).toEqual(['Opaque']);
  });

  it('an HTTP/1 port ignores GRPCRoutes; an h2c port takes them; an opaque port takes only the oldest TCPRoute', () => {
    const ports = (appProtocol: string) => [service('web-svc', {}, [{port: 80, appProtocol}]), service('web-v1')];
    expect(json(LINE, [...ports('http'), grpc]).protocol.Kind.Http1.routes[0].metadata).toEqual({Kind: {Default: 'http'}});
    expect(kindOf(json(LINE, [...ports('kubernetes.io/h2c'), grpc]))).toEqual(['Grpc']);
    const opaque = json(LINE, [...ports('linkerd.io/opaque'), tcp('web-tcp-new', '2026-11-26T10:00:00Z'), tcp('web-tcp-old', '2026-11-26T09:00:00Z'), tls]).protocol.Kind.Opaque.routes;
    expect(opaque.map((r: Json) => r.metadata.Kind.Resource.name)).toEqual(['web-tcp-old']);
  });

  it('a TCPRoute\'s one rule goes to its backends; an unknown backend is an Invalid filter (no failure injector below HTTP)', () => {
    const broken = route('TCPRoute', 'web-tcp', {rules: [{backendRefs: [{name: 'web-v9', port: 80}]}]});
    const rule = json(LINE, [service('web-svc'), broken]).protocol.Kind.Opaque.routes[0].rules[0];
    expect(rule.backends.Kind.RandomAvailable.backends[0].backend.filters).toEqual([{Kind: {Invalid: {message: 'Service not found web-v9'}}}]);
  });
});

describe('linkerd diagnostics policy svc: a Service reference, read as the outbound index reads each place', () => {
  const tcpRoute = (parentRef: Record<string, unknown>, statusRef: Record<string, unknown>, backendRef: Record<string, unknown> = {name: 'web-v1', port: 80}) => object(GATEWAY, 'TCPRoute', 'emojivoto', 'web-tcp', {
    metadata: {creationTimestamp: '2026-11-26T09:30:00Z'},
    spec: {parentRefs: [{name: 'web-svc', namespace: 'emojivoto', port: 80, ...parentRef}], rules: [{backendRefs: [backendRef]}]},
    status: {parents: [{controllerName: 'linkerd.io/policy-controller', parentRef: {name: 'web-svc', port: 80, ...statusRef}, conditions: [{type: 'Accepted', status: 'True'}]}]},
  });
  const sent = (route: ModelObject): boolean => 'Opaque' in json(LINE, [...backends, route]).protocol.Kind;

  it('a parentRef in the spec is a Service in any ASCII case of group and kind (is_parent_service), but needs its kind', () => {
    expect(sent(tcpRoute({group: 'CORE', kind: 'service'}, {group: 'core', kind: 'Service'}))).toBe(true);
    expect(sent(tcpRoute({group: ''}, {group: 'core', kind: 'Service'}))).toBe(false);
  });

  it('the status\'s parentRef accepts the route only as written by the controller: group "" or core and kind Service, exactly (route_accepted_by_service)', () => {
    expect(sent(tcpRoute({group: '', kind: 'Service'}, {group: '', kind: 'Service'}))).toBe(true);
    expect(sent(tcpRoute({group: '', kind: 'Service'}, {group: 'Core', kind: 'Service'}))).toBe(false);
    expect(sent(tcpRoute({group: '', kind: 'Service'}, {group: 'core', kind: 'service'}))).toBe(false);
  });

  it('a backendRef is a Service in any ASCII case (is_service), its kind defaulting to Service; another kind is an invalid backend', () => {
    const backendOf = (ref: Record<string, unknown>) => json(LINE, [...backends, tcpRoute({group: '', kind: 'Service'}, {group: 'core', kind: 'Service'}, ref)])
      .protocol.Kind.Opaque.routes[0].rules[0].backends.Kind.RandomAvailable.backends[0];
    expect(balancerPath(backendOf({group: 'Core', kind: 'SERVICE', name: 'web-v1', port: 80}))).toBe('web-v1.emojivoto.svc.cluster.local:80');
    expect(balancerPath(backendOf({name: 'web-v1', port: 80}))).toBe('web-v1.emojivoto.svc.cluster.local:80');
    expect(backendOf({group: 'apps', kind: 'Deployment', name: 'web-v1', port: 80}).backend.filters).toEqual([{Kind: {Invalid: {message: 'unsupported backend type apps Deployment'}}}]);
  });
});

describe('linkerd diagnostics policy svc: TLSRoutes', () => {
  it('its hostnames are SNI matches (a wildcard as reversed labels); its one rule balances over the backends', () => {
    const tls = route('TLSRoute', 'web-tls', {hostnames: ['web.example.com', '*.emojivoto.example'], rules: [{backendRefs: [{name: 'web-v1', port: 80}]}]});
    const message = json(LINE, [...backends, tls]).protocol.Kind.Tls.routes[0];
    expect(message.snis).toEqual([{Match: {Exact: 'web.example.com'}}, {Match: {Suffix: {reverse_labels: ['example', 'emojivoto']}}}]);
    expect(balancerPath(message.rules[0].backends.Kind.RandomAvailable.backends[0])).toBe('web-v1.emojivoto.svc.cluster.local:80');
  });

  it('a TLSRoute without exactly one rule fails its conversion and is left out', () => {
    const two = route('TLSRoute', 'web-tls', {rules: [{backendRefs: [{name: 'web-v1', port: 80}]}, {backendRefs: [{name: 'web-v2', port: 80}]}]});
    expect(kindOf(json(LINE, [...backends, two]))).toEqual(['Detect']);
  });
});

describe('linkerd diagnostics policy svc: producer and consumer routes, and the token', () => {
  const producer = route('HTTPRoute', 'web-producer', {}, {created: '2026-11-26T09:00:00Z'});
  const consumer = (namespace: string) => route('HTTPRoute', 'web-consumer', {}, {namespace, created: '2026-11-26T08:00:00Z'});
  const names = (answer: Json): string[] => answer.protocol.Kind.Detect.http1.routes.map((r: Json) => r.metadata.Kind.Resource?.name ?? r.metadata.Kind.Default);

  it('the default token `default:diagnostics` is a client in namespace default: its namespace\'s consumer routes join the producer\'s, by age', () => {
    expect(names(json(LINE, [service('web-svc'), producer, consumer('default')]))).toEqual(['web-consumer', 'web-producer']);
  });

  it('a consumer route in another namespace is not seen; --token places the client (`ns:name` or JSON with ns and pod)', () => {
    expect(names(json(LINE, [service('web-svc'), producer, consumer('vote-bot')]))).toEqual(['web-producer']);
    expect(names(json(`${LINE} --token vote-bot:vote-bot-5b7f5657f6-xbjjw`, [service('web-svc'), producer, consumer('vote-bot')]))).toEqual(['web-consumer', 'web-producer']);
    expect(names(json(`${LINE} --token '{"ns":"vote-bot","pod":"x"}'`, [service('web-svc'), consumer('vote-bot')]))).toEqual(['web-consumer']);
    expect(names(json(`${LINE} --token vote-bot:x`, [service('web-svc')]))).toEqual(['http']);
  });

  it('a token the controller cannot read is its InvalidArgument error, a gap', () => {
    expect(gap(`${LINE} --token nobody`, modelOf([LINKERD_CONFIG, service('web-svc')], []))).toMatch(/Invalid workload: nobody/);
  });
});

describe('linkerd diagnostics policy svc: hostnames, filters and regex matches of HTTPRoutes', () => {
  const http1Route = (objects: ModelObject[]): Json => json(LINE, objects).protocol.Kind.Detect.http1.routes[0];

  it('hostnames are host matches', () => {
    expect(http1Route([service('web-svc'), route('HTTPRoute', 'web', {hostnames: ['web.emojivoto', '*.example.com']})]).hosts)
      .toEqual([{Match: {Exact: 'web.emojivoto'}}, {Match: {Suffix: {reverse_labels: ['com', 'example']}}}]);
  });

  it('header modifiers and redirects as filters: names lowercased, values as bytes; a redirect\'s status the CRD\'s 302 by default', () => {
    const rule = http1Route([service('web-svc'), route('HTTPRoute', 'web', {rules: [{filters: [
      {type: 'RequestHeaderModifier', requestHeaderModifier: {add: [{name: 'X-Canary', value: 'true'}]}},
      {type: 'ResponseHeaderModifier', responseHeaderModifier: {remove: ['Server']}},
      {type: 'RequestRedirect', requestRedirect: {scheme: 'https', hostname: 'web.example.com', path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2'}}},
    ]}]})]).rules[0];
    expect(rule.filters).toEqual([
      {Kind: {RequestHeaderModifier: {add: {headers: [{name: 'x-canary', value: 'dHJ1ZQ=='}]}, set: {}}}},
      {Kind: {ResponseHeaderModifier: {add: {}, set: {}, remove: ['server']}}},
      {Kind: {Redirect: {scheme: {Type: {Registered: 1}}, host: 'web.example.com', path: {Replace: {Prefix: '/v2'}}, status: 302}}},
    ]);
    expect(Object.keys(rule)).toEqual(['matches', 'filters', 'backends', 'timeouts']);
  });

  it('a policy.linkerd.io HTTPRoute\'s response header modifier is sent as a request header modifier (convert_linkerd_filter in 2.20)', () => {
    const linkerd = route('HTTPRoute', 'web', {rules: [{filters: [{type: 'ResponseHeaderModifier', responseHeaderModifier: {set: [{name: 'x-a', value: 'b'}]}}]}]}, {group: 'policy.linkerd.io'});
    expect(Object.keys(http1Route([service('web-svc'), linkerd]).rules[0].filters[0].Kind)).toEqual(['RequestHeaderModifier']);
  });

  it('a URLRewrite fails the whole route (left out); a backend\'s unsupported filter makes that backend invalid', () => {
    const rewrite = route('HTTPRoute', 'web', {rules: [{filters: [{type: 'URLRewrite', urlRewrite: {path: {type: 'ReplaceFullPath', replaceFullPath: '/'}}}]}]});
    expect(http1Route([service('web-svc'), rewrite]).metadata).toEqual({Kind: {Default: 'http'}});
    const mirror = route('HTTPRoute', 'web', {rules: [{backendRefs: [{name: 'web-v1', port: 80, filters: [{type: 'RequestMirror', requestMirror: {backendRef: {name: 'web-v2', port: 80}}}]}]}]});
    const backend = http1Route([...backends, mirror]).rules[0].backends.Kind.RandomAvailable.backends[0].backend;
    expect(backend.filters).toEqual([{Kind: {FailureInjector: {status: 500, message: 'unsupported backend filter: RequestMirror filter is not supported'}}}]);
    expect(backend.backend.metadata).toEqual({Kind: {Default: 'invalid'}});
  });

  it('regular expressions for paths, headers and query parameters are sent as text; one that does not compile drops the route', () => {
    const regex = route('HTTPRoute', 'web', {rules: [{matches: [{path: {type: 'RegularExpression', value: '/api/v[0-9]+/.*'}, headers: [{type: 'RegularExpression', name: 'X-User', value: 'j.*'}], queryParams: [{type: 'RegularExpression', name: 'Page', value: '\\d+'}]}]}]});
    expect(http1Route([service('web-svc'), regex]).rules[0].matches).toEqual([{path: {Kind: {Regex: '/api/v[0-9]+/.*'}}, headers: [{name: 'x-user', Value: {Regex: 'j.*'}}], query_params: [{name: 'Page', Value: {Regex: '\\d+'}}]}]);
    const broken = route('HTTPRoute', 'web', {rules: [{matches: [{path: {type: 'RegularExpression', value: '/api/(v1'}}]}]});
    expect(http1Route([service('web-svc'), broken]).metadata).toEqual({Kind: {Default: 'http'}});
  });

  it('a policy.linkerd.io HTTPRoute\'s rule timeout is Go\'s duration syntax (1m30s); a Gateway API one is read as the annotations are', () => {
    const timeout = (group: string) => http1Route([service('web-svc'), route('HTTPRoute', 'web', {rules: [{timeouts: {request: '1m30s'}}]}, {group})]).rules[0].timeouts;
    expect(timeout('policy.linkerd.io')).toEqual({request: {seconds: 90}});
    expect(timeout(GATEWAY)).toEqual({});
  });

  it('an annotation the route\'s parser refuses fails the route; on the Service the same value only falls back to the default', () => {
    const annotated = route('HTTPRoute', 'web', {}, {annotations: {'retry.linkerd.io/http': '5xx, 429'}});
    expect(http1Route([service('web-svc'), annotated]).metadata).toEqual({Kind: {Default: 'http'}});
    expect(http1Route([service('web-svc', {'retry.linkerd.io/http': '5xx, 429'})]).rules[0].retry).toBeUndefined();
  });
});
