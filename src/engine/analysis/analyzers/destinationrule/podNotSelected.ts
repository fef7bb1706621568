/** destinationrule/subset.go (PodNotSelectedAnalyzer): IST0174, IST0173. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {CLUSTER_DOMAIN, stringLabels} from '../../../model/cluster';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/** Labels istiod copies from a pod's Node onto its endpoints (label.LabelTopology*, LabelHostname). */
const NODE_TOPOLOGY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone', 'kubernetes.io/hostname']);

/**
 * IST0174: no Service or ServiceEntry provides the host. IST0173: no pod, in any namespace, has the
 * provider's selector merged with the subset's labels (a subset without labels needs a pod of the
 * service). Silent where absence means nothing: without a context, only hosts and workloads the
 * input itself brings are known.
 */
export const podNotSelectedAnalyzer: Analyzer = {
  name: 'destinationrule.SubsetSelectPodAnalyzer',
  inputs: [KINDS.DestinationRule, KINDS.Pod, KINDS.Service, KINDS.ServiceEntry],
  analyze(ctx) {
    for (const dr of ctx.resources('networking.istio.io', 'DestinationRule')) {
      const spec = asObject(dr.value.spec) ?? {};
      const host = stringOr(spec.host);
      if (!host) continue;
      const destination = ctx.cluster.destinationFor(host, dr.namespace);
      if (!destination) {
        const clusterLocal = !host.includes('.') || host.endsWith(`.${CLUSTER_DOMAIN}`);
        if (ctx.knows(clusterLocal ? 'Service' : 'ServiceEntry')) ctx.report(dr, 'UnknownDestinationRuleHost', [host], {path: '/spec/host', lineAt: null});
        continue;
      }
      const {provider, selector} = destination;
      if (!ctx.closedWorld && !(provider.kind === 'Service' && ctx.knowsWorkloadsIn(provider.namespace))) continue;
      asArray(spec.subsets).forEach((value, i) => {
        const subset = asObject(value);
        if (!subset) return;
        const subsetLabels = stringLabels(subset.labels);
        // istioctl adds the labels of each pod's Node (region, zone, subzone, hostname) before
        // matching; a lab's cluster has no Nodes, so such a subset cannot be judged here.
        if (Object.keys(subsetLabels).some((key) => NODE_TOPOLOGY_LABELS.has(key))) return;
        if (ctx.cluster.workloadsMatching({...selector, ...subsetLabels}).length > 0) return;
        ctx.report(dr, 'DestinationRuleSubsetNotSelectPods', [stringOr(subset.name)], {path: at('/spec/subsets', i, 'name'), lineAt: null});
      });
    }
  },
};
