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

/**
 * The VirtualServices a Sidecar imports (istio 1.30.3 pilot/pkg/model/sidecar.go
 * convertIstioListenerToWrapper, GetEgressListenerForRDS, collectImportedServices;
 * virtualservice.go SelectVirtualServices, hostClassification.VSMatches): an egress listener
 * imports a VirtualService when a hosts entry of the VirtualService's own namespace (or `*`)
 * matches one of its hosts, and the services it sends to come with it.
 */
describe("a Sidecar's egress hosts and VirtualServices", () => {
  /** A VirtualService kept in istio-system (not the Service's namespace) that sends every reviews request to v2. */
  const reviewsV2 = (namespace: string, destination = 'reviews.bookinfo.svc.cluster.local') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-v2, namespace: ${namespace}}
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]
  http:
  - route:
    - destination: {host: ${destination}, subset: v2}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews.bookinfo.svc.cluster.local
  subsets:
  - {name: v2, labels: {version: v2}}
---
`;

  it("leave out a VirtualService of a namespace the hosts do not name: the Service's default route applies", () => {
    const narrowed = bookinfo(`${reviewsV2('istio-system')}${sidecar(['./*'])}`, 'GET http://reviews:9080/reviews/0');
    expect(narrowed.virtualServices ?? []).toEqual([]);
    expect(narrowed.destinations.map((d) => d.subset)).toEqual([undefined]);
    expect(narrowed.trace.map((s) => s.message)).toEqual(expect.arrayContaining([expect.stringMatching(/VirtualService istio-system\/reviews-v2 claims reviews\.bookinfo\.svc\.cluster\.local but Sidecar bookinfo\/narrow does not import it/)]));
    // Without the Sidecar, the same VirtualService routes every request to v2.
    expect(bookinfo(reviewsV2('istio-system'), 'GET http://reviews:9080/reviews/0').destinations.map((d) => d.subset)).toEqual(['v2']);
  });

  it('import it by an entry of its namespace, or of namespace *', () => {
    for (const hosts of [['./*', 'istio-system/*'], ['./*', 'istio-system/reviews.bookinfo.svc.cluster.local'], ['*/reviews.bookinfo.svc.cluster.local'], ['./*', 'istio-system/*.bookinfo.svc.cluster.local']]) {
      const decision = bookinfo(`${reviewsV2('istio-system')}${sidecar(hosts)}`, 'GET http://reviews:9080/reviews/0');
      expect(decision.destinations.map((d) => d.subset), hosts.join(',')).toEqual(['v2']);
    }
    // A short name in an entry is not completed: it never equals the VirtualService's full host.
    expect(bookinfo(`${reviewsV2('istio-system')}${sidecar(['./*', 'istio-system/reviews'])}`, 'GET http://reviews:9080/reviews/0').destinations.map((d) => d.subset)).toEqual([undefined]);
  });

  it('take the routes of a port from its own listener, else from the catch-all', () => {
    const twoListeners = `${reviewsV2('istio-system')}apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: narrow, namespace: bookinfo}
spec:
  egress:
  - port: {number: 9080, name: http, protocol: HTTP}
    hosts: [./*]
  - hosts: [./*, istio-system/*]
`;
    expect(bookinfo(twoListeners, 'GET http://reviews:9080/reviews/0').destinations.map((d) => d.subset)).toEqual([undefined]);
  });

  it('import the services an imported VirtualService sends to, although no hosts entry names them', () => {
    // The VirtualService for reviews lives in istio-system and sends to reviews; the Sidecar imports only istio-system's hosts.
    const decision = bookinfo(`${reviewsV2('istio-system')}${sidecar(['istio-system/*'], {mode: 'REGISTRY_ONLY'})}`, 'GET http://reviews:9080/reviews/0');
    expect(decision).toMatchObject({outcome: 'routed', status: 200});
    expect(decision.destinations.map((d) => d.subset)).toEqual(['v2']);
    expect(decision.trace.map((s) => s.message)).toEqual(expect.arrayContaining([expect.stringMatching(/imports VirtualService istio-system\/reviews-v2, which sends to reviews\.bookinfo\.svc\.cluster\.local: the service is imported with it/)]));
    // A VirtualService the Sidecar does not import brings nothing: reviews stays out (502 under REGISTRY_ONLY).
    expect(bookinfo(`${reviewsV2('istio-system')}${sidecar(['./details.bookinfo.svc.cluster.local'], {mode: 'REGISTRY_ONLY'})}`, 'GET http://reviews:9080/reviews/0').status).toBe(502);
  });
});
