/**
 * istioctl analyze, telemetry/providers.go: access logging without a provider, where the mesh names none (IST0157).
 */
import {describe, expect, it} from 'vitest';
import {istioctlFindings} from '../support/findings';
import {namedTelemetry} from '../support/manifests';

describe('Telemetry access logging providers', () => {
  it('IST0157: access logging without providers when the mesh has no default access-log provider', () => {
    const spec = '  accessLogging:\n  - disabled: false\n';
    expect(istioctlFindings(namedTelemetry('logs', spec))).toEqual([
      {at: '6:5', severity: 'warning', code: 'IST0157', message: 'The Telemetry logs in namespace "default" with empty providers will be ignored.'},
    ]);
    expect(istioctlFindings(namedTelemetry('logs', '  accessLogging:\n  - providers: [{name: envoy}]\n'))).toEqual([]);
    const mesh = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultProviders:
      accessLogging: [envoy]
`;
    expect(istioctlFindings(namedTelemetry('logs', spec), {context: mesh})).toEqual([]);
  });
});
