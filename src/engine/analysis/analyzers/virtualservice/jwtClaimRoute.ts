/** virtualservice/jwtclaimroute.go (JWTClaimRouteAnalyzer): IST0149. */
import {asArray, asObject} from '../../../istio/access';
import {stringLabels} from '../../../model/cluster';
import {meshRootNamespace} from '../../../model/resource';
import {joinPointer as at} from '../../../pointer';
import type {Analyzer} from '../../analyzer';
import {pushTo} from '../../related';
import {KINDS} from '../kinds';
import {gatewayKey} from './util';

const JWT_CLAIM_PREFIX = '@request.auth.claims';

/**
 * A VirtualService that matches a header `@request.auth.claims…` (or withoutHeaders) and is bound to
 * Gateways: each pod a Gateway selects needs a RequestAuthentication, in the root namespace or the
 * pod's namespace, whose selector (none: every pod) matches it. Only where RequestAuthentications are known.
 */
export const jwtClaimRouteAnalyzer: Analyzer = {
  name: 'virtualservice.JWTClaimRouteAnalyzer',
  inputs: [KINDS.RequestAuthentication, KINDS.Gateway, KINDS.Pod, KINDS.VirtualService],
  analyze(ctx) {
    if (!ctx.knows('RequestAuthentication')) return;
    const rootNamespace = meshRootNamespace(ctx.meshConfig);
    let selectors: Map<string, Array<Record<string, string>>> | undefined;
    for (const vs of ctx.resources('networking.istio.io', 'VirtualService')) {
      const spec = asObject(vs.value.spec) ?? {};
      const claim = claimKey(spec);
      if (!claim) continue;
      if (!selectors) {
        selectors = new Map();
        for (const ra of ctx.resources('security.istio.io', 'RequestAuthentication')) {
          pushTo(selectors, ra.namespace, stringLabels(asObject(asObject(ra.value.spec)?.selector)?.matchLabels));
        }
      }
      for (const name of asArray(spec.gateways)) {
        if (typeof name !== 'string' || name === 'mesh') continue;
        const key = gatewayKey(name, vs.namespace);
        const gateway = ctx.cluster.gateways.get(key);
        if (!gateway) continue;
        for (const pod of ctx.cluster.workloadsMatching(stringLabels(asObject(gateway.value.spec)?.selector))) {
          const candidates = [...(selectors.get(rootNamespace) ?? []), ...(pod.namespace === rootNamespace ? [] : selectors.get(pod.namespace) ?? [])];
          if (candidates.some((selector) => Object.entries(selector).every(([k, v]) => pod.labels[k] === v))) continue;
          ctx.report(vs, 'JwtClaimBasedRoutingWithoutRequestAuthN', [claim.key, key, pod.name], {path: claim.path, at: 'key', lineAt: null});
        }
      }
    }
  },
};

function claimKey(spec: Record<string, unknown>): {key: string; path: string} | undefined {
  const http = asArray(spec.http);
  for (let i = 0; i < http.length; i++) {
    const matches = asArray(asObject(http[i])?.match);
    for (let j = 0; j < matches.length; j++) {
      for (const field of ['headers', 'withoutHeaders']) {
        for (const key of Object.keys(asObject(asObject(matches[j])?.[field]) ?? {})) {
          if (key.startsWith(JWT_CLAIM_PREFIX)) return {key, path: at('/spec/http', i, 'match', j, field, key)};
        }
      }
    }
  }
  return undefined;
}
