/**
 * Every HTTP match type, one table: route 0 carries the match and goes to v2, route 1 is the
 * catch-all to v1. `v2` means the match held, `v1` that it did not.
 */
import {describe, expect, it} from 'vitest';
import {labResources, reviewsVs, route, sharesBySubset} from './helpers';

interface Case {
  name: string;
  match: string;
  request: string;
  from?: string;
  expect: 'v1' | 'v2';
}

const cases: Case[] = [
  {name: 'uri exact: same path', match: 'uri: {exact: /reviews/1}', request: 'GET http://reviews:9080/reviews/1', expect: 'v2'},
  {name: 'uri exact: longer path', match: 'uri: {exact: /reviews/1}', request: 'GET http://reviews:9080/reviews/12', expect: 'v1'},
  {name: 'uri exact: ignores the query string', match: 'uri: {exact: /reviews/1}', request: 'GET http://reviews:9080/reviews/1?x=1', expect: 'v2'},
  {name: 'uri exact is case-sensitive', match: 'uri: {exact: /Reviews/1}', request: 'GET http://reviews:9080/reviews/1', expect: 'v1'},
  {name: 'uri exact with ignoreUriCase', match: 'uri: {exact: /Reviews/1}\n        ignoreUriCase: true', request: 'GET http://reviews:9080/reviews/1', expect: 'v2'},
  {name: 'uri prefix: matching start', match: 'uri: {prefix: /api}', request: 'GET http://reviews:9080/api/v1', expect: 'v2'},
  {name: 'uri prefix is not path-segment aware', match: 'uri: {prefix: /api}', request: 'GET http://reviews:9080/apis', expect: 'v2'},
  {name: 'uri prefix: other path', match: 'uri: {prefix: /api}', request: 'GET http://reviews:9080/web', expect: 'v1'},
  {name: 'uri prefix with ignoreUriCase', match: 'uri: {prefix: /API}\n        ignoreUriCase: true', request: 'GET http://reviews:9080/api/x', expect: 'v2'},
  {name: 'uri regex must match the whole path', match: 'uri: {regex: "/api/v[0-9]+"}', request: 'GET http://reviews:9080/api/v2', expect: 'v2'},
  {name: 'uri regex is anchored at the end', match: 'uri: {regex: "/api/v[0-9]+"}', request: 'GET http://reviews:9080/api/v2/x', expect: 'v1'},
  {name: 'uri regex is anchored at the start', match: 'uri: {regex: "v[0-9]+"}', request: 'GET http://reviews:9080/v2', expect: 'v1'},
  {name: 'uri regex stays case-sensitive with ignoreUriCase', match: 'uri: {regex: "/API"}\n        ignoreUriCase: true', request: 'GET http://reviews:9080/api', expect: 'v1'},
  {name: 'uri regex with RE2 inline flag (?i)', match: 'uri: {regex: "(?i)/API"}', request: 'GET http://reviews:9080/api', expect: 'v2'},
  {name: 'uri regex RE2 cannot run (lookahead) never matches', match: 'uri: {regex: "/(?=a)a"}', request: 'GET http://reviews:9080/a', expect: 'v1'},
  {name: 'header exact', match: 'headers: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/ -H end-user:jason', expect: 'v2'},
  {name: 'header exact: other value', match: 'headers: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/ -H end-user:Jason', expect: 'v1'},
  {name: 'header exact: header absent', match: 'headers: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/', expect: 'v1'},
  {name: 'header names are case-insensitive in the request', match: 'headers: {end-user: {exact: jason}}', request: "GET http://reviews:9080/ -H 'End-User: jason'", expect: 'v2'},
  {name: 'header prefix', match: 'headers: {cookie: {prefix: "user="}}', request: "GET http://reviews:9080/ -H 'cookie: user=kim'", expect: 'v2'},
  {name: 'header regex (full match)', match: 'headers: {cookie: {regex: "^(.*?;)?(user=jason)(;.*)?$"}}', request: "GET http://reviews:9080/ -H 'cookie: a=1;user=jason'", expect: 'v2'},
  {name: 'header regex does not match a substring', match: 'headers: {x-v: {regex: "v2"}}', request: 'GET http://reviews:9080/ -H x-v:v22', expect: 'v1'},
  {name: 'header present ({})', match: 'headers: {x-canary: {}}', request: 'GET http://reviews:9080/ -H x-canary:', expect: 'v2'},
  {name: 'header present (regex "*")', match: 'headers: {x-canary: {regex: "*"}}', request: 'GET http://reviews:9080/ -H x-canary:anything', expect: 'v2'},
  {name: 'header present: absent', match: 'headers: {x-canary: {}}', request: 'GET http://reviews:9080/', expect: 'v1'},
  {name: 'withoutHeaders: header absent matches', match: 'withoutHeaders: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/', expect: 'v2'},
  {name: 'withoutHeaders: other value matches', match: 'withoutHeaders: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/ -H end-user:kim', expect: 'v2'},
  {name: 'withoutHeaders: the excluded value does not', match: 'withoutHeaders: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/ -H end-user:jason', expect: 'v1'},
  {name: 'withoutHeaders present: header present does not', match: 'withoutHeaders: {x-debug: {}}', request: 'GET http://reviews:9080/ -H x-debug:1', expect: 'v1'},
  {name: 'queryParams exact', match: 'queryParams: {version: {exact: v2}}', request: 'GET http://reviews:9080/?version=v2', expect: 'v2'},
  {name: 'queryParams exact: other value', match: 'queryParams: {version: {exact: v2}}', request: 'GET http://reviews:9080/?version=v3', expect: 'v1'},
  {name: 'queryParams exact: first value counts', match: 'queryParams: {version: {exact: v2}}', request: 'GET http://reviews:9080/?version=v3&version=v2', expect: 'v1'},
  {name: 'queryParams exact: decoded value', match: 'queryParams: {name: {exact: "a b"}}', request: 'GET http://reviews:9080/?name=a%20b', expect: 'v2'},
  {name: 'queryParams regex (full match)', match: 'queryParams: {id: {regex: "[0-9]+"}}', request: 'GET http://reviews:9080/?id=42', expect: 'v2'},
  {name: 'queryParams regex: partial is no match', match: 'queryParams: {id: {regex: "[0-9]+"}}', request: 'GET http://reviews:9080/?id=42a', expect: 'v1'},
  {name: 'queryParams prefix (translated by istiod)', match: 'queryParams: {id: {prefix: "4"}}', request: 'GET http://reviews:9080/?id=42', expect: 'v2'},
  {name: 'queryParams: parameter absent', match: 'queryParams: {id: {exact: "1"}}', request: 'GET http://reviews:9080/', expect: 'v1'},
  {name: 'method exact', match: 'method: {exact: POST}', request: 'POST http://reviews:9080/', expect: 'v2'},
  {name: 'method exact: GET is not POST', match: 'method: {exact: POST}', request: 'GET http://reviews:9080/', expect: 'v1'},
  {name: 'method with -X', match: 'method: {exact: DELETE}', request: 'http://reviews:9080/ -X delete', expect: 'v2'},
  {name: 'authority prefix', match: 'authority: {prefix: reviews}', request: 'GET http://reviews:9080/', expect: 'v2'},
  {name: 'scheme exact', match: 'scheme: {exact: https}', request: 'GET http://reviews:9080/', expect: 'v1'},
  {name: 'port: the listener port', match: 'port: 9080', request: 'GET http://reviews:9080/', expect: 'v2'},
  {name: 'port: another port', match: 'port: 8080', request: 'GET http://reviews:9080/', expect: 'v1'},
  {name: 'sourceLabels: the client has them', match: 'sourceLabels: {app: productpage}', request: 'GET http://reviews:9080/', from: 'default/productpage-v1', expect: 'v2'},
  {name: 'sourceLabels: another client', match: 'sourceLabels: {app: productpage}', request: 'GET http://reviews:9080/', from: 'default/reviews-v1', expect: 'v1'},
  {name: 'sourceLabels: a client without labels', match: 'sourceLabels: {app: productpage}', request: 'GET http://reviews:9080/', expect: 'v1'},
  {name: 'sourceNamespace: same', match: 'sourceNamespace: default', request: 'GET http://reviews:9080/', from: 'default/productpage-v1', expect: 'v2'},
  {name: 'sourceNamespace: other', match: 'sourceNamespace: other', request: 'GET http://reviews:9080/', from: 'default/productpage-v1', expect: 'v1'},
  {name: 'match gateways [mesh] holds for sidecars', match: 'gateways: [mesh]', request: 'GET http://reviews:9080/', expect: 'v2'},
  {name: 'match gateways [a gateway] does not hold for sidecars', match: 'gateways: [istio-system/ingress]', request: 'GET http://reviews:9080/', expect: 'v1'},
  {name: 'match gateways replace sourceLabels (not checked then)', match: 'gateways: [mesh]\n        sourceLabels: {app: nobody}', request: 'GET http://reviews:9080/', expect: 'v2'},
  {name: 'AND inside one block: both hold', match: 'uri: {prefix: /api}\n        headers: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/api -H end-user:jason', expect: 'v2'},
  {name: 'AND inside one block: one fails', match: 'uri: {prefix: /api}\n        headers: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/api', expect: 'v1'},
  {name: 'OR between blocks: the second holds', match: 'uri: {prefix: /api}\n      - headers: {end-user: {exact: jason}}', request: 'GET http://reviews:9080/web -H end-user:jason', expect: 'v2'},
  {name: 'an empty match block matches everything', match: '{}', request: 'GET http://reviews:9080/', expect: 'v2'},
];

const podsContext = [
  ...labResources('reviews'),
  {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'productpage-v1', namespace: 'default'},
    spec: {template: {metadata: {labels: {app: 'productpage', version: 'v1'}}}}},
];

describe('HTTP match types', () => {
  it.each(cases)('$name → $expect', ({match, request, from, expect: expected}) => {
    const yaml = reviewsVs(`    - match:\n      - ${match}\n      route:\n      - destination: {host: reviews, subset: v2}\n    - route:\n      - destination: {host: reviews, subset: v1}\n`);
    const decision = route({context: podsContext, yaml, request, from});
    expect(sharesBySubset(decision)).toEqual({[expected]: 1});
  });

  it('explains in the trace why a route did not match, naming the condition', () => {
    const yaml = reviewsVs('    - match:\n      - headers: {end-user: {exact: jason}}\n      - uri: {prefix: /api}\n      route:\n      - destination: {host: reviews, subset: v2}\n    - route:\n      - destination: {host: reviews, subset: v1}\n');
    const decision = route({yaml, request: 'GET http://reviews:9080/web'});
    expect(decision.trace.map((s) => s.message)).toContainEqual(
      'reviews http[0] does not match: match[0]: header end-user exact "jason" but the request has no end-user header; match[1]: uri prefix "/api" but the path is "/web"');
    expect(decision.route).toMatchObject({index: 1, matchIndex: undefined, at: {file: 0, document: 0, pointer: '/spec/http/1'}});
  });
});
