/**
 * Linkerd 2.20 egress: EgressNetwork choice (egress_network.rs resolve_egress_network: the client's
 * namespace first, else linkerd-egress; the narrowest network), its trafficPolicy's default route
 * (http-egress-deny answers 403 "traffic not allowed", tls-egress-deny forbids), and routes parented
 * to it (grpc/src/outbound/http.rs).
 */
import {describe, expect, it} from 'vitest';
import {route} from './helpers';

const network = (name: string, namespace: string, policy: string, networks = ''): string => `apiVersion: policy.linkerd.io/v1alpha1
kind: EgressNetwork
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  trafficPolicy: ${policy}
${networks}---
`;
const linkerdEgressNs = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: linkerd-egress}\n---\n';
/** An HTTPRoute for api.example.com on EgressNetwork all-egress's port 80, with one rule (its fields, indented under `- `). */
const onAllEgress = (name: string, rule: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: bookinfo}
spec:
  parentRefs: [{name: all-egress, kind: EgressNetwork, group: policy.linkerd.io, port: 80}]
  hostnames: [api.example.com]
  rules:
  - ${rule}
`;
const ask = (yaml: string, request: string) => route({context: 'linkerd-reviews', yaml, request, from: 'bookinfo/productpage-v1'});

describe("Linkerd's EgressNetwork", () => {
  it('forwards unchanged when no EgressNetwork covers the host', () => {
    const decision = ask('', 'GET http://api.example.com/');
    expect(decision).toMatchObject({outcome: 'passthrough', egress: {mesh: 'linkerd', verdict: 'allowed'}});
    expect(decision.egress?.egressNetwork).toBeUndefined();
  });

  it('answers 403 "traffic not allowed" under Deny for HTTP, and refuses TLS', () => {
    const deny = network('all-egress', 'bookinfo', 'Deny');
    expect(ask(deny, 'GET http://api.example.com/')).toMatchObject({outcome: 'direct-response', status: 403, directResponse: {body: 'traffic not allowed'},
      egress: {verdict: 'blocked', egressNetwork: {name: 'all-egress', trafficPolicy: 'Deny'}}});
    expect(ask(deny, 'GET https://api.example.com/')).toMatchObject({outcome: 'unreachable', status: null, egress: {verdict: 'blocked'}});
  });

  it("prefers the client namespace's EgressNetworks to the global namespace's, and the narrowest network", () => {
    const global = `${linkerdEgressNs}${network('global-deny', 'linkerd-egress', 'Deny')}`;
    expect(ask(global, 'GET http://api.example.com/').egress?.egressNetwork?.name).toBe('global-deny');
    expect(ask(`${global}${network('local-allow', 'bookinfo', 'Allow')}`, 'GET http://api.example.com/').egress).toMatchObject({verdict: 'allowed', egressNetwork: {name: 'local-allow'}});
    const narrow = `${network('wide', 'bookinfo', 'Deny')}${network('narrow', 'bookinfo', 'Allow', '  networks:\n  - cidr: 203.0.113.0/24\n')}`;
    expect(ask(narrow, 'GET http://203.0.113.7/').egress?.egressNetwork?.name).toBe('narrow');
    expect(ask(narrow, 'GET http://198.51.100.7/').egress?.egressNetwork?.name).toBe('wide');
    // A name's address is unknown: only a network holding every outside address covers it.
    expect(ask(narrow, 'GET http://api.example.com/').egress?.egressNetwork?.name).toBe('wide');
  });

  it('lets a matching HTTPRoute parented to a Deny EgressNetwork through, and denies the rest', () => {
    const routeYaml = `${network('all-egress', 'bookinfo', 'Deny')}${onAllEgress('api-get', `matches: [{path: {type: PathPrefix, value: /v1}}]
    backendRefs: [{name: all-egress, kind: EgressNetwork, group: policy.linkerd.io}]`)}`;
    expect(ask(routeYaml, 'GET http://api.example.com/v1/items').egress).toMatchObject({verdict: 'allowed', route: {name: 'api-get'}});
    expect(ask(routeYaml, 'GET http://api.example.com/admin').egress?.verdict).toBe('blocked');
    expect(ask(routeYaml, 'GET http://other.example.com/v1/items').egress?.verdict).toBe('blocked');
  });

  it('lets a TLSRoute whose hostnames hold the SNI through', () => {
    const tls = `${network('all-egress', 'bookinfo', 'Deny')}apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: api-tls, namespace: bookinfo}
spec:
  parentRefs: [{name: all-egress, kind: EgressNetwork, group: policy.linkerd.io, port: 443}]
  hostnames: [api.example.com]
  rules:
  - backendRefs: [{name: all-egress, kind: EgressNetwork, group: policy.linkerd.io, port: 443}]
`;
    expect(ask(tls, 'GET https://api.example.com/').egress).toMatchObject({verdict: 'allowed', route: {kind: 'TLSRoute', name: 'api-tls'}});
    expect(ask(tls, 'GET https://other.example.com/').egress?.verdict).toBe('blocked');
  });

  it('answers 500 for a backend naming another EgressNetwork, its kind and group read in any ASCII case (is_egress_network)', () => {
    const foreign = `${network('all-egress', 'bookinfo', 'Allow')}${network('other', 'bookinfo', 'Allow', '  networks:\n  - cidr: 192.0.2.0/24\n')}apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api-other, namespace: bookinfo}
spec:
  parentRefs: [{name: all-egress, kind: EgressNetwork, group: policy.linkerd.io}]
  rules:
  - backendRefs: [{name: other, kind: egressnetwork, group: Policy.Linkerd.IO}]
`;
    expect(ask(foreign, 'GET http://api.example.com/')).toMatchObject({outcome: 'direct-response', status: 500, egress: {verdict: 'blocked', route: {name: 'api-other'}}});
  });
});

describe('a route on an EgressNetwork with Service and EgressNetwork backends (RandomAvailable by weight)', () => {
  const mixed = (backends: string, extraNetworks = ''): string => `${network('all-egress', 'bookinfo', 'Deny')}${extraNetworks}${onAllEgress('api-split', `backendRefs: [${backends}]`)}`;
  const egressBackend = (weight: number, name = 'all-egress'): string => `{name: ${name}, kind: EgressNetwork, group: policy.linkerd.io, weight: ${weight}}`;

  it('forwards the EgressNetwork backend\'s share to the external host and sends the Service\'s into the cluster', () => {
    const decision = ask(mixed(`${egressBackend(20)}, {name: reviews-v1, port: 9080, weight: 80}`), 'GET http://api.example.com/');
    expect(decision.outcome).toBe('routed');
    expect(decision.destinations.map((d) => [d.host, d.share, d.status])).toEqual([['api.example.com', 0.2, 200], ['reviews-v1.bookinfo.svc.cluster.local', 0.8, 200]]);
    expect(decision.egress).toMatchObject({verdict: 'allowed', route: {name: 'api-split'}, answer: '20% reach api.example.com, the rest served inside the cluster by bookinfo/reviews-v1'});
    // The shares the client sees sum to one: the external host's, then the Service's pod(s).
    expect(decision.distribution.reduce((sum, e) => sum + e.share, 0)).toBeCloseTo(1, 12);
    expect(decision.distribution.find((e) => e.host === 'api.example.com')).toMatchObject({share: 0.2, status: 200});
  });

  it('answers 500 for the share of another EgressNetwork or a missing one, keeping the others\' shares', () => {
    const other = network('other', 'bookinfo', 'Allow', '  networks:\n  - cidr: 192.0.2.0/24\n');
    const decision = ask(mixed(`${egressBackend(1, 'other')}, ${egressBackend(1, 'gone')}, {name: reviews-v1, port: 9080, weight: 2}`, other), 'GET http://api.example.com/');
    expect(decision.destinations.map((d) => [d.status, d.share])).toEqual([[500, 0.25], [500, 0.25], [200, 0.5]]);
    expect(decision.destinations[0]!.problem).toContain('Route with EgressNetwork backend needs to have the same EgressNetwork as a parent');
    expect(decision.destinations[1]!.problem).toContain('EgressNetwork not found gone');
    expect(decision.egress).toMatchObject({verdict: 'blocked', answer: 'served inside the cluster by bookinfo/reviews-v1'});
  });

  it('a backend of weight 0 takes nothing: the parent\'s own EgressNetwork alone forwards everything', () => {
    expect(ask(mixed(`${egressBackend(1)}, {name: reviews-v1, port: 9080, weight: 0}`), 'GET http://api.example.com/')).toMatchObject({outcome: 'passthrough', egress: {verdict: 'allowed'}});
    expect(ask(mixed(`${egressBackend(0)}, {name: reviews-v1, port: 9080, weight: 3}`), 'GET http://api.example.com/').destinations.map((d) => [d.host, d.share]))
      .toEqual([['reviews-v1.bookinfo.svc.cluster.local', 1]]);
  });
});

describe('an EgressNetwork backend of a route on a Service', () => {
  const onService = (backend: string, extra = ''): string => `${extra}apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews-out, namespace: bookinfo}
spec:
  parentRefs: [{name: reviews, kind: Service, group: core, port: 9080}]
  rules:
  - backendRefs: [${backend}]
`;

  it('is the controller\'s invalid backend: its share answers 500, saying the EgressNetwork needs to be the parent', () => {
    const decision = ask(onService('{name: all-egress, kind: EgressNetwork, group: policy.linkerd.io, port: 443}', network('all-egress', 'bookinfo', 'Allow')), 'GET http://reviews:9080/');
    expect(decision.destinations).toHaveLength(1);
    expect(decision.destinations[0]).toMatchObject({status: 500, problem: expect.stringContaining('EgressNetwork backends attach to EgressNetwork parents only')});
  });

  it('names a missing EgressNetwork as not found, and keeps the other backends\' shares', () => {
    const decision = ask(onService('{name: gone, kind: EgressNetwork, group: policy.linkerd.io}, {name: reviews-v1, port: 9080}'), 'GET http://reviews:9080/');
    expect(decision.destinations.map((d) => [d.status, d.share])).toEqual([[500, 0.5], [200, 0.5]]);
    expect(decision.destinations[0]!.problem).toContain('EgressNetwork not found');
  });
});
