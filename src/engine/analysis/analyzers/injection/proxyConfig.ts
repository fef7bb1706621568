/** util/proxyconfig.go (EffectiveProxyConfigResolver.ImageType): the proxy image variant a pod gets. */
import {asObject, stringOr} from '../../../istio/access';
import {labelsInclude, stringLabels} from '../../../model/labels';
import {meshRootNamespace, type AnalysisResource} from '../../../model/resource';
import {parseYaml} from '../../../yaml/index';
import type {AnalyzerContext} from '../../analyzer';

const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

const imageTypeOf = (config: unknown): string => stringOr(asObject(asObject(config)?.image)?.imageType);
/** protomarshal.ApplyYAML (the mesh config, the annotation) reads a field by its proto name too. */
const protoImageTypeOf = (config: unknown): string => {
  const image = asObject(asObject(config)?.image);
  return stringOr(image?.imageType ?? image?.image_type);
};

/**
 * The variant (e.g. "distroless") from, later winning: the mesh config's defaultConfig, the root
 * namespace's ProxyConfig, the pod namespace's ProxyConfig without a selector, ProxyConfigs with a
 * selector that the pod's labels include, then the pod's proxy.istio.io/config annotation.
 * "default" means none. As in Go, a selector's ProxyConfig applies when its `namespace/name`
 * merely starts with the pod's namespace.
 */
export function proxyImageTypeResolver(ctx: AnalyzerContext): (pod: AnalysisResource) => string {
  const rootNamespace = meshRootNamespace(ctx.meshConfig);
  const meshVariant = protoImageTypeOf(ctx.meshConfig.defaultConfig);
  let root: Record<string, unknown> | undefined;
  const byNamespace = new Map<string, Record<string, unknown>>();
  const withSelector: Array<{namespace: string; spec: Record<string, unknown>}> = [];
  for (const config of ctx.resources('networking.istio.io', 'ProxyConfig')) {
    const spec = asObject(config.value.spec) ?? {};
    if (config.namespace === rootNamespace) root = spec;
    else if (spec.selector === undefined || spec.selector === null) byNamespace.set(config.namespace, spec);
    else withSelector.push({namespace: config.namespace, spec});
  }
  // A `namespace/name` key starts with the pod's namespace exactly when the namespace does (no "/" in names of namespaces).
  const selectingFor = new Map<string, Array<Record<string, unknown>>>();
  const selecting = (namespace: string) => {
    let specs = selectingFor.get(namespace);
    if (!specs) selectingFor.set(namespace, (specs = withSelector.filter((c) => c.namespace.startsWith(namespace)).map((c) => c.spec)));
    return specs;
  };
  return (pod) => {
    let variant = meshVariant;
    const pick = (config: unknown, read = imageTypeOf) => {
      const type = read(config);
      if (type !== '') variant = type;
    };
    pick(root);
    pick(byNamespace.get(pod.namespace));
    const metadata = asObject(pod.value.metadata);
    const labels = stringLabels(metadata?.labels);
    for (const spec of selecting(pod.namespace)) {
      if (labelsInclude(labels, stringLabels(asObject(spec.selector)?.matchLabels))) pick(spec);
    }
    const annotation = asObject(metadata?.annotations)?.[PROXY_CONFIG_ANNOTATION];
    if (typeof annotation === 'string') pick(annotationConfig(annotation), protoImageTypeOf);
    return variant === 'default' ? '' : variant;
  };
}

/** protomarshal.ApplyYAML of the annotation: nothing when it does not parse. */
function annotationConfig(text: string): unknown {
  const parsed = parseYaml(text);
  const document = parsed.documents[0];
  if (parsed.problems.length > 0 || !document || document.problems.length > 0) return undefined;
  return document.value;
}
