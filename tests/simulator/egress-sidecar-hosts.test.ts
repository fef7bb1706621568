/**
 * A Sidecar's `egress` hosts narrow the client's registry (pilot/pkg/model/sidecar.go
 * selectServices: `namespace/dnsName`, `.` the Sidecar's namespace, `*` any; a listener's `port`
 * imports only that port): a Service or ServiceEntry left out is, for that sidecar, a host outside
 * the registry, so the outbound traffic policy sends it to PassthroughCluster (ALLOW_ANY) or
 * blocks it (REGISTRY_ONLY: block_all's 502 on an HTTP port, BlackHoleCluster's reset otherwise).
 */
import {describe, expect, it} from 'vitest';
import {route} from './helpers';

const sidecar = (hosts: string[], {mode, port, selector}: {mode?: string; port?: number; selector?: string} = {}): string => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: narrow, namespace: bookinfo}
spec:
${selector ? `  workloadSelector: {labels: ${selector}}\n` : ''}  egress:
  - hosts: ${JSON.stringify(hosts)}${port ? `\n    port: {number: ${port}, name: http, protocol: HTTP}` : ''}
${mode ? `  outboundTrafficPolicy: {mode: ${mode}}\n` : ''}`;
const apiEntry = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: bookinfo}
spec:
  hosts: [api.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 80, name: http, protocol: HTTP}]
`;
const bookinfo = (yaml: string, request: string, from = 'bookinfo/productpage-v1') => route({context: 'bookinfo', yaml, request, from});

describe('a Sidecar\'s egress hosts', () => {
  it('leave a Service out of the registry: under REGISTRY_ONLY the sidecar answers 502, and the trace names the Sidecar', () => {
    const decision = bookinfo(sidecar(['./details.bookinfo.svc.cluster.local'], {mode: 'REGISTRY_ONLY'}), 'GET http://reviews:9080/reviews/0');
    expect(decision).toMatchObject({outcome: 'direct-response', status: 502});
    expect(decision.egress).toMatchObject({verdict: 'blocked', cluster: 'block_all'});
    expect(decision.trace.map((s) => s.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^Sidecar bookinfo\/narrow egress hosts \(\.\/details\.bookinfo\.svc\.cluster\.local\) do not import bookinfo\/reviews\.bookinfo\.svc\.cluster\.local on port 9080/)]));
  });

  it('under ALLOW_ANY send a host left out to PassthroughCluster instead of its pods', () => {
    const decision = bookinfo(sidecar(['./details.bookinfo.svc.cluster.local']), 'GET http://reviews:9080/reviews/0');
    expect(decision).toMatchObject({outcome: 'passthrough'});
    expect(decision.egress).toMatchObject({verdict: 'allowed', cluster: 'PassthroughCluster'});
  });

  it('keep an imported host routed as before: by name, by namespace wildcard, by `*` namespace', () => {
    for (const hosts of [['./reviews.bookinfo.svc.cluster.local'], ['bookinfo/*'], ['./*'], ['*/*.svc.cluster.local'], ['istio-system/*', '*/reviews.bookinfo.svc.cluster.local']]) {
      const decision = bookinfo(sidecar(hosts, {mode: 'REGISTRY_ONLY'}), 'GET http://reviews:9080/reviews/0');
      expect(decision.outcome, hosts.join(',')).toBe('routed');
      expect(decision.status).toBe(200);
    }
  });

  it('narrow ServiceEntries too: an external host the Sidecar does not import is blocked although a ServiceEntry registers it', () => {
    const narrowed = bookinfo(`${apiEntry}---\n${sidecar(['./*.bookinfo.svc.cluster.local'], {mode: 'REGISTRY_ONLY'})}`, 'GET http://api.example.com/');
    expect(narrowed.egress).toMatchObject({verdict: 'blocked'});
    const imported = bookinfo(`${apiEntry}---\n${sidecar(['./api.example.com'], {mode: 'REGISTRY_ONLY'})}`, 'GET http://api.example.com/');
    expect(imported.egress).toMatchObject({verdict: 'allowed', serviceEntry: {name: 'api'}});
  });

  it('with a listener port import the host on that port only', () => {
    const onPort = sidecar(['./reviews.bookinfo.svc.cluster.local'], {mode: 'REGISTRY_ONLY', port: 8080});
    expect(bookinfo(onPort, 'GET http://reviews:9080/reviews/0').status).toBe(502);
    expect(bookinfo(sidecar(['./reviews.bookinfo.svc.cluster.local'], {mode: 'REGISTRY_ONLY', port: 9080}), 'GET http://reviews:9080/reviews/0').status).toBe(200);
  });

  it('apply only to the workloads the Sidecar selects, and never to a client without a proxy', () => {
    const selected = sidecar(['./details.bookinfo.svc.cluster.local'], {mode: 'REGISTRY_ONLY', selector: '{app: productpage}'});
    expect(bookinfo(selected, 'GET http://reviews:9080/reviews/0').status).toBe(502);
    expect(bookinfo(selected, 'GET http://reviews.bookinfo:9080/reviews/0', 'bookinfo/ratings-v1').status).toBe(200);
    // A Sidecar in legacy, whose client runs no proxy: nothing reads it, reviews is routed as usual.
    const inLegacy = sidecar(['./details.bookinfo.svc.cluster.local'], {mode: 'REGISTRY_ONLY'}).replace('namespace: bookinfo', 'namespace: legacy');
    expect(bookinfo(inLegacy, 'GET http://reviews.bookinfo:9080/reviews/0', 'legacy/legacy-client')).toMatchObject({outcome: 'routed', status: 200});
  });
});
