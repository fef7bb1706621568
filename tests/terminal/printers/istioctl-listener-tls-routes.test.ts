/**
 * A VirtualService's tls routes, and tcp routes on sniffed and 0.0.0.0 listeners, in `istioctl proxy-config listener`,
 * as istiod 1.30.3 builds a sidecar's outbound chains (pilot/pkg/networking/core/tls.go
 * buildSidecarOutboundTLSFilterChainOpts, matchTLS, hashRuntimeTLSMatchPredicates, buildSidecarOutboundTCPFilterChainOpts;
 * listener.go buildSidecarOutboundTCPListenerOpts, buildSidecarOutboundListener's ListenerProtocolAuto case (TCP options,
 * then the HTTP chain), toFilterChainMatch, isMatchAll, buildListenerFromEntry, mergeTCPFilterChains) and istioctl
 * 1.30.3's configdump/listener.go prints them (getMatches: `SNI: a,b`, `Addr: PREFIX/LEN`; getFilterType).
 */
import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ISTIOD, namespace, namespaced, service, sidecarPod, virtualService, withMeshConfig} from './support/mesh';
import {text} from './support/answers';

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'),
  service('vault', 'default', [{name: 'https', port: 8200}], {clusterIP: '10.96.0.40'}),
  service('cache', 'default', [{name: 'cache', port: 6379}], {clusterIP: '10.96.0.41'}),
  ...objects));
const entry = (name: string, spec: Record<string, unknown>): ModelObject => ({
  group: 'networking.istio.io', kind: 'ServiceEntry', namespace: 'default', name,
  value: {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name, namespace: 'default'}, spec},
});
type Dump = Array<{listenerFilters?: Array<{name: string}>; filterChains: Array<{filterChainMatch?: unknown; metadata?: unknown}>; defaultFilterChain?: {name?: string}}>;
const VS_PATH = (name: string): unknown => ({filterMetadata: {istio: {config: `/apis/networking.istio.io/v1/namespaces/default/virtual-service/${name}`}}});

describe('tls routes on a TLS or HTTPS Service port', () => {
  const byName = virtualService('vault', 'default', {hosts: ['vault'], tls: [
    {match: [{sniHosts: ['vault.default.svc.cluster.local', 'active.vault.internal']}], route: [{destination: {host: 'vault', subset: 'active'}}]},
    // Not the client's labels: matchTLS drops it.
    {match: [{sniHosts: ['standby.vault.internal'], sourceLabels: {app: 'other'}}], route: [{destination: {host: 'vault', subset: 'standby'}}]},
  ]});

  it('prints a chain per holding match on its SNI hosts, sorted, and istiod\'s passthrough chain when none matches everything', () => {
    expect(text('istioctl pc listener productpage-v1-abc --port 8200', mesh(byName))).toBe([
      'ADDRESSES  PORT MATCH                                                      DESTINATION',
      '10.96.0.40 8200 ALL                                                        PassthroughCluster',
      '10.96.0.40 8200 SNI: active.vault.internal,vault.default.svc.cluster.local Cluster: outbound|8200|active|vault.default.svc.cluster.local',
      '',
    ].join('\n'));
  });

  it('keeps the first of two matches with the same SNI hosts and subnets, and carries a match\'s subnets into the later matches', () => {
    const subnets = virtualService('vault', 'default', {hosts: ['vault'], tls: [
      {match: [{sniHosts: ['a.vault.internal']}, {sniHosts: ['a.vault.internal'], port: 8200}], route: [{destination: {host: 'vault', subset: 'a'}}]},
      {match: [{sniHosts: ['b.vault.internal'], destinationSubnets: ['10.96.0.0/16']}], route: [{destination: {host: 'vault', subset: 'b'}}]},
      // No subnets written: destinationCIDRs still holds the previous match's.
      {match: [{sniHosts: ['c.vault.internal']}], route: [{destination: {host: 'vault', subset: 'c'}}]},
    ]});
    expect(text('istioctl pc listener productpage-v1-abc --port 8200', mesh(subnets))).toBe([
      'ADDRESSES  PORT MATCH                                     DESTINATION',
      '10.96.0.40 8200 ALL                                       PassthroughCluster',
      '10.96.0.40 8200 SNI: c.vault.internal; Addr: 10.96.0.0/16 Cluster: outbound|8200|c|vault.default.svc.cluster.local',
      '10.96.0.40 8200 SNI: b.vault.internal; Addr: 10.96.0.0/16 Cluster: outbound|8200|b|vault.default.svc.cluster.local',
      '10.96.0.40 8200 SNI: a.vault.internal                     Cluster: outbound|8200|a|vault.default.svc.cluster.local',
      '',
    ].join('\n'));
  });

  it('makes a `*` SNI match the listener\'s one chain, and keeps the default chain when no match holds', () => {
    const anySni = virtualService('vault', 'default', {hosts: ['vault'], tls: [{match: [{sniHosts: ['*']}], route: [{destination: {host: 'vault', subset: 'active'}}]}]});
    expect(text('istioctl pc listener productpage-v1-abc --port 8200', mesh(anySni))).toBe([
      'ADDRESSES  PORT MATCH DESTINATION',
      '10.96.0.40 8200 ALL   Cluster: outbound|8200|active|vault.default.svc.cluster.local',
      '',
    ].join('\n'));
    const elsewhere = virtualService('vault', 'default', {hosts: ['vault'], tls: [{match: [{sniHosts: ['vault'], gateways: ['istio-system/edge']}], route: [{destination: {host: 'vault', subset: 'active'}}]}]});
    expect(text('istioctl pc listener productpage-v1-abc --port 8200', mesh(elsewhere))).toBe([
      'ADDRESSES  PORT MATCH DESTINATION',
      '10.96.0.40 8200 ALL   Cluster: outbound|8200||vault.default.svc.cluster.local',
      '',
    ].join('\n'));
  });

  it('writes SNI hosts as server names, the config path on every chain, and the TLS inspector', () => {
    const dump = JSON.parse(text('istioctl pc listener productpage-v1-abc --port 8200 -o json', mesh(byName))) as Dump;
    expect(dump[0]!.listenerFilters?.map((f) => f.name)).toEqual(['envoy.filters.listener.tls_inspector']);
    expect(dump[0]!.filterChains.map((c) => [c.filterChainMatch, c.metadata])).toEqual([
      [{serverNames: ['active.vault.internal', 'vault.default.svc.cluster.local']}, VS_PATH('vault')],
    ]);
    expect(dump[0]!.defaultFilterChain?.name).toBe('PassthroughFilterChain');
  });

  it('replaces the host\'s SNI chain on a 0.0.0.0 listener with the routes\' own', () => {
    const api = entry('api', {hosts: ['api.example.com'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}], resolution: 'DNS', location: 'MESH_EXTERNAL'});
    const split = virtualService('api', 'default', {hosts: ['api.example.com'], tls: [
      {match: [{sniHosts: ['api.example.com']}], route: [{destination: {host: 'api.example.com'}, weight: 90}, {destination: {host: 'vault', port: {number: 8200}}, weight: 10}]},
    ]});
    expect(text('istioctl pc listener productpage-v1-abc --port 443', mesh(api, split))).toBe([
      'ADDRESSES PORT MATCH                DESTINATION',
      '0.0.0.0   443  ALL                  PassthroughCluster',
      '0.0.0.0   443  SNI: api.example.com Cluster: ',
      '',
    ].join('\n'));
  });
});

describe('tcp routes on sniffed and 0.0.0.0 listeners', () => {
  const cacheRoutes = virtualService('cache', 'default', {hosts: ['cache'], tcp: [
    {match: [{destinationSubnets: ['10.96.0.0/16']}], route: [{destination: {host: 'cache', subset: 'primary'}}]},
  ]});

  it('puts a sniffed port\'s subnet chains before its HTTP chain, and its match-all TCP chain last as the default', () => {
    expect(text('istioctl pc listener productpage-v1-abc --port 6379', mesh(cacheRoutes))).toBe([
      'ADDRESSES  PORT MATCH                                DESTINATION',
      '10.96.0.41 6379 Trans: raw_buffer; App: http/1.1,h2c Route: cache.default.svc.cluster.local:6379',
      '10.96.0.41 6379 ALL                                  Cluster: outbound|6379||cache.default.svc.cluster.local',
      '10.96.0.41 6379 Addr: 10.96.0.0/16                   Cluster: outbound|6379|primary|cache.default.svc.cluster.local',
      '',
    ].join('\n'));
    const dump = JSON.parse(text('istioctl pc listener productpage-v1-abc --port 6379 -o json', mesh(cacheRoutes))) as Dump;
    expect(dump[0]!.filterChains.map((c) => c.filterChainMatch)).toEqual([
      {prefixRanges: [{addressPrefix: '10.96.0.0', prefixLen: 16}]},
      {transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1', 'h2c']},
    ]);
  });

  it('lets a sniffed port\'s match-all tcp route take the default chain from the Service\'s cluster', () => {
    const all = virtualService('cache', 'default', {hosts: ['cache'], tcp: [{route: [{destination: {host: 'cache', subset: 'primary'}}]}]});
    expect(text('istioctl pc listener productpage-v1-abc --port 6379', mesh(all))).toBe([
      'ADDRESSES  PORT MATCH                                DESTINATION',
      '10.96.0.41 6379 Trans: raw_buffer; App: http/1.1,h2c Route: cache.default.svc.cluster.local:6379',
      '10.96.0.41 6379 ALL                                  Cluster: outbound|6379|primary|cache.default.svc.cluster.local',
      '',
    ].join('\n'));
  });

  it('builds a TCP ServiceEntry port without address on 0.0.0.0 with the routes\' chains', () => {
    const broker = entry('broker', {hosts: ['broker.internal'], ports: [{number: 9092, name: 'tcp', protocol: 'TCP'}], resolution: 'DNS'});
    const routes = virtualService('broker', 'default', {hosts: ['broker.internal'], tcp: [
      {match: [{destinationSubnets: ['192.168.10.0/24']}], route: [{destination: {host: 'broker.internal'}, weight: 100}]},
    ]});
    expect(text('istioctl pc listener productpage-v1-abc --port 9092', mesh(broker, routes))).toBe([
      'ADDRESSES PORT MATCH                 DESTINATION',
      // The same destination twice: Go's sort.Slice leaves them in the listener's order (insertion sort below 12 rows).
      '0.0.0.0   9092 Addr: 192.168.10.0/24 Cluster: outbound|9092||broker.internal',
      '0.0.0.0   9092 ALL                   Cluster: outbound|9092||broker.internal',
      '',
    ].join('\n'));
  });
});
