import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ISTIOD, namespace, namespaced, service, sidecarPod, virtualService, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

/** The outbound clusters' hosts, once each. */
const outboundHosts = (model: StateModel): string[] => [...new Set(text('istioctl pc cluster productpage-v1-abc --direction outbound', model)
  .split('\n').slice(1, -1).map((row) => row.split(/ +/)[0]!))];

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'), namespace('shop'),
  service('reviews', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.12'}),
  service('istiod', 'istio-system', [{name: 'grpc-xds', port: 15010}], {clusterIP: '10.96.0.13'}),
  service('cart', 'shop', [{name: 'http', port: 8080}], {clusterIP: '10.96.0.14'}),
  service('orders', 'shop', [{name: 'http', port: 8081}], {clusterIP: '10.96.0.15'}),
  ...objects));
const sidecar = (name: string, ns: string, spec: Record<string, unknown>): ModelObject => ({
  group: 'networking.istio.io', kind: 'Sidecar', namespace: ns, name, value: {apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: {name, namespace: ns}, spec},
});

describe('istioctl proxy-config under a Sidecar: its egress hosts narrow the Services and VirtualServices a sidecar gets (sidecar.go SidecarScope)', () => {
  it('gets every Service exported to it without a Sidecar', () => {
    expect(outboundHosts(mesh())).toEqual(['cart.shop.svc.cluster.local', 'istiod.istio-system.svc.cluster.local', 'orders.shop.svc.cluster.local', 'reviews.default.svc.cluster.local']);
  });

  it('imports ./* and istio-system/* only, from the namespace\'s Sidecar', () => {
    expect(outboundHosts(mesh(sidecar('default', 'default', {egress: [{hosts: ['./*', 'istio-system/*']}]})))).toEqual(['istiod.istio-system.svc.cluster.local', 'reviews.default.svc.cluster.local']);
    // The listeners follow: shop's HTTP ports have no outbound listener.
    const ports = text('istioctl pc listener productpage-v1-abc --verbose=false', mesh(sidecar('default', 'default', {egress: [{hosts: ['./*', 'istio-system/*']}]}))).split('\n').slice(1, -1).map((row) => row.split(/ +/)[1]);
    expect(ports).not.toContain('8080');
    expect(ports).toContain('9080');
  });

  it('matches a host per namespace or any (*/), exactly or by wildcard, a workload Sidecar before the namespace\'s, and the root namespace\'s last', () => {
    expect(outboundHosts(mesh(sidecar('narrow', 'default', {egress: [{hosts: ['*/cart.shop.svc.cluster.local']}]})))).toEqual(['cart.shop.svc.cluster.local']);
    expect(outboundHosts(mesh(sidecar('wild', 'default', {egress: [{hosts: ['shop/*.shop.svc.cluster.local']}]})))).toEqual(['cart.shop.svc.cluster.local', 'orders.shop.svc.cluster.local']);
    const workload = sidecar('pp', 'default', {workloadSelector: {labels: {app: 'productpage'}}, egress: [{hosts: ['shop/orders.shop.svc.cluster.local']}]});
    const namespaceWide = sidecar('default', 'default', {egress: [{hosts: ['./*']}]});
    expect(outboundHosts(mesh(workload, namespaceWide))).toEqual(['orders.shop.svc.cluster.local']);
    expect(outboundHosts(mesh(sidecar('default', 'istio-system', {egress: [{hosts: ['./*']}]})))).toEqual(['reviews.default.svc.cluster.local']);
  });

  it('adds the Services an imported VirtualService routes to, and keeps a VirtualService none of whose hosts it imports out of the routes', () => {
    const toCart = virtualService('reviews', 'default', {hosts: ['reviews'], http: [{route: [{destination: {host: 'cart.shop.svc.cluster.local'}}]}]});
    expect(outboundHosts(mesh(toCart, sidecar('default', 'default', {egress: [{hosts: ['./*']}]})))).toEqual(['cart.shop.svc.cluster.local', 'reviews.default.svc.cluster.local']);
    const ordersRoutes = virtualService('orders', 'shop', {hosts: ['orders'], http: [{route: [{destination: {host: 'orders'}}]}]});
    const routes = text('istioctl pc route productpage-v1-abc', mesh(ordersRoutes, sidecar('default', 'default', {egress: [{hosts: ['./*']}]})));
    expect(routes).not.toContain('orders');
  });

  it('refuses a Sidecar it does not model: egress ports, ingress listeners, two Sidecars at one level', () => {
    expect(print('istioctl pc cluster productpage-v1-abc', mesh(sidecar('s', 'default', {egress: [{port: {number: 9080, protocol: 'HTTP', name: 'http'}, hosts: ['./*']}]})))?.kind).toBe('gap');
    expect(print('istioctl pc cluster productpage-v1-abc', mesh(sidecar('s', 'default', {ingress: [{port: {number: 9080, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '127.0.0.1:9080'}], egress: [{hosts: ['./*']}]})))?.kind).toBe('gap');
    expect(print('istioctl pc cluster productpage-v1-abc', mesh(sidecar('a', 'default', {egress: [{hosts: ['./*']}]}), sidecar('b', 'default', {egress: [{hosts: ['*/*']}]})))?.kind).toBe('gap');
  });
});
