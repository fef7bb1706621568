/** injection/injection-image.go (ImageAnalyzer): IST0158. */
import {asObject} from '../../../istio/access';
import {stringLabels} from '../../../model/labels';
import type {AnalysisResource} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';
import {INJECTION_LABEL, INJECTOR_CONFIG_MAP, PROXY_CONTAINER, REVISION_LABEL, allContainers, injectorConfigMapName, injectorValues, podSpecOf} from './injectorConfig';
import {proxyImageTypeResolver} from './proxyConfig';

/**
 * The proxy image each injector ConfigMap (any named istio-sidecar-injector*) injects; then, in
 * namespaces labeled istio-injection=enabled (the default injector) or istio.io/rev (that
 * revision's), Pods whose istio-proxy container (or init container) runs another image, or that
 * image with the pod's variant suffix (`-distroless`), are listed in one IST0158 on their
 * Namespace. Pods annotated sidecar.istio.io/proxyImage are skipped, as are namespaces whose
 * revision has no ConfigMap.
 */
export const imageAnalyzer: Analyzer = {
  name: 'injection.ImageAnalyzer',
  inputs: [KINDS.Namespace, KINDS.Pod, KINDS.ConfigMap, KINDS.MeshConfig, KINDS.ProxyConfig],
  reports: [KINDS.Namespace],
  analyze(ctx) {
    const proxyImages = new Map<string, string>();
    for (const configMap of ctx.resources('', 'ConfigMap')) {
      if (configMap.name.startsWith(INJECTOR_CONFIG_MAP)) proxyImages.set(configMap.name, injectedProxyImage(configMap));
    }
    if (proxyImages.size === 0) return;

    const injectorOf = new Map<string, string>();
    const namespaces = new Map<string, AnalysisResource>();
    for (const namespace of ctx.resources('', 'Namespace')) {
      namespaces.set(namespace.name, namespace);
      const labels = stringLabels(asObject(namespace.value.metadata)?.labels);
      const revision = labels[REVISION_LABEL];
      if (revision !== undefined) injectorOf.set(namespace.name, injectorConfigMapName(revision));
      else if (labels[INJECTION_LABEL] === 'enabled') injectorOf.set(namespace.name, injectorConfigMapName('default'));
    }

    const imageType = proxyImageTypeResolver(ctx);
    const mismatched = new Map<string, string[]>();
    for (const pod of ctx.resources('', 'Pod')) {
      const injector = injectorOf.get(pod.namespace);
      if (injector === undefined) continue;
      if ((stringLabels(asObject(pod.value.metadata)?.annotations)['sidecar.istio.io/proxyImage'] ?? '') !== '') continue;
      const proxyImage = proxyImages.get(injector);
      if (proxyImage === undefined) continue;
      const variant = imageType(pod);
      for (const container of allContainers(podSpecOf(pod).spec)) {
        if (container.name !== PROXY_CONTAINER) continue;
        const image = typeof container.image === 'string' ? container.image : '';
        if (image !== proxyImage && image !== `${proxyImage}-${variant}`) {
          const pods = mismatched.get(pod.namespace);
          if (pods) pods.push(pod.name);
          else mismatched.set(pod.namespace, [pod.name]);
        }
      }
    }
    for (const [namespace, pods] of mismatched) {
      ctx.report(namespaces.get(namespace)!, 'PodsIstioProxyImageMismatchInNamespace', [[...pods].sort()]);
    }
  },
};

/**
 * GetIstioProxyImage: values.global.proxy.image when it holds a "/" (a full reference, as the
 * injector template tests), else `hub/image:tag`; "" when the values are not JSON of that shape.
 */
export function injectedProxyImage(configMap: AnalysisResource): string {
  const values = injectorValues(configMap);
  if (values === undefined || (values !== null && !isObjectOrNull(values))) return '';
  const global = asObject(values)?.global;
  if (!isObjectOrNull(global)) return '';
  const {hub, tag, proxy} = asObject(global) ?? {};
  if (!isStringOrNull(hub) || !isStringOrNull(tag) || !isObjectOrNull(proxy)) return '';
  const image = asObject(proxy)?.image;
  if (!isStringOrNull(image)) return '';
  const name = image ?? '';
  return name.includes('/') ? name : `${hub ?? ''}/${name}:${tag ?? ''}`;
}

/** json.Unmarshal into a struct field: absent or null leaves it empty; another JSON type is an error. */
const isObjectOrNull = (value: unknown) => value === undefined || value === null || asObject(value) !== undefined;
const isStringOrNull = (value: unknown): value is string | null | undefined => value === undefined || value === null || typeof value === 'string';
