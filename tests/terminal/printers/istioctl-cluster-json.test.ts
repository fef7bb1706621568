import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {destinationRule, service, sidecarPod, withMeshConfig} from './support/mesh';
import {dump, istioMutual, mesh, print, REVIEWS, text, UNLIMITED, withAccount} from './support/cluster-dump';

const METADATA_EXCHANGE = {
  name: 'istio.metadata_exchange',
  typedConfig: {'@type': 'type.googleapis.com/udpa.type.v1.TypedStruct', typeUrl: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange', value: {enable_discovery: true, protocol: 'istio-peer-exchange'}},
};

describe('istioctl proxy-config cluster -o json: PrintClusterDump over the clusters istiod 1.30.3 builds (cluster_builder.go, cluster_traffic_policy.go, cluster_tls.go)', () => {
  it('prints a Service\'s default and subset clusters with auto mTLS socket matches, EDS over ADS, LEAST_REQUEST, unlimited thresholds, telemetry and rule metadata, the metadata exchange filter', () => {
    const clusters = dump(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(destinationRule('reviews', 'default', 'reviews', ['v1'])));
    expect(clusters.map((c) => c.name)).toEqual(['outbound|9080||reviews.default.svc.cluster.local', 'outbound|9080|v1|reviews.default.svc.cluster.local']);
    expect(clusters[0]).toEqual({
      transportSocketMatches: [
        {name: 'tlsMode-istio', match: {tlsMode: 'istio'}, transportSocket: istioMutual('outbound_.9080_._.reviews.default.svc.cluster.local')},
        {name: 'tlsMode-disabled', match: {}, transportSocket: {name: 'envoy.transport_sockets.raw_buffer', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer'}}},
      ],
      name: 'outbound|9080||reviews.default.svc.cluster.local',
      altStatName: 'outbound|9080||reviews.default.svc.cluster.local;',
      type: 'EDS',
      edsClusterConfig: {edsConfig: {ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'}, serviceName: 'outbound|9080||reviews.default.svc.cluster.local'},
      connectTimeout: '10s',
      lbPolicy: 'LEAST_REQUEST',
      // track_remaining is off by DISABLE_TRACK_REMAINING_CB_METRICS, so not printed.
      circuitBreakers: {thresholds: [UNLIMITED]},
      commonLbConfig: {},
      metadata: {filterMetadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/default/destination-rule/reviews', services: [{host: 'reviews.default.svc.cluster.local', name: 'reviews', namespace: 'default'}]}}},
      filters: [METADATA_EXCHANGE],
    });
    // The subset's own SNI and its name in the metadata (keys sorted as jsonpb writes a Struct).
    const subset = clusters[1]!;
    expect((subset.transportSocketMatches as {transportSocket: unknown}[])[0]!.transportSocket).toEqual(istioMutual('outbound_.9080_.v1_.reviews.default.svc.cluster.local'));
    expect(Object.keys((subset.metadata as {filterMetadata: {istio: object}}).filterMetadata.istio)).toEqual(['config', 'services', 'subset']);
    expect(subset).toMatchObject({metadata: {filterMetadata: {istio: {subset: 'v1'}}}});
  });

  it('names as SANs the identities of the Service\'s pods that have an IP and have not finished, unready ones too, sorted and each once', () => {
    const unready = withAccount(sidecarPod('reviews-v3-x', 'default', {app: 'reviews', version: 'v3'}, '10.244.0.10', {ready: false}), 'another-account');
    const finished = withAccount(sidecarPod('reviews-old-x', 'default', {app: 'reviews', version: 'v3'}, '10.244.0.11'), 'zz-finished');
    (finished.value.status as Record<string, unknown>).phase = 'Succeeded';
    const [cluster] = dump(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(unready, finished));
    const socket = (cluster!.transportSocketMatches as {transportSocket: {typedConfig: {commonTlsContext: {combinedValidationContext: {defaultValidationContext: unknown}}}}}[])[0]!.transportSocket;
    expect(socket.typedConfig.commonTlsContext.combinedValidationContext.defaultValidationContext).toEqual({matchSubjectAltNames: [
      {exact: 'spiffe://cluster.local/ns/default/sa/another-account'}, {exact: 'spiffe://cluster.local/ns/default/sa/bookinfo-reviews'},
    ]});
  });

  it('writes each cluster\'s fields in cluster.proto\'s declaration order (transport_socket_matches first), four-space indented, then a newline', () => {
    const out = text(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh());
    expect(out.startsWith('[\n    {\n        "transportSocketMatches": [\n')).toBe(true);
    expect(out.endsWith('\n    }\n]\n')).toBe(true);
    expect(Object.keys(JSON.parse(out)[0])).toEqual(['transportSocketMatches', 'name', 'altStatName', 'type', 'edsClusterConfig', 'connectTimeout', 'lbPolicy', 'circuitBreakers', 'commonLbConfig', 'metadata', 'filters']);
    expect(text(`istioctl pc cluster productpage-v1-abc ${REVIEWS} --subset v9 -o json`, mesh())).toBe('[]\n');
  });

  it('takes the connect timeout from the mesh config, and leaves auto mTLS out where auto mTLS is off or the Service\'s namespace disables mTLS', () => {
    const withMesh = (extra: Record<string, unknown>) => withMeshConfig(mesh(), extra);
    expect(dump(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, withMesh({connectTimeout: '1.5s'}))[0]!.connectTimeout).toBe('1.500s');
    expect(dump(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, withMesh({enableAutoMtls: false}))[0]!.transportSocketMatches).toBeUndefined();
    const disable: ModelObject = {group: 'security.istio.io', kind: 'PeerAuthentication', namespace: 'default', name: 'default', value: {metadata: {name: 'default', namespace: 'default', creationTimestamp: '2026-11-24T21:50:00Z'}, spec: {mtls: {mode: 'DISABLE'}}}};
    expect(dump(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(disable))[0]!.transportSocketMatches).toBeUndefined();
  });

  it('applies the rule\'s policy, a subset\'s fields over it: ISTIO_MUTUAL as the cluster\'s socket, outlier detection with the panic threshold off, the load balancer, connection limits', () => {
    const rule = destinationRule('reviews', 'default', 'reviews', ['v1', 'v2']);
    const spec = rule.value.spec as {trafficPolicy?: unknown; subsets: {trafficPolicy?: unknown}[]};
    spec.trafficPolicy = {
      tls: {mode: 'ISTIO_MUTUAL'}, loadBalancer: {simple: 'ROUND_ROBIN'},
      connectionPool: {tcp: {maxConnections: 100, connectTimeout: '30ms'}, http: {http1MaxPendingRequests: 10}},
      outlierDetection: {consecutive5xxErrors: 7, interval: '5m', baseEjectionTime: '15m'},
    };
    spec.subsets[1]!.trafficPolicy = {tls: {mode: 'DISABLE'}, loadBalancer: {simple: 'RANDOM'}};
    const [main, v1, v2] = dump(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(rule));
    expect(main!.transportSocketMatches).toBeUndefined();
    expect(main!.transportSocket).toEqual(istioMutual('outbound_.9080_._.reviews.default.svc.cluster.local'));
    // ROUND_ROBIN is lb_policy's zero value: left out.
    expect(main!.lbPolicy).toBeUndefined();
    expect(main!.connectTimeout).toBe('0.030s');
    expect(main!.circuitBreakers).toEqual({thresholds: [{...UNLIMITED, maxConnections: 100, maxPendingRequests: 10}]});
    expect(main!.outlierDetection).toEqual({consecutive5xx: 7, interval: '300s', baseEjectionTime: '900s', enforcingConsecutive5xx: 100, enforcingSuccessRate: 0});
    expect(main!.commonLbConfig).toEqual({healthyPanicThreshold: {}});
    expect(Object.keys(main!).indexOf('outlierDetection')).toBeLessThan(Object.keys(main!).indexOf('commonLbConfig'));
    expect(Object.keys(main!).indexOf('transportSocket')).toBe(Object.keys(main!).indexOf('metadata') - 1);
    // v1 inherits the rule's policy; v2 replaces its TLS and load balancer and keeps its outlier detection.
    expect(v1!.transportSocket).toEqual(istioMutual('outbound_.9080_.v1_.reviews.default.svc.cluster.local'));
    expect(v2!.transportSocket).toBeUndefined();
    expect(v2!.transportSocketMatches).toBeUndefined();
    expect(v2).toMatchObject({lbPolicy: 'RANDOM', outlierDetection: {consecutive5xx: 7}});
  });

  it('sets the upstream protocol a port asks for: HTTP/2 for gRPC (and h2 in the mTLS ALPNs), the downstream protocol for a sidecar\'s sniffed port, not for a gateway\'s', () => {
    const ports = [{name: 'grpc', port: 9090}, {name: 'tcp-plain', port: 7000}, {port: 7070}];
    const model = mesh(service('ratings', 'default', ports, {clusterIP: '10.96.0.14'}), withAccount(sidecarPod('ratings-v1-x', 'default', {app: 'ratings'}, '10.244.0.9'), 'bookinfo-reviews'));
    // Sorted by port: 7000, 7070, 9090.
    const [tcp, sniffed, grpc] = dump('istioctl pc cluster productpage-v1-abc --fqdn ratings.default.svc.cluster.local -o json', model);
    const OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
    expect(grpc!.typedExtensionProtocolOptions).toEqual({[OPTIONS]: {'@type': `type.googleapis.com/${OPTIONS}`, explicitHttpConfig: {http2ProtocolOptions: {}}}});
    expect((grpc!.transportSocketMatches as {transportSocket: {typedConfig: {commonTlsContext: {alpnProtocols: string[]}}}}[])[0]!.transportSocket.typedConfig.commonTlsContext.alpnProtocols).toEqual(['istio-peer-exchange', 'istio', 'h2']);
    expect(tcp!.typedExtensionProtocolOptions).toBeUndefined();
    expect(sniffed!.typedExtensionProtocolOptions).toEqual({[OPTIONS]: {'@type': `type.googleapis.com/${OPTIONS}`, useDownstreamProtocolConfig: {httpProtocolOptions: {}, http2ProtocolOptions: {}}}});
    const atGateway = dump('istioctl pc cluster istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system --fqdn ratings.default.svc.cluster.local --port 7070 -o json', model);
    expect(atGateway[0]!.typedExtensionProtocolOptions).toBeUndefined();
  });

  it('prints the whole listing in the summary\'s order: inbound clusters, the passthrough and blackhole clusters, the bootstrap\'s static clusters as envoy_bootstrap.json has them', () => {
    const clusters = dump('istioctl pc cluster productpage-v1-abc -o json', mesh());
    expect(clusters.map((c) => c.name)).toEqual(['inbound|9080||', 'BlackHoleCluster', 'InboundPassthroughCluster', 'PassthroughCluster', 'agent',
      'outbound|9080||productpage.default.svc.cluster.local', 'prometheus_stats', 'outbound|9080||reviews.default.svc.cluster.local', 'sds-grpc', 'xds-grpc']);
    const byName = new Map(clusters.map((c) => [c.name, c]));
    expect(byName.get('inbound|9080||')).toEqual({
      name: 'inbound|9080||', altStatName: 'inbound|9080||;', type: 'ORIGINAL_DST', connectTimeout: '10s', lbPolicy: 'CLUSTER_PROVIDED',
      circuitBreakers: {thresholds: [UNLIMITED]}, cleanupInterval: '9223372035s', upstreamBindConfig: {sourceAddress: {address: '127.0.0.6', portValue: 0}},
      commonLbConfig: {}, metadata: {filterMetadata: {istio: {services: [{host: 'productpage.default.svc.cluster.local', name: 'productpage', namespace: 'default'}]}}},
    });
    expect(byName.get('BlackHoleCluster')).toEqual({name: 'BlackHoleCluster', altStatName: 'BlackHoleCluster;', type: 'STATIC', connectTimeout: '10s'});
    const passthroughOptions = {'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
      '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
      commonHttpProtocolOptions: {idleTimeout: '300s'}, useDownstreamProtocolConfig: {httpProtocolOptions: {}, http2ProtocolOptions: {}},
    }};
    expect(byName.get('PassthroughCluster')).toEqual({
      name: 'PassthroughCluster', altStatName: 'PassthroughCluster;', type: 'ORIGINAL_DST', connectTimeout: '10s', lbPolicy: 'CLUSTER_PROVIDED',
      circuitBreakers: {thresholds: [UNLIMITED]}, typedExtensionProtocolOptions: passthroughOptions, filters: [METADATA_EXCHANGE],
    });
    // buildInboundPassthroughCluster renames the passthrough cluster (its stat name stays), drops the filters and binds to 127.0.0.6.
    expect(byName.get('InboundPassthroughCluster')).toEqual({
      name: 'InboundPassthroughCluster', altStatName: 'PassthroughCluster;', type: 'ORIGINAL_DST', connectTimeout: '10s', lbPolicy: 'CLUSTER_PROVIDED',
      circuitBreakers: {thresholds: [UNLIMITED]}, typedExtensionProtocolOptions: passthroughOptions, upstreamBindConfig: {sourceAddress: {address: '127.0.0.6', portValue: 0}},
    });
    expect(byName.get('prometheus_stats')).toEqual({name: 'prometheus_stats', altStatName: 'prometheus_stats;', type: 'STATIC', connectTimeout: '0.250s',
      loadAssignment: {clusterName: 'prometheus_stats', endpoints: [{lbEndpoints: [{endpoint: {address: {socketAddress: {address: '127.0.0.1', portValue: 15000}}}}]}]}});
    expect(byName.get('xds-grpc')).toMatchObject({
      loadAssignment: {endpoints: [{lbEndpoints: [{endpoint: {address: {pipe: {path: './etc/istio/proxy/XDS'}}}}]}]}, maxRequestsPerConnection: 1,
      circuitBreakers: {thresholds: [{maxConnections: 100000, maxPendingRequests: 100000, maxRequests: 100000}, {priority: 'HIGH', maxConnections: 100000, maxPendingRequests: 100000, maxRequests: 100000}]},
      upstreamConnectionOptions: {tcpKeepalive: {keepaliveTime: 300}},
    });
    expect(byName.get('sds-grpc')).toMatchObject({connectTimeout: '1s', loadAssignment: {endpoints: [{lbEndpoints: [{endpoint: {address: {pipe: {path: './var/run/secrets/workload-spiffe-uds/socket'}}}}]}]}});
  });

  it('prints -o yaml as sigs.k8s.io/yaml turns that JSON into YAML: go-yaml\'s key order, then Fprintln\'s newline', () => {
    const out = text('istioctl pc cluster productpage-v1-abc --fqdn BlackHoleCluster -o yaml', mesh());
    expect(out).toBe(['- altStatName: BlackHoleCluster;', '  connectTimeout: 10s', '  name: BlackHoleCluster', '  type: STATIC', '', ''].join('\n'));
  });

  it('refuses what it does not translate rather than print a cluster istiod would build otherwise', () => {
    const gap = (line: string, model: StateModel) => expect(print(line, model)?.kind).toBe('gap');
    const rule = destinationRule('reviews', 'default', 'reviews', []);
    (rule.value.spec as Record<string, unknown>).trafficPolicy = {tls: {mode: 'SIMPLE', caCertificates: '/etc/ca.pem', sessionTickets: true}};
    gap(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(rule));
    const ported = destinationRule('reviews', 'default', 'reviews', []);
    (ported.value.spec as Record<string, unknown>).trafficPolicy = {portLevelSettings: [{port: {number: 9080}, loadBalancer: {consistentHash: {useSourceIp: true}}}]};
    gap(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(ported));
    // A PASSTHROUGH load balancer makes an ORIGINAL_DST cluster that keeps its EDS config.
    const passthrough = destinationRule('reviews', 'default', 'reviews', []);
    (passthrough.value.spec as Record<string, unknown>).trafficPolicy = {loadBalancer: {simple: 'PASSTHROUGH'}};
    gap(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(passthrough));
    gap(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, withMeshConfig(mesh(), {tcpKeepalive: {time: '7200s'}}));
    gap(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, withMeshConfig(mesh(), {outboundClusterStatName: '%SERVICE%'}));
    // With ambient on, istiod adds HBONE socket matches.
    gap(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(sidecarPod('ztunnel-abc', 'istio-system', {app: 'ztunnel'}, '10.244.0.2')));
    const istiod = (env: Array<{name: string; value: string}>): ModelObject => {
      const pod = sidecarPod('istiod-abc', 'istio-system', {app: 'istiod'}, '10.244.0.3');
      return {...pod, value: {...(pod.value as object), spec: {containers: [{name: 'discovery', env}]}}};
    };
    gap(`istioctl pc cluster productpage-v1-abc ${REVIEWS} -o json`, mesh(istiod([{name: 'PILOT_ENABLE_AMBIENT', value: '1'}])));
    // istiod's own PILOT_ENABLE_AMBIENT=false decides (engine/model/ambient.ts), a ztunnel beside it notwithstanding.
    const off = mesh(istiod([{name: 'PILOT_ENABLE_AMBIENT', value: 'false'}]), sidecarPod('ztunnel-abc', 'istio-system', {app: 'ztunnel'}, '10.244.0.2'));
    expect(print(`istioctl pc cluster productpage-v1-abc --fqdn BlackHoleCluster -o json`, off)?.kind).toBe('printed');
    // The summary of the same clusters stays printable.
    expect(print(`istioctl pc cluster productpage-v1-abc ${REVIEWS}`, mesh(rule))?.kind).toBe('printed');
  });
});
