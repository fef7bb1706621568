/** injection/injection.go (Analyzer): IST0102, IST0103, IST0123, IST0148. */
import {asObject} from '../../../istio/access';
import {stringLabels} from '../../../model/cluster';
import type {AnalysisResource} from '../../../model/resource';
import {ISTIO_NAMESPACE, SYSTEM_NAMESPACES} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';
import {INJECTION_LABEL, REVISION_LABEL, injectorConfigMapName, injectorValues, podSpecOf, proxyImageOf} from './injectorConfig';

/**
 * For each Namespace (not a system one). IST0123: more than one of istio-injection, istio.io/rev,
 * istio.io/dataplane-mode (the last two count only when istio-injection is absent or "enabled").
 * Ambient namespaces stop there. Neither a non-empty istio-injection nor an istio.io/rev label:
 * IST0148 when the revision's injector ConfigMap has sidecarInjectorWebhook.enableNamespacesByDefault,
 * else IST0102. IST0103: a Pod of a namespace labeled istio-injection=enabled with no istio-proxy
 * image, unless injection is turned off on it (the label over the annotation) or it uses the host network.
 */
export const injectionAnalyzer: Analyzer = {
  name: 'injection.Analyzer',
  inputs: [KINDS.Namespace, KINDS.Pod, KINDS.ConfigMap, KINDS.MeshConfig],
  reports: [KINDS.Namespace, KINDS.Pod],
  analyze(ctx) {
    // The first ConfigMap of each name (any namespace, as Go looks them up), indexed once rather than searched per namespace.
    const configMaps = new Map<string, AnalysisResource>();
    for (const cm of ctx.resources('', 'ConfigMap')) if (!configMaps.has(cm.name)) configMaps.set(cm.name, cm);
    // Go keeps the flag across namespaces: a namespace whose revision has no ConfigMap sees the last one found.
    let enableNamespacesByDefault = false;
    const injectedNamespaces = new Set<string>();
    for (const namespace of ctx.resources('', 'Namespace')) {
      if (SYSTEM_NAMESPACES.has(namespace.name) || namespace.name === ISTIO_NAMESPACE) continue;
      const labels = stringLabels(asObject(namespace.value.metadata)?.labels);
      const injection = labels[INJECTION_LABEL];
      const present = injection === undefined ? [] : [`istio-injection=${injection}`];
      for (const key of [REVISION_LABEL, 'istio.io/dataplane-mode']) {
        if (labels[key] !== undefined && (injection === undefined || injection === 'enabled')) present.push(`${key}=${labels[key]}`);
      }
      if (present.length > 1) ctx.report(namespace, 'NamespaceMultipleInjectionLabels', [present], {path: '/metadata/labels', at: 'key'});
      if (labels['istio.io/dataplane-mode'] === 'ambient') continue;
      const configMap = configMaps.get(injectorConfigMapName(labels[REVISION_LABEL]));
      if (configMap) enableNamespacesByDefault = enabledByDefault(configMap);
      if ((injection ?? '') === '' && labels[REVISION_LABEL] === undefined) {
        if (enableNamespacesByDefault) ctx.report(namespace, 'NamespaceInjectionEnabledByDefault', []);
        else ctx.report(namespace, 'NamespaceNotInjected', [namespace.name, namespace.name], {path: '/metadata/name'});
        continue;
      }
      if (injection === 'enabled') injectedNamespaces.add(namespace.name);
    }
    // Pods written to be applied get their proxy at admission: only a cluster's pods can miss it.
    if (!ctx.closedWorld) return;
    for (const pod of ctx.resources('', 'Pod')) {
      if (!injectedNamespaces.has(pod.namespace) || injectionDisabled(pod)) continue;
      const {spec} = podSpecOf(pod);
      if (spec.hostNetwork === true) continue;
      if (proxyImageOf(spec) === '') ctx.report(pod, 'PodMissingProxy', [`${pod.namespace}/${pod.name}`]);
    }
  },
};

/** The sidecar.istio.io/inject label (over the annotation of that name) says "false", in any case. */
function injectionDisabled(pod: AnalysisResource): boolean {
  const metadata = asObject(pod.value.metadata);
  const labels = stringLabels(metadata?.labels);
  const annotations = stringLabels(metadata?.annotations);
  const inject = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'] ?? '';
  return inject.toLowerCase() === 'false';
}

/**
 * GetEnableNamespacesByDefaultFromInjectedConfigMap: values.sidecarInjectorWebhook.enableNamespacesByDefault.
 * Go's unchecked type assertions panic when the key is missing or not a boolean; here that reads as false.
 */
function enabledByDefault(configMap: AnalysisResource): boolean {
  return asObject(asObject(injectorValues(configMap))?.sidecarInjectorWebhook)?.enableNamespacesByDefault === true;
}
