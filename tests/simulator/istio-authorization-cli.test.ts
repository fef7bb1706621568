/**
 * `meshdive route` with Istio AuthorizationPolicy and RequestAuthentication: the decision block
 * before the trace, `--from`, `--client-ip`, `--jwt-claims` (a JSON object, bounded, refused
 * with a clear message), and JSON output carrying `decision.istio`.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {routeInProcess as meshdive} from '../support/route-in-process';
import {CLUSTER, policy} from './istio-authz-helpers';

const work = mkdtempSync(join(tmpdir(), 'meshdive-istio-authz-route-'));
const context = join(work, 'cluster.yaml');
writeFileSync(context, CLUSTER);
const policies = join(work, 'policies.yaml');
writeFileSync(policies, `${policy('web-only', 'rules:\n- from:\n  - source:\n      principals: [cluster.local/ns/shop/sa/web]')}---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: shop}
spec:
  jwtRules: [{issuer: "https://idp.example"}]
`);

describe('meshdive route with Istio authorization', () => {
  it('prints the 403, the policy that applies and why, before the trace', async () => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--from', 'shop/batch', policies]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[1]).toBe('Decision: 403  Istio: ALLOW policies exist (shop/web-only) and none matched: denied (RBAC: access denied, 403)');
    expect(result.stdout).toContain(`Istio: 403 RBAC: access denied at sidecar of shop/api port 8080 (HTTP)\n  peer: principal cluster.local/ns/shop/sa/default\n  RequestAuthentication: shop/jwt: token missing\n  ALLOW shop/web-only: no rule matches  [${policies}#0/]\n`);
    expect(result.stdout).toMatch(/ALLOW shop\/web-only applies \(namespace-wide \(no selector\)\): rules\[0\] does not match \(from fails: from\[0\]\.source\.principals \["cluster\.local\/ns\/shop\/sa\/web"\]: peer cluster\.local\/ns\/shop\/sa\/default matches none\)/);
  });

  it('names the rule that allows', async () => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--from', 'shop/web', policies]);
    expect(result.stdout).toContain(`  decision: allowed by ALLOW shop/web-only rules[0]  [${policies}#0/spec/rules/0]`);
  });

  it('takes --jwt-claims: an unknown issuer is a 401', async () => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--from', 'shop/web', '--jwt-claims', '{"iss":"https://evil.example","sub":"x"}', policies]);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[1]).toBe('Decision: 401  Istio: 401 Jwt issuer is not configured (RequestAuthentication at the sidecar of shop/api)');
  });

  it('writes decision.istio as JSON', async () => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--client-ip', '203.0.113.7', '--format', 'json', policies]);
    const {decision} = JSON.parse(result.stdout) as {decision: {status: number; istio: Array<Record<string, unknown>>}};
    expect(decision.status).toBe(403);
    expect(decision.istio).toMatchObject([{enforcer: 'sidecar', verdict: 'denied', status: 403, peer: {}, workload: {name: 'api', namespace: 'shop'}}]);
  });

  it.each([
    ['{"iss":', /--jwt-claims: the JWT claims are not JSON/],
    ['["a"]', /--jwt-claims: the JWT claims must be a JSON object/],
    [`{"iss":"${'x'.repeat(20_000)}"}`, /--jwt-claims: the JWT claims are 20010 characters long; at most 16384 are read/],
  ])('refuses --jwt-claims case %# as a usage error', async (claims, message) => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--jwt-claims', claims, policies]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
