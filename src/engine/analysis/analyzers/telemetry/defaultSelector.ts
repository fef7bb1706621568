/** telemetry/default_selector.go (DefaultSelectorAnalyzer): IST0160. */
import {asObject, isNonEmptyArray, isSet} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {pushTo, relatedList} from '../../related';
import {KINDS} from '../kinds';

/** Several Telemetries without selector in one namespace (names sorted). */
export const telemetryDefaultSelectorAnalyzer: Analyzer = {
  name: 'telemetry.DefaultSelectorAnalyzer',
  inputs: [KINDS.Telemetry],
  analyze(ctx) {
    const selectorless = new Map<string, AnalysisResource[]>();
    for (const telemetry of ctx.resources('telemetry.istio.io', 'Telemetry')) {
      const spec = asObject(telemetry.value.spec) ?? {};
      // A Telemetry attached by targetRef(s) has no selector either; left out, as its scope is not the namespace.
      if (isSet(spec.selector) || isSet(spec.targetRef) || isNonEmptyArray(spec.targetRefs)) continue;
      pushTo(selectorless, telemetry.namespace, telemetry);
    }
    for (const [namespace, list] of selectorless) {
      if (list.length < 2) continue;
      const names = relatedList(list.map((t) => t.name).sort());
      for (const telemetry of list) ctx.report(telemetry, 'MultipleTelemetriesWithoutWorkloadSelectors', [names, namespace], {path: '/metadata/name', lineAt: null});
    }
  },
};
