import {describe, expect, it} from 'vitest';
import type {ModelObject} from '../../../src/terminal/printers/model';
import {dump, istioMutual, mesh, print, text, UNLIMITED} from './support/cluster-dump';
import {destinationRule} from './support/mesh';

const entry = (name: string, spec: Record<string, unknown>): ModelObject => ({
  group: 'networking.istio.io', kind: 'ServiceEntry', namespace: 'default', name, value: {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name, namespace: 'default'}, spec},
});
const METADATA_EXCHANGE = {name: 'istio.metadata_exchange', typedConfig: {'@type': 'type.googleapis.com/udpa.type.v1.TypedStruct', typeUrl: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange', value: {enable_discovery: true, protocol: 'istio-peer-exchange'}}};
const CARES = {name: 'envoy.network.dns_resolver.cares', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.network.dns_resolver.cares.v3.CaresDnsResolverConfig', udpMaxQueries: 100}};
const external = (host: string) => ({filterMetadata: {istio: {external: true, services: [{host, name: host, namespace: 'default'}]}}});
const lbEndpoint = (address: string, port: number, workload: string, weight = 1) => ({
  endpoint: {address: {socketAddress: {address, portValue: port}}},
  metadata: {filterMetadata: {istio: {workload: `${workload};default;${workload};;Kubernetes`}}},
  loadBalancingWeight: {value: weight},
});

const HTTPBIN = entry('httpbin', {hosts: ['httpbin.org'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}], resolution: 'DNS'});

describe('istioctl proxy-config cluster -o json: ServiceEntry clusters as istiod 1.30.3 builds them', () => {
  it('prints a DNS entry as STRICT_DNS resolving its own host: the DNS settings, no EDS config, no auto mTLS, `external` in the metadata', () => {
    expect(dump('istioctl pc cluster productpage-v1-abc --fqdn httpbin.org -o json', mesh(HTTPBIN))).toEqual([{
      name: 'outbound|443||httpbin.org',
      altStatName: 'outbound|443||httpbin.org;',
      type: 'STRICT_DNS',
      connectTimeout: '10s',
      lbPolicy: 'LEAST_REQUEST',
      loadAssignment: {clusterName: 'outbound|443||httpbin.org', endpoints: [{locality: {}, lbEndpoints: [lbEndpoint('httpbin.org', 443, 'httpbin')], loadBalancingWeight: {value: 1}}]},
      circuitBreakers: {thresholds: [UNLIMITED]},
      dnsRefreshRate: '60s',
      dnsJitter: '0.100s',
      respectDnsTtl: true,
      dnsLookupFamily: 'V4_ONLY',
      typedDnsResolverConfig: CARES,
      commonLbConfig: {},
      metadata: external('httpbin.org'),
      filters: [METADATA_EXCHANGE],
    }]);
  });

  it('writes the DNS fields between the protocol options and the load balancer config, in cluster.proto\'s declaration order', () => {
    const [cluster] = dump('istioctl pc cluster productpage-v1-abc --fqdn httpbin.org -o json', mesh(HTTPBIN));
    expect(Object.keys(cluster!)).toEqual(['name', 'altStatName', 'type', 'connectTimeout', 'lbPolicy', 'loadAssignment', 'circuitBreakers', 'dnsRefreshRate', 'dnsJitter', 'respectDnsTtl', 'dnsLookupFamily', 'typedDnsResolverConfig', 'commonLbConfig', 'metadata', 'filters']);
  });

  it('resolves the entry\'s endpoints instead of the host, each at its port of the port\'s name, weighted, named NAME-INDEX', () => {
    const api = entry('api', {hosts: ['api.example.com'], ports: [{number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080}], resolution: 'DNS_ROUND_ROBIN', endpoints: [{address: 'a.example.com', ports: {http: 9090}, weight: 3}, {address: 'b.example.com'}]});
    const [cluster] = dump('istioctl pc cluster productpage-v1-abc --fqdn api.example.com -o json', mesh(api));
    expect(cluster!.type).toBe('LOGICAL_DNS');
    expect(cluster!.loadAssignment).toEqual({clusterName: 'outbound|80||api.example.com', endpoints: [{locality: {}, lbEndpoints: [lbEndpoint('a.example.com', 9090, 'api-0', 3), lbEndpoint('b.example.com', 8080, 'api-1')], loadBalancingWeight: {value: 4}}]});
    // setUpstreamProtocol leaves a declared HTTP port's protocol unset (no h2 upgrade in the mesh config).
    expect(cluster!.typedExtensionProtocolOptions).toBeUndefined();
  });

  it('takes the mesh\'s dnsRefreshRate and names a rule in the metadata', () => {
    const model = mesh(HTTPBIN, destinationRule('httpbin', 'default', 'httpbin.org', []));
    const withRate = {...model, meshConfig: {...(model.meshConfig as object), dnsRefreshRate: '5s'}};
    const [cluster] = dump('istioctl pc cluster productpage-v1-abc --fqdn httpbin.org -o json', withRate);
    expect(cluster!.dnsRefreshRate).toBe('5s');
    expect((cluster!.metadata as {filterMetadata: {istio: Record<string, unknown>}}).filterMetadata.istio).toEqual({
      config: '/apis/networking.istio.io/v1/namespaces/default/destination-rule/httpbin', external: true, services: [{host: 'httpbin.org', name: 'httpbin.org', namespace: 'default'}],
    });
  });

  it('prints a NONE entry as ORIGINAL_DST, its targetPort as the upstream port override', () => {
    const db = entry('db', {hosts: ['db.internal'], addresses: ['10.10.0.9'], ports: [{number: 5432, name: 'tcp', protocol: 'TCP', targetPort: 15432}], resolution: 'NONE'});
    expect(dump('istioctl pc cluster productpage-v1-abc --fqdn db.internal -o json', mesh(db))).toEqual([{
      name: 'outbound|5432||db.internal',
      altStatName: 'outbound|5432||db.internal;',
      type: 'ORIGINAL_DST',
      connectTimeout: '10s',
      lbPolicy: 'CLUSTER_PROVIDED',
      circuitBreakers: {thresholds: [UNLIMITED]},
      originalDstLbConfig: {upstreamPortOverride: 15432},
      commonLbConfig: {},
      metadata: external('db.internal'),
      filters: [METADATA_EXCHANGE],
    }]);
  });

  it('prints a STATIC entry as an EDS cluster without auto mTLS', () => {
    const legacy = entry('legacy', {hosts: ['legacy.internal'], ports: [{number: 8080, name: 'tcp', protocol: 'TCP'}], resolution: 'STATIC', endpoints: [{address: '10.0.0.7'}]});
    const [cluster] = dump('istioctl pc cluster productpage-v1-abc --fqdn legacy.internal -o json', mesh(legacy));
    expect(cluster!.type).toBe('EDS');
    expect(cluster!.edsClusterConfig).toEqual({edsConfig: {ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'}, serviceName: 'outbound|8080||legacy.internal'});
    expect(cluster!.transportSocketMatches).toBeUndefined();
    expect(cluster!.metadata).toEqual(external('legacy.internal'));
  });

  it('gives a MESH_INTERNAL entry auto mTLS, its SANs the entry\'s subjectAltNames sorted, and no `external` metadata', () => {
    const internal = entry('httpbin', {...(HTTPBIN.value.spec as object), location: 'MESH_INTERNAL', subjectAltNames: ['spiffe://cluster.local/ns/b/sa/b', 'spiffe://cluster.local/ns/a/sa/a']});
    const [cluster] = dump('istioctl pc cluster productpage-v1-abc --fqdn httpbin.org -o json', mesh(internal));
    expect(cluster!.transportSocketMatches).toEqual([
      {name: 'tlsMode-istio', match: {tlsMode: 'istio'}, transportSocket: istioMutual('outbound_.443_._.httpbin.org', undefined, ['spiffe://cluster.local/ns/a/sa/a', 'spiffe://cluster.local/ns/b/sa/b'])},
      {name: 'tlsMode-disabled', match: {}, transportSocket: {name: 'envoy.transport_sockets.raw_buffer', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer'}}},
    ]);
    expect(cluster!.metadata).toEqual({filterMetadata: {istio: {services: [{host: 'httpbin.org', name: 'httpbin.org', namespace: 'default'}]}}});
    // NONE's endpoints carry no sidecar tlsMode: BestEffortInferServiceMTLSMode says DISABLE.
    const db = entry('db', {hosts: ['db.internal'], location: 'MESH_INTERNAL', ports: [{number: 5432, name: 'tcp', protocol: 'TCP'}], resolution: 'NONE'});
    const [passthrough] = dump('istioctl pc cluster productpage-v1-abc --fqdn db.internal -o json', mesh(db));
    expect([passthrough!.transportSocketMatches, passthrough!.transportSocket]).toEqual([undefined, undefined]);
  });

  it('names the entry\'s subjectAltNames in a rule\'s ISTIO_MUTUAL to it', () => {
    const rule: ModelObject = {group: 'networking.istio.io', kind: 'DestinationRule', namespace: 'default', name: 'httpbin', value: {apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: {name: 'httpbin', namespace: 'default'}, spec: {host: 'httpbin.org', trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}}}}};
    const named = entry('httpbin', {...(HTTPBIN.value.spec as object), subjectAltNames: ['spiffe://example.org/sa/httpbin']});
    const [cluster] = dump('istioctl pc cluster productpage-v1-abc --fqdn httpbin.org -o json', mesh(named, rule));
    expect(cluster!.transportSocket).toEqual(istioMutual('outbound_.443_._.httpbin.org', undefined, ['spiffe://example.org/sa/httpbin']));
  });

  it('agrees with the table, whose TYPE column reads the same cluster type', () => {
    const table = text('istioctl pc cluster productpage-v1-abc --fqdn httpbin.org', mesh(HTTPBIN));
    expect(table.split('\n')[1]).toMatch(/^httpbin\.org\s+443\s+-\s+outbound\s+STRICT_DNS\s*$/);
  });

  it('refuses what it does not translate, saying why', () => {
    const gap = (objects: ModelObject[]) => {
      const printed = print('istioctl pc cluster productpage-v1-abc --fqdn httpbin.org -o json', mesh(...objects));
      return printed?.kind === 'gap' ? printed.reason : `not a gap: ${printed?.kind}`;
    };
    expect(gap([entry('httpbin', {...(HTTPBIN.value.spec as object), location: 'MESH_INTERNAL', endpoints: [{address: 'a.example.com', serviceAccount: 'sa'}]})])).toMatch(/MESH_INTERNAL with endpoints/);
    expect(gap([entry('httpbin', {...(HTTPBIN.value.spec as object), endpoints: [{address: 'a.example.com', locality: 'us-east1/a'}]})])).toMatch(/endpoint with locality/);
    expect(gap([entry('httpbin', {...(HTTPBIN.value.spec as object), endpoints: [{address: 'a.example.com', labels: {'istio-locality': 'us-east1.a'}}]})])).toMatch(/labelled istio-locality/);
    const wildcard = entry('wild', {hosts: ['*.httpbin.org'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}], resolution: 'DNS'});
    expect(print('istioctl pc cluster productpage-v1-abc --fqdn httpbin.org -o json', mesh(wildcard))).toMatchObject({kind: 'gap', reason: expect.stringMatching(/wildcard host \*\.httpbin\.org/)});
    expect(gap([entry('httpbin', {...(HTTPBIN.value.spec as object), endpoints: [{address: 'a.example.com', labels: {'security.istio.io/tlsMode': 'istio'}}]})])).toMatch(/labelled security\.istio\.io\/tlsMode/);
  });
});
