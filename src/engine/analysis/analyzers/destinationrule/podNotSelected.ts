/** destinationrule/subset.go (PodNotSelectedAnalyzer): IST0174, IST0173. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {CLUSTER_DOMAIN, stringLabels} from '../../../model/cluster';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';
import {destinationHost, serviceHostMap} from '../serviceLookup';

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
  inputs: [KINDS.DestinationRule, KINDS.Pod, KINDS.Service, KINDS.ServiceEntry, KINDS.Node],
  analyze(ctx) {
    let nodeLabelled: Array<Record<string, string>> | undefined;
    const hosts = serviceHostMap(ctx);
    for (const dr of ctx.resources('networking.istio.io', 'DestinationRule')) {
      const spec = asObject(dr.value.spec) ?? {};
      const host = stringOr(spec.host);
      if (!host) continue;
      const destination = destinationHost(hosts, dr.namespace, spec.exportTo, host);
      if (!destination) {
        const clusterLocal = !host.includes('.') || host.endsWith(`.${CLUSTER_DOMAIN}`);
        if (ctx.knows(clusterLocal ? 'Service' : 'ServiceEntry')) ctx.report(dr, 'UnknownDestinationRuleHost', [host], {path: '/spec/host', lineAt: null});
        continue;
      }
      const {provider, selector} = destination;
      if (!ctx.closedWorld && !(provider.kind === 'Service' && ctx.knowsWorkloadsIn(provider.namespace))) continue;
      const subsets = asArray(spec.subsets);
      for (let i = 0; i < subsets.length; i++) {
        const subset = asObject(subsets[i]);
        if (!subset || selectsPods(ctx, selector, stringLabels(subset.labels), () => (nodeLabelled ??= podsWithNodeLabels(ctx)))) continue;
        ctx.report(dr, 'DestinationRuleSubsetNotSelectPods', [stringOr(subset.name)], {path: at('/spec/subsets', i, 'name'), lineAt: null});
      }
    }
  },
};

/**
 * Whether some pod has the provider's selector merged with a subset's labels (true, so silent, when
 * that cannot be judged). A subset without labels needs no merged copy; one naming a Node label is
 * matched against pods with the labels of their Node added (region, zone, subzone, hostname), as
 * istioctl does, and only where the cluster describes its Nodes (a lab's has none).
 */
function selectsPods(ctx: AnalyzerContext, selector: Record<string, string>, subsetLabels: Record<string, string>, nodeLabelled: () => Array<Record<string, string>>): boolean {
  const keys = Object.keys(subsetLabels);
  if (keys.length === 0) return ctx.cluster.anyWorkloadMatching(selector);
  const wanted = {...selector, ...subsetLabels};
  if (!keys.some((key) => NODE_TOPOLOGY_LABELS.has(key))) return ctx.cluster.anyWorkloadMatching(wanted);
  if (ctx.resources('', 'Node').length === 0) return true;
  return nodeLabelled().some((labels) => Object.keys(wanted).every((key) => labels[key] === wanted[key]));
}

/**
 * Each Pod's labels as istiod's registry sees them (label.AugmentLabels): its Node's region, zone and
 * subzone (the locality string's non-empty parts) and its node name as kubernetes.io/hostname.
 */
function podsWithNodeLabels(ctx: AnalyzerContext): Array<Record<string, string>> {
  const nodes = new Map(ctx.resources('', 'Node').map((node) => [node.name, stringLabels(asObject(node.value.metadata)?.labels)]));
  return ctx.resources('', 'Pod').map((pod) => {
    const labels = {...stringLabels(asObject(pod.value.metadata)?.labels)};
    const nodeName = stringOr(asObject(pod.value.spec)?.nodeName);
    const node = nodes.get(nodeName) ?? {};
    // util.LocalityToString then SplitLocalityLabel: a zone only after a region's slash, a subzone only with a zone.
    const zone = node['topology.kubernetes.io/zone'] ?? '';
    const locality = [node['topology.kubernetes.io/region'] ?? '', ...(zone ? [zone, ...(node['topology.istio.io/subzone'] ? [node['topology.istio.io/subzone']] : [])] : [])];
    const [region = '', zonePart = '', subzone = ''] = locality;
    if (region) labels['topology.kubernetes.io/region'] = region;
    if (zonePart) labels['topology.kubernetes.io/zone'] = zonePart;
    if (subzone) labels['topology.istio.io/subzone'] = subzone;
    if (nodeName) labels['kubernetes.io/hostname'] = nodeName;
    return labels;
  });
}
