/** STRICT mTLS in a namespace whose pods get no sidecar: nothing there can speak mTLS (no istioctl analyzer says so). */
import {asObject, stringOr} from '../../../istio/access';
import {meshRootNamespace} from '../../../model/resource';
import type {Analyzer} from '../../analyzer';
import {KINDS} from '../kinds';

export const strictMtlsWithoutInjectionAnalyzer: Analyzer = {
  name: 'meshdive.StrictMtlsWithoutInjectionAnalyzer',
  inputs: [KINDS.PeerAuthentication, KINDS.Namespace],
  analyze(ctx) {
    // The root namespace's policy is mesh-wide, not its own namespace's.
    const rootNamespace = meshRootNamespace(ctx.meshConfig);
    for (const pa of ctx.resources('security.istio.io', 'PeerAuthentication')) {
      if (pa.namespace === rootNamespace) continue;
      if (stringOr(asObject(asObject(pa.value.spec)?.mtls)?.mode) !== 'STRICT') continue;
      const labels = ctx.cluster.namespaces.get(pa.namespace);
      if (!labels) continue;
      const injected = labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined || labels['istio.io/dataplane-mode'] === 'ambient';
      if (injected) continue;
      ctx.report(pa, 'StrictMtlsWithoutInjection', [`${pa.namespace}/${pa.name}`, pa.namespace, pa.namespace], {path: '/spec/mtls/mode'});
    }
  },
};
