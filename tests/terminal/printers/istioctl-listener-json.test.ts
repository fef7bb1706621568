import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

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

  it('matches an HTTPS ServiceEntry host by SNI on 0.0.0.0 through the tls_inspector, TCP-proxied to its cluster, other traffic passing through', () => {
    const google: ModelObject = {group: 'networking.istio.io', kind: 'ServiceEntry', namespace: 'default', name: 'google', value: {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name: 'google', namespace: 'default'}, spec: {hosts: ['www.google.com'], ports: [{number: 443, name: 'https', protocol: 'HTTPS'}], resolution: 'DNS', location: 'MESH_EXTERNAL'}}};
    const [listener] = dump('istioctl pc listener productpage-v1-abc --port 443 -o json', mesh(PROMETHEUS, google));
    expect(listener!.filterChains).toEqual([{filterChainMatch: {serverNames: ['www.google.com']}, filters: [STATS, tcpProxy('outbound|443||www.google.com')], transportSocketConnectTimeout: '15s'}]);
    expect((listener!.defaultFilterChain as {name: string}).name).toBe('PassthroughFilterChain');
    expect(listener!.listenerFilters).toEqual([{name: 'envoy.filters.listener.tls_inspector', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector', initialReadBufferSize: 512}}]);
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
    const telemetry: ModelObject = {group: 'telemetry.istio.io', kind: 'Telemetry', namespace: 'istio-system', name: 'mesh-default', value: {apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: {name: 'mesh-default', namespace: 'istio-system'}, spec: {metrics: [{providers: [{name: 'prometheus'}]}]}}};
    expect(gap('istioctl pc listener productpage-v1-abc --port 15001 -o json', mesh(PROMETHEUS, telemetry))).toMatch(/Telemetry istio-system\/mesh-default sets metrics/);
    expect(gap('istioctl pc listener productpage-v1-abc --port 15001 -o json', mesh({...PROMETHEUS, enableEnvoyAccessLogService: true}))).toMatch(/enableEnvoyAccessLogService/);
    expect(print('istioctl pc listener productpage-v1-abc -o xml', mesh())).toBeUndefined();
  });

  type Chain = {name?: string; filterChainMatch?: Record<string, unknown>; filters: {name: string; typedConfig: Record<string, unknown>}[]; transportSocket?: {typedConfig: Record<string, unknown>}};
  const virtualInbound = (model: StateModel) => dump('istioctl pc listener productpage-v1-abc --port 15006 -o json', model)[0]!;
  const chainsOf = (listener: Record<string, unknown>) => listener.filterChains as Chain[];
  const strict: ModelObject = {group: 'security.istio.io', kind: 'PeerAuthentication', namespace: 'istio-system', name: 'default', value: {apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: {name: 'default', namespace: 'istio-system', creationTimestamp: '2026-11-24T21:00:00Z'}, spec: {mtls: {mode: 'STRICT'}}}};

  it('prints virtualInbound as buildInboundListener builds it: INBOUND, the blackhole chain, the passthrough chains, then each port\'s chains under PERMISSIVE, named as inboundChainConfig.Name names them', () => {
    const listener = virtualInbound(mesh());
    expect(Object.keys(listener)).toEqual(['name', 'address', 'filterChains', 'listenerFilters', 'listenerFiltersTimeout', 'continueOnListenerFiltersTimeout', 'trafficDirection', 'maxConnectionsToAcceptPerSocketEvent']);
    expect(listener.trafficDirection).toBe('INBOUND');
    expect(chainsOf(listener).map((c) => [c.name, c.filterChainMatch, c.transportSocket !== undefined])).toEqual([
      ['virtualInbound-blackhole', {destinationPort: 15006}, false],
      ['virtualInbound-catchall-http', {transportProtocol: 'tls', applicationProtocols: ['istio-http/1.0', 'istio-http/1.1', 'istio-h2']}, true],
      ['virtualInbound-catchall-http', {transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1', 'h2c']}, false],
      ['virtualInbound', {transportProtocol: 'tls', applicationProtocols: ['istio-peer-exchange', 'istio']}, true],
      ['virtualInbound', {transportProtocol: 'raw_buffer'}, false],
      // TLS that is not Istio's passes through untouched.
      ['virtualInbound', {transportProtocol: 'tls'}, false],
      ['0.0.0.0_9080', {destinationPort: 9080, transportProtocol: 'tls', applicationProtocols: ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']}, true],
      ['0.0.0.0_9080', {destinationPort: 9080, transportProtocol: 'raw_buffer'}, false],
    ]);
  });

  it('turns on original_dst, the TLS inspector off the ports without TLS chains, the HTTP inspector off the ports without plaintext HTTP ALPNs (populateListenerFilters)', () => {
    const range = (port: number) => ({destinationPortRange: {start: port, end: port + 1}});
    const [originalDst, tlsInspector, httpInspector] = virtualInbound(mesh()).listenerFilters as Record<string, unknown>[];
    expect(originalDst).toEqual({name: 'envoy.filters.listener.original_dst', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst'}});
    expect(tlsInspector).toEqual({name: 'envoy.filters.listener.tls_inspector', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector', initialReadBufferSize: 512}, filterDisabled: range(15006)});
    expect(httpInspector!.filterDisabled).toEqual({orMatch: {rules: [range(9080), range(15006)]}});
    // STRICT: nothing plaintext is matched on ALPN, so no HTTP inspector.
    expect((virtualInbound(mesh(PROMETHEUS, strict)).listenerFilters as {name: string}[]).map((f) => f.name)).toEqual(['envoy.filters.listener.original_dst', 'envoy.filters.listener.tls_inspector']);
  });

  it('terminates Istio mTLS with BuildInboundTLS\'s context: the SDS certificate, client certificates required against ROOTCA, HTTP ALPNs for HTTP chains and the metadata exchange\'s for TCP', () => {
    const sds = (name: string) => ({name, sdsConfig: {apiConfigSource: {apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{envoyGrpc: {clusterName: 'sds-grpc'}}], setNodeOnFirstMessageOnly: true}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'}});
    const chains = chainsOf(virtualInbound(mesh(PROMETHEUS, strict)));
    expect(chains.map((c) => c.name)).toEqual(['virtualInbound-blackhole', 'virtualInbound-catchall-http', 'virtualInbound', '0.0.0.0_9080']);
    expect(chains[3]!.transportSocket).toEqual({
      name: 'envoy.transport_sockets.tls',
      typedConfig: {
        '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
        commonTlsContext: {
          tlsParams: {tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3', cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-GCM-SHA256']},
          tlsCertificateSdsSecretConfigs: [sds('default')],
          combinedValidationContext: {defaultValidationContext: {}, validationContextSdsSecretConfig: sds('ROOTCA')},
          alpnProtocols: ['h2', 'http/1.1'],
        },
        requireClientCertificate: true,
      },
    });
    expect((chains[2]!.transportSocket!.typedConfig.commonTlsContext as {alpnProtocols: string[]}).alpnProtocols).toEqual(['istio-peer-exchange', 'h2', 'http/1.1']);
    // The mesh's meshMTLS minimum version.
    const tls13 = chainsOf(virtualInbound(mesh({...PROMETHEUS, meshMTLS: {minProtocolVersion: 'TLSV1_3'}}, strict)));
    expect((tls13[3]!.transportSocket!.typedConfig.commonTlsContext as {tlsParams: {tlsMinimumProtocolVersion: string}}).tlsParams.tlsMinimumProtocolVersion).toBe('TLSv1_3');
  });

  it('gives inbound HTTP chains the TCP metadata exchange and a connection manager with the inline inbound route, the server name istio-envoy, XFCC details and no ALPN filter', () => {
    const chain = chainsOf(virtualInbound(mesh())).find((c) => c.name === '0.0.0.0_9080')!;
    expect(chain.filters[0]).toEqual({name: 'istio.metadata_exchange', typedConfig: {'@type': 'type.googleapis.com/udpa.type.v1.TypedStruct', typeUrl: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange', value: {enable_discovery: true, protocol: 'istio-peer-exchange'}}});
    const config = chain.filters[1]!.typedConfig;
    expect(config.statPrefix).toBe('inbound_0.0.0.0_9080;');
    expect((config.routeConfig as {name: string; virtualHosts: {name: string}[]}).virtualHosts[0]!.name).toBe('inbound|http|9080');
    const filters = config.httpFilters as {name: string; typedConfig: Record<string, unknown>}[];
    expect(filters.map((f) => f.name)).toEqual(['istio.metadata_exchange', 'envoy.filters.http.grpc_stats', 'envoy.filters.http.fault', 'envoy.filters.http.cors', 'istio.stats', 'envoy.filters.http.router']);
    expect(filters[0]!.typedConfig.value).toEqual({downstream_discovery: [{istio_headers: {}}, {workload_discovery: {}}], downstream_propagation: [{istio_headers: {}}]});
    expect(filters[4]!.typedConfig).toEqual({'@type': 'type.googleapis.com/stats.PluginConfig', disableHostHeaderFallback: true});
    expect([config.serverName, config.forwardClientCertDetails, config.setCurrentClientCertDetails]).toEqual(['istio-envoy', 'APPEND_FORWARD', {subject: true, dns: true, uri: true}]);
    // The passthrough's HTTP chain: its cluster as stat prefix.
    const catchAll = chainsOf(virtualInbound(mesh())).find((c) => c.name === 'virtualInbound-catchall-http')!;
    expect(catchAll.filters[1]!.typedConfig.statPrefix).toBe('InboundPassthroughCluster;');
  });

  it('gives inbound TCP chains the metadata exchange, the inbound stats filter and a TCP proxy to the inbound cluster', () => {
    const model = withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'), service('productpage', 'default', [{name: 'tcp-db', port: 3306, targetPort: 3306}], {clusterIP: '10.96.0.11'})), PROMETHEUS);
    const chains = chainsOf(virtualInbound(model)).filter((c) => c.name === '0.0.0.0_3306');
    expect(chains.map((c) => c.filterChainMatch!.transportProtocol)).toEqual(['tls', 'tls', 'raw_buffer']);
    expect(chains[0]!.filters).toEqual([
      {name: 'istio.metadata_exchange', typedConfig: {'@type': 'type.googleapis.com/udpa.type.v1.TypedStruct', typeUrl: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange', value: {enable_discovery: true, protocol: 'istio-peer-exchange'}}},
      {name: 'istio.stats', typedConfig: {'@type': 'type.googleapis.com/stats.PluginConfig', disableHostHeaderFallback: true}},
      tcpProxy('inbound|3306||'),
    ]);
  });

  describe('a gateway\'s listeners (gateway.go buildGatewayListener, buildGatewayConnectionManager)', () => {
    const GATEWAY_POD = 'istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system';
    const gatewayObject = (servers: unknown[]): ModelObject => ({
      group: 'networking.istio.io', kind: 'Gateway', namespace: 'default', name: 'httpbin-gateway',
      value: {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: {name: 'httpbin-gateway', namespace: 'default', creationTimestamp: '2026-11-24T21:50:00Z'}, spec: {selector: {istio: 'ingressgateway'}, servers}},
    });
    const ingress = (...servers: unknown[]): StateModel => mesh(PROMETHEUS, gatewayObject(servers),
      service('istio-ingressgateway', 'istio-system', [{name: 'http2', port: 80, targetPort: 8080}, {name: 'https', port: 443, targetPort: 8443}], {clusterIP: '10.96.0.20', selector: {istio: 'ingressgateway'}}));
    const http = {port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['httpbin.example.com']};

    it('prints the plain-text HTTP server\'s 0.0.0.0_8080: bound, one match-all chain to the RDS route http.8080 with the gateway class\'s connection manager', () => {
      const [listener] = dump(`istioctl pc listener ${GATEWAY_POD} --port 8080 -o json`, ingress(http));
      expect(Object.keys(listener!)).toEqual(['name', 'address', 'filterChains', 'trafficDirection', 'maxConnectionsToAcceptPerSocketEvent']);
      expect(listener!.name).toBe('0.0.0.0_8080');
      const [chain] = listener!.filterChains as {filters: {typedConfig: Record<string, unknown>}[]; transportSocketConnectTimeout: string}[];
      expect(Object.keys(chain!)).toEqual(['filters', 'transportSocketConnectTimeout']);
      const config = chain!.filters[0]!.typedConfig;
      expect(Object.keys(config)).toEqual(['@type', 'statPrefix', 'rds', 'httpFilters', 'tracing', 'httpProtocolOptions', 'serverName', 'streamIdleTimeout', 'useRemoteAddress', 'forwardClientCertDetails', 'setCurrentClientCertDetails', 'proxy100Continue', 'upgradeConfigs', 'normalizePath', 'pathWithEscapedSlashesAction', 'requestIdExtension']);
      expect([config.statPrefix, (config.rds as {routeConfigName: string}).routeConfigName, config.useRemoteAddress, config.forwardClientCertDetails]).toEqual(['outbound_0.0.0.0_8080;', 'http.8080', true, 'SANITIZE_SET']);
      expect(config.setCurrentClientCertDetails).toEqual({subject: true, cert: true, dns: true, uri: true});
      const filters = config.httpFilters as {name: string; typedConfig: Record<string, unknown>}[];
      expect(filters.map((f) => f.name)).toEqual(['istio.metadata_exchange', 'envoy.filters.http.grpc_stats', 'istio.alpn', 'envoy.filters.http.fault', 'envoy.filters.http.cors', 'istio.stats', 'envoy.filters.http.router']);
      expect(filters[5]!.typedConfig).toEqual({'@type': 'type.googleapis.com/stats.PluginConfig', disableHostHeaderFallback: true});
    });

    it('refuses several gateway listeners (built from a Go map), each printable alone', () => {
      const https = {port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['httpbin.example.com'], tls: {mode: 'SIMPLE', credentialName: 'httpbin-credential'}};
      expect(gap(`istioctl pc listener ${GATEWAY_POD} -o json`, ingress(http, https))).toMatch(/buildGatewayListeners/);
      expect(dump(`istioctl pc listener ${GATEWAY_POD} --port 8443 -o json`, ingress(http, https)).map((l) => l.name)).toEqual(['0.0.0.0_8443']);
    });
  });
});
