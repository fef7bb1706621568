/**
 * Mirroring: which share of a route's requests is copied, to which pods, and what becomes of
 * the copies. VirtualService `mirror` with `mirrorPercentage` (else the deprecated
 * `mirrorPercent`, else 100%; an explicit 0 mirrors nothing) and each `mirrors[]` entry with
 * its own `percentage` (istio 1.30.3 pilot/pkg/networking/core/route/route.go MirrorPercent,
 * MirrorPercentByPolicy, TranslateRequestMirrorPolicy); Gateway API RequestMirror with
 * `percent` or `fraction` (gatewayapi/filters.ts mirrorOf).
 *
 * Envoy (route.RouteAction.RequestMirrorPolicy): the copy is sent fire-and-forget, its
 * response is discarded, and the primary's answer goes to the client without waiting for it,
 * so a mirror never changes what a user sees. The copy's Host/Authority gets `-shadow`
 * appended. Requests the fault filter aborts never reach the router and are not mirrored.
 * A mirror host without a cluster (no Service, no subset) mirrors nothing; Envoy logs it only.
 */
import {fqdn} from '../engine/model/hosts';
import type {Decision, MirrorPlan} from './decision';

export type {MirrorPlan};
import {clusterName, countPods, destinationRuleFor, endpointsOf, podSample, resolveBackend, resolveSubset} from './destinations';
import {NAMED_PODS_PER_WORKLOAD, type World} from './world';


export function mirroringOf(world: World, decision: Decision): MirrorPlan[] {
  if (decision.outcome !== 'routed' || !decision.mirrors) return [];
  const namespace = decision.route?.virtualService.namespace ?? decision.source.namespace;
  const abortShare = decision.fault?.abort?.share ?? 0;
  const served = new Set(decision.distribution.filter((e) => e.status === 200).flatMap((e) => [e.pod, e.workload].filter((x): x is string => x !== undefined)));
  return decision.mirrors.map((m) => {
    const host = fqdn(m.host, namespace);
    const backend = resolveBackend(world, host);
    const port = backend.ports.length === 1 ? backend.ports[0]! : decision.request.port;
    const percentage = Math.max(0, Math.min(100, m.percentage));
    const base = {host, subset: m.subset, port, cluster: clusterName(host, port, m.subset), percentage, share: (percentage / 100) * (1 - abortShare),
      authority: `${shownHost(decision)}-shadow`, responsesDiscarded: true as const};
    if (backend.kind === 'unknown') return {...base, share: 0, pods: [], podCount: 0, workloads: [], problem: `no Service or ServiceEntry ${host}: nothing is mirrored`, alsoServesUsers: false};
    const rules = destinationRuleFor(world, host, decision.source.namespace, backend.kind === 'service' ? backend.resource!.namespace : undefined);
    const subset = resolveSubset(rules, m.subset);
    if (!subset.defined) return {...base, share: 0, pods: [], podCount: 0, workloads: [], problem: `subset ${m.subset} is not defined: nothing is mirrored`, alsoServesUsers: false};
    const workloads = endpointsOf(world, backend, subset.labels);
    const podCount = countPods(workloads);
    const pods = podSample(workloads, NAMED_PODS_PER_WORKLOAD);
    const alsoServesUsers = workloads.some((w) => served.has(w.workload) || w.named.some((p) => served.has(p)));
    return {...base, share: podCount === 0 ? 0 : base.share, pods, podCount, workloads, problem: podCount === 0 ? 'the mirror selects no pod: copies fail (503 UH), unseen' : undefined, alsoServesUsers};
  });
}

/** The Host the client sent (its header, else the URL's host), without a port. */
function shownHost(decision: Decision): string {
  const header = decision.request.headers.host;
  const fromUrl = /[a-z]+:\/\/([^/?#\s]*)/i.exec(decision.request.url)?.[1] ?? decision.request.host;
  return (header ?? fromUrl).replace(/:\d+$/, '');
}
