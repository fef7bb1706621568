import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {sharedFile} from '../../support/shared';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, virtualService, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

const POD = 'istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system';

const gateway = (name: string, ns: string, servers: unknown[], created = '2026-11-24T21:50:00Z'): ModelObject => ({
  group: 'networking.istio.io', kind: 'Gateway', namespace: ns, name,
  value: {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: {name, namespace: ns, creationTimestamp: created}, spec: {selector: {istio: 'ingressgateway'}, servers}},
});
const httpServer = (hosts: string[], number = 80) => ({port: {number, name: 'http', protocol: 'HTTP'}, hosts});

/** The istio-ingressgateway chart's Service (80 → 8080, 443 → 8443), httpbin on 8000, and a sidecar. */
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, GATEWAY, namespace('default'), namespace('istio-system'),
  sidecarPod('httpbin-abc', 'default', {app: 'httpbin'}, '10.244.0.9'),
  service('istio-ingressgateway', 'istio-system', [{name: 'status-port', port: 15021, targetPort: 15021}, {name: 'http2', port: 80, targetPort: 8080}, {name: 'https', port: 443, targetPort: 8443}],
    {clusterIP: '10.96.0.20', selector: {istio: 'ingressgateway'}}),
  service('httpbin', 'default', [{name: 'http', port: 8000, targetPort: 8080}], {clusterIP: '10.96.0.21'}),
  ...objects));

const httpbinGateway = gateway('httpbin-gateway', 'default', [httpServer(['httpbin.example.com'])]);
const httpbinRoutes = virtualService('httpbin', 'default', {hosts: ['httpbin.example.com'], gateways: ['httpbin-gateway'], http: [{match: [{uri: {prefix: '/get'}}], route: [{destination: {host: 'httpbin', port: {number: 8000}}}]}]});

const golden = sharedFile('reference/istio-1.30.3/istioctl-outputs/writer/envoy/configdump/testdata/routes/istio-gateway-http-route-prefix/output.txt', "istioctl 1.30.3's gateway route golden");

describe('istioctl proxy-config for a gateway proxy, as istiod builds its Gateways\' servers (gateway.go, model/gateway.go MergeGateways)', () => {
  it.skipIf(!golden.available)('prints the route golden of an HTTP Gateway server on port 80 (listening on the Service\'s target port 8080) and its VirtualService', () => {
    expect(text(`istioctl proxy-config route ${POD}`, mesh(httpbinGateway, httpbinRoutes))).toBe(readFileSync(golden.path, 'utf8'));
  });

  it('lists the server\'s listener on the translated port, routing through http.8080, beside the bootstrap\'s', () => {
    expect(text(`istioctl proxy-config listener ${POD}`, mesh(httpbinGateway, httpbinRoutes))).toBe([
      'ADDRESSES PORT  MATCH DESTINATION',
      '0.0.0.0   8080  ALL   Route: http.8080',
      '0.0.0.0   15021 ALL   Inline Route: /healthz/ready*',
      '0.0.0.0   15090 ALL   Inline Route: /stats/prometheus*',
      '',
    ].join('\n'));
    expect(text(`istioctl pc listener ${POD} --verbose=false`, mesh(httpbinGateway, httpbinRoutes))).toBe('ADDRESSES PORT  TYPE\n0.0.0.0   8080  HTTP\n0.0.0.0   15021 HTTP\n0.0.0.0   15090 HTTP\n');
  });

  it('gives a gateway without Gateways only the bootstrap\'s listeners and routes, as the empty-gateway golden shows', () => {
    expect(text(`istioctl pc listener ${POD} --verbose=false`, mesh())).toBe('ADDRESSES PORT  TYPE\n0.0.0.0   15021 HTTP\n0.0.0.0   15090 HTTP\n');
    expect(text(`istioctl pc route ${POD}`, mesh()).split('\n').slice(1, -1).map((row) => row.trim().split(/ {2,}/).join(' '))).toEqual(['backend * /stats/prometheus*', 'backend * /healthz/ready*']);
  });

  it('lists the outbound clusters and BlackHoleCluster, with neither passthrough nor inbound clusters', () => {
    expect(text(`istioctl proxy-config cluster ${POD}`, mesh(httpbinGateway, httpbinRoutes))).toBe([
      'SERVICE FQDN                                            PORT      SUBSET     DIRECTION     TYPE       DESTINATION RULE',
      'BlackHoleCluster                                        -         -          -             STATIC     ',
      'agent                                                   -         -          -             STATIC     ',
      'httpbin.default.svc.cluster.local                       8000      -          outbound      EDS        ',
      'istio-ingressgateway.istio-system.svc.cluster.local     80        -          outbound      EDS        ',
      'istio-ingressgateway.istio-system.svc.cluster.local     443       -          outbound      EDS        ',
      'istio-ingressgateway.istio-system.svc.cluster.local     15021     -          outbound      EDS        ',
      'prometheus_stats                                        -         -          -             STATIC     ',
      'sds-grpc                                                -         -          -             STATIC     ',
      'xds-grpc                                                -         -          -             STATIC     ',
      '',
    ].join('\n'));
  });

  it('folds hosts with the very same routes into one virtual host, puts catch-alls last, and keeps a route match for another Gateway out', () => {
    const wildcard = gateway('bookinfo-gateway', 'default', [httpServer(['*'])]);
    const bookinfo = virtualService('bookinfo', 'default', {hosts: ['bookinfo.example.com', 'www.example.com'], gateways: ['bookinfo-gateway', 'mesh'], http: [
      {match: [{uri: {exact: '/productpage'}}, {uri: {prefix: '/static'}}, {gateways: ['mesh'], uri: {prefix: '/mesh-only'}}], route: [{destination: {host: 'productpage'}}]},
    ]});
    const catchAll = virtualService('catch-all', 'default', {hosts: ['bookinfo.example.com'], gateways: ['default/bookinfo-gateway'], http: [{route: [{destination: {host: 'productpage'}}]}]}, '2026-11-24T21:40:00Z');
    expect(text(`istioctl pc route ${POD} --name http.8080`, mesh(wildcard, bookinfo, catchAll))).toBe([
      'NAME          VHOST NAME                  DOMAINS                  MATCH            VIRTUAL SERVICE',
      'http.8080     bookinfo.example.com:80     bookinfo.example.com     /productpage     bookinfo.default',
      'http.8080     bookinfo.example.com:80     bookinfo.example.com     /static*         bookinfo.default',
      'http.8080     bookinfo.example.com:80     bookinfo.example.com     /*               catch-all.default',
      'http.8080     www.example.com:80          www.example.com          /productpage     bookinfo.default',
      'http.8080     www.example.com:80          www.example.com          /static*         bookinfo.default',
      '',
    ].join('\n'));
    const bothHosts = virtualService('bookinfo', 'default', {hosts: ['bookinfo.example.com', 'www.example.com'], gateways: ['bookinfo-gateway'], http: [{route: [{destination: {host: 'productpage'}}]}]});
    expect(text(`istioctl pc route ${POD} --name http.8080`, mesh(wildcard, bothHosts))).toBe([
      'NAME          VHOST NAME                  DOMAINS                                   MATCH     VIRTUAL SERVICE',
      'http.8080     bookinfo.example.com:80     bookinfo.example.com, www.example.com     /*        bookinfo.default',
      '',
    ].join('\n'));
  });

  it('answers 404 from a blackhole virtual host when no VirtualService is bound to the server, and refuses servers it does not model', () => {
    expect(text(`istioctl pc route ${POD} --name http.8080`, mesh(httpbinGateway))).toBe([
      'NAME          VHOST NAME       DOMAINS     MATCH     VIRTUAL SERVICE',
      'http.8080     blackhole:80     *           /*        404',
      '',
    ].join('\n'));
    const mongo = gateway('mongo', 'default', [{port: {number: 27017, name: 'mongo', protocol: 'MONGO'}, hosts: ['*']}]);
    expect(print(`istioctl pc listener ${POD}`, mesh(mongo))?.kind).toBe('gap');
  });
});
