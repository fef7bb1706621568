/**
 * istioctl analyze, injection/injection.go (Analyzer): pods missing their proxy in an injected
 * namespace (IST0103), and namespaces injected by default (IST0148).
 */
import {describe, expect, it} from 'vitest';
import {istioctlFindings} from '../support/findings';
import {istioctlLines} from '../support/istioctl';

const ANALYZER = 'injection.Analyzer';
const MISSING = 'is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: ${labels}}
---
`;
const pod = (metadata = '', spec = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
${metadata}spec:
${spec}  containers:
  - {name: web, image: nginx}
`;
const codes = (text: string) => istioctlLines(text, ANALYZER).map((line) => /\[(IST\d+)\]/.exec(line)![1]);

describe('a Pod of a namespace labeled istio-injection=enabled (IST0103)', () => {
  it('warns when it has no istio-proxy container, naming it namespace/name at its first line', () => {
    expect(istioctlLines(namespace('{istio-injection: enabled}') + pod(), ANALYZER)).toEqual([
      `Warning [IST0103] (Pod shop/web in.yaml:5) The pod shop/web ${MISSING}`,
    ]);
  });

  it('accepts the proxy as a native sidecar (an init container), but not a proxy container without an image', () => {
    expect(codes(namespace('{istio-injection: enabled}') + pod('', '  initContainers:\n  - {name: istio-proxy, image: proxyv2:1.30.3}\n'))).toEqual([]);
    expect(codes(namespace('{istio-injection: enabled}') + pod('', '  initContainers:\n  - {name: istio-proxy}\n'))).toEqual(['IST0103']);
  });

  it('leaves pods that turn injection off ("false" in any case; the label wins over the annotation) and host-network pods alone', () => {
    const ns = namespace('{istio-injection: enabled}');
    expect(codes(ns + pod('  annotations: {sidecar.istio.io/inject: "FALSE"}\n'))).toEqual([]);
    expect(codes(ns + pod('  labels: {sidecar.istio.io/inject: "false"}\n  annotations: {sidecar.istio.io/inject: "true"}\n'))).toEqual([]);
    expect(codes(ns + pod('  labels: {sidecar.istio.io/inject: "true"}\n  annotations: {sidecar.istio.io/inject: "false"}\n'))).toEqual(['IST0103']);
    expect(codes(ns + pod('', '  hostNetwork: true\n'))).toEqual([]);
  });

  it('looks only at namespaces labeled istio-injection=enabled (not istio.io/rev, not ambient)', () => {
    expect(codes(namespace('{istio.io/rev: canary}') + pod())).toEqual([]);
    expect(codes(namespace('{istio-injection: enabled, istio.io/dataplane-mode: ambient}') + pod())).toEqual(['IST0123']);
  });

  it('is not reported for manifests to apply (validate: the webhook adds the proxy at admission)', () => {
    expect(istioctlFindings(namespace('{istio-injection: enabled}') + pod()).map((f) => f.code)).toEqual([]);
  });
});

describe('namespaces when the injector enables namespaces by default (IST0148)', () => {
  const injector = (values: string, name = 'istio-sidecar-injector') => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: istio-system}
data:
  values: '${values}'
---
`;
  const enabled = '{"sidecarInjectorWebhook": {"enableNamespacesByDefault": true}}';

  it('says an unlabeled namespace is injected, instead of IST0102', () => {
    expect(istioctlLines(injector(enabled) + namespace('{}'), ANALYZER)).toEqual([
      'Info [IST0148] (Namespace shop in.yaml:7) is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.',
    ]);
  });

  it('falls back to IST0102 when the flag is false, missing, or the values are not JSON', () => {
    expect(codes(injector('{"sidecarInjectorWebhook": {"enableNamespacesByDefault": false}}') + namespace('{}'))).toEqual(['IST0102']);
    expect(codes(injector('{}') + namespace('{}'))).toEqual(['IST0102']);
    expect(codes(injector('not: json') + namespace('{}'))).toEqual(['IST0102']);
  });

  it("reads the injector of the namespace's revision, and keeps the last one found for a namespace of no revision's", () => {
    expect(codes(injector(enabled, 'istio-sidecar-injector-canary') + namespace('{}'))).toEqual(['IST0102']);
    // Go's flag outlives the namespace that set it: `shop` finds no default injector, so keeps canary's.
    const canaryFirst = injector(enabled, 'istio-sidecar-injector-canary') + namespace('{istio.io/rev: canary}').replace('name: shop', 'name: canary') + namespace('{}');
    expect(codes(canaryFirst)).toEqual(['IST0148']);
  });
});
