/** telemetry/lightstep.go (LightstepAnalyzer): IST0002 on tracing through a Lightstep provider. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import {ISTIO_NAMESPACE} from '../../../model/resource';
import {parseYaml} from '../../../yaml/index';
import type {Analyzer, AnalyzerContext} from '../../analyzer';
import {KINDS} from '../kinds';

/** A Telemetry's tracing provider that names one of the mesh config's Lightstep extension providers. */
export const lightstepAnalyzer: Analyzer = {
  name: 'telemetry.LightstepAnalyzer',
  inputs: [KINDS.Telemetry, KINDS.MeshConfig],
  analyze(ctx) {
    const lightstep = new Set<string>();
    for (const meshConfig of meshConfigs(ctx)) {
      for (const provider of asArray(meshConfig.extensionProviders)) {
        const entry = asObject(provider);
        // The provider oneof is set by its key's presence (a null value sets nothing).
        if (entry && asObject(entry.lightstep) !== undefined) lightstep.add(stringOr(entry.name));
      }
    }
    if (lightstep.size === 0) return;
    for (const telemetry of ctx.resources('telemetry.istio.io', 'Telemetry')) {
      for (const tracing of asArray(asObject(telemetry.value.spec)?.tracing)) {
        for (const provider of asArray(asObject(tracing)?.providers)) {
          const name = stringOr(asObject(provider)?.name);
          if (lightstep.has(name)) {
            ctx.report(telemetry, 'Deprecated', [`The Lightstep provider ${name} is deprecated, please migrate to OpenTelemetry provider.`]);
          }
        }
      }
    }
  },
};

/**
 * The mesh config given to the analysis; in validateYaml, which has only istioctl's defaults, also
 * the `mesh` key of an istio (or istio-<revision>) ConfigMap in istiod's namespace among the input.
 */
function meshConfigs(ctx: AnalyzerContext): Array<Readonly<Record<string, unknown>>> {
  const configs = [ctx.meshConfig];
  if (ctx.closedWorld) return configs;
  for (const configMap of ctx.resources('', 'ConfigMap')) {
    if (configMap.namespace !== ISTIO_NAMESPACE || !/^istio(-.+)?$/.test(configMap.name)) continue;
    const mesh = asObject(parseYaml(stringOr(asObject(configMap.value.data)?.mesh)).documents[0]?.value);
    if (mesh) configs.push(mesh);
  }
  return configs;
}
