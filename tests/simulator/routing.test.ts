/** VirtualService selection, precedence, destinations, subsets and route actions. */
import {describe, expect, it} from 'vitest';
import {labResources, reviewsVs, route, sharesBySubset} from './helpers';

const catchAll = (subset: string): string => `    - route:\n      - destination: {host: reviews, subset: ${subset}}\n`;

describe('precedence and destinations', () => {
  it('takes the first matching route, even when a later one is more specific', () => {
    const yaml = reviewsVs(`    - match:\n      - uri: {prefix: /}\n      route:\n      - destination: {host: reviews, subset: v1}\n    - match:\n      - uri: {exact: /reviews/1}\n      route:\n      - destination: {host: reviews, subset: v2}\n`);
    const decision = route({yaml, request: 'GET http://reviews:9080/reviews/1'});
    expect(decision.route?.index).toBe(0);
    expect(sharesBySubset(decision)).toEqual({v1: 1});
  });

  it('answers 404 NR when no route matches', () => {
    const yaml = reviewsVs(`    - match:\n      - headers: {end-user: {exact: jason}}\n      route:\n      - destination: {host: reviews, subset: v2}\n`);
    const decision = route({yaml, request: 'GET http://reviews:9080/'});
    expect(decision).toMatchObject({outcome: 'no-route', status: 404, flags: 'NR', distribution: [{share: 1, status: 404, flags: 'NR'}]});
  });

  it.each([
    {weights: [50, 50], expected: {v1: 0.5, v3: 0.5}},
    {weights: [80, 20], expected: {v1: 0.8, v3: 0.2}},
    {weights: [2, 1], expected: {v1: 2 / 3, v3: 1 / 3}},
    {weights: [1, 0], expected: {v1: 1}},
    {weights: [0, 7], expected: {v3: 1}},
  ])('splits by relative weights $weights', ({weights, expected}) => {
    const yaml = reviewsVs(`    - route:\n      - destination: {host: reviews, subset: v1}\n        weight: ${weights[0]}\n      - destination: {host: reviews, subset: v3}\n        weight: ${weights[1]}\n`);
    const shares = sharesBySubset(route({yaml, request: 'GET http://reviews:9080/'}));
    expect(Object.keys(shares).sort()).toEqual(Object.keys(expected).sort());
    for (const [subset, share] of Object.entries(expected)) expect(shares[subset]).toBeCloseTo(share, 12);
  });

  it('gives a single destination all traffic whatever its weight', () => {
    const yaml = reviewsVs(`    - route:\n      - destination: {host: reviews, subset: v2}\n        weight: 10\n`);
    const decision = route({yaml, request: 'GET http://reviews:9080/'});
    expect(decision.destinations).toMatchObject([{subset: 'v2', share: 1, weight: undefined, cluster: 'outbound|9080|v2|reviews.default.svc.cluster.local'}]);
  });

  it('selects the pods of the subset: Service selector ∩ subset labels, × replicas', () => {
    const context = labResources('reviews').map((r) => {
      const resource = r as {kind: string; metadata: {name: string}; spec: {replicas?: number}};
      return resource.kind === 'Deployment' && resource.metadata.name === 'reviews-v2' ? {...resource, spec: {...resource.spec, replicas: 3}} : resource;
    });
    const decision = route({context, yaml: reviewsVs(catchAll('v2')), request: 'GET http://reviews:9080/'});
    expect(decision.destinations[0]!.pods).toHaveLength(3);
    for (const pod of decision.destinations[0]!.pods) expect(pod).toMatch(/^reviews-v2-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(decision.distribution.map((e) => e.share)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('answers 503 NC for a subset no DestinationRule defines', () => {
    const decision = route({yaml: reviewsVs(catchAll('v7')), request: 'GET http://reviews:9080/'});
    expect(decision).toMatchObject({status: 503, flags: 'NC', destinations: [{subset: 'v7', status: 503, flags: 'NC', problem: 'subset v7 is not defined'}]});
    expect(decision.trace.map((s) => s.message).join('\n')).toContain('DestinationRule default/reviews has no subset v7');
  });

  it('answers 503 NC for a subset when no DestinationRule exists for the host', () => {
    const context = labResources('reviews').filter((r) => (r as {kind: string}).kind !== 'DestinationRule');
    const decision = route({context, yaml: reviewsVs(catchAll('v1')), request: 'GET http://reviews:9080/'});
    expect(decision).toMatchObject({status: 503, flags: 'NC'});
    expect(decision.trace.map((s) => s.message).join('\n')).toContain('no DestinationRule for reviews.default.svc.cluster.local is visible to default');
  });

  it('answers 503 UH for a subset that selects no pod', () => {
    const yaml = `${reviewsVs(catchAll('v4'))}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v4, labels: {version: v4}}
`;
    const decision = route({yaml, request: 'GET http://reviews:9080/'});
    expect(decision).toMatchObject({status: 503, flags: 'UH', destinations: [{subset: 'v4', pods: [], status: 503, flags: 'UH'}]});
    expect(decision.trace.find((s) => s.message.includes('503 UH'))?.at).toEqual({file: 0, document: 1, pointer: '/spec/subsets/1'});
  });

  it('answers 503 NC for a destination host that does not exist', () => {
    const yaml = reviewsVs(`    - route:\n      - destination: {host: reveiws}\n`);
    expect(route({yaml, request: 'GET http://reviews:9080/'})).toMatchObject({status: 503, flags: 'NC', destinations: [{host: 'reveiws.default.svc.cluster.local'}]});
  });

  it('mixes outcomes by share when one weighted destination fails', () => {
    const yaml = reviewsVs(`    - route:\n      - destination: {host: reviews, subset: v1}\n        weight: 75\n      - destination: {host: reviews, subset: v9}\n        weight: 25\n`);
    const decision = route({yaml, request: 'GET http://reviews:9080/'});
    expect(sharesBySubset(decision)).toEqual({v1: 0.75, '503 NC': 0.25});
    expect(decision.status).toBe(200);
  });

  it('uses the default route (all pods of the Service) without a VirtualService', () => {
    const decision = route({yaml: '', request: 'GET http://reviews:9080/'});
    expect(decision.outcome).toBe('routed');
    expect(decision.destinations).toMatchObject([{host: 'reviews.default.svc.cluster.local', subset: undefined, share: 1}]);
    expect(decision.distribution).toHaveLength(3);
  });

  it('passes through a host the mesh does not know', () => {
    expect(route({yaml: '', request: 'GET http://example.org/'})).toMatchObject({outcome: 'passthrough', status: null});
  });

  it('reports a port the Service does not listen on', () => {
    expect(route({yaml: reviewsVs(catchAll('v1')), request: 'GET http://reviews:80/'})).toMatchObject({outcome: 'unreachable', status: null});
  });

  it('points at the chosen route, match and destination with JSON pointers', () => {
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated}\n---\n${reviewsVs(`    - match:\n      - uri: {prefix: /a}\n      - uri: {prefix: /b}\n      route:\n      - destination: {host: reviews, subset: v2}\n${catchAll('v1')}`)}`;
    const decision = route({yaml, request: 'GET http://reviews:9080/b'});
    expect(decision.route).toMatchObject({index: 0, matchIndex: 1, at: {file: 0, document: 1, pointer: '/spec/http/0'}, matchAt: {pointer: '/spec/http/0/match/1'}});
    expect(decision.destinations[0]!.at).toEqual({file: 0, document: 1, pointer: '/spec/http/0/route/0'});
    expect(decision.virtualServices[0]).toMatchObject({name: 'reviews', namespace: 'default', at: {file: 0, document: 1, pointer: ''}});
  });
});

describe('which VirtualService applies', () => {
  const vs = (name: string, namespace: string, hosts: string, subset: string, extra = ''): string =>
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  hosts: ${hosts}\n${extra}  http:\n  - route:\n    - destination: {host: reviews.default.svc.cluster.local, subset: ${subset}}\n---\n`;

  it('completes a short host with the VirtualService namespace, not the client one', () => {
    const yaml = vs('elsewhere', 'other', '[reviews]', 'v2');
    const decision = route({yaml, request: 'GET http://reviews:9080/'});
    expect(decision.virtualServices).toEqual([]);
    expect(decision.destinations[0]!.subset).toBeUndefined();
  });

  it('applies a VirtualService from another namespace that names the FQDN', () => {
    const decision = route({yaml: vs('remote', 'other', '[reviews.default.svc.cluster.local]', 'v3'), request: 'GET http://reviews:9080/'});
    expect(decision.virtualServices[0]).toMatchObject({name: 'remote', namespace: 'other'});
  });

  it('resolves request host forms reviews.default and the FQDN', () => {
    const yaml = vs('a', 'default', '[reviews]', 'v3');
    for (const host of ['reviews.default', 'reviews.default.svc', 'reviews.default.svc.cluster.local']) {
      expect(sharesBySubset(route({yaml, request: `GET http://${host}:9080/`}))).toEqual({v3: 1});
    }
  });

  it('hides a VirtualService exported only to its own namespace from other clients', () => {
    const yaml = `${vs('private', 'default', '[reviews]', 'v3', '  exportTo: ["."]\n')}apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n`;
    expect(sharesBySubset(route({yaml, request: 'GET http://reviews.default:9080/', from: 'default'}))).toEqual({v3: 1});
    const fromOther = route({yaml, request: 'GET http://reviews.default:9080/', from: 'other'});
    expect(fromOther.virtualServices).toEqual([]);
  });

  it('honours an exportTo list of namespaces', () => {
    const yaml = `${vs('listed', 'default', '[reviews]', 'v3', '  exportTo: [team-a]\n')}apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n`;
    expect(route({yaml, request: 'GET http://reviews.default:9080/', from: 'team-a'}).virtualServices[0]?.name).toBe('listed');
    expect(route({yaml, request: 'GET http://reviews.default:9080/', from: 'default'}).virtualServices).toEqual([]);
  });

  it('lets the oldest VirtualService win when two claim the same host for sidecars', () => {
    const yaml = vs('first', 'default', '[reviews]', 'v1') + vs('second', 'default', '[reviews.default.svc.cluster.local]', 'v2');
    const decision = route({yaml, request: 'GET http://reviews:9080/'});
    expect(decision.virtualServices[0]!.name).toBe('first');
    expect(decision.trace.map((s) => s.message).join('\n')).toMatch(/VirtualService default\/second also claims .* ignored/);
  });

  it('prefers an exact host over a wildcard, and a longer wildcard over a shorter one', () => {
    const yaml = vs('star', 'default', '["*.svc.cluster.local"]', 'v1') + vs('ns', 'default', '["*.default.svc.cluster.local"]', 'v2');
    expect(route({yaml, request: 'GET http://reviews:9080/'}).virtualServices[0]!.name).toBe('ns');
    const exact = yaml + vs('exact', 'default', '[reviews]', 'v3');
    expect(route({yaml: exact, request: 'GET http://reviews:9080/'}).virtualServices[0]!.name).toBe('exact');
  });

  it('ignores a VirtualService bound only to a gateway for sidecars, and applies one listing mesh', () => {
    const gatewayOnly = vs('edge', 'default', '[reviews]', 'v2', '  gateways: [bookinfo-gateway]\n');
    expect(route({yaml: gatewayOnly, request: 'GET http://reviews:9080/'}).virtualServices).toEqual([]);
    const both = vs('edge', 'default', '[reviews]', 'v2', '  gateways: [bookinfo-gateway, mesh]\n');
    expect(sharesBySubset(route({yaml: both, request: 'GET http://reviews:9080/'}))).toEqual({v2: 1});
  });

  it('routes ServiceEntry hosts through wildcard VirtualService hosts', () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: default}
spec:
  hosts: [api.example.com]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: external, namespace: default}
spec:
  hosts: ["*.example.com"]
  http:
  - timeout: 3s
    route:
    - destination: {host: api.example.com}
`;
    const decision = route({yaml, request: 'GET http://api.example.com/'});
    expect(decision).toMatchObject({status: 200, timeout: '3s', virtualServices: [{name: 'external'}], destinations: [{host: 'api.example.com', port: 80, pods: ['api.example.com']}]});
    expect(route({yaml, request: 'GET http://example.com/'}).outcome).toBe('passthrough');
  });
});

describe('DestinationRule lookup', () => {
  const dr = (namespace: string, subsetLabel: string): string =>
    `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews-${namespace}, namespace: ${namespace}}\nspec:\n  host: reviews.default.svc.cluster.local\n  subsets:\n  - {name: pick, labels: {version: ${subsetLabel}}}\n---\n`;
  const vsPick = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r, namespace: default}\nspec:\n  hosts: [reviews.default.svc.cluster.local]\n  http:\n  - route:\n    - destination: {host: reviews.default.svc.cluster.local, subset: pick}\n---\n';
  const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: team}\nspec:\n  template: {metadata: {labels: {app: client}}}\n';

  it('prefers the client namespace, then the service namespace, then istio-system', () => {
    const context = labResources('reviews').filter((r) => (r as {kind: string}).kind !== 'DestinationRule');
    const all = vsPick + dr('team', 'v1') + dr('default', 'v2') + dr('istio-system', 'v3') + client;
    expect(route({context, yaml: all, request: 'GET http://reviews.default:9080/', from: 'team/client'}).destinations[0]).toMatchObject({destinationRule: {namespace: 'team'}, subsetLabels: {version: 'v1'}});
    const noClient = vsPick + dr('default', 'v2') + dr('istio-system', 'v3') + client;
    expect(route({context, yaml: noClient, request: 'GET http://reviews.default:9080/', from: 'team/client'}).destinations[0]).toMatchObject({destinationRule: {namespace: 'default'}});
    const rootOnly = vsPick + dr('istio-system', 'v3') + client;
    expect(route({context, yaml: rootOnly, request: 'GET http://reviews.default:9080/', from: 'team/client'}).destinations[0]).toMatchObject({destinationRule: {namespace: 'istio-system'}});
  });

  it('ignores a rule in another client namespace', () => {
    const context = labResources('reviews').filter((r) => (r as {kind: string}).kind !== 'DestinationRule');
    const decision = route({context, yaml: vsPick + dr('elsewhere', 'v1') + client, request: 'GET http://reviews.default:9080/', from: 'team/client'});
    expect(decision).toMatchObject({status: 503, flags: 'NC'});
  });
});

describe('gateways', () => {
  const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: bookinfo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["bookinfo.example.com", "*.shop.example.com"]
---
`;
  const vs = (name: string, hosts: string, prefix: string, host: string, gateways = '[bookinfo-gateway]'): string =>
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ${name}, namespace: bookinfo}\nspec:\n  hosts: ${hosts}\n  gateways: ${gateways}\n  http:\n  - match:\n    - uri: {prefix: ${prefix}}\n    route:\n    - destination: {host: ${host}}\n---\n`;

  it('routes through the gateway the VirtualService binds to', () => {
    const yaml = gateway + vs('front', '["bookinfo.example.com"]', '/', 'productpage');
    const decision = route({context: 'bookinfo', yaml, request: 'GET http://bookinfo.example.com/productpage', gateway: 'bookinfo/bookinfo-gateway'});
    expect(decision).toMatchObject({status: 200, source: {kind: 'gateway', namespace: 'istio-system', gateway: 'bookinfo/bookinfo-gateway'}, destinations: [{host: 'productpage.bookinfo.svc.cluster.local', port: 9080}]});
  });

  it('merges the routes of several VirtualServices for one gateway host, oldest first', () => {
    const yaml = gateway + vs('pages', '["bookinfo.example.com"]', '/productpage', 'productpage') + vs('api', '["bookinfo.example.com"]', '/api', 'reviews');
    const decision = route({context: 'bookinfo', yaml, request: 'GET http://bookinfo.example.com/api/v1', gateway: 'bookinfo-gateway'});
    expect(decision.virtualServices.map((v) => v.name)).toEqual(['pages', 'api']);
    expect(decision.route).toMatchObject({virtualService: {name: 'api'}, index: 0});
    expect(decision.destinations[0]!.host).toBe('reviews.bookinfo.svc.cluster.local');
  });

  it('matches a wildcard server host and a VirtualService host inside it', () => {
    const yaml = gateway + vs('shop', '["*.shop.example.com"]', '/', 'details');
    expect(route({context: 'bookinfo', yaml, request: 'GET http://eu.shop.example.com/', gateway: 'bookinfo-gateway'}).destinations[0]!.host).toBe('details.bookinfo.svc.cluster.local');
    expect(route({context: 'bookinfo', yaml, request: 'GET http://shop.example.com/', gateway: 'bookinfo-gateway'})).toMatchObject({status: 404, flags: 'NR'});
  });

  it('answers 404 for a host the gateway does not serve, and ignores mesh-only VirtualServices', () => {
    const yaml = gateway + vs('front', '["bookinfo.example.com"]', '/', 'productpage', '[mesh]');
    expect(route({context: 'bookinfo', yaml, request: 'GET http://bookinfo.example.com/', gateway: 'bookinfo-gateway'})).toMatchObject({outcome: 'no-route', status: 404});
    expect(route({context: 'bookinfo', yaml, request: 'GET http://other.example.com/', gateway: 'bookinfo-gateway'}).trace.at(-1)!.message).toContain('does not accept host other.example.com');
  });

  it('reports a port the gateway does not listen on', () => {
    const yaml = gateway + vs('front', '["bookinfo.example.com"]', '/', 'productpage');
    expect(route({context: 'bookinfo', yaml, request: 'GET http://bookinfo.example.com:8443/', gateway: 'bookinfo-gateway'})).toMatchObject({outcome: 'unreachable'});
  });

  it('applies match-level gateways per source', () => {
    const yaml = `${gateway}apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: both, namespace: bookinfo}
spec:
  hosts: [bookinfo.example.com, reviews]
  gateways: [bookinfo-gateway, mesh]
  http:
  - match:
    - gateways: [bookinfo-gateway]
    route:
    - destination: {host: productpage}
  - route:
    - destination: {host: reviews}
`;
    expect(route({context: 'bookinfo', yaml, request: 'GET http://bookinfo.example.com/', gateway: 'bookinfo-gateway'}).destinations[0]!.host).toBe('productpage.bookinfo.svc.cluster.local');
    expect(route({context: 'bookinfo', yaml, request: 'GET http://reviews:9080/', from: 'bookinfo/productpage-v1'}).destinations[0]!.host).toBe('reviews.bookinfo.svc.cluster.local');
  });
});

describe('route actions', () => {
  it('redirects with 301 and a location, or the redirectCode', () => {
    const yaml = reviewsVs(`    - match:\n      - uri: {prefix: /old}\n      redirect: {uri: /new, authority: reviews.example.com}\n    - match:\n      - uri: {prefix: /temp}\n      redirect: {uri: /elsewhere, redirectCode: 302}\n${catchAll('v1')}`);
    expect(route({yaml, request: 'GET http://reviews:9080/old?x=1'})).toMatchObject({outcome: 'redirect', status: 301, redirect: {location: 'http://reviews.example.com/new?x=1'}});
    // Without authority the Location keeps the Host header, port included (Envoy processRequestHost).
    expect(route({yaml, request: 'GET http://reviews:9080/temp'})).toMatchObject({status: 302, redirect: {location: 'http://reviews:9080/elsewhere'}});
    expect(route({yaml, request: 'GET http://reviews/temp'})).toMatchObject({status: 302, redirect: {location: 'http://reviews/elsewhere'}});
  });

  it('answers a direct response', () => {
    const yaml = reviewsVs(`    - directResponse: {status: 418, body: {string: teapot}}\n`);
    expect(route({yaml, request: 'GET http://reviews:9080/'})).toMatchObject({outcome: 'direct-response', status: 418, directResponse: {body: 'teapot'}});
  });

  it('aborts the configured share of requests before routing', () => {
    const yaml = reviewsVs(`    - fault:\n        abort: {httpStatus: 500, percentage: {value: 25}}\n      route:\n      - destination: {host: reviews, subset: v1}\n`);
    const decision = route({yaml, request: 'GET http://reviews:9080/'});
    expect(sharesBySubset(decision)).toEqual({'500 FI': 0.25, v1: 0.75});
    expect(decision.fault).toEqual({abort: {status: 500, grpcStatus: undefined, share: 0.25}});
  });

  it('injects no fault without a percentage, as the API documents', () => {
    const yaml = reviewsVs(`    - fault:\n        abort: {httpStatus: 500}\n        delay: {fixedDelay: 5s}\n      route:\n      - destination: {host: reviews, subset: v1}\n`);
    const decision = route({yaml, request: 'GET http://reviews:9080/'});
    expect(decision.fault).toMatchObject({abort: {share: 0}, delay: {fixedDelay: '5s', share: 0}});
    expect(sharesBySubset(decision)).toEqual({v1: 1});
  });

  it('reports a delay without changing the destination', () => {
    const yaml = reviewsVs(`    - fault:\n        delay: {fixedDelay: 7s, percentage: {value: 100}}\n      route:\n      - destination: {host: reviews, subset: v1}\n`);
    expect(route({yaml, request: 'GET http://reviews:9080/'})).toMatchObject({fault: {delay: {fixedDelay: '7s', share: 1}}, status: 200});
  });

  it('reports timeout and retries, the mesh default retries, and disabled retries', () => {
    const set = reviewsVs(`    - timeout: 0.5s\n      retries: {attempts: 3, perTryTimeout: 200ms, retryOn: "5xx,reset"}\n      route:\n      - destination: {host: reviews, subset: v1}\n`);
    expect(route({yaml: set, request: 'GET http://reviews:9080/'})).toMatchObject({timeout: '0.5s', retries: {attempts: 3, perTryTimeout: '200ms', retryOn: '5xx,reset', from: 'route'}});
    const unset = route({yaml: reviewsVs(catchAll('v1')), request: 'GET http://reviews:9080/'});
    // retry.go defaultPolicy: no retriable status code, since EXCLUDE_UNSAFE_503_FROM_DEFAULT_RETRY defaults to true.
    expect(unset).toMatchObject({timeout: null, retries: {attempts: 2, from: 'mesh default', retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes'}});
    const off = reviewsVs(`    - retries: {attempts: 0}\n      route:\n      - destination: {host: reviews, subset: v1}\n`);
    expect(route({yaml: off, request: 'GET http://reviews:9080/'}).retries).toBeNull();
  });

  it('rewrites the matched prefix', () => {
    const yaml = reviewsVs(`    - match:\n      - uri: {prefix: /v1/}\n      rewrite: {uri: /}\n      route:\n      - destination: {host: reviews, subset: v1}\n`);
    expect(route({yaml, request: 'GET http://reviews:9080/v1/reviews/0'}).rewrite).toEqual({uri: '/', authority: undefined, path: '/reviews/0'});
  });
});
