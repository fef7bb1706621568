import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';
import {dump, print, text} from './support/cluster-dump';

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (meshExtra: Record<string, unknown> = {}, pod: ModelObject = client): StateModel => withMeshConfig(namespaced(ISTIOD, GATEWAY, pod, namespace('default'), namespace('istio-system'),
  service('productpage', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.11'})), meshExtra);

const compressor = (library: string, type: string) => ({
  name: `envoy.filters.http.compressor.${library}`,
  typedConfig: {
    '@type': 'type.googleapis.com/envoy.extensions.filters.http.compressor.v3.Compressor',
    compressorLibrary: {name: `stats_${library}`, typedConfig: {'@type': `type.googleapis.com/envoy.extensions.compression.${library}.compressor.v3.${type}`}},
    responseDirectionConfig: {commonConfig: {contentType: ['text/plain', 'application/vnd.google.protobuf', 'application/openmetrics-text', 'application/openmetrics-protobuf']}},
  },
});
const ROUTER = {name: 'envoy.filters.http.router', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router'}};
const hcm = (statPrefix: string, prefix: string, cluster: string, httpFilters: unknown[]) => ({
  name: 'envoy.filters.network.http_connection_manager',
  typedConfig: {
    '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    statPrefix,
    routeConfig: {virtualHosts: [{name: 'backend', domains: ['*'], routes: [{match: {prefix}, route: {cluster}}]}]},
    httpFilters,
  },
});

describe('istioctl proxy-config listener: the bootstrap\'s static listeners (envoy_bootstrap.json), as the config dump holds them', () => {
  it('prints the prometheus listener with the stats compressors config.go turns on by default, its zero enums left out', () => {
    expect(dump('istioctl pc listener productpage-v1-abc --port 15090 -o json', mesh())).toEqual([{
      name: '0.0.0.0_15090',
      address: {socketAddress: {address: '0.0.0.0', portValue: 15090}},
      filterChains: [{filters: [hcm('stats', '/stats/prometheus', 'prometheus_stats', [compressor('brotli', 'Brotli'), compressor('zstd', 'Zstd'), compressor('gzip', 'Gzip'), ROUTER])]}],
      ignoreGlobalConnLimit: true,
      bypassOverloadManager: true,
    }]);
  });

  it('prints the health listener routing /healthz/ready to the agent, with the router alone', () => {
    expect(dump('istioctl pc listener productpage-v1-abc --port 15021 -o json', mesh())).toEqual([{
      name: '0.0.0.0_15021',
      address: {socketAddress: {address: '0.0.0.0', portValue: 15021}},
      filterChains: [{filters: [hcm('agent', '/healthz/ready', 'agent', [ROUTER])]}],
      ignoreGlobalConnLimit: true,
      bypassOverloadManager: true,
    }]);
  });

  it('leaves the compressors out when the proxy config turns statsCompression off', () => {
    const [listener] = dump('istioctl pc listener productpage-v1-abc --port 15090 -o json', mesh({defaultConfig: {statsCompression: false}}));
    expect(listener!.filterChains).toEqual([{filters: [hcm('stats', '/stats/prometheus', 'prometheus_stats', [ROUTER])]}]);
  });

  it('lists them after istiod\'s listeners (retrieveSortedListenerSlice appends the static ones), prometheus first, in the JSON and the table alike', () => {
    const names = dump('istioctl pc listener productpage-v1-abc --address 0.0.0.0 -o json', mesh({defaultProviders: {metrics: ['prometheus']}})).map((l) => l.name);
    expect(names).toEqual(['0.0.0.0_9080', 'virtualOutbound', 'virtualInbound', '0.0.0.0_15090', '0.0.0.0_15021']);
    const table = text('istioctl pc listener productpage-v1-abc --port 15021', mesh());
    expect(table).toBe('ADDRESSES PORT  MATCH DESTINATION\n0.0.0.0   15021 ALL   Inline Route: /healthz/ready*\n');
  });

  it('gives the gateway the same two listeners', () => {
    const [listener] = dump('istioctl pc listener istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system --port 15021 -o json', mesh());
    expect(listener!.name).toBe('0.0.0.0_15021');
  });

  it('needs none of istiod\'s filter settings: a Telemetry object leaves them printable', () => {
    const telemetry: ModelObject = {group: 'telemetry.istio.io', kind: 'Telemetry', namespace: 'istio-system', name: 'mesh-default', value: {apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: {name: 'mesh-default', namespace: 'istio-system'}, spec: {}}};
    const model = {...mesh(), objects: [...mesh().objects, telemetry]};
    expect(dump('istioctl pc listener productpage-v1-abc --port 15090 -o json', model)).toHaveLength(1);
  });

  it('refuses the template options it does not follow, saying which', () => {
    const withEnv = (name: string): ModelObject => {
      const spec = client.value.spec as {initContainers: Record<string, unknown>[]};
      return {...client, value: {...client.value, spec: {...spec, initContainers: spec.initContainers.map((c) => (c.name === 'istio-proxy' ? {...c, env: [{name, value: 'true'}]} : c))}}};
    };
    // The injected istio-proxy runs as a native sidecar (an init container with restartPolicy Always): its env counts too.
    const reason = print('istioctl pc listener productpage-v1-abc --port 15090 -o json', mesh({}, withEnv('METRICS_LOCALHOST_ACCESS_ONLY')));
    expect(reason).toMatchObject({kind: 'gap', reason: expect.stringMatching(/METRICS_LOCALHOST_ACCESS_ONLY/)});
  });
});
