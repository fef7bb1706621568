/**
 * Endpoint localities in `istioctl proxy-config eds POD --cluster NAME` (istioctl 1.30.3's hidden command over the config
 * dump's EDS: configdump/endpoint.go PrintEndpointsSummary, NAME STATUS LOCALITY CLUSTER, util.LocalityToString), as
 * istiod 1.30.3 builds the ClusterLoadAssignment (pilot/pkg/xds/endpoints/endpoint_builder.go generate: one
 * LocalityLbEndpoints per locality label, sorted by it) from each pod's locality
 * (serviceregistry/kube/controller/controller.go getPodLocality: the pod's topology.istio.io/locality or istio-locality
 * label, dots read as slashes, else its node's topology.kubernetes.io/region and zone and topology.istio.io/subzone).
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {heldKey, type ModelObject, type StateModel} from '../../../src/terminal/printers/model';
import {destinationRule, GATEWAY, ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';
import {gap, print, text} from './support/answers';

const node = (name: string, labels: Record<string, string>): ModelObject => ({group: '', kind: 'Node', namespace: '', name, value: {apiVersion: 'v1', kind: 'Node', metadata: {name, labels}}});
const on = (pod: ModelObject, nodeName: string, labels: Record<string, string> = {}): ModelObject => {
  const value = pod.value as {metadata: {labels: Record<string, string>}; spec: Record<string, unknown>};
  return {...pod, value: {...value, metadata: {...value.metadata, labels: {...value.metadata.labels, ...labels}}, spec: {...value.spec, nodeName}}};
};
const client = sidecarPod('productpage-v1-abc', 'default', {app: 'productpage'}, '10.244.0.5');
const reviews = (version: string, ip: string): ModelObject => sidecarPod(`reviews-${version}-abc`, 'default', {app: 'reviews', version}, ip);
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, client, namespace('default'), namespace('istio-system'),
  service('reviews', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.12'}),
  destinationRule('reviews', 'default', 'reviews', ['v1', 'v2', 'v3']),
  ...objects));
const EDS = (subset = '') => `istioctl proxy-config eds productpage-v1-abc --cluster 'outbound|9080|${subset}|reviews.default.svc.cluster.local'`;

describe('proxy-config eds: localities from the nodes\' topology labels', () => {
  const nodes = [
    node('worker-a', {'topology.kubernetes.io/region': 'us-east1', 'topology.kubernetes.io/zone': 'us-east1-b'}),
    node('worker-b', {'topology.kubernetes.io/region': 'us-east1', 'topology.kubernetes.io/zone': 'us-east1-c', 'topology.istio.io/subzone': 'rack7'}),
    node('worker-c', {'failure-domain.beta.kubernetes.io/region': 'europe-west1', 'failure-domain.beta.kubernetes.io/zone': 'europe-west1-d'}),
  ];

  it('groups a cluster\'s endpoints by locality, the groups sorted by it, and prints region/zone[/subzone]', () => {
    const model = mesh(...nodes, on(reviews('v1', '10.244.1.7'), 'worker-b'), on(reviews('v2', '10.244.2.9'), 'worker-a'), on(reviews('v3', '10.244.3.4'), 'worker-c'));
    expect(text(EDS(), model)).toBe([
      'NAME                STATUS      LOCALITY                        CLUSTER',
      '10.244.3.4:9080     HEALTHY     europe-west1/europe-west1-d     outbound|9080||reviews.default.svc.cluster.local',
      '10.244.2.9:9080     HEALTHY     us-east1/us-east1-b             outbound|9080||reviews.default.svc.cluster.local',
      '10.244.1.7:9080     HEALTHY     us-east1/us-east1-c/rack7       outbound|9080||reviews.default.svc.cluster.local',
      '',
    ].join('\n'));
    expect(text(EDS('v2'), model)).toBe([
      'NAME                STATUS      LOCALITY                CLUSTER',
      '10.244.2.9:9080     HEALTHY     us-east1/us-east1-b     outbound|9080|v2|reviews.default.svc.cluster.local',
      '',
    ].join('\n'));
  });

  it('lets a pod\'s locality label override its node, dots read as slashes, and leaves a node without topology labels empty', () => {
    const model = mesh(...nodes, node('worker-d', {}),
      on(reviews('v1', '10.244.1.7'), 'worker-a', {'istio-locality': 'us-west1.us-west1-a'}),
      on(reviews('v2', '10.244.2.9'), 'worker-d'),
      on(reviews('v3', '10.244.3.4'), 'worker-a', {'topology.istio.io/locality': 'asia/tokyo/z1', 'istio-locality': 'ignored'}));
    expect(text(EDS(), model)).toBe([
      'NAME                STATUS      LOCALITY                CLUSTER',
      '10.244.2.9:9080     HEALTHY                             outbound|9080||reviews.default.svc.cluster.local',
      '10.244.3.4:9080     HEALTHY     asia/tokyo/z1           outbound|9080||reviews.default.svc.cluster.local',
      '10.244.1.7:9080     HEALTHY     us-west1/us-west1-a     outbound|9080||reviews.default.svc.cluster.local',
      '',
    ].join('\n'));
  });

  it('lists every cluster\'s load assignment without --cluster (retrieveSortedEndpointsSlice: by host, subset, port; the bootstrap\'s static ones beside them, as emptyfilter_output.txt shows them)', () => {
    // A gateway: no passthrough or inbound clusters, whose hosts come from connections.
    const gatewayModel = mesh(GATEWAY, ...nodes, on(reviews('v1', '10.244.1.7'), 'worker-b'), on(reviews('v2', '10.244.2.9'), 'worker-a'), on(reviews('v3', '10.244.3.4'), 'worker-c'));
    const listing = text('istioctl proxy-config eds istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system', gatewayModel);
    expect(listing).toBe([
      'NAME                                             STATUS      LOCALITY                        CLUSTER',
      '127.0.0.1:15020                                  HEALTHY                                     agent',
      '127.0.0.1:15000                                  HEALTHY                                     prometheus_stats',
      '10.244.3.4:9080                                  HEALTHY     europe-west1/europe-west1-d     outbound|9080||reviews.default.svc.cluster.local',
      '10.244.2.9:9080                                  HEALTHY     us-east1/us-east1-b             outbound|9080||reviews.default.svc.cluster.local',
      '10.244.1.7:9080                                  HEALTHY     us-east1/us-east1-c/rack7       outbound|9080||reviews.default.svc.cluster.local',
      '10.244.1.7:9080                                  HEALTHY     us-east1/us-east1-c/rack7       outbound|9080|v1|reviews.default.svc.cluster.local',
      '10.244.2.9:9080                                  HEALTHY     us-east1/us-east1-b             outbound|9080|v2|reviews.default.svc.cluster.local',
      '10.244.3.4:9080                                  HEALTHY     europe-west1/europe-west1-d     outbound|9080|v3|reviews.default.svc.cluster.local',
      './var/run/secrets/workload-spiffe-uds/socket     HEALTHY                                     sds-grpc',
      './etc/istio/proxy/XDS                            HEALTHY                                     xds-grpc',
      '',
    ].join('\n'));
    // The bootstrap's rows as istioctl 1.30.3's golden emptyfilter_output.txt prints them (name, status, cluster).
    const golden = readFileSync('../shared/reference/istio-1.30.3/istioctl-outputs/writer/envoy/configdump/testdata/endpoint/emptyfilter_output.txt', 'utf8');
    const cells = (table: string): string[][] => table.trimEnd().split('\n').map((line) => line.split(/\s+/)).filter((row) => !row[row.length - 1]!.startsWith('outbound|'));
    expect(cells(listing)).toEqual(cells(golden));
    // configdump/endpoint.go Verify: the address with its port, the port alone, the status without case.
    const filtered = (flags: string): string[] => text(`istioctl proxy-config eds istio-ingressgateway-6c8b7d9f5d-q2wvn.istio-system ${flags}`, gatewayModel).trimEnd().split('\n').slice(1).map((line) => line.split(/\s+/)[0]!);
    expect(filtered('--address 10.244.2.9:9080')).toEqual(['10.244.2.9:9080', '10.244.2.9:9080']);
    expect(filtered('--address 10.244.2.9')).toEqual([]);
    expect(filtered('--port 15020 --status healthy')).toEqual(['127.0.0.1:15020']);
    expect(filtered('--status UNHEALTHY')).toEqual([]);
  });

  it('refuses -o json|yaml for eds and endpoint: Envoy\'s own dumps, not derived here', () => {
    const model = mesh(...nodes, on(reviews('v1', '10.244.1.7'), 'worker-b'));
    expect(gap(`${EDS('v1')} -o json`, model)).toMatch(/EDS dump Envoy rebuilds from its host sets/);
    expect(gap(`${EDS('v1').replace(' eds ', ' endpoint ')} -o yaml`, model)).toMatch(/live connection and request statistics/);
  });

  it('refuses what the model cannot order or place: two endpoints in one locality, a sidecar\'s passthrough clusters, a node the model does not keep', () => {
    expect(gap(EDS(), mesh(...nodes, on(reviews('v1', '10.244.1.7'), 'worker-a'), on(reviews('v2', '10.244.2.9'), 'worker-a')))).toMatch(/share locality "us-east1\/us-east1-b\/"/);
    expect(gap('istioctl proxy-config eds productpage-v1-abc', mesh(...nodes))).toMatch(/PassthroughCluster is an ORIGINAL_DST cluster, whose hosts Envoy learns from connections/);
    const untracked = {...mesh(on(reviews('v1', '10.244.1.7'), 'worker-a')), held: [heldKey('', 'Service', 'default'), heldKey('', 'Pod', 'default')]};
    expect(gap(EDS(), untracked)).toMatch(/does not keep track of node worker-a/);
  });
});
