/**
 * DestinationRules on ServiceEntry hosts in `istioctl proxy-config cluster` (istiod 1.30.3
 * cluster_builder.go buildSubsetCluster, endpoint_builder.go FromServiceEndpoints,
 * cluster_traffic_policy.go applyOutlierDetection, cluster_tls.go constructUpstreamTLS).
 */
import {describe, expect, it} from 'vitest';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {dump, mesh, print, sds, text} from './support/cluster-dump';

const entry = (name: string, spec: Record<string, unknown>): ModelObject => ({
  group: 'networking.istio.io', kind: 'ServiceEntry', namespace: 'default', name, value: {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name, namespace: 'default'}, spec},
});
const rule = (spec: Record<string, unknown>, name = 'api', host = 'api.example.com'): ModelObject => ({
  group: 'networking.istio.io', kind: 'DestinationRule', namespace: 'default', name, value: {apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: {name, namespace: 'default'}, spec: {host, ...spec}},
});
const lbEndpoint = (address: string, workload: string, canonical = workload, revision = '') => ({
  endpoint: {address: {socketAddress: {address, portValue: 443}}},
  metadata: {filterMetadata: {istio: {workload: `${workload};default;${canonical};${revision};Kubernetes`}}},
  loadBalancingWeight: {value: 1},
});
/** Two backends of one DNS entry, told apart by their labels. */
const API = entry('api', {
  hosts: ['api.example.com'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}], resolution: 'DNS',
  endpoints: [{address: 'east.api.example.com', labels: {app: 'api', version: 'v1'}}, {address: 'west.api.example.com', labels: {version: 'v2'}}],
});
const SUBSETS = [{name: 'v1', labels: {version: 'v1'}}, {name: 'v2', labels: {version: 'v2'}}, {name: 'v3', labels: {version: 'v3'}}, {name: 'all'}];
const FQDN = 'istioctl pc cluster productpage-v1-abc --fqdn api.example.com';
const byName = (name: string, clusters: ReturnType<typeof dump>) => clusters.find((c) => c.name === name)!;

describe('DestinationRule subsets of a DNS ServiceEntry', () => {
  it('gives each subset a cluster resolving only the endpoints whose labels hold the subset\'s, canonical names from those labels', () => {
    const clusters = dump(`${FQDN} -o json`, mesh(API, rule({subsets: SUBSETS})));
    expect(byName('outbound|443|v1|api.example.com', clusters).loadAssignment).toEqual({
      clusterName: 'outbound|443|v1|api.example.com',
      // kubelabels.CanonicalService: `app` names the service and `version` its revision; the workload stays NAME-INDEX.
      endpoints: [{locality: {}, lbEndpoints: [lbEndpoint('east.api.example.com', 'api-0', 'api', 'v1')], loadBalancingWeight: {value: 1}}],
    });
    expect(byName('outbound|443|v2|api.example.com', clusters).loadAssignment).toEqual({
      clusterName: 'outbound|443|v2|api.example.com',
      endpoints: [{locality: {}, lbEndpoints: [lbEndpoint('west.api.example.com', 'api-1', 'api-1', 'v2')], loadBalancingWeight: {value: 1}}],
    });
    // A subset without labels takes every endpoint.
    expect((byName('outbound|443|all|api.example.com', clusters).loadAssignment as {endpoints: {lbEndpoints: unknown[]}[]}).endpoints[0]!.lbEndpoints).toHaveLength(2);
    expect(byName('outbound|443|v1|api.example.com', clusters).metadata).toEqual({filterMetadata: {istio: {
      config: '/apis/networking.istio.io/v1/namespaces/default/destination-rule/api', external: true, services: [{host: 'api.example.com', name: 'api.example.com', namespace: 'default'}], subset: 'v1',
    }}});
  });

  it('builds no cluster for a subset no endpoint holds, in the table and the JSON alike', () => {
    const model = mesh(API, rule({subsets: SUBSETS}));
    expect(dump(`${FQDN} -o json`, model).map((c) => c.name)).toEqual(['outbound|443||api.example.com', 'outbound|443|all|api.example.com', 'outbound|443|v1|api.example.com', 'outbound|443|v2|api.example.com']);
    expect(text(FQDN, model).split('\n').slice(1, -1).map((row) => row.split(/\s+/)[2])).toEqual(['-', 'all', 'v1', 'v2']);
  });

  it('matches istiod\'s cluster label, which AugmentLabels adds to every endpoint', () => {
    const byCluster = rule({subsets: [{name: 'local', labels: {'topology.istio.io/cluster': 'Kubernetes'}}]});
    expect(dump(`${FQDN} --subset local -o json`, mesh(API, byCluster))).toHaveLength(1);
  });

  it('selects a STATIC entry\'s endpoints for `proxy-config endpoint` by the same labels, the cluster label included', () => {
    const legacy = entry('legacy', {hosts: ['legacy.internal'], ports: [{number: 8080, name: 'http', protocol: 'HTTP'}], resolution: 'STATIC', endpoints: [{address: '10.0.0.7', labels: {version: 'v1'}}, {address: '10.0.0.8'}]});
    const subsets = rule({subsets: [{name: 'v1', labels: {version: 'v1'}}, {name: 'local', labels: {'topology.istio.io/cluster': 'Kubernetes'}}]}, 'legacy', 'legacy.internal');
    const endpoints = (name: string) => {
      const printed = print(`istioctl pc endpoint productpage-v1-abc --cluster 'outbound|8080|${name}|legacy.internal'`, mesh(legacy, subsets));
      return printed?.kind === 'printed' ? printed.text.split('\n').slice(1, -1).map((row) => row.split(/\s+/)[0]) : printed?.kind;
    };
    expect(endpoints('v1')).toEqual(['10.0.0.7:8080']);
    expect(endpoints('local')).toEqual(['10.0.0.7:8080', '10.0.0.8:8080']);
  });

  it('takes the host itself, which has no labels, only into an unlabelled subset', () => {
    const hostOnly = entry('api', {hosts: ['api.example.com'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}], resolution: 'DNS'});
    expect(dump(`${FQDN} -o json`, mesh(hostOnly, rule({subsets: SUBSETS}))).map((c) => c.name)).toEqual(['outbound|443||api.example.com', 'outbound|443|all|api.example.com']);
  });
});

describe('traffic policies on a DNS ServiceEntry\'s clusters', () => {
  it('applies outlier detection and the panic threshold, leaving the one locality group at priority 0', () => {
    const outlier = rule({trafficPolicy: {outlierDetection: {consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50}}});
    const [cluster] = dump(`${FQDN} -o json`, mesh(API, outlier));
    expect(cluster!.outlierDetection).toEqual({consecutive5xx: 3, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50, enforcingConsecutive5xx: 100, enforcingSuccessRate: 0});
    expect(cluster!.commonLbConfig).toEqual({healthyPanicThreshold: {}});
    const groups = (cluster!.loadAssignment as {endpoints: Record<string, unknown>[]}).endpoints;
    expect(groups.map((g) => g.priority)).toEqual([undefined]);
    // cluster.proto's order: the DNS fields, then outlier detection, then the load balancer config.
    const keys = Object.keys(cluster!);
    expect(keys.indexOf('typedDnsResolverConfig')).toBeLessThan(keys.indexOf('outlierDetection'));
    expect(keys.indexOf('outlierDetection')).toBeLessThan(keys.indexOf('commonLbConfig'));
  });

  it('applies a subset\'s connection pool over the rule\'s to that subset\'s cluster only', () => {
    const pooled = rule({trafficPolicy: {connectionPool: {tcp: {maxConnections: 10}}}, subsets: [{name: 'v1', labels: {version: 'v1'}, trafficPolicy: {connectionPool: {tcp: {maxConnections: 2, connectTimeout: '3s'}}}}]});
    const clusters = dump(`${FQDN} -o json`, mesh(API, pooled));
    const limits = (c: Record<string, unknown>) => ((c.circuitBreakers as {thresholds: Record<string, unknown>[]}).thresholds[0]!).maxConnections;
    expect(limits(byName('outbound|443||api.example.com', clusters))).toBe(10);
    expect(limits(byName('outbound|443|v1|api.example.com', clusters))).toBe(2);
    expect(byName('outbound|443|v1|api.example.com', clusters).connectTimeout).toBe('3s');
  });

  it('originates TLS for tls.mode SIMPLE with the written SNI, the system roots, and the entry\'s subjectAltNames standing in for the rule\'s', () => {
    const named = entry('api', {...(API.value.spec as object), subjectAltNames: ['api.example.com']});
    const simple = rule({trafficPolicy: {tls: {mode: 'SIMPLE', sni: 'api.example.com'}}});
    const [cluster] = dump(`${FQDN} -o json`, mesh(named, simple));
    expect(cluster!.transportSocket).toEqual({
      name: 'envoy.transport_sockets.tls',
      typedConfig: {
        '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
        commonTlsContext: {
          tlsParams: {tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3'},
          combinedValidationContext: {defaultValidationContext: {matchSubjectAltNames: [{exact: 'api.example.com'}]}, validationContextSdsSecretConfig: sds('file-root:system')},
        },
        sni: 'api.example.com',
      },
    });
    // The rule's own TLS keeps the application's ALPN (AddALPNOverrideToMetadata) and no auto mTLS applies.
    expect((cluster!.metadata as {filterMetadata: {istio: Record<string, unknown>}}).filterMetadata.istio.alpn_override).toBe('false');
    expect(cluster!.transportSocketMatches).toBeUndefined();
  });

  it('asks Envoy for auto SNI and SAN validation when the rule writes neither, even beside the entry\'s SANs (decided before they stand in)', () => {
    const named = entry('api', {...(API.value.spec as object), subjectAltNames: ['api.example.com']});
    const [cluster] = dump(`${FQDN} -o json`, mesh(named, rule({trafficPolicy: {tls: {mode: 'SIMPLE'}}})));
    const options = (cluster!.typedExtensionProtocolOptions as Record<string, {upstreamHttpProtocolOptions: unknown}>)['envoy.extensions.upstreams.http.v3.HttpProtocolOptions']!;
    expect(options.upstreamHttpProtocolOptions).toEqual({autoSni: true, autoSanValidation: true});
    const context = (cluster!.transportSocket as {typedConfig: {commonTlsContext: {combinedValidationContext: {defaultValidationContext: unknown}}; sni?: string}}).typedConfig;
    expect(context.sni).toBeUndefined();
    expect(context.commonTlsContext.combinedValidationContext.defaultValidationContext).toEqual({matchSubjectAltNames: [{exact: 'api.example.com'}]});
  });

  it('adds a file CRL after the SANs, and the mesh\'s tlsDefaults cipher suites and curves to the parameters', () => {
    const model = mesh(API, rule({trafficPolicy: {tls: {mode: 'SIMPLE', sni: 'api.example.com', caCertificates: '/etc/certs/ca.pem', caCrl: '/etc/certs/ca.crl', subjectAltNames: ['api']}}}));
    const withDefaults = {...model, meshConfig: {...(model.meshConfig as object), tlsDefaults: {cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'], ecdhCurves: ['X25519']}}};
    const [cluster] = dump(`${FQDN} -o json`, withDefaults);
    const common = (cluster!.transportSocket as {typedConfig: {commonTlsContext: Record<string, unknown>}}).typedConfig.commonTlsContext;
    expect(common.tlsParams).toEqual({tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3', cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'], ecdhCurves: ['X25519']});
    expect(common.combinedValidationContext).toEqual({defaultValidationContext: {matchSubjectAltNames: [{exact: 'api'}], crl: {filename: '/etc/certs/ca.crl'}}, validationContextSdsSecretConfig: sds('file-root:/etc/certs/ca.pem')});
  });
});
