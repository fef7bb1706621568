/** virtualservice/jwtclaimroute.go (JWTClaimRouteAnalyzer): IST0149. */
import {CODES} from '../codes';
import {joinPointer as at} from '../pointer';
import {asArray, asObject} from '../istio/access';
import {stringLabels} from '../model/cluster';
import type {AnalysisContext} from './context';
import {ROOT_NAMESPACE, type AnalysisResource} from '../model/resource';
import {gatewayKey} from './virtualServices';

const JWT_CLAIM_PREFIX = '@request.auth.claims';

/**
 * A VirtualService that matches a header `@request.auth.claims…` (or withoutHeaders) and is bound to
 * Gateways: each pod a Gateway selects needs a RequestAuthentication, in istio-system or the pod's
 * namespace, whose selector (none: every pod) matches it. Only where RequestAuthentications are known.
 */
export function analyzeJwtClaimRoutes(ctx: AnalysisContext, vs: AnalysisResource): void {
  if (!ctx.knows('RequestAuthentication')) return;
  const spec = asObject(vs.value.spec) ?? {};
  const claim = claimKey(spec);
  if (!claim) return;
  const selectors = new Map<string, Array<Record<string, string>>>();
  for (const resource of ctx.resources) {
    if (resource.group !== 'security.istio.io' || resource.kind !== 'RequestAuthentication') continue;
    const selector = stringLabels(asObject(asObject(resource.value.spec)?.selector)?.matchLabels);
    selectors.set(resource.namespace, [...(selectors.get(resource.namespace) ?? []), selector]);
  }
  for (const name of asArray(spec.gateways)) {
    if (typeof name !== 'string' || name === 'mesh') continue;
    const key = gatewayKey(name, vs.namespace);
    const gateway = ctx.cluster.gateways.get(key);
    if (!gateway) continue;
    for (const pod of ctx.cluster.workloadsMatching(stringLabels(asObject(gateway.value.spec)?.selector))) {
      const candidates = [...(selectors.get(ROOT_NAMESPACE) ?? []), ...(pod.namespace === ROOT_NAMESPACE ? [] : selectors.get(pod.namespace) ?? [])];
      if (candidates.some((selector) => Object.entries(selector).every(([k, v]) => pod.labels[k] === v))) continue;
      ctx.report(vs, {path: claim.path, at: 'key', severity: 'error', code: CODES.jwtClaimBasedRoutingWithoutRequestAuthN,
        message: `The virtual service uses the JWT claim based routing (key: ${claim.key}) but found no request authentication for the gateway (${key}) pod (${pod.name}). ` +
          'The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.'});
    }
  }
}

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

