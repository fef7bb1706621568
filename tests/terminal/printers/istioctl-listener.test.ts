import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'),
  service('productpage', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.11'}),
  service('istiod', 'istio-system', [{name: 'https-dns', port: 15012}], {clusterIP: '10.96.0.13'}),
  service('web', 'istio-system', [{name: 'status', port: 8081}], {clusterIP: '10.96.0.14'}),
  ...objects));

describe('istioctl proxy-config listener, as listener.go PrintListenerSummary prints what istiod gives a sidecar', () => {
  it('lists every listener by port, address and type, each filter chain\'s match and destination, the greatest destination first', () => {
    expect(text('istioctl proxy-config listener productpage-v1-abc', mesh())).toBe([
      'ADDRESSES  PORT  MATCH                                                                                           DESTINATION',
      '10.96.0.14 8081  Trans: raw_buffer; App: http/1.1,h2c                                                            Route: web.istio-system.svc.cluster.local:8081',
      '10.96.0.14 8081  ALL                                                                                             Cluster: outbound|8081||web.istio-system.svc.cluster.local',
      '0.0.0.0    9080  Trans: raw_buffer; App: http/1.1,h2c                                                            Route: 9080',
      '0.0.0.0    9080  ALL                                                                                             PassthroughCluster',
      '0.0.0.0    15001 ALL                                                                                             PassthroughCluster',
      '0.0.0.0    15001 Addr: *:15001                                                                                   Non-HTTP/Non-TCP',
      '0.0.0.0    15006 Addr: *:15006                                                                                   Non-HTTP/Non-TCP',
      '0.0.0.0    15006 Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2                                         InboundPassthroughCluster',
      '0.0.0.0    15006 Trans: raw_buffer; App: http/1.1,h2c                                                            InboundPassthroughCluster',
      '0.0.0.0    15006 Trans: tls; App: TCP TLS                                                                        InboundPassthroughCluster',
      '0.0.0.0    15006 Trans: raw_buffer                                                                               InboundPassthroughCluster',
      '0.0.0.0    15006 Trans: tls                                                                                      InboundPassthroughCluster',
      '0.0.0.0    15006 Trans: tls; App: istio,istio-peer-exchange,istio-http/1.0,istio-http/1.1,istio-h2; Addr: *:9080 Cluster: inbound|9080||',
      '0.0.0.0    15006 Trans: raw_buffer; Addr: *:9080                                                                 Cluster: inbound|9080||',
      '10.96.0.13 15012 ALL                                                                                             Cluster: outbound|15012||istiod.istio-system.svc.cluster.local',
      '0.0.0.0    15021 ALL                                                                                             Inline Route: /healthz/ready*',
      '0.0.0.0    15090 ALL                                                                                             Inline Route: /stats/prometheus*',
      '',
    ].join('\n'));
  });

  it('filters by --port, --address and --type (without case), and prints types alone with --verbose=false', () => {
    expect(text('istioctl pc listeners productpage-v1-abc --port 9080', mesh())).toBe([
      'ADDRESSES PORT MATCH                                DESTINATION',
      '0.0.0.0   9080 Trans: raw_buffer; App: http/1.1,h2c Route: 9080',
      '0.0.0.0   9080 ALL                                  PassthroughCluster',
      '',
    ].join('\n'));
    expect(text('istioctl pc l productpage-v1-abc --type tcp --verbose=false', mesh())).toBe('ADDRESSES  PORT  TYPE\n0.0.0.0    15001 TCP\n10.96.0.13 15012 TCP\n');
    expect(text('istioctl pc l productpage-v1-abc --address 10.96.0.14 --verbose=false', mesh())).toBe('ADDRESSES  PORT TYPE\n10.96.0.14 8081 HTTP+TCP\n');
  });

  it('sends unknown destinations to BlackHoleCluster (Non-HTTP/Non-TCP) when the mesh allows registered destinations only', () => {
    const registryOnly = withMeshConfig(mesh(), {outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'}});
    expect(text('istioctl pc listener productpage-v1-abc --port 15001', registryOnly)).toBe([
      'ADDRESSES PORT  MATCH         DESTINATION',
      '0.0.0.0   15001 Addr: *:15001 Non-HTTP/Non-TCP',
      '0.0.0.0   15001 ALL           Non-HTTP/Non-TCP',
      '',
    ].join('\n'));
  });

  it('refuses what the model cannot derive: a headless Service, HTTP on a proxy port, a port flag that is not a number', () => {
    const unready = sidecarPod('db-0', 'default', {app: 'db'}, '10.244.0.30', {ready: false});
    expect(print('istioctl pc listener productpage-v1-abc', mesh(service('db', 'default', [{name: 'tcp', port: 5432}], {clusterIP: 'None'}), unready))?.kind).toBe('gap');
    expect(print('istioctl pc listener productpage-v1-abc', mesh(service('odd', 'default', [{name: 'http', port: 15090}], {clusterIP: '10.96.0.20'})))?.kind).toBe('gap');
    expect(print('istioctl pc listener productpage-v1-abc --port http', mesh())).toBeUndefined();
  });
});
