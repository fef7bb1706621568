/**
 * istioctl analyze, multicluster/meshnetworks.go (meshnetworks.MeshNetworksAnalyzer): mesh
 * networks endpoints from a registry istiod does not know (IST0126).
 */
import {describe, expect, it} from 'vitest';
import {istioctlLines} from '../support/istioctl';

const ANALYZER = 'meshnetworks.MeshNetworksAnalyzer';

const meshNetworks = (registries: Record<string, string>) => ({
  name: 'meshnetworks.yaml',
  text: `networks:\n${Object.entries(registries).map(([network, registry]) =>
    `  ${network}:\n    endpoints:\n    - fromRegistry: ${registry}\n    - fromCidr: 10.0.0.0/16\n    gateways:\n    - {address: 1.1.1.1, port: 15443}\n`).join('')}`,
});
const remoteSecret = (data: string, labels = '{istio/multiCluster: "true"}') => `apiVersion: v1
kind: Secret
metadata: {name: istio-remote-secret-west, namespace: istio-system, labels: ${labels}}
${data}
`;
const run = (text: string, registries: Record<string, string>) => istioctlLines(text, ANALYZER, {meshNetworks: meshNetworks(registries)});

describe('the registries of mesh networks endpoints', () => {
  it('reports an unknown one on the MeshNetworks istioctl makes, which has no file', () => {
    expect(run('', {net1: 'Kubernetes', net2: 'kubernetes'})).toEqual([
      'Error [IST0126] (MeshNetworks istio-system/meshnetworks) Unknown service registry kubernetes in network net2',
    ]);
  });

  it('knows Mock, Kubernetes and External, and the clusters of remote secrets (their data keys)', () => {
    expect(run('', {a: 'Mock', b: 'External'})).toEqual([]);
    expect(run(remoteSecret('data: {west: YXBpVmVyc2lvbjogdjE=}'), {a: 'west'})).toEqual([]);
  });

  it('does not take clusters from stringData, nor from Secrets without the multi-cluster label', () => {
    expect(run(remoteSecret('stringData: {west: "apiVersion: v1"}'), {a: 'west'})).toHaveLength(1);
    expect(run(remoteSecret('data: {west: YXBpVmVyc2lvbjogdjE=}', '{istio/multiCluster: "false"}'), {a: 'west'})).toHaveLength(1);
  });

  it('reads the field by its proto name too (from_registry)', () => {
    const file = {name: 'meshnetworks.yaml', text: 'networks:\n  net1:\n    endpoints:\n    - from_registry: west\n'};
    expect(istioctlLines('', ANALYZER, {meshNetworks: file})).toEqual([
      'Error [IST0126] (MeshNetworks istio-system/meshnetworks) Unknown service registry west in network net1',
    ]);
  });

  it('has nothing to check without --meshNetworksFile', () => {
    expect(istioctlLines(remoteSecret('data: {}'), ANALYZER)).toEqual([]);
  });
});
