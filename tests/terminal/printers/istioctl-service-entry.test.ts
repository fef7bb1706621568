import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {destinationRule, GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

/** Outbound rows as `HOST PORT SUBSET TYPE DR`. */
const outbound = (pod: string, model: StateModel): string[] => text(`istioctl pc cluster ${pod} --direction outbound`, model)
  .split('\n').slice(1, -1).map((row) => row.trim().split(/ {2,}/).filter((_, i) => i !== 3).join(' '));

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, GATEWAY, namespace('default'), namespace('istio-system'),
  service('reviews', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.12'}),
  ...objects));
const entry = (name: string, ns: string, spec: Record<string, unknown>): ModelObject => ({
  group: 'networking.istio.io', kind: 'ServiceEntry', namespace: ns, name, value: {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name, namespace: ns}, spec},
});

describe('istioctl proxy-config cluster with ServiceEntries (serviceentry/conversion.go, cluster.go convertResolution)', () => {
  it('gives each host and port a cluster whose type follows the resolution, with the DestinationRule\'s subsets', () => {
    const api = entry('httpbin', 'default', {hosts: ['httpbin.org', 'api.example.com'], ports: [{number: 443, name: 'https', protocol: 'TLS'}, {number: 80, name: 'http', protocol: 'HTTP'}], resolution: 'DNS', location: 'MESH_EXTERNAL'});
    const db = entry('db', 'default', {hosts: ['db.internal'], addresses: ['10.10.0.0/24'], ports: [{number: 5432, name: 'tcp', protocol: 'TCP'}], resolution: 'NONE'});
    const legacy = entry('legacy', 'default', {hosts: ['legacy.internal'], ports: [{number: 8080, name: 'http', protocol: 'HTTP'}], resolution: 'STATIC', endpoints: [{address: '10.0.0.7'}]});
    const rr = entry('rr', 'default', {hosts: ['rr.example.com'], ports: [{number: 53, name: 'dns', protocol: 'UDP'}, {number: 8443, name: 'tls', protocol: 'TLS'}], resolution: 'DNS_ROUND_ROBIN'});
    const rule = destinationRule('httpbin', 'default', 'httpbin.org', ['v1']);
    expect(outbound('productpage-v1-abc', mesh(api, db, legacy, rr, rule))).toEqual([
      'api.example.com 80 - STRICT_DNS',
      'api.example.com 443 - STRICT_DNS',
      'db.internal 5432 - ORIGINAL_DST',
      // Sorted by host, then subset, then port.
      'httpbin.org 80 - STRICT_DNS httpbin.default',
      'httpbin.org 443 - STRICT_DNS httpbin.default',
      // No v1 cluster: the entry's only endpoint is its host, without the subset's labels (buildCluster is nil without endpoints).
      'legacy.internal 8080 - EDS',
      'reviews.default.svc.cluster.local 9080 - EDS',
      // No cluster for a UDP port.
      'rr.example.com 8443 - LOGICAL_DNS',
    ]);
    // A gateway cannot use a passthrough cluster: EDS instead (and for a headless Service too).
    const headless = service('db-headless', 'default', [{name: 'tcp', port: 5432}], {clusterIP: 'None'});
    expect(outbound('istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system', mesh(db, headless))).toEqual([
      'db-headless.default.svc.cluster.local 5432 - EDS',
      'db.internal 5432 - EDS',
      'reviews.default.svc.cluster.local 9080 - EDS',
    ]);
    expect(outbound('productpage-v1-abc', mesh(headless))[0]).toBe('db-headless.default.svc.cluster.local 5432 - ORIGINAL_DST');
  });

  it('leaves out an entry not exported to the proxy\'s namespace, and refuses the endpoints of a DNS cluster, which Envoy resolves', () => {
    const hidden = entry('hidden', 'other', {hosts: ['hidden.example.com'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}], resolution: 'DNS', exportTo: ['.']});
    expect(outbound('productpage-v1-abc', mesh(hidden))).toEqual(['reviews.default.svc.cluster.local 9080 - EDS']);
    const api = entry('api', 'default', {hosts: ['api.example.com'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}], resolution: 'DNS'});
    expect(print("istioctl pc endpoint productpage-v1-abc --cluster 'outbound|80||api.example.com'", mesh(api))?.kind).toBe('gap');
  });
});
