/**
 * VirtualService delegation (istio/istio pilot/pkg/model/virtualservice.go,
 * mergeVirtualServicesIfNeeded): a root route with `delegate` is replaced by the delegate's
 * routes, their matches merged with the root's; conflicting delegate routes are dropped.
 */
import {describe, expect, it} from 'vitest';
import {route} from './helpers';

const root = (http: string, extra = ''): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-root, namespace: default}
spec:
  hosts: [reviews]
${extra}  http:
${http}---
`;
const delegate = (http: string, meta = 'name: reviews-api, namespace: default', extra = ''): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {${meta}}
spec:
${extra}  http:
${http}---
`;
const to = (subset: string): string => `    route:\n    - destination: {host: reviews, subset: ${subset}}\n`;
const rootApi = root(`  - name: api\n    match:\n    - uri: {prefix: /api}\n    delegate: {name: reviews-api}\n  - route:\n    - destination: {host: reviews, subset: v1}\n`);
const apiRoutes = delegate(`  - match:\n    - uri: {prefix: /api/v3}\n${to('v3')}  - match:\n    - headers: {end-user: {exact: jason}}\n${to('v2')}`);

describe('delegate VirtualServices', () => {
  it.each([
    {request: 'GET http://reviews:9080/api/v3/list', subset: 'v3', vs: 'reviews-api', index: 0},
    {request: 'GET http://reviews:9080/api/x -H end-user:jason', subset: 'v2', vs: 'reviews-api', index: 1},
    // The delegate's header match inherits the root's uri prefix: /other with jason is not under /api.
    {request: 'GET http://reviews:9080/other -H end-user:jason', subset: 'v1', vs: 'reviews-root', index: 1},
    // Under /api but no delegate route matches: the request falls through to the root's next route.
    {request: 'GET http://reviews:9080/api/x', subset: 'v1', vs: 'reviews-root', index: 1},
  ])('$request → $subset', ({request, subset, vs, index}) => {
    const decision = route({yaml: rootApi + apiRoutes, request});
    expect(decision.destinations.map((d) => d.subset)).toEqual([subset]);
    expect(decision.route).toMatchObject({virtualService: {name: vs}, index});
    expect(decision.virtualServices.map((v) => v.name)).toEqual(['reviews-root']);
  });

  it('points at the delegate route and says which root route delegated', () => {
    const decision = route({yaml: rootApi + apiRoutes, request: 'GET http://reviews:9080/api/v3/'});
    expect(decision.route).toMatchObject({name: 'api', at: {document: 1, pointer: '/spec/http/0'}, matchAt: {document: 1, pointer: '/spec/http/0/match/0'}});
    expect(decision.trace.map((s) => s.message).join('\n')).toContain('reviews-api http[0] "api" (delegated from reviews-root http[0]) matches');
  });

  it('drops a delegate route whose match conflicts with the root match', () => {
    const conflicting = delegate(`  - match:\n    - uri: {prefix: /web}\n${to('v3')}  - ${to('v2').trimStart()}`);
    const decision = route({yaml: rootApi + conflicting, request: 'GET http://reviews:9080/web'});
    expect(decision.destinations.map((d) => d.subset)).toEqual(['v1']);
    expect(decision.trace.map((s) => s.message).join('\n')).toContain('reviews-api http[0] (delegate of reviews-root http[0]) is dropped');
    expect(route({yaml: rootApi + conflicting, request: 'GET http://reviews:9080/api'}).destinations.map((d) => d.subset)).toEqual(['v2']);
  });

  it('drops the root route when the delegate is missing or not exported to the root namespace', () => {
    const missing = route({yaml: rootApi, request: 'GET http://reviews:9080/api/v3'});
    expect(missing.destinations.map((d) => d.subset)).toEqual(['v1']);
    expect(missing.trace.map((s) => s.message).join('\n')).toContain('delegates to VirtualService default/reviews-api, which does not exist');
    const elsewhere = root(`  - match:\n    - uri: {prefix: /api}\n    delegate: {name: reviews-api, namespace: team}\n  - route:\n    - destination: {host: reviews, subset: v1}\n`);
    const privateDelegate = delegate(`  - route:\n    - destination: {host: reviews.default.svc.cluster.local, subset: v3}\n`, 'name: reviews-api, namespace: team', '  exportTo: ["."]\n');
    expect(route({yaml: elsewhere + privateDelegate, request: 'GET http://reviews:9080/api'}).destinations.map((d) => d.subset)).toEqual(['v1']);
    const shared = privateDelegate.replace('exportTo: ["."]', 'exportTo: [default]');
    expect(route({yaml: elsewhere + shared, request: 'GET http://reviews:9080/api'}).destinations.map((d) => d.subset)).toEqual(['v3']);
  });

  it('inherits timeout, retries and fault from the root route unless the delegate sets them', () => {
    const withPolicy = root(`  - match:\n    - uri: {prefix: /api}\n    timeout: 3s\n    retries: {attempts: 5, perTryTimeout: 1s}\n    delegate: {name: reviews-api}\n`);
    const routes = delegate(`  - match:\n    - uri: {prefix: /api/fast}\n    timeout: 500ms\n${to('v3')}  - ${to('v2').trimStart()}`);
    expect(route({yaml: withPolicy + routes, request: 'GET http://reviews:9080/api/fast'})).toMatchObject({timeout: '500ms', retries: {attempts: 5, from: 'route'}});
    expect(route({yaml: withPolicy + routes, request: 'GET http://reviews:9080/api/slow'})).toMatchObject({timeout: '3s', destinations: [{subset: 'v2'}]});
  });

  it('never applies a delegate (a VirtualService without hosts) by itself', () => {
    const decision = route({yaml: apiRoutes, request: 'GET http://reviews:9080/api/v3'});
    expect(decision.virtualServices).toEqual([]);
    expect(decision.destinations[0]).toMatchObject({subset: undefined});
  });

  it('expands delegates of a VirtualService bound to a gateway', () => {
    const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: bookinfo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["bookinfo.example.com"]
---
`;
    const front = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front, namespace: bookinfo}
spec:
  hosts: [bookinfo.example.com]
  gateways: [bookinfo-gateway]
  http:
  - match:
    - uri: {prefix: /reviews}
    delegate: {name: reviews-team, namespace: bookinfo}
---
`;
    const team = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-team, namespace: bookinfo}
spec:
  http:
  - route:
    - destination: {host: reviews}
`;
    const decision = route({context: 'bookinfo', yaml: gateway + front + team, request: 'GET http://bookinfo.example.com/reviews/1', gateway: 'bookinfo-gateway'});
    expect(decision).toMatchObject({status: 200, route: {virtualService: {name: 'reviews-team'}}, destinations: [{host: 'reviews.bookinfo.svc.cluster.local'}]});
    expect(route({context: 'bookinfo', yaml: gateway + front + team, request: 'GET http://bookinfo.example.com/other', gateway: 'bookinfo-gateway'})).toMatchObject({status: 404, flags: 'NR'});
  });
});
