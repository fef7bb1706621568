/**
 * istioctl analyze, injection/injection-image.go (ImageAnalyzer): pods whose proxy image is not
 * the one the injector now injects (IST0158), per namespace.
 */
import {describe, expect, it} from 'vitest';
import {istioctlLines} from '../support/istioctl';

const ANALYZER = 'injection.ImageAnalyzer';

const injector = (global: string, name = 'istio-sidecar-injector') => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: istio-system}
data:
  values: '{"global": ${global}}'
---
`;
const current = injector('{"hub": "docker.io/istio", "tag": "1.30.3", "proxy": {"image": "proxyv2"}}');
const namespace = (labels: string, name = 'shop') => `apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${labels}}
---
`;
const pod = (name: string, image: string, extra = '', containers = 'containers') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
${extra}spec:
  ${containers}:
  - {name: istio-proxy, image: "${image}"}
---
`;
const mismatch = (pods: string) =>
  `Warning [IST0158] (Namespace shop in.yaml:7) The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: ${pods}). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.`;

describe('proxy images against the injector of the namespace', () => {
  const shop = namespace('{istio-injection: enabled}');

  it('lists the mismatched pods of a namespace, sorted, in one message on the Namespace', () => {
    const text = current + shop + pod('web-b', 'docker.io/istio/proxyv2:1.29.0') + pod('web-a', 'docker.io/istio/proxyv2:1.28.1') +
      pod('web-c', 'docker.io/istio/proxyv2:1.30.3');
    expect(istioctlLines(text, ANALYZER)).toEqual([mismatch('[web-a web-b]')]);
  });

  it('compares native sidecars (init containers) too', () => {
    expect(istioctlLines(current + shop + pod('web', 'docker.io/istio/proxyv2:1.29.0', '', 'initContainers'), ANALYZER)).toEqual([mismatch('[web]')]);
  });

  it('takes a proxy image holding a "/" as the whole reference, otherwise hub/image:tag', () => {
    const absolute = injector('{"hub": "ignored", "tag": "ignored", "proxy": {"image": "registry.example/mesh/proxy:7"}}');
    expect(istioctlLines(absolute + shop + pod('web', 'registry.example/mesh/proxy:7'), ANALYZER)).toEqual([]);
    expect(istioctlLines(absolute + shop + pod('web', 'ignored/registry.example/mesh/proxy:7:ignored'), ANALYZER)).toEqual([mismatch('[web]')]);
  });

  it('skips pods that choose their own proxy image, and revisions with no injector', () => {
    expect(istioctlLines(current + shop + pod('web', 'mine:1', '  annotations: {sidecar.istio.io/proxyImage: "mine:1"}\n'), ANALYZER)).toEqual([]);
    expect(istioctlLines(current + namespace('{istio.io/rev: canary}') + pod('web', 'old:1'), ANALYZER)).toEqual([]);
    expect(istioctlLines(shop + pod('web', 'old:1'), ANALYZER)).toEqual([]);
  });

  it('uses the injector of the namespace revision', () => {
    const canary = injector('{"hub": "docker.io/istio", "tag": "1.31.0", "proxy": {"image": "proxyv2"}}', 'istio-sidecar-injector-canary');
    const text = current + canary + namespace('{istio.io/rev: canary}');
    expect(istioctlLines(text + pod('web', 'docker.io/istio/proxyv2:1.31.0'), ANALYZER)).toEqual([]);
    expect(istioctlLines(text + pod('web', 'docker.io/istio/proxyv2:1.30.3'), ANALYZER)).toEqual([mismatch('[web]').replace('in.yaml:7', 'in.yaml:13')]);
  });
});

describe('the image variant (distroless) a pod may run', () => {
  const shop = namespace('{istio-injection: enabled}');
  const distroless = pod('web', 'docker.io/istio/proxyv2:1.30.3-distroless');
  const proxyConfig = (namespaceName: string, spec: string) => `apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: variant, namespace: ${namespaceName}}
spec: ${spec}
---
`;

  it('is a mismatch unless the mesh, a ProxyConfig or the pod picks that variant', () => {
    expect(istioctlLines(current + shop + distroless, ANALYZER)).toEqual([mismatch('[web]')]);
    expect(istioctlLines(current + shop + distroless, ANALYZER, {meshConfig: {name: 'mesh.yaml', text: 'defaultConfig:\n  image:\n    imageType: distroless\n'}})).toEqual([]);
    expect(istioctlLines(current + shop + proxyConfig('istio-system', '{image: {imageType: distroless}}') + distroless, ANALYZER)).toEqual([]);
    expect(istioctlLines(current + shop + proxyConfig('shop', '{image: {imageType: distroless}}') + distroless, ANALYZER)).toEqual([]);
    expect(istioctlLines(current + shop + pod('web', 'docker.io/istio/proxyv2:1.30.3-distroless', '  annotations:\n    proxy.istio.io/config: "image: {imageType: distroless}"\n'), ANALYZER)).toEqual([]);
  });

  it('reads the mesh config and the annotation by proto names too (image_type)', () => {
    expect(istioctlLines(current + shop + distroless, ANALYZER, {meshConfig: {name: 'mesh.yaml', text: 'defaultConfig:\n  image:\n    image_type: distroless\n'}})).toEqual([]);
    expect(istioctlLines(current + shop + pod('web', 'docker.io/istio/proxyv2:1.30.3-distroless', '  annotations:\n    proxy.istio.io/config: "image: {image_type: distroless}"\n'), ANALYZER)).toEqual([]);
  });

  it('applies a ProxyConfig with a selector to the pods it selects only', () => {
    const selecting = (app: string) => proxyConfig('shop', `{selector: {matchLabels: {app: ${app}}}, image: {imageType: distroless}}`);
    const labeled = pod('web', 'docker.io/istio/proxyv2:1.30.3-distroless', '  labels: {app: web}\n');
    expect(istioctlLines(current + shop + selecting('web') + labeled, ANALYZER)).toEqual([]);
    expect(istioctlLines(current + shop + selecting('api') + labeled, ANALYZER)).toEqual([mismatch('[web]')]);
  });

  it("applies, as istioctl's prefix test of `namespace/name` does, a selecting ProxyConfig of a namespace whose name starts with the pod's", () => {
    const labeled = pod('web', 'docker.io/istio/proxyv2:1.30.3-distroless', '  labels: {app: web}\n');
    const elsewhere = (ns: string) => proxyConfig(ns, '{selector: {matchLabels: {app: web}}, image: {imageType: distroless}}');
    expect(istioctlLines(current + shop + elsewhere('shop-staging') + labeled, ANALYZER)).toEqual([]);
    expect(istioctlLines(current + shop + elsewhere('sho') + labeled, ANALYZER)).toEqual([mismatch('[web]')]);
  });

  it('takes "default" as no variant, the pod annotation winning over the mesh', () => {
    const annotated = pod('web', 'docker.io/istio/proxyv2:1.30.3-distroless', '  annotations:\n    proxy.istio.io/config: "image: {imageType: default}"\n');
    expect(istioctlLines(current + shop + annotated, ANALYZER, {meshConfig: {name: 'mesh.yaml', text: 'defaultConfig:\n  image:\n    imageType: distroless\n'}})).toEqual([mismatch('[web]')]);
  });
});
