/**
 * A Telemetry: its API group, the CRD schema and CEL rules, validation.go ValidateTelemetry and
 * validation_istiod.go validateTelemetryFilter.
 */
import {describe, expect, it} from 'vitest';
import {findings, resource} from '../support/findings';

// Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7.. the spec below.
const telemetry = (spec: string) => resource('telemetry.istio.io/v1', 'Telemetry', spec);

describe("a Telemetry's API group and provider names", () => {
  it('is telemetry.istio.io, not networking.istio.io', () => {
    // kubectl: no matches for kind "Telemetry" in version "networking.istio.io/v1beta1"
    const text = resource('networking.istio.io/v1beta1', 'Telemetry', '  tracing:\n  - randomSamplingPercentage: 10\n');
    expect(findings(text)).toEqual([expect.objectContaining({
      at: '1:13', severity: 'error', code: 'unknown-istio-kind', message: expect.stringContaining('Telemetry belongs to telemetry.istio.io'),
    })]);
  });

  it('rejects an empty provider name in the schema (minLength 1), before the webhook', () => {
    // CRD ProviderRef.name: minLength 1 (the webhook's "providers.name may not be empty" is never reached)
    const found = findings(resource('telemetry.istio.io/v1', 'Telemetry', '  accessLogging:\n  - providers:\n    - name: ""\n'));
    expect(found).toEqual([{at: '9:13', severity: 'error', code: 'min-length', message: expect.stringContaining('spec.accessLogging[0].providers[0].name')}]);
  });
});

describe("a Telemetry's metrics, access logging and tracing (validation.go ValidateTelemetry, validation_istiod.go validateTelemetryFilter)", () => {
  it('accepts providers, metric overrides, a CEL access-log filter and tracing', () => {
    expect(findings(telemetry('  metrics:\n  - providers:\n    - name: prometheus\n    overrides:\n    - match: {metric: REQUEST_COUNT, mode: CLIENT_AND_SERVER}\n      tagOverrides:\n        request_host: {operation: REMOVE}\n        app: {value: "filter_state[\'wasm.app\']"}\n    - match: {customMetric: my_metric}\n      disabled: true\n  accessLogging:\n  - providers:\n    - name: envoy\n    filter:\n      expression: "response.code >= 400 || request.headers[\'x-debug\'] == \'1\' || xds.cluster_name.startsWith(\'outbound\')"\n  tracing:\n  - providers:\n    - name: zipkin\n    randomSamplingPercentage: 10.5\n    customTags:\n      env:\n        environment: {name: POD_ENV, defaultValue: dev}\n'))).toEqual([]);
  });

  it('rejects an access-log filter that is not a CEL expression', () => {
    // celEnv.Parse(filter.Expression): "must be a valid CEL expression, <parser error>"
    expect(findings(telemetry('  accessLogging:\n  - providers:\n    - name: envoy\n    filter:\n      expression: "response.code >= 400 &&"\n'))).toEqual([
      {at: '11:19', severity: 'error', code: 'istio-validation', message: expect.stringMatching(/^must be a valid CEL expression, /)},
    ]);
  });

  it('leaves a missing UPSERT value to the CRD rule', () => {
    expect(findings(telemetry('  metrics:\n  - overrides:\n    - tagOverrides:\n        x: {operation: UPSERT}\n'))).toEqual([
      {at: '10:12', severity: 'error', code: 'cel', message: 'spec.metrics[0].overrides[0].tagOverrides[x]: Invalid value: "object": no such key: value evaluating rule: value must be set when operation is UPSERT'},
    ]);
  });

  it('leaves randomSamplingPercentage bounds to the CRD and warns about several tracing entries', () => {
    expect(findings(telemetry('  tracing:\n  - randomSamplingPercentage: 101\n'))).toEqual([
      {at: '8:31', severity: 'error', code: 'maximum', message: 'spec.tracing[0].randomSamplingPercentage: Invalid value: 101: spec.tracing[0].randomSamplingPercentage in body should be less than or equal to 100'},
    ]);
    // validateTelemetryTracing: AppendWarningf "multiple tracing is not currently supported"
    expect(findings(telemetry('  tracing:\n  - providers: [{name: a}]\n  - providers: [{name: b}]\n'))).toEqual([
      {at: '7:3', severity: 'warning', code: 'istio-validation-warning', message: 'multiple tracing is not currently supported'},
    ]);
  });
});
