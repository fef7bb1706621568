/**
 * Workload-selector conflicts and Telemetry checks: sidecar/selector.go (IST0110),
 * telemetry/selector.go (IST0159, IST0101), telemetry/default_selector.go (IST0160),
 * telemetry/providers.go (IST0157).
 */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject, isNonEmptyArray, isSet, stringOr} from '../istio/access';
import {formatLabels, stringLabels, type Workload} from '../model/cluster';
import type {AnalysisContext} from './context';
import {latestOf, ROOT_NAMESPACE, type AnalysisResource} from '../model/resource';
import {MAX_NAMED_RELATED, nameRelated, pushTo} from './related';

/**
 * Resources with a non-empty selector, grouped by each workload of their namespace they select
 * (only workloads the cluster holds: a conflict found is real whatever the context leaves out).
 */
function selectedWorkloads(ctx: AnalysisContext, resources: AnalysisResource[], read: (spec: Record<string, unknown>) => unknown) {
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

/** IST0110: Sidecars (with workloadSelector) of one namespace selecting the same pod; each is reported, the first names in order. */
export function analyzeConflictingSidecars(ctx: AnalysisContext): void {
  const sidecars = latestOf(ctx.resources, 'networking.istio.io', 'Sidecar');
  const {byWorkload} = selectedWorkloads(ctx, sidecars, (spec) => asObject(spec.workloadSelector)?.labels);
  for (const [workload, list] of byWorkload) {
    if (list.length < 2) continue;
    const names = nameRelated(list.slice(0, MAX_NAMED_RELATED).map((s) => s.name), ' ', list.length);
    for (const sidecar of list) {
      ctx.report(sidecar, {path: '/metadata/name', at: 'value', severity: 'error', code: CODES.conflictingSidecarWorkloadSelectors,
        message: `The Sidecars [${names}] in namespace ${JSON.stringify(workload.namespace)} select the same workload pod ${JSON.stringify(workload.name)}, which can lead to undefined behavior.`});
    }
  }
}

/**
 * Telemetry: IST0101 "selector" when selector.matchLabels picks no pod of the Telemetry's own
 * namespace (where workloads are known), IST0159 for Telemetries selecting the same pod (names
 * sorted), IST0160 for several selector-less Telemetries in a namespace, IST0157 for access
 * logging without providers when the mesh config names no default access-log provider.
 */
export function analyzeTelemetries(ctx: AnalysisContext): void {
  const telemetries = latestOf(ctx.resources, 'telemetry.istio.io', 'Telemetry');
  const {byWorkload, unmatched} = selectedWorkloads(ctx, telemetries, (spec) => asObject(spec.selector)?.matchLabels);
  for (const telemetry of unmatched) {
    if (!ctx.knowsWorkloadsIn(telemetry.namespace)) continue;
    const selector = formatLabels(stringLabels(asObject(asObject(telemetry.value.spec)?.selector)?.matchLabels));
    ctx.report(telemetry, {path: '/spec/selector', at: 'key', severity: 'error', code: CODES.referencedResourceNotFound,
      message: `Referenced selector not found: ${JSON.stringify(selector)}`});
  }
  for (const [workload, list] of byWorkload) {
    if (list.length < 2) continue;
    const names = nameRelated(list.map((t) => t.name).sort(), ' ');
    for (const telemetry of list) {
      ctx.report(telemetry, {path: '/metadata/name', at: 'value', severity: 'error', code: CODES.conflictingTelemetryWorkloadSelectors,
        message: `The Telemetries [${names}] in namespace ${JSON.stringify(workload.namespace)} select the same workload pod ${JSON.stringify(workload.name)}, which can lead to undefined behavior.`});
    }
  }
  // A Telemetry attached by targetRef(s) has no selector either; left out, as its scope is not the namespace.
  const selectorless = new Map<string, AnalysisResource[]>();
  for (const telemetry of telemetries) {
    const spec = asObject(telemetry.value.spec) ?? {};
    if (isSet(spec.selector) || isSet(spec.targetRef) || isNonEmptyArray(spec.targetRefs)) continue;
    pushTo(selectorless, telemetry.namespace, telemetry);
  }
  for (const [namespace, list] of selectorless) {
    if (list.length < 2) continue;
    const names = nameRelated(list.map((t) => t.name).sort(), ' ');
    for (const telemetry of list) {
      ctx.report(telemetry, {path: '/metadata/name', at: 'value', severity: 'error', code: CODES.multipleTelemetriesWithoutWorkloadSelectors,
        message: `The Telemetries [${names}] in namespace ${JSON.stringify(namespace)} have no workload selector, which can lead to undefined behavior.`});
    }
  }
  if (meshHasDefaultAccessLogging(ctx)) return;
  for (const telemetry of telemetries) {
    asArray(asObject(telemetry.value.spec)?.accessLogging).forEach((logging, i) => {
      if (isNonEmptyArray(asObject(logging)?.providers)) return;
      ctx.report(telemetry, {path: at('/spec/accessLogging', i), at: 'value', severity: 'warning', code: CODES.invalidTelemetryProvider,
        message: `The Telemetry ${telemetry.name} in namespace ${JSON.stringify(telemetry.namespace)} with empty providers will be ignored.`});
    });
  }
}

/**
 * Whether the mesh config (ConfigMap istio in the root namespace, key `mesh`) sets
 * defaultProviders.accessLogging. Without one, istioctl uses the default mesh config, which sets none.
 */
function meshHasDefaultAccessLogging(ctx: AnalysisContext): boolean {
  return ctx.resources.some((resource) => {
    if (resource.group !== '' || resource.kind !== 'ConfigMap' || resource.namespace !== ROOT_NAMESPACE || !/^istio(-.+)?$/.test(resource.name)) return false;
    const mesh = stringOr(asObject(resource.value.data)?.mesh);
    return /defaultProviders:[\s\S]*accessLogging:\s*(\[\s*[^\]\s]|\n\s*-)/.test(mesh);
  });
}
