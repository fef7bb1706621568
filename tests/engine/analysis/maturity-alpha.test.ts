/**
 * istioctl's maturity/maturity.go (AlphaAnalyzer): IST0136 on annotations of alpha-phase features.
 * Not among istioctl analyze's defaults (All() leaves it out): it runs only when named.
 */
import {describe, expect, it} from 'vitest';
import {analyzeIstioctl} from '../../../src/engine/analysis/istioctl';

const analyze = (text: string, analyzers?: string[]) =>
  analyzeIstioctl({files: [{name: 'alpha.yaml', text}], ...(analyzers ? {analyzers} : {})}).messages
    .filter((m) => m.code === 'IST0136')
    .map((m) => `${m.reference} ${m.message}`);

const pod = (annotations: string, initContainer?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  annotations:
${annotations}spec:
  containers: [{name: app, image: nginx}]
${initContainer ? `  initContainers: [{name: ${initContainer}, image: proxyv2}]\n` : ''}`;

const CNI_DEFAULTS = '    sidecar.istio.io/interceptionMode: REDIRECT\n    traffic.sidecar.istio.io/includeOutboundIPRanges: "*"\n';

describe('Alpha annotations (IST0136)', () => {
  it('reports an alpha annotation at its line, and not a beta one', () => {
    expect(analyze(pod('    sidecar.istio.io/proxyImage: proxyv2\n    sidecar.istio.io/inject: "true"\n'), ['annotations.AlphaAnalyzer'])).toEqual([
      'alpha.yaml:7 Annotation "sidecar.istio.io/proxyImage" is part of an alpha-phase feature and may be incompletely supported.',
    ]);
  });

  it('skips what istio-cni sets on a pod without istio-init, and reports it beside istio-init', () => {
    expect(analyze(pod(CNI_DEFAULTS), ['annotations.AlphaAnalyzer'])).toEqual([]);
    expect(analyze(pod(CNI_DEFAULTS, 'istio-validation'), ['annotations.AlphaAnalyzer'])).toEqual([]);
    expect(analyze(pod(CNI_DEFAULTS, 'istio-init'), ['annotations.AlphaAnalyzer'])).toHaveLength(2);
  });

  it('never reports the annotations istiod and controllers set', () => {
    expect(analyze(pod('    sidecar.istio.io/status: "{}"\n    gateway.istio.io/controller-version: "5"\n', 'istio-init'), ['annotations.AlphaAnalyzer'])).toEqual([]);
  });

  it('does not run in a plain istioctl analyze', () => {
    expect(analyze(pod('    sidecar.istio.io/proxyImage: proxyv2\n'))).toEqual([]);
  });
});
