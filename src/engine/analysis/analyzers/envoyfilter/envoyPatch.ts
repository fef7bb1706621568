/** envoyfilter/envoyfilter.go (EnvoyPatchAnalyzer): IST0151–IST0155. */
import {asArray, asObject, isSet, numberOr, stringOr} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import type {MessageName} from '../../messages';
import {KINDS} from '../kinds';

const ROUTE_TARGETS = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);

/**
 * IST0151-IST0155, for every EnvoyFilter in order: ADD or REMOVE with applyTo ROUTE_CONFIGURATION or
 * HTTP_ROUTE (IST0153, IST0154), REPLACE outside HTTP_FILTER, NETWORK_FILTER and VIRTUAL_HOST (IST0152); otherwise a
 * relative operation (REMOVE, REPLACE, INSERT_BEFORE, INSERT_AFTER; not MERGE) in a filter without
 * priority is IST0151, or IST0155 when an earlier patch (of this or an earlier EnvoyFilter) that set
 * match.proxy.proxyVersion concerns the same filter name. The first patch without `patch` ends the
 * filter's analysis. Needs no cluster knowledge.
 */
export const envoyPatchAnalyzer: Analyzer = {
  name: 'envoyfilter.EnvoyPatchAnalyzer',
  inputs: [KINDS.EnvoyFilter],
  analyze(ctx) {
    const versionedNames: string[] = [];
    for (const resource of ctx.resources('networking.istio.io', 'EnvoyFilter')) analyzePatches(ctx, resource, versionedNames);
  },
};

function analyzePatches(ctx: AnalyzerContext, ef: AnalysisResource, versionedNames: string[]): void {
  const spec = asObject(ef.value.spec) ?? {};
  const priority = numberOr(spec.priority);
  const patches = asArray(spec.configPatches);
  for (let i = 0; i < patches.length; i++) {
    const cp = asObject(patches[i]);
    const patch = asObject(cp?.patch);
    if (!cp || !patch) break;
    const name = instanceName(cp, patch);
    const applyTo = stringOr(cp.applyTo);
    const operation = stringOr(patch.operation);
    const path = isSet(patch.operation) ? at('/spec/configPatches', i, 'patch', 'operation') : at('/spec/configPatches', i);
    // istioctl's line: that of spec.configPatches[i].patch.value, which (a mapping) has none.
    const report = (message: MessageName) => ctx.report(ef, message, [], {path, at: isSet(patch.operation) ? 'value' : 'key', lineAt: at('/spec/configPatches', i, 'patch', 'value')});
    const relative = () => {
      if (priority !== 0) return;
      if (versionedNames.includes(name)) report('EnvoyFilterUsesRelativeOperationWithProxyVersion');
      else report('EnvoyFilterUsesRelativeOperation');
    };
    if (operation === 'ADD') {
      if (ROUTE_TARGETS.has(applyTo)) {
        report('EnvoyFilterUsesAddOperationIncorrectly');
      }
    } else if (operation === 'REMOVE') {
      if (ROUTE_TARGETS.has(applyTo)) {
        report('EnvoyFilterUsesRemoveOperationIncorrectly');
      } else relative();
    } else if (operation === 'REPLACE') {
      if (applyTo !== 'NETWORK_FILTER' && applyTo !== 'HTTP_FILTER' && applyTo !== 'VIRTUAL_HOST') {
        report('EnvoyFilterUsesReplaceOperationIncorrectly');
      } else relative();
    } else if (operation === 'INSERT_BEFORE' || operation === 'INSERT_AFTER') relative();
    if (stringOr(asObject(asObject(cp.match)?.proxy)?.proxyVersion) !== '') versionedNames.push(name);
  }
}

/**
 * The name the analyzer compares: the patch value's `name` (printed as a protobuf Value, so it never
 * equals a bare filter name), else the listener filter chain's filter name; '' without a value.
 */
function instanceName(cp: Record<string, unknown>, patch: Record<string, unknown>): string {
  const value = asObject(patch.value);
  if (!value || Object.keys(value).length === 0) return '';
  if (isSet(value.name)) return `value:${JSON.stringify(value.name)}`;
  const filterChain = asObject(asObject(asObject(cp.match)?.listener)?.filterChain);
  return filterChain ? stringOr(asObject(filterChain.filter)?.name) : '';
}
