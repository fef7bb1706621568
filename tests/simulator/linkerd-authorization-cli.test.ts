/**
 * `meshdive route` at Linkerd-meshed pods: the answer's block before the trace, `--client-ip`,
 * and JSON output carrying `decision.linkerd`.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {routeInProcess} from '../support/route-in-process';
import {apiDeployment, MESHED_SHOP, SERVER_HTTP} from './linkerd-helpers';

const work = mkdtempSync(join(tmpdir(), 'meshdive-linkerd-route-'));
const context = join(work, 'cluster.yaml');
writeFileSync(context, MESHED_SHOP + '---' + apiDeployment());
const policy = join(work, 'policy.yaml');
writeFileSync(policy, `${SERVER_HTTP}---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: web-only, namespace: shop}
spec:
  targetRef: {group: policy.linkerd.io, kind: Server, name: api-http}
  requiredAuthenticationRefs: [{kind: ServiceAccount, name: web}]
`);

const meshdive = routeInProcess;

describe('meshdive route with Linkerd policy', () => {
  it('prints the 403 and who decided, before the trace', async () => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--from', 'ops/batch', policy]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe('Decision: 403  Linkerd: 403 Forbidden: no authorization on Server shop/api-http admits ops/batch');
    expect(result.stdout).toContain(`Linkerd: 403 at shop/api port 8080\n  server: Server shop/api-http  [${policy}#0/], protocol detected\n  route: default\n  client: ops/batch, identity default.ops.serviceaccount.identity.linkerd.cluster.local, address 10.244.`);
    expect(result.stdout).toContain('  l5d-proxy-error: unauthorized request on route\nTrace:\n');
  });

  it('names the authorization that admits the client', async () => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--from', 'shop/web', policy]);
    expect(result.stdout).toMatch(/^Decision: 200 {2}api\.shop\.svc\.cluster\.local \(1 pod\) \(Linkerd: allowed by AuthorizationPolicy shop\/web-only\)$/m);
    expect(result.stdout).toContain(`  authorized by: AuthorizationPolicy shop/web-only (ServiceAccount shop/web)  [${policy}#1/]`);
  });

  it('takes --client-ip as an unmeshed client there, and writes decision.linkerd as JSON', async () => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--client-ip', '203.0.113.7', '--format', 'json', policy]);
    expect(result.status).toBe(0);
    const {decision} = JSON.parse(result.stdout) as {decision: {status: number; linkerd: Array<Record<string, unknown>>}};
    expect(decision.status).toBe(403);
    expect(decision.linkerd).toMatchObject([{verdict: 'forbidden', client: {meshed: false, address: '203.0.113.7', addressAssumed: false}}]);
    expect(decision.linkerd[0]!.proxyError).toBeUndefined();
  });

  it('refuses a --client-ip that is no address, as a usage error', async () => {
    const result = await meshdive(['--context', context, '--request', 'GET http://api.shop/', '--client-ip', '10.0.0.300', policy]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--client-ip must be an IPv4 or IPv6 address, got "10.0.0.300"');
  });
});
