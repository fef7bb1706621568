/**
 * A VirtualService's tcp routes in `istioctl proxy-config listener`, as istiod 1.30.3 builds the chains of a TCP
 * Service port's listener (tls.go buildSidecarOutboundTCPFilterChainOpts, matchTCP; listener.go toFilterChainMatch,
 * buildListenerFromEntry) and istioctl 1.30.3's listener.go prints them (getMatches: `Addr: PREFIX/LEN,…` from the
 * chain's prefix ranges; getFilterType: `Cluster: ` for weighted clusters), the greatest destination first.
 */
import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ISTIOD, namespace, namespaced, service, sidecarPod, virtualService, withMeshConfig} from './support/mesh';
import {text} from './support/answers';

const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'),
  service('db', 'default', [{name: 'tcp-postgres', port: 5432}], {clusterIP: '10.96.0.20'}),
  service('db-replica', 'default', [{name: 'tcp-postgres', port: 5432}], {clusterIP: '10.96.0.21'}),
  ...objects));

const SUBNET_ROUTES = virtualService('db', 'default', {hosts: ['db'], tcp: [
  // The second match's sourceLabels are not the client's: only 10.96.0.0/16 is kept.
  {match: [{destinationSubnets: ['10.96.0.0/16']}, {destinationSubnets: ['10.0.0.0/8'], sourceLabels: {app: 'other'}}], route: [{destination: {host: 'db', subset: 'v2'}}]},
  {match: [{port: 5432, destinationSubnets: ['192.168.0.0/16', '10.96.0.20']}], route: [{destination: {host: 'db'}, weight: 80}, {destination: {host: 'db-replica'}, weight: 20}]},
]});

describe('tcp routes with destinationSubnets in proxy-config listener', () => {
  it('prints a chain per route on its prefix ranges, sorted, a bare address as /32, and the default chain to the Service', () => {
    expect(text('istioctl proxy-config listener productpage-v1-abc --port 5432 --address 10.96.0.20', mesh(SUBNET_ROUTES))).toBe([
      'ADDRESSES  PORT MATCH                              DESTINATION',
      '10.96.0.20 5432 ALL                                Cluster: outbound|5432||db.default.svc.cluster.local',
      '10.96.0.20 5432 Addr: 10.96.0.0/16                 Cluster: outbound|5432|v2|db.default.svc.cluster.local',
      '10.96.0.20 5432 Addr: 10.96.0.20/32,192.168.0.0/16 Cluster: ',
      '',
    ].join('\n'));
  });

  it('ends the chains at a route without match: no default chain after it', () => {
    const catchAll = virtualService('db', 'default', {hosts: ['db'], tcp: [
      {match: [{destinationSubnets: ['10.96.0.0/16']}], route: [{destination: {host: 'db', subset: 'v2'}}]},
      {route: [{destination: {host: 'db-replica'}}]},
    ]});
    expect(text('istioctl pc listener productpage-v1-abc --address 10.96.0.20', mesh(catchAll))).toBe([
      'ADDRESSES  PORT MATCH              DESTINATION',
      '10.96.0.20 5432 ALL                Cluster: outbound|5432||db-replica.default.svc.cluster.local',
      '10.96.0.20 5432 Addr: 10.96.0.0/16 Cluster: outbound|5432|v2|db.default.svc.cluster.local',
      '',
    ].join('\n'));
  });

  it('leaves other Services\' listeners alone and skips routes whose matches do not hold for this proxy', () => {
    const elsewhere = virtualService('db', 'default', {hosts: ['db'], tcp: [{match: [{sourceNamespace: 'other', destinationSubnets: ['10.0.0.0/8']}], route: [{destination: {host: 'db-replica'}}]}]});
    expect(text('istioctl pc listener productpage-v1-abc --port 5432', mesh(elsewhere))).toBe([
      'ADDRESSES  PORT MATCH DESTINATION',
      '10.96.0.20 5432 ALL   Cluster: outbound|5432||db.default.svc.cluster.local',
      '10.96.0.21 5432 ALL   Cluster: outbound|5432||db-replica.default.svc.cluster.local',
      '',
    ].join('\n'));
  });

  it('writes the prefix ranges into the JSON filter chain match, and makes the match-all chain the default one', () => {
    const dump = JSON.parse(text('istioctl pc listener productpage-v1-abc --address 10.96.0.20 -o json', mesh(SUBNET_ROUTES))) as Array<Record<string, unknown>>;
    const chains = dump[0]!.filterChains as Array<{filterChainMatch?: unknown}>;
    expect(chains.map((c) => c.filterChainMatch)).toEqual([
      {prefixRanges: [{addressPrefix: '10.96.0.0', prefixLen: 16}]},
      {prefixRanges: [{addressPrefix: '10.96.0.20', prefixLen: 32}, {addressPrefix: '192.168.0.0', prefixLen: 16}]},
    ]);
    expect(dump[0]!.defaultFilterChain).toBeDefined();
  });

  it('marks a VirtualService\'s match-all chain with its config path, as BuildConfigInfoMetadata does', () => {
    const catchAll = virtualService('db', 'default', {hosts: ['db'], tcp: [{route: [{destination: {host: 'db-replica'}}]}]});
    const dump = JSON.parse(text('istioctl pc listener productpage-v1-abc --address 10.96.0.20 -o json', mesh(catchAll))) as Array<{filterChains: Array<{metadata?: unknown}>}>;
    expect(dump[0]!.filterChains[0]!.metadata).toEqual({filterMetadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/default/virtual-service/db'}}});
  });
});
