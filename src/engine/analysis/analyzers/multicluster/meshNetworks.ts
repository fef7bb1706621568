/** multicluster/meshnetworks.go (MeshNetworksAnalyzer, named meshnetworks.MeshNetworksAnalyzer): IST0126. */
import {asArray, asObject} from '../../../istio/access';
import {stringLabels} from '../../../model/labels';
import {CONTEXT_DOCUMENT, type AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/** provider.Mock, Kubernetes and External: the registries istiod knows without remote clusters. */
const BUILT_IN_REGISTRIES = ['Mock', 'Kubernetes', 'External'];
/** multicluster.MultiClusterSecretLabel: a remote cluster's kubeconfig Secret; its data keys are cluster ids. */
const REMOTE_SECRET_LABEL = 'istio/multiCluster';
/** istioctl's --istioNamespace default, where it files its MeshNetworks object. */
const ISTIO_NAMESPACE = 'istio-system';

/**
 * Each `fromRegistry` endpoint of each network of the mesh networks (--meshNetworksFile) must
 * name a built-in registry (case matters) or a cluster that a remote secret (label
 * istio/multiCluster=true) holds a `data` key for. The messages are on the MeshNetworks object
 * istioctl makes, `istio-system/meshnetworks`, which has no file or line.
 */
export const meshNetworksAnalyzer: Analyzer = {
  name: 'meshnetworks.MeshNetworksAnalyzer',
  inputs: [KINDS.MeshNetworks, KINDS.Secret],
  analyze(ctx) {
    if (!ctx.meshNetworks) return;
    const registries = new Set(BUILT_IN_REGISTRIES);
    for (const secret of ctx.resources('', 'Secret')) {
      if (stringLabels(asObject(secret.value.metadata)?.labels)[REMOTE_SECRET_LABEL] !== 'true') continue;
      for (const cluster of Object.keys(asObject(secret.value.data) ?? {})) registries.add(cluster);
    }
    const resource: AnalysisResource = {
      document: CONTEXT_DOCUMENT, pathPrefix: '', group: '', kind: 'MeshNetworks', name: 'meshnetworks', namespace: ISTIO_NAMESPACE,
      value: {...ctx.meshNetworks},
    };
    const networks = asObject(ctx.meshNetworks.networks) ?? {};
    for (const network of Object.keys(networks)) {
      for (const endpoint of asArray(asObject(networks[network])?.endpoints)) {
        // protojson reads a field by its JSON name or its proto name.
        const fields = asObject(endpoint);
        const registry = fields?.fromRegistry ?? fields?.from_registry;
        if (typeof registry === 'string' && !registries.has(registry)) ctx.report(resource, 'UnknownMeshNetworksServiceRegistry', [registry, network]);
      }
    }
  },
};
