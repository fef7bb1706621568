/** What the injection analyzers read from the sidecar injector's ConfigMap and from pods (util/config.go, util/constants.go). */
import {asArray, asObject, stringOr} from '../../../istio/access';
import type {AnalysisResource} from '../../../model/resource';

/** util.InjectionConfigMap: the injector's ConfigMap of the default revision. */
export const INJECTOR_CONFIG_MAP = 'istio-sidecar-injector';
export const INJECTION_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';
export const PROXY_CONTAINER = 'istio-proxy';

/** util.GetInjectorConfigMapName: `istio-sidecar-injector`, suffixed by a revision other than "" and "default". */
export function injectorConfigMapName(revision: string | undefined): string {
  return revision === undefined || revision === '' || revision === 'default' ? INJECTOR_CONFIG_MAP : `${INJECTOR_CONFIG_MAP}-${revision}`;
}

/** The ConfigMap's `values` key parsed as JSON (json.Unmarshal): undefined when it is not JSON. */
export function injectorValues(configMap: AnalysisResource): unknown {
  const values = asObject(configMap.value.data)?.values;
  if (typeof values !== 'string') return undefined;
  try {
    return JSON.parse(values) as unknown;
  } catch {
    return undefined;
  }
}

/** The pod spec of a Pod (its spec) or of a Deployment (spec.template.spec), with its JSON pointer. */
export function podSpecOf(resource: AnalysisResource): {spec: Record<string, unknown>; path: string} {
  if (resource.kind === 'Pod') return {spec: asObject(resource.value.spec) ?? {}, path: '/spec'};
  return {spec: asObject(asObject(asObject(resource.value.spec)?.template)?.spec) ?? {}, path: '/spec/template/spec'};
}

/** Containers then init containers, as the analyzers append them. */
export function allContainers(spec: Record<string, unknown>): Record<string, unknown>[] {
  return [...asArray(spec.containers), ...asArray(spec.initContainers)].map((c) => asObject(c) ?? {});
}

/** The image of the first container named istio-proxy ("" when there is none). */
export function proxyImageOf(spec: Record<string, unknown>): string {
  const proxy = allContainers(spec).find((c) => c.name === PROXY_CONTAINER);
  return proxy ? stringOr(proxy.image) : '';
}
