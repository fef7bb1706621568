/**
 * gatewayapi.VirtualServiceMixAnalyzer: an Istio VirtualService and a Gateway API route for one
 * mesh host, which Istio's docs call unsupported and undefined (istio.io docs/ambient/usage/l7-features).
 */
import {describe, expect, it} from 'vitest';
import {doc, gatewayApiFindings, route, service} from '../support/gateway-api';

const virtualService = (name: string, ns: string, hosts: string, more = '') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  hosts: ${hosts}\n${more}  http:\n  - route:\n    - destination: {host: reviews}\n`;
const meshRoute = (parent: string, ns = 'default') => route('HTTPRoute', 'reviews-split', ns, `  parentRefs:\n  - ${parent}\n  rules:\n  - backendRefs:\n    - {name: reviews, port: 9080}\n`);
const toReviews = '{group: "", kind: Service, name: reviews, port: 9080}';

const mixes = (text: string) => gatewayApiFindings(text).filter((f) => f.code === 'virtual-service-and-gateway-api-route');

describe('a VirtualService and a mesh route for one Service', () => {
  it('is reported on both, each naming the other and the host', () => {
    const text = doc(service('reviews', 'default', [9080]), virtualService('reviews', 'default', '[reviews]'), meshRoute(toReviews));
    expect(mixes(text)).toEqual([
      {severity: 'warning', code: 'virtual-service-and-gateway-api-route', document: 1, path: '/spec/hosts/0',
        message: 'VirtualService default/reviews and HTTPRoute default/reviews-split both route host reviews.default.svc.cluster.local: ' +
          'Istio does not support mixing VirtualService and Gateway API routes for one host, which leads to undefined behavior'},
      {severity: 'warning', code: 'virtual-service-and-gateway-api-route', document: 2, path: '/spec/parentRefs/0/name',
        message: expect.stringContaining('HTTPRoute default/reviews-split and VirtualService default/reviews both route host reviews.default.svc.cluster.local')},
    ]);
  });

  it('matches the VirtualService host in full and short form, each in its own namespace', () => {
    expect(mixes(doc(virtualService('r', 'shop', '[reviews.default.svc.cluster.local]'), meshRoute(toReviews)))).toHaveLength(2);
    expect(mixes(doc(virtualService('r', 'shop', '[reviews]'), meshRoute(toReviews)))).toEqual([]);
    expect(mixes(doc(virtualService('r', 'default', '["*.default.svc.cluster.local"]'), meshRoute(toReviews)))).toHaveLength(2);
  });

  it('leaves a VirtualService bound only to gateways alone, and takes one bound to mesh among them', () => {
    expect(mixes(doc(virtualService('r', 'default', '[reviews]', '  gateways: [istio-system/ingress]\n'), meshRoute(toReviews)))).toEqual([]);
    expect(mixes(doc(virtualService('r', 'default', '[reviews]', '  gateways: [istio-system/ingress, mesh]\n'), meshRoute(toReviews)))).toHaveLength(2);
  });

  it('leaves routes whose parent is a Gateway alone (their own proxies)', () => {
    expect(mixes(doc(virtualService('r', 'default', '[reviews]'), meshRoute('name: gw')))).toEqual([]);
  });

  it('takes the hosts of an Istio ServiceEntry parent', () => {
    const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: api, namespace: default}\nspec:\n  hosts: [api.example.com]\n  ports: [{number: 443, name: tls, protocol: TLS}]\n  resolution: DNS\n';
    const text = doc(entry, virtualService('api', 'default', '[api.example.com]'), meshRoute('{group: networking.istio.io, kind: ServiceEntry, name: api}'));
    expect(mixes(text).map((f) => f.document)).toEqual([1, 2]);
  });
});
