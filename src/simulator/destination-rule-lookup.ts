/**
 * Which DestinationRules a client proxy applies to a host (istio.io, "Cross-namespace configuration
 * sharing"): the first of the client namespace, the service namespace and the root namespace that
 * holds a rule for the host exported to the client wins; there, the most specific host (exact
 * before wildcards), all rules of that host (merged, oldest first). Rules with a workloadSelector
 * apply per workload and are left out. Over plain objects, so the terminal's printers use it
 * without the simulator's World (destinations.ts destinationRuleFor wraps it).
 */
import {asObject, asString} from '../engine/istio/access';
import {exportedTo, fqdn, hostSpecificity, hostSubsetOf} from '../engine/model/hosts';

export interface RuleObject {
  namespace: string;
  value: Record<string, unknown>;
}

export function destinationRulesFor<R extends RuleObject>(rules: readonly R[], host: string, clientNamespace: string, serviceNamespace: string | undefined, rootNamespace: string): R[] {
  const lookup = [...new Set([clientNamespace, serviceNamespace, rootNamespace].filter((n): n is string => n !== undefined))];
  for (const namespace of lookup) {
    const candidates = rules
      .filter((dr) => dr.namespace === namespace && exportedTo(dr, clientNamespace) && !asObject(asObject(dr.value.spec)?.workloadSelector))
      .map((dr) => ({dr, pattern: fqdn(asString(asObject(dr.value.spec)?.host) ?? '', dr.namespace)}))
      .filter(({pattern}) => hostSubsetOf(host, pattern));
    if (candidates.length === 0) continue;
    const best = Math.max(...candidates.map((c) => hostSpecificity(c.pattern)));
    return candidates.filter((c) => hostSpecificity(c.pattern) === best).map((c) => c.dr);
  }
  return [];
}
