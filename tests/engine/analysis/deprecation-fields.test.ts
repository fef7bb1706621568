/**
 * istioctl's deprecation/deprecation.go (DeprecationAnalyzer) and telemetry/lightstep.go
 * (LightstepAnalyzer): IST0002 on deprecated fields, removed resource types and Lightstep tracing.
 */
import {describe, expect, it} from 'vitest';
import {analyzeIstioctl} from '../../../src/engine/analysis/istioctl';
import {istioctlFindings} from '../support/findings';

const analyze = (text: string, analyzer: string, meshConfig?: string) =>
  analyzeIstioctl({files: [{name: 'in.yaml', text}], analyzers: [analyzer], ...(meshConfig ? {meshConfig: {name: 'mesh.yaml', text: meshConfig}} : {})})
    .messages.map((m) => `${m.code} ${m.origin} ${m.reference} ${m.message}`);

const delay = (percent: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - fault:
      delay: {${percent}fixedDelay: 5s}
    route: [{destination: {host: reviews}}]
`;

describe('Deprecated fields and types (IST0002)', () => {
  it("reports a route's fault.delay.percent above zero, at the resource (the Go code names no field)", () => {
    expect(analyze(delay('percent: 10, '), 'deprecation.DeprecationAnalyzer')).toEqual([
      'IST0002 VirtualService shop/reviews in.yaml:1 Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
    ]);
    expect(analyze(delay('percent: 0, '), 'deprecation.DeprecationAnalyzer')).toEqual([]);
    expect(analyze(delay('percentage: {value: 10}, '), 'deprecation.DeprecationAnalyzer')).toEqual([]);
  });

  it("reports a Sidecar's egressProxy, set even when empty", () => {
    const sidecar = (egressProxy: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec:
  outboundTrafficPolicy: {mode: ALLOW_ANY${egressProxy}}
`;
    expect(analyze(sidecar(', egressProxy: {}'), 'deprecation.DeprecationAnalyzer')).toEqual([
      'IST0002 Sidecar shop/default in.yaml:1 Deprecated: OutboundTrafficPolicy.EgressProxy ignored',
    ]);
    expect(analyze(sidecar(''), 'deprecation.DeprecationAnalyzer')).toEqual([]);
  });

  it('reports a CustomResourceDefinition of a removed rbac.istio.io type', () => {
    const crd = (group: string, kind: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.${group}}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: things}
  scope: Namespaced
`;
    expect(analyze(crd('rbac.istio.io', 'ServiceRole'), 'deprecation.DeprecationAnalyzer')).toEqual([
      'IST0002 CustomResourceDefinition things.rbac.istio.io in.yaml:1 Deprecated: Custom resource type rbac.istio.io ServiceRole is removed',
    ]);
    expect(analyze(crd('security.istio.io', 'ServiceRole'), 'deprecation.DeprecationAnalyzer')).toEqual([]);
  });
});

describe('Tracing through a Lightstep provider (IST0002)', () => {
  const telemetry = `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: tracing, namespace: shop}
spec:
  tracing:
  - providers: [{name: ls}, {name: otel}]
`;
  const mesh = 'extensionProviders:\n- name: ls\n  lightstep: {service: collector.monitoring.svc.cluster.local, port: 443, accessToken: t}\n- name: otel\n  opentelemetry: {service: otel.monitoring.svc.cluster.local, port: 4317}\n';

  it('reports each tracing provider the mesh config defines as Lightstep', () => {
    expect(analyze(telemetry, 'telemetry.LightstepAnalyzer', mesh)).toEqual([
      'IST0002 Telemetry shop/tracing in.yaml:1 Deprecated: The Lightstep provider ls is deprecated, please migrate to OpenTelemetry provider.',
    ]);
  });

  it('finds nothing when the mesh config has no Lightstep provider', () => {
    expect(analyze(telemetry, 'telemetry.LightstepAnalyzer')).toEqual([]);
  });

  it("reads validateYaml's mesh config from the istio ConfigMap the input brings", () => {
    const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |\n${mesh.replace(/^/gm, '    ')}`;
    expect(istioctlFindings(`${telemetry}---\n${configMap}`)).toEqual([
      {at: '1:1', severity: 'warning', code: 'IST0002', message: 'Deprecated: The Lightstep provider ls is deprecated, please migrate to OpenTelemetry provider.'},
    ]);
    expect(istioctlFindings(telemetry)).toEqual([]);
  });
});
