import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';

const print = (line: string, model: StateModel) => printFromModel(line, {namespace: 'default', placeholders: {}}, model);
const text = (line: string, model: StateModel): string => {
  const printed = print(line, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return printed.text;
};
const gap = (line: string, model: StateModel): string => {
  const printed = print(line, model);
  if (printed?.kind !== 'gap') throw new Error(`not a gap: ${JSON.stringify(printed)}`);
  return printed.reason;
};
const dump = (line: string, model: StateModel): Record<string, unknown>[] => JSON.parse(text(line, model)) as Record<string, unknown>[];

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
/** istioctl install's mesh config names prometheus as the default metrics provider. */
const PROMETHEUS = {defaultProviders: {metrics: ['prometheus']}};
const mesh = (meshExtra: Record<string, unknown> = PROMETHEUS, ...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, GATEWAY, client, namespace('default'), namespace('istio-system'),
  service('productpage', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.11'}),
  service('istiod', 'istio-system', [{name: 'https-dns', port: 15012}], {clusterIP: '10.96.0.13'}),
  ...objects), meshExtra);

const STATS = {name: 'istio.stats', typedConfig: {'@type': 'type.googleapis.com/stats.PluginConfig'}};
const tcpProxy = (cluster: string) => ({name: 'envoy.filters.network.tcp_proxy', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', statPrefix: cluster, cluster}});

describe('istioctl proxy-config listener -o json: PrintListenerDump over the listeners istiod 1.30.3 builds for a sidecar', () => {
  it('prints virtualOutbound with its blackhole chain for 15001 and the catch-all to PassthroughCluster, handing connections on by original destination', () => {
    expect(dump('istioctl proxy-config listener productpage-v1-abc --port 15001 -o json', mesh())).toEqual([{
      name: 'virtualOutbound',
      address: {socketAddress: {address: '0.0.0.0', portValue: 15001}},
      filterChains: [
        {filterChainMatch: {destinationPort: 15001}, filters: [STATS, tcpProxy('BlackHoleCluster')], name: 'virtualOutbound-blackhole'},
        {filters: [STATS, tcpProxy('PassthroughCluster')], name: 'virtualOutbound-catchall-tcp'},
      ],
      useOriginalDst: true,
      trafficDirection: 'OUTBOUND',
      maxConnectionsToAcceptPerSocketEvent: 1,
    }]);
  });

  it('writes the fields in listener.proto\'s declaration order, four-space indented, as jsonpb and json.MarshalIndent do', () => {
    const printed = text('istioctl pc listener productpage-v1-abc --port 15001 -o json', mesh());
    expect(printed.startsWith('[\n    {\n        "name": "virtualOutbound",\n        "address": {')).toBe(true);
    expect(Object.keys(JSON.parse(printed)[0])).toEqual(['name', 'address', 'filterChains', 'useOriginalDst', 'trafficDirection', 'maxConnectionsToAcceptPerSocketEvent']);
    expect(printed.endsWith(']\n')).toBe(true);
  });

  it('sends unknown traffic to BlackHoleCluster under REGISTRY_ONLY', () => {
    const [listener] = dump('istioctl pc listener productpage-v1-abc --port 15001 -o json', mesh({...PROMETHEUS, outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'}}));
    expect((listener!.filterChains as unknown[])[1]).toEqual({filters: [STATS, tcpProxy('BlackHoleCluster')], name: 'virtualOutbound-catchall-tcp'});
  });

  it('prints a TCP Service port\'s listener on its cluster IP: bound by iptables only, one match-all TCP proxy to the Service\'s cluster, no listener filters and no timeout for them', () => {
    expect(dump('istioctl pc listener productpage-v1-abc --port 15012 -o json', mesh())).toEqual([{
      name: '10.96.0.13_15012',
      address: {socketAddress: {address: '10.96.0.13', portValue: 15012}},
      filterChains: [{filters: [STATS, tcpProxy('outbound|15012||istiod.istio-system.svc.cluster.local')], transportSocketConnectTimeout: '15s'}],
      listenerFiltersTimeout: '0s',
      continueOnListenerFiltersTimeout: true,
      trafficDirection: 'OUTBOUND',
      bindToPort: false,
    }]);
  });

  it('leaves the istio.stats filter out when the mesh names no prometheus metrics provider (mergeMetrics finds none)', () => {
    const [listener] = dump('istioctl pc listener productpage-v1-abc --address 10.96.0.13 -o json', mesh({}));
    expect((listener!.filterChains as {filters: unknown[]}[])[0]!.filters).toEqual([tcpProxy('outbound|15012||istiod.istio-system.svc.cluster.local')]);
  });

  it('prints an HTTP port\'s shared 0.0.0.0 listener: the HTTP chain on plaintext ALPNs through the http_inspector, and buildListenerFromEntry\'s PassthroughFilterChain as default', () => {
    const [listener] = dump('istioctl pc listener productpage-v1-abc --port 9080 -o json', mesh());
    expect(Object.keys(listener!)).toEqual(['name', 'address', 'filterChains', 'defaultFilterChain', 'listenerFilters', 'listenerFiltersTimeout', 'continueOnListenerFiltersTimeout', 'trafficDirection', 'bindToPort']);
    expect(listener!.name).toBe('0.0.0.0_9080');
    const [chain] = listener!.filterChains as Record<string, unknown>[];
    expect(chain!.filterChainMatch).toEqual({transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1', 'h2c']});
    expect(chain!.transportSocketConnectTimeout).toBe('15s');
    expect(listener!.defaultFilterChain).toEqual({filterChainMatch: {}, filters: [STATS, tcpProxy('PassthroughCluster')], name: 'PassthroughFilterChain'});
    expect(listener!.listenerFilters).toEqual([{name: 'envoy.filters.listener.http_inspector', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.listener.http_inspector.v3.HttpInspector'}}]);
  });

  it('gives the HTTP chain an HTTP connection manager over RDS with istiod\'s outbound HTTP filters in order, legacy tracing and its Istio tags, websocket upgrades and path normalization', () => {
    const [listener] = dump('istioctl pc listener productpage-v1-abc --port 9080 -o json', mesh());
    const [hcm] = (listener!.filterChains as {filters: {name: string; typedConfig: Record<string, unknown>}[]}[])[0]!.filters;
    expect(hcm!.name).toBe('envoy.filters.network.http_connection_manager');
    const config = hcm!.typedConfig;
    expect(Object.keys(config)).toEqual(['@type', 'statPrefix', 'rds', 'httpFilters', 'tracing', 'streamIdleTimeout', 'useRemoteAddress', 'proxy100Continue', 'upgradeConfigs', 'normalizePath', 'pathWithEscapedSlashesAction', 'requestIdExtension']);
    expect(config.statPrefix).toBe('outbound_0.0.0.0_9080;');
    expect(config.rds).toEqual({configSource: {ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'}, routeConfigName: '9080'});
    expect((config.httpFilters as {name: string}[]).map((f) => f.name)).toEqual(['istio.metadata_exchange', 'envoy.filters.http.grpc_stats', 'istio.alpn', 'envoy.filters.http.fault', 'envoy.filters.http.cors', 'istio.stats', 'envoy.filters.http.router']);
    const tracing = config.tracing as {randomSampling: unknown; customTags: {tag: string; literal?: {value: string}}[]};
    expect(tracing.randomSampling).toEqual({value: 1});
    expect(tracing.customTags.map((t) => t.tag)).toEqual([
      'istio.authorization.dry_run.allow_policy.name', 'istio.authorization.dry_run.allow_policy.result', 'istio.authorization.dry_run.deny_policy.name', 'istio.authorization.dry_run.deny_policy.result',
      'istio.canonical_revision', 'istio.canonical_service', 'istio.cluster_id', 'istio.mesh_id', 'istio.namespace',
    ]);
    // buildServiceTags: the pod carries no canonical labels nor node metadata here, so istiod's fallbacks.
    expect(tracing.customTags.filter((t) => t.literal).map((t) => t.literal!.value)).toEqual(['latest', 'unknown', 'unknown', 'unknown', 'default']);
    expect(config.requestIdExtension).toEqual({typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig', useRequestIdForTraceSampling: true}});
  });

  it('follows the mesh\'s tracing settings: none under enableTracing false, the proxy config\'s sampling over PILOT_TRACE_SAMPLING', () => {
    const hcmOf = (model: StateModel) => ((dump('istioctl pc listener productpage-v1-abc --port 9080 -o json', model)[0]!.filterChains as {filters: {typedConfig: Record<string, unknown>}[]}[])[0]!.filters[0]!.typedConfig);
    expect(hcmOf(mesh({...PROMETHEUS, enableTracing: false})).tracing).toBeUndefined();
    expect((hcmOf(mesh({...PROMETHEUS, defaultConfig: {tracing: {sampling: 25}}})).tracing as {randomSampling: unknown}).randomSampling).toEqual({value: 25});
  });

  it('prints -o yaml as sigs.k8s.io/yaml writes the JSON, keys sorted, with Fprintln\'s newline', () => {
    const printed = text('istioctl pc listener productpage-v1-abc --port 15001 -o yaml', mesh());
    expect(printed.startsWith('- address:\n    socketAddress:\n      address: 0.0.0.0\n      portValue: 15001\n  filterChains:\n  - filterChainMatch:\n      destinationPort: 15001\n')).toBe(true);
    expect(printed.endsWith('  useOriginalDst: true\n\n')).toBe(true);
  });

  it('prints [] when the filters keep no listener', () => {
    expect(text('istioctl pc listener productpage-v1-abc --port 7 -o json', mesh())).toBe('[]\n');
  });

  it('refuses what the model cannot order or does not translate, saying why', () => {
    expect(gap('istioctl pc listener productpage-v1-abc -o json', mesh())).toMatch(/Go map \(finalizeOutboundListeners\)/);
    expect(gap('istioctl pc listener productpage-v1-abc --port 15006 -o json', mesh())).toMatch(/virtualInbound/);
    const telemetry: ModelObject = {group: 'telemetry.istio.io', kind: 'Telemetry', namespace: 'istio-system', name: 'mesh-default', value: {apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: {name: 'mesh-default', namespace: 'istio-system'}, spec: {}}};
    expect(gap('istioctl pc listener productpage-v1-abc --port 15001 -o json', mesh(PROMETHEUS, telemetry))).toMatch(/Telemetry istio-system\/mesh-default/);
    expect(gap('istioctl pc listener productpage-v1-abc --port 15001 -o json', mesh({...PROMETHEUS, accessLogFile: '/dev/stdout'}))).toMatch(/accessLogFile/);
    expect(print('istioctl pc listener productpage-v1-abc -o xml', mesh())).toBeUndefined();
  });
});
