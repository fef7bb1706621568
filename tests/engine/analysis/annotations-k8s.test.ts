/**
 * istioctl analyze, annotations/annotations.go (K8sAnalyzer): Istio annotations on Namespaces,
 * Services, Pods and Deployments that are unknown (IST0108), deprecated (IST0135), misplaced
 * (IST0107) or hold a value the injector rejects (IST0125), each at the annotation's line.
 */
import {describe, expect, it} from 'vitest';
import {analyzeIstioctl} from '../../../src/engine/analysis/istioctl';
import {istioctlFindings} from '../support/findings';

/** The messages by line (istioctl sorts them as strings, which puts line 10 before line 7). */
const analyze = (text: string) =>
  analyzeIstioctl({files: [{name: 'k8s.yaml', text}], analyzers: ['annotations.K8sAnalyzer']})
    .messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    .map((m) => `${m.code} ${m.reference} ${m.message}`);

const pod = (annotations: string, labels = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
${labels}  annotations:
${annotations}spec:
  containers: [{name: app, image: nginx}]
`;

describe('Istio annotations on Kubernetes resources (IST0107, IST0108, IST0125, IST0135)', () => {
  it("takes a key as Istio's when its prefix ends in istio.io, and kubernetes.io/ingress.class, nothing else", () => {
    expect(analyze(pod('    myistio.io/whatever: x\n    example.com/istio.io: x\n    helm.sh/hook: test\n    kubectl.kubernetes.io/last-applied-configuration: "{}"\n'))).toEqual([
      'IST0108 k8s.yaml:7 Unknown annotation: myistio.io/whatever',
    ]);
    expect(analyze(pod('    kubernetes.io/ingress.class: istio\n'))).toEqual([
      'IST0107 k8s.yaml:7 Misplaced annotation: kubernetes.io/ingress.class can only be applied to Ingress',
    ]);
  });

  it('leaves the annotations istiod and controllers set alone, even where they do not belong', () => {
    expect(analyze(pod('    sidecar.istio.io/status: "{}"\n    istio.io/rev: canary\n    gateway.istio.io/controller-version: "5"\n'))).toEqual([]);
  });

  it('reports the deprecated inject annotation with its replacement, unless the label is there too', () => {
    expect(analyze(pod('    sidecar.istio.io/inject: "true"\n'))).toEqual([
      'IST0135 k8s.yaml:7 Annotation "sidecar.istio.io/inject" has been deprecated in favor of the "sidecar.istio.io/inject" label and may not work in future Istio versions.',
    ]);
    expect(analyze(pod('    sidecar.istio.io/inject: "true"\n', '  labels:\n    sidecar.istio.io/inject: "true"\n'))).toEqual([]);
  });

  it('names every resource type an annotation applies to when it is misplaced, and a Deployment is never one', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    networking.istio.io/exportTo: "."
    istio.io/dry-run: "true"
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: nginx}]}
`;
    expect(analyze(deployment)).toEqual([
      'IST0107 k8s.yaml:7 Misplaced annotation: networking.istio.io/exportTo can only be applied to Service',
      'IST0107 k8s.yaml:8 Misplaced annotation: istio.io/dry-run can only be applied to AuthorizationPolicy',
    ]);
  });

  it("checks values as the injector does, with Go's error text", () => {
    const annotations = [
      '    readiness.status.sidecar.istio.io/periodSeconds: "-1"',
      '    readiness.status.sidecar.istio.io/failureThreshold: "4294967296"',
      '    status.sidecar.istio.io/port: "70000"',
      '    traffic.sidecar.istio.io/excludeInboundPorts: "80, x"',
      '    traffic.sidecar.istio.io/includeOutboundIPRanges: "10.0.0.0/8,10.1.0.0"',
      '    traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.0/08"',
      '    traffic.sidecar.istio.io/excludeInterfaces: "eth0,averyveryverylongname"',
      '    sidecar.istio.io/interceptionMode: redirect',
      '    prometheus.istio.io/merge-metrics: "yes"',
      '    sidecar.istio.io/proxyCPU: "100mm"',
      '    sidecar.istio.io/proxyMemory: "1Qi"',
    ];
    expect(analyze(pod(`${annotations.join('\n')}\n`))).toEqual([
      'IST0125 k8s.yaml:7 Invalid annotation readiness.status.sidecar.istio.io/periodSeconds: strconv.ParseUint: parsing "-1": invalid syntax',
      'IST0125 k8s.yaml:8 Invalid annotation readiness.status.sidecar.istio.io/failureThreshold: strconv.ParseUint: parsing "4294967296": value out of range',
      'IST0125 k8s.yaml:9 Invalid annotation status.sidecar.istio.io/port: excludeInboundPorts invalid: failed parsing port \'70000\': strconv.ParseUint: parsing "70000": value out of range',
      'IST0125 k8s.yaml:10 Invalid annotation traffic.sidecar.istio.io/excludeInboundPorts: excludeInboundPorts invalid: failed parsing port \' x\': failed parsing port \' x\': strconv.ParseUint: parsing "x": invalid syntax',
      'IST0125 k8s.yaml:11 Invalid annotation traffic.sidecar.istio.io/includeOutboundIPRanges: includeIPRanges invalid: failed parsing cidr \'10.1.0.0\': netip.ParsePrefix("10.1.0.0"): no \'/\'',
      'IST0125 k8s.yaml:12 Invalid annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: excludeIPRanges invalid: failed parsing cidr \'10.0.0.0/08\': netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"',
      'IST0125 k8s.yaml:13 Invalid annotation traffic.sidecar.istio.io/excludeInterfaces: interface name "averyveryverylongname" too long (max 15 chars)',
      'IST0125 k8s.yaml:14 Invalid annotation sidecar.istio.io/interceptionMode: interceptionMode invalid, use REDIRECT,TPROXY,NONE: redirect',
      'IST0125 k8s.yaml:15 Invalid annotation prometheus.istio.io/merge-metrics: strconv.ParseBool: parsing "yes": invalid syntax',
      "IST0125 k8s.yaml:16 Invalid annotation sidecar.istio.io/proxyCPU: unable to parse quantity's suffix",
      "IST0125 k8s.yaml:17 Invalid annotation sidecar.istio.io/proxyMemory: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  it('accepts the values the injector accepts', () => {
    const annotations = [
      '    traffic.sidecar.istio.io/includeInboundPorts: "*"',
      '    traffic.sidecar.istio.io/includeOutboundIPRanges: "*"',
      '    traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.0/8,fd00::/8,::ffff:10.0.0.1/128"',
      '    traffic.sidecar.istio.io/excludeOutboundPorts: " 15020 , 443 "',
      '    traffic.sidecar.istio.io/excludeInterfaces: ""',
      '    sidecar.istio.io/interceptionMode: TPROXY',
      '    prometheus.istio.io/merge-metrics: "F"',
      '    sidecar.istio.io/proxyCPU: "1.5"',
      '    sidecar.istio.io/proxyMemory: "1e3"',
      '    sidecar.istio.io/proxyMemoryLimit: "2Gi"',
    ];
    expect(analyze(pod(`${annotations.join('\n')}\n`))).toEqual([]);
  });

  it('tells IPv6 prefixes apart as netip does', () => {
    const ranges = (value: string) => analyze(pod(`    traffic.sidecar.istio.io/excludeOutboundIPRanges: "${value}"\n`));
    expect(ranges('fe80::1%eth0/64')).toEqual([
      'IST0125 k8s.yaml:7 Invalid annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: excludeIPRanges invalid: failed parsing cidr \'fe80::1%eth0/64\': netip.ParsePrefix("fe80::1%eth0/64"): IPv6 zones cannot be present in a prefix',
    ]);
    expect(ranges('1::2::3/64')).toEqual([
      'IST0125 k8s.yaml:7 Invalid annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: excludeIPRanges invalid: failed parsing cidr \'1::2::3/64\': netip.ParsePrefix("1::2::3/64"): ParseAddr("1::2::3"): multiple :: in address (at ":3")',
    ]);
    expect(ranges('::1/129')).toEqual([
      'IST0125 k8s.yaml:7 Invalid annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: excludeIPRanges invalid: failed parsing cidr \'::1/129\': netip.ParsePrefix("::1/129"): prefix length out of range',
    ]);
  });

  it("checks proxy.istio.io/config over the proxy defaults as the injector's ProxyConfig validation does", () => {
    const proxyConfig = (config: string) => analyze(pod(`    proxy.istio.io/config: ${JSON.stringify(config)}\n`));
    expect(proxyConfig('{}')).toEqual([]);
    expect(proxyConfig('holdApplicationUntilProxyStarts: true\nnotAField: 1\ndiscoveryAddress: istiod-canary.istio-system.svc:15012\n')).toEqual([]);
    expect(proxyConfig('discovery_address: istiod\nproxyAdminPort: 0\n')).toEqual([
      'IST0125 k8s.yaml:7 Invalid annotation proxy.istio.io/config: 2 errors occurred:\n\t* invalid discovery address: unable to split "istiod": address istiod: missing port in address\n\t* invalid proxy admin port: port number 0 must be in the range 1..65535\n\n',
    ]);
    expect(proxyConfig('drainDuration: 1500ms\nserviceCluster: ""\n')).toEqual([
      'IST0125 k8s.yaml:7 Invalid annotation proxy.istio.io/config: 2 errors occurred:\n\t* service cluster must be specified\n\t* drain time only supports durations to seconds precision\n\n',
    ]);
    expect(proxyConfig('tracing:\n  zipkin: {address: "$(HOST_IP):9411"}\n  lightstep: {address: "collector:99999"}\n')).toEqual([
      'IST0125 k8s.yaml:7 Invalid annotation proxy.istio.io/config: 2 errors occurred:\n\t* invalid lightstep config: invalid lightstep address: port number 99999 must be in the range 1..65535\n\t* invalid lightstep config: access token is required\n\n',
    ]);
    expect(proxyConfig('controlPlaneAuthPolicy: INHERIT\n')).toEqual([
      'IST0125 k8s.yaml:7 Invalid annotation proxy.istio.io/config: 1 error occurred:\n\t* invalid authentication policy: unrecognized control plane auth policy "INHERIT"\n\n',
    ]);
  });

  it('runs in validateYaml too, on the annotated resource alone', () => {
    expect(istioctlFindings(pod('    sidecar.istio.io/proxyImag: x\n'))).toEqual([
      {at: '7:5', severity: 'warning', code: 'IST0108', message: 'Unknown annotation: sidecar.istio.io/proxyImag'},
    ]);
  });
});
