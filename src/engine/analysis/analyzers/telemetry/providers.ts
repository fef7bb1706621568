/** telemetry/providers.go (ProviderAnalyzer): IST0157. */
import {asArray, asObject, isNonEmptyArray, stringOr} from '../../../istio/access';
import {ISTIO_NAMESPACE} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';

/** Access logging (not disabled) without providers, when the mesh config names no default access-log provider. */
export const telemetryProviderAnalyzer: Analyzer = {
  name: 'telemetry.ProviderAnalyzer',
  inputs: [KINDS.Telemetry, KINDS.MeshConfig],
  analyze(ctx) {
    if (meshHasDefaultAccessLogging(ctx)) return;
    for (const telemetry of ctx.resources('telemetry.istio.io', 'Telemetry')) {
      asArray(asObject(telemetry.value.spec)?.accessLogging).forEach((logging, i) => {
        // Logging turned off needs no provider.
        if (asObject(logging)?.disabled === true || isNonEmptyArray(asObject(logging)?.providers)) return;
        ctx.report(telemetry, 'InvalidTelemetryProvider', [telemetry.name, telemetry.namespace], {path: at('/spec/accessLogging', i), lineAt: null});
      });
    }
  },
};

/**
 * Whether the mesh config sets defaultProviders.accessLogging: the one given to the analysis, or
 * (validateYaml) a ConfigMap istio in istiod's namespace, key `mesh`, among the resources.
 */
function meshHasDefaultAccessLogging(ctx: AnalyzerContext): boolean {
  if (isNonEmptyArray(asObject(ctx.meshConfig.defaultProviders)?.accessLogging)) return true;
  return ctx.resources('', 'ConfigMap').some((resource) => {
    if (resource.namespace !== ISTIO_NAMESPACE || !/^istio(-.+)?$/.test(resource.name)) return false;
    const mesh = stringOr(asObject(resource.value.data)?.mesh);
    return /defaultProviders:[\s\S]*accessLogging:\s*(\[\s*[^\]\s]|\n\s*-)/.test(mesh);
  });
}
