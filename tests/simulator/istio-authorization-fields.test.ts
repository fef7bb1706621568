/**
 * Each AuthorizationPolicy rule field, matched as istiod's generators and Envoy's RBAC matchers
 * match it (istio 1.30.3 pilot/pkg/security/authz/model/generator.go, matcher/*.go): values
 * exact, prefix `x*`, suffix `*x`, presence `*` (never regexes); AND across fields, OR across
 * values and entries; principals need mTLS; invalid values and HTTP-only fields on TCP skip an
 * ALLOW rule but only narrow a DENY rule.
 */
import {describe, expect, it} from 'vitest';
import {ask, policy} from './istio-authz-helpers';

/** The verdict of an ALLOW policy with one rule (YAML under `- `) for a request. */
function allowed(rule: string, options: {request?: string; from?: string; clientIp?: string; claims?: Record<string, unknown>} = {}): boolean {
  const yaml = policy('p', `rules:\n- ${rule.split('\n').join('\n  ')}`);
  return ask({yaml, ...options}).verdict === 'allowed';
}

function denied(rule: string, options: {request?: string; from?: string; clientIp?: string} = {}): boolean {
  const yaml = policy('p', `action: DENY\nrules:\n- ${rule.split('\n').join('\n  ')}`);
  return ask({yaml, ...options}).verdict === 'denied';
}

describe('from: source', () => {
  it.each([
    ['cluster.local/ns/shop/sa/web', true],
    ['cluster.local/ns/shop/sa/*', true],
    ['*/sa/web', true],
    ['*', true],
    ['cluster.local/ns/shop/sa/we', false],
    ['cluster.local/ns/shop/sa/web*x', false],
    ['.*', false],
  ])('principals %j against shop/web → %s', (value, expected) => {
    expect(allowed(`from:\n- source:\n    principals: [${JSON.stringify(value)}]`)).toBe(expected);
  });

  it('notPrincipals holds for anyone not listed', () => {
    const rule = 'from:\n- source:\n    notPrincipals: [cluster.local/ns/shop/sa/web]';
    expect(allowed(rule)).toBe(false);
    expect(allowed(rule, {from: 'shop/batch'})).toBe(true);
  });

  it('namespaces and notNamespaces read the namespace from the peer certificate, with * as a glob', () => {
    expect(allowed('from:\n- source:\n    namespaces: [shop]')).toBe(true);
    expect(allowed('from:\n- source:\n    namespaces: ["sh*"]')).toBe(true);
    expect(allowed('from:\n- source:\n    namespaces: [legacy]')).toBe(false);
    expect(allowed('from:\n- source:\n    notNamespaces: [shop]')).toBe(false);
  });

  it('serviceAccounts take `sa` (the policy namespace) or `ns/sa`', () => {
    expect(allowed('from:\n- source:\n    serviceAccounts: [web]')).toBe(true);
    expect(allowed('from:\n- source:\n    serviceAccounts: [shop/web]')).toBe(true);
    expect(allowed('from:\n- source:\n    serviceAccounts: [legacy/web]')).toBe(false);
    expect(allowed('from:\n- source:\n    serviceAccounts: [default]', {from: 'shop/batch'})).toBe(true);
  });

  it('trustDomains compare the SPIFFE trust domain', () => {
    expect(allowed('from:\n- source:\n    trustDomains: [cluster.local]')).toBe(true);
    expect(allowed('from:\n- source:\n    trustDomains: ["*"]')).toBe(true);
    expect(allowed('from:\n- source:\n    trustDomains: [other.domain]')).toBe(false);
  });

  it('ipBlocks compare the peer address; remoteIpBlocks the last x-forwarded-for address', () => {
    expect(allowed('from:\n- source:\n    ipBlocks: [203.0.113.0/24]', {clientIp: '203.0.113.9'})).toBe(true);
    expect(allowed('from:\n- source:\n    ipBlocks: [203.0.113.0/24]', {clientIp: '198.51.100.1'})).toBe(false);
    expect(allowed('from:\n- source:\n    notIpBlocks: [203.0.113.9]', {clientIp: '203.0.113.9'})).toBe(false);
    const rule = 'from:\n- source:\n    remoteIpBlocks: [192.0.2.0/24]';
    expect(allowed(rule, {request: 'GET http://api.shop/ -H "x-forwarded-for: 10.0.0.1, 192.0.2.44"'})).toBe(true);
    expect(allowed(rule, {request: 'GET http://api.shop/'})).toBe(false);
  });

  it('fields of one source are ANDed, sources are ORed', () => {
    expect(allowed('from:\n- source:\n    namespaces: [shop]\n    principals: [cluster.local/ns/shop/sa/api]')).toBe(false);
    expect(allowed('from:\n- source:\n    principals: [cluster.local/ns/shop/sa/api]\n- source:\n    namespaces: [shop]')).toBe(true);
  });
});

describe('principal-based fields on a plaintext connection', () => {
  const principals = 'from:\n- source:\n    principals: ["*"]';

  it('an unmeshed client has no principal: an ALLOW on principals does not match (403)', () => {
    const answer = ask({yaml: policy('p', `rules:\n- ${principals.split('\n').join('\n  ')}`), from: 'legacy/client'});
    expect(answer).toMatchObject({verdict: 'denied', status: 403, peer: {principal: undefined}});
    expect(answer.trace.map((t) => t.message).join('\n')).toMatch(/no peer identity \(plaintext\)/);
  });

  it('a DENY on principals does not match plaintext either: the request passes', () => {
    expect(denied('from:\n- source:\n    principals: ["cluster.local/*"]', {from: 'legacy/client'})).toBe(false);
    expect(denied('from:\n- source:\n    namespaces: ["*"]', {from: 'legacy/client'})).toBe(false);
  });

  it('a DENY on notPrincipals ["*"] denies exactly the plaintext requests', () => {
    const rule = 'from:\n- source:\n    notPrincipals: ["*"]';
    expect(denied(rule, {from: 'legacy/client'})).toBe(true);
    expect(denied(rule, {from: 'shop/web'})).toBe(false);
  });

  it('a DestinationRule that turns TLS off leaves a meshed client without principal', () => {
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: api, namespace: shop}\nspec:\n  host: api.shop.svc.cluster.local\n  trafficPolicy: {tls: {mode: DISABLE}}';
    const yaml = [dr, policy('p', 'rules:\n- from:\n  - source:\n      principals: ["*"]')];
    expect(ask({yaml})).toMatchObject({verdict: 'denied', peer: {principal: undefined}});
  });

  it('STRICT mTLS refuses a plaintext client before any policy', () => {
    const pa = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: strict, namespace: shop}\nspec: {mtls: {mode: STRICT}}';
    const answer = ask({yaml: [pa, policy('allow-all', 'rules:\n- {}')], from: 'legacy/client'});
    expect(answer).toMatchObject({verdict: 'denied', reset: true, policies: []});
    expect(answer.summary).toMatch(/^connection refused: plain text to a sidecar in STRICT: the client sees the connection reset, no HTTP response \(server: PeerAuthentication shop\/strict/);
  });
});

describe('to: operation', () => {
  it.each([
    ['/reviews/1', '/reviews/*', true],
    ['/reviews', '/reviews/*', false],
    ['/api/v1/x.json', '*.json', true],
    ['/anything', '*', true],
    ['/Reviews/1', '/reviews/*', false],
    ['/reviews/1?x=1', '/reviews/1', true],
    ['/a/../reviews/1', '/reviews/1', true],
    ['/reviews/1', '/reviews/.*', false],
  ])('path %s against paths [%s] → %s', (path, value, expected) => {
    expect(allowed(`to:\n- operation:\n    paths: [${JSON.stringify(value)}]`, {request: `GET http://api.shop${path}`})).toBe(expected);
  });

  it.each([
    ['/v1/users/42', '/v1/users/{*}', true],
    ['/v1/users/42/orders', '/v1/users/{*}', false],
    ['/v1/users/', '/v1/users/{*}', false],
    ['/v1/users/42/orders/7', '/v1/{**}', true],
    ['/v1/a/b/c/edit', '/v1/{**}/edit', true],
    ['/v1/a/b/c/view', '/v1/{**}/edit', false],
    ['/v2/users/42', '/v1/{**}', false],
  ])('path %s against template %s → %s', (path, value, expected) => {
    expect(allowed(`to:\n- operation:\n    paths: [${JSON.stringify(value)}]`, {request: `GET http://api.shop${path}`})).toBe(expected);
  });

  it('methods compare exactly and with case', () => {
    expect(allowed('to:\n- operation:\n    methods: [GET, HEAD]')).toBe(true);
    expect(allowed('to:\n- operation:\n    methods: [get]')).toBe(false);
    expect(allowed('to:\n- operation:\n    notMethods: [DELETE]', {request: 'DELETE http://api.shop/'})).toBe(false);
  });

  it('hosts compare without case, and a host without port does not cover one with a port', () => {
    expect(allowed('to:\n- operation:\n    hosts: [API.SHOP]', {request: 'GET http://api.shop/'})).toBe(true);
    expect(allowed('to:\n- operation:\n    hosts: [api.shop]', {request: 'GET http://api.shop:80/'})).toBe(false);
    expect(allowed('to:\n- operation:\n    hosts: ["api.shop:*"]', {request: 'GET http://api.shop:80/'})).toBe(true);
    expect(allowed('to:\n- operation:\n    hosts: ["*.example.com"]', {request: 'GET http://api.shop/ -H "host: Web.Example.com"'})).toBe(true);
  });

  it('ports compare the port the pod receives (the Service targetPort), not the Service port', () => {
    expect(allowed('to:\n- operation:\n    ports: ["8080"]')).toBe(true);
    expect(allowed('to:\n- operation:\n    ports: ["80"]')).toBe(false);
  });

  it('fields of one operation are ANDed', () => {
    expect(allowed('to:\n- operation:\n    methods: [GET]\n    paths: ["/admin*"]', {request: 'GET http://api.shop/public'})).toBe(false);
  });
});

describe('when: conditions', () => {
  it('request.headers[name] compares a header, name without case', () => {
    const rule = 'when:\n- key: request.headers[X-User]\n  values: ["alice", "bob*"]';
    expect(allowed(rule, {request: 'GET http://api.shop/ -H "x-user: bobby"'})).toBe(true);
    expect(allowed(rule, {request: 'GET http://api.shop/ -H "x-user: carol"'})).toBe(false);
    expect(allowed(rule)).toBe(false);
  });

  it('a header value `*` is presence', () => {
    expect(allowed('when:\n- key: request.headers[x-debug]\n  values: ["*"]', {request: 'GET http://api.shop/ -H "x-debug: "'})).toBe(true);
  });

  it('source.namespace, source.principal, source.ip, destination.port', () => {
    expect(allowed('when:\n- key: source.namespace\n  values: [shop]')).toBe(true);
    expect(allowed('when:\n- key: source.principal\n  notValues: [cluster.local/ns/shop/sa/web]')).toBe(false);
    expect(allowed('when:\n- key: source.ip\n  values: [10.0.0.0/8]')).toBe(true);
    expect(allowed('when:\n- key: destination.port\n  values: ["8080"]')).toBe(true);
  });

  it('connection.sni is the mesh SNI over mTLS and absent on plaintext', () => {
    const rule = 'when:\n- key: connection.sni\n  values: ["*api.shop.svc.cluster.local"]';
    expect(allowed(rule)).toBe(true);
    expect(allowed(rule, {from: 'legacy/client'})).toBe(false);
  });

  it('conditions are ANDed', () => {
    expect(allowed('when:\n- key: source.namespace\n  values: [shop]\n- key: request.headers[x-user]\n  values: [alice]')).toBe(false);
  });

  it('an unknown key skips the rule whatever the action', () => {
    expect(ask({yaml: policy('p', 'action: DENY\nrules:\n- when:\n  - key: request.foo\n    values: [x]')}).policies[0]!.rules[0]).toMatchObject({outcome: 'skipped'});
  });

  it('experimental.envoy.filters keys read metadata no simulated filter writes: they never match', () => {
    expect(allowed('when:\n- key: experimental.envoy.filters.network.mysql_proxy[db.table]\n  values: ["[update]"]')).toBe(false);
  });
});

describe('values istiod cannot use, and HTTP-only fields on TCP', () => {
  it('an invalid ipBlock skips the whole ALLOW rule', () => {
    const answer = ask({yaml: policy('p', 'rules:\n- from:\n  - source:\n      ipBlocks: [not-an-ip, 10.0.0.0/8]'), clientIp: '10.1.2.3'});
    expect(answer.verdict).toBe('denied');
    expect(answer.policies[0]!.rules[0]).toMatchObject({outcome: 'skipped'});
  });

  it('in a DENY rule the invalid value is left out and the rest still matches', () => {
    const answer = ask({yaml: policy('p', 'action: DENY\nrules:\n- from:\n  - source:\n      ipBlocks: [not-an-ip, 10.0.0.0/8]'), clientIp: '10.1.2.3'});
    expect(answer.verdict).toBe('denied');
  });

  it('on a TCP port an ALLOW rule with methods is skipped, so nothing is allowed', () => {
    const answer = ask({yaml: policy('p', 'rules:\n- to:\n  - operation:\n      methods: [GET]'), request: 'GET http://api.shop:5432/'});
    expect(answer).toMatchObject({verdict: 'denied', reset: true, protocol: 'tcp'});
    expect(answer.policies[0]!.rules[0]!.reasons[0]).toMatch(/HTTP only: on a TCP port istiod skips the ALLOW rule/);
  });

  it('on a TCP port a DENY rule loses its HTTP fields and denies more', () => {
    const answer = ask({yaml: policy('p', 'action: DENY\nrules:\n- to:\n  - operation:\n      methods: [DELETE]'), request: 'GET http://api.shop:5432/'});
    expect(answer).toMatchObject({verdict: 'denied', reset: true});
    expect(answer.policies[0]!.rules[0]!.dropped[0]).toMatch(/methods \(HTTP only, left out on a TCP port\)/);
  });
});

describe('hostile values', () => {
  it('regex syntax in values is literal text', () => {
    expect(allowed('from:\n- source:\n    namespaces: ["(s|x)hop"]')).toBe(false);
    expect(allowed('to:\n- operation:\n    paths: ["/(a+)+$"]', {request: 'GET http://api.shop/aaaa'})).toBe(false);
    expect(allowed('to:\n- operation:\n    paths: ["/(a+)+$"]', {request: 'GET http://api.shop/(a+)+$'})).toBe(true);
    expect(allowed('when:\n- key: request.headers[x-id]\n  values: ["a.*"]', {request: 'GET http://api.shop/ -H "x-id: abc"'})).toBe(false);
  });

  it('thousands of values, globs and template segments are judged in bounded time', () => {
    const values = Array.from({length: 5000}, (_, i) => `"cluster.local/ns/n${i}/sa/x"`).join(', ');
    const globs = `"${'*a'.repeat(2000)}*"`;
    const template = `/${Array.from({length: 2000}, () => '{*}').join('/')}`;
    const started = Date.now();
    expect(allowed(`from:\n- source:\n    principals: [${values}]`)).toBe(false);
    expect(allowed(`from:\n- source:\n    namespaces: [${globs}]`)).toBe(false);
    expect(allowed(`to:\n- operation:\n    paths: ["${template}"]`, {request: `GET http://api.shop/${'x/'.repeat(1999)}x`})).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
