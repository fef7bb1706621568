/** sidecar/selector.go (SelectorAnalyzer): IST0101 selector, IST0110, IST0111, IST0167. */
import {asObject} from '../../../istio/access';
import {formatLabels, stringLabels} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {pushTo, relatedList} from '../../related';
import {KINDS} from '../kinds';
import {firstLabelPath, selectedWorkloads} from '../selected';

/**
 * IST0101 "selector" for a Sidecar whose workloadSelector matches no pod of its namespace (where
 * workloads are known); IST0110 for Sidecars of a namespace selecting the same pod (each reported,
 * names in order); IST0111 for more than one Sidecar without workloadSelector in a namespace.
 */
export const sidecarSelectorAnalyzer: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  inputs: [KINDS.Sidecar, KINDS.Pod, KINDS.Namespace],
  analyze(ctx) {
    const sidecars = ctx.resources('networking.istio.io', 'Sidecar');
    const {byWorkload, unmatched} = selectedWorkloads(ctx, sidecars, (spec) => asObject(spec.workloadSelector)?.labels);
    for (const sidecar of unmatched) {
      if (!ctx.knowsWorkloadsIn(sidecar.namespace)) continue;
      const selector = formatLabels(stringLabels(asObject(asObject(sidecar.value.spec)?.workloadSelector)?.labels));
      ctx.report(sidecar, 'ReferencedResourceNotFound', ['selector', selector], {path: '/spec/workloadSelector', at: 'key', lineAt: firstLabelPath('/spec/workloadSelector/labels', selector)});
    }
    // Sidecars have no effect on ambient workloads: IST0167 instead of the conflicts, once per Sidecar.
    const ineffective = new Set<AnalysisResource>();
    const reportIneffective = (sidecar: AnalysisResource, reason: string) => {
      if (ineffective.has(sidecar)) return;
      ineffective.add(sidecar);
      ctx.report(sidecar, 'IneffectivePolicy', [reason], {path: '/metadata/name', lineAt: null});
    };
    const ambient = ambientPods(ctx);
    for (const [workload, list] of byWorkload) {
      const inAmbient = ambient.has(`${workload.namespace}/${workload.name}`);
      if (inAmbient) {
        for (const sidecar of list) reportIneffective(sidecar, 'selected workload is in ambient mode, the policy has no impact');
        continue;
      }
      if (list.length < 2) continue;
      const names = relatedList(list.map((s) => s.name));
      for (const sidecar of list) ctx.report(sidecar, 'ConflictingSidecarWorkloadSelectors', [names, workload.namespace, workload.name], {path: '/metadata/name'});
    }
    const byNamespace = new Map<string, AnalysisResource[]>();
    for (const sidecar of sidecars) {
      const selector = asObject(sidecar.value.spec)?.workloadSelector;
      if (selector !== undefined && selector !== null) continue;
      pushTo(byNamespace, sidecar.namespace, sidecar);
    }
    for (const [namespace, list] of byNamespace) {
      if (namespaceInAmbientMode(ctx.cluster.namespaces.get(namespace))) {
        for (const sidecar of list) reportIneffective(sidecar, 'namespace is in ambient mode, the policy has no impact');
        continue;
      }
      if (list.length < 2) continue;
      const names = relatedList(list.map((s) => s.name));
      for (const sidecar of list) ctx.report(sidecar, 'MultipleSidecarsWithoutWorkloadSelectors', [names, namespace], {path: '/metadata/name', lineAt: null});
    }
  },
};

/** util.PodInAmbientMode: Pods annotated ambient.istio.io/redirection=enabled, as `namespace/name`. */
function ambientPods(ctx: AnalyzerContext): Set<string> {
  const pods = new Set<string>();
  for (const pod of ctx.resources('', 'Pod')) {
    if (asObject(asObject(pod.value.metadata)?.annotations)?.['ambient.istio.io/redirection'] === 'enabled') pods.add(`${pod.namespace}/${pod.name}`);
  }
  return pods;
}

/** util.NamespaceInAmbientMode: istio.io/dataplane-mode=ambient, unless labelled for sidecar injection or a revision. */
function namespaceInAmbientMode(labels: Record<string, string> | undefined): boolean {
  if (!labels || labels['istio-injection'] === 'enabled' || (labels['istio.io/rev'] ?? '') !== '') return false;
  return labels['istio.io/dataplane-mode'] === 'ambient';
}
