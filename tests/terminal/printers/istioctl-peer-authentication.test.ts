import {describe, expect, it} from 'vitest';
import type {ModelObject, StateModel} from '../../../src/terminal/printers/model';
import {ISTIOD, namespace, namespaced, service, sidecarPod, withMeshConfig} from './support/mesh';
import {print, text} from './support/answers';

/** The virtualInbound listener's chains as `MATCH -> DESTINATION`, in istioctl's order. */
const inbound = (model: StateModel): string[] => text('istioctl pc listener reviews-v1-abc --port 15006', model)
  .split('\n').slice(1, -1).map((row) => row.replace(/^0\.0\.0\.0\s+15006\s+/, '').replace(/^(.*?) +((?:Cluster: )?\S+)$/, '$1 -> $2'));
const inlineRoutes = (model: StateModel): string[] => text('istioctl pc route reviews-v1-abc', model).split('\n').slice(1, -1)
  .map((row) => row.split(/ {2,}/)[0]!).filter((name) => name.startsWith('inbound|') || name === 'InboundPassthroughCluster');

const pod = sidecarPod('reviews-v1-abc', 'default', {app: 'reviews', version: 'v1'}, '10.244.0.7');
const mesh = (...objects: ModelObject[]): StateModel => withMeshConfig(namespaced(ISTIOD, pod, namespace('default'), namespace('istio-system'),
  service('reviews', 'default', [{name: 'http', port: 9080}], {clusterIP: '10.96.0.12'}),
  service('reviews-tcp', 'default', [{name: 'tcp', port: 7000, targetPort: 7070}], {clusterIP: '10.96.0.16', selector: {app: 'reviews'}}),
  ...objects));
const peerAuthentication = (name: string, ns: string, spec: Record<string, unknown>, created = '2026-11-24T21:00:00Z'): ModelObject => ({
  group: 'security.istio.io', kind: 'PeerAuthentication', namespace: ns, name,
  value: {apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: {name, namespace: ns, creationTimestamp: created}, spec},
});

describe('istioctl proxy-config listener and route under PeerAuthentication (filterchain_options.go, policy_applier.go ComposePeerAuthentication)', () => {
  it('builds the PERMISSIVE chains without a policy: TLS and plaintext for the passthrough (auto), HTTP and TCP ports', () => {
    expect(inbound(mesh()).length).toBe(1 + 5 + 3 + 2);
  });

  it('keeps only the TLS chains under a mesh-wide STRICT policy: HTTP with the istio ALPNs and TCP for the passthrough, one each per port', () => {
    expect(inbound(mesh(peerAuthentication('default', 'istio-system', {mtls: {mode: 'STRICT'}})))).toEqual([
      'Addr: *:15006 -> Non-HTTP/Non-TCP',
      'Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2 -> InboundPassthroughCluster',
      'Trans: tls -> InboundPassthroughCluster',
      'Trans: tls; Addr: *:9080 -> Cluster: inbound|9080||',
      'Trans: tls; Addr: *:7070 -> Cluster: inbound|7070||',
    ]);
    // One HTTP chain each, so one inline route configuration each.
    expect(inlineRoutes(mesh(peerAuthentication('default', 'istio-system', {mtls: {mode: 'STRICT'}})))).toEqual(['inbound|9080||', 'InboundPassthroughCluster']);
  });

  it('lets the namespace policy override the mesh\'s and the workload policy the namespace\'s, UNSET inheriting', () => {
    const strictMesh = peerAuthentication('default', 'istio-system', {mtls: {mode: 'STRICT'}});
    const disabled = peerAuthentication('default', 'default', {mtls: {mode: 'DISABLE'}});
    expect(inbound(mesh(strictMesh, disabled))).toEqual([
      'Addr: *:15006 -> Non-HTTP/Non-TCP',
      'Trans: raw_buffer; App: http/1.1,h2c -> InboundPassthroughCluster',
      'Trans: raw_buffer -> InboundPassthroughCluster',
      'Trans: raw_buffer; Addr: *:9080 -> Cluster: inbound|9080||',
      'Trans: raw_buffer; Addr: *:7070 -> Cluster: inbound|7070||',
    ]);
    const unset = peerAuthentication('reviews', 'default', {selector: {matchLabels: {app: 'reviews'}}, mtls: {mode: 'UNSET'}});
    expect(inbound(mesh(strictMesh, disabled, unset))).toEqual(inbound(mesh(strictMesh, disabled)));
    // A workload policy of a label the pod lacks does not apply; the oldest namespace policy does.
    const other = peerAuthentication('ratings', 'default', {selector: {matchLabels: {app: 'ratings'}}, mtls: {mode: 'PERMISSIVE'}});
    const newer = peerAuthentication('later', 'default', {mtls: {mode: 'STRICT'}}, '2026-11-24T22:00:00Z');
    expect(inbound(mesh(strictMesh, disabled, other, newer))).toEqual(inbound(mesh(strictMesh, disabled)));
  });

  it('gives a target port its port-level mode, UNSET taking the workload\'s', () => {
    const workload = peerAuthentication('reviews', 'default', {selector: {matchLabels: {app: 'reviews'}}, mtls: {mode: 'STRICT'}, portLevelMtls: {9080: {mode: 'PERMISSIVE'}, 7070: {mode: 'UNSET'}}});
    expect(inbound(mesh(workload))).toEqual([
      'Addr: *:15006 -> Non-HTTP/Non-TCP',
      'Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2 -> InboundPassthroughCluster',
      'Trans: tls -> InboundPassthroughCluster',
      'Trans: tls; App: istio,istio-peer-exchange,istio-http/1.0,istio-http/1.1,istio-h2; Addr: *:9080 -> Cluster: inbound|9080||',
      'Trans: raw_buffer; Addr: *:9080 -> Cluster: inbound|9080||',
      'Trans: tls; Addr: *:7070 -> Cluster: inbound|7070||',
    ]);
    expect(inlineRoutes(mesh(workload))).toEqual(['inbound|9080||', 'inbound|9080||', 'InboundPassthroughCluster']);
  });

  it('refuses a port-level mode for a port no Service targets', () => {
    const extraPort = peerAuthentication('reviews', 'default', {selector: {matchLabels: {app: 'reviews'}}, portLevelMtls: {8000: {mode: 'DISABLE'}}});
    expect(print('istioctl pc listener reviews-v1-abc', mesh(extraPort))?.kind).toBe('gap');
  });

  it('takes the first by name of two policies of one level created in the same second (sortConfigByCreationTime)', () => {
    const strict = peerAuthentication('a', 'default', {mtls: {mode: 'STRICT'}});
    const disabled = peerAuthentication('b', 'default', {mtls: {mode: 'DISABLE'}});
    const strictAlone = inbound(mesh(strict));
    expect(inbound(mesh(disabled, strict))).toEqual(strictAlone);
    expect(inbound(mesh(strict, disabled))).toEqual(strictAlone);
    expect(strictAlone).not.toEqual(inbound(mesh(disabled)));
  });

  it('reads the mesh level in meshConfig.rootNamespace', () => {
    const inMeshRoot = peerAuthentication('default', 'mesh-root', {mtls: {mode: 'STRICT'}});
    const strictInIstioSystem = inbound(mesh(peerAuthentication('default', 'istio-system', {mtls: {mode: 'STRICT'}})));
    const withRoot = (m: StateModel): StateModel => withMeshConfig(m, {rootNamespace: 'mesh-root'});
    expect(inbound(withRoot(mesh(inMeshRoot)))).toEqual(strictInIstioSystem);
    expect(inbound(mesh(inMeshRoot))).toEqual(inbound(mesh()));
  });
});
