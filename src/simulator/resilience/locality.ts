/**
 * Istio's locality failover, as istiod writes it into a cluster's endpoints and Envoy balances
 * over them:
 *
 * - A pod's locality (kube controller.go getPodLocality): its `istio-locality` label
 *   (`region.zone.subzone`, dots read as slashes: SanitizeLocalityLabel), else its node's
 *   `topology.kubernetes.io/region`, `/zone` and `topology.istio.io/subzone` labels. A lab has no
 *   nodes: the pod template's `nodeSelector` on those labels names the node's.
 * - Failover applies only with outlier detection (cluster_traffic_policy.go
 *   applyLocalityLoadBalancer: "Failover should only be applied with outlier detection"), with the
 *   DestinationRule's `loadBalancer.localityLbSetting`, else the mesh config's (enabled by
 *   default: pkg/config/mesh DefaultMeshConfig); `enabled: false` turns it off.
 * - Priorities (loadbalancer.go applyLocalityFailover, util.go LbPriority): 0 for the client's
 *   region, zone and subzone, 1 for its region and zone, 2 for its region, 3 elsewhere; with a
 *   `failover` entry `from` the client's region, 3 only for its `to` region and 4 for the rest;
 *   the priorities used are then renumbered 0, 1, 2...
 * - Envoy's priority load (Envoy docs, "Priority levels"): a level's health is
 *   min(100%, 1.4 × healthy / hosts), the overprovisioning factor 140; level 0 takes its health,
 *   each next level the rest up to its own health; when the healths sum under 100% the loads are
 *   scaled to it. Istio disables the panic threshold.
 * - `failoverPriority` ranks by labels instead (applyFailoverPriorities, applyFailoverPriorityPerLocality):
 *   the pod's labels and its locality's topology labels against the client's, the ranks renumbered
 *   0, 1, 2...; with `failover` too, applyLocalityFailover then ranks within each: label rank × 5 +
 *   the locality priority above (0 to 4), renumbered again (ApplyLocalityLoadBalancer).
 * - `distribute` replaces failover (ApplyLocalityLoadBalancer applies one or the other): each
 *   locality weighted as locality-distribute.ts computes, and Envoy's locality weighted balancing
 *   picks a locality by weight × min(100%, 1.4 × its healthy share), then a host in it
 *   (localityWeights below).
 */
import {asArray, asObject, asString, type Obj} from '../../engine/istio/access';
import type {Decision, DestinationDecision} from '../decision';
import {destinationTrafficPolicy} from './policy';
import {labMeshConfig} from '../egress/mesh-config';
import {findWorkload, podTemplateOf} from '../linkerd/workloads';
import {stringLabels, type World} from '../world';

export const OVERPROVISIONING_FACTOR = 1.4;

export interface Locality {
  region: string;
  zone: string;
  subzone: string;
}

export interface LocalityPlan {
  client: Locality;
  /** Priority per destination workload (`namespace/name`). */
  priorities: Map<string, number>;
  from: string;
  /** Each level's workloads and locality, for the timeline's notes. */
  levels: Array<{priority: number; workloads: string[]}>;
}

export function workloadLocality(world: World, namespace: string, workload: string | undefined, labels: Record<string, string>): Locality {
  const label = labels['istio-locality'];
  if (label) {
    const [region = '', zone = '', subzone = ''] = label.replace(/\./g, '/').split('/');
    return {region, zone, subzone};
  }
  const resource = workload === undefined ? undefined : findWorkload(world, namespace, workload);
  const template = resource ? podTemplateOf(resource) : undefined;
  const selector = stringLabels(asObject(asObject(template?.spec)?.nodeSelector));
  return {
    region: selector['topology.kubernetes.io/region'] ?? selector['failure-domain.beta.kubernetes.io/region'] ?? '',
    zone: selector['topology.kubernetes.io/zone'] ?? selector['failure-domain.beta.kubernetes.io/zone'] ?? '',
    subzone: selector['topology.istio.io/subzone'] ?? '',
  };
}

export function describeLocality(l: Locality): string {
  return l.region || l.zone || l.subzone ? `${l.region}/${l.zone}/${l.subzone}` : 'no locality';
}

function lbPriority(client: Locality, endpoint: Locality): number {
  if (client.region !== endpoint.region) return 3;
  if (client.zone !== endpoint.zone) return 2;
  return client.subzone === endpoint.subzone ? 0 : 1;
}

/** A proxy's or endpoint's labels as istiod compares them: its own, with its locality's topology labels (AugmentLabels). */
function topologyLabels(labels: Record<string, string>, locality: Locality): Record<string, string> {
  const out = {...labels};
  if (locality.region) out['topology.kubernetes.io/region'] = locality.region;
  if (locality.zone) out['topology.kubernetes.io/zone'] = locality.zone;
  if (locality.subzone) out['topology.istio.io/subzone'] = locality.subzone;
  return out;
}

/**
 * applyFailoverPriorityPerLocality: with N labels (`label` or `label=value`, the value replacing the
 * client's), an endpoint whose first differing label is the j-th gets priority N - j, one matching
 * them all 0; a client without labels leaves every endpoint at 0 (applyFailoverPriorities).
 */
function labelPriority(priorities: readonly string[], client: Record<string, string>, endpoint: Record<string, string>): number {
  if (Object.keys(client).length === 0) return 0;
  const network = priorities[0] === 'topology.istio.io/network';
  let adjust = 0;
  for (const [j, written] of priorities.entries()) {
    const eq = written.indexOf('=');
    const key = eq < 0 ? written : written.slice(0, eq);
    // Go's maps read a missing label as "".
    const wanted = eq < 0 ? client[key] ?? '' : written.slice(eq + 1);
    if (wanted === (endpoint[key] ?? '')) continue;
    // The network label, first, is ignored when it differs: the rest still ranks, below every same-network endpoint.
    if (j === 0 && network) {
      adjust = priorities.length;
      continue;
    }
    return priorities.length - j + adjust;
  }
  return adjust;
}

/**
 * The locality setting that applies to a destination: the one in its cluster's loadBalancer (chosen for the
 * port and subset as istiod merges them: policy.ts), else the mesh config's (loadbalancer.go GetLocalityLbSetting).
 */
export function localitySetting(world: World, decision: Decision, destination: DestinationDecision): {setting?: Obj; from: string} {
  const chosen = destinationTrafficPolicy(world, destination, decision.source.namespace);
  const written = asObject(asObject(chosen.parts.loadBalancer)?.localityLbSetting);
  if (written) return {setting: written, from: chosen.where.loadBalancer!};
  const mesh = asObject(labMeshConfig(world).config.localityLbSetting);
  return {setting: mesh, from: 'the mesh config (localityLbSetting enabled by default)'};
}

/** The destination's priority levels for this client, or why failover does not apply (undefined plan). */
export function localityPlan(world: World, decision: Decision, destination: DestinationDecision, outlierDetection: boolean): {plan?: LocalityPlan; note?: string} {
  if (!outlierDetection) return {};
  const {setting, from} = localitySetting(world, decision, destination);
  if (!setting || asObject(setting)?.enabled === false) return {};
  // distribute and failover exclude each other: the distribution weighs localities instead (localityWeights).
  if (asArray(setting.distribute).length > 0) return {};
  const source = decision.source;
  const client = workloadLocality(world, source.namespace, source.kind === 'sidecar' ? source.workload : undefined, source.labels);
  const failoverPriority = asArray(setting.failoverPriority).filter((l): l is string => typeof l === 'string');
  const failovers = asArray(setting.failover);
  const failover = failovers.map(asObject).find((f) => asString(f?.from) === client.region);
  const localityPriority = (endpoint: Locality): number => {
    const priority = lbPriority(client, endpoint);
    return priority === 3 && failover && endpoint.region !== asString(failover.to) ? 4 : priority;
  };
  const keyOf = (set: DestinationDecision['workloads'][number]) => `${set.namespace}/${set.workload}`;
  const endpoints = destination.workloads.map((set) => ({key: keyOf(set), set, locality: workloadLocality(world, set.namespace, set.workload, set.labels)}));
  let raw: Map<string, number>;
  if (failoverPriority.length > 0) {
    const byLabels = denseRanks(new Map(endpoints.map((e) => [e.key, labelPriority(failoverPriority, topologyLabels(source.labels, client), topologyLabels(e.set.labels, e.locality))])));
    // With failover written too, the locality priority ranks within each label rank (priority × 5 + 0..4).
    raw = failovers.length > 0 ? new Map(endpoints.map((e) => [e.key, byLabels.get(e.key)! * 5 + localityPriority(e.locality)])) : byLabels;
  } else {
    raw = new Map(endpoints.map((e) => [e.key, localityPriority(e.locality)]));
  }
  const priorities = denseRanks(raw);
  const count = new Set(priorities.values()).size;
  if (count < 2) return {};
  const levels = Array.from({length: count}, (_, i) => ({priority: i, workloads: endpoints.filter((e) => priorities.get(e.key) === i).map((e) => `${e.key} (${describeLocality(e.locality)})`)}));
  return {plan: {client, priorities, from, levels}};
}

/** Priorities renumbered 0, 1, 2... in order, none skipped (applyFailoverPriorities, applyLocalityFailover step 2). */
function denseRanks(raw: ReadonlyMap<string, number>): Map<string, number> {
  const used = [...new Set(raw.values())].sort((a, b) => a - b);
  return new Map([...raw].map(([key, p]) => [key, used.indexOf(p)]));
}

/**
 * Envoy's locality weighted balancing under `distribute`: each locality's weight (the sum of its
 * workloads' `workloadWeights`, locality-distribute.ts) scaled by its availability,
 * min(100%, 1.4 × healthy / hosts); a locality without weight has no endpoints.
 */
export function localityWeights(groups: ReadonlyArray<{weight: number; healthy: number; total: number}>): number[] {
  return groups.map((g) => (g.total === 0 ? 0 : g.weight * Math.min(1, (OVERPROVISIONING_FACTOR * g.healthy) / g.total)));
}

/** Envoy's load per priority level, from each level's healthy and total hosts. */
export function priorityLoads(levels: ReadonlyArray<{healthy: number; total: number}>): number[] {
  const health = levels.map((l) => (l.total === 0 ? 0 : Math.min(1, (OVERPROVISIONING_FACTOR * l.healthy) / l.total)));
  const total = Math.min(1, health.reduce((a, b) => a + b, 0));
  if (total === 0) return levels.map(() => 0);
  const loads: number[] = [];
  let left = 1;
  for (const h of health) {
    const share = Math.min(left, h / total);
    loads.push(share);
    left -= share;
  }
  return loads;
}
