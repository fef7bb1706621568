/** `meshdive route` for a host outside the cluster (the egress lines) and with --rate (the rate-limit block). */
import {describe, expect, it} from 'vitest';
import {routeInProcess} from '../support/route-in-process';
import {workFiles} from '../support/work-files';
import {linkerdRateLimit} from '../simulator/ratelimit-support';

const file = workFiles('meshdive-route-egress-');

const REGISTRY_ONLY = file('registry-only.yaml', `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: bookinfo}
spec:
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: bookinfo}
spec:
  hosts: [api.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 80, name: http, protocol: HTTP}]
`);
const RATE_LIMIT = file('rate-limit.yaml', linkerdRateLimit('  identity: {requestsPerSecond: 5}\n', 'per-client'));
const bookinfo = ['--context', 'labs/contexts/bookinfo.yaml', '--from', 'bookinfo/productpage-v1'];

describe('meshdive route: egress', () => {
  it('prints the 502 of block_all and the policy that decided', async () => {
    const result = await routeInProcess([...bookinfo, '--request', 'GET http://www.example.org/', REGISTRY_ONLY]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Decision: 502  502 from the sidecar: www.example.org is not registered and the outbound traffic policy is REGISTRY_ONLY');
    expect(result.stdout).toContain('Egress: blocked: 502 Bad Gateway from the sidecar (route block_all)\n  outbound traffic policy REGISTRY_ONLY (Sidecar bookinfo/default)');
  });

  it('prints the ServiceEntry and cluster of a registered host', async () => {
    const result = await routeInProcess([...bookinfo, '--request', 'GET http://api.example.com/', REGISTRY_ONLY]);
    expect(result.stdout).toContain('Egress: leaves the mesh: api.example.com answers through cluster outbound|80||api.example.com\n');
    expect(result.stdout).toContain('  registered by ServiceEntry bookinfo/api (MESH_EXTERNAL, resolution DNS)\n');
  });
});

describe('meshdive route --rate', () => {
  const linkerd = ['--context', 'labs/contexts/linkerd-reviews.yaml', '--from', 'bookinfo/productpage-v1', '--request', 'GET http://reviews-v1.bookinfo:9080/'];

  it('prints each limiting proxy and what gets 429', async () => {
    const result = await routeInProcess([...linkerd, '--rate', '20', RATE_LIMIT]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/Rate: 20 requests per second for 10 s, spread over the destination pods\n  pod reviews-v1-\S+ \(inbound\): HTTPLocalRateLimitPolicy bookinfo\/per-client: identity 5 rps for bookinfo-productpage\.bookinfo\.serviceaccount\.identity\.linkerd\.cluster\.local; receives 20\/s, answered 429 to \d+ of 200\n/);
    expect(result.stdout).toMatch(/last second: 5 served\n/);
  });

  it('answers JSON with the plan beside the decision', async () => {
    const result = await routeInProcess([...linkerd, '--rate', '20', '--format', 'json', RATE_LIMIT]);
    const out = JSON.parse(result.stdout) as {rateLimit: {servedPerSecond: number; sent: number}};
    expect(out.rateLimit).toMatchObject({servedPerSecond: 5, sent: 200});
  });

  it.each([['0'], ['10001'], ['2.5'], ['fast']])('refuses --rate %s', async (rate) => {
    const result = await routeInProcess([...linkerd, '--rate', rate, RATE_LIMIT]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^meshdive route: --rate (must be from 1 to 10000|expects a whole number)/);
  });
});
