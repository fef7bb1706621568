import {describe, expect, it} from 'vitest';
import {describeRouteDomains} from '../../../src/terminal/printers/istioctl-route';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ISTIOD, namespace, namespaced, service, sidecarPod, virtualService, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

/** The table's rows as their cells (istioctl's cells never hold two spaces). */
const rows = (table: string): string[][] => table.replace(/\n$/, '').split('\n').slice(1).map((row) => row.split(/ {2,}/).map((cell) => cell.trim()));

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'),
  service('productpage', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.11'}),
  service('reviews', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.12'}),
  service('istiod', 'istio-system', [{name: 'grpc-xds', port: 15010}, {name: 'https-dns', port: 15012}], {clusterIP: '10.96.0.13'}),
  service('web', 'istio-system', [{name: 'status', port: 8081}], {clusterIP: '10.96.0.14'}),
  ...objects));
const reviewsRoutes = virtualService('reviews', 'default', {hosts: ['reviews'], http: [
  {match: [{headers: {'end-user': {exact: 'jason'}}}, {uri: {prefix: '/api'}}, {uri: {exact: '/health'}}, {uri: {regex: '/v[0-9]+'}}], route: [{destination: {host: 'reviews'}}]},
  {match: [{uri: {prefix: '/'}}], route: [{destination: {host: 'reviews'}}]},
  {route: [{destination: {host: 'reviews', subset: 'v1'}}]},
]});

describe('istioctl proxy-config route, as route.go PrintRouteSummary prints what istiod gives a sidecar', () => {
  it('lists the port routes, a sniffed port\'s own route, then the inline ones: the bootstrap\'s and the inbound chains\'', () => {
    expect(text('istioctl proxy-config route productpage-v1-abc', mesh())).toBe([
      'NAME                                        VHOST NAME                                      DOMAINS                                                                     MATCH                  VIRTUAL SERVICE',
      '9080                                        productpage.default.svc.cluster.local:9080      productpage.default.svc.cluster.local., productpage + 2 more...             /*                     ',
      '9080                                        reviews.default.svc.cluster.local:9080          reviews.default.svc.cluster.local., reviews + 2 more...                     /*                     ',
      '15010                                       istiod.istio-system.svc.cluster.local:15010     istiod.istio-system.svc.cluster.local., istiod.istio-system + 1 more...     /*                     ',
      'web.istio-system.svc.cluster.local:8081     web.istio-system.svc.cluster.local:8081         *                                                                           /*                     ',
      '                                            backend                                         *                                                                           /stats/prometheus*     ',
      '                                            backend                                         *                                                                           /healthz/ready*        ',
      'inbound|9080||                              inbound|http|9080                               *                                                                           /*                     ',
      'inbound|9080||                              inbound|http|9080                               *                                                                           /*                     ',
      'InboundPassthroughCluster                   inbound|http|0                                  *                                                                           /*                     ',
      'InboundPassthroughCluster                   inbound|http|0                                  *                                                                           /*                     ',
      '',
    ].join('\n'));
  });

  it('gives a VirtualService\'s host one route per match, describing only the path, and none after a catch-all', () => {
    const reviews = rows(text('istioctl pc routes productpage-v1-abc --name 9080', mesh(reviewsRoutes))).filter((row) => row[1] === 'reviews.default.svc.cluster.local:9080');
    expect(reviews.map((row) => `${row[3]} ${row[4]}`)).toEqual(['/* reviews.default', '/api* reviews.default', '/health reviews.default', 'regex /v[0-9]+ reviews.default', '/* reviews.default']);
  });

  it('puts every VirtualService on port 80\'s routes under its own host, as istiod\'s legacy rule does', () => {
    const gateway = service('istio-ingressgateway', 'istio-system', [{name: 'http2', port: 80}], {clusterIP: '10.96.0.15'});
    const vs = virtualService('ratings', 'default', {hosts: ['ratings'], http: [{route: [{destination: {host: 'ratings'}}]}]});
    expect(rows(text('istioctl pc r productpage-v1-abc --name 80', mesh(gateway, vs)))).toEqual([
      ['80', 'istio-ingressgateway.istio-system.svc.cluster.local:80', 'istio-ingressgateway.istio-system.svc.cluster.local., istio-ingressgateway.istio-system + 1 more...', '/*', ''],
      ['80', 'ratings.default.svc.cluster.local:80', 'ratings.default.svc.cluster.local', '/*', 'ratings.default'],
    ]);
  });

  it('takes a host for the oldest VirtualService naming it, and leaves out VirtualServices bound to gateways only or not exported', () => {
    const older = virtualService('reviews-old', 'default', {hosts: ['reviews'], http: [{match: [{uri: {prefix: '/old'}}], route: [{destination: {host: 'reviews'}}]}]}, '2026-11-24T20:00:00Z');
    const gatewayOnly = virtualService('reviews-gw', 'default', {hosts: ['reviews'], gateways: ['bookinfo-gateway'], http: [{route: [{destination: {host: 'reviews'}}]}]}, '2026-11-24T19:00:00Z');
    const hidden = virtualService('reviews-hidden', 'other', {hosts: ['reviews.default.svc.cluster.local'], exportTo: ['.'], http: [{route: [{destination: {host: 'reviews.default.svc.cluster.local'}}]}]}, '2026-11-24T18:00:00Z');
    const reviews = rows(text('istioctl pc route productpage-v1-abc --name 9080', mesh(reviewsRoutes, older, gatewayOnly, hidden))).filter((row) => row[1] === 'reviews.default.svc.cluster.local:9080');
    expect(reviews.map((row) => `${row[3]} ${row[4]}`)).toEqual(['/old* reviews-old.default']);
  });

  it('counts virtual hosts with --verbose=false, allow_any included, and prints the header alone for an unknown --name', () => {
    expect(rows(text('istioctl pc route productpage-v1-abc --verbose=false', mesh())).slice(0, 3)).toEqual([['9080', '3'], ['15010', '2'], ['web.istio-system.svc.cluster.local:8081', '1']]);
    expect(text('istioctl pc route productpage-v1-abc --name 9999', mesh())).toBe('NAME     VHOST NAME     DOMAINS     MATCH     VIRTUAL SERVICE\n');
  });

  it('shows block_all, which answers 502 itself, when the mesh allows registered destinations only', () => {
    const registryOnly = withMeshConfig(mesh(), {outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'}});
    expect(rows(text('istioctl pc route productpage-v1-abc --name 15010', registryOnly))).toEqual([
      ['15010', 'istiod.istio-system.svc.cluster.local:15010', 'istiod.istio-system.svc.cluster.local., istiod.istio-system + 1 more...', '/*', ''],
      ['15010', 'block_all', '*', '/*', ''],
    ]);
  });

  it('refuses what the model cannot derive: no Namespaces, a wildcard or delegating VirtualService, an output format istioctl lacks', () => {
    const model = mesh();
    expect(print('istioctl pc route productpage-v1-abc', {...model, objects: model.objects.filter((o) => o.kind !== 'Namespace')})?.kind).toBe('gap');
    expect(print('istioctl pc route productpage-v1-abc', {...model, held: ['/Service/default']})?.kind).toBe('gap');
    expect(print('istioctl pc route productpage-v1-abc', mesh(virtualService('all', 'default', {hosts: ['*.example.com'], http: [{route: [{destination: {host: 'reviews'}}]}]})))?.kind).toBe('gap');
    expect(print('istioctl pc route productpage-v1-abc', mesh(virtualService('d', 'default', {hosts: ['reviews'], http: [{delegate: {name: 'x'}}]})))?.kind).toBe('gap');
    expect(print('istioctl pc route productpage-v1-abc --name 9080 -o wide', model)).toBeUndefined();
  });
});

describe('describeRouteDomains, as route.go shortens a virtual host\'s domains', () => {
  it('keeps one domain whole, drops ported ones and expansions of a shorter name, and counts beyond two', () => {
    expect(describeRouteDomains(['*'])).toBe('*');
    expect(describeRouteDomains(['a.b.svc.cluster.local', 'a.b.svc', 'a.b'])).toBe('a.b');
    expect(describeRouteDomains(['a.b.svc.cluster.local', 'a.b.svc.cluster.local:80', 'a', 'a:80', '10.0.0.1', '10.0.0.1:80'])).toBe('a.b.svc.cluster.local, a + 1 more...');
    // An IPv6 address is kept bare ([...]), and left out with a port.
    expect(describeRouteDomains(['x', '[fd00:10:96::7fc7]', '[fd00:10:96::7fc7]:8090'])).toBe('x, [fd00:10:96::7fc7]');
  });
});

describe('istioctl proxy-config route: the VirtualService matches that pick routes per proxy and per port (route.go TranslateRoute, sourceMatchHTTP)', () => {
  const perProxy = virtualService('reviews', 'default', {hosts: ['reviews'], http: [
    {match: [{sourceLabels: {app: 'productpage'}, uri: {prefix: '/pp'}}, {sourceLabels: {app: 'ratings'}, uri: {prefix: '/ratings'}}], route: [{destination: {host: 'reviews'}}]},
    {match: [{port: 9080, uri: {prefix: '/on-9080'}}, {port: 80, uri: {prefix: '/on-80'}}], route: [{destination: {host: 'reviews'}}]},
    {match: [{gateways: ['mesh'], uri: {prefix: '/mesh'}}, {gateways: ['bookinfo-gateway'], uri: {prefix: '/gw'}}], route: [{destination: {host: 'reviews'}}]},
    {match: [{sourceNamespace: 'other', uri: {prefix: '/other-ns'}}, {sourceNamespace: 'default', sourceLabels: {app: 'productpage'}}], route: [{destination: {host: 'reviews', subset: 'v1'}}]},
    {route: [{destination: {host: 'reviews', subset: 'v2'}}]},
  ]});
  const reviewsRows = (port: number, model: StateModel): string[] => rows(text(`istioctl pc route productpage-v1-abc --name ${port}`, model))
    .filter((row) => row[1] === `reviews.default.svc.cluster.local:${port}`).map((row) => row[3]!);

  it('keeps a match only when its sourceLabels are the proxy\'s, its sourceNamespace the proxy\'s, its gateways include mesh and its port is the listener\'s', () => {
    // The last kept match (productpage in default, no path) is a catch-all: the final route never comes.
    expect(reviewsRows(9080, mesh(perProxy))).toEqual(['/pp*', '/on-9080*', '/mesh*', '/*']);
    // On port 80 (where istiod puts every VirtualService), the port match picks the other route.
    const gateway = service('istio-ingressgateway', 'istio-system', [{name: 'http2', port: 80}], {clusterIP: '10.96.0.15'});
    expect(reviewsRows(80, mesh(perProxy, gateway))).toEqual(['/pp*', '/on-80*', '/mesh*', '/*']);
  });

  it('gives a VirtualService none of whose matches apply no virtual host of its own: the Service keeps its default route', () => {
    const elsewhere = virtualService('reviews', 'default', {hosts: ['reviews'], http: [{match: [{sourceLabels: {app: 'ratings'}}], route: [{destination: {host: 'reviews'}}]}]});
    expect(rows(text('istioctl pc route productpage-v1-abc --name 9080', mesh(elsewhere))).filter((row) => row[1] === 'reviews.default.svc.cluster.local:9080'))
      .toEqual([['9080', 'reviews.default.svc.cluster.local:9080', 'reviews.default.svc.cluster.local., reviews + 2 more...', '/*', '']]);
  });
});
