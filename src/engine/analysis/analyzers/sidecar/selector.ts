/** sidecar/selector.go (SelectorAnalyzer): IST0101 selector, IST0110, IST0111. */
import {asObject} from '../../../istio/access';
import {formatLabels, stringLabels} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
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
    for (const [workload, list] of byWorkload) {
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
      if (list.length < 2) continue;
      const names = relatedList(list.map((s) => s.name));
      for (const sidecar of list) ctx.report(sidecar, 'MultipleSidecarsWithoutWorkloadSelectors', [names, namespace], {path: '/metadata/name', lineAt: null});
    }
  },
};
