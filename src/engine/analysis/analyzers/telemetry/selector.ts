/** telemetry/selector.go (SelectorAnalyzer): IST0101 selector, IST0159. */
import {asObject} from '../../../istio/access';
import {formatLabels, stringLabels} from '../../../model/cluster';
import type {Analyzer} from '../../analyzer';
import {relatedList} from '../../related';
import {KINDS} from '../kinds';
import {firstLabelPath, selectedWorkloads} from '../selected';

/** IST0101 "selector" when selector.matchLabels picks no pod of the Telemetry's namespace (where workloads are known); IST0159 for Telemetries selecting the same pod (names sorted). */
export const telemetrySelectorAnalyzer: Analyzer = {
  name: 'telemetry.SelectorAnalyzer',
  inputs: [KINDS.Telemetry, KINDS.Pod],
  analyze(ctx) {
    const telemetries = ctx.resources('telemetry.istio.io', 'Telemetry');
    const {byWorkload, unmatched} = selectedWorkloads(ctx, telemetries, (spec) => asObject(spec.selector)?.matchLabels);
    for (const telemetry of unmatched) {
      if (!ctx.knowsWorkloadsIn(telemetry.namespace)) continue;
      const selector = formatLabels(stringLabels(asObject(asObject(telemetry.value.spec)?.selector)?.matchLabels));
      ctx.report(telemetry, 'ReferencedResourceNotFound', ['selector', selector], {path: '/spec/selector', at: 'key', lineAt: firstLabelPath('/spec/selector/matchLabels', selector)});
    }
    for (const [workload, list] of byWorkload) {
      if (list.length < 2) continue;
      const names = relatedList(list.map((t) => t.name).sort());
      for (const telemetry of list) ctx.report(telemetry, 'ConflictingTelemetryWorkloadSelectors', [names, workload.namespace, workload.name], {path: '/metadata/name'});
    }
  },
};
