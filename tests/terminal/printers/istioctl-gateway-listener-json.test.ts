import {describe, expect, it} from 'vitest';
import {printFromModel} from '../../../src/terminal/printers/index';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, virtualService, withMeshConfig} from './support/mesh';

const print = (line: string, model: StateModel) => printFromModel(line, {namespace: 'default', placeholders: {}}, model);
const dump = (line: string, model: StateModel): Record<string, unknown>[] => {
  const printed = print(line, model);
  if (printed?.kind !== 'printed') throw new Error(`not printed: ${JSON.stringify(printed)}`);
  return JSON.parse(printed.text) as Record<string, unknown>[];
};
const gap = (line: string, model: StateModel): string => {
  const printed = print(line, model);
  if (printed?.kind !== 'gap') throw new Error(`not a gap: ${JSON.stringify(printed)}`);
  return printed.reason;
};
const POD = 'istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system';

const gateway = (name: string, servers: unknown[]): ModelObject => ({
  group: 'networking.istio.io', kind: 'Gateway', namespace: 'default', name,
  value: {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: {name, namespace: 'default', creationTimestamp: '2026-11-24T21:50:00Z'}, spec: {selector: {istio: 'ingressgateway'}, servers}},
});
/** The chart's Service (443 → 8443, 31400 → 31400), httpbin on 8000 and a TCP echo on 9000; prometheus the default metrics provider. */
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, GATEWAY, namespace('default'), namespace('istio-system'),
  sidecarPod('httpbin-abc', 'default', {app: 'httpbin'}, '10.244.0.9'),
  service('istio-ingressgateway', 'istio-system', [{name: 'https', port: 443, targetPort: 8443}, {name: 'tcp', port: 31400, targetPort: 31400}], {clusterIP: '10.96.0.20', selector: {istio: 'ingressgateway'}}),
  service('httpbin', 'default', [{name: 'http', port: 8000, targetPort: 8080}], {clusterIP: '10.96.0.21'}),
  service('echo', 'default', [{name: 'tcp', port: 9000}], {clusterIP: '10.96.0.22'}),
  ...objects), {defaultProviders: {metrics: ['prometheus']}});

const GATEWAY_STATS = {name: 'istio.stats', typedConfig: {'@type': 'type.googleapis.com/stats.PluginConfig', disableHostHeaderFallback: true}};
const TLS_INSPECTOR = {name: 'envoy.filters.listener.tls_inspector', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector', initialReadBufferSize: 512}};
const tcpProxy = (cluster: string) => ({name: 'envoy.filters.network.tcp_proxy', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', statPrefix: cluster, cluster}});
const credential = (name: string) => ({name, sdsConfig: {ads: {}, resourceApiVersion: 'V3'}});
const downstreamTls = (commonTlsContext: Record<string, unknown>, requireClientCertificate: boolean) => ({
  name: 'envoy.transport_sockets.tls',
  typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', commonTlsContext, requireClientCertificate},
});
type Chain = {filterChainMatch?: unknown; filters: {name: string; typedConfig: Record<string, unknown>}[]; transportSocket?: unknown; transportSocketConnectTimeout?: string};

const https = (tls: Record<string, unknown>, hosts = ['httpbin.example.com']) => gateway('httpbin-gateway', [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts, tls}]);

describe('istioctl proxy-config listener -o json for a gateway\'s TLS and TCP servers (gateway.go buildGatewayTCPBasedFilterChains)', () => {
  it('terminates an HTTPS server with its credentialName over ADS: SNI match, the TLS inspector, ALPN h2 and http/1.1, no client certificate', () => {
    const [listener] = dump(`istioctl pc listener ${POD} --port 8443 -o json`, mesh(https({mode: 'SIMPLE', credentialName: 'httpbin-credential'})));
    expect(Object.keys(listener!)).toEqual(['name', 'address', 'filterChains', 'listenerFilters', 'trafficDirection', 'maxConnectionsToAcceptPerSocketEvent']);
    expect(listener!.listenerFilters).toEqual([TLS_INSPECTOR]);
    const [chain] = listener!.filterChains as Chain[];
    expect(chain!.filterChainMatch).toEqual({serverNames: ['httpbin.example.com']});
    expect(chain!.transportSocket).toEqual(downstreamTls({tlsCertificateSdsSecretConfigs: [credential('kubernetes://httpbin-credential')], alpnProtocols: ['h2', 'http/1.1']}, false));
    expect(chain!.transportSocketConnectTimeout).toBe('15s');
    const hcm = chain!.filters[0]!.typedConfig;
    expect(hcm.statPrefix).toBe('outbound_0.0.0.0_8443;');
    expect((hcm.rds as {routeConfigName: string}).routeConfigName).toBe('https.443.https.httpbin-gateway.default');
  });

  it('validates client certificates of a MUTUAL server against NAME-cacert, with its SANs, and names the connection manager\'s stats after a named server', () => {
    const named = gateway('httpbin-gateway', [{name: 'secure', port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['*'], tls: {mode: 'MUTUAL', credentialName: 'httpbin-credential', subjectAltNames: ['client.example.com']}}]);
    const [chain] = dump(`istioctl pc listener ${POD} --port 8443 -o json`, mesh(named))[0]!.filterChains as Chain[];
    // A `*` host matches every SNI: no match at all (toFilterChainMatch).
    expect(chain!.filterChainMatch).toBeUndefined();
    expect(chain!.transportSocket).toEqual(downstreamTls({
      tlsCertificateSdsSecretConfigs: [credential('kubernetes://httpbin-credential')],
      combinedValidationContext: {defaultValidationContext: {matchSubjectAltNames: [{exact: 'client.example.com'}]}, validationContextSdsSecretConfig: credential('kubernetes://httpbin-credential-cacert')},
      alpnProtocols: ['h2', 'http/1.1'],
    }, true));
    expect(chain!.filters[0]!.typedConfig.statPrefix).toBe('secure');
  });

  it('passes TLS through by SNI to the cluster of the VirtualService\'s tls route, with the gateway class\'s stats filter', () => {
    const passthrough = gateway('tls-gateway', [{port: {number: 443, name: 'tls', protocol: 'TLS'}, hosts: ['*.example.com'], tls: {mode: 'PASSTHROUGH'}}]);
    const routes = virtualService('tls', 'default', {hosts: ['httpbin.example.com'], gateways: ['tls-gateway'], tls: [{match: [{sniHosts: ['httpbin.example.com'], port: 443}], route: [{destination: {host: 'httpbin'}}]}]});
    expect(dump(`istioctl pc listener ${POD} --port 8443 -o json`, mesh(passthrough, routes))).toEqual([{
      name: '0.0.0.0_8443',
      address: {socketAddress: {address: '0.0.0.0', portValue: 8443}},
      filterChains: [{
        filterChainMatch: {serverNames: ['httpbin.example.com']},
        filters: [GATEWAY_STATS, tcpProxy('outbound|8000||httpbin.default.svc.cluster.local')],
        transportSocketConnectTimeout: '15s',
      }],
      listenerFilters: [TLS_INSPECTOR],
      trafficDirection: 'OUTBOUND',
      maxConnectionsToAcceptPerSocketEvent: 1,
    }]);
  });

  it('proxies a TCP server without any match or listener filter to the tcp route\'s cluster', () => {
    const tcp = gateway('tcp-gateway', [{port: {number: 31400, name: 'tcp', protocol: 'TCP'}, hosts: ['*']}]);
    const routes = virtualService('echo', 'default', {hosts: ['*'], gateways: ['tcp-gateway'], tcp: [{match: [{port: 31400}], route: [{destination: {host: 'echo', port: {number: 9000}}}]}]});
    expect(dump(`istioctl pc listener ${POD} --port 31400 -o json`, mesh(tcp, routes))).toEqual([{
      name: '0.0.0.0_31400',
      address: {socketAddress: {address: '0.0.0.0', portValue: 31400}},
      filterChains: [{filters: [GATEWAY_STATS, tcpProxy('outbound|9000||echo.default.svc.cluster.local')], transportSocketConnectTimeout: '15s'}],
      trafficDirection: 'OUTBOUND',
      maxConnectionsToAcceptPerSocketEvent: 1,
    }]);
  });

  it('splits a TCP route among weighted clusters, the VirtualService\'s NAME.NAMESPACE as stat prefix, a zero weight left out', () => {
    const tcp = gateway('tcp-gateway', [{port: {number: 31400, name: 'tcp', protocol: 'TCP'}, hosts: ['*']}]);
    const routes = virtualService('echo', 'default', {hosts: ['*'], gateways: ['tcp-gateway'], tcp: [{route: [
      {destination: {host: 'echo'}, weight: 80}, {destination: {host: 'httpbin', port: {number: 8000}}, weight: 20}, {destination: {host: 'httpbin', subset: 'v2'}, weight: 0},
    ]}]});
    const [chain] = dump(`istioctl pc listener ${POD} --port 31400 -o json`, mesh(tcp, routes))[0]!.filterChains as Chain[];
    expect(chain!.filters[1]).toEqual({name: 'envoy.filters.network.tcp_proxy', typedConfig: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', statPrefix: 'echo.default',
      weightedClusters: {clusters: [{name: 'outbound|9000||echo.default.svc.cluster.local', weight: 80}, {name: 'outbound|8000||httpbin.default.svc.cluster.local', weight: 20}]},
    }});
    // istioctl's getFilterType finds no single cluster.
    expect(print(`istioctl pc listener ${POD} --port 31400`, mesh(tcp, routes))).toEqual({kind: 'printed', text: 'ADDRESSES PORT  MATCH DESTINATION\n0.0.0.0   31400 ALL   Cluster: \n'});
  });

  it('terminates a TLS server in front of a TCP proxy with the same socket', () => {
    const terminating = gateway('tls-gateway', [{port: {number: 443, name: 'tls', protocol: 'TLS'}, hosts: ['echo.example.com'], tls: {mode: 'SIMPLE', credentialName: 'echo-credential'}}]);
    const routes = virtualService('echo', 'default', {hosts: ['echo.example.com'], gateways: ['tls-gateway'], tcp: [{route: [{destination: {host: 'echo'}}]}]});
    const [chain] = dump(`istioctl pc listener ${POD} --port 8443 -o json`, mesh(terminating, routes))[0]!.filterChains as Chain[];
    expect(chain!.filterChainMatch).toEqual({serverNames: ['echo.example.com']});
    expect(chain!.filters).toEqual([GATEWAY_STATS, tcpProxy('outbound|9000||echo.default.svc.cluster.local')]);
    expect(chain!.transportSocket).toEqual(downstreamTls({tlsCertificateSdsSecretConfigs: [credential('kubernetes://echo-credential')], alpnProtocols: ['h2', 'http/1.1']}, false));
  });

  it('terminates Istio mTLS on a TLS server with the gateway\'s workload certificate and the mesh root, the metadata exchange first and its ALPN offered', () => {
    const mtls = gateway('mtls-gateway', [{port: {number: 443, name: 'tls', protocol: 'TLS'}, hosts: ['echo.example.com'], tls: {mode: 'ISTIO_MUTUAL', subjectAltNames: ['spiffe://cluster.local/ns/default/sa/client']}}]);
    const routes = virtualService('echo', 'default', {hosts: ['echo.example.com'], gateways: ['mtls-gateway'], tcp: [{route: [{destination: {host: 'echo'}}]}]});
    const [chain] = dump(`istioctl pc listener ${POD} --port 8443 -o json`, mesh(mtls, routes))[0]!.filterChains as Chain[];
    expect(chain!.filters.map((f) => f.name)).toEqual(['istio.metadata_exchange', 'istio.stats', 'envoy.filters.network.tcp_proxy']);
    const agent = (name: string) => ({
      name,
      sdsConfig: {apiConfigSource: {apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{envoyGrpc: {clusterName: 'sds-grpc'}}], setNodeOnFirstMessageOnly: true}, initialFetchTimeout: '0s', resourceApiVersion: 'V3'},
    });
    expect(chain!.transportSocket).toEqual(downstreamTls({
      tlsCertificateSdsSecretConfigs: [agent('default')],
      combinedValidationContext: {defaultValidationContext: {matchSubjectAltNames: [{exact: 'spiffe://cluster.local/ns/default/sa/client'}]}, validationContextSdsSecretConfig: agent('ROOTCA')},
      alpnProtocols: ['istio-peer-exchange', 'h2', 'http/1.1'],
    }, true));
  });

  it('gives AUTO_PASSTHROUGH a chain per mesh service port on its SNI-DNAT name and Istio\'s mTLS ALPNs, proxying to that cluster', () => {
    const eastWest = gateway('cross-network', [{port: {number: 15443, name: 'tls', protocol: 'TLS'}, hosts: ['*.local'], tls: {mode: 'AUTO_PASSTHROUGH'}}]);
    const [listener] = dump(`istioctl pc listener ${POD} --port 15443 -o json`, mesh(eastWest));
    const sni = 'outbound_.8000_._.httpbin.default.svc.cluster.local';
    expect((listener!.filterChains as Chain[]).find((c) => JSON.stringify(c.filterChainMatch).includes(sni))).toEqual({
      filterChainMatch: {serverNames: [sni], applicationProtocols: ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']},
      filters: [GATEWAY_STATS, tcpProxy(sni)],
      transportSocketConnectTimeout: '15s',
    });
    expect(listener!.listenerFilters).toEqual([TLS_INSPECTOR]);
  });

  it('keeps the table\'s rows as before for the same chains', () => {
    const printed = print(`istioctl pc listener ${POD} --port 8443`, mesh(https({mode: 'SIMPLE', credentialName: 'httpbin-credential'})));
    expect(printed).toEqual({kind: 'printed', text: 'ADDRESSES PORT MATCH                    DESTINATION\n0.0.0.0   8443 SNI: httpbin.example.com Route: https.443.https.httpbin-gateway.default\n'});
  });

  it('refuses what it does not translate, saying why', () => {
    expect(gap(`istioctl pc listener ${POD} --port 8443 -o json`, mesh(https({mode: 'SIMPLE', credentialName: 'sds://c'})))).toMatch(/credentialName sds:\/\/c/);
    expect(gap(`istioctl pc listener ${POD} --port 8443 -o json`, mesh(https({mode: 'SIMPLE', credentialName: 'c', sessionTickets: true})))).toMatch(/tls\.sessionTickets/);
    const unweighted = virtualService('echo', 'default', {hosts: ['*'], gateways: ['tcp-gateway'], tcp: [{route: [{destination: {host: 'echo'}}, {destination: {host: 'httpbin'}}]}]});
    expect(gap(`istioctl pc listener ${POD} --port 31400 -o json`, mesh(gateway('tcp-gateway', [{port: {number: 31400, name: 'tcp', protocol: 'TCP'}, hosts: ['*']}]), unweighted))).toMatch(/none weighted/);
  });
});
