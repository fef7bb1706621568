/**
 * Waypoints in another namespace, as istiod 1.30.3 binds them (pilot/pkg/serviceregistry/ambient/
 * waypoints.go): `istio.io/use-waypoint-namespace` names the waypoint's namespace, and the waypoint's
 * listener (the inbound binding's, else HBONE 15008) must admit the object's namespace in
 * `allowedRoutes.namespaces` (makeAllowedRoutes, AllowsAttachmentFromNamespace), else the object gets
 * no waypoint (AttachmentDenied). istioctl's WAYPOINT column prints the waypoint Service's name alone.
 */
import {describe, expect, it} from 'vitest';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {cluster, ns, obj, print, svc} from './ztunnel-support';

const WAYPOINT_IP = '10.96.50.50';
const USE_SHARED = {'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'infra'};

/** Waypoint infra/shared with an address, its HBONE listener admitting `namespaces` (none: Same). */
function sharedWaypoint(namespaces?: Record<string, unknown>, labels: Record<string, string> = {}, annotations: Record<string, string> = {}, extraListeners: unknown[] = []): ModelObject[] {
  return [
    ns('infra', {}),
    obj('gateway.networking.k8s.io', 'Gateway', 'infra', 'shared', {
      metadata: {name: 'shared', namespace: 'infra', labels, annotations},
      spec: {gatewayClassName: 'istio-waypoint', listeners: [{name: 'mesh', port: 15008, protocol: 'HBONE', ...(namespaces ? {allowedRoutes: {namespaces}} : {})}, ...extraListeners]},
      status: {addresses: [{type: 'IPAddress', value: WAYPOINT_IP}]},
    }),
    svc('infra', 'shared', WAYPOINT_IP, {'gateway.networking.k8s.io/gateway-name': 'shared'}, {'gateway.istio.io/managed': 'istio.io-mesh-controller'}),
  ];
}

/** The WAYPOINT cell of a service row. */
const serviceWaypoint = (text: string, name: string): string | undefined =>
  text.split('\n').find((line) => line.split(/ +/)[1] === name)?.split(/ +/)[3];

describe('a namespace that uses a waypoint of another namespace', () => {
  const ambient = {'istio.io/dataplane-mode': 'ambient', ...USE_SHARED};

  it('binds its Services when the waypoint admits every namespace, and prints the waypoint Service\'s name', () => {
    const text = print('istioctl ztunnel-config services', cluster(ambient, sharedWaypoint({from: 'All'})));
    expect(serviceWaypoint(text, 'reviews')).toBe('shared');
    expect(serviceWaypoint(text, 'productpage')).toBe('shared');
    // The waypoint's own Service has none (fetchWaypointForService).
    expect(serviceWaypoint(text, 'shared')).toBe('None');
  });

  it('gives them none when the listener admits only its own namespace, by default (AttachmentDenied)', () => {
    expect(serviceWaypoint(print('istioctl zc svc', cluster(ambient, sharedWaypoint())), 'reviews')).toBe('None');
    expect(serviceWaypoint(print('istioctl zc svc', cluster(ambient, sharedWaypoint({from: 'Same'}))), 'reviews')).toBe('None');
  });

  it('reads a Selector over the namespace\'s labels, kubernetes.io/metadata.name among them', () => {
    const byName = sharedWaypoint({from: 'Selector', selector: {matchLabels: {'kubernetes.io/metadata.name': 'default'}}});
    expect(serviceWaypoint(print('istioctl zc svc', cluster(ambient, byName)), 'reviews')).toBe('shared');
    const byLabel = sharedWaypoint({from: 'Selector', selector: {matchExpressions: [{key: 'team', operator: 'In', values: ['bookinfo']}]}});
    expect(serviceWaypoint(print('istioctl zc svc', cluster(ambient, byLabel)), 'reviews')).toBe('None');
    expect(serviceWaypoint(print('istioctl zc svc', cluster({...ambient, team: 'bookinfo'}, byLabel)), 'reviews')).toBe('shared');
    // A Selector without a selector admits nothing (LabelSelectorAsSelector(nil) is Nothing).
    expect(serviceWaypoint(print('istioctl zc svc', cluster(ambient, sharedWaypoint({from: 'Selector'}))), 'reviews')).toBe('None');
  });

  it('reads the listener an inbound binding with a port names, not the HBONE one', () => {
    const proxyListener = {name: 'proxy', port: 15088, protocol: 'istio.io/PROXY', allowedRoutes: {namespaces: {from: 'All'}}};
    const bound = sharedWaypoint(undefined, {}, {'ambient.istio.io/waypoint-inbound-binding': 'PROXY/15088'}, [proxyListener]);
    expect(serviceWaypoint(print('istioctl zc svc', cluster(ambient, bound)), 'reviews')).toBe('shared');
    const unbound = sharedWaypoint(undefined, {}, {}, [proxyListener]);
    expect(serviceWaypoint(print('istioctl zc svc', cluster(ambient, unbound)), 'reviews')).toBe('None');
  });

  it('binds captured workloads, WAYPOINT by name, when the waypoint is for workload traffic', () => {
    const text = print('istioctl zc workloads --workload-namespace default', cluster(ambient, sharedWaypoint({from: 'All'}, {'istio.io/waypoint-for': 'workload'})));
    const productpage = text.split('\n').find((line) => line.includes('productpage-v1'));
    expect(productpage?.split(/ +/)).toEqual(['default', 'productpage-v1-6f9c7b4d8-2kq9z', '10.244.1.7', 'kind-worker', 'shared', 'HBONE']);
  });

  it('reads istio.io/use-waypoint as a name: a value with a slash names no waypoint', () => {
    const slashed = {'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'infra/shared'};
    expect(serviceWaypoint(print('istioctl zc svc', cluster(slashed, sharedWaypoint({from: 'All'}))), 'reviews')).toBe('None');
  });

  it('lets a Service\'s own label name the other namespace\'s waypoint, judged by the Service\'s namespace', () => {
    const model = cluster({'istio.io/dataplane-mode': 'ambient'}, [...sharedWaypoint({from: 'All'}), svc('default', 'ratings', '10.96.10.12', {app: 'ratings'}, USE_SHARED)]);
    const text = print('istioctl zc svc --service-namespace default', model);
    expect([serviceWaypoint(text, 'ratings'), serviceWaypoint(text, 'reviews')]).toEqual(['shared', 'None']);
  });
});
