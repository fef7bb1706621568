/** telemetry/lightstep.go (LightstepAnalyzer): IST0002 on tracing through a Lightstep provider. */
import {asArray, asObject, stringOr} from '../../../istio/access';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/** A Telemetry's tracing provider that names one of the mesh config's Lightstep extension providers. */
export const lightstepAnalyzer: Analyzer = {
  name: 'telemetry.LightstepAnalyzer',
  inputs: [KINDS.Telemetry, KINDS.MeshConfig],
  analyze(ctx) {
    const lightstep = new Set<string>();
    for (const provider of asArray(ctx.meshConfig.extensionProviders)) {
      const entry = asObject(provider);
      // The provider oneof is set by its key's presence (a null value sets nothing).
      if (entry && asObject(entry.lightstep) !== undefined) lightstep.add(stringOr(entry.name));
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
