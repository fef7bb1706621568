/**
 * The one reading of a DestinationRule's traffic policy for a cluster's port and subset, as istiod
 * 1.30.3 builds every cluster (cluster_builder.go buildSubsetCluster and applyTrafficPolicy,
 * cluster_waypoint.go's inbound VIP clusters), through pilot/pkg/networking/util/util.go:
 *
 * - GetPortLevelTrafficPolicy: the first `portLevelSettings` entry whose `port.number` is the
 *   Service port replaces the whole policy; a part it leaves out is left unset (defaults), not
 *   taken from the policy's top level.
 * - MergeSubsetTrafficPolicy: the rule's policy for the port, then the subset's for the port over
 *   it, part by part (a part the subset sets replaces the rule's), every part when the subset has
 *   an entry for the port.
 *
 * Shared by the simulator (outlier detection) and the terminal's printers (cluster JSON); each finds
 * the rule and subset and says which parts it translates. `where` names, per part, the policy it was read from.
 */
import {asArray, asNumber, asObject, type Obj} from '../istio/access';

const POLICY_PARTS = ['connectionPool', 'outlierDetection', 'loadBalancer', 'tls'] as const;
export type PolicyPart = (typeof POLICY_PARTS)[number];

export interface PortTrafficPolicy {
  /** The parts that are set. */
  parts: Partial<Record<PolicyPart, unknown>>;
  /** The policy each set part is read from: its `at`, with ` portLevelSettings[I] (port N)` for a port's entry. */
  where: Partial<Record<PolicyPart, string>>;
}

/** GetPortLevelTrafficPolicy: undefined for no policy; `portLevel` when an entry for the port replaced it. */
function forPort(policy: Obj | undefined, port: number, path: string): (PortTrafficPolicy & {portLevel: boolean}) | undefined {
  if (policy === undefined) return undefined;
  const index = asArray(policy.portLevelSettings).findIndex((entry) => asNumber(asObject(asObject(entry)?.port)?.number) === port);
  const source = index >= 0 ? asObject(asArray(policy.portLevelSettings)[index]) ?? {} : policy;
  const at = index >= 0 ? `${path} portLevelSettings[${index}] (port ${port})` : path;
  const set = POLICY_PARTS.filter((part) => source[part] !== undefined && source[part] !== null);
  return {
    parts: Object.fromEntries(set.map((part) => [part, source[part]])),
    where: Object.fromEntries(set.map((part) => [part, at])),
    portLevel: index >= 0,
  };
}

/** A traffic policy and, for `where`, whose it is (`DestinationRule ns/name`, `DestinationRule ns/name subset v1`). */
export interface WrittenPolicy {
  policy: Obj | undefined;
  at: string;
}

/**
 * MergeSubsetTrafficPolicy for a cluster of `port`: the rule's trafficPolicy, and the subset's when the
 * cluster is a subset's (DestinationRules merged for a host may define them in different objects).
 */
export function portTrafficPolicy(rule: WrittenPolicy | undefined, subset: WrittenPolicy | undefined, port: number): PortTrafficPolicy {
  const original = rule && forPort(rule.policy, port, rule.at);
  const own = subset && forPort(subset.policy, port, subset.at);
  if (own === undefined) return {parts: {...original?.parts}, where: {...original?.where}};
  if (original === undefined || own.portLevel) return {parts: own.parts, where: own.where};
  const merged: PortTrafficPolicy = {parts: {}, where: {}};
  for (const part of POLICY_PARTS) {
    const from = own.parts[part] !== undefined ? own : original;
    if (from.parts[part] === undefined) continue;
    merged.parts[part] = from.parts[part];
    merged.where[part] = from.where[part]!;
  }
  return merged;
}
