/**
 * Locality weighted load balancing from a DestinationRule's `localityLbSetting.distribute` (or the
 * mesh config's), as istiod 1.30.3 writes it into a cluster's endpoints
 * (pilot/pkg/networking/core/loadbalancer/loadbalancer.go ApplyLocalityLoadBalancer,
 * applyLocalityWeights) and Envoy balances over them (locality weighted load balancing: a locality
 * by its weight, then its endpoints evenly):
 * - it applies with or without outlier detection, unless `enabled: false`; the cluster gets
 *   locality_weighted_lb_config (LocalityLBSettings.ApplyToCluster);
 * - the first `distribute` entry whose `from` matches the client's locality (util.LocalityMatch:
 *   `region/zone/subzone`, `*` or a missing part matching anything) decides; none: the endpoints keep
 *   their weights, one per pod;
 * - each `to` locality takes the endpoint groups (one per locality) not taken by an earlier `to`
 *   entry, each getting ceil(its pods × weight / the pods of all the groups it took) (a weight of 0
 *   leaves the group its own weight); a group no `to` entry takes loses its endpoints.
 * Istio reads `to` from a Go map, in no fixed order: where two `to` patterns overlap the simulator
 * takes them in the order written. Pods' localities are resilience/locality.ts workloadLocality's.
 */
import {asArray, asNumber, asObject, asString} from '../engine/istio/access';
import {reachesPods, type Decision, type DestinationDecision, type TraceStep} from './decision';
import {finish} from './outcome';
import {describeLocality, localityPlan, localitySetting, priorityLoads, workloadLocality, type Locality} from './resilience/locality';
import {outlierPolicy} from './resilience/policy';
import {meshOf} from './gatewayapi/mesh';
import {dataplaneOf} from './mtls-dataplane';
import type {World} from './world';

/** util.LocalityMatch over label.SplitLocalityLabel: a rule's missing zone or subzone, or `*`, matches anything. */
export function localityMatch(locality: Locality, rule: string): boolean {
  const [region = '', zone = '', subzone = ''] = rule.split('/');
  return (region === '*' || region === locality.region) && (zone === '*' || zone === '' || zone === locality.zone) && (subzone === '*' || subzone === '' || subzone === locality.subzone);
}

/** The destination's per-workload weights under `distribute`, with what the trace says; undefined when it does not apply. */
function distributeWeights(world: World, decision: Decision, destination: DestinationDecision): {weights: number[]; why: string} | undefined {
  const {setting, from} = localitySetting(world, decision, destination);
  if (!setting || setting.enabled === false) return undefined;
  const distribute = asArray(setting.distribute).map(asObject);
  if (distribute.length === 0) return undefined;
  const source = decision.source;
  const client = workloadLocality(world, source.namespace, source.kind === 'sidecar' ? source.workload : undefined, source.labels);
  const entry = distribute.find((d) => localityMatch(client, asString(d?.from) ?? ''));
  if (!entry) return {weights: destination.workloads.map((w) => w.count), why: `${from}: no localityLbSetting.distribute entry is from the client's locality (${describeLocality(client)}): every pod keeps weight 1`};
  const localities = destination.workloads.map((w) => workloadLocality(world, w.namespace, w.workload, w.labels));
  const groups = [...new Set(localities.map(describeLocality))];
  const groupOf = (key: string) => localities.map((l, i) => ({l, i})).filter(({l}) => describeLocality(l) === key);
  const pods = (key: string) => groupOf(key).reduce((sum, {i}) => sum + destination.workloads[i]!.count, 0);
  const groupWeight = new Map<string, number>();
  const untaken = new Set(groups);
  for (const [pattern, value] of Object.entries(asObject(entry.to) ?? {})) {
    const weight = asNumber(value) ?? 0;
    const taken = [...untaken].filter((key) => localityMatch(groupOf(key)[0]!.l, pattern));
    const total = taken.reduce((sum, key) => sum + pods(key), 0);
    for (const key of taken) {
      untaken.delete(key);
      const scaled = (pods(key) * weight) / total;
      groupWeight.set(key, scaled > 0 ? Math.ceil(scaled) : pods(key));
    }
  }
  const weights = localities.map((l, i) => {
    const key = describeLocality(l);
    return ((groupWeight.get(key) ?? 0) * destination.workloads[i]!.count) / pods(key);
  });
  const said = groups.map((key) => `${key} ${groupWeight.has(key) ? `weight ${groupWeight.get(key)}` : 'no endpoints (no to entry takes it)'}`).join(', ');
  return {weights, why: `${from}: localityLbSetting.distribute from ${asString(entry.from)} (the client is in ${describeLocality(client)}): ${said}`};
}

/**
 * Locality failover's priority levels (resilience/locality.ts localityPlan) with every pod healthy: Envoy gives each level
 * its priority load (priorityLoads: level 0 min(100%, 1.4 × healthy share), so all of it when healthy), its pods evenly.
 * Only where the client's own Envoy balances (a sidecar, a gateway; not a client without a proxy, nor a Linkerd-meshed
 * one) and the cluster has outlier detection, as istiod applies failover only then. Ejections are the timeline's.
 */
function failoverWeights(world: World, decision: Decision, destination: DestinationDecision): {weights: number[]; why: string; by: 'failover'} | undefined {
  const source = decision.source;
  if (source.kind === 'sidecar' && (meshOf(world, source) === 'linkerd' || dataplaneOf(world, source.namespace, source.labels).dataplane !== 'sidecar')) return undefined;
  const {plan} = localityPlan(world, decision, destination, outlierPolicy(world, decision, destination) !== undefined);
  if (!plan) return undefined;
  const keyOf = (w: DestinationDecision['workloads'][number]) => `${w.namespace}/${w.workload}`;
  const pods = plan.levels.map((level) => destination.workloads.filter((w) => plan.priorities.get(keyOf(w)) === level.priority).reduce((sum, w) => sum + w.count, 0));
  const loads = priorityLoads(pods.map((n) => ({healthy: n, total: n})));
  const weights = destination.workloads.map((w) => {
    const level = plan.priorities.get(keyOf(w))!;
    return pods[level]! === 0 ? 0 : (loads[level]! * w.count) / pods[level]!;
  });
  const said = plan.levels.map((level) => `priority ${level.priority} ${level.workloads.join(', ')}: ${Math.round(loads[level.priority]! * 100)}%`).join('; ');
  return {by: 'failover', weights, why: `${plan.from}: locality failover with outlier detection, the client in ${describeLocality(plan.client)}: while every pod is healthy, ${said} (ejections move the load down the levels: the resilience timeline)`};
}

/** The decision with each destination's pods weighted by `distribute` or failover's priorities; the decision itself when neither applies. */
export function withLocalityDistribution(world: World, decision: Decision): Decision {
  if (decision.outcome !== 'routed' || decision.destinations.length === 0) return decision;
  const trace: TraceStep[] = [...decision.trace];
  let changed = false;
  const destinations = decision.destinations.map((destination) => {
    if (!reachesPods(destination) || destination.workloads.length === 0) return destination;
    const distributed = distributeWeights(world, decision, destination);
    const found = distributed ? {...distributed, by: 'distribute' as const} : failoverWeights(world, decision, destination);
    if (!found) return destination;
    changed = true;
    trace.push({message: `${destination.host}${destination.subset ? ` subset ${destination.subset}` : ''}: ${found.why}`, at: destination.destinationRule?.at});
    if (found.weights.every((w) => w === 0)) return {...destination, status: 503, flags: 'UH' as const, problem: `localityLbSetting.distribute leaves ${destination.host} no endpoints`, workloadWeights: found.weights};
    return {...destination, workloadWeights: found.weights, workloadWeightsBy: found.by};
  });
  return changed ? finish({...decision, destinations}, trace) : decision;
}
