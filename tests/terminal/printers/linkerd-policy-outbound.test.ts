/**
 * `linkerd diagnostics policy svc/NAME PORT`: the policy controller's OutboundPolicies.Get answer for
 * `NAME.NS.svc:PORT`, computed as linkerd2 version-2.20's policy-controller/k8s/index/src/outbound
 * indexes Services and HTTPRoutes, built as grpc/src/outbound.rs to_proto and outbound/http.rs build
 * it, printed as encoding/json then sigs.k8s.io/yaml print linkerd2-proxy-api v0.20.0's Go structs.
 */
import {describe, expect, it} from 'vitest';
import {modelOf, sessionModels} from './linkerd-support';
import {gap, LINKERD_CONFIG, object, outboundJson as json, policy, service, type Json} from './linkerd-policy-support';
import type {ModelObject} from '../../../src/terminal/printers/model';

const LINE = 'linkerd diagnostics policy -n emojivoto svc/web-svc 80';

/** The first HTTP/1 route's first rule of a detecting Service. */
const http1Rule = (answer: Json): Json => answer.protocol.Kind.Detect.http1.routes[0].rules[0];

describe('linkerd diagnostics policy svc: a Service without routes', () => {
  const models = sessionModels('linkerd-403');
  const reviews = 'linkerd diagnostics policy -n bookinfo svc/reviews 9080';

  it('detects the protocol for 10 s: an opaque route and HTTP/1 and HTTP/2 default routes, each to a P2C balancer over the Service\'s authority', () => {
    const text = policy(reviews, models.denied!);
    expect(text.startsWith(['metadata:', '  Kind:', '    Resource:', '      group: core', '      kind: Service', '      name: reviews', '      namespace: bookinfo', '      port: 9080',
      'protocol:', '  Kind:', '    Detect:', '      http1:', '        routes:', '        - metadata:', '            Kind:', '              Default: http', '          rules:', '          - backends:'].join('\n'))).toBe(true);
    expect(text).toContain(['                  - backend:', '                      Kind:', '                        Balancer:', '                          Load:', '                            PeakEwma:',
      '                              decay:', '                                seconds: 10', '                              default_rtt:', '                                nanos: 30000000',
      '                          discovery:', '                            Kind:', '                              Dst:', '                                path: reviews.bookinfo.svc.cluster.local:9080'].join('\n'));
    expect(text).toContain(['                      queue:', '                        capacity: 100', '                        failfast_timeout:', '                          seconds: 3', '            matches:', '            - path:', '                Kind:', '                  Prefix: /', '            timeouts: {}'].join('\n'));
    expect(text).toContain('      opaque:\n        routes:\n        - metadata:\n            Kind:\n              Default: opaq\n');
    expect(text.endsWith('      timeout:\n        seconds: 10\n')).toBe(true);
  });

  it('-o json keeps the Go structs\' field order: protocol before metadata, then timeout, opaque, http1, http2', () => {
    const text = policy(`${reviews} -o json`, models.denied!);
    expect(text.endsWith('\n')).toBe(false);
    const answer = JSON.parse(text) as Json;
    expect(Object.keys(answer)).toEqual(['protocol', 'metadata']);
    expect(Object.keys(answer.protocol.Kind.Detect)).toEqual(['timeout', 'opaque', 'http1', 'http2']);
    expect(Object.keys(http1Rule(answer))).toEqual(['matches', 'backends', 'timeouts']);
    expect(Object.keys(http1Rule(answer).backends.Kind.FirstAvailable.backends[0].backend)).toEqual(['metadata', 'Kind', 'queue']);
  });

  it('a Service the model lacks in a namespace whose Services it keeps is answered from defaults; an untracked namespace is a gap', () => {
    const missing = json('linkerd diagnostics policy -n emojivoto svc/nowhere 80', [service('web-svc')]);
    expect(http1Rule(missing).backends.Kind.FirstAvailable.backends[0].backend.Kind.Balancer.discovery.Kind.Dst.path).toBe('nowhere.emojivoto.svc.cluster.local:80');
    expect(gap('linkerd diagnostics policy -n elsewhere svc/web-svc 80', {...modelOf([LINKERD_CONFIG, service('web-svc')], []), held: ['/Service/emojivoto']})).toMatch(/does not keep track of namespace elsewhere's Services/);
  });
});

describe('linkerd diagnostics policy svc: the Service\'s annotations and ports', () => {
  it('timeout.linkerd.io sets the rule\'s timeouts (and requestTimeout for older proxies); one unparsable value drops them all', () => {
    const rule = http1Rule(json(LINE, [service('web-svc', {'timeout.linkerd.io/request': '5s', 'timeout.linkerd.io/response': '1500ms'})]));
    expect(rule.requestTimeout).toEqual({seconds: 5});
    expect(rule.timeouts).toEqual({response: {seconds: 1, nanos: 500000000}, request: {seconds: 5}});
    const dropped = http1Rule(json(LINE, [service('web-svc', {'timeout.linkerd.io/request': '5s', 'timeout.linkerd.io/idle': '1.5s'})]));
    expect(dropped.requestTimeout).toBeUndefined();
    expect(dropped.timeouts).toEqual({});
  });

  it('retry.linkerd.io: limit, timeout and status ranges, retried with 64 KiB of body and a 25 to 250 ms backoff', () => {
    const rule = http1Rule(json(LINE, [service('web-svc', {'retry.linkerd.io/http': '5xx,429,gateway-error', 'retry.linkerd.io/limit': '3', 'retry.linkerd.io/timeout': '300ms'})]));
    expect(rule.retry).toEqual({max_retries: 3, max_request_bytes: 65536, conditions: {status_ranges: [{start: 500, end: 599}, {start: 429, end: 429}, {start: 502, end: 504}]},
      timeout: {nanos: 300000000}, backoff: {min_backoff: {nanos: 25000000}, max_backoff: {nanos: 250000000}, jitter_ratio: 1}});
    // Only a timeout: one retry, no conditions (an empty Conditions message). A space after a comma is an invalid condition: no retry.
    expect(http1Rule(json(LINE, [service('web-svc', {'retry.linkerd.io/timeout': '1s'})])).retry).toEqual({max_retries: 1, max_request_bytes: 65536, conditions: {}, timeout: {seconds: 1}, backoff: {min_backoff: {nanos: 25000000}, max_backoff: {nanos: 250000000}, jitter_ratio: 1}});
    expect(http1Rule(json(LINE, [service('web-svc', {'retry.linkerd.io/http': '5xx, 429'})])).retry).toBeUndefined();
  });

  it('balancer.linkerd.io/failure-accrual: consecutive failures with the defaults (7; 1 s to 60 s; jitter 0.5) on both HTTP protocols', () => {
    const detect = json(LINE, [service('web-svc', {'balancer.linkerd.io/failure-accrual': 'consecutive'})]).protocol.Kind.Detect;
    const expected = {Kind: {ConsecutiveFailures: {max_failures: 7, backoff: {min_backoff: {seconds: 1}, max_backoff: {seconds: 60}, jitter_ratio: 0.5}}}};
    expect(detect.http1.failure_accrual).toEqual(expected);
    expect(detect.http2.failure_accrual).toEqual(expected);
    const text = policy(LINE, modelOf([LINKERD_CONFIG, service('web-svc', {'balancer.linkerd.io/failure-accrual': 'consecutive', 'balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio': '0.1'})], []));
    // A float32 as encoding/json writes it: the shortest decimal that reads back the same.
    expect(text).toContain('jitter_ratio: 0.1\n');
  });

  it('unified accrual adds the success-rate breaker; an unknown mode, or penalties out of order, is no accrual', () => {
    const unified = json(LINE, [service('web-svc', {'balancer.linkerd.io/failure-accrual': 'unified', 'balancer.alpha.linkerd.io/failure-accrual-honor-retry-after': 'true'})]);
    expect(unified.protocol.Kind.Detect.http1.failure_accrual).toEqual({Kind: {Unified: {success_rate_threshold: 0.8, decay: {seconds: 10}, min_requests: 5, max_consecutive_failures: 7,
      backoff: {min_backoff: {seconds: 1}, max_backoff: {seconds: 60}, jitter_ratio: 0.5, respect_retry_after_hint: true}}}});
    expect(json(LINE, [service('web-svc', {'balancer.linkerd.io/failure-accrual': 'sometimes'})]).protocol.Kind.Detect.http1.failure_accrual).toBeUndefined();
    expect(json(LINE, [service('web-svc', {'balancer.linkerd.io/failure-accrual': 'consecutive', 'balancer.linkerd.io/failure-accrual-consecutive-min-penalty': '2m'})]).protocol.Kind.Detect.http1.failure_accrual).toBeUndefined();
  });

  it('the port\'s appProtocol picks one protocol: http is HTTP/1 only, kubernetes.io/h2c HTTP/2 only; an opaque port is the opaque route alone', () => {
    expect(Object.keys(json(LINE, [service('web-svc', {}, [{port: 80, appProtocol: 'http'}])]).protocol.Kind)).toEqual(['Http1']);
    expect(Object.keys(json(LINE, [service('web-svc', {}, [{port: 80, appProtocol: 'kubernetes.io/h2c'}])]).protocol.Kind)).toEqual(['Http2']);
    const opaque = json(LINE, [service('web-svc', {'config.linkerd.io/opaque-ports': '80'})]).protocol.Kind;
    expect(Object.keys(opaque)).toEqual(['Opaque']);
    expect(opaque.Opaque.routes[0].metadata).toEqual({Kind: {Default: 'opaq'}});
    // The chart's default opaque ports (MySQL's 3306 among them) apply to a Service without the annotation.
    expect(Object.keys(json('linkerd diagnostics policy -n emojivoto svc/db 3306', [service('db', {}, [{port: 3306}])]).protocol.Kind)).toEqual(['Opaque']);
  });

});

describe('linkerd diagnostics policy svc: the load biaser (balancer.alpha.linkerd.io/penalize-failures)', () => {
  const PENALIZE = {'balancer.alpha.linkerd.io/penalize-failures': 'true'};
  const ownLoad = (answer: Json): Json => http1Rule(answer).backends.Kind.FirstAvailable.backends[0].backend.Kind.Balancer.Load;

  it('makes the Service\'s balancer PenaltyPeakEwma (service_balancer_config): the 5 s penalty, the 300 s Retry-After cap and the fixed 10 s penalty decay, in the proto\'s field order', () => {
    const load = ownLoad(json(LINE, [service('web-svc', PENALIZE)]));
    expect(load).toEqual({PenaltyPeakEwma: {default_rtt: {nanos: 30000000}, decay: {seconds: 10}, penalty: {seconds: 5}, max_retry_after: {seconds: 300}, penalty_decay: {seconds: 10}}});
    expect(Object.keys(load.PenaltyPeakEwma)).toEqual(['default_rtt', 'decay', 'penalty', 'max_retry_after', 'penalty_decay']);
    // Without it, plain PeakEwma; Detect's opaque route shares the Service's own backend.
    expect(ownLoad(json(LINE, [service('web-svc')]))).toEqual({PeakEwma: {default_rtt: {nanos: 30000000}, decay: {seconds: 10}}});
    const opaque = json(LINE, [service('web-svc', PENALIZE)]).protocol.Kind.Detect.opaque.routes[0].rules[0].backends.Kind.FirstAvailable.backends[0].backend;
    expect(Object.keys(opaque.Kind.Balancer.Load)).toEqual(['PenaltyPeakEwma']);
  });

  it('reads the penalty and the cap as parse_duration does; a value it refuses leaves the Service without the biaser', () => {
    const tuned = ownLoad(json(LINE, [service('web-svc', {...PENALIZE, 'balancer.alpha.linkerd.io/load-biaser-penalty': '250ms', 'balancer.alpha.linkerd.io/load-biaser-max-retry-after': '1m'})]));
    expect(tuned.PenaltyPeakEwma.penalty).toEqual({nanos: 250000000});
    expect(tuned.PenaltyPeakEwma.max_retry_after).toEqual({seconds: 60});
    for (const annotations of [{...PENALIZE, 'balancer.alpha.linkerd.io/load-biaser-penalty': '1.5s'}, {...PENALIZE, 'balancer.alpha.linkerd.io/load-biaser-penalty': '50d'}, {'balancer.alpha.linkerd.io/penalize-failures': 'yes'}]) {
      expect(Object.keys(ownLoad(json(LINE, [service('web-svc', annotations)]))), JSON.stringify(annotations)).toEqual(['PeakEwma']);
    }
  });

  it('an explicitly opaque port keeps the plain estimator (default_backend)', () => {
    const answer = json('linkerd diagnostics policy -n emojivoto svc/db 3306', [service('db', PENALIZE, [{port: 3306}])]);
    const backend = answer.protocol.Kind.Opaque.routes[0].rules[0].backends.Kind.FirstAvailable.backends[0].backend;
    expect(Object.keys(backend.Kind.Balancer.Load)).toEqual(['PeakEwma']);
  });

  it('an HTTPRoute\'s Service backends take the parent Service\'s estimator (http.rs convert_backend: load: *load)', () => {
    const accepted = {parents: [{controllerName: 'linkerd.io/policy-controller', parentRef: {kind: 'Service', group: 'core', name: 'web-svc', port: 80}, conditions: [{type: 'Accepted', status: 'True'}]}]};
    const canary = object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'web-canary', {metadata: {creationTimestamp: '2026-11-26T09:30:00Z'},
      spec: {parentRefs: [{kind: 'Service', group: '', name: 'web-svc', port: 80}], rules: [{backendRefs: [{name: 'web-v1', port: 80}]}]}, status: accepted});
    const answer = json(LINE, [service('web-svc', PENALIZE), service('web-v1'), canary]);
    const backend = answer.protocol.Kind.Detect.http1.routes[0].rules[0].backends.Kind.RandomAvailable.backends[0].backend.backend;
    expect(Object.keys(backend.Kind.Balancer.Load)).toEqual(['PenaltyPeakEwma']);
  });

  // linkerd2 version-2.20 policy-test/tests/outbound_api_http.rs: load bias is parent-scoped.
  it('as policy-test asserts: the annotated parent lends its default estimator (5 s penalty, 10 s decay, 300 s cap); a backend\'s own annotation under an unannotated parent selects nothing', () => {
    const accepted = {parents: [{controllerName: 'linkerd.io/policy-controller', parentRef: {kind: 'Service', group: 'core', name: 'web-svc', port: 80}, conditions: [{type: 'Accepted', status: 'True'}]}]};
    const canary = object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'web-canary', {metadata: {creationTimestamp: '2026-11-26T09:30:00Z'},
      spec: {parentRefs: [{kind: 'Service', group: '', name: 'web-svc', port: 80}], rules: [{backendRefs: [{name: 'web-v1', port: 80}]}]}, status: accepted});
    const routeLoad = (parent: Record<string, string>, backend: Record<string, string>): Json =>
      json(LINE, [service('web-svc', parent), service('web-v1', backend), canary]).protocol.Kind.Detect.http1.routes[0].rules[0].backends.Kind.RandomAvailable.backends[0].backend.backend.Kind.Balancer.Load;
    // http_penalize_failures_annotated_parent_unannotated_backend: assert_default_penalty_estimator, assert_default_retry_after_cap.
    expect(routeLoad(PENALIZE, {}).PenaltyPeakEwma).toMatchObject({penalty: {seconds: 5}, penalty_decay: {seconds: 10}, max_retry_after: {seconds: 300}});
    // http_penalize_failures_unannotated_parent_annotated_backend: load_bias.is_none().
    expect(Object.keys(routeLoad({}, PENALIZE))).toEqual(['PeakEwma']);
  });
});

describe('linkerd diagnostics policy svc: HTTPRoutes on the Service', () => {
  const accepted = {parents: [{controllerName: 'linkerd.io/policy-controller', parentRef: {kind: 'Service', group: 'core', name: 'web-svc', port: 80}, conditions: [{type: 'Accepted', status: 'True'}]}]};
  const route = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> | undefined = accepted, annotations: Record<string, string> = {}): ModelObject =>
    object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', name, {metadata: {creationTimestamp: '2026-11-26T09:30:00Z', annotations}, spec: {parentRefs: [{kind: 'Service', group: '', name: 'web-svc', port: 80}], ...spec}, ...(status ? {status} : {})});
  const split = route('web-canary', {rules: [{backendRefs: [{name: 'web-v1', port: 80, weight: 80}, {name: 'web-v2', port: 80, weight: 20}]}]});

  it('an accepted route replaces the default: its rules (the CRD\'s default match, every path), weighted backends at random', () => {
    const answer = json(LINE, [service('web-svc'), service('web-v1'), service('web-v2'), split]);
    const routes = answer.protocol.Kind.Detect.http1.routes;
    expect(routes).toHaveLength(1);
    expect(routes[0].metadata).toEqual({Kind: {Resource: {group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web-canary', namespace: 'emojivoto'}}});
    const rule = routes[0].rules[0];
    expect(rule.matches).toEqual([{path: {Kind: {Prefix: '/'}}}]);
    const backends = rule.backends.Kind.RandomAvailable.backends;
    expect(backends.map((b: Json) => [b.backend.backend.Kind.Balancer.discovery.Kind.Dst.path, b.weight])).toEqual([['web-v1.emojivoto.svc.cluster.local:80', 80], ['web-v2.emojivoto.svc.cluster.local:80', 20]]);
  });

  it('a backend Service the controller does not know is a 500 failure injector; a backend without a port is invalid', () => {
    const answer = json(LINE, [service('web-svc'), service('web-v1'), route('web-canary', {rules: [{backendRefs: [{name: 'web-v1', port: 80, weight: 80}, {name: 'web-v3', port: 80, weight: 20}, {name: 'web-v1'}]}]})]);
    const [, missing, portless] = answer.protocol.Kind.Detect.http1.routes[0].rules[0].backends.Kind.RandomAvailable.backends as Json[];
    // A Backend without a kind: its oneof is a nil interface, which encoding/json writes as null.
    expect(missing).toEqual({backend: {backend: {metadata: {Kind: {Resource: {group: 'core', kind: 'Service', name: 'web-v3', namespace: 'emojivoto', port: 80}}}, Kind: null, queue: {capacity: 100, failfast_timeout: {seconds: 3}}},
      filters: [{Kind: {FailureInjector: {status: 500, message: 'Service not found web-v3'}}}]}, weight: 20});
    expect(portless.backend.filters[0].Kind.FailureInjector.message).toBe('missing port for backend Service web-v1');
    expect(portless.backend.backend.metadata).toEqual({Kind: {Default: 'invalid'}});
  });

  it('matches as the proxy receives them: a header\'s exact value in base64 (bytes), its name lowercased; a method as the registered enum', () => {
    const answer = json(LINE, [service('web-svc'), route('web-test', {rules: [{matches: [{headers: [{name: 'X-User', value: 'jason'}], method: 'POST', path: {type: 'Exact', value: '/vote'}}]}]})]);
    expect(answer.protocol.Kind.Detect.http1.routes[0].rules[0].matches).toEqual([{path: {Kind: {Exact: '/vote'}}, headers: [{name: 'x-user', Value: {Exact: 'amFzb24='}}], method: {Type: {Registered: 1}}}]);
  });

  it('a rule without backends goes to the Service itself; the rule\'s request timeout applies when the route\'s annotations set none', () => {
    const rule = json(LINE, [service('web-svc', {'retry.linkerd.io/limit': '2'}), route('web-slow', {rules: [{timeouts: {request: '2s'}}]})]).protocol.Kind.Detect.http1.routes[0].rules[0];
    expect(rule.backends.Kind.FirstAvailable.backends[0].backend.Kind.Balancer.discovery.Kind.Dst.path).toBe('web-svc.emojivoto.svc.cluster.local:80');
    expect(rule.timeouts).toEqual({request: {seconds: 2}});
    // The route sets no retry: the Service's applies.
    expect(rule.retry.max_retries).toBe(2);
  });

  it('routes are ordered by creation time then name; one the Service did not accept is left out', () => {
    const older = object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'web-z', {metadata: {creationTimestamp: '2026-11-26T09:00:00Z'}, spec: {parentRefs: [{kind: 'Service', group: 'core', name: 'web-svc'}], rules: [{}]}, status: accepted});
    const rejected = route('web-rejected', {}, {parents: [{parentRef: {kind: 'Service', group: 'core', name: 'web-svc'}, conditions: [{type: 'Accepted', status: 'False'}]}]});
    const names = json(LINE, [service('web-svc'), split, older, rejected, service('web-v1'), service('web-v2')]).protocol.Kind.Detect.http1.routes.map((r: Json) => r.metadata.Kind.Resource.name);
    expect(names).toEqual(['web-z', 'web-canary']);
  });

  it('a parentRef without a group is not the Service: the CRDs default its group to gateway.networking.k8s.io', () => {
    const ungrouped = object('gateway.networking.k8s.io', 'HTTPRoute', 'emojivoto', 'web-z', {spec: {parentRefs: [{kind: 'Service', name: 'web-svc'}]}, status: accepted});
    expect(json(LINE, [service('web-svc'), ungrouped]).protocol.Kind.Detect.http1.routes[0].metadata).toEqual({Kind: {Default: 'http'}});
  });

  it('what the model does not decide is a gap: a route without a status', () => {
    expect(gap(LINE, modelOf([LINKERD_CONFIG, service('web-svc'), route('web-canary', {}, null as unknown as undefined)], []))).toMatch(/holds no status/);
  });

  describe('EgressNetwork backends', () => {
    // A named lookup's parent is the Service: http.rs convert_backend makes any EgressNetwork backend invalid there,
    // with egress_net_meta (the backend's port; the original destination's, which a named lookup lacks, else 0).
    const egressNetwork = object('policy.linkerd.io', 'EgressNetwork', 'emojivoto', 'internet', {spec: {trafficPolicy: 'Allow'}});
    const egressRoute = route('web-egress', {rules: [{backendRefs: [{group: 'policy.linkerd.io', kind: 'EgressNetwork', name: 'internet', port: 443, weight: 3}, {group: 'policy.linkerd.io', kind: 'egressnetwork', name: 'elsewhere'}]}]});
    const backendsOf = (objects: ModelObject[]): Json[] => json(LINE, [service('web-svc'), ...objects]).protocol.Kind.Detect.http1.routes[0].rules[0].backends.Kind.RandomAvailable.backends;

    it('an existing one is a 500 failure injector: EgressNetwork backends attach to EgressNetwork parents only', () => {
      const [existing] = backendsOf([egressNetwork, egressRoute]);
      expect(existing).toEqual({backend: {backend: {metadata: {Kind: {Resource: {group: 'policy.linkerd.io', kind: 'EgressNetwork', name: 'internet', namespace: 'emojivoto', port: 443}}}, Kind: null, queue: {capacity: 100, failfast_timeout: {seconds: 3}}},
        filters: [{Kind: {FailureInjector: {status: 500, message: 'EgressNetwork backends attach to EgressNetwork parents only'}}}]}, weight: 3});
    });

    it('a missing one (the kind read case-insensitively) is "EgressNetwork not found NAME", without a port', () => {
      const [, missing] = backendsOf([egressNetwork, egressRoute]);
      expect(missing.backend.filters).toEqual([{Kind: {FailureInjector: {status: 500, message: 'EgressNetwork not found elsewhere'}}}]);
      expect(missing.backend.backend.metadata.Kind.Resource).toEqual({group: 'policy.linkerd.io', kind: 'EgressNetwork', name: 'elsewhere', namespace: 'emojivoto'});
    });

    it('beside a Service backend, each keeps its weight in one RandomAvailable: the Service a balancer, the EgressNetwork the 500 injector', () => {
      const mixed = route('web-split', {rules: [{backendRefs: [{name: 'web-svc', port: 80, weight: 80}, {group: 'policy.linkerd.io', kind: 'EgressNetwork', name: 'internet', weight: 20}]}]});
      const [serviceBackend, egressBackend] = backendsOf([egressNetwork, mixed]);
      expect(serviceBackend.weight).toBe(80);
      expect(serviceBackend.backend.backend.Kind.Balancer.discovery.Kind.Dst.path).toBe('web-svc.emojivoto.svc.cluster.local:80');
      expect(serviceBackend.backend.filters).toBeUndefined();
      expect(egressBackend).toMatchObject({weight: 20, backend: {filters: [{Kind: {FailureInjector: {status: 500, message: 'EgressNetwork backends attach to EgressNetwork parents only'}}}]}});
    });

    it('whether it exists in a namespace the model does not track is a gap', () => {
      const model = {...modelOf([LINKERD_CONFIG, service('web-svc'), egressRoute], []), held: ['/Service/emojivoto', 'gateway.networking.k8s.io/HTTPRoute/emojivoto']};
      expect(gap(LINE, model)).toMatch(/does not keep track of namespace emojivoto's EgressNetworks/);
    });
  });
});
