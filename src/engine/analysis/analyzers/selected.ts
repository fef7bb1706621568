/** Which workloads resources' selectors pick (sidecar, telemetry): shared by the selector analyzers. */
import {asObject} from '../../istio/access';
import {stringLabels, type Workload} from '../../model/cluster';
import type {AnalysisResource} from '../../model/resource';
import type {AnalyzerContext} from '../analyzer';
import {joinPointer} from '../../pointer';
import {pushTo} from '../related';

/** util.ExtractLabelFromSelectorString: the field of a selector's first label (sorted), whose line istioctl prints; null without labels. */
export function firstLabelPath(base: string, selector: string): string | null {
  const equal = selector.indexOf('=');
  return equal < 0 ? null : joinPointer(base, selector.slice(0, equal));
}

/**
 * Resources with a non-empty selector, grouped by each workload of their namespace they select
 * (only workloads the cluster holds: a conflict found is real whatever the context leaves out),
 * and those that select none.
 */
export function selectedWorkloads(ctx: AnalyzerContext, resources: readonly AnalysisResource[], read: (spec: Record<string, unknown>) => unknown) {
  const byWorkload = new Map<Workload, AnalysisResource[]>();
  const unmatched: AnalysisResource[] = [];
  for (const resource of resources) {
    const selector = stringLabels(read(asObject(resource.value.spec) ?? {}));
    if (Object.keys(selector).length === 0) continue;
    const workloads = ctx.cluster.workloadsMatching(selector, resource.namespace);
    if (workloads.length === 0) unmatched.push(resource);
    for (const workload of workloads) pushTo(byWorkload, workload, resource);
  }
  return {byWorkload, unmatched};
}
