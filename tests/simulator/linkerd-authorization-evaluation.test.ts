/**
 * The lab's drawn allow/deny trace for Linkerd (linkerd/evaluation.ts): one inbound proxy's answer laid
 * out in the order the proxy reaches it (the Server or default policy, the route, the route's
 * authorizations, then the Server's, the audit catch-all last; linkerd2-proxy server-policy authz.rs
 * mk_authorizations), exactly one stage deciding, each authorization with what it did with the client.
 */
import {describe, expect, it} from 'vitest';
import {linkerdEvaluationStages} from '../../src/simulator/linkerd/evaluation';
import type {LinkerdAuthorization} from '../../src/simulator/linkerd/authorize';
import {apiDeployment, ask, authorizationPolicy, meshTls, SERVER_HTTP, shopWithDefault} from './linkerd-helpers';

const stagesOf = (a: LinkerdAuthorization) => linkerdEvaluationStages(a).map((s) => `${s.kind}${s.decides ? '!' : ''}${s.reached ? '' : '~'}`);
const ID = (sa: string, ns: string) => `${sa}.${ns}.serviceaccount.identity.linkerd.cluster.local`;
const onServer = '{group: policy.linkerd.io, kind: Server, name: api-http}';
const onlyWeb = SERVER_HTTP + meshTls('web-only', `{identities: ["${ID('web', 'shop')}"]}`)
  + authorizationPolicy('api', onServer, '[{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: web-only}]');
const readRoute = `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reads, namespace: shop}
spec:
  parentRefs: [{group: policy.linkerd.io, kind: Server, name: api-http}]
  rules: [{matches: [{method: GET, path: {type: PathPrefix, value: /books}}]}]
`;

describe('the drawn evaluation of one Linkerd proxy', () => {
  it('without a Server, the cluster\'s default policy admits: the default policy\'s authorizations decide', () => {
    const stages = linkerdEvaluationStages(ask({}));
    expect(stagesOf(ask({}))).toEqual(['server', 'route', 'server-authorizations!', 'deny~']);
    expect(stages[0]!.outcome).toMatch(/^no Server selects port 8080: the default policy all-unauthenticated \(the cluster's proxy.defaultInboundPolicy\)/);
    expect(stages[2]!.items).toEqual([expect.objectContaining({ref: 'default policy all-unauthenticated', result: 'admits', decides: true})]);
  });

  it('a client the Server\'s policy does not name is rejected there, with the reason, and "nothing admits" decides: 403', () => {
    const answer = ask({policies: onlyWeb, from: 'ops/batch'});
    expect(stagesOf(answer)).toEqual(['server', 'route', 'server-authorizations', 'deny!']);
    const [server, , authorizations, deny] = linkerdEvaluationStages(answer);
    expect(server!.outcome).toMatch(/^Server shop\/api-http selects port 8080/);
    expect(authorizations!.items).toEqual([expect.objectContaining({
      ref: 'AuthorizationPolicy shop/api', authentications: ['MeshTLSAuthentication shop/web-only'], result: 'rejects', decides: false,
      why: expect.stringContaining(`identity ${ID('default', 'ops')} is not among`),
    })]);
    expect(deny!.outcome).toMatch(/^403 Forbidden: no authorization on Server shop\/api-http admits ops\/batch/);
  });

  it('the named client is admitted by that policy, marked as deciding', () => {
    const stages = linkerdEvaluationStages(ask({policies: onlyWeb, from: 'shop/web'}));
    expect(stages.map((s) => `${s.kind}${s.decides ? '!' : ''}`)).toEqual(['server', 'route', 'server-authorizations!', 'deny']);
    expect(stages[2]!.items[0]).toMatchObject({ref: 'AuthorizationPolicy shop/api', result: 'admits', decides: true});
    expect(stages[2]!.outcome).toBe('AuthorizationPolicy shop/api admits the client');
  });

  it('a route\'s own policy is tried before the Server\'s; when it admits, the Server\'s are not checked', () => {
    const onRoute = authorizationPolicy('reads', '{group: gateway.networking.k8s.io, kind: HTTPRoute, name: reads}', '[]');
    const answer = ask({policies: onlyWeb + readRoute + onRoute, from: 'ops/batch', request: 'GET http://api.shop/books/1'});
    expect(stagesOf(answer)).toEqual(['server', 'route', 'route-authorizations!', 'server-authorizations~', 'deny~']);
    const stages = linkerdEvaluationStages(answer);
    expect(stages[1]!.outcome).toBe('HTTPRoute shop/reads rules[0] takes the request');
    expect(stages[3]!.items).toEqual([expect.objectContaining({ref: 'AuthorizationPolicy shop/api', result: 'not-checked'})]);
  });

  it('a request no route of the Server matches decides at the route: 404, no authorization checked', () => {
    const answer = ask({policies: onlyWeb + readRoute, request: 'POST http://api.shop/books'});
    expect(stagesOf(answer)).toEqual(['server', 'route!', 'server-authorizations~', 'deny~']);
    const stages = linkerdEvaluationStages(answer);
    expect(stages[1]!.outcome).toMatch(/^404: no route of Server api-http matches/);
    expect(stages[2]!.items.map((i) => i.result)).toEqual(['not-checked']);
  });

  it('an opaque port has no route stage: the connection is refused when nothing admits', () => {
    const cluster = shopWithDefault('deny').replace(apiDeployment(), apiDeployment({'config.linkerd.io/opaque-ports': '8080'}));
    const answer = ask({cluster});
    expect(stagesOf(answer)).toEqual(['server', 'server-authorizations', 'deny!']);
    const stages = linkerdEvaluationStages(answer);
    expect(stages[0]!.outcome).toMatch(/port 8080 is opaque: each connection is authorized/);
    expect(stages[1]!.outcome).toBe('the default policy deny authorizes nobody');
    expect(stages[2]!.outcome).toMatch(/^connection refused/);
  });

  it('accessPolicy audit is the catch-all, tried last: it decides after the Server\'s policy rejects', () => {
    const audit = onlyWeb.replace('port: http', 'port: http\n  accessPolicy: audit');
    const answer = ask({policies: audit, from: 'ops/batch'});
    expect(stagesOf(answer)).toEqual(['server', 'route', 'server-authorizations', 'audit!', 'deny~']);
    expect(linkerdEvaluationStages(answer)[3]!.outcome).toMatch(/^allowed in audit mode/);
  });
});
