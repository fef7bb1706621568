/**
 * A proxy's ProxyConfig as the sidecar injector composes it for a pod (pilot/pkg/model/proxy_config.go
 * EffectiveProxyConfig, istio 1.30.3), read for one `proxyMetadata` key, the environment the injection template gives the
 * istio-proxy container. Highest first: the oldest ProxyConfig of the pod's namespace whose selector the pod's labels
 * include, its `environmentVariables`; the pod's `proxy.istio.io/config` annotation; the oldest ProxyConfig of the pod's
 * namespace without selector (unless it is the root namespace); the root namespace's; the mesh config's
 * `defaultConfig.proxyMetadata`. Metadata maps merge key by key (mesh.go MergeProxyConfig mergeMap), so each key is the
 * first level's that writes it.
 */
import {asObject, asString, type Obj} from '../engine/istio/access';
import {parseYaml} from '../engine/yaml/index';
import {labMeshConfig, rootNamespaceOf} from './egress/mesh-config';
import {labelsInclude, locate, stringLabels, type Located, type World, type WorldResource} from './world';

export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';
/** The annotation is parsed only up to this size: a proxy config is a few lines. */
const MAX_PROXY_CONFIG_BYTES = 16 * 1024;

/** A pod template's proxy.istio.io/config annotation as a mapping; undefined when absent, too long or not a mapping. */
export function annotatedProxyConfig(template: Obj | undefined): Obj | undefined {
  const annotation = stringLabels(asObject(template?.metadata)?.annotations)[PROXY_CONFIG_ANNOTATION];
  if (annotation === undefined || annotation.length > MAX_PROXY_CONFIG_BYTES) return undefined;
  return asObject(parseYaml(annotation).documents[0]?.value);
}

export interface MetadataValue {
  value: string;
  /** The level that wrote it, in words. */
  from: string;
  at?: Located;
}

/** The value a pod's proxy gets for `key` of proxyMetadata, and which level wrote it; undefined when none does. */
export function proxyMetadataValue(world: World, pod: {namespace: string; labels: Record<string, string>; template?: Obj}, key: string): MetadataValue | undefined {
  const configs = world.ofKind('networking.istio.io', 'ProxyConfig');
  const root = rootNamespaceOf(world);
  const selectorOf = (c: WorldResource) => stringLabels(asObject(c.spec.selector)?.matchLabels);
  const selecting = configs.find((c) => c.namespace === pod.namespace && Object.keys(selectorOf(c)).length > 0 && labelsInclude(pod.labels, selectorOf(c)));
  // mergedNamespaceConfig: the first without a selector (a selector with no labels selects nothing, and is no namespace-wide config either).
  const namespaceWide = (namespace: string) => configs.find((c) => c.namespace === namespace && asObject(c.spec.selector) === undefined);
  const fromConfig = (c: WorldResource | undefined): MetadataValue | undefined => {
    const value = c && asString(asObject(c.spec.environmentVariables)?.[key]);
    return value === undefined ? undefined : {value, from: `ProxyConfig ${c!.namespace}/${c!.name}'s environmentVariables`, at: locate(c!, 'spec', 'environmentVariables', key)};
  };
  const annotated = asString(asObject(annotatedProxyConfig(pod.template)?.proxyMetadata)?.[key]);
  const mesh = labMeshConfig(world);
  const meshValue = asString(asObject(asObject(mesh.config.defaultConfig)?.proxyMetadata)?.[key]);
  return fromConfig(selecting)
    ?? (annotated === undefined ? undefined : {value: annotated, from: `the pod's ${PROXY_CONFIG_ANNOTATION} annotation`})
    ?? (pod.namespace === root ? undefined : fromConfig(namespaceWide(pod.namespace)))
    ?? fromConfig(namespaceWide(root))
    ?? (meshValue === undefined ? undefined : {value: meshValue, from: `the mesh config's defaultConfig.proxyMetadata${mesh.from ? ` (ConfigMap ${mesh.from.namespace}/${mesh.from.name})` : ''}`, at: mesh.from?.at});
}
