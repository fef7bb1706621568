/** injection/injection.go (Analyzer): IST0102, IST0123. */
import {asObject} from '../../../istio/access';
import {stringLabels} from '../../../model/cluster';
import {ROOT_NAMESPACE, SYSTEM_NAMESPACES} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

/**
 * For each Namespace (not a system one). IST0123: more than one of istio-injection, istio.io/rev,
 * istio.io/dataplane-mode (the last two count only when istio-injection is absent or "enabled").
 * IST0102: neither a non-empty istio-injection nor an istio.io/rev label, unless the namespace is ambient.
 */
export const injectionAnalyzer: Analyzer = {
  name: 'injection.Analyzer',
  inputs: [KINDS.Namespace, KINDS.Pod, KINDS.ConfigMap, KINDS.MeshConfig],
  analyze(ctx) {
    for (const namespace of ctx.resources('', 'Namespace')) {
      if (SYSTEM_NAMESPACES.has(namespace.name) || namespace.name === ROOT_NAMESPACE) continue;
      const labels = stringLabels(asObject(namespace.value.metadata)?.labels);
      const injection = labels['istio-injection'];
      const present = injection === undefined ? [] : [`istio-injection=${injection}`];
      for (const key of ['istio.io/rev', 'istio.io/dataplane-mode']) {
        if (labels[key] !== undefined && (injection === undefined || injection === 'enabled')) present.push(`${key}=${labels[key]}`);
      }
      if (present.length > 1) ctx.report(namespace, 'NamespaceMultipleInjectionLabels', [present], {path: '/metadata/labels', at: 'key'});
      if (labels['istio.io/dataplane-mode'] === 'ambient' || (injection ?? '') !== '' || labels['istio.io/rev'] !== undefined) continue;
      ctx.report(namespace, 'NamespaceNotInjected', [namespace.name, namespace.name], {path: '/metadata/name'});
    }
  },
};
