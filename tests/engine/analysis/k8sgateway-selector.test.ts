/**
 * istioctl analyze, k8sgateway/workloadselector.go (SelectorAnalyzer): policies that select a
 * Kubernetes Gateway's pods by label, which does not attach them to the gateway (IST0166).
 */
import {describe, expect, it} from 'vitest';
import {istioctlLines} from '../support/istioctl';

const ANALYZER = 'k8sgateway.SelectorAnalyzer';

const gatewayPod = (gateway: string, name = `${gateway}-istio-1`, namespace = 'shop') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: {gateway.networking.k8s.io/gateway-name: ${gateway}, app: ${gateway}}
spec:
  containers: [{name: istio-proxy, image: proxyv2}]
---
`;
const policy = (apiVersion: string, kind: string, spec: string) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: policy, namespace: shop}
spec: ${spec}
---
`;
const authz = (spec: string) => policy('security.istio.io/v1', 'AuthorizationPolicy', spec);
const origins = (text: string) => istioctlLines(text, ANALYZER).map((line) => /\((\w+ [^ ]+)/.exec(line)![1]);

describe('a selector that picks a Kubernetes Gateway pod', () => {
  it('warns on each policy kind, naming the gateway', () => {
    const selector = '{selector: {matchLabels: {app: ingress}}}';
    const text = gatewayPod('ingress') + authz(selector) + policy('security.istio.io/v1', 'RequestAuthentication', selector) +
      policy('telemetry.istio.io/v1', 'Telemetry', selector) + policy('extensions.istio.io/v1alpha1', 'WasmPlugin', '{selector: {matchLabels: {app: ingress}}, url: "oci://x"}');
    const lines = istioctlLines(text, ANALYZER);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Warning [IST0166] (AuthorizationPolicy shop/policy in.yaml:10) Ineffective selector on Kubernetes Gateway ingress. Use the TargetRef field instead.');
    expect(origins(text).sort()).toEqual(['AuthorizationPolicy shop/policy', 'RequestAuthentication shop/policy', 'Telemetry shop/policy', 'WasmPlugin shop/policy']);
  });

  it('reports once per gateway whose pods match; an empty selector matches every gateway pod', () => {
    const pods = gatewayPod('ingress') + gatewayPod('ingress', 'ingress-istio-2') + gatewayPod('egress');
    expect(istioctlLines(pods + authz('{selector: {}}'), ANALYZER).map((l) => / Gateway (\w+)\./.exec(l)![1]).sort()).toEqual(['egress', 'ingress']);
  });

  it('is silent with a targetRef, without a selector, for other pods, and across namespaces', () => {
    expect(origins(gatewayPod('ingress') + authz('{selector: {matchLabels: {app: ingress}}, targetRef: {kind: Gateway, group: gateway.networking.k8s.io, name: ingress}}'))).toEqual([]);
    expect(origins(gatewayPod('ingress') + authz('{action: DENY, rules: [{}]}'))).toEqual([]);
    expect(origins(gatewayPod('ingress') + authz('{selector: {matchLabels: {app: web}}}'))).toEqual([]);
    expect(origins(gatewayPod('ingress', 'ingress-istio-1', 'edge') + authz('{selector: {matchLabels: {app: ingress}}}'))).toEqual([]);
  });

  it('still warns with targetRefs (the list): only a single targetRef counts, as in istioctl', () => {
    expect(origins(gatewayPod('ingress') + authz('{selector: {matchLabels: {app: ingress}}, targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: ingress}]}'))).toEqual(['AuthorizationPolicy shop/policy']);
  });
});
